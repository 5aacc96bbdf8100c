"""Charts in the DOCX: native Word charts (DrawingML chart parts, their data in an embedded
workbook) written by python-pptx's chart XML writer, the Gantt as a Word table with shaded
cells, the map as a picture drawn by Vega-Lite. The client edits them as any Word chart."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import Part
from docx.oxml import parse_xml
from pptx.chart.chart import Chart as PptxChart
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.oxml import parse_xml as parse_chart_xml
from pptx.util import Pt

from livrables import ooxml
from livrables.charts.vega import headroom, spec_of, wrap
from livrables.document.nodes import Chart, Gantt, GanttRow, Group, Map
from livrables.writers.docx import tables

if TYPE_CHECKING:
    from livrables.writers.docx.body import DocxWriter

CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIXED_DATE = dt.datetime(2000, 1, 1)
EMU_PER_TWIP = 635
MAX_HEIGHT_CM = 20.0
# amounts as the documents write them (« 12 500 € », narrow no-break spaces) whatever the
# reader's locale: the grouping is spelled out, millions first
_NNBSP = '"\u202f"'
EUROS = f"[>=1000000]#{_NNBSP}###{_NNBSP}##0{_NNBSP}€;[>=1000]#{_NNBSP}##0{_NNBSP}€;0{_NNBSP}€"
EMU_PER_CM = 360000
AXIS_ID_MASK = 0x7FFFFFFF  # python-pptx writes negative c:axId values the schema rejects
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


class _Workbook(CategoryWorkbookWriter):  # type: ignore[misc]
    """The chart's workbook, dated like the rest of the package: not by the clock (the same
    inputs give the same bytes)."""

    def _populate_worksheet(self, workbook: Any, worksheet: Any) -> None:
        workbook.set_properties({"created": FIXED_DATE})
        super()._populate_worksheet(workbook, worksheet)


class _ChartData(CategoryChartData):  # type: ignore[misc]
    @property
    def _workbook_writer(self) -> _Workbook:
        return _Workbook(self)


def draw_chart(writer: DocxWriter, node: Chart) -> None:
    part = writer.target.part
    data = _ChartData(number_format="General")
    data.categories = [wrap(c, 40) for c in node.categories]
    for series in node.series:
        data.add_series(series.name, list(series.values))
    xml = ChartXmlWriter(XL_CHART_TYPE.BAR_CLUSTERED, data).xml
    space = parse_chart_xml(xml.encode("utf-8") if isinstance(xml, str) else xml)
    _style(PptxChart(space, None), node, writer)
    for element in space.iter(f"{{{C_NS}}}axId", f"{{{C_NS}}}crossAx"):
        element.set("val", str(int(element.get("val")) & AXIS_ID_MASK))
    package = part.package
    chart_part = Part(package.next_partname("/word/charts/chart%d.xml"), CHART_CT, b"", package)
    workbook = Part(
        package.next_partname("/word/embeddings/Microsoft_Excel_Sheet%d.xlsx"),
        XLSX_CT,
        data.xlsx_blob,
        package,
    )
    external = space.get_or_add_externalData()
    external.rId = chart_part.relate_to(workbook, RT.PACKAGE)
    chart_part._blob = serialize_part_xml(space)
    rid = part.relate_to(chart_part, RT.CHART)
    bars = len(node.series)
    longest = max((len(label) for s in node.series for label in s.labels), default=0)
    bar_cm = 0.42 if longest <= 28 else 0.6  # a long label at a bar's end takes two lines
    height_cm = 1.2 + len(node.categories) * (0.45 + bar_cm * bars) + (0.8 if bars > 1 else 0)
    height_cm = min(height_cm, MAX_HEIGHT_CM)  # with its caption, on one page
    width = ooxml.TEXT_WIDTH_TWIPS * EMU_PER_TWIP
    p = writer.new_paragraph("Figure", keep_next=True)
    p.append(_inline(part, rid, width, int(height_cm * EMU_PER_CM), node))
    _caption(writer, node.number, node.title)


def _style(chart: Any, node: Chart, writer: DocxWriter) -> None:
    theme = writer.target.charts.theme
    chart.font.name = theme.font
    chart.font.size = Pt(9)
    chart.font.color.rgb = RGBColor.from_string(theme.text[1:])
    chart.has_title = False
    chart.has_legend = len(node.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.overlap = 0
    plot.vary_by_categories = False
    for index, (series, source) in enumerate(zip(plot.series, node.series, strict=True)):
        colour = theme.colour(source.colour if source.colour >= 0 else index)
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(colour[1:])
        if node.unit == "euros":  # labels linked to the workbook: an edited amount shows
            labels = series.data_labels
            labels.number_format = EUROS
            labels.number_format_is_linked = False
            labels.show_value = True
            labels.position = XL_LABEL_POSITION.OUTSIDE_END
            labels.font.size = Pt(8)
            labels.font.name = theme.font
            continue
        for point, label in enumerate(source.labels):
            if not label:
                continue
            data_label = series.points[point].data_label
            data_label.position = XL_LABEL_POSITION.OUTSIDE_END
            data_label.text_frame.text = label
            run = data_label.text_frame.paragraphs[0].runs[0]
            run.font.size = Pt(8)
            run.font.name = theme.font
    category = chart.category_axis
    category.reverse_order = True  # the first category on top, as in the table
    category.has_major_gridlines = False
    category.format.line.color.rgb = RGBColor(0x99, 0x99, 0x99)
    category.tick_labels.font.size = Pt(9)
    category.tick_labels.font.name = theme.font  # an axis' own text does not inherit it
    value = chart.value_axis
    value.visible = False
    value.has_major_gridlines = False
    value.minimum_scale = 0
    top = max((v for s in node.series for v in s.values if v is not None), default=1) or 1
    value.maximum_scale = top * headroom(node)  # room for the labels


def _inline(part: Any, rid: str, cx: int, cy: int, node: Chart) -> Any:
    """A run holding the chart at (cx, cy) EMU, with its text alternative."""
    shape_id = part.next_id
    xml = (
        f'<w:r xmlns:w="{ooxml.W_NS}"><w:drawing>'
        f'<wp:inline xmlns:wp="{WP_NS}" '
        'distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Graphique {shape_id}"/>'
        "<wp:cNvGraphicFramePr/>"
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f'<a:graphicData uri="{C_NS}">'
        f'<c:chart xmlns:c="{C_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
    )
    run = parse_xml(xml)
    doc_pr = run.find(f".//{{{WP_NS}}}docPr")
    doc_pr.set("descr", node.description)
    doc_pr.set("title", node.title)
    return run


def _caption(writer: DocxWriter, number: int, title: str) -> None:
    p = ooxml.paragraph("Caption")
    p.append(ooxml.run("Figure "))
    p.extend(ooxml.field("SEQ Figure \\* ARABIC", str(number)))
    p.append(ooxml.run("\u00a0: " + title))
    writer.emit(p)


def draw_map(writer: DocxWriter, node: Map) -> None:
    charts = writer.target.charts
    png = charts.png(spec_of(node, charts.theme))
    p = writer.new_paragraph("Figure", keep_next=True)
    p.append(ooxml.picture(writer.target.part, io.BytesIO(png), node.description))
    _caption(writer, node.number, node.title)


GANTT_LABEL_CM = 6.0
MILESTONE = "♦"  # in the brand's fonts (U+25C6 is not)


def draw_gantt(writer: DocxWriter, node: Gantt) -> None:
    """A table: the action, then one narrow column per period, shaded where the action runs
    in the colour of its status; a diamond marks a milestone; years head the periods."""
    theme = writer.target.charts.theme
    label_width = int(GANTT_LABEL_CM * 567)
    count = len(node.periods)
    landscape = count > 24
    total = ooxml.LANDSCAPE_TEXT_WIDTH_TWIPS if landscape else ooxml.TEXT_WIDTH_TWIPS
    cell = (total - label_width) // count
    widths = [total - cell * count, *([cell] * count)]
    tbl = tables.table("TableauLivrables", widths, banded=False)  # only the bars shaded
    years: list[tuple[int, int]] = []
    for start, _, _ in node.periods:
        if years and years[-1][0] == start.year:
            years[-1] = (start.year, years[-1][1] + 1)
        else:
            years.append((start.year, 1))
    tr = tables.table_row(tbl, header=True)
    tables.text_cell(tr, widths[0], "Action", "TableHeading", None)
    for year, span in years:
        tables.text_cell(tr, cell * span, str(year), "TableHeading", "center", span)
    tr = tables.table_row(tbl, header=True)
    tables.text_cell(tr, widths[0], "", "TableHeading", None)
    monthly = node.periods[0][1].month == node.periods[0][0].month
    for _, _, label in node.periods:
        short = label.split()[0]
        tables.text_cell(tr, cell, short[0].upper() if monthly else short, "TableHeading", "center")
    for row in node.rows:
        tr = tables.table_row(tbl)
        if isinstance(row, Group):
            tables.text_cell(
                tr, total, row.text, "TableGroup", None, len(widths), tables.GROUP_FILL
            )
            continue
        assert isinstance(row, GanttRow)
        tables.text_cell(tr, widths[0], row.label, "TableText", None)
        fill = theme.status(row.status)[1:]
        for start, end, _ in node.periods:
            tc = tables.table_cell(tr, cell)
            running = row.start <= end and row.end >= start
            if running:
                ooxml.sub(tc[0], "w:shd", val="clear", color="auto", fill=fill)
            p = ooxml.paragraph("TableText", jc="center")
            if any(start <= m.date <= end for m in row.milestones):
                p.append(ooxml.run(MILESTONE, colour="#FFFFFF" if running else theme.text))
            tc.append(p)
    writer.emit_table(tbl, wide=landscape)
    legend = writer.new_paragraph(keep_next=True)
    for key, label in node.statuses:
        legend.append(ooxml.run("■\u00a0", colour=theme.status(key)))
        legend.append(ooxml.run(label + "    "))
    if any(isinstance(r, GanttRow) and r.milestones for r in node.rows):
        legend.append(ooxml.run(f"{MILESTONE}\u00a0jalon"))
    _caption(writer, node.number, node.title)
