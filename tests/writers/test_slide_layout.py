"""Slides a room can read: tables whose columns never cut a word and which continue on
« (suite) » slides with their header, lists continued between items, the calendar a native
table, nothing under 12 pt, an internal deck marked on every slide, what follows columns after
them — and `check` reporting each slide laid out so at its line."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from click.testing import Result
from lxml import etree
from pptx import Presentation

from livrables.brand.fonts import brand_fonts
from livrables.brand.marque import load_marque
from livrables.brand.pptx_template import LAYOUT_NAMES
from livrables.document.nodes import Grid, ListBlock, Table
from livrables.document.slides import Slide, split_slides
from livrables.markdown.parser import parse
from livrables.markdown.reader import read
from livrables.writers.pptx.fit import (
    INSET_X,
    MIN_PT,
    Fonts,
    column_needs,
    geometry,
    table_layout,
    table_rows,
    text_height,
)
from livrables.writers.pptx.paginate import paginate
from livrables.writers.pptx.text import lines_of
from tests.conftest import REPO, Repo

DECK = "restitution-diagnostic"
TEMPLATE = REPO / "templates" / "powerpoint" / "diaporama.pptx"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@cache
def fonts() -> Fonts:
    marque = load_marque(REPO / "templates" / "marque.yaml")
    faces = brand_fonts(marque, REPO / "templates", None)
    return Fonts.of(faces, marque.polices.texte.nom, marque.polices.titres.nom)


def laid_out(markdown: str) -> list[Slide]:
    slides = split_slides(read(parse(markdown)).children)
    return paginate(slides, TEMPLATE.read_bytes(), fonts())


def area(layout: str) -> tuple[int, int]:
    box = geometry(TEMPLATE.read_bytes()).areas[LAYOUT_NAMES[layout]][0]
    return box.w, box.h


def wide_table(columns: int, rows: int) -> str:
    head = "| " + " | ".join(["Action", *(f"Intercommunalité {c}" for c in range(1, columns))])
    lines = [head + " |", "|" + "---|" * columns]
    for r in range(rows):
        cells = [f"Action {r}", *(f"Auvergne-Rhône-Alpes {r}-{c}" for c in range(1, columns))]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def long_table(rows: int) -> str:
    lines = ["| Action | Pilote | Année |", "|---|---|---|"]
    lines += [
        f"| Action numéro {r} de la stratégie | Direction générale | 2027 |" for r in range(rows)
    ]
    return "\n".join(lines) + "\n"


def test_a_long_table_continues_with_its_header_and_every_row_once() -> None:
    slides = laid_out(f"## Les actions\n\nUne phrase avant.\n\n{long_table(30)}")
    assert [s.title_text for s in slides] == ["Les actions", *["Les actions (suite)"] * 2]
    assert slides[0].body and not slides[1].body  # the lead sentence opens the first only
    assert slides[0].notice.startswith("tableau trop long (30 lignes) : il continue sur 2 ")
    assert not slides[1].notice
    rows = []
    for slide in slides:
        assert isinstance(slide.visual, Grid) and slide.layout == "tableau"
        assert slide.table_pt == 14  # continued at 14 pt: never shrunk to fit
        grid = table_rows(slide.visual)
        assert grid[0] == ["Action", "Pilote", "Année"]  # the header on every slide
        rows += grid[1:]
        w, h = area("tableau")
        room = h - (text_height(lines_of(slide.body), w, fonts()) + 91440 if slide.body else 0)
        layout = table_layout(slide.visual, w, room, fonts(), slide.table_pt)
        assert layout.fits_width and layout.height <= room
    assert [r[0] for r in rows] == [f"Action numéro {r} de la stratégie" for r in range(30)]
    sizes = [len(table_rows(s.visual)) for s in slides if isinstance(s.visual, Grid)]
    assert max(sizes) - min(sizes) <= 2  # shared evenly: no lone row on the last slide


def test_a_table_that_fits_stays_whole_at_16_pt() -> None:
    (slide,) = laid_out(f"## Court\n\n{long_table(4)}")
    assert slide.table_pt == 16 and not slide.notice


def test_a_table_too_wide_is_split_by_columns_keeping_the_first() -> None:
    slides = laid_out(f"## Le tableau large\n\n{wide_table(12, 3)}")
    assert len(slides) >= 2
    assert "tableau trop large (12 colonnes) : ses colonnes sont réparties" in slides[0].notice
    seen: list[str] = []
    width, height = area("tableau")
    for slide in slides:
        assert isinstance(slide.visual, Grid)
        header = table_rows(slide.visual)[0]
        assert header[0] == "Action"  # the first column repeated on each slide
        seen += header[1:]
        least, _whole = column_needs(slide.visual, slide.table_pt, fonts())
        assert sum(least) <= width and slide.table_pt >= MIN_PT  # no word cut, not below 12
    assert seen == [f"Intercommunalité {c}" for c in range(1, 12)]


def test_column_widths_hold_the_longest_word_of_each_column() -> None:
    markdown = "| Établissement | Montant |\n|---|---|\n| Intercommunalité | 12 |\n"
    grid = read(parse(markdown)).children[0]
    assert isinstance(grid, Grid)
    width, height = area("tableau")
    layout = table_layout(grid, width, height, fonts())
    word = fonts().text.longest_word("Intercommunalité", layout.size) / 20 * 12700
    assert layout.widths[0] - 2 * INSET_X >= word
    assert sum(layout.widths) == width


def test_a_data_table_with_groups_never_ends_a_slide_on_a_group_row() -> None:
    from livrables.document.data import Column, Group

    rows: list[list[str] | Group] = []
    for g in range(6):
        rows.append(Group(f"Objectif {g} : un objectif dont le titre est long"))
        rows += [[f"Action {g}.{i} du plan", "Service pilote", "2027"] for i in range(5)]
    table = Table([Column("Action"), Column("Pilote"), Column("Année")], rows)
    slide = Slide("tableau", [], visual=table)
    slides = paginate([slide], TEMPLATE.read_bytes(), fonts())
    assert len(slides) > 1
    for part in slides:
        assert isinstance(part.visual, Table)
        assert not isinstance(part.visual.rows[-1], Group)
    together = [r for s in slides if isinstance(s.visual, Table) for r in s.visual.rows]
    assert together == rows


def test_a_long_list_continues_between_items_and_keeps_counting() -> None:
    items = "".join(
        f"{i}. Une étape de la démarche, expliquée en une phrase assez longue pour passer à la "
        "ligne au moins une fois sur la diapositive.\n"
        for i in range(1, 15)
    )
    slides = laid_out(f"## La démarche\n\n{items}")
    assert len(slides) >= 2 and slides[1].title_text == "La démarche (suite)"
    assert "trop de texte pour une diapositive : il continue sur" in slides[0].notice
    width, height = area("contenu")
    starts = []
    for slide in slides:
        assert text_height(lines_of(slide.body), width, fonts()) <= height
        (block,) = slide.body
        assert isinstance(block, ListBlock) and block.ordered
        starts.append((block.start, len(block.items)))
    assert starts[0][0] == 1
    for (start, count), (following, _) in zip(starts, starts[1:], strict=False):
        assert following == start + count  # numbering goes on where it stopped
    assert sum(count for _, count in starts) == 14


def test_what_follows_the_columns_comes_after_them() -> None:
    deck = laid_out(
        "## Deux idées\n\nEn tête.\n\n::: colonnes\nA\n\n---\n\nB\n:::\n\n"
        "::: interne\nUne note pour l'équipe.\n:::\n"
    )
    assert [(s.layout, s.title_text) for s in deck] == [
        ("colonnes", "Deux idées"),
        ("contenu", "Deux idées (suite)"),
    ]
    assert [type(b).__name__ for b in deck[0].body] == ["Para"]  # the lead text, before
    assert [type(b).__name__ for b in deck[1].body] == ["Box"]


def _sizes(pptx: Path) -> list[int]:
    with zipfile.ZipFile(pptx) as package:
        names = [n for n in package.namelist() if n.startswith("ppt/slides/slide")]
        roots = [etree.fromstring(package.read(n)) for n in names if n.endswith(".xml")]
    runs = (f"{A}rPr", f"{A}defRPr", f"{A}endParaRPr")
    return [int(e.get("sz")) for root in roots for e in root.iter(*runs) if e.get("sz")]


def test_decks_are_drawn_as_laid_out_and_check_reports_it(
    repo: Repo, run: Callable[..., Result]
) -> None:
    deck = f"livrables/{DECK}.md"
    added = (
        f"\n## Le plan complet\n\n{long_table(24)}\n## Le calendrier complet\n\n"
        "::: graphique gantt\n:::\n\n::: interne\nÀ dire en réunion interne.\n:::\n"
    )
    repo.write(deck, (repo.mission / deck).read_text("utf-8") + added)
    result = run("check")
    line = repo.line_of(deck, "## Le plan complet")
    assert (
        f"{DECK}.md:{line}:1: avertissement : diapositive « Le plan complet » : tableau trop "
        "long (24 lignes) : il continue sur"
    ) in result.output
    assert run("build", "--format", "docx").exit_code == 0
    pptx = repo.root / "build" / "valbrune" / f"{DECK}.pptx"
    prs = Presentation(str(pptx))
    titles = [s.shapes.title.text for s in prs.slides]
    assert "Le plan complet (suite)" in titles
    calendar = prs.slides[titles.index("Le calendrier complet")]
    tables = [s for s in calendar.shapes if s.has_table]
    assert tables and tables[0].table.cell(0, 0).text == "Action"  # native, editable
    assert not [s for s in calendar.shapes if s.shape_type == 13]  # no picture of it
    assert min(_sizes(pptx)) >= MIN_PT * 100  # nothing under 12 pt on any slide
    footers = [
        sh.text_frame.text for s in prs.slides for sh in s.placeholders if sh.name == "Pied de page"
    ]
    assert footers and not any("Diffusion interne" in f for f in footers)
    assert run("build", "--format", "docx", "--format", "html", "--interne").exit_code == 0
    internal = repo.root / "build" / "_interne" / "valbrune"
    prs = Presentation(str(internal / f"{DECK}.pptx"))
    marks = [
        any(
            "Diffusion interne — ne pas transmettre" in sh.text_frame.text
            for sh in s.shapes
            if sh.has_text_frame
        )
        for s in prs.slides
    ]
    assert marks and all(marks)  # every slide of an internal deck says so
    html = (internal / f"{DECK}.html").read_text("utf-8")
    assert html.count("Diffusion interne — ne pas transmettre") >= len(prs.slides)


def test_the_theme_names_each_fonts_metric_twin_and_the_cover_its_module(
    repo: Repo, run: Callable[..., Result]
) -> None:
    """Where Gelasio and Arimo are not installed, PowerPoint matches them by PANOSE: the
    theme declares Georgia's and Arial's (their `secours` in marque.yaml), whose widths are
    theirs. The cover shows the module above the title, as the HTML deck's does."""
    assert run("build", "--format", "docx").exit_code == 0
    pptx = repo.root / "build" / "valbrune" / f"{DECK}.pptx"
    with zipfile.ZipFile(pptx) as package:
        theme = etree.fromstring(package.read("ppt/theme/theme1.xml"))
    major = theme.find(f".//{A}majorFont/{A}latin")
    minor = theme.find(f".//{A}minorFont/{A}latin")
    assert (major.get("typeface"), major.get("panose")) == ("Gelasio", "02040502050405020303")
    assert (minor.get("typeface"), minor.get("panose")) == ("Arimo", "020B0604020202020204")
    cover = Presentation(str(pptx)).slides[0]
    texts = [s.text_frame.text for s in cover.shapes if s.has_text_frame]
    assert any(t.startswith("Module 1") for t in texts)
