"""Segments: the units a translator translates, one per run of text of the document tree as the
client reads it (a heading, a paragraph, a list item's paragraph, a table cell, a term, a
figure with its description and caption, a box's title, a footnote's paragraph).

A segment is its run written back as Markdown on one line (`**gras**`, `[lien](url)`,
`[[IND-1]]`, a note's call as `[^2]`), so the translator keeps the formatting where it belongs
in the sentence; the translation is read back with the same parser (inline rules only: a
translated « 1986. » never becomes a list).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from livrables.document.directives import BlockArgs
from livrables.document.nodes import (
    BlockCall,
    Cell,
    Code,
    DefTerm,
    Document,
    Emph,
    Figure,
    HardBreak,
    Image,
    Inline,
    Link,
    Node,
    NoteRef,
    Para,
    SoftBreak,
    Strike,
    Strong,
    Text,
    Title,
    Value,
)
from livrables.document.walk import walk_blocks

# what the inline parser would read as formatting (a `_` inside a word never is)
_ESCAPED = re.compile(r"([\\`*\[\]<~]|(?<!\w)_|_(?!\w))")
_LETTER = re.compile(r"[^\W\d_]")
Holder = Title | Para | Figure | DefTerm | Cell
TITLE = "titre"  # a block's option that is a visible title


@dataclass(frozen=True)
class Segment:
    text: str  # the French, as Markdown on one line
    line: int  # its line in the deliverable's file (0: unknown)


def worded(text: str) -> bool:
    """Whether a text has words to translate (« 2027-2032 », « 12 % » have none)."""
    return _LETTER.search(text) is not None


def holders(tree: Document) -> Iterator[Holder | BlockCall]:
    """The nodes that hold a segment, in reading order (footnotes after the text); a block's
    `titre="…"` option is one too."""
    for node in walk_blocks(tree):
        if (
            isinstance(node, Title | Para | Figure | DefTerm | Cell)
            or isinstance(node, BlockCall)
            and block_title(node)
        ):
            yield node


def block_title(node: BlockCall) -> str:
    return BlockArgs.lenient(node.args).values.get(TITLE, "")


def with_block_title(node: BlockCall, title: str) -> None:
    """The block's options with its title replaced, the others as written."""
    args = BlockArgs.lenient(node.args)
    args.values[TITLE] = title
    words = [args.kind] if args.kind else []
    words += [f"{key}={shlex.quote(value)}" for key, value in args.values.items()]
    node.args = " ".join(words)


def segments(tree: Document) -> list[Segment]:
    """Every segment of a tree worth translating (some letters in it), in reading order."""
    found = []
    for node in holders(tree):
        text = source_of(node)
        if text and _LETTER.search(text):
            found.append(Segment(text, node.line))
    return found


def source_of(node: Holder | BlockCall) -> str:
    if isinstance(node, BlockCall):
        return " ".join(block_title(node).split())
    return to_markdown(node.children).strip()


def to_markdown(inlines: Sequence[Inline]) -> str:
    return "".join(_inline(node) for node in inlines)


def _inline(node: Inline) -> str:
    if isinstance(node, Text):
        return _ESCAPED.sub(r"\\\1", node.text)
    if isinstance(node, SoftBreak):
        return " "
    if isinstance(node, HardBreak):
        return "\\\n"
    if isinstance(node, Code):
        fence = "`"
        while fence in node.text:
            fence += "`"
        pad = " " if node.text.startswith("`") or node.text.endswith("`") else ""
        return f"{fence}{pad}{node.text}{pad}{fence}"
    if isinstance(node, Emph):
        return f"*{to_markdown(node.children)}*"
    if isinstance(node, Strong):
        return f"**{to_markdown(node.children)}**"
    if isinstance(node, Strike):
        return f"~~{to_markdown(node.children)}~~"
    if isinstance(node, Link):
        if node.autolink:
            return f"<{node.href}>"
        return f"[{to_markdown(node.children)}]({_destination(node.href, node.title)})"
    if isinstance(node, Image):
        return f"![{node.source or node.alt}]({_destination(node.src, node.title)})"
    if isinstance(node, NoteRef):
        return f"[^{node.id + 1}]"
    if isinstance(node, Value):
        return node.source
    return ""


def _destination(href: str, title: str) -> str:
    target = f"<{href}>" if re.search(r"[\s()<>]", href) else href
    if title:
        return f'{target} "{title.replace(chr(34), chr(92) + chr(34))}"'
    return target


def from_markdown(text: str, line: int, notes: Sequence[int]) -> list[Inline]:
    """A translated segment read back into a run; `notes`: the footnotes its French cites."""
    from livrables.markdown.parser import parser
    from livrables.markdown.reader import read_inline

    refs = {f":{n + 1}": n for n in notes}
    env: dict[str, Any] = {
        "footnotes": {"refs": refs, "list": {n: {"label": str(n + 1), "count": 0} for n in notes}}
    }
    tokens = parser().parseInline(text.strip(), env)
    return read_inline(tokens[0].children or [] if tokens else [], line)


def notes_cited(inlines: Sequence[Node]) -> list[int]:
    found: list[int] = []
    for node in inlines:
        if isinstance(node, NoteRef):
            found.append(node.id)
        elif isinstance(node, Emph | Strong | Strike | Link):
            found += notes_cited(node.children)
    return found
