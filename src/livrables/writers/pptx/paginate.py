"""A deck's slides laid out to fit the firm's master, before any format draws them.

- A table taller than its slide continues on « (suite) » slides, its header row repeated; its
  text stays at 16 or 14 pt (12 only when its columns need it), never smaller.
- A table whose columns cannot fit side by side at 12 pt without cutting a word is split into
  groups of columns, each on its own slide, the first column repeated in each.
- Text longer than its slide continues on « (suite) » slides, cut between paragraphs or
  between a list's items, never inside one; a heading goes with what follows it.

Every deck format (PPTX, HTML, PDF) draws these same slides, and `check` reports each slide
laid out this way at its source line (`Slide.notice`): what the projector shows is what
`check` measured.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from livrables.brand.pptx_template import LAYOUT_NAMES
from livrables.charts.labels import screen_categories
from livrables.document.data import Chart, Gantt, Group, Table
from livrables.document.nodes import Block, Grid, Inline, ListBlock, Text, Title
from livrables.document.slides import Slide
from livrables.writers.pptx.fit import (
    GAP,
    LEGEND_EMU,
    TABLE_SIZES,
    Fonts,
    Rect,
    column_needs,
    gantt_layout,
    geometry,
    header_count,
    row_heights,
    share_widths,
    table_layout,
    table_rows,
    text_height,
)
from livrables.writers.pptx.text import lines_of

SUITE = " (suite)"


def paginate(slides: Sequence[Slide], template: bytes, fonts: Fonts) -> list[Slide]:
    """The slides, each continued or split where its content does not fit."""
    geo = geometry(template)
    out: list[Slide] = []
    for slide in slides:
        boxes = geo.areas.get(LAYOUT_NAMES.get(slide.layout, ""), [])
        if not boxes:
            out.append(slide)
        elif slide.layout == "tableau" and isinstance(slide.visual, Table | Grid):
            out.extend(_fit_table(slide, slide.visual, boxes[0], fonts))
        elif isinstance(slide.visual, Gantt) and slide.layout == "graphique":
            out.extend(_fit_gantt(slide, slide.visual, boxes[0], fonts))
        elif isinstance(slide.visual, Chart) and slide.layout == "graphique":
            out.extend(_fit_chart(slide, slide.visual))
        elif slide.layout == "contenu" and slide.visual is None and slide.body:
            out.extend(_fit_text(slide, boxes[0], fonts))
        else:
            out.append(slide)
    return out


def _plural(count: int) -> str:
    return f"{count} diapositive{'s' if count > 1 else ''}"


def _continued(
    slide: Slide,
    body: list[Block],
    visual: Block | None = None,
    table_pt: int = 0,
    table_widths: tuple[int, ...] = (),
) -> Slide:
    """A « (suite) » slide of `slide`: its title, none of its lead text or notes."""
    title: list[Inline] = [*slide.title, Text(SUITE)] if slide.title else []
    return dataclasses.replace(
        slide,
        title=title,
        body=body,
        visual=visual,
        table_pt=table_pt,
        table_widths=table_widths,
        notes=[],
        title_id="",
        notice="",
    )


# --- tables -------------------------------------------------------------------------------


def _fit_table(slide: Slide, node: Table | Grid, area: Rect, fonts: Fonts) -> list[Slide]:
    first_room = area.h - _lead(slide, area, fonts)
    layout = table_layout(node, area.w, first_room, fonts, fitting=TABLE_SIZES[:2])
    if layout.fits_width and layout.height <= first_room:
        return [dataclasses.replace(slide, table_pt=layout.size)]
    groups = _column_groups(node, area.w, fonts) if not layout.fits_width else []
    parts: list[tuple[Table | Grid, int, tuple[int, ...]]] = []
    for columns in groups or [list(range(len(layout.widths)))]:
        sub = _columns(node, columns) if groups else node
        size = _size_for(sub, area.w, fonts)
        widths = _widths(sub, area.w, size, fonts)
        for chunk in _row_chunks(sub, area, size, fonts, first_room if not parts else area.h):
            parts.append((chunk, size, widths))
    first, size, widths = parts[0]
    slides = [
        dataclasses.replace(slide, visual=first, table_pt=size, table_widths=widths),
        *(_continued(slide, [], part, size, widths) for part, size, widths in parts[1:]),
    ]
    rows = len(table_rows(node)) - header_count(node)
    if groups:
        notice = (
            f"tableau trop large ({len(layout.widths)} colonnes) : ses colonnes sont réparties "
            f"sur {_plural(len(slides))}, la première colonne répétée sur chacune ; gardez "
            "moins de colonnes pour qu'il tienne sur une"
        )
    else:
        notice = (
            f"tableau trop long ({rows} lignes) : il continue sur {_plural(len(slides) - 1)} "
            "« (suite) », son en-tête répété ; gardez-en l'essentiel pour qu'il tienne sur une"
        )
    slides[0].notice = notice
    return slides


def _size_for(node: Table | Grid, width: int, fonts: Fonts) -> int:
    """The largest size at which the columns fit; a continued table stays at 14 pt at most
    (16 pt is for the tables that fit on one slide)."""
    for size in TABLE_SIZES[1:]:
        if sum(column_needs(node, size, fonts)[0]) <= width:
            return size
    return TABLE_SIZES[-1]


def _widths(node: Table | Grid, width: int, size: int, fonts: Fonts) -> tuple[int, ...]:
    """The columns of a continued table, from all its rows: the same on each of its slides."""
    least, whole = column_needs(node, size, fonts)
    return tuple(share_widths(least, whole, width) if sum(least) <= width else least)


def _column_groups(node: Table | Grid, width: int, fonts: Fonts) -> list[list[int]]:
    """The columns after the first, in groups that fit beside the first one (at 14 pt if each
    fits so, else 12)."""
    for size in TABLE_SIZES[1:]:
        least = column_needs(node, size, fonts)[0]
        if all(least[0] + w <= width for w in least[1:]):
            break
    groups: list[list[int]] = []
    current: list[int] = []
    used = least[0]
    for column in range(1, len(least)):
        if current and used + least[column] > width:
            groups.append([0, *current])
            current, used = [], least[0]
        current.append(column)
        used += least[column]
    groups.append([0, *current])
    return groups


def _columns(node: Table | Grid, columns: list[int]) -> Table | Grid:
    if isinstance(node, Grid):
        rows = [[row[c] for c in columns if c < len(row)] for row in node.rows]
        return dataclasses.replace(node, rows=rows)
    return dataclasses.replace(
        node,
        columns=[node.columns[c] for c in columns],
        rows=[r if isinstance(r, Group) else [r[c] for c in columns] for r in node.rows],
    )


def _row_chunks(
    node: Table | Grid, area: Rect, size: int, fonts: Fonts, first_room: int
) -> list[Table | Grid]:
    """The table's rows in slides' worth, each with the header rows; a group row never ends a
    slide (it goes with the rows it heads)."""
    rows = table_rows(node)
    heads = header_count(node)
    heights = row_heights(node, _widths(node, area.w, size, fonts), size, fonts)
    return [_rows(node, chunk) for chunk in _chunks(rows, heights, heads, first_room, area.h)]


def _chunks(
    rows: list[list[str]], heights: list[int], heads: int, first_room: int, room: int
) -> list[list[int]]:
    """The body rows' indexes in slides' worth: as few slides as fit, the rows then shared
    evenly between them (no lone row on the last)."""
    chunks = _greedy(rows, heights, heads, first_room, room, None)
    if len(chunks) > 1:
        body = heights[heads:]
        share = sum(body) // len(chunks)
        while share < room:
            even = _greedy(rows, heights, heads, first_room, room, share)
            if len(even) <= len(chunks):
                return even
            share += min(body)
    return chunks


def _greedy(
    rows: list[list[str]],
    heights: list[int],
    heads: int,
    first_room: int,
    room: int,
    share: int | None,
) -> list[list[int]]:
    head = sum(heights[:heads])
    chunks: list[list[int]] = []
    current: list[int] = []
    used, limit = head, first_room
    for index in range(heads, len(rows)):
        cap = limit if share is None else min(limit, head + share)
        if current and used + heights[index] > cap:
            carry = [current.pop()] if len(current) > 1 and _is_group(rows[current[-1]]) else []
            chunks.append(current)
            current = carry
            used, limit = head + sum(heights[i] for i in carry), room
        current.append(index)
        used += heights[index]
    if current:
        chunks.append(current)
    return chunks


def _is_group(row: list[str]) -> bool:
    return len(row) == 1


def _rows(node: Table | Grid, chunk: list[int]) -> Table | Grid:
    """The table with its header and the rows `chunk` names (indexes into `table_rows`)."""
    if isinstance(node, Grid):
        heads = header_count(node)
        return dataclasses.replace(node, rows=[*node.rows[:heads], *(node.rows[i] for i in chunk)])
    return dataclasses.replace(node, rows=[node.rows[i - 1] for i in chunk])


def _lead(slide: Slide, area: Rect, fonts: Fonts) -> int:
    """The room the text above a slide's visual takes, as the writer gives it."""
    lead = lines_of(slide.body)
    return min(text_height(lead, area.w, fonts), area.h // 2) + GAP if lead else 0


def _fit_gantt(slide: Slide, node: Gantt, area: Rect, fonts: Fonts) -> list[Slide]:
    """A calendar taller than its slide continues on « (suite) » slides, its header rows
    repeated, a group (an objective) never left alone at the foot of one."""
    layout = gantt_layout(node, area.w, fonts)
    first_room = area.h - _lead(slide, area, fonts)
    if layout.height <= first_room:
        return [slide]
    rows = [[r.text] if isinstance(r, Group) else [r.label, ""] for r in node.rows]
    heights = layout.heights
    chunks = _chunks([[], [], *rows], heights, 2, first_room - LEGEND_EMU, area.h - LEGEND_EMU)
    parts = [dataclasses.replace(node, rows=[node.rows[i - 2] for i in chunk]) for chunk in chunks]
    slides = [
        dataclasses.replace(slide, visual=parts[0]),
        *(_continued(slide, [], visual=part) for part in parts[1:]),
    ]
    slides[0].notice = (
        f"calendrier trop long ({len(node.rows)} lignes) : il continue sur "
        f"{_plural(len(slides) - 1)} « (suite) »"
    )
    return slides


def _fit_chart(slide: Slide, node: Chart) -> list[Slide]:
    """A chart with more bars than a slide shows readably (labels at 14 pt from afar)
    continues on « (suite) » slides, its categories shared evenly, each with its legend."""
    room = screen_categories(node)
    count = len(node.categories)
    if count <= room:
        return [slide]
    slides_count = -(-count // room)
    size = -(-count // slides_count)
    parts = []
    for start in range(0, count, size):
        end = start + size
        series = [
            dataclasses.replace(s, values=s.values[start:end], labels=s.labels[start:end])
            for s in node.series
        ]
        parts.append(
            dataclasses.replace(node, categories=node.categories[start:end], series=series)
        )
    slides = [
        dataclasses.replace(slide, visual=parts[0]),
        *(_continued(slide, [], part) for part in parts[1:]),
    ]
    slides[0].notice = (
        f"graphique trop dense ({count} catégories) : il continue sur "
        f"{_plural(len(slides) - 1)} « (suite) » ; gardez l'essentiel pour qu'il tienne sur une"
    )
    return slides


# --- text ---------------------------------------------------------------------------------


def _fit_text(slide: Slide, area: Rect, fonts: Fonts) -> list[Slide]:
    if text_height(lines_of(slide.body), area.w, fonts) <= area.h:
        return [slide]
    pages = _text_pages(slide.body, area, fonts, area.h)
    total = text_height(lines_of(slide.body), area.w, fonts)
    limit = total // len(pages)
    while len(pages) > 1 and limit < area.h:  # as many slides, the text shared evenly
        even = _text_pages(slide.body, area, fonts, limit)
        if len(even) <= len(pages):
            pages = even
            break
        limit += area.h // 20
    if len(pages) == 1:
        return [slide]
    slides = [
        dataclasses.replace(slide, body=pages[0]),
        *(_continued(slide, page) for page in pages[1:]),
    ]
    slides[0].notice = (
        f"trop de texte pour une diapositive : il continue sur {_plural(len(pages) - 1)} "
        "« (suite) » ; découpez-le vous-même (« --- » ou un titre « ## ») pour choisir où"
    )
    return slides


def _text_pages(blocks: list[Block], area: Rect, fonts: Fonts, limit: int) -> list[list[Block]]:
    """The blocks in slides' worth of at most `limit` high, cut between blocks or between a
    list's items; a heading goes with what follows it."""

    def fits(candidate: list[Block]) -> bool:
        return text_height(lines_of(candidate), area.w, fonts) <= limit

    pages: list[list[Block]] = [[]]
    pending = list(blocks)
    while pending:
        block = pending.pop(0)
        page = pages[-1]
        if fits([*page, block]):
            page.append(block)
            continue
        if isinstance(block, ListBlock) and len(block.items) > 1:
            taken = 0
            while taken + 1 < len(block.items) and fits([*page, _items(block, 0, taken + 1)]):
                taken += 1
            if taken:
                page.append(_items(block, 0, taken))
                pending.insert(0, _items(block, taken, len(block.items)))
                pages.append([])
                continue
        if not page:  # too long alone: on its own slide (check says so)
            page.append(block)
            pages.append([])
            continue
        if isinstance(page[-1], Title) and len(page) > 1:  # a heading goes with what follows
            pending.insert(0, page.pop())
        pending.insert(0, block)
        pages.append([])
    return [p for p in pages if p]


def _items(block: ListBlock, start: int, end: int) -> ListBlock:
    """Items `start` to `end` of a list; a numbered list keeps counting."""
    return dataclasses.replace(block, items=block.items[start:end], start=block.start + start)
