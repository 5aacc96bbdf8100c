"""Charts in the DOCX: native Word charts (DrawingML chart parts, their data in an embedded
workbook) written by python-pptx's chart XML writer, the Gantt as a Word table with shaded
cells, the map as a picture drawn by Vega-Lite. The client edits them as any Word chart."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import Part
from docx.oxml import parse_xml

from livrables import ooxml
from livrables.caches import PACKAGE, process_cache
from livrables.charts.render import ChartRenderer
from livrables.charts.theme import ChartTheme
from livrables.charts.vega import spec_of
from livrables.document.nodes import Chart, Gantt, GanttRow, Group, Map
from livrables.i18n import is_source, t
from livrables.writers.docx import tables

if TYPE_CHECKING:
    from livrables.writers.docx.target import Drawer

CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EMU_PER_TWIP = 635
MAX_HEIGHT_CM = 20.0
EMU_PER_CM = 360000
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def draw_chart(writer: Drawer, node: Chart) -> None:
    part = writer.target.part
    charts = writer.target.charts
    made = charts.kept(
        _chart_source(node, charts.theme), "docx-chart", lambda: _chart(node, charts)
    )
    parts = _split(made) or _split(_chart(node, charts))  # a damaged cache: made again
    if parts is None:
        raise RuntimeError("graphique Word illisible")
    xml, xlsx = parts
    package = part.package
    chart_part = Part(package.next_partname("/word/charts/chart%d.xml"), CHART_CT, b"", package)
    workbook = Part(
        package.next_partname("/word/embeddings/Microsoft_Excel_Sheet%d.xlsx"),
        XLSX_CT,
        xlsx,
        package,
    )
    if chart_part.relate_to(workbook, RT.PACKAGE) != WORKBOOK_RID:  # as the XML says
        raise RuntimeError("relation inattendue du classeur d'un graphique")
    chart_part._blob = xml
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


WORKBOOK_RID = "rId1"  # the chart part's first and only relation


@process_cache(PACKAGE)
def _code_digest() -> str:
    """What the chart's XML is made by: python-pptx, XlsxWriter and our styling code."""
    from importlib.metadata import version
    from importlib.util import find_spec

    digest = hashlib.sha256(f"{version('python-pptx')}|{version('XlsxWriter')}".encode())
    for module in ("livrables.charts.office", __name__):
        spec = find_spec(module)
        assert spec is not None and spec.origin is not None
        digest.update(Path(spec.origin).read_bytes())
    return digest.hexdigest()


def _chart_source(node: Chart, theme: ChartTheme) -> str:
    """All that shapes the chart's part and workbook: equal sources, equal bytes. The fields
    its drawing does not read yet (kind, axis, stacked) are in too: reading them later changes
    the code's digest, never lets two charts share an entry."""
    shaped = {
        "kind": [node.kind, node.axis, node.stacked],
        "categories": node.categories,
        "series": [[s.name, list(s.values), s.labels, s.colour] for s in node.series],
        "unit": node.unit,
        "theme": [theme.palette, theme.text, theme.font],
    }
    return f"docx-chart|{_code_digest()}|{json.dumps(shaped, ensure_ascii=False)}"


def _chart(node: Chart, charts: ChartRenderer) -> bytes:
    """The chart part's XML and its workbook, in one blob: the XML's length (8 bytes), the XML,
    the workbook. python-pptx's chart writer (a fifth of a second to import) runs only here."""
    from pptx.chart.chart import Chart as PptxChart
    from pptx.chart.xmlwriter import ChartXmlWriter
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.oxml import parse_xml as parse_chart_xml

    from livrables.charts.office import chart_data, mask_axis_ids, style_chart

    data = chart_data(node, 40)
    xml = ChartXmlWriter(XL_CHART_TYPE.BAR_CLUSTERED, data).xml
    space = parse_chart_xml(xml.encode("utf-8") if isinstance(xml, str) else xml)
    style_chart(PptxChart(space, None), node, charts.theme, 9)
    mask_axis_ids(space)
    space.get_or_add_externalData().rId = WORKBOOK_RID
    blob = serialize_part_xml(space)
    workbook: bytes = data.xlsx_blob
    return len(blob).to_bytes(8, "big") + blob + workbook


