"""Drawing data nodes (what blocks build) as WordprocessingML, through the writer's sink and
named styles; their text is already French (the typography filter ran)."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from livrables.writers.docx import charts, tables
from livrables.writers.docx.target import minimum_widths

if TYPE_CHECKING:
    from livrables.writers.docx.body import DocxWriter

LIST_INDENT = 360
JC = {"center": "center", "right": "right"}


def draw_data(renderer: DocxWriter, node: Block) -> None:
    if isinstance(node, Table):
        _table(renderer, node)
    elif isinstance(node, Tree):
        _tree(renderer, node.items, 0)
    elif isinstance(node, Note):
        renderer.new_paragraph("Note").append(ooxml.run(node.text))
    elif isinstance(node, Heading):
        level = min(node.level, 6)
        p = renderer.new_paragraph(f"Heading{level}", keep_next=True)
        p.append(ooxml.run(node.text))
    elif isinstance(node, Paragraph):
        p = renderer.new_paragraph()
        if node.label:
            p.append(ooxml.run(node.label + " ", bold=True))
        p.append(ooxml.run(node.text))
    elif isinstance(node, Items):
        num_id = renderer.target.numbering.new_list(node.ordered, 0, 1)
        for item in node.items:
            p = ooxml.paragraph("ListParagraph", num=(num_id, 0))
            p.append(ooxml.run(item))
            renderer.emit(p)
    elif isinstance(node, PageBreak):
        p = ooxml.paragraph()
        p.append(ooxml.page_break())
        renderer.emit(p)
    elif isinstance(node, Figures):
        _figures(renderer, node)
    elif isinstance(node, Chart):
        charts.draw_chart(renderer, node)
    elif isinstance(node, Gantt):
        charts.draw_gantt(renderer, node)
    elif isinstance(node, Map):
        charts.draw_map(renderer, node)
    elif isinstance(node, Copy):
        title = renderer.new_paragraph("ACopierTitre", keep_next=True)
        title.append(ooxml.run(node.title + f" ({len(node.text)} caractères)"))
        renderer.new_paragraph("ACopier").append(ooxml.run(node.text))


def _table(renderer: DocxWriter, node: Table) -> None:
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


def _tree(renderer: DocxWriter, items: list[TreeItem], level: int) -> None:
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


def _figures(renderer: DocxWriter, node: Figures) -> None:
    """Key figures as a borderless table: two figures a row, the value large."""
    per_row = 2
    widths = tables.column_widths([1.0] * per_row)
    tbl = tables.TableText("TableauChiffres", widths)
    for start in range(0, len(node.figures), per_row):
        tbl.row()
        for index in range(per_row):
            cell = tbl.cell(widths[index])
            if start + index >= len(node.figures):
                cell.paragraph("TableText")
                continue
            value, label, source = node.figures[start + index]
            cell.paragraph("ChiffreValeur", text=value)
            cell.paragraph("ChiffreLibelle", text=label)
            cell.paragraph("ChiffreSource", text=source)
    renderer.emit_table(tbl)
