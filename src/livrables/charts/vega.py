"""Vega-Lite specifications of the chart nodes: the data, the brand's colours and fonts, and
what to draw with which mark. Vega-Lite lays out and draws; nothing here computes geometry."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from livrables.caches import PACKAGE, process_cache
from livrables.charts.labels import (
    LABEL_CHARS,
    SCREEN_LABEL_CHARS,
    SCREEN_WIDTH,
    headroom,
    scaled,
    screen_step,
    wrap,
)
from livrables.charts.theme import ChartTheme
from livrables.content.pays import MAP_DATA
from livrables.document.nodes import Chart, Gantt, GanttRow, Group, Map
from livrables.i18n import t

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
WIDTH = 600  # px: the HTML page's text column
Spec = dict[str, Any]


def _config(theme: ChartTheme) -> Spec:
    return {
        "font": theme.font,
        "aria": False,  # the chart is one image (its title and description): no inner roles
        "background": "#FFFFFF",
        "view": {"stroke": None},
        "axis": {
            "labelColor": theme.text,
            "titleColor": theme.text,
            "labelFontSize": 11,
            "domainColor": "#999999",
            "tickColor": "#999999",
        },
        "legend": {
            "labelColor": theme.text,
            "labelFontSize": 11,
            "titleFontSize": 11,
            "labelLimit": 160,
        },
        "header": {"labelColor": theme.text, "labelFontSize": 11, "labelFontWeight": "bold"},
        "text": {"color": theme.text, "fontSize": 10},
    }


def spec_of(node: Chart | Gantt | Map, theme: ChartTheme) -> Spec:
    if isinstance(node, Chart):
        spec = _bars(node, theme)
    elif isinstance(node, Gantt):
        spec = _gantt(node, theme)
    else:
        spec = _map(node, theme)
    full = {"$schema": SCHEMA, "config": _config(theme), **spec}
    return scaled(full, theme.font_scale) if theme.font_scale != 1.0 else full


def _bars(node: Chart, theme: ChartTheme) -> Spec:
    screen = theme.font_scale != 1.0
    chars = SCREEN_LABEL_CHARS if screen else LABEL_CHARS  # a slide is wider

    def label(text: str) -> str:
        return wrap(text, chars)

    rows = [
        {
            "categorie": label(category),
            "serie": series.name,
            "valeur": series.values[index],
            "texte": series.labels[index],
        }
        for index, category in enumerate(node.categories)
        for series in node.series
        if series.values[index] is not None
    ]
    names = [s.name for s in node.series]
    colours = [
        theme.colour(s.colour if s.colour >= 0 else index) for index, s in enumerate(node.series)
    ]
    grouped = len(node.series) > 1
    lines = max(len(label(c).split("\n")) for c in node.categories)
    step = max(22 * len(node.series), 14 * lines + 6)
    y = {
        "field": "categorie",
        "type": "nominal",
        "sort": [label(c) for c in node.categories],
        "title": None,
        "axis": {"labelExpr": "split(datum.label, '\\n')", "labelLimit": 260, "ticks": False},
    }
    top = max(v for s in node.series for v in s.values if v is not None) or 1
    x = {
        "field": "valeur",
        "type": "quantitative",
        "axis": None,
        "scale": {"domain": [0, top * headroom(node)]},  # room for the labels
    }
    encoding: Spec = {"y": y, "x": x}
    if grouped:
        encoding["yOffset"] = {"field": "serie", "type": "nominal", "sort": names}
    bar_colour = {
        "field": "serie",
        "type": "nominal",
        "scale": {"domain": names, "range": colours},
        "legend": {"orient": "bottom", "title": None} if grouped else None,
    }
    size: Spec = {"width": WIDTH - 260, "height": {"step": step, "for": "position"}}
    if screen:  # a slide's: drawn at the size of its box, shown unscaled, labels apart
        size = {
            "width": SCREEN_WIDTH - round(260 * theme.font_scale),
            "height": len(node.categories) * screen_step(node),
        }
    return {
        **size,
        "data": {"values": rows},
        "encoding": encoding,
        "layer": [
            {"mark": {"type": "bar", "cornerRadiusEnd": 1}, "encoding": {"color": bar_colour}},
            {
                "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 4},
                "encoding": {"text": {"field": "texte"}},
            },
        ],
    }


def _gantt(node: Gantt, theme: ChartTheme) -> Spec:
    """Bars from start to end and milestones as diamonds, one dataset (a facet by objective
    needs it whole), each layer filtering its own rows."""
    group = ""
    rows: list[Spec] = []
    for order, row in enumerate(node.rows):
        if isinstance(row, Group):
            group = row.text
            continue
        assert isinstance(row, GanttRow)
        label = wrap(row.label, 40)
        common = {"groupe": wrap(group, 90), "action": label, "ordre": order}
        rows.append(
            {
                **common,
                "genre": "action",
                "debut": row.start.isoformat(),
                "fin": row.end.isoformat(),
                "statut": row.status_label,
            }
        )
        rows += [
            {**common, "genre": "jalon", "debut": m.date.isoformat(), "jalon": m.label}
            for m in row.milestones
        ]
    statuses = [label for _, label in node.statuses]
    colours = [theme.status(key) for key, _ in node.statuses]
    first, last = node.periods[0][0], node.periods[-1][1]
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    y = {
        "field": "action",
        "type": "nominal",
        "sort": {"field": "ordre"},
        "title": None,
        "axis": {"labelExpr": "split(datum.label, '\\n')", "labelLimit": 240, "ticks": False},
    }
    x = {
        "field": "debut",
        "type": "temporal",
        "title": None,
        "scale": {"domain": [first.isoformat(), last.isoformat()]},
        "axis": {
            "format": "%b %Y",
            "tickCount": {"interval": "month", "step": 3 if months <= 24 else 6},
            "grid": True,
            "gridColor": "#E3E3E3",
            "labelAngle": 0,
        },
    }
    layers: list[Spec] = [
        {
            "transform": [{"filter": "datum.genre === 'action'"}],
            "mark": {"type": "bar", "height": 12, "cornerRadius": 2, "clip": True},
            "encoding": {
                "y": y,
                "x": x,
                "x2": {"field": "fin"},
                "color": {
                    "field": "statut",
                    "type": "nominal",
                    "scale": {"domain": statuses, "range": colours},
                    "legend": {"orient": "bottom", "title": t("Statut")},
                },
            },
        }
    ]
    if any(r["genre"] == "jalon" for r in rows):
        layers.append(
            {
                "transform": [{"filter": "datum.genre === 'jalon'"}],
                "mark": {
                    "type": "point",
                    "shape": "diamond",
                    "filled": True,
                    "size": 90,
                    "color": theme.text,
                    "stroke": "#FFFFFF",
                    "strokeWidth": 1,
                    "opacity": 1,
                    "clip": True,
                },
                "encoding": {"y": y, "x": x, "tooltip": {"field": "jalon"}},
            }
        )
    inner = {"width": WIDTH - 260, "height": {"step": 34}, "layer": layers}
    if not any(isinstance(r, Group) for r in node.rows):
        return {"data": {"values": rows}, **inner}
    return {
        "data": {"values": rows},
        "facet": {
            "row": {
                "field": "groupe",
                "type": "nominal",
                "sort": list(dict.fromkeys(r["groupe"] for r in rows)),
                "title": None,
                "header": {
                    "labelAngle": 0,
                    "labelAlign": "left",
                    "labelAnchor": "start",
                    "labelOrient": "top",
                    "labelLimit": WIDTH,
                    "labelExpr": "split(datum.label, '\\n')",
                },
            }
        },
        "resolve": {"scale": {"y": "independent"}},
        "spacing": 8,
        "spec": inner,
    }


@process_cache(PACKAGE)
def _world() -> Any:
    return json.loads((MAP_DATA / "countries-110m.json").read_text("utf-8"))


@process_cache(PACKAGE)
def _world_digest() -> str:
    return "sha256:" + hashlib.sha256((MAP_DATA / "countries-110m.json").read_bytes()).hexdigest()


def cache_source(spec: Spec) -> str:
    """The text a drawing is cached under: the spec, with the world's arcs (9 in 10 of a map's
    spec, the same in every map) named by the digest of the file they come from."""
    layers = spec.get("layer")
    if isinstance(layers, list) and any(_holds_world(layer) for layer in layers):
        named = []
        for layer in layers:
            if _holds_world(layer):
                values = {**layer["data"]["values"], "arcs": _world_digest()}
                layer = {**layer, "data": {**layer["data"], "values": values}}
            named.append(layer)
        spec = {**spec, "layer": named}
    return json.dumps(spec, sort_keys=True, ensure_ascii=False)


def _holds_world(layer: Any) -> bool:
    values = layer.get("data", {}).get("values") if isinstance(layer, dict) else None
    return isinstance(values, dict) and values.get("arcs") is _world()["arcs"]


MARGIN_LON, MARGIN_LAT = 9.0, 6.0  # degrees of map around the places shown
Box = tuple[float, float, float, float]  # west, south, east, north, in degrees


@process_cache(PACKAGE)
def _arc_boxes() -> list[Box]:
    """Each arc's extent in degrees (TopoJSON arcs are quantised and delta-encoded)."""
    world = _world()
    (sx, sy), (tx, ty) = world["transform"]["scale"], world["transform"]["translate"]
    boxes = []
    for arc in world["arcs"]:
        x = y = 0
        xs, ys = [], []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            xs.append(x * sx + tx)
            ys.append(y * sy + ty)
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _arcs_of(value: Any) -> list[int]:
    if isinstance(value, int):
        return [value if value >= 0 else ~value]
    return [index for item in value for index in _arcs_of(item)]


