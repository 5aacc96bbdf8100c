"""What a slide draws rather than writes: tables, native charts, the Gantt and the map as
pictures, pictures, key figures — each fitted into the box its layout gives it."""

from __future__ import annotations

import io
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Pt

from livrables.charts.office import chart_data, mask_axis_ids, style_chart
from livrables.charts.render import ChartRenderer
from livrables.charts.vega import spec_of
from livrables.document.nodes import Block, Chart, Figure, Figures, Gantt, Grid, Image, Map, Table
from livrables.writers.pptx.fit import (
    EMU_PER_PT,
    Rect,
    column_widths,
    table_font,
    table_rows,
)

GREY = RGBColor(0x59, 0x59, 0x59)


def draw(shapes: Any, node: Block, area: Rect, charts: ChartRenderer, header: str) -> None:
    if isinstance(node, Table | Grid):
        _table(shapes, node, area, header)
    elif isinstance(node, Chart):
        frame = shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, area.x, area.y, area.w, area.h, chart_data(node, 50)
        )
        style_chart(frame.chart, node, charts.theme, 14)
        mask_axis_ids(frame.chart._chartSpace)
        _describe(frame, node.title, node.description)
    elif isinstance(node, Gantt | Map):
        png = charts.png(spec_of(node, charts.theme))
        _picture(shapes, io.BytesIO(png), area, node.title, node.description)
    elif isinstance(node, Figure):
        image = next((c for c in node.children if isinstance(c, Image)), None)
        if image is not None and image.path is not None:
            _picture(shapes, str(image.path), area, node.caption, image.alt or node.caption)
    elif isinstance(node, Figures):
        _figures(shapes, node, area, charts.theme.text, header)


def _describe(shape: Any, title: str, description: str) -> None:
    """The shape's text alternative, read aloud by a screen reader."""
    c_nv_pr = shape._element.xpath("./*[1]/p:cNvPr")[0]
    c_nv_pr.set("descr", description)
    if title:
        c_nv_pr.set("title", title)


def _picture(shapes: Any, source: Any, area: Rect, title: str, alt: str) -> None:
    picture = shapes.add_picture(source, area.x, area.y)
    ratio = min(area.w / picture.width, area.h / picture.height)
    picture.width, picture.height = int(picture.width * ratio), int(picture.height * ratio)
    picture.left = area.x + (area.w - picture.width) // 2
    picture.top = area.y + (area.h - picture.height) // 2
    _describe(picture, title, alt)


def _table(shapes: Any, node: Table | Grid, area: Rect, header: str) -> None:
    rows = table_rows(node)
    columns = max(len(r) for r in rows)
    size = Pt(table_font(len(rows)))
    row_height = int((table_font(len(rows)) * 1.15 + 7.2) * EMU_PER_PT)
    frame = shapes.add_table(len(rows), columns, area.x, area.y, area.w, row_height * len(rows))
    table = frame.table
    for index, width in enumerate(column_widths(node, area.w)[:columns]):
        table.columns[index].width = Emu(width)
    aligns = _aligns(node, columns)
    for r, row in enumerate(rows):
        table.rows[r].height = Emu(row_height)
        if len(row) == 1 and columns > 1:  # a group row: one cell across
            table.cell(r, 0).merge(table.cell(r, columns - 1))
        for c in range(columns):
            cell = table.cell(r, c)
            if c >= len(row):
                continue
            cell.margin_top = cell.margin_bottom = Emu(45720)
            frame_ = cell.text_frame
            frame_.word_wrap = True
            paragraph = frame_.paragraphs[0]
            paragraph.alignment = aligns[c] if len(row) > 1 else PP_ALIGN.LEFT
            run = paragraph.add_run()
            run.text = row[c]
            run.font.size = size
            heading = r == 0
            run.font.bold = heading or len(row) == 1
            if heading:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(header[1:])
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            elif len(row) == 1:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor(0xE4, 0xEA, 0xF1)
            else:
                cell.fill.solid()
                light = r % 2 == 1
                cell.fill.fore_color.rgb = (
                    RGBColor(0xFF, 0xFF, 0xFF) if light else RGBColor(0xF3, 0xF5, 0xF8)
                )
    _describe(frame, "", rows[0][0] if rows and rows[0] else "Tableau")


def _aligns(node: Table | Grid, columns: int) -> list[Any]:
    table = {
        "left": PP_ALIGN.LEFT,
        "center": PP_ALIGN.CENTER,
        "right": PP_ALIGN.RIGHT,
        "": PP_ALIGN.LEFT,
    }
    if isinstance(node, Table):
        found = [table[c.align] for c in node.columns]
    else:
        found = [table.get(cell.align, PP_ALIGN.LEFT) for cell in node.rows[0]]
    return (found + [PP_ALIGN.LEFT] * columns)[:columns]


def _figures(shapes: Any, node: Figures, area: Rect, text: str, colour: str) -> None:
    """The key figures in a row (two rows beyond three): the value large, its label under it,
    its source small."""
    count = len(node.figures)
    per_row = count if count <= 3 else (count + 1) // 2
    rows = (count + per_row - 1) // per_row
    gap = 182880
    width = (area.w - gap * (per_row - 1)) // per_row
    height = min((area.h - gap * (rows - 1)) // rows, 2743200)
    top = area.y + (area.h - height * rows - gap * (rows - 1)) // 2
    for index, (value, label, source) in enumerate(node.figures):
        row, column = divmod(index, per_row)
        box = shapes.add_textbox(
            area.x + column * (width + gap), top + row * (height + gap), width, height
        )
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        for number, (words, size, bold, rgb) in enumerate(
            ((value, 40, True, colour), (label, 18, False, text), (source, 11, False, "#595959"))
        ):
            paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            run = paragraph.add_run()
            run.text = words
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = RGBColor.from_string(rgb[1:])
            if number == 0:
                run.font.name = "+mj-lt"
