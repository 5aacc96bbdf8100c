"""A full build of the sample mission: the DOCX re-opens and the HTML parses, both hold the text."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import Result

from tests.conftest import Repo
from tests.helpers import W, docx_text, docx_xml, html_text

NOTE = "livrables/note-strategique.md"


def build(repo: Repo, run: Callable[..., Result], *args: str) -> None:
    result = run("build", *args)
    assert result.exit_code == 0, result.output


def test_docx_reopens_and_holds_the_body_and_cover(repo: Repo, run: Callable[..., Result]) -> None:
    build(repo, run)
    text = docx_text(repo.root / "build/valbrune/note-strategique.docx")
    assert "Pourquoi une stratégie d’action internationale\u202f?" in text
    assert "Communauté de communes du Pays de Valbrune" in text
    assert "20 novembre 2026 · Version 1.0 · Validé" in text
    assert "Collectivité fictive" in text
    # blocks from the referential
    assert "Foyers de Bakoundé raccordés au réseau d’eau potable" in text
    assert "1\u202f100 foyers" in text
    assert "Objectif global\u00a0:" in text
    # the cover tags are all filled: no Jinja left anywhere
    assert "{{" not in text and "{%" not in text


def test_html_parses_and_holds_the_body(repo: Repo, run: Callable[..., Result]) -> None:
    build(repo, run)
    html = (repo.root / "build/valbrune/note-strategique.html").read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="fr">')
    text = html_text(html)
    assert "Pourquoi une stratégie d’action internationale\u202f?" in text
    assert "Foyers de Bakoundé raccordés au réseau d’eau potable" in text
    assert "Collectivité fictive" in text


def test_internal_notes_never_reach_client_outputs(repo: Repo, run: Callable[..., Result]) -> None:
    build(repo, run)
    secret = "vice-président chargé de l’économie"
    assert secret not in docx_text(repo.root / "build/valbrune/note-strategique.docx")
    html = (repo.root / "build/valbrune/note-strategique.html").read_text(encoding="utf-8")
    assert secret not in html_text(html) and "vice-président" not in html


def test_internal_build_shows_them_marked(repo: Repo, run: Callable[..., Result]) -> None:
    build(repo, run, "--interne")
    out = repo.root / "build/_interne/valbrune"
    text = docx_text(out / "note-strategique.docx")
    assert "Note interne — ne pas diffuser" in text
    assert "vice-président chargé de l’économie" in text
    html = html_text((out / "note-strategique.html").read_text(encoding="utf-8"))
    assert "Diffusion interne — ne pas transmettre" in html
    assert not (repo.root / "build/valbrune/note-strategique.docx").exists()


def test_footnote_cited_only_in_an_internal_note_does_not_leak(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.replace(NOTE, "ne pas en faire état", "ne pas en faire état[^s]")
    path = repo.mission / NOTE
    path.write_text(
        path.read_text(encoding="utf-8") + "\n[^s]: Source confidentielle.\n", encoding="utf-8"
    )
    build(repo, run)
    assert "Source confidentielle" not in docx_text(
        repo.root / "build/valbrune/note-strategique.docx"
    )
    assert "Source confidentielle" not in (
        repo.root / "build/valbrune/note-strategique.html"
    ).read_text(encoding="utf-8")


def test_content_is_never_a_template(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(
        NOTE,
        "titre: Note stratégique — l'action internationale du Pays de Valbrune",
        'titre: "{{ 7*7 }} {% if x %}"',
    )
    repo.replace(
        NOTE, "# Prochaines étapes", "# Prochaines étapes\n\nTexte {{ 7*7 }} et {% raw %}."
    )
    build(repo, run)
    text = docx_text(repo.root / "build/valbrune/note-strategique.docx")
    assert "{{ 7*7 }} {% if x %}" in text  # cover and header, printed as written
    assert "Texte {{ 7*7 }} et {% raw %}." in text
    assert "49" not in text
    html = html_text((repo.root / "build/valbrune/note-strategique.html").read_text("utf-8"))
    assert "Texte {{ 7*7 }} et {% raw %}." in html


def test_raw_html_and_script_are_shown_as_text(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(
        NOTE,
        "# Prochaines étapes",
        "# Prochaines étapes\n\n<script>alert(1)</script> et <b>gras</b> & co",
    )
    build(repo, run)
    html = (repo.root / "build/valbrune/note-strategique.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = docx_text(repo.root / "build/valbrune/note-strategique.docx")
    assert "<script>alert(1)</script> et <b>gras</b> & co" in text


def test_special_characters_in_front_matter_are_escaped(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.replace(NOTE, "titre: Note stratégique — l'action", "titre: \"R&D <b>à</b> l'action")
    repo.replace(NOTE, "Valbrune\nsous_titre", 'Valbrune"\nsous_titre')
    build(repo, run)
    text = docx_text(repo.root / "build/valbrune/note-strategique.docx")
    assert "R&D <b>à</b> l’action internationale du Pays de Valbrune" in text
    html = (repo.root / "build/valbrune/note-strategique.html").read_text(encoding="utf-8")
    assert "R&amp;D &lt;b&gt;à&lt;/b&gt;" in html


def test_document_properties_name_the_firm_not_the_machine(
    repo: Repo, run: Callable[..., Result]
) -> None:
    build(repo, run)
    core = docx_xml(repo.root / "build/valbrune/note-strategique.docx", "docProps/core.xml")
    values = {el.tag.split("}")[1]: el.text for el in core}
    assert values["creator"] == "Horizons Territoires"
    assert values["lastModifiedBy"] == "Horizons Territoires"
    assert values["title"] == "Note stratégique — l’action internationale du Pays de Valbrune"
    assert values["language"] == "fr-FR"


def test_rebuild_is_byte_identical(repo: Repo, run: Callable[..., Result]) -> None:
    build(repo, run)
    out = repo.root / "build/valbrune"
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    build(repo, run)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def test_brand_colour_reaches_both_formats(repo: Repo, run: Callable[..., Result]) -> None:
    marque = repo.root / "templates/marque.yaml"
    marque.write_text(
        marque.read_text("utf-8").replace('primaire: "#1F4E79"', 'primaire: "#8A1538"'), "utf-8"
    )
    build(repo, run)
    styles = docx_xml(repo.root / "build/valbrune/note-strategique.docx", "word/styles.xml")
    heading = styles.find(f".//{W}style[@{W}styleId='Heading1']")
    assert heading is not None
    assert heading.find(f"{W}rPr/{W}color").get(f"{W}val") == "8A1538"
    html = (repo.root / "build/valbrune/note-strategique.html").read_text(encoding="utf-8")
    assert "--couleur-primaire: #8A1538;" in html


def test_portal_lists_the_deliverables(repo: Repo, run: Callable[..., Result]) -> None:
    build(repo, run)
    html = (repo.root / "build/valbrune/index.html").read_text(encoding="utf-8")
    text = html_text(html)
    assert "Note stratégique — l’action internationale du Pays de Valbrune" in text
    assert 'href="./note-strategique.docx"' in html and 'href="./note-strategique.html"' in html


def test_html_references_nothing_outside_itself(repo: Repo, run: Callable[..., Result]) -> None:
    build(repo, run)
    html = (repo.root / "build/valbrune/note-strategique.html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in html
    for attribute in ('src="http', 'href="http', "<link", "url(http", "@import"):
        assert attribute not in html


def test_extended_properties_name_the_tool_and_the_firm(
    repo: Repo, run: Callable[..., Result]
) -> None:
    build(repo, run)
    app = docx_xml(repo.root / "build/valbrune/note-strategique.docx", "docProps/app.xml")
    values = {el.tag.split("}")[1]: el.text for el in app}
    assert values["Application"] == "livrables"
    assert values["Company"] == "Horizons Territoires"
    assert "Template" not in values
    core = docx_xml(repo.root / "build/valbrune/note-strategique.docx", "docProps/core.xml")
    created = [el.text for el in core if el.tag.endswith("}created")]
    assert created == ["2026-11-20T00:00:00Z"]  # the document's date, not the clock
