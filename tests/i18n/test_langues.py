"""The sample mission in English: the strategy note, the relations kit (also side by side) and
the restitution deck, each file in its language, no French label left."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import Result
from pypdf import PdfReader

from livrables.i18n import MESSAGES, TRANSLATED
from tests.conftest import REPO, SAMPLE, Built, Repo, build_in
from tests.helpers import docx_text, docx_xml, html_text
from tests.i18n.literals import label_tables, literals

ENGLISH = ["note-strategique", "kit-relations", "restitution-diagnostic"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Names that stay French in an English text: places, bodies, the law's own title
PROPER = [
    "Bakoundé",
    "Val de Brune",
    "Pays de Valbrune",
    "Communauté de communes",
    "Code général des collectivités territoriales",
    "Cités Unies France",
    "Conseil des communes et régions d’Europe",
    "Conseil des communes et régions d'Europe",
]
FRENCH_WORDS = re.compile(
    r"\b(?:le|la|les|des|du|de|et|pour|avec|sur|dans|une|aux|au|est|sont|qui|par)\b"
    r"|[àâçéèêëîïôûùœ]",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("depot")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "content" / SAMPLE, root / "content" / SAMPLE)
    build_in(root)
    return Built(root)


def _folder(built: Built) -> Path:
    return built.root / "build" / SAMPLE


def _french_left(text: str) -> list[str]:
    """Each French word left, in its context."""
    for name in PROPER:
        text = text.replace(name, "")
    return [text[max(m.start() - 30, 0) : m.end() + 30] for m in FRENCH_WORDS.finditer(text)]


def test_each_declared_deliverable_is_made_in_english(built: Built) -> None:
    names = {p.name for p in _folder(built).iterdir()}
    for stem in ENGLISH:
        office = "pptx" if stem.startswith("restitution") else "docx"
        assert {f"{stem}.en.{office}", f"{stem}.en.html", f"{stem}.en.pdf"} <= names
    assert {"kit-relations.fr-en.docx", "kit-relations.fr-en.html"} <= names
    assert not any(n.startswith("formation.en") for n in names)  # `langues: []`: French only


@pytest.mark.parametrize("stem", ENGLISH)
def test_no_french_label_is_left(built: Built, stem: str) -> None:
    text = html_text((_folder(built) / f"{stem}.en.html").read_text("utf-8"))
    assert _french_left(text) == []
    assert "[FR]" not in text


def test_the_word_document_speaks_english(built: Built) -> None:
    path = _folder(built) / "note-strategique.en.docx"
    assert _french_left(docx_text(path)) == []
    styles = docx_xml(path, "word/styles.xml")
    assert styles.find(f".//{W}rPrDefault//{W}lang").get(f"{W}val") == "en-GB"
    core = docx_xml(path, "docProps/core.xml")
    assert any(el.text == "en-GB" for el in core.iter() if el.tag.endswith("language"))
    french = docx_xml(_folder(built) / "note-strategique.docx", "word/styles.xml")
    assert french.find(f".//{W}rPrDefault//{W}lang").get(f"{W}val") == "fr-FR"


def test_each_format_declares_its_language(built: Built) -> None:
    folder = _folder(built)
    assert '<html lang="en-GB">' in (folder / "note-strategique.en.html").read_text("utf-8")
    assert '<html lang="en-GB">' in (folder / "restitution-diagnostic.en.html").read_text("utf-8")
    pdf = PdfReader(io.BytesIO((folder / "note-strategique.en.pdf").read_bytes()))
    assert str(pdf.trailer["/Root"]["/Lang"]) == "en-GB"
    with zipfile.ZipFile(folder / "restitution-diagnostic.en.pptx") as deck:
        slides = [deck.read(n).decode() for n in deck.namelist() if n.startswith("ppt/slides/s")]
        core = deck.read("docProps/core.xml").decode()
    assert "<dc:language>en-GB</dc:language>" in core
    langs = {m for s in slides for m in re.findall(r' lang="([^"]+)"', s)}
    assert langs == {"en-GB"}


def test_the_portal_lists_each_language(built: Built) -> None:
    portal = (_folder(built) / "index.html").read_text("utf-8")
    assert 'href="./note-strategique.en.html"' in portal
    assert 'href="./kit-relations.fr-en.html"' in portal
    assert (
        '<td lang="en-GB" dir="ltr"><a href="./note-strategique.en.html">Strategy paper' in portal
    )


def test_side_by_side_keeps_both_languages_block_by_block(built: Built) -> None:
    html = (_folder(built) / "kit-relations.fr-en.html").read_text("utf-8")
    first = html.index('<div class="bilingue">')
    assert html.index("Les partenaires à mobiliser", first) < html.index("Partners to mobilise")
    assert '<div class="langue" lang="en-GB">' in html
    document = docx_xml(_folder(built) / "kit-relations.fr-en.docx")
    descriptions = {d.get(f"{W}val") for d in document.iter(f"{W}tblDescription")}
    assert "Mise en page bilingue" in descriptions


def test_editing_the_english_makes_only_the_english_again(
    repo: Repo, run: Callable[..., Result]
) -> None:
    assert run("build", "valbrune", "--format", "html").exit_code == 0
    path = repo.mission / "traductions/en/kit-relations.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgstr == "Partners to mobilise")
    entry.msgstr = "Partners to bring on board"
    po.save(str(path))
    result = run("build", "valbrune", "--format", "html")
    written = sorted(re.findall(r"écrit : build/valbrune/(\S+)", result.output))
    assert written == ["kit-relations.en.html", "kit-relations.fr-en.html"], result.output
    text = (repo.root / "build/valbrune/kit-relations.en.html").read_text("utf-8")
    assert "Partners to bring on board" in text


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_tool_catalogues_hold_every_label(code: str) -> None:
    catalogue = {
        e.msgid: e.msgstr
        for e in polib.pofile(str(MESSAGES / f"{code}.po"))
        if e.msgstr and not e.fuzzy
    }
    wanted = {**literals(), **label_tables()}
    missing = {label: where for label, where in wanted.items() if label and label not in catalogue}
    assert missing == {}
    for label, translated in catalogue.items():  # the holes a sentence is filled with
        assert set(re.findall(r"\{\w+\}", label)) == set(re.findall(r"\{\w+\}", translated))
