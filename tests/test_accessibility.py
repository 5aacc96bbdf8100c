"""The accessibility gate (RGAA 4.1, criterion 13.3): every file of the client folder, of the
sample missions and of a mission made by `livrables new` and filled with every block, chart
and slide layout. HTML pages under axe-core (WCAG 2.1 A and AA) in the system Chromium; PDFs
under the PDF/A-2 and PDF/UA-1 rules; Word and PowerPoint files under the checks Word's and
PowerPoint's accessibility checkers make (alternative text or a decorative mark on every
picture, a header row on every table, a title on every slide, the document's title and
language). The redline page and the preview page pass axe too."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import page
import pytest
from click.testing import CliRunner, Result
from lxml import etree

from livrables.cli import cli
from livrables.writers.docx.tables import LAYOUT
from tests.conftest import REPO, SAMPLE, Repo
from tests.test_real_renderers import need

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}
PLAN = "livrables/plan-actions.md"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

EVERYTHING = """

## Tout ce qu'un consultant écrit

Un paragraphe avec une note[^source] et [un lien vers le site de l'État](https://www.service-public.fr).

[^source]: Une source, citée en note.

::: a-retenir
Ce qu'il faut retenir, dans un encadré.
:::

::: encadre
Un encadré simple.
:::

| Colonne | Valeur | Commentaire |
|---|---:|---|
| Première | 12 | Une ligne |
| Deuxième | 3 | Une autre |

![Le logo de la collectivité, sur fond blanc](../images/logo.png "Le logo")

::: graphique gantt
:::

::: graphique indicateurs
:::

::: graphique budget par=financeur
:::

::: graphique inventaire par=type
:::

::: graphique carte
:::
"""

SLIDES = """

# Une section

Une phrase sous la section.

## Une image

![Le logo de la collectivité](../images/logo.png)

## Un tableau

| Étape | Date |
|---|---|
| Lancement | janvier |
| Bilan | juin |

## Un graphique

::: graphique budget par=financeur
:::

## Des chiffres

::: chiffres-cles
:::

---

> « Une citation seule sur sa diapositive. »
"""


def _build(root: Path, *args: str) -> None:
    previous = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["build", *args], prog_name="livrables")
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output


def _new_mission(root: Path) -> None:
    """`livrables new`, its referential filled as a consultant fills it (the sample's), every
    block, chart and slide layout used."""
    previous = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(
            cli,
            ["new", "essai", "--collectivite", "Ville d'Essai", "--type", "commune"],
            prog_name="livrables",
        )
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output
    mission = root / "content" / "essai"
    shutil.rmtree(mission / "referentiel")
    shutil.copytree(REPO / "content" / SAMPLE / "referentiel", mission / "referentiel")
    (mission / "images").mkdir(exist_ok=True)
    logo = REPO / "content" / SAMPLE / "images" / "logo-valbrune.png"
    shutil.copy(logo, mission / "images" / "logo.png")
    yaml = mission / "mission.yaml"
    yaml.write_text(
        yaml.read_text("utf-8").replace(
            "  type: commune\n", "  type: commune\n  coordonnees: 45.9, 4.6\n"
        ),
        "utf-8",
    )
    plan = mission / "livrables" / "plan-actions.md"
    text = plan.read_text("utf-8").replace("service_pilote: SRV-DG\n", "service_pilote: SRV-DGS\n")
    plan.write_text(text + EVERYTHING, "utf-8")
    deck = mission / "livrables" / "diaporama.md"
    deck.write_text(deck.read_text("utf-8") + SLIDES, "utf-8")


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The client folders: the sample mission's and the new mission's."""
    root = tmp_path_factory.mktemp("depot")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "content" / SAMPLE, root / "content" / SAMPLE)
    _new_mission(root)
    _build(root)
    return [root / "build" / SAMPLE, root / "build" / "essai"]


def files(folders: list[Path], suffix: str) -> list[Path]:
    found = [p for folder in folders for p in sorted(folder.glob(f"*{suffix}"))]
    assert found
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    chromium = need("chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


def axe_violations(browser: object, url: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    tab = browser.new_page()  # type: ignore[attr-defined]
    try:
        tab.goto(url)
        found = Axe().run(tab, options={"runOnly": {"type": "tag", "values": WCAG}})
    finally:
        tab.close()
    return [
        f"{v['id']} ({len(v['nodes'])}) : {v['help']} — {v['nodes'][0]['target']}"
        for v in found.response["violations"]
    ]


def test_every_html_page_passes_axe(folders: list[Path], browser: object) -> None:
    problems = {}
    for html in files(folders, ".html"):
        found = axe_violations(browser, html.resolve().as_uri())
        if found:
            problems[f"{html.parent.name}/{html.name}"] = found
    assert problems == {}


def test_every_pdf_passes_pdf_a_2_and_pdf_ua_1(folders: list[Path]) -> None:
    for pdf in files(folders, ".pdf"):
        for profile in ("2a", "ua1"):
            report = page.validate_pdf_bytes(pdf.read_bytes(), profile=profile)
            failures = [(f.rule_id, f.message) for f in report.failures]
            assert report.is_compliant, (pdf.name, profile, failures)


def _part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def _parts(path: Path, prefix: str) -> list[tuple[str, etree._Element]]:
    with zipfile.ZipFile(path) as package:
        names = [n for n in package.namelist() if n.startswith(prefix) and n.endswith(".xml")]
        return [(n, etree.fromstring(package.read(n))) for n in sorted(names)]


def _described(frame: etree._Element) -> bool:
    """A picture's `docPr`/`cNvPr`: described, or marked decorative (Word's own mark)."""
    if (frame.get("descr") or "").strip():
        return True
    return bool(frame.xpath(".//adec:decorative[@val='1']", namespaces=NS))


def _language(path: Path) -> str:
    """What a file declares: its language (`note.en.docx`), French side by side included."""
    parts = path.name.split(".")
    return "en-GB" if len(parts) == 3 and parts[1] == "en" else "fr-FR"


def test_every_word_file_passes_words_accessibility_checks(folders: list[Path]) -> None:
    for docx in files(folders, ".docx"):
        parts = _parts(docx, "word/")
        pictures = [f for _n, root in parts for f in root.xpath("//wp:docPr", namespaces=NS)]
        assert all(_described(f) for f in pictures), (docx.name, "image sans texte alternatif")
        body = _part(docx, "word/document.xml")
        for table in body.xpath("//w:tbl[not(ancestor::w:tbl)]", namespaces=NS):
            described = table.find("w:tblPr/w:tblDescription", NS)
            if described is not None and described.get(f"{{{NS['w']}}}val") == LAYOUT:
                assert table.find("w:tr/w:trPr/w:tblHeader", NS) is None  # a layout table
                continue
            first = table.find("w:tr", NS)
            header = first is not None and first.find("w:trPr/w:tblHeader", NS) is not None
            assert header, (docx.name, "tableau sans ligne d'en-tête")
        core = _part(docx, "docProps/core.xml")
        assert (core.findtext("dc:title", namespaces=NS) or "").strip(), docx.name
        assert core.findtext("dc:language", namespaces=NS) == _language(docx), docx.name
        styles = _part(docx, "word/styles.xml")
        langs = styles.xpath("//w:docDefaults//w:lang/@w:val", namespaces=NS)
        assert langs == [_language(docx)], docx.name


def test_every_powerpoint_passes_powerpoints_accessibility_checks(folders: list[Path]) -> None:
    for pptx in files(folders, ".pptx"):
        slides = [(n, r) for n, r in _parts(pptx, "ppt/slides/slide")]
        assert slides
        for name, root in slides:
            titles = root.xpath(
                "//p:sp[p:nvSpPr/p:nvPr/p:ph[@type='title' or @type='ctrTitle']]//a:t/text()",
                namespaces=NS,
            )
            assert "".join(titles).strip(), (pptx.name, name, "diapositive sans titre")
            for frame in root.xpath("//p:pic/p:nvPicPr/p:cNvPr", namespaces=NS):
                assert _described(frame), (pptx.name, name, "image sans texte alternatif")
            for frame in root.xpath("//p:graphicFrame/p:nvGraphicFramePr/p:cNvPr", namespaces=NS):
                table = frame.getparent().getparent().xpath(".//a:tbl", namespaces=NS)
                if table:
                    assert table[0].find("a:tblPr", NS).get("firstRow") == "1", (pptx.name, name)
                else:  # a chart
                    assert _described(frame), (pptx.name, name, "graphique sans description")
        core = _part(pptx, "docProps/core.xml")
        assert (core.findtext("dc:title", namespaces=NS) or "").strip(), pptx.name
        assert core.findtext("dc:language", namespaces=NS) == _language(pptx), pptx.name


def test_the_portal_links_each_file_to_its_accessible_twin(folders: list[Path]) -> None:
    portal = (folders[0] / "index.html").read_text("utf-8")
    assert "version accessible" in portal
    assert portal.count('href="./note-strategique.html"') >= 2  # its own row, and as the twin
    assert "Accessibilité" in portal and "PDF/UA-1" in portal
    for row in portal.split("<tr>")[2:]:  # every deliverable's row names its accessible twin
        assert ">Page web accessible</a>" in row, row


def test_the_redline_page_and_the_preview_pass_axe(
    repo: Repo, run: Callable[..., Result], browser: object
) -> None:
    from livrables.pipeline.preview import Previewer, serve
    from livrables.pipeline.project import Project
    from tests.pipeline.test_comparer import commit
    from tests.pipeline.test_git_versions import git

    (repo.root / ".gitignore").write_text("build/\n", "utf-8")
    git(repo, "init", "-q")
    commit(repo, "Plan d'actions 0.9", "2026-11-02T10:00:00")
    repo.replace(PLAN, "déjà au contact des", "déjà en relation avec les")
    table = "| Étape | Date |\n|---|---|\n| Un | deux |\n"
    repo.replace(PLAN, "# Les actions\n", f"# Les actions\n\n{table}")
    commit(repo, "Plan d'actions 1.0", "2026-11-20T15:30:00")
    assert run("comparer", f"{SAMPLE}/plan-actions", "--depuis", "HEAD~1").exit_code == 0
    pages = list((repo.root / "build" / "_comparaisons").rglob("*.html"))
    assert len(pages) == 1
    assert axe_violations(browser, pages[0].resolve().as_uri()) == []
    previewer = Previewer(Project(repo.root), SAMPLE)
    previewer.build_all()
    server = serve(previewer.site, 0, livereload=True, token="jeton")
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        for name in ("", "plan-actions.html", "restitution-diagnostic.html"):
            assert axe_violations(browser, f"{base}{name}?jeton=jeton") == [], name
    finally:
        server.stopping = True  # type: ignore[attr-defined]
        server.shutdown()
        server.server_close()
