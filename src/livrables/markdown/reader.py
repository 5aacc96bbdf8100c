"""markdown-it tokens -> the document tree (`document/nodes.py`), positions kept.

The tokens are a flat stream of open/close pairs; the reader nests them. It also decides what
markdown-it leaves to renderers: a paragraph holding one picture is a `Figure`, a link whose
scheme a reader must not follow keeps only its text, `::: name` becomes a box, a block or the
table of contents.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from livrables.document.directives import CONTAINERS, SOMMAIRE, toc_levels
from livrables.document.nodes import (
    Block,
    BlockCall,
    Box,
    Cell,
    Code,
    CodeBlock,
    Contents,
    DefBody,
    DefList,
    DefTerm,
    Document,
    Emph,
    Figure,
    Footnote,
    Grid,
    HardBreak,
    Image,
    Inline,
    Link,
    ListBlock,
    ListItem,
    NoteRef,
    Para,
    Quote,
    Rule,
    SoftBreak,
    Strike,
    Strong,
    Text,
    Title,
    Value,
)
from livrables.markdown.parser import (
    INDICATOR_VALUE,
    Body,
    directive_args,
    directive_name,
)
from livrables.markdown.rules import COMMENT, DIRECTIVE

_DROPPED = {COMMENT, f"{DIRECTIVE}_skipped"}  # comments; internal notes of a client parse
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:", "ftp://")


def safe_url(url: str) -> str | None:
    """The URL if a reader may follow it; None for `javascript:` and other schemes."""
    stripped = url.strip()
    lowered = re.sub(r"[\x00-\x20]", "", stripped).lower()
    if lowered.startswith("#") or lowered.startswith(SAFE_SCHEMES):
        return stripped
    if ":" not in lowered.split("/")[0]:  # relative link: no scheme at all
        return stripped
    return None


def read(body: Body) -> Document:
    """The tree of a parsed body; a new tree at each call, for filters to change at will."""
    return _Reader(body).document()


def read_inline(tokens: list[Token], line: int) -> list[Inline]:
    """A run of inline tokens (a translated segment) as nodes, all at `line`."""
    return _Reader(Body([], 0, [])).inlines(tokens, line)


class _Reader:
    def __init__(self, body: Body) -> None:
        self.tokens = body.tokens
        self.offset = body.line_offset
        self.index = 0
        self.anchors = 0  # back links of the footnote being read: one per citation

    def line(self, token: Token) -> int:
        return token.map[0] + 1 + self.offset if token.map else 0

    def document(self) -> Document:
        children = self.blocks(None)
        notes: dict[int, Footnote] = {}
        if self.index < len(self.tokens) and self.tokens[self.index].type == "footnote_block_open":
            self.index += 1
            while self.tokens[self.index].type == "footnote_open":
                note_id = self.tokens[self.index].meta["id"]
                self.anchors = 0
                content = self._container("footnote_close")
                notes[note_id] = Footnote(note_id, content, citations=max(self.anchors, 1))
            self.index += 1
        return Document(children, notes)

    def blocks(self, until: str | None) -> list[Block]:
        """Read blocks up to the token closing the current container (not consumed)."""
        out: list[Block] = []
        while self.index < len(self.tokens):
            token = self.tokens[self.index]
            if token.type == until or token.type == "footnote_block_open":
                break
            if token.type == "footnote_anchor":  # the notes' back links: counted, not kept
                self.anchors += 1
                self.index += 1
                continue
            if token.nesting == -1:  # a close we did not expect: leave it to the caller
                break
            node = self.block(token)
            if node is not None:
                out.append(node)
        return out

    def block(self, token: Token) -> Block | None:
        kind = token.type
        line = self.line(token)
        if kind == "paragraph_open":
            inline = self.tokens[self.index + 1]
            self.index += 2
            while self.tokens[self.index].type == "footnote_anchor":
                self.anchors += 1
                self.index += 1
            self.index += 1  # paragraph_close
            children = self.inlines(inline.children or [], line)
            images = [c for c in children if not (isinstance(c, Text) and not c.text.strip())]
            if len(images) == 1 and isinstance(images[0], Image):
                return Figure(children, caption=images[0].title, line=line)
            return Para(children, tight=token.hidden, line=line)
        if kind == "heading_open":
            inline = self.tokens[self.index + 1]
            self.index += 3
            level = int(token.tag[1])
            children = self.inlines(inline.children or [], line)
            slug = token.attrGet("id")
            return Title(level, children, str(slug or ""), inline.content, line=line)
        if kind in {"fence", "code_block"}:
            self.index += 1
            return CodeBlock(token.content, token.info, kind == "fence", line=line)
        if kind == "hr":
            self.index += 1
            return Rule(line=line)
        if kind in {"bullet_list_open", "ordered_list_open"}:
            return self._list(token, line)
        if kind == "blockquote_open":
            return Quote(self._container("blockquote_close"), line=line)
        if kind == f"{DIRECTIVE}_open":
            return self._directive(token, line)
        if kind == "dl_open":
            return self._deflist(line)
        if kind == "table_open":
            return self._table(line)
        self.index += 1
        if kind in _DROPPED:
            return None
        if token.nesting == 0 and token.content and kind != "inline":
            return Para([Text(token.content, line=line)], line=line)  # nothing written is lost
        return None

    def _container(self, close: str) -> list[Block]:
        self.index += 1
        children = self.blocks(close)
        self.index += 1
        return children

    def _list(self, token: Token, line: int) -> ListBlock:
        ordered = token.type == "ordered_list_open"
        start = int(token.attrGet("start") or 1) if ordered else 1
        close = "ordered_list_close" if ordered else "bullet_list_close"
        self.index += 1
        items = []
        while self.tokens[self.index].type == "list_item_open":
            item_line = self.line(self.tokens[self.index])
            items.append(ListItem(self._container("list_item_close"), line=item_line))
        assert self.tokens[self.index].type == close
        self.index += 1
        return ListBlock(items, ordered, start, line=line)

    def _directive(self, token: Token, line: int) -> Block:
        name = directive_name(token)
        args = directive_args(token)
        children = self._container(f"{DIRECTIVE}_close")
        if name in CONTAINERS:
            return Box(name, args, children, line=line)
        if name == SOMMAIRE:
            return Contents(toc_levels(args), line=line)
        return BlockCall(name, args, body=children, line=line)

    def _deflist(self, line: int) -> DefList:
        self.index += 1
        children: list[DefTerm | DefBody] = []
        while self.tokens[self.index].type != "dl_close":
            token = self.tokens[self.index]
            if token.type == "dt_open":
                inline = self.tokens[self.index + 1]
                self.index += 3
                children.append(DefTerm(self.inlines(inline.children or [], self.line(token))))
            else:
                assert token.type == "dd_open"
                children.append(DefBody(self._container("dd_close"), line=self.line(token)))
        self.index += 1
        return DefList(children, line=line)

    def _table(self, line: int) -> Grid:
        rows: list[list[Cell]] = []
        header_rows = 0
        in_head = False
        while self.tokens[self.index].type != "table_close":
            token = self.tokens[self.index]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                rows.append([])
                header_rows += in_head
            elif token.type in {"th_open", "td_open"}:
                style = str(token.attrGet("style") or "")
                align = style.removeprefix("text-align:") if style else ""
                inline = self.tokens[self.index + 1]
                cell_line = self.line(token) or line
                children = self.inlines(inline.children or [], cell_line)
                rows[-1].append(Cell(children, align, inline.content, line=cell_line))
            self.index += 1
        self.index += 1
        return Grid(rows, header_rows, line=line)

    # --- inline -----------------------------------------------------------------------------

    def inlines(self, tokens: list[Token], line: int) -> list[Inline]:
        root: list[Inline] = []
        stack: list[list[Inline]] = [root]
        for token in tokens:
            kind = token.type
            if kind.endswith("_open"):
                node = _opened(token, line)
                if node is None:  # an unsafe link: its text stays, the link goes
                    stack.append(stack[-1])
                    continue
                stack[-1].append(node)
                stack.append(node.children)
            elif kind.endswith("_close"):
                if len(stack) > 1:
                    stack.pop()
            else:
                stack[-1].append(self.leaf(token, line))
        return root

    def leaf(self, token: Token, line: int) -> Inline:
        kind = token.type
        if kind == "softbreak":
            return SoftBreak(line=line)
        if kind == "hardbreak":
            return HardBreak(line=line)
        if kind == "code_inline":
            return Code(token.content, line=line)
        if kind == "image":
            alt = "".join(c.content for c in token.children or [])
            title = str(token.attrGet("title") or "")
            return Image(str(token.attrGet("src") or ""), alt, token.content, title, line=line)
        if kind == "footnote_ref":
            return NoteRef(token.meta["id"], token.meta.get("subId", 0), line=line)
        if kind == INDICATOR_VALUE:
            return Value(token.meta["id"], token.content, line=line)
        return Text(token.content, line=line)


def _opened(token: Token, line: int) -> Emph | Strong | Strike | Link | None:
    kind = token.type
    if kind == "em_open":
        return Emph([], line=line)
    if kind == "strong_open":
        return Strong([], line=line)
    if kind == "s_open":
        return Strike([], line=line)
    if kind == "link_open":
        href = str(token.attrGet("href") or "")
        if safe_url(href) is None:
            return None
        title = str(token.attrGet("title") or "")
        return Link(href, [], title, token.markup == "autolink", line=line)
    return Strong([], line=line) if "strong" in kind else Emph([], line=line)
