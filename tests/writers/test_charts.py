"""Charts as they come out of a build: native Word charts with their workbook, the Gantt as a
shaded Word table, the map as a described picture; inline SVG with a title, a description
and the data behind a `<details>` in HTML. Drawn once per distinct chart."""

from __future__ import annotations

import io
import json
import multiprocessing
import posixpath
import re
import zipfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from livrables.blocks.graphique import KINDS
from livrables.brand.contrast import ratio
from livrables.brand.marque import load_marque
from livrables.brand.palette import readable
from livrables.charts import render, vega
from livrables.charts.office import EUROS
from livrables.charts.render import ChartRenderer
from livrables.charts.theme import ChartTheme
from livrables.content.mission import load_mission
from livrables.content.registry import BlockContext
from livrables.deliverables import REGISTRY
from livrables.document.data import Series
from livrables.document.directives import BlockArgs
from livrables.document.nodes import Chart, Document, Map
from livrables.errors import Report
from livrables.writers.docx import charts as docx_charts
from livrables.writers.docx.body import DocxWriter
from livrables.writers.docx.target import DocxTarget
from tests.conftest import REPO, SAMPLE, Built
from tests.helpers import W, docx_xml

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _zip(path: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(path)


def test_a_budget_chart_is_a_native_word_chart_with_its_data(built: Built) -> None:
    path = built.docx("plan-actions")
    package = _zip(path)
    charts = sorted(n for n in package.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n))
    assert len(charts) == 1
    rels = docx_xml(path, "word/_rels/document.xml.rels")
    chart_rels = [r for r in rels.iter(f"{REL}Relationship") if r.get("Type").endswith("/chart")]
    assert len(chart_rels) == 1
    chart = docx_xml(path, charts[0])
    categories = [v.text for v in chart.iter(f"{C}cat") for v in v.iter(f"{C}v")]
    assert "Budget général" in categories
    assert "«\u202f1\u202f% eau\u202f» de la régie" in categories  # French typography
    values = [float(v.text) for v in chart.iter(f"{C}val") for v in v.iter(f"{C}v")]
    assert sum(values) == 86_500
    assert all(int(a.get("val")) >= 0 for a in chart.iter(f"{C}axId"))
    # amounts labelled from the workbook's numbers, French grouping spelled out in the format
    (fmt,) = [f for f in chart.iter(f"{C}numFmt") if f.getparent().tag == f"{C}dLbls"]
    assert fmt.get("formatCode") == EUROS and fmt.get("sourceLinked") == "0"
    # the workbook behind it, as Word's "Modifier les données" opens it
    (external,) = chart.iter(f"{C}externalData")
    chart_rels_xml = docx_xml(path, charts[0].replace("charts/", "charts/_rels/") + ".rels")
    (workbook_rel,) = [r for r in chart_rels_xml.iter(f"{REL}Relationship")]
    assert workbook_rel.get("Id") == external.get(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    )
    target = posixpath.normpath(posixpath.join("word/charts", workbook_rel.get("Target")))
    workbook = zipfile.ZipFile(io.BytesIO(package.read(target)))
    strings = workbook.read("xl/sharedStrings.xml").decode("utf-8")
    assert "Budget général" in strings and "Montant" in strings
    # a text alternative, as for a picture
    (doc_pr,) = [
        d for d in docx_xml(path).iter(f"{WP}docPr") if d.get("name", "").startswith("Graphique")
    ]
    assert doc_pr.get("descr", "").startswith("Le budget des actions par financeur, 86")
    assert doc_pr.get("title") == "Le budget par financeur"


def test_the_gantt_is_a_word_table_shaded_where_each_action_runs(built: Built) -> None:
    body = docx_xml(built.docx("plan-actions"))
    tables = [t for t in body.iter(f"{W}tbl") if "T1" in "".join(t.itertext())]
    (gantt,) = tables
    shaded = Counter(
        shd.get(f"{W}fill") for shd in gantt.iter(f"{W}shd") if shd.getparent().tag == f"{W}tcPr"
    )
    shaded.pop("DCE6F0", None)  # the objectives' rows
    # quarters touched, from actions.yaml: 2 + 6 + 12 + 8 + 2 + 12
    assert sum(shaded.values()) == 42
    assert "".join(gantt.itertext()).count("♦") == 4  # the four milestones


def test_the_map_is_a_described_picture_in_word(built: Built) -> None:
    path = built.docx("kit-relations")
    descriptions = [d.get("descr", "") for d in docx_xml(path).iter(f"{WP}docPr")]
    assert any(d.startswith("Carte situant la collectivité") for d in descriptions)
    pictures = [n for n in _zip(path).namelist() if n.startswith("word/media/")]
    assert pictures


