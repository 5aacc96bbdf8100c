"""The block and inline rules this tool adds to markdown-it: directives and comments.

`::: name options` … `:::` opens a directive (adapted from mdit-py-plugins' container rule,
MIT). Two things differ, both so that no internal text can leak:
- a `:::` line inside a code fence does not close the directive;
- in a client parse, an `::: interne` directive (and a slide's `::: notes`, unless the deck
  gives them to the client) is skipped whole: nothing it holds (text, a footnote or link
  definition, a heading and its anchor) exists for the parser.
Nesting is explicit: an inner directive needs a shorter fence than its parent (MyST's rule);
`content/grammar.py` reports the other cases.

`<!-- … -->` is a comment for the consultant: never shown, in any format.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

DIRECTIVE = "container_directive"
COMMENT = "livrables_comment"
MIN_MARKERS = 3
_CODE_FENCE = re.compile(r"(`{3,}|~{3,})(.*)$")


def directive_plugin(md: MarkdownIt, hidden: frozenset[str]) -> None:
    """`hidden`: the directives a client parse skips whole (none for internal parses)."""
    md.block.ruler.before(
        "fence",
        "directive",
        lambda state, start, end, silent: _directive(state, start, end, silent, hidden),
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )


def _markers(state: StateBlock, line: int) -> tuple[int, int, int]:
    """(number of `:` at the start of the line, position after them, end of the line)."""
    start = state.bMarks[line] + state.tShift[line]
    maximum = state.eMarks[line]
    pos = start
    while pos < maximum and state.src[pos] == ":":
        pos += 1
    return pos - start, pos, maximum


def _directive(
    state: StateBlock, start_line: int, end_line: int, silent: bool, hidden: frozenset[str]
) -> bool:
    if state.is_code_block(start_line):
        return False
    count, pos, maximum = _markers(state, start_line)
    if count < MIN_MARKERS:
        return False
    params = state.src[pos:maximum]
    if not params.strip():
        return False  # a lone `:::` closes; it opens nothing
    if silent:
        return True
    next_line, closed = _find_close(state, start_line, end_line, count)
    name = params.strip().split(maxsplit=1)[0]
    markup = ":" * count
    meta = {"fence": count, "closed": closed, "end": next_line}
    if name in hidden:
        state.line = next_line + (1 if closed else 0)
        token = state.push(f"{DIRECTIVE}_skipped", "", 0)
        token.map = [start_line, next_line + (1 if closed else 0)]
        token.info, token.markup, token.meta = params, markup, meta
        return True
    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType = "container"
    state.lineMax = next_line  # lazy continuations never go past the closing line
    token = state.push(f"{DIRECTIVE}_open", "div", 1)
    token.markup, token.block, token.info, token.meta = markup, True, params, meta
    token.map = [start_line, next_line]
    state.md.block.tokenize(state, start_line + 1, next_line)
    token = state.push(f"{DIRECTIVE}_close", "div", -1)
    token.markup, token.block = markup if closed else "", True
    state.parentType, state.lineMax = old_parent, old_line_max
    state.line = next_line + (1 if closed else 0)
    return True


def _find_close(state: StateBlock, start_line: int, end_line: int, count: int) -> tuple[int, bool]:
    """The line of the closing fence (at least `count` colons, nothing after), skipping code
    fences; or the end of the parent when there is none."""
    fence: tuple[str, int] | None = None  # the code fence we are in: its character and length
    line = start_line
    while True:
        line += 1
        if line >= end_line:
            return line, False
        start = state.bMarks[line] + state.tShift[line]
        maximum = state.eMarks[line]
        if start < maximum and state.sCount[line] < state.blkIndent:
            return line, False  # a line indented less than the parent ends it
        text = state.src[start:maximum]
        if state.is_code_block(line):
            continue
        code = _CODE_FENCE.match(text)
        if code is not None:
            char, length = code.group(1)[0], len(code.group(1))
            if fence is None and not (char == "`" and "`" in code.group(2)):
                fence = (char, length)
            elif fence is not None and (char, not code.group(2).strip()) == (fence[0], True):
                fence = None if length >= fence[1] else fence
            continue
        if fence is not None:
            continue
        markers, pos, _ = _markers(state, line)
        if markers >= count and not state.src[pos:maximum].strip():
            return line, True


# --- comments -------------------------------------------------------------------------------


def comment_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "html_block",
        "comment_block",
        _comment_block,
        {"alt": ["paragraph", "reference", "blockquote"]},
    )
    md.inline.ruler.before("text", "comment_inline", _comment_inline)


def _comment_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A paragraph-level `<!-- … -->`, over one line or several: dropped. Without `-->`, the
    lines stay text (and `check` says so): nothing disappears silently."""
    if state.is_code_block(start_line):
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("<!--", start):
        return False
    line = start_line
    while line < end_line:
        text = state.src[state.bMarks[line] : state.eMarks[line]]
        if "-->" in (text[start - state.bMarks[line] + 4 :] if line == start_line else text):
            break
        line += 1
    else:
        return False
    after = state.src[state.bMarks[line] : state.eMarks[line]].split("-->", 1)[1]
    if after.strip():
        return False  # text after the comment on its last line: an inline comment
    if silent:
        return True
    token = state.push(COMMENT, "", 0)
    token.map = [start_line, line + 1]
    state.line = line + 1
    return True


def _comment_inline(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("<!--", state.pos):
        return False
    end = state.src.find("-->", state.pos + 4)
    if end < 0:
        return False
    state.pos = end + 3  # nothing pushed: the comment is gone
    return True
