"""The document tree -> WordprocessingML: a visitor with one method per node type.

In the named styles of the Word template; blocks go to a sink (the body, a cell, a footnote).
Data nodes: `data.py`; two languages side by side: `bilingual.py`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from docx.oxml.ns import qn

from livrables import ooxml
from livrables.brand.metrics import breakable
from livrables.document.directives import CONTAINERS, box_title
from livrables.document.nodes import (
    Block,
    BlockCall,
    Box,
    Cell,
    Code,
    CodeBlock,
    Contents,
    DefList,
    DefTerm,
    Document,
    Emph,
    Figure,
    Grid,
    HardBreak,
    Image,
    Inline,
    Link,
    ListBlock,
    NoteRef,
    Para,
    Quote,
    Rule,
    Side,
    SoftBreak,
    Strike,
    Strong,
    Text,
    Title,
    Value,
)
from livrables.document.walk import box_length, plain_text, walk_blocks
from livrables.i18n import is_source, t
from livrables.writers.docx import tables
from livrables.writers.docx.anchors import bookmark_name
from livrables.writers.docx.bilingual import draw_side
from livrables.writers.docx.data import JC, draw_data
from livrables.writers.docx.target import DocxTarget, minimum_widths
from livrables.writers.docx.toc import draw_contents

TBL = qn("w:tbl")
DEFINITION_STYLE = "Definition"
LIST_INDENT = 360  # twips per list level, as in ooxml.abstract_num
WIDE_COLUMNS = 7  # a Markdown table with this many columns gets a landscape page


@dataclass
class _List:
    ordered: bool
    start: int
    level: int
    num_id: int | None = None


class DocxWriter:
    def __init__(
        self,
        target: DocxTarget,
        document: Document,
        sink: Callable[[Any], None] | None = None,
        base_style: str | None = None,
    ) -> None:
        self.target = target
        self.document = document
        self.sinks: list[Callable[[Any], None]] = [sink or target.insert]
        self.base_style = base_style  # style of plain paragraphs: None (Normal) or FootnoteText
        self.footnote_started = False  # a footnote's first paragraph starts with its number
        self.lists: list[_List] = []
        self.item_started: list[bool] = []
        self.quote_depth = 0
        self.callouts: list[str] = []  # paragraph styles of the boxes we are in
        self.para: Any = None
        # inline state
        self.containers: list[Any] = []
        self.bold = 0
        self.italic = 0
        self.strike = 0
        self.in_cell = False  # addresses in a table cell may break after their punctuation
        self.line = 0  # the source line of the block being written

    # --- driving ----------------------------------------------------------------------------

    def write(self) -> None:
        """The body; each footnote is written where it is first cited."""
        self._collect_bookmarks()
        self.blocks(self.document.children)

    def blocks(self, nodes: Sequence[Block]) -> None:
        for node in nodes:
            self.block(node)

    def block(self, node: Block) -> None:
        outer = self.line
        self.line = node.line or outer  # a block's rows have no line: its `:::` line
        method = _BLOCKS.get(type(node))
        if method is not None:
            method(self, node)
        else:
            draw_data(self, node)
        self.para = None
        self.line = outer

    def emit(self, element: Any) -> None:
        if element.tag == TBL and self.base_style is None:
            self.target.anchors.mark_table(element, self.line)
        self.sinks[-1](element)

    def _collect_bookmarks(self) -> None:
        bookmarks = self.target.bookmarks
        for node in walk_blocks(self.document):
            if isinstance(node, Title) and node.id and node.id not in bookmarks:
                bookmarks[node.id] = bookmark_name(node.id, len(bookmarks) + 1)

    # --- paragraphs -------------------------------------------------------------------------

    def new_paragraph(self, style: str | None = None, keep_next: bool = False) -> Any:
        """Open a paragraph styled for where we are: a footnote, a box, a quote or a list."""
        num = None
        indent = None
        if style is None:
            if self.base_style and not self.lists:
                style = self.base_style
            elif self.callouts:
                style = self.callouts[-1]
            elif self.quote_depth:
                style = "Quote"
                if self.quote_depth > 1:
                    indent = 567 * self.quote_depth
        if self.lists:
            current = self.lists[-1]
            if style is None:
                style = "ListParagraph"
            if not self.item_started[-1]:
                num = (self._num_id(current), current.level)
                self.item_started[-1] = True
            else:
                indent = LIST_INDENT * (current.level + 1)
        p = ooxml.paragraph(style, num=num, keep_next=keep_next, indent=indent)
        if self.base_style is None:
            self.target.anchors.mark(p, self.line)
        if self.base_style == "FootnoteText" and not self.footnote_started:
            p.append(ooxml.footnote_mark())
            p.append(ooxml.run(" "))
            self.footnote_started = True
        self.emit(p)
        self.para = p
        self.containers = [p]
        return p

    def _num_id(self, current: _List) -> int:
        if current.num_id is None:
            current.num_id = self.target.numbering.new_list(
                current.ordered, current.level, current.start
            )
        return current.num_id

    def para_(self, node: Para) -> None:
        self.new_paragraph()
        self.inlines(node.children)

    def figure(self, node: Figure) -> None:
        self.new_paragraph("Figure", keep_next=bool(node.caption))
        self.inlines(node.children)
        if node.caption:
            p = ooxml.paragraph("Caption")
            p.append(ooxml.run(t("Figure") + " "))
            p.extend(ooxml.field("SEQ Figure \\* ARABIC", str(node.number)))
            p.append(ooxml.run(("\u00a0: " if is_source() else ": ") + node.caption))
            self.emit(p)

    def title(self, node: Title) -> None:
        p = self.new_paragraph(f"Heading{node.level}", keep_next=True)
        self.inlines(node.children)
        if node.id in self.target.bookmarks:
            ooxml.bookmark(p, self.target.bookmarks[node.id], self.target.new_bookmark_id())

    def code_block(self, node: CodeBlock) -> None:
        p = self.new_paragraph("Code")
        p.append(ooxml.run(node.text.rstrip("\n")))

    def rule(self, node: Rule) -> None:
        self.new_paragraph("Separator")

    # --- containers -------------------------------------------------------------------------

    def list_block(self, node: ListBlock) -> None:
        self.lists.append(_List(node.ordered, node.start, len(self.lists)))
        for item in node.items:
            self.item_started.append(False)
            self.blocks(item.children)
            if not self.item_started[-1]:  # an empty item still shows its bullet
                self.new_paragraph()
            self.item_started.pop()
            self.para = None
        self.lists.pop()

    def quote(self, node: Quote) -> None:
        self.quote_depth += 1
        self.blocks(node.children)
        self.quote_depth -= 1

    def box(self, node: Box) -> None:
        """A box, then a small empty paragraph that keeps the next box from merging with it
        (Word joins the borders of consecutive paragraphs that have the same ones)."""
        container = CONTAINERS[node.name]
        self.callouts.append(container.style)
        title = box_title(node.name, node.args, box_length(node))
        if title:
            p = self.new_paragraph(container.style + "Titre", keep_next=True)
            p.append(ooxml.run(title))
            self.para = None
        self.blocks(node.children)
        self.callouts.pop()
        self.emit(ooxml.paragraph("TableSpacer"))

    def deflist(self, node: DefList) -> None:
        for child in node.children:
            if isinstance(child, DefTerm):
                self.new_paragraph("DefinitionTerm", keep_next=True)
                self.inlines(child.children)
            else:
                self.callouts.append(DEFINITION_STYLE)
                self.blocks(child.children)
                self.callouts.pop()
            self.para = None

    def block_call(self, node: BlockCall) -> None:
        for child in node.children:
            self.block(child)

    # --- tables -----------------------------------------------------------------------------

    def grid(self, node: Grid) -> None:
        columns = max((len(r) for r in node.rows), default=0)
        lengths = [4.0] * columns
        for row in node.rows:
            for col, cell in enumerate(row):
                lengths[col] = max(lengths[col], min(len(cell.source), 60) + 4)
        wide = columns >= WIDE_COLUMNS
        total = ooxml.LANDSCAPE_TEXT_WIDTH_TWIPS if wide else ooxml.TEXT_WIDTH_TWIPS
        texts = [[plain_text(cell.children) for cell in row] for row in node.rows]
        heads = texts[: node.header_rows] or [[]]
        floors = minimum_widths(self.target, heads[0] + [""] * columns, texts[node.header_rows :])
        widths = tables.column_widths(lengths, total, floors[:columns])
        tbl = tables.table("TableauLivrables", widths)
        for index, row in enumerate(node.rows):
            header = index < node.header_rows
            tr = tables.table_row(tbl, header=header)
            for col in range(columns):
                tc = tables.table_cell(tr, widths[col])
                self._cell(tc, header, row[col] if col < len(row) else None)
        self.emit_table(tbl, wide)

    def _cell(self, tc: Any, header: bool, cell: Cell | None) -> None:
        jc = JC.get(cell.align if cell else "")
        p = ooxml.paragraph("TableHeading" if header else "TableText", jc=jc)
        tc.append(p)
        if cell is not None:
            self.target.anchors.mark(p, cell.line)
            self.para, self.containers = p, [p]
            self.in_cell = True
            self.inlines(cell.children)
            self.in_cell = False
        self.para = None

    def emit_table(self, tbl: Any, wide: bool = False) -> None:
        """A table, then a small empty paragraph: Word puts no space after a table, and
        the next paragraph would touch it (a second table would merge with it).

        A wide table of the body gets a landscape page of its own, with the heading and the
        lead paragraph that introduce it (a heading never stays behind on the portrait page)."""
        if isinstance(tbl, tables.TableText):
            tbl = tbl.element(self.target.metrics[0], wide)
        else:
            tables.keep_together(tbl, self.target.metrics[0], wide)
        if wide and self.sinks[-1] == self.target.insert and self.base_style is None:
            self.target.lead_in(self.target.anchor).addprevious(
                self.target.end_section(landscape=False)
            )
            self.emit(tbl)
            self.emit(self.target.end_section(landscape=True))
            return
        self.emit(tbl)
        self.emit(ooxml.paragraph("TableSpacer"))

    # --- inline -----------------------------------------------------------------------------

    def inlines(self, nodes: Sequence[Inline]) -> None:
        for node in nodes:
            _INLINES[type(node)](self, node)

    def _styled(self, nodes: list[Inline], attr: str) -> None:
        setattr(self, attr, getattr(self, attr) + 1)
        self.inlines(nodes)
        setattr(self, attr, getattr(self, attr) - 1)

    def _text(self, text: str, style: str | None = None) -> None:
        if not text:
            return
        if style is None and self.containers[-1].tag == qn("w:hyperlink"):
            style = "Hyperlink"
        if self.in_cell:
            text = breakable(text)
        self.containers[-1].append(
            ooxml.run(
                text,
                style=style,
                bold=self.bold > 0,
                italic=self.italic > 0,
                strike=self.strike > 0,
            )
        )

    def _link(self, node: Link) -> None:
        href = node.href.strip()
        if node.deliverable:  # another deliverable of the mission: its Word (a deck's .pptx)
            href = quote(f"{node.deliverable}.{'pptx' if node.deck else 'docx'}")
        if href.startswith("#"):
            name = self.target.bookmarks.get(unquote(href[1:]))  # "#d%C3%A9tail" -> "détail"
            link = ooxml.internal_link(name) if name else None
        else:
            link = ooxml.hyperlink(self.target.part, href)
        if link is None:  # a link to no heading: its text only
            self.inlines(node.children)
            return
        self.containers[-1].append(link)
        self.containers.append(link)
        self.inlines(node.children)
        self.containers.pop()

    def _image(self, node: Image) -> None:
        alt = node.alt or node.source
        if node.path is None:
            self._text(f"[{alt or node.src}]")
            return
        self.containers[-1].append(ooxml.picture(self.target.part, str(node.path), alt))

    def _note_ref(self, node: NoteRef) -> None:
        """A real Word footnote, its text written by a writer whose sink is the note.

        A note cited again shows the number of its first citation (Word cannot cite a note
        twice, and its text must not be printed twice)."""
        if node.sub:  # numbered by the numbering filter: its first citation holds the text
            self.containers[-1].append(ooxml.run(str(node.number), style="FootnoteReference"))
            return
        note_id, element = self.target.footnotes.add()
        self.containers[-1].append(ooxml.footnote_reference(note_id))
        note = self.document.notes.get(node.id)
        nested = DocxWriter(self.target, self.document, element.append, "FootnoteText")
        nested.blocks(note.children if note is not None else [])
        if not nested.footnote_started:  # an empty note still shows its number
            nested.new_paragraph()


_INLINES: dict[type, Callable[[DocxWriter, Any], None]] = {
    Text: lambda w, n: w._text(n.text),
    SoftBreak: lambda w, n: w._text(" "),
    HardBreak: lambda w, n: w._text("\n"),
    Code: lambda w, n: w._text(n.text, "CodeChar"),
    Emph: lambda w, n: w._styled(n.children, "italic"),
    Strong: lambda w, n: w._styled(n.children, "bold"),
    Strike: lambda w, n: w._styled(n.children, "strike"),
    Link: DocxWriter._link,
    Image: DocxWriter._image,
    NoteRef: DocxWriter._note_ref,
    Value: lambda w, n: w._text(n.source),
}

_BLOCKS: dict[type, Callable[[DocxWriter, Any], None]] = {
    Side: draw_side,
    Para: DocxWriter.para_,
    Figure: DocxWriter.figure,
    Title: DocxWriter.title,
    CodeBlock: DocxWriter.code_block,
    Rule: DocxWriter.rule,
    ListBlock: DocxWriter.list_block,
    Quote: DocxWriter.quote,
    Box: DocxWriter.box,
    DefList: DocxWriter.deflist,
    Grid: DocxWriter.grid,
    BlockCall: DocxWriter.block_call,
    Contents: draw_contents,
}