def _split(made: bytes) -> tuple[bytes, bytes] | None:
    """`_chart`'s blob as (chart XML, workbook); None when it is not one."""
    size = int.from_bytes(made[:8], "big")
    xml, xlsx = made[8 : 8 + size], made[8 + size :]
    if len(xml) != size or not xml.startswith(b"<?xml") or not xlsx.startswith(b"PK"):
        return None
    return xml, xlsx


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


def _caption(writer: Drawer, number: int, title: str) -> None:
    p = ooxml.paragraph("Caption")
    p.append(ooxml.run(t("Figure") + " "))
    p.extend(ooxml.field("SEQ Figure \\* ARABIC", str(number)))
    p.append(ooxml.run(("\u00a0: " if is_source() else ": ") + title))
    writer.emit(p)


def draw_map(writer: Drawer, node: Map) -> None:
    charts = writer.target.charts
    png = charts.png(spec_of(node, charts.theme))
    p = writer.new_paragraph("Figure", keep_next=True)
    p.append(ooxml.picture(writer.target.part, io.BytesIO(png), node.description))
    _caption(writer, node.number, node.title)


GANTT_LABEL_CM = 6.0
MILESTONE = "♦"  # in the brand's fonts (U+25C6 is not)


def draw_gantt(writer: Drawer, node: Gantt) -> None:
    """A table: the action, then one narrow column per period, shaded where the action runs
    in the colour of its status; a diamond marks a milestone; years head the periods."""
    theme = writer.target.charts.theme
    label_width = int(GANTT_LABEL_CM * 567)
    count = len(node.periods)
    landscape = count > 24
    total = ooxml.LANDSCAPE_TEXT_WIDTH_TWIPS if landscape else ooxml.TEXT_WIDTH_TWIPS
    cell = (total - label_width) // count
    widths = [total - cell * count, *([cell] * count)]
    tbl = tables.TableText("TableauLivrables", widths, banded=False)  # only the bars shaded
    years: list[tuple[int, int]] = []
    for start, _, _ in node.periods:
        if years and years[-1][0] == start.year:
            years[-1] = (start.year, years[-1][1] + 1)
        else:
            years.append((start.year, 1))
    tbl.row(header=True)
    tbl.text_cell(widths[0], "Action", "TableHeading", None)
    for year, span in years:
        tbl.text_cell(cell * span, str(year), "TableHeading", "center", span)
    tbl.row(header=True)
    tbl.text_cell(widths[0], "", "TableHeading", None)
    monthly = node.periods[0][1].month == node.periods[0][0].month
    for _, _, label in node.periods:
        short = label.split()[0]
        tbl.text_cell(cell, short[0].upper() if monthly else short, "TableHeading", "center")
    for row in node.rows:
        tbl.row()
        if isinstance(row, Group):
            tbl.text_cell(total, row.text, "TableGroup", None, len(widths), tables.GROUP_FILL)
            continue
        assert isinstance(row, GanttRow)
        tbl.text_cell(widths[0], row.label, "TableText", None)
        fill = theme.status(row.status)[1:]
        for start, end, _ in node.periods:
            running = row.start <= end and row.end >= start
            milestone = any(start <= m.date <= end for m in row.milestones)
            tbl.cell(cell, fill=fill if running else "").paragraph(
                "TableText",
                "center",
                MILESTONE if milestone else None,
                colour="#FFFFFF" if running else theme.text,
            )
    writer.emit_table(tbl, wide=landscape)
    legend = writer.new_paragraph(keep_next=True)
    for key, label in node.statuses:
        legend.append(ooxml.run("■\u00a0", colour=theme.status(key)))
        legend.append(ooxml.run(label + "    "))
    if any(isinstance(r, GanttRow) and r.milestones for r in node.rows):
        legend.append(ooxml.run(f"{MILESTONE}\u00a0jalon"))
    _caption(writer, node.number, node.title)
