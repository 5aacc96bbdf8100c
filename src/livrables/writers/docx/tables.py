"""Word tables as the DOCX writer makes them: fixed layout, full width, rows that never split,
header rows repeated on each page, columns sized so that no word is cut."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from livrables.brand.metrics import Metrics, breakable
from livrables.caches import PURE, process_cache
from livrables.ooxml import TEXT_WIDTH_TWIPS, el, sub
from livrables.writers.docx import fragments


def table(style: str, widths: list[int], banded: bool = True) -> Any:
    """A full-width `w:tbl` with its grid; LibreOffice needs tblGrid and each cell's tcW.
    `banded`: every other row shaded, as the table style says."""
    return fragments.parse(_table_xml(style, widths, banded) + "</w:tbl>")


def table_row(tbl: Any, header: bool = False, height_cm: float | None = None) -> Any:
    """A row that never splits across pages; the header row repeats on each page."""
    tr = sub(tbl, "w:tr")
    trpr = sub(tr, "w:trPr")
    sub(trpr, "w:cantSplit")
    if height_cm:
        sub(trpr, "w:trHeight", val=int(height_cm * 567), hRule="atLeast")
    if header:
        sub(trpr, "w:tblHeader")
    return tr


def table_cell(tr: Any, width: int) -> Any:
    tc = sub(tr, "w:tc")
    tcpr = sub(tc, "w:tcPr")
    sub(tcpr, "w:tcW", w=width, type="dxa")
    return tc


GROUP_FILL = "DCE6F0"  # a row spanning the table that opens a group of rows


def column_widths(
    weights: list[float], total: int = TEXT_WIDTH_TWIPS, minimums: list[int] | None = None
) -> list[int]:
    """Split the text width by weight, each column at least its minimum (the widest word it
    holds, so that no word is cut) when they all fit; the last column takes the remainder."""
    weights = [max(w, 0.01) for w in weights]
    floors = minimums if minimums and sum(minimums) <= total else [0] * len(weights)
    fixed: dict[int, int] = {}
    while True:  # give a column its floor, then share what is left among the others
        free = [i for i in range(len(weights)) if i not in fixed]
        room = total - sum(fixed.values())
        scale = room / sum(weights[i] for i in free) if free else 0
        short = [i for i in free if weights[i] * scale < floors[i]]
        if not short:
            break
        for i in short:
            fixed[i] = floors[i]
    widths = [fixed.get(i, int(weights[i] * scale)) for i in range(len(weights))]
    widths[-1] += total - sum(widths)
    return widths


PAGE_TEXT_CM = {False: 29.7 - 4.4, True: 21.0 - 4.4}  # text height, portrait/landscape
LINE_PT = 9 * 1.2 + 4  # a 9-point line, and a paragraph's spacing


def held_rows(heights: list[float], headers: int, landscape: bool) -> list[int]:
    """The rows whose paragraphs keep with the next. A table shorter than a third of a page
    stays on one page; a longer one keeps its first two rows with its header and its
    last three rows together, so that no page holds a lone row of it (a group's title and one
    row, say); the heading already keeps with the table."""
    # a table moves whole to the next page only if that leaves at most a third of a page
    # empty; a longer one breaks there, its header rows repeated
    room = PAGE_TEXT_CM[landscape] / 2.54 * 72 / 3
    count = len(heights)
    if sum(heights) <= room:
        return list(range(count - 1))
    first, last = range(min(headers + 2, count)), range(max(count - 3, 0), count - 1)
    return sorted({*first, *last})


def cell_height(width: int | None, paragraphs: list[tuple[str, int]], measure: Metrics) -> float:
    """A cell's height in points: each paragraph's (text, line breaks) wrapped at its width."""
    room = max(width - 230, 200) if width is not None else 2000
    lines = 0
    for text, breaks in paragraphs:
        for line in text.split("\n"):
            lines += max(1, -(-measure.width(line, 9) // room))
        lines += breaks
    return lines * LINE_PT


def row_height(cells: list[float], height_twips: int | None) -> float:
    tallest = max(cells, default=0.0)
    return max(tallest, height_twips / 20) if height_twips is not None else tallest


def keep_together(tbl: Any, measure: Metrics, landscape: bool = False) -> None:
    """`held_rows` for a table built element by element (a Markdown table)."""
    rows = tbl.findall(qn("w:tr"))
    header = sum(1 for tr in rows if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None)
    for index in held_rows([_row_height(tr, measure) for tr in rows], header, landscape):
        for p in rows[index].iter(qn("w:p")):
            ppr = p.find(qn("w:pPr"))
            if ppr is None:
                ppr = el("w:pPr")
                p.insert(0, ppr)
            if ppr.find(qn("w:keepNext")) is None:
                style = ppr.find(qn("w:pStyle"))
                position = 1 if style is not None else 0
                ppr.insert(position, el("w:keepNext"))


def _row_height(tr: Any, measure: Metrics) -> float:
    """An estimate of a row's height in points, from its tallest cell."""
    cells = []
    for tc in tr.findall(qn("w:tc")):
        width = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
        paragraphs = [
            (
                "".join(t.text or "" for t in p.iter(qn("w:t"))),
                sum(1 for _ in p.iter(qn("w:br"))),
            )
            for p in tc.iter(qn("w:p"))
        ]
        cells.append(
            cell_height(
                int(width.get(qn("w:w"))) if width is not None else None, paragraphs, measure
            )
        )
    height = tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
    return row_height(cells, int(height.get(qn("w:val"))) if height is not None else None)


