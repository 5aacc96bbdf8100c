"""What fits on a slide, measured as the PPTX writer lays it out: the layouts' boxes read from
the master (wherever a designer moved them), the text wrapped word by word with the brand font's
own advance widths, tables counted in rows of the size the writer gives them.

`overflows()` gives the check its warnings; the writer asks `text_height()` how much room a
sentence above a chart takes.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

from pptx import Presentation

from livrables.brand.fonts import FontFace
from livrables.brand.metrics import Metrics, metrics_of
from livrables.brand.pptx_template import (
    BODY_PT,
    LAYOUT_NAMES,
    LINE_SPACING,
    SPACE_BEFORE_PT,
    TITLE_PT,
)
from livrables.caches import ARGUMENTS, process_cache
from livrables.document.data import Gantt, GanttRow, Group
from livrables.document.nodes import Block, Figures, Grid, Quote, Table
from livrables.document.slides import VISUALS, Slide
from livrables.document.walk import plain_text
from livrables.writers.pptx.text import Line, lines_of

EMU_PER_PT = 12700
INSET_X, INSET_Y = 91440, 45720  # a text box's default inner margins (0.1 in, 0.05 in)
LEVEL_PT = {0: BODY_PT, 1: BODY_PT, 2: 17, 3: 15}
LEVEL_INDENT = {0: 0, 1: 274320, 2: 548640, 3: 822960}  # as the master's text styles
NUMBER_EXTRA = 114300  # a numbered item's wider margin: « 10. » before its text
ASCENT_DESCENT = 1.15  # Arimo's and Arial's line height, in em
MAX_FIGURES = 6
MAX_CATEGORIES = 12
MAX_TITLE_LINES = 2
GAP = 91440  # between a lead sentence and its visual


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class Geometry:
    """Each layout's title box and content boxes (in placeholder order), in EMU."""

    titles: dict[str, Rect]
    areas: dict[str, list[Rect]]


@process_cache(ARGUMENTS, maxsize=16)  # the template's bytes are its argument
def _geometry(digest: str, template: bytes) -> Geometry:  # noqa: ARG001 - the cache key
    prs = Presentation(io.BytesIO(template))
    titles: dict[str, Rect] = {}
    areas: dict[str, list[Rect]] = {}
    for layout in prs.slide_layouts:
        boxes = []
        for ph in sorted(layout.placeholders, key=lambda p: p.placeholder_format.idx):
            rect = Rect(ph.left, ph.top, ph.width, ph.height)
            if ph.placeholder_format.idx == 0:
                titles[layout.name] = rect
            elif ph.placeholder_format.idx < 10:
                boxes.append(rect)
        areas[layout.name] = boxes
    return Geometry(titles, areas)


def geometry(template: bytes) -> Geometry:
    return _geometry(hashlib.sha256(template).hexdigest(), template)


@dataclass(frozen=True)
class Fonts:
    text: Metrics
    bold: Metrics
    titles: Metrics

    @classmethod
    def of(cls, faces: Sequence[FontFace], text: str, titles: str) -> Fonts:
        def face(family: str, name: str) -> FontFace | None:
            return next((f for f in faces if f.family == family and f.face == name), None)

        return cls(
            metrics_of(face(text, "regulier")),
            metrics_of(face(text, "gras")),
            metrics_of(face(titles, "gras") or face(titles, "regulier")),
        )


def wrap_count(text: str, width_emu: int, metrics: Metrics, size: float) -> int:
    """Lines that `text` takes in `width_emu` at `size` points, wrapped at spaces."""
    room = width_emu / EMU_PER_PT * 20  # in twips, as Metrics measures
    count = 0
    for part in text.split("\n"):
        count += 1
        used = 0
        for word in part.split():
            width = metrics.width(word + " ", size)
            if used and used + metrics.width(word, size) > room:
                count += 1
                used = 0
            used += width
    return count


def text_height(lines: Sequence[Line], width: int, fonts: Fonts) -> int:
    """The height (EMU) that `lines` take in a text box `width` EMU wide."""
    points = 0.0
    for line in lines:
        size = LEVEL_PT.get(line.level, BODY_PT)
        metrics = fonts.bold if line.kind == "titre" else fonts.text
        room = width - 2 * INSET_X - LEVEL_INDENT.get(line.level, 0)
        if line.ordered and line.level:
            room -= NUMBER_EXTRA
        count = wrap_count(line.text, room, metrics, size)
        points += count * size * ASCENT_DESCENT * LINE_SPACING + SPACE_BEFORE_PT
    return int(points * EMU_PER_PT) + 2 * INSET_Y


TABLE_SIZES = (16, 14, 12)  # a slide's table text, largest first; never below 12 pt
MIN_PT = 12  # nothing smaller on a slide (16:9, 540 pt high: a room reads it from the back)
CELL_PAD_PT = 7.2  # a cell's top and bottom margins (45720 EMU each)
SLACK = 1.04  # widths measured, plus a little: PowerPoint and LibreOffice kern differently


