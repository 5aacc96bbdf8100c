"""Native Office charts (Word and PowerPoint alike): python-pptx's chart data, its workbook dated
once and for all, and the brand's look. Both office writers draw a `Chart` node through this, so
a chart in the slides is the chart in the document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.util import Pt

from livrables.charts.labels import headroom, wrap
from livrables.charts.theme import ChartTheme
from livrables.document.nodes import Chart

FIXED_DATE = dt.datetime(2000, 1, 1)
# amounts as the documents write them (« 12 500 € », narrow no-break spaces) whatever the
# reader's locale: the grouping is spelled out, millions first
_NNBSP = '"\u202f"'
EUROS = f"[>=1000000]#{_NNBSP}###{_NNBSP}##0{_NNBSP}€;[>=1000]#{_NNBSP}##0{_NNBSP}€;0{_NNBSP}€"
AXIS_ID_MASK = 0x7FFFFFFF  # python-pptx writes negative c:axId values the schema rejects
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"


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


def chart_data(node: Chart, wrap_at: int) -> Any:
    """The chart's categories (wrapped at `wrap_at` characters) and series, for python-pptx."""
    data = _ChartData(number_format="General")
    data.categories = [wrap(c, wrap_at) for c in node.categories]
    for series in node.series:
        data.add_series(series.name, list(series.values))
    return data


def mask_axis_ids(space: Any) -> None:
    for element in space.iter(f"{{{C_NS}}}axId", f"{{{C_NS}}}crossAx"):
        element.set("val", str(int(element.get("val")) & AXIS_ID_MASK))


def style_chart(chart: Any, node: Chart, theme: ChartTheme, size: float) -> None:
    """The brand's look: its font at `size` points, its palette, each bar labelled."""
    chart.font.name = theme.font
    chart.font.size = Pt(size)
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
    label_size = Pt(size if size >= 14 else size - 1)  # a slide's labels read from afar
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
            labels.font.size = label_size
            labels.font.name = theme.font
            continue
        for point, label in enumerate(source.labels):
            if not label:
                continue
            data_label = series.points[point].data_label
            data_label.position = XL_LABEL_POSITION.OUTSIDE_END
            data_label.text_frame.text = label
            run = data_label.text_frame.paragraphs[0].runs[0]
            run.font.size = label_size
            run.font.name = theme.font
    category = chart.category_axis
    category.reverse_order = True  # the first category on top, as in the table
    category.has_major_gridlines = False
    category.format.line.color.rgb = RGBColor(0x99, 0x99, 0x99)
    category.tick_labels.font.size = Pt(size)
    category.tick_labels.font.name = theme.font  # an axis' own text does not inherit it
    value = chart.value_axis
    value.visible = False
    value.has_major_gridlines = False
    value.minimum_scale = 0
    top = max((v for s in node.series for v in s.values if v is not None), default=1) or 1
    value.maximum_scale = top * headroom(node)  # room for the labels