class TableText:
    """A table written as text (`fragments`) and parsed once, its rows held together as
    `keep_together` would: the same table as `table`/`table_row`/`table_cell` build, made in a
    tenth of the time."""

    def __init__(self, style: str, widths: list[int], banded: bool = True) -> None:
        self.head = _table_xml(style, widths, banded)
        self.rows: list[tuple[str, bool, int | None, list[_Cell]]] = []

    def row(self, header: bool = False, height_cm: float | None = None) -> None:
        props = "<w:cantSplit/>"
        height = int(height_cm * 567) if height_cm else None
        if height is not None:
            props += fragments.tag("trHeight", val=height, hRule="atLeast")
        if header:
            props += "<w:tblHeader/>"
        self.rows.append((f"<w:trPr>{props}</w:trPr>", header, height, []))

    def cell(self, width: int, span: int = 1, fill: str = "") -> _Cell:
        cell = _Cell(width, _cell_properties(width, span, fill), [])
        self.rows[-1][3].append(cell)
        return cell

    def text_cell(
        self, width: int, value: str, style: str, jc: str | None, span: int = 1, fill: str = ""
    ) -> None:
        """A cell of one paragraph, `span` columns wide, shaded when `fill` is given; addresses
        in it may break after their punctuation."""
        self.cell(width, span, fill).paragraph(style, jc, breakable(value))

    def element(self, measure: Metrics, landscape: bool = False) -> Any:
        heights = [
            row_height([c.height(measure) for c in cells], height)
            for _, _, height, cells in self.rows
        ]
        headers = sum(1 for _, header, _, _ in self.rows if header)
        held = set(held_rows(heights, headers, landscape))
        xml = [self.head]
        for index, (props, _, _, cells) in enumerate(self.rows):
            xml.append(f"<w:tr>{props}")
            xml.extend(cell.xml(index in held) for cell in cells)
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        return fragments.parse("".join(xml))


