"""Word tables as the DOCX writer makes them: fixed layout, full width, rows that never split,
header rows repeated on each page, columns sized so that no word is cut."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

from livrables.brand.metrics import Metrics, breakable
from livrables.ooxml import TEXT_WIDTH_TWIPS, el, paragraph, run, sub


def table(style: str, widths: list[int], banded: bool = True) -> Any:
    """A full-width `w:tbl` with its grid; LibreOffice needs tblGrid and each cell's tcW.
    `banded`: every other row shaded, as the table style says."""
    tbl = el("w:tbl")
    tblpr = sub(tbl, "w:tblPr")
    sub(tblpr, "w:tblStyle", val=style)
    sub(tblpr, "w:tblW", w=sum(widths), type="dxa")
    sub(tblpr, "w:tblLayout", type="fixed")
    sub(
        tblpr,
        "w:tblLook",
        val="04A0" if banded else "06A0",  # LibreOffice reads the bits (0x0200: no bands)
        firstRow=1,
        lastRow=0,
        firstColumn=0,
        lastColumn=0,
        noHBand=0 if banded else 1,
        noVBand=1,
    )
    grid = sub(tbl, "w:tblGrid")
    for width in widths:
        sub(grid, "w:gridCol", w=width)
    return tbl


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


def text_cell(
    tr: Any, width: int, value: str, style: str, jc: str | None, span: int = 1, fill: str = ""
) -> Any:
    """A cell of one paragraph, `span` columns wide, shaded when `fill` is given; addresses
    in it may break after their punctuation."""
    tc = table_cell(tr, width)
    if span > 1:
        sub(tc[0], "w:gridSpan", val=span)
    if fill:
        sub(tc[0], "w:shd", val="clear", color="auto", fill=fill)
    p = paragraph(style, jc=jc)
    p.append(run(breakable(value)))
    tc.append(p)
    return tc


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


def keep_together(tbl: Any, measure: Metrics, landscape: bool = False) -> None:
    """A table that fits on a page with its heading stays on one page; a longer one keeps its
    first two rows with its header and its last three rows together, so that no page holds a
    lone row of it (a group's title and one row, say): the paragraphs of the rows to hold get
    "keep with next" (the heading already keeps with the table)."""
    rows = tbl.findall(qn("w:tr"))
    room = PAGE_TEXT_CM[landscape] / 2.54 * 72 * 0.8  # points, less a heading and its lead
    if sum(_row_height(tr, measure) for tr in rows) <= room:
        held = rows[:-1]
    else:
        header = sum(1 for tr in rows if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None)
        held = rows[: header + 2] + rows[-3:-1]  # two rows at least on each side of a break
    for tr in held:
        for p in tr.iter(qn("w:p")):
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
    tallest = 0.0
    for tc in tr.findall(qn("w:tc")):
        width = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
        room = max(int(width.get(qn("w:w"))) - 230, 200) if width is not None else 2000
        lines = 0
        for p in tc.iter(qn("w:p")):
            for line in "".join(t.text or "" for t in p.iter(qn("w:t"))).split("\n") or [""]:
                lines += max(1, -(-measure.width(line, 9) // room))
            lines += sum(1 for _ in p.iter(qn("w:br")))
        tallest = max(tallest, lines * LINE_PT)
    height = tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
    if height is not None:
        tallest = max(tallest, int(height.get(qn("w:val"))) / 20)
    return tallest