def table_rows(node: Table | Grid) -> list[list[str]]:
    """The table's text, row by row: its header row first; a group row is one cell."""
    if isinstance(node, Grid):
        return [[plain_text(c.children) for c in row] for row in node.rows]
    rows = [[c.title for c in node.columns]]
    for row in node.rows:
        rows.append(list(row) if isinstance(row, list) else [row.text])
    return rows


def header_count(node: Table | Grid) -> int:
    return max(1, node.header_rows) if isinstance(node, Grid) else 1


@dataclass(frozen=True)
class TableLayout:
    """A slide's table as the writer draws it: its text size, column widths and row heights
    (EMU), and whether its columns fit (no word cut) at that size."""

    size: int
    widths: list[int]
    heights: list[int]
    fits_width: bool

    @property
    def height(self) -> int:
        return sum(self.heights)


def _emu(twips: float) -> int:
    return int(twips / 20 * EMU_PER_PT)


def column_needs(node: Table | Grid, size: float, fonts: Fonts) -> tuple[list[int], list[int]]:
    """Each column's least width (its longest word, never cut) and the width that prints its
    longest cell on one line, in EMU, margins included."""
    rows = table_rows(node)
    heads = header_count(node)
    columns = max(len(r) for r in rows)
    least = [0] * columns
    whole = [0] * columns
    for index, row in enumerate(rows):
        if len(row) == 1 and columns > 1:
            continue  # a group row spans the table: it wraps in the whole width
        metrics = fonts.bold if index < heads else fonts.text
        for c, text in enumerate(row):
            least[c] = max(least[c], _emu(metrics.longest_word(text, size) * SLACK))
            whole[c] = max(whole[c], _emu(metrics.width(text, size) * SLACK))
    pad = 2 * INSET_X
    return [w + pad for w in least], [w + pad for w in whole]


def share_widths(least: Sequence[int], whole: Sequence[int], width: int) -> list[int]:
    """The table's width shared out: each column its least width, then what remains to the
    columns that would wrap, in proportion to what they lack, then to all."""
    widths = list(least)
    room = width - sum(widths)
    if room > 0:
        lacking = [max(0, w - m) for m, w in zip(least, whole, strict=True)]
        total = sum(lacking)
        if total:
            given = min(room, total)
            widths = [
                m + int(given * lack / total) for m, lack in zip(widths, lacking, strict=True)
            ]
            room = width - sum(widths)
        if room > 0:
            weights = [max(w, 1) for w in whole]
            total = sum(weights)
            widths = [m + int(room * w / total) for m, w in zip(widths, weights, strict=True)]
    widths[-1] += width - sum(widths)
    return widths


def table_layout(
    node: Table | Grid,
    width: int,
    height: int,
    fonts: Fonts,
    size: int = 0,
    widths: Sequence[int] = (),
    fitting: Sequence[int] = TABLE_SIZES,
) -> TableLayout:
    """The table at the largest size of `fitting` (16, 14, 12 pt) at which its columns fit
    without a word cut and its rows fit `height`; else at the largest size its columns fit
    (the slide then continues it, see paginate.py, which prefers 14 pt over shrinking to 12);
    else at 12 pt, too wide (`fits_width` False). `size` imposes one, and `widths` the
    columns' (a continued table keeps its columns)."""
    if size and widths:
        heights = row_heights(node, widths, size, fonts)
        return TableLayout(size, list(widths), heights, True)
    if size:
        return _layout(node, width, fonts, size)
    layouts = [_layout(node, width, fonts, s) for s in TABLE_SIZES]
    for layout in layouts:
        if layout.size in fitting and layout.fits_width and layout.height <= height:
            return layout
    return next((layout for layout in layouts if layout.fits_width), layouts[-1])


def _layout(node: Table | Grid, width: int, fonts: Fonts, size: int) -> TableLayout:
    least, whole = column_needs(node, size, fonts)
    fits = sum(least) <= width
    widths = share_widths(least, whole, width) if fits else _squeezed(least, width)
    return TableLayout(size, widths, row_heights(node, widths, size, fonts), fits)


def _squeezed(least: Sequence[int], width: int) -> list[int]:
    total = sum(least) or 1
    widths = [int(width * w / total) for w in least]
    widths[-1] += width - sum(widths)
    return widths


def row_heights(node: Table | Grid, widths: Sequence[int], size: float, fonts: Fonts) -> list[int]:
    rows = table_rows(node)
    heads = header_count(node)
    total_width = sum(widths)
    out = []
    for index, row in enumerate(rows):
        metrics = fonts.bold if index < heads or len(row) == 1 else fonts.text
        tallest = 1
        if len(row) == 1 and len(widths) > 1:  # a group row spans the table
            tallest = wrap_count(row[0], total_width - 2 * INSET_X, metrics, size)
        else:
            for text, w in zip(row, widths, strict=False):
                tallest = max(tallest, wrap_count(text, w - 2 * INSET_X, metrics, size))
        out.append(int((tallest * size * ASCENT_DESCENT + CELL_PAD_PT) * EMU_PER_PT))
    return out


