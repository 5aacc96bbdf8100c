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
from livrables.document.nodes import (
    Block,
    Chart,
    Figure,
    Figures,
    Gantt,
    GanttRow,
    Grid,
    Group,
    Image,
    Map,
    Table,
)
from livrables.i18n import t
from livrables.writers.pptx.fit import (
    GANTT_PT,
    LEGEND_EMU,
    MIN_PT,
    Fonts,
    Rect,
    gantt_layout,
    header_count,
    table_layout,
    table_rows,
)

GREY = RGBColor(0x59, 0x59, 0x59)


def draw(
    shapes: Any,
    node: Block,
    area: Rect,
    charts: ChartRenderer,
    header: str,
    fonts: Fonts,
    table_pt: int = 0,
    table_widths: tuple[int, ...] = (),
) -> None:
    if isinstance(node, Table | Grid):
        _table(shapes, node, area, header, fonts, table_pt, table_widths)
    elif isinstance(node, Chart):
        frame = shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, area.x, area.y, area.w, area.h, chart_data(node, 50)
        )
        style_chart(frame.chart, node, charts.theme, 14)
        mask_axis_ids(frame.chart._chartSpace)
        _describe(frame, node.title, node.description)
    elif isinstance(node, Gantt):
        _gantt(shapes, node, area, charts, header, fonts)
    elif isinstance(node, Map):
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


def _table(
    shapes: Any,
    node: Table | Grid,
    area: Rect,
    header: str,
    fonts: Fonts,
    table_pt: int,
    table_widths: tuple[int, ...],
) -> None:
    """A native table, its columns as wide as their longest word at least (never a word cut),
    its text at the size the slide's layout chose."""
    rows = table_rows(node)
    columns = max(len(r) for r in rows)
    layout = table_layout(node, area.w, area.h, fonts, table_pt, table_widths)
    size = Pt(layout.size)
    heads = header_count(node)
    frame = shapes.add_table(len(rows), columns, area.x, area.y, area.w, layout.height)
    table = frame.table
    for index, width in enumerate(layout.widths[:columns]):
        table.columns[index].width = Emu(width)
    aligns = _aligns(node, columns)
    for r, row in enumerate(rows):
        table.rows[r].height = Emu(layout.heights[r])
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
            heading = r < heads
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
            (
                (value, 40, True, colour),
                (label, 18, False, text),
                (source, MIN_PT, False, "#595959"),
            )
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


MILESTONE = "♦"
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
GROUP_FILL = RGBColor(0xE4, 0xEA, 0xF1)


def _gantt(
    shapes: Any, node: Gantt, area: Rect, charts: ChartRenderer, header: str, fonts: Fonts
) -> None:
    """The calendar as a native table anyone can edit in PowerPoint: the action, one column
    per period shaded in its status's colour where the action runs, a diamond for a
    milestone, the years over the periods; its legend under it."""
    theme = charts.theme
    layout = gantt_layout(node, area.w, fonts)
    count = len(node.periods)
    rows = len(node.rows) + 2
    frame = shapes.add_table(rows, count + 1, area.x, area.y, area.w, sum(layout.heights))
    table = frame.table
    tbl = frame._element.graphic.graphicData.tbl
    tbl.tblPr.set("bandRow", "0")
    table.columns[0].width = Emu(layout.label)
    for index in range(count):
        table.columns[index + 1].width = Emu(layout.cell)
    for index, height in enumerate(layout.heights):
        table.rows[index].height = Emu(height)
    head = RGBColor.from_string(header[1:])

    def put(r: int, c: int, text: str, size: int, **style: Any) -> None:
        cell = table.cell(r, c)
        cell.margin_top = cell.margin_bottom = Emu(45720)
        cell.margin_left = cell.margin_right = Emu(45720 if c else 91440)
        cell.fill.solid()
        cell.fill.fore_color.rgb = style.get("fill", WHITE)
        paragraph = cell.text_frame.paragraphs[0]
        paragraph.alignment = style.get("align", PP_ALIGN.CENTER)
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        if text:
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.bold = style.get("bold", False)
            run.font.color.rgb = style.get("colour", RGBColor.from_string(theme.text[1:]))

    table.cell(0, 0).merge(table.cell(1, 0))
    put(0, 0, t("Action"), GANTT_PT, fill=head, colour=WHITE, bold=True, align=PP_ALIGN.LEFT)
    column = 1
    for year, span in _years(node):
        if span > 1:
            table.cell(0, column).merge(table.cell(0, column + span - 1))
        put(0, column, str(year), MIN_PT, fill=head, colour=WHITE, bold=True)
        column += span
    monthly = bool(node.periods) and node.periods[0][1].month == node.periods[0][0].month
    for index, (_, _, label) in enumerate(node.periods):
        short = label.split()[0] if label.split() else label
        put(1, index + 1, short[0].upper() if monthly else short, MIN_PT, fill=head, colour=WHITE)
    for r, row in enumerate(node.rows, 2):
        if isinstance(row, Group):
            table.cell(r, 0).merge(table.cell(r, count))
            put(r, 0, row.text, GANTT_PT, fill=GROUP_FILL, bold=True, align=PP_ALIGN.LEFT)
            continue
        assert isinstance(row, GanttRow)
        put(r, 0, row.label, GANTT_PT, align=PP_ALIGN.LEFT)
        colour = RGBColor.from_string(theme.status(row.status)[1:])
        for index, (start, end, _) in enumerate(node.periods):
            running = row.start <= end and row.end >= start
            milestone = any(start <= m.date <= end for m in row.milestones)
            put(
                r,
                index + 1,
                MILESTONE if milestone else "",
                MIN_PT,
                fill=colour if running else WHITE,
                colour=WHITE if running else RGBColor.from_string(theme.text[1:]),
            )
    _describe(frame, node.title, node.description)
    legend = shapes.add_textbox(
        area.x, area.y + sum(layout.heights) + 45720, area.w, LEGEND_EMU
    ).text_frame
    paragraph = legend.paragraphs[0]
    pieces = [(f"■\u00a0{label}    ", theme.status(key)) for key, label in node.statuses]
    if any(isinstance(r, GanttRow) and r.milestones for r in node.rows):
        pieces.append((f"{MILESTONE}\u00a0jalon", theme.text))
    for text, colour in pieces:
        swatch, _, rest = text.partition("\u00a0")
        for part, rgb in ((swatch + "\u00a0", colour), (rest, theme.text)):
            run = paragraph.add_run()
            run.text = part
            run.font.size = Pt(GANTT_PT)
            run.font.color.rgb = RGBColor.from_string(rgb[1:])


def _years(node: Gantt) -> list[tuple[int, int]]:
    years: list[tuple[int, int]] = []
    for start, _, _ in node.periods:
        if years and years[-1][0] == start.year:
            years[-1] = (start.year, years[-1][1] + 1)
        else:
            years.append((start.year, 1))
    return years