def _world_near(box: Box) -> Any:
    """The world, with only the countries that may show in (or near) the box: drawing the
    others costs time and page weight for shapes clipped away."""
    world = _world()
    boxes = _arc_boxes()
    west, south, east, north = box
    pad = 0.6 * max(east - west, north - south)  # the view may show more than the box
    kept = []
    for geometry in world["objects"]["countries"]["geometries"]:
        arcs = _arcs_of(geometry.get("arcs", []))
        if not arcs:
            continue
        gw = min(boxes[a][0] for a in arcs)
        gs = min(boxes[a][1] for a in arcs)
        ge = max(boxes[a][2] for a in arcs)
        gn = max(boxes[a][3] for a in arcs)
        if ge >= west - pad and gw <= east + pad and gn >= south - pad and gs <= north + pad:
            kept.append(geometry)
    countries = {**world["objects"]["countries"], "geometries": kept}
    return {**world, "objects": {**world["objects"], "countries": countries}}


def _map(node: Map, theme: ChartTheme) -> Spec:
    home = [code for code, is_home in node.countries if is_home]
    partners = [code for code, is_home in node.countries if not is_home]
    fill = {
        "condition": [
            {"test": f"indexof({json.dumps(home)}, datum.id) >= 0", "value": theme.home_area},
            {
                "test": f"indexof({json.dumps(partners)}, datum.id) >= 0",
                "value": theme.partner_area,
            },
        ],
        "value": "#E6E6E6",
    }
    places = [
        {
            "nom": p.label,
            "lat": p.latitude,
            "lon": p.longitude,
            "role": t("La collectivité" if p.home else "Territoire partenaire"),
        }
        for p in node.places
    ]
    projection: Spec = {"type": "mercator"}
    world = _world()
    if places:
        lons = [p.longitude for p in node.places]
        lats = [p.latitude for p in node.places]
        box = [
            [max(min(lons) - MARGIN_LON, -180), max(min(lats) - MARGIN_LAT, -80)],
            [min(max(lons) + MARGIN_LON, 180), min(max(lats) + MARGIN_LAT, 80)],
        ]
        projection["fit"] = {
            "type": "Feature",
            "geometry": {"type": "MultiPoint", "coordinates": box},
        }
        world = _world_near((box[0][0], box[0][1], box[1][0], box[1][1]))
    roles = [t("La collectivité"), t("Territoire partenaire")]
    where = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
    }
    return {
        "width": WIDTH,
        "height": 420,
        "view": {"fill": theme.water, "stroke": None},
        "projection": projection,
        "layer": [
            {
                "data": {
                    "values": world,
                    "format": {"type": "topojson", "feature": "countries"},
                },
                "mark": {"type": "geoshape", "stroke": "#FFFFFF", "strokeWidth": 0.6, "clip": True},
                "encoding": {"color": fill},
            },
            {
                "data": {"values": places},
                "mark": {"type": "circle", "size": 90, "opacity": 1, "stroke": "#FFFFFF"},
                "encoding": {
                    **where,
                    "color": {
                        "field": "role",
                        "type": "nominal",
                        "scale": {"domain": roles, "range": [theme.colour(0), theme.colour(1)]},
                        "legend": {"orient": "bottom", "title": None},
                    },
                },
            },
            {
                "data": {"values": places},
                "mark": {"type": "text", "dy": -12, "fontSize": 12, "fontWeight": "bold"},
                "encoding": {**where, "text": {"field": "nom"}},
            },
        ],
    }