@pytest.mark.parametrize(
    ("stem", "kinds"),
    [
        ("plan-actions", ["gantt", "budget"]),
        ("cadre-evaluation", ["indicateurs"]),
        ("diagnostic-flash", ["inventaire"]),
        ("kit-relations", ["carte"]),
    ],
)
def test_html_charts_are_inline_svg_images_with_their_data(
    built: Built, stem: str, kinds: list[str]
) -> None:
    html = built.html(stem)
    figures = re.findall(r'<div class="graphique graphique-([a-z]+)"', html)
    assert figures == kinds
    for number, figure in enumerate(
        re.findall(r'<div class="graphique.*?</details>\n</div>', html, re.S), 1
    ):
        svg = re.search(r"<svg[^>]*>", figure)
        assert svg is not None
        assert 'role="img"' in svg.group(0)
        labels = re.search(r'aria-labelledby="([^"]+)"', svg.group(0))
        assert labels is not None
        for target in labels.group(1).split():
            assert f'id="{target}"' in figure
        assert re.search(rf'<title id="graphique-{number}-titre">[^<]+</title>', figure)
        assert re.search(rf'<desc id="graphique-{number}-description">[^<]+</desc>', figure)
        assert re.search(r"<details><summary>.+?</summary>\s*<div class=\"tableau\"><table", figure)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_html_and_word_show_the_same_figures(built: Built) -> None:
    html = built.html("cadre-evaluation")
    chart = docx_xml(built.docx("cadre-evaluation"), "word/charts/chart1.xml")
    labels = ["".join(t.itertext()) for t in chart.iter(f"{C}dLbl")]
    assert len([label for label in labels if label]) >= 20
    for label in labels:
        if label:
            assert f">{label}</text>" in html  # the same text at the bar's end in the SVG


# --- drawing ------------------------------------------------------------------------------


def _spec(value: int) -> dict[str, object]:
    return {
        "data": {"values": [{"a": "x", "b": value}]},
        "mark": "bar",
        "encoding": {"x": {"field": "b", "type": "quantitative"}},
    }


def test_a_chart_is_drawn_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theme = ChartTheme(("#1F4E79", "#C25E00", "#1F6F8B", "#767676"), "#222222", "Arimo")
    first = ChartRenderer(theme, tmp_path).svg(_spec(1))
    assert first.startswith("<svg") and len(list(tmp_path.glob("*.svg"))) == 1

    def no_engine(_theme: ChartTheme) -> None:
        raise AssertionError("drawn again")

    monkeypatch.setattr(render, "_engine", no_engine)
    render._MEMORY.clear()  # a new process: only the disk cache is left
    assert ChartRenderer(theme, tmp_path).svg(_spec(1)) == first
    with pytest.raises(AssertionError, match="drawn again"):
        ChartRenderer(theme, tmp_path).svg(_spec(2))  # other data: drawn


def test_palette_colours_stand_out_from_the_page() -> None:
    assert readable("#1F4E79", "#FFFFFF") == "#1F4E79"  # already readable: unchanged
    pale = readable("#FFE066", "#FFFFFF")
    assert pale != "#FFE066" and ratio(pale, "#FFFFFF") >= 3.0


def _theme() -> ChartTheme:
    return ChartTheme(("#1F4E79", "#C25E00", "#1F6F8B", "#767676"), "#222222", "Arimo")


def _draw_in_child(value: int) -> str:
    return ChartRenderer(_theme()).svg(_spec(value))


def test_a_worker_forked_after_the_engine_started_still_draws() -> None:
    """The engine's threads do not survive a fork: a child must not wait on them forever."""
    assert ChartRenderer(_theme()).svg(_spec(40)).startswith("<svg")  # started here
    with multiprocessing.get_context("fork").Pool(1) as pool:
        svg = pool.apply_async(_draw_in_child, (41,)).get(timeout=120)
    assert svg.startswith("<svg")