@dataclass
class _Cell:
    width: int
    props: str
    paragraphs: list[tuple[str | None, str | None, str, str, int]]  # style, jc, runs, text, br

    def paragraph(
        self, style: str | None, jc: str | None = None, text: str | None = None, **style_of_run: Any
    ) -> None:
        """A paragraph of one run holding `text` (of no run when there is none)."""
        if text is not None:
            runs, visible, breaks = fragments.run(text, **style_of_run)
        else:
            runs, visible, breaks = "", "", 0
        self.paragraphs.append((style, jc, runs, visible, breaks))

    def height(self, measure: Metrics) -> float:
        return cell_height(self.width, [(p[3], p[4]) for p in self.paragraphs], measure)

    def xml(self, keep_next: bool) -> str:
        body = "".join(
            f"<w:p>{fragments.paragraph_properties(style, jc, keep_next)}{runs}</w:p>"
            for style, jc, runs, _, _ in self.paragraphs
        )
        return f"<w:tc>{self.props}{body}</w:tc>"


@process_cache(PURE, maxsize=4096)  # a table's cells share a few widths
def _cell_properties(width: int, span: int, fill: str) -> str:
    props = fragments.tag("tcW", w=width, type="dxa")
    if span > 1:
        props += fragments.tag("gridSpan", val=span)
    if fill:
        props += fragments.tag("shd", val="clear", color="auto", fill=fill)
    return f"<w:tcPr>{props}</w:tcPr>"


def _table_xml(style: str, widths: list[int], banded: bool) -> str:
    """`table`'s opening, to its grid."""
    look = fragments.tag(
        "tblLook",
        val="04A0" if banded else "06A0",  # LibreOffice reads the bits (0x0200: no bands)
        firstRow=1,
        lastRow=0,
        firstColumn=0,
        lastColumn=0,
        noHBand=0 if banded else 1,
        noVBand=1,
    )
    grid = "".join(fragments.tag("gridCol", w=width) for width in widths)
    return (
        f"<w:tbl><w:tblPr>{fragments.tag('tblStyle', val=style)}"
        f"{fragments.tag('tblW', w=sum(widths), type='dxa')}"
        f'<w:tblLayout w:type="fixed"/>{look}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    )


LAYOUT = "Mise en page bilingue"  # a layout table's description: no header row, no borders


def borderless(tbl: Any) -> None:
    """A layout table (two languages side by side): no borders, no header row, described as
    layout for accessibility checkers."""
    tblpr = tbl.find(qn("w:tblPr"))
    edges = ("top", "left", "bottom", "right", "insideH", "insideV")
    borders = fragments.parse(
        "<w:tblBorders>" + "".join(f'<w:{e} w:val="nil"/>' for e in edges) + "</w:tblBorders>"
    )
    tblpr.find(qn("w:tblLayout")).addprevious(borders)
    look = tblpr.find(qn("w:tblLook"))
    look.set(qn("w:firstRow"), "0")
    look.set(qn("w:val"), "0680")
    look.addnext(fragments.parse(f'<w:tblDescription w:val="{LAYOUT}"/>'))


_BEFORE_BIDI_VISUAL = {qn(f"w:{n}") for n in ("tblStyle", "tblpPr", "tblOverlap")}


def bidi_visual(tblpr: Any) -> None:
    """A table whose first column is on the right (`w:bidiVisual`, in schema order)."""
    if tblpr.find(qn("w:bidiVisual")) is not None:
        return
    element = fragments.parse("<w:bidiVisual/>")
    before = [c for c in tblpr if c.tag in _BEFORE_BIDI_VISUAL]
    if before:
        before[-1].addnext(element)
    else:
        tblpr.insert(0, element)


_AFTER_BIDI = {qn(f"w:{n}") for n in ("spacing", "ind", "contextualSpacing", "jc", "rPr")}


def right_to_left(tc: Any) -> None:
    """A cell (or a table, a paragraph) written right to left: each of its paragraphs
    `w:bidi` (an Arabic column)."""
    for p in tc.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = sub(p, "w:pPr")
            p.insert(0, ppr)
        if ppr.find(qn("w:bidi")) is not None:
            continue
        bidi = fragments.parse("<w:bidi/>")
        anchor = next((c for c in ppr if c.tag in _AFTER_BIDI), None)
        if anchor is not None:
            anchor.addprevious(bidi)
        else:
            ppr.append(bidi)