def overflows(slide: Slide, template: bytes, fonts: Fonts) -> list[str]:
    """French warnings for what will not fit on the slide (empty when all fits)."""
    layout = LAYOUT_NAMES[slide.layout]
    geo = geometry(template)
    problems: list[str] = []
    title = geo.titles.get(layout)
    if title is not None and slide.title:
        count = wrap_count(slide.title_text, title.w - 2 * INSET_X, fonts.titles, TITLE_PT)
        if count > MAX_TITLE_LINES:
            problems.append(f"titre trop long ({count} lignes à l'écran) : raccourcissez-le")
    areas = geo.areas.get(layout, [])
    if not areas:
        return problems
    if slide.layout == "colonnes":
        for column, area in zip(slide.columns, areas, strict=False):
            problems += _area(column, area, fonts)
        return problems
    blocks: list[Block] = [*slide.body, *([slide.visual] if slide.visual else [])]
    return problems + _area(blocks, areas[0], fonts, slide.table_pt, slide.table_widths)


def _area(
    blocks: Sequence[Block],
    area: Rect,
    fonts: Fonts,
    table_pt: int = 0,
    widths: Sequence[int] = (),
) -> list[str]:
    text = lines_of([b for b in blocks if not drawn(b)])
    used = min(text_height(text, area.w, fonts), area.h // 2) if text else 0
    problems = []
    visuals = [b for b in blocks if drawn(b)]
    for visual in visuals:
        if isinstance(visual, Table | Grid):
            room = area.h - used - (GAP if used else 0)
            table = table_layout(visual, area.w, room, fonts, table_pt, widths)
            if not table.fits_width:
                problems.append(
                    f"tableau trop large ({len(table.widths)} colonnes) : des mots seraient "
                    "coupés même en 12 points ; gardez moins de colonnes ou des mots plus courts"
                )
            elif used + table.height > area.h:
                rows = len(table_rows(visual)) - header_count(visual)
                problems.append(
                    f"tableau trop long pour une diapositive ({rows} lignes) : "
                    "scindez-le ou gardez-en l'essentiel"
                )
            used += table.height
        elif isinstance(visual, Figures) and len(visual.figures) > MAX_FIGURES:
            problems.append(
                f"{len(visual.figures)} chiffres clés : au plus {MAX_FIGURES} par diapositive"
            )
        elif len(getattr(visual, "categories", ())) > MAX_CATEGORIES:
            problems.append(f"graphique trop dense : au plus {MAX_CATEGORIES} barres lisibles")
    tables = any(isinstance(v, Table | Grid) for v in visuals)
    if visuals and not tables and used > area.h * 0.45:
        problems.append("trop de texte au-dessus du visuel : gardez une phrase")
    elif used > area.h and not tables:
        lines = sum(1 for _ in text)
        problems.append(
            f"trop de texte ({lines} paragraphes, {used * 100 // area.h} % de la place) : "
            "découpez-la (« --- » ou un nouveau titre « ## »)"
        )
    return problems


def drawn(block: Block) -> bool:
    """Whether the writer draws the block (a table, chart, picture …) rather than writes it."""
    return type(block) in VISUALS and not isinstance(block, Quote)


GANTT_PT = 14  # an action's label in a slide's calendar; the periods at MIN_PT
LEGEND_EMU = int((GANTT_PT * ASCENT_DESCENT + 10) * EMU_PER_PT)  # the legend under it


@dataclass(frozen=True)
class GanttLayout:
    """A slide's calendar as a native table: the label column, one column per period, the
    rows' heights (the two header rows first)."""

    label: int
    cell: int
    heights: list[int]

    @property
    def height(self) -> int:
        return sum(self.heights) + LEGEND_EMU


def gantt_layout(node: Gantt, width: int, fonts: Fonts) -> GanttLayout:
    count = max(1, len(node.periods))
    longest = max(
        (fonts.text.longest_word(r.label, GANTT_PT) for r in node.rows if isinstance(r, GanttRow)),
        default=0,
    )
    wanted = max(_emu(longest * SLACK) + 2 * INSET_X, width * 3 // 10)
    label = min(wanted, width * 45 // 100)
    cell = (width - label) // count
    label = width - cell * count
    head = int((MIN_PT * ASCENT_DESCENT + CELL_PAD_PT) * EMU_PER_PT)
    heights = [head, head]
    for row in node.rows:
        text, room = (row.text, width) if isinstance(row, Group) else (row.label, label)
        lines = wrap_count(text, room - 2 * INSET_X, fonts.text, GANTT_PT)
        heights.append(int((lines * GANTT_PT * ASCENT_DESCENT + CELL_PAD_PT) * EMU_PER_PT))
    return GanttLayout(label, cell, heights)