def test_the_map_leaves_out_only_countries_that_cannot_show(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Countries far from the places are not given to the renderer: the picture is the same."""
    mission = load_mission(REPO / "content" / SAMPLE, Report(), REGISTRY)
    ctx = BlockContext(mission.referentiel, "kit-relations", None, mission.info)
    (node,) = KINDS["carte"].build(BlockArgs.parse("carte"), ctx)
    assert isinstance(node, Map)
    theme = ChartTheme.of(load_marque(REPO / "templates" / "marque.yaml"), REPO / "templates")
    near = vega.spec_of(node, theme)
    kept = near["layer"][0]["data"]["values"]["objects"]["countries"]["geometries"]
    assert len(kept) < len(vega._world()["objects"]["countries"]["geometries"]) * 0.7
    monkeypatch.setattr(vega, "_world_near", lambda box: vega._world())
    whole = vega.spec_of(node, theme)
    draw = ChartRenderer(theme)
    assert draw.png(near) == draw.png(whole)


def test_a_map_is_cached_under_its_own_data_with_the_world_named_by_digest() -> None:
    """The world's arcs (the same in every map) are named by their file's digest in the cache
    key; everything else of the spec is in it, so two maps differing anywhere differ there."""
    mission = load_mission(REPO / "content" / SAMPLE, Report(), REGISTRY)
    ctx = BlockContext(mission.referentiel, "kit-relations", None, mission.info)
    (node,) = KINDS["carte"].build(BlockArgs.parse("carte"), ctx)
    assert isinstance(node, Map)
    spec = vega.spec_of(node, _theme())
    source = vega.cache_source(spec)
    arcs = json.dumps(vega._world()["arcs"][0])
    assert arcs not in source and vega._world_digest() in source
    assert len(source) < len(json.dumps(spec)) / 3
    moved = replace(node, places=[replace(node.places[0], latitude=1.5), *node.places[1:]])
    assert vega.cache_source(vega.spec_of(moved, _theme())) != source
    # arcs that are not the world's (a copy, changed) are in the key as they are
    values = spec["layer"][0]["data"]["values"]
    layer = {**spec["layer"][0], "data": {"values": {**values, "arcs": [[[1, 2]]]}}}
    other = {**spec, "layer": [layer]}
    assert "[[[1, 2]]]" in vega.cache_source(other)
    plain = _spec(3)
    assert vega.cache_source(plain) == json.dumps(plain, sort_keys=True, ensure_ascii=False)


def _word_chart(renderer: ChartRenderer, values: list[float]) -> dict[str, bytes]:
    """A Word document holding one chart: its chart part and workbook."""
    document = docx.Document(io.BytesIO((REPO / "templates/word/livrable.docx").read_bytes()))
    anchor = next(p._p for p in document.paragraphs if "{{ corps }}" in p.text)
    target = DocxTarget(document, anchor, None, renderer)
    chart = Chart(
        "budget",
        "Budget",
        "Le budget par action.",
        ["Accueil", "Visite"],
        [Series("Montant", values, [f"{v:.0f} €" for v in values])],
        "Montant",
        "euros",
    )
    DocxWriter(target, Document([chart])).write()
    parts = {str(p.partname): p.blob for p in document.part.package.iter_parts()}
    return {name: blob for name, blob in parts.items() if "chart" in name or "xlsx" in name}


def test_a_word_chart_is_made_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chart's part and workbook come from the cache once made (python-pptx is not even
    imported for them), the same bytes; other figures are made anew."""
    render._MEMORY.clear()  # made here, into this cache
    renderer = ChartRenderer(_theme(), tmp_path)
    first = _word_chart(renderer, [1200.0, 3400.0])
    assert len(first) == 2 and len(list(tmp_path.glob("*.docx-chart"))) == 1

    def made_again(*_: object) -> bytes:
        raise AssertionError("made again")

    monkeypatch.setattr(docx_charts, "_chart", made_again)
    render._MEMORY.clear()  # a new process: only the disk cache is left
    assert _word_chart(ChartRenderer(_theme(), tmp_path), [1200.0, 3400.0]) == first
    with pytest.raises(AssertionError, match="made again"):
        _word_chart(ChartRenderer(_theme(), tmp_path), [1200.0, 3500.0])
    other_theme = ChartTheme(("#000000", "#C25E00", "#1F6F8B", "#767676"), "#222222", "Arimo")
    with pytest.raises(AssertionError, match="made again"):
        _word_chart(ChartRenderer(other_theme, tmp_path), [1200.0, 3400.0])


def test_a_damaged_word_chart_in_the_cache_is_made_again(tmp_path: Path) -> None:
    render._MEMORY.clear()  # made here, into this cache
    first = _word_chart(ChartRenderer(_theme(), tmp_path), [1200.0, 3400.0])
    (cached,) = tmp_path.glob("*.docx-chart")
    cached.write_bytes(cached.read_bytes()[:100])  # cut short (a full disk, a bad copy)
    render._MEMORY.clear()
    assert _word_chart(ChartRenderer(_theme(), tmp_path), [1200.0, 3400.0]) == first


def test_chart_ids_are_renamed_where_given_and_used_only() -> None:
    from livrables.writers.html.charts import _own_ids

    svg = (
        '<svg><clipPath id="clip10"/><clipPath id="clip1"/><g clip-path="url(#clip1)"/>'
        '<use href="#clip10"/><use href="#autre"/><g grid="clip1" valid="clip1"/></svg>'
    )
    assert _own_ids(svg, "graphique-2") == (
        '<svg><clipPath id="graphique-2-1"/><clipPath id="graphique-2-2"/>'
        '<g clip-path="url(#graphique-2-2)"/><use href="#graphique-2-1"/><use href="#autre"/>'
        '<g grid="clip1" valid="clip1"/></svg>'
    )
