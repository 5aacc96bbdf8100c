"""Drawing data nodes (what blocks build) as WordprocessingML, through the writer's sink and
named styles; their text is already French (the typography filter ran)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from livrables import ooxml
from livrables.document.nodes import (
    Block,
    Chart,
    Copy,
    Figures,
    Gantt,
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
from livrables.i18n import tf
from livrables.writers.docx import charts, tables
from livrables.writers.docx.target import minimum_widths

if TYPE_CHECKING:
    from livrables.writers.docx.target import Drawer

LIST_INDENT = 360
JC = {"center": "center", "right": "right"}


class UnknownNode(TypeError):
    """A data node this writer has no rule for: a bug of ours, never a silent omission."""


def draw_data(renderer: Drawer, node: Block) -> None:
    draw = _DATA.get(type(node))
    if draw is None:
        raise UnknownNode(f"le rédacteur Word ne sait pas écrire un bloc {type(node).__name__}")
    draw(renderer, node)


def _note(renderer: Drawer, node: Note) -> None:
    renderer.new_paragraph("Note").append(ooxml.run(node.text))


def _heading(renderer: Drawer, node: Heading) -> None:
    p = renderer.new_paragraph(f"Heading{min(node.level, 6)}", keep_next=True)
    p.append(ooxml.run(node.text))


def _paragraph(renderer: Drawer, node: Paragraph) -> None:
    p = renderer.new_paragraph()
    if node.label:
        p.append(ooxml.run(node.label + " ", bold=True))
    p.append(ooxml.run(node.text))


def _items(renderer: Drawer, node: Items) -> None:
    num_id = renderer.target.numbering.new_list(node.ordered, 0, 1)
    for item in node.items:
        p = ooxml.paragraph("ListParagraph", num=(num_id, 0))
        p.append(ooxml.run(item))
        renderer.emit(p)


def _page_break(renderer: Drawer, _node: PageBreak) -> None:
    p = ooxml.paragraph()
    p.append(ooxml.page_break())
    renderer.emit(p)


def _copy(renderer: Drawer, node: Copy) -> None:
    title = renderer.new_paragraph("ACopierTitre", keep_next=True)
    title.append(ooxml.run(node.title + " (" + tf("{n} caractères", n=len(node.text)) + ")"))
    renderer.new_paragraph("ACopier").append(ooxml.run(node.text))


def _table(renderer: Drawer, node: Table) -> None:
    total = ooxml.LANDSCAPE_TEXT_WIDTH_TWIPS if node.landscape else ooxml.TEXT_WIDTH_TWIPS
    rows = [row for row in node.rows if not isinstance(row, Group)]
    floors = minimum_widths(renderer.target, [c.title for c in node.columns], rows)
    widths = tables.column_widths([c.weight for c in node.columns], total, floors)
    tbl = tables.TableText("TableauLivrables", widths)
    jcs = [JC.get(c.align) for c in node.columns]
    tbl.row(header=True)
    for column, width, jc in zip(node.columns, widths, jcs, strict=True):
        tbl.text_cell(width, column.title, "TableHeading", jc)
    for row in node.rows:
        tbl.row(height_cm=node.row_height_cm)
        if isinstance(row, Group):
            tbl.text_cell(sum(widths), row.text, "TableGroup", None, len(widths), tables.GROUP_FILL)
            continue
        for index, (value, width, jc) in enumerate(zip(row, widths, jcs, strict=True)):
            style = "TableRowHeading" if index == 0 and node.header_column else "TableText"
            tbl.text_cell(width, value, style, jc)
    renderer.emit_table(tbl, wide=node.landscape)


def _tree(renderer: Drawer, items: list[TreeItem], level: int) -> None:
    num_id = renderer.target.numbering.new_list(False, level, 1)
    for item in items:
        p = ooxml.paragraph("ListParagraph", num=(num_id, level))
        renderer.emit(p)
        p.append(ooxml.run(item.label + " ", bold=True))
        p.append(ooxml.run(item.text))
        for detail in item.details:
            d = ooxml.paragraph("ListParagraph", indent=LIST_INDENT * (level + 1))
            d.append(ooxml.run(detail))
            renderer.emit(d)
        if item.children:
            _tree(renderer, item.children, level + 1)


def _figures(renderer: Drawer, node: Figures) -> None:
    """Key figures one after another, the value large, its label and source under it: not a
    borderless table, which screen readers and Word's accessibility checker take for data
    without a header row."""
    for value, label, source in node.figures:
        v = ooxml.paragraph("ChiffreValeur", keep_next=True)
        v.append(ooxml.run(value))
        renderer.emit(v)
        p = ooxml.paragraph("ChiffreLibelle", keep_next=bool(source))
        p.append(ooxml.run(label))
        renderer.emit(p)
        if source:
            s = ooxml.paragraph("ChiffreSource")
            s.append(ooxml.run(source))
            renderer.emit(s)


_DATA: dict[type, Callable[[Drawer, Any], None]] = {
    Table: _table,
    Tree: lambda renderer, node: _tree(renderer, node.items, 0),
    Note: _note,
    Heading: _heading,
    Paragraph: _paragraph,
    Items: _items,
    PageBreak: _page_break,
    Figures: _figures,
    Chart: charts.draw_chart,
    Gantt: charts.draw_gantt,
    Map: charts.draw_map,
    Copy: _copy,
}
