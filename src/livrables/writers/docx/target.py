"""Where a DOCX body goes: before the placeholder paragraph of the rendered template, with the
parts (numbering, footnotes) and counters the whole document shares."""

from __future__ import annotations

from typing import Any, Protocol

from docx.oxml.ns import qn

from livrables import ooxml
from livrables.brand.metrics import Metrics
from livrables.charts.render import ChartRenderer
from livrables.writers.docx.anchors import Anchors

SECT = f"{qn('w:pPr')}/{qn('w:sectPr')}"


class DocxTarget:
    def __init__(
        self,
        document: Any,
        anchor: Any,
        metrics: tuple[Metrics, Metrics] | None = None,
        charts: ChartRenderer | None = None,
    ) -> None:
        self.document = document
        self._charts = charts
        self.metrics = metrics or (Metrics(), Metrics())  # the text font, regular and bold
        self.part = document.part
        self.anchor = anchor
        self._numbering: ooxml.Numbering | None = None
        self._footnotes: ooxml.Footnotes | None = None
        self.next_bookmark_id = 1000
        self.bookmarks: dict[str, str] = {}  # heading id -> Word bookmark
        self.sections_split = False  # a landscape page was inserted
        self.anchors = Anchors("", self.new_bookmark_id)  # see `anchors.py`

    def insert(self, element: Any) -> None:
        self.anchor.addprevious(element)

    def new_bookmark_id(self) -> int:
        self.next_bookmark_id += 1
        return self.next_bookmark_id

    def lead_in(self, anchor: Any, paragraphs: int = 3) -> Any:
        """The element a wide table's section must start at: the last heading among the few
        paragraphs just written before `anchor` (with what follows it), or `anchor` itself."""
        start = anchor
        element = anchor.getprevious()
        for _ in range(paragraphs):
            if element is None or element.tag != qn("w:p") or element.find(SECT) is not None:
                break
            style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if style is not None and style.get(qn("w:val"), "").startswith("Heading"):
                start = element
            element = element.getprevious()
        return start

    def end_section(self, landscape: bool) -> Any:
        """A paragraph ending the current section. The first one ends the cover's section and
        keeps its distinct (empty) first-page header; every later section, and the last one,
        shows the running header from its first page."""
        body_sect = self.document.element.body.sectPr
        first = not self.sections_split
        self.sections_split = True
        brk = ooxml.section_break(body_sect, landscape=landscape, title_page=first)
        for element in body_sect.findall(qn("w:titlePg")):
            body_sect.remove(element)
        return brk

    @property
    def charts(self) -> ChartRenderer:
        assert self._charts is not None, "a chart needs a chart renderer"
        return self._charts

    @property
    def footnotes(self) -> ooxml.Footnotes:
        if self._footnotes is None:
            self._footnotes = ooxml.Footnotes(self.part)
        return self._footnotes

    def finish(self) -> None:
        """Write back what was kept aside while rendering."""
        if self._footnotes is not None:
            self._footnotes.flush()

    def end_on_last_section(self) -> None:
        """A document whose last section break closes a landscape table ends on that section
        (else an empty portrait section after it prints a blank page holding only the header
        and footer). Once the body is whole: the insertion anchor removed."""
        body = self.document.element.body
        final = body.sectPr
        last = final.getprevious() if final is not None else None
        if last is None or last.tag != qn("w:p") or last.find(qn("w:r")) is not None:
            return
        sect = last.find(SECT)
        if sect is not None:
            body.remove(last)
            final.addprevious(sect)
            body.remove(final)

    @property
    def numbering(self) -> ooxml.Numbering:
        if self._numbering is None:
            self._numbering = ooxml.Numbering(self.part.numbering_part.element)
        return self._numbering


CELL_PADDING = 2 * 85 + 60  # the table style's cell margins, and a little air (twips)
TABLE_TEXT_PT = 9  # TableText, TableHeading, TableRowHeading


def minimum_widths(target: DocxTarget, header: list[str], rows: list[list[str]]) -> list[int]:
    """Each column's narrowest width that cuts no word: its widest word, header in bold."""
    regular, bold = target.metrics
    widths = [bold.longest_word(text, TABLE_TEXT_PT) for text in header]
    for row in rows:
        for index, text in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], regular.longest_word(text, TABLE_TEXT_PT))
    return [w + CELL_PADDING for w in widths]


class Drawer(Protocol):
    """What the modules that draw for the body writer (data, charts, contents) use of it: its
    target and its sink. They name this, not the writer (no cycle between them)."""

    target: DocxTarget
    sinks: list[Any]  # where elements go: the body, a cell, a footnote
    para: Any

    def emit(self, element: Any) -> None: ...

    def emit_table(self, tbl: Any, wide: bool = False) -> None: ...

    def new_paragraph(self, style: str | None = None, keep_next: bool = False) -> Any: ...

    def blocks(self, nodes: Any) -> None: ...
