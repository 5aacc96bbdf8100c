"""Charts in the HTML: the SVG Vega-Lite draws, inline, as an image with a title and a
description, and the same data as a table behind a `<details>` (after the figure: a figure's
caption must be its first or last child)."""

from __future__ import annotations

import re
from html import escape

from livrables.charts.render import ChartRenderer
from livrables.charts.theme import ChartTheme
from livrables.charts.vega import spec_of
from livrables.document.nodes import Chart, Gantt, GanttRow, Group, Map
from livrables.i18n import figure_caption, t
from livrables.writers.html.data import table_html

_ROOT = re.compile(r"<svg\b([^>]*)>")
_ID = re.compile(r'id="([^"]+)"')
# Vega's ARIA on the marks inside: the chart is one image, named by its title and description
# (a mark with a graphics role and no name of its own fails axe-core's svg-img-alt).
_INNER_ARIA = re.compile(
    r' (?:role="graphics-[a-z]+"|aria-(?:roledescription|label|hidden)="[^"]*")'
)


def draw_chart(node: Chart | Gantt | Map, charts: ChartRenderer) -> str:
    prefix = f"graphique-{node.number}"
    if isinstance(node, Gantt) and charts.theme.font_scale != 1.0:  # a deck's: a table
        return gantt_table(node, charts.theme, prefix)
    svg = _INNER_ARIA.sub("", _own_ids(charts.svg(spec_of(node, charts.theme)), prefix))
    labels = f"{prefix}-titre {prefix}-description"
    svg = _ROOT.sub(
        lambda m: (
            f'<svg{m.group(1)} role="img" aria-labelledby="{labels}">'
            f'<title id="{prefix}-titre">{escape(node.title)}</title>'
            f'<desc id="{prefix}-description">{escape(node.description)}</desc>'
        ),
        svg,
        count=1,
    )
    details = ""
    if node.table is not None:
        details = (
            f"<details><summary>{t('Les données du graphique')}</summary>\n"
            f"{table_html(node.table)}</details>\n"
        )
    kind = node.kind if isinstance(node, Chart) else "gantt" if isinstance(node, Gantt) else "carte"
    return (
        f'<div class="graphique graphique-{kind}" id="{prefix}">\n<figure>\n{svg}\n'
        f"<figcaption>{escape(figure_caption(node.number, node.title))}</figcaption>\n"
        f"</figure>\n{details}</div>\n"
    )


def _own_ids(svg: str, prefix: str) -> str:
    """Ids made unique in the page (two charts both have a "clip1") and the same at every build
    (the engine numbers them from a counter of its own): the chart's prefix and their order.
    An `id="` inside another attribute's name (`grid="`) is not one; the patterns start with
    their text, not with `\\b` (which made the engine try every position of a large SVG)."""
    names = (m.group(1) for m in _ID.finditer(svg) if not _word_before(svg, m.start()))
    ids = {name: f"{prefix}-{index}" for index, name in enumerate(dict.fromkeys(names), 1)}
    if not ids:
        return svg
    pattern = re.compile(r'(id="|url\(#|href="#)(' + "|".join(map(re.escape, ids)) + r')([")])')

    def renamed(match: re.Match[str]) -> str:
        if match.group(1) == 'id="' and _word_before(svg, match.start()):
            return match.group(0)
        return f"{match.group(1)}{ids[match.group(2)]}{match.group(3)}"

    return pattern.sub(renamed, svg)


def _word_before(text: str, index: int) -> bool:
    return index > 0 and (text[index - 1].isalnum() or text[index - 1] == "_")


MILESTONE = "♦"


def gantt_table(node: Gantt, theme: ChartTheme, prefix: str) -> str:
    """The calendar on a slide, as the PowerPoint draws it: a table whose cells are shaded in
    the status's colour where the action runs (the status also written for screen readers),
    a diamond for a milestone, the years over the periods; its legend under it."""
    years: list[tuple[int, int]] = []
    for start, _, _ in node.periods:
        if years and years[-1][0] == start.year:
            years[-1] = (start.year, years[-1][1] + 1)
        else:
            years.append((start.year, 1))
    monthly = bool(node.periods) and node.periods[0][1].month == node.periods[0][0].month
    out = [
        f'<div class="graphique graphique-gantt gantt-tableau" id="{prefix}">\n',
        f'<table aria-describedby="{prefix}-description">\n<thead>\n<tr>'
        '<th scope="col" rowspan="2">Action</th>',
    ]
    out += [f'<th scope="colgroup" colspan="{span}">{year}</th>' for year, span in years]
    out.append("</tr>\n<tr>")
    for _, _, label in node.periods:
        short = label.split()[0] if label.split() else label
        shown = short[0].upper() if monthly else short
        out.append(f'<th scope="col"><abbr title="{escape(label)}">{escape(shown)}</abbr></th>')
    out.append("</tr>\n</thead>\n<tbody>\n")
    labels = dict(node.statuses)
    for row in node.rows:
        if isinstance(row, Group):
            span = len(node.periods) + 1
            out.append(f'<tr class="groupe"><th scope="rowgroup" colspan="{span}">')
            out.append(f"{escape(row.text)}</th></tr>\n")
            continue
        assert isinstance(row, GanttRow)
        out.append(f'<tr><th scope="row">{escape(row.label)}</th>')
        colour = theme.status(row.status)
        status = escape(labels.get(row.status, row.status_label))
        for start, end, _ in node.periods:
            running = row.start <= end and row.end >= start
            milestone = any(start <= m.date <= end for m in row.milestones)
            mark = f'<span aria-hidden="true">{MILESTONE}</span>' if milestone else ""
            said = f'<span class="invisible">{status}{", jalon" if milestone else ""}</span>'
            if running:
                out.append(f'<td class="actif" style="background:{colour}">{mark}{said}</td>')
            else:
                out.append(f"<td>{mark}</td>")
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n")
    legend = [
        f'<span class="cle"><span class="pastille" style="background:{theme.status(key)}">'
        f"</span>{escape(label)}</span>"
        for key, label in node.statuses
    ]
    if any(isinstance(r, GanttRow) and r.milestones for r in node.rows):
        legend.append(f'<span class="cle">{MILESTONE} jalon</span>')
    out.append(f'<p class="legende">{" ".join(legend)}</p>\n')
    out.append(f'<p class="invisible" id="{prefix}-description">{escape(node.description)}</p>\n')
    out.append("</div>\n")
    return "".join(out)
