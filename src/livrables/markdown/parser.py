"""The one configured Markdown parser: CommonMark + GFM tables + footnotes + directives.

Raw HTML is switched off, so `<script>` in content is text, shown literally in both outputs.
Directives are markdown-it containers of any name (`::: plan-actions`); `reader.py` turns the
tokens into the document tree, and `document/directives.py` says what each name means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from livrables.caches import PURE, process_cache
from livrables.document.directives import INTERNE, NOTES
from livrables.markdown.rules import comment_plugin, directive_plugin


@dataclass
class Body:
    """A deliverable's parsed Markdown body; `line_offset` maps token lines to file lines."""

    tokens: list[Token]
    line_offset: int
    lines: list[str]
    env: dict[str, Any] = field(default_factory=dict)  # markdown-it's: references, footnotes

    def find(self, token: Token, text: str) -> tuple[int, int]:
        """The file position of `text` inside the lines `token` spans (its first line if
        absent)."""
        first = token.map[0] if token.map else 0
        last = token.map[1] if token.map else first + 1
        for index in range(first, min(last, len(self.lines))):
            col = self.lines[index].find(text) if text else -1
            if col >= 0:
                return index + 1 + self.line_offset, col + 1
        return first + 1 + self.line_offset, 1

    def line_of(self, token: Token) -> int:
        return (token.map[0] if token.map else 0) + 1 + self.line_offset


CLIENT_HIDDEN = frozenset({INTERNE, NOTES})  # what a client never reads, by default


@process_cache(PURE)
def parser(hidden: frozenset[str] = frozenset()) -> MarkdownIt:
    """The parser of internal outputs and checks (everything, `hidden` empty), or of client
    outputs (the directives in `hidden` skipped whole)."""
    options = {"html": False, "linkify": False, "typographer": False, "xhtmlOut": False}
    md = MarkdownIt("commonmark", options)
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(deflist_plugin)
    md.use(directive_plugin, hidden=hidden)
    md.use(comment_plugin)
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=slugify)
    md.inline.ruler.before("link", "indicator_value", _indicator_value)
    # markdown-it refuses `javascript:` links outright, leaving "[texte](javascript:…)" in the
    # text; we parse every link and the reader drops the unsafe ones, keeping their text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


INDICATOR_VALUE = "indicator_value"
_VALUE = re.compile(r"\[\[([A-Za-z][A-Za-z0-9_.-]*)\]\]")


def _indicator_value(state: StateInline, silent: bool) -> bool:
    """`[[IND-EAU]]`: the last measured value of an indicator, written into the text, so a
    figure in a press release is never typed by hand."""
    if not state.src.startswith("[[", state.pos):
        return False
    match = _VALUE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push(INDICATOR_VALUE, "", 0)
        token.content = match.group(0)
        token.meta = {"id": match.group(1)}
    state.pos = match.end()
    return True


def slugify(title: str) -> str:
    """Heading text -> id: "Pourquoi agir ?" -> "pourquoi-agir" (accents kept, valid in HTML5)."""
    words = re.sub(r"[^\w\s-]", "", title.lower()).split()
    return "-".join(words).strip("-_") or "section"


def parse(
    text: str, line_offset: int = 0, client: bool = False, hidden: frozenset[str] = CLIENT_HIDDEN
) -> Body:
    """`client`: the client's text, without the directives in `hidden`."""
    env: dict[str, Any] = {}
    tokens = parser(hidden if client else frozenset()).parse(text, env)
    return Body(tokens, line_offset, text.split("\n"), env)


def directive_name(token: Token) -> str:
    return token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""


def directive_args(token: Token) -> str:
    parts = token.info.strip().split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""
