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
from livrables.document.nodes import Block, Figures, Grid, Quote, Table
from livrables.document.slides import VISUALS, Slide
from livrables.document.walk import plain_text
from livrables.writers.pptx.text import Line, lines_of

EMU_PER_PT = 12700
INSET_X, INSET_Y = 91440, 45720  # a text box's default inner margins (0.1 in, 0.05 in)
LEVEL_PT = {0: BODY_PT, 1: BODY_PT, 2: 17, 3: 15}
LEVEL_INDENT = {0: 0, 1: 274320, 2: 548640, 3: 822960}  # as the master's text styles
ASCENT_DESCENT = 1.15  # Arimo's and Arial's line height, in em
MAX_FIGURES = 6
MAX_CATEGORIES = 12
MAX_TITLE_LINES = 2


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
        count = wrap_count(line.text, room, metrics, size)
        points += count * size * ASCENT_DESCENT * LINE_SPACING + SPACE_BEFORE_PT
    return int(points * EMU_PER_PT) + 2 * INSET_Y


def table_font(rows: int) -> int:
    """The size of a slide's table text: smaller as rows add up."""
    return 16 if rows <= 7 else 14 if rows <= 10 else 12


def table_rows(node: Table | Grid) -> list[list[str]]:
    if isinstance(node, Grid):
        return [[plain_text(c.children) for c in row] for row in node.rows]
    rows = [[c.title for c in node.columns]]
    for row in node.rows:
        rows.append(list(row) if isinstance(row, list) else [row.text])
    return rows


def column_widths(node: Table | Grid, width: int) -> list[int]:
    if isinstance(node, Table):
        weights = [c.weight for c in node.columns]
    else:
        weights = [
            max(4, max((len(r[i].source) for r in node.rows if i < len(r)), default=4))
            for i in range(len(node.rows[0]))
        ]
        weights = [min(w, 60) for w in weights]
    total = sum(weights) or 1
    widths = [int(width * w / total) for w in weights]
    widths[-1] += width - sum(widths)
    return widths


def table_height(node: Table | Grid, width: int, fonts: Fonts) -> int:
    rows = table_rows(node)
    size = table_font(len(rows))
    widths = column_widths(node, width)
    total = 0
    for index, row in enumerate(rows):
        metrics = fonts.bold if index == 0 else fonts.text
        tallest = 1
        if len(row) == 1 and len(widths) > 1:  # a group row spans the table
            tallest = wrap_count(row[0], width - 2 * INSET_X, metrics, size)
        else:
            for text, w in zip(row, widths, strict=False):
                tallest = max(tallest, wrap_count(text, w - 2 * INSET_X, metrics, size))
        total += int((tallest * size * ASCENT_DESCENT + 7.2) * EMU_PER_PT)
    return total


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
    return problems + _area(blocks, areas[0], fonts)


def _area(blocks: Sequence[Block], area: Rect, fonts: Fonts) -> list[str]:
    text = lines_of([b for b in blocks if not drawn(b)])
    used = text_height(text, area.w, fonts) if text else 0
    problems = []
    visuals = [b for b in blocks if drawn(b)]
    for visual in visuals:
        if isinstance(visual, Table | Grid):
            needed = table_height(visual, area.w, fonts)
            if used + needed > area.h:
                rows = len(table_rows(visual)) - 1
                problems.append(
                    f"tableau trop long pour une diapositive ({rows} lignes) : "
                    "scindez-le ou gardez-en l'essentiel"
                )
            used += needed
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
