"""Data nodes (what blocks build) as Typst: tables through the template's `tableau`, charts and
maps as the SVG Vega-Lite draws (vector, with their description as alternative text), the
Gantt as a table shaded where each action runs. Every text is a string literal."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from livrables.brand.metrics import breakable
from livrables.charts.vega import spec_of
from livrables.document.nodes import (
    Chart,
    Copy,
    Figures,
    Gantt,
    GanttRow,
    Group,
    Heading,
    Items,
    Map,
    Note,
    PageBreak,
    Paragraph,
    Table,
    Tree,
    TreeItem,
)
from livrables.i18n import figure_caption, tf
from livrables.writers.typst import markup
from livrables.writers.typst.assets import Drawer

LANDSCAPE = "\x00paysage\x00"  # a block asking for a landscape page (taken at the top level)
ALIGN = {"left": "left", "center": "center", "right": "right"}
MILESTONE = "♦"
GANTT_LANDSCAPE = 24  # periods


class UnknownNode(TypeError):
    """A node this writer has no rule for: a bug of ours, never a silent omission."""


def grid_widths(weights: Sequence[float]) -> str:
    return markup.array(f"{max(w, 0.1):.2f}fr" for w in weights)


def landscape_page(table: str) -> str:
    return LANDSCAPE + table


def _caption(text: str) -> str:
    return f"#legende[{markup.text(text)}]\n"


def _table(writer: Drawer, node: Table) -> str:
    columns = len(node.columns)
    head = markup.array(f"[{markup.lines(c.title)}]" for c in node.columns)
    cells = [head]
    for row in node.rows:
        if isinstance(row, Group):
            cells.append(f"groupe({columns})[{markup.lines(row.text)}]")
            continue
        for index, value in enumerate(row):
            text = markup.lines(breakable(value))
            cells.append(f"[#strong[{text}]]" if index == 0 and node.header_column else f"[{text}]")
    aligns = markup.array(ALIGN.get(c.align, "left") for c in node.columns)
    height = f"{node.row_height_cm}cm" if node.row_height_cm else "none"
    caption = _caption(node.caption) if node.caption else ""
    table = (
        f"{caption}#tableau(meta, {grid_widths([c.weight for c in node.columns])}, 1, "
        f"{aligns}, {height}, {', '.join(cells)})\n\n"
    )
    return landscape_page(table) if node.landscape else table


def _tree(writer: Drawer, node: Tree) -> str:
    return _tree_items(node.items) + "\n\n"


def _tree_items(items: list[TreeItem]) -> str:
    entries = []
    for item in items:
        parts = [f"#strong[{markup.text(item.label)}] {markup.text(item.text)}"]
        for detail in item.details:
            parts.append(f"#linebreak();#text(size: 9pt)[{markup.text(detail)}]")
        if item.children:
            parts.append(_tree_items(item.children))
        entries.append("[" + "".join(parts) + "]")
    return f"#list(tight: true, {', '.join(entries)})"


def _note(writer: Drawer, node: Note) -> str:
    return f"#emph[{markup.lines(node.text)}]\n\n"


def _heading(writer: Drawer, node: Heading) -> str:
    level = writer.heading_level(node.level)
    return f"#heading(level: {level})[{markup.text(node.text)}]\n\n"


def _paragraph(writer: Drawer, node: Paragraph) -> str:
    label = f"#strong[{markup.text(node.label)}] " if node.label else ""
    return f"{label}{markup.lines(node.text)}\n\n"


def _items(writer: Drawer, node: Items) -> str:
    entries = ", ".join(f"[{markup.lines(item)}]" for item in node.items)
    return f"#{'enum' if node.ordered else 'list'}(tight: true, {entries})\n\n"


def _page_break(writer: Drawer, node: PageBreak) -> str:
    return "#pagebreak(weak: true)\n\n"


def _figures(writer: Drawer, node: Figures) -> str:
    items = (
        f"({markup.string(value)}, {markup.string(label)}, {markup.string(source)})"
        for value, label, source in node.figures
    )
    return f"#chiffres(meta, {markup.array(items)})\n\n"


def _copy(writer: Drawer, node: Copy) -> str:
    title = f"{node.title} (" + tf("{n} caractères", n=len(node.text)) + ")"
    return f'#encadre(meta, "a-copier", {markup.string(title)})[{markup.lines(node.text)}]\n\n'


def _chart(writer: Drawer, node: Chart | Map) -> str:
    """The drawing, as large as the text is wide, but never taller than a page or a slide can
    hold beside a few lines (its proportions kept); on a slide, no caption (its title says)."""
    charts = writer.charts
    if charts is None:  # pragma: no cover - a document with charts always has a renderer
        raise UnknownNode("un graphique sans moteur de dessin")
    spec = spec_of(node, charts.theme)
    svg = charts.svg(spec)
    if _JOINED.search(svg):  # Arabic letters in a drawing: Typst cannot map their shaped
        name = writer.assets.add("graphique", ".png", charts.png(spec, 3.0))  # glyphs (PDF/A)
    else:
        name = writer.assets.add("graphique", ".svg", svg.encode("utf-8"))
    ratio = _ratio(svg)
    width, height = (29.0, 11.0) if writer.deck else (16.6, 9.5)  # cm: the room it may take
    size = f"{min(width, height * ratio):.2f}cm"
    alt = markup.string(node.description)
    picture = f"image({markup.string(name)}, alt: {alt}, width: {size})"
    if writer.deck:
        return f"#align(center)[#{picture}]\n\n"
    caption = markup.text(figure_caption(node.number, node.title))
    return f"#figure({picture}, numbering: none, caption: [{caption}])\n\n"


_JOINED = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"')


def _ratio(svg: str) -> float:
    """Width over height of a drawing, from its root element (4:3 when it does not say)."""
    found = _SIZE.search(svg[:2000])
    if not found or not float(found.group(2)):
        return 4 / 3
    return float(found.group(1)) / float(found.group(2))


def _gantt(writer: Drawer, node: Gantt) -> str:
    """The action, then one narrow column per period, shaded where the action runs in the
    colour of its status; a diamond marks a milestone; years head the periods."""
    charts = writer.charts
    theme = charts.theme if charts is not None else None
    count = len(node.periods)
    years: list[tuple[int, int]] = []
    for start, _, _ in node.periods:
        if years and years[-1][0] == start.year:
            years[-1] = (start.year, years[-1][1] + 1)
        else:
            years.append((start.year, 1))
    head = ["table.cell(rowspan: 2)[Action]"]
    head += [f"table.cell(colspan: {span}, align: center)[{year}]" for year, span in years]
    monthly = node.periods[0][1].month == node.periods[0][0].month if node.periods else False
    for _, _, label in node.periods:
        short = label.split()[0] if label.split() else label
        head.append(f"[{markup.text(short[0].upper() if monthly else short)}]")
    cells = [markup.array(head)]
    for row in node.rows:
        if isinstance(row, Group):
            cells.append(f"groupe({count + 1})[{markup.text(row.text)}]")
            continue
        assert isinstance(row, GanttRow)
        cells.append(f"[{markup.text(row.label)}]")
        colour = theme.status(row.status) if theme else "#1F4E79"
        for start, end, _ in node.periods:
            running = row.start <= end and row.end >= start
            milestone = any(start <= m.date <= end for m in row.milestones)
            mark = markup.text(MILESTONE) if milestone else ""
            if running:
                cells.append(f'table.cell(fill: rgb("{colour}"))[#text(fill: white)[{mark}]]')
            else:
                cells.append(f"[{mark}]")
    widths = f"(5.5cm, {', '.join(['1fr'] * count)})"
    aligns = markup.array(["left", *(["center"] * count)])
    legend = []
    for key, label in node.statuses:
        colour = theme.status(key) if theme else "#1F4E79"
        swatch = f'#box(width: 0.9em, height: 0.9em, fill: rgb("{colour}"), baseline: 0.1em)'
        legend.append(f"{swatch}~{markup.text(label)}#h(1.4em)")
    if any(isinstance(r, GanttRow) and r.milestones for r in node.rows):
        legend.append(f"{markup.text(MILESTONE)}~jalon")
    drawn = (
        f"[#tableau(meta, {widths}, 2, {aligns}, none, {', '.join(cells)})"
        f"#block(above: 0.8em)[#text(size: 0.85em)[{''.join(legend)}]]]"
    )
    if writer.deck:  # the table and its legend, in the slide's markup
        return f"{drawn[1:-1]}\n\n"
    caption = markup.text(figure_caption(node.number, node.title))
    table = f"#figure(numbering: none, caption: [{caption}], kind: table, {drawn})\n\n"
    return landscape_page(table) if count > GANTT_LANDSCAPE else table


DATA: dict[type, Callable[[Drawer, Any], str]] = {
    Table: _table,
    Tree: _tree,
    Note: _note,
    Heading: _heading,
    Paragraph: _paragraph,
    Items: _items,
    PageBreak: _page_break,
    Figures: _figures,
    Copy: _copy,
    Chart: _chart,
    Gantt: _gantt,
    Map: _chart,
}
