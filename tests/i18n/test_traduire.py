"""`livrables traduire`: catalogues that stay put, go fuzzy where the French changed, and never
hold what the client does not read."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import polib
from click.testing import Result

from livrables.traduction.xliff import FUZZY
from tests.conftest import Repo
from tests.helpers import html_text

EN = Path("traductions/en")
NOTE = "livrables/note-strategique.md"


def _catalogues(repo: Repo) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((repo.mission / EN).glob("*.po"))}


def test_extraction_is_stable(repo: Repo, run: Callable[..., Result]) -> None:
    before = _catalogues(repo)
    assert set(before) >= {"note-strategique.po", "kit-relations.po", "referentiel.po"}
    result = run("traduire", "valbrune", "--langue", "en")
    assert result.exit_code == 0
    assert "Catalogues déjà à jour." in result.output
    assert _catalogues(repo) == before
    (repo.mission / EN / "note-strategique.po").unlink()
    run("traduire", "valbrune/note-strategique", "--langue", "en")
    first = _catalogues(repo)
    run("traduire", "valbrune/note-strategique", "--langue", "en")
    assert _catalogues(repo) == first


def test_one_paragraph_edited_makes_one_entry_fuzzy(repo: Repo, run: Callable[..., Result]) -> None:
    old = "Trois rôles ont été débattus"
    line = repo.line_of(NOTE, old)
    repo.replace(NOTE, old, "Trois rôles possibles ont été débattus")
    assert run("traduire", "valbrune", "--langue", "en").exit_code == 0
    po = polib.pofile(str(repo.mission / EN / "note-strategique.po"))
    fuzzy = [e for e in po if e.fuzzy and not e.obsolete]
    assert len(fuzzy) == 1
    assert fuzzy[0].msgid.startswith("Trois rôles possibles")
    assert fuzzy[0].previous_msgid.startswith(old)  # the translator sees what changed
    assert fuzzy[0].msgstr  # the old translation kept, to review
    assert not any(e.obsolete for e in po)
    result = run("check", "valbrune")
    assert f"livrables/note-strategique.md:{line}:" in result.output
    assert "à revoir" in result.output
    stale = [ln for ln in result.output.splitlines() if "anglais" in ln]
    assert len(stale) == 1, stale


def test_a_valide_deliverable_with_a_stale_translation_is_not_made_in_english(
    repo: Repo, run: Callable[..., Result]
) -> None:
    assert run("build", "valbrune", "--format", "html").exit_code == 0
    build = repo.root / "build" / "valbrune"
    assert (build / "note-strategique.en.html").is_file()
    repo.replace(NOTE, "Trois rôles ont été débattus", "Trois rôles possibles ont été débattus")
    run("traduire", "valbrune", "--langue", "en")
    assert "statut: valide" in (repo.mission / NOTE).read_text("utf-8")
    checked = run("check", "valbrune")
    assert checked.exit_code == 1 and "erreur" in checked.output
    result = run("build", "valbrune", "--format", "html")
    assert result.exit_code == 0  # the French is made; the English waits for its translator
    line = repo.line_of(NOTE, "Trois rôles possibles")
    assert f"note-strategique.md:{line}:1: avertissement : traduction en anglais" in result.output
    assert "retiré (traduction incomplète" in result.output
    assert (build / "note-strategique.html").is_file()
    assert not (build / "note-strategique.en.html").exists()  # the old English is gone too
    assert 'href="./note-strategique.en.html"' not in (build / "index.html").read_text("utf-8")


def test_a_draft_falls_back_to_french_visibly(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(NOTE, "statut: valide", "statut: brouillon")
    repo.replace(NOTE, "Trois rôles ont été débattus", "Trois rôles possibles ont été débattus")
    assert run("build", "valbrune", "--format", "html").exit_code == 0
    text = html_text((repo.root / "build/valbrune/note-strategique.en.html").read_text("utf-8"))
    assert "[FR]\u00a0Trois rôles possibles" in text
    assert "Strategy paper" in text


def test_a_po_edited_in_poedit_style_still_builds(repo: Repo, run: Callable[..., Result]) -> None:
    path = repo.mission / EN / "kit-relations.po"
    po = polib.pofile(str(path))
    entries = list(po)
    random.Random(4).shuffle(entries)
    edited = polib.POFile(wrapwidth=40)  # Poedit wraps at its own width, orders as it likes
    edited.metadata = {**po.metadata, "X-Generator": "Poedit 3.4", "Last-Translator": "T."}
    for entry in entries:
        edited.append(entry)
    edited.save(str(path))
    assert '\n"' in path.read_text("utf-8")  # lines wrapped
    assert run("build", "valbrune", "--format", "html").exit_code == 0
    text = html_text((repo.root / "build/valbrune/kit-relations.en.html").read_text("utf-8"))
    assert "Partners to mobilise" in text
    assert "[FR]" not in text


def test_xliff_round_trip_loses_nothing(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(NOTE, "Trois rôles ont été débattus", "Trois rôles possibles ont été débattus")
    run("traduire", "valbrune", "--langue", "en")  # one fuzzy entry, with its old French
    po = repo.mission / EN / "note-strategique.po"
    catalogue = polib.pofile(str(po))
    next(e for e in catalogue if e.msgid.startswith("Le Pays de Valbrune")).tcomment = "relu"
    catalogue.save(str(po))
    run("traduire", "valbrune", "--langue", "en")  # the translator's comment kept
    assert "# relu\n" in po.read_text("utf-8")
    before = _catalogues(repo)
    result = run("traduire", "valbrune", "--langue", "en", "--format", "xliff")
    assert result.exit_code == 0
    exported = repo.root / "build/_traductions/valbrune/valbrune.en.xlf"
    xliff = exported.read_text("utf-8")
    assert 'trgLang="en-GB"' in xliff and FUZZY in xliff and ">relu</note>" in xliff
    for path in (repo.mission / EN).glob("*.po"):  # the translations gone from the PO files
        path.write_text(path.read_text("utf-8").split('\nmsgid "', 2)[0] + "\n", "utf-8")
    imported = run("traduire", "valbrune", "--langue", "en", "--importer", str(exported))
    assert imported.exit_code == 0
    assert _catalogues(repo) == before


def test_internal_material_never_reaches_a_catalogue(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.replace(
        NOTE,
        "## Le cadre juridique",
        "::: interne\nSECRET-NOTE-INTERNE : le président hésite.\n:::\n\n## Le cadre juridique",
    )
    deck = "livrables/restitution-diagnostic.md"
    text = (repo.mission / deck).read_text("utf-8")
    assert "::: notes" in text  # the sample deck has speaker notes (internal: notes not client)
    notes = text.split("::: notes", 1)[1].split(":::", 1)[0].strip().splitlines()[0]
    internal = repo.write(
        "livrables/note-interne.md",
        "---\ntype: note-strategique\ntitre: SECRET-LIVRABLE-INTERNE\nstatut: brouillon\n"
        "diffusion: interne\n---\n\n# Titre\n\nSECRET-TEXTE-INTERNE\n",
    )
    assert internal.is_file()
    assert run("traduire", "valbrune", "--langue", "en", "--format", "xliff").exit_code == 0
    everything = "".join(p.read_text("utf-8") for p in [*(repo.mission / EN).glob("*.po")]) + (
        repo.root / "build/_traductions/valbrune/valbrune.en.xlf"
    ).read_text("utf-8")
    assert "SECRET" not in everything
    assert notes[:30] not in everything
    for source in _gdpr_sources(repo):
        assert source not in everything
    refused = run("traduire", "valbrune/note-interne", "--langue", "en")
    assert refused.exit_code == 1 and "diffusion interne" in refused.output


def _gdpr_sources(repo: Repo) -> list[str]:
    """How the firm got each person's contact: never printed, never sent to a translator."""
    import yaml

    people = yaml.safe_load((repo.mission / "referentiel/personnes.yaml").read_text("utf-8"))
    found = [p["source"] for p in people["personnes"] if p.get("source")]
    assert found
    return found


def test_a_catalogue_broken_by_hand_is_said_at_its_line_and_never_rewritten(
    repo: Repo, run: Callable[..., Result]
) -> None:
    """polib reads `msgstr "Hello` (a quote missing) as « Hell »: the tool does not."""
    path = repo.mission / EN / "kit-relations.po"
    text = path.read_text("utf-8")
    broken = text.replace('msgstr "Partners to mobilise"', 'msgstr "Partners to mobilise', 1)
    assert broken != text
    path.write_text(broken, "utf-8")
    line = broken.split("\n").index('msgstr "Partners to mobilise') + 1
    checked = run("check", "valbrune")
    assert checked.exit_code == 1
    assert f"traductions/en/kit-relations.po:{line}:8: catalogue de traduction illisible" in (
        checked.output
    )
    assert "Traceback" not in checked.output
    result = run("traduire", "valbrune", "--langue", "en")
    assert result.exit_code == 1
    assert path.read_text("utf-8") == broken  # nothing a translator wrote is lost
    built = run("build", "valbrune", "--format", "html")
    assert built.exit_code == 1
    assert f"kit-relations.po:{line}:8:" in built.output
    assert (repo.root / "build/valbrune/kit-relations.html").is_file()  # the French made


def test_a_deck_is_never_laid_out_side_by_side(repo: Repo, run: Callable[..., Result]) -> None:
    deck = "livrables/restitution-diagnostic.md"
    repo.replace(deck, "\nstatut:", "\nbilingue: en\nstatut:")
    line = repo.line_of(deck, "bilingue: en")
    checked = run("check", "valbrune")
    assert f"restitution-diagnostic.md:{line}:1: avertissement : bilingue : un diaporama" in (
        checked.output
    )
    assert run("build", "valbrune", "--format", "html").exit_code == 0
    names = {p.name for p in (repo.root / "build/valbrune").iterdir()}
    assert "restitution-diagnostic.en.html" in names
    assert not any(n.startswith("restitution-diagnostic.fr-en") for n in names)


def test_a_text_moved_into_an_internal_note_leaves_every_catalogue(
    repo: Repo, run: Callable[..., Result]
) -> None:
    """The frank version kept for the team, a polite one written for the client: the frank
    one must not stay in the catalogue, not even as an obsolete entry or an old French."""
    frank = "Trois rôles ont été débattus ; les élus ont retenu le deuxième."
    repo.replace(NOTE, frank, f"::: interne\n{frank}\n:::\n\nTrois rôles ont été débattus.")
    assert run("traduire", "valbrune", "--langue", "en", "--format", "xliff").exit_code == 0
    texts = [p.read_text("utf-8") for p in (repo.mission / EN).glob("*.po")]
    texts.append((repo.root / "build/_traductions/valbrune/valbrune.en.xlf").read_text("utf-8"))
    assert not any("les élus ont retenu le deuxième" in text for text in texts)
    assert not any("the elected representatives chose the second" in text for text in texts)


def test_a_referential_text_left_french_withholds_a_valide_translation(
    repo: Repo, run: Callable[..., Result]
) -> None:
    objectifs = repo.mission / "referentiel/objectifs.yaml"
    text = objectifs.read_text("utf-8")
    objectifs.write_text(text.replace("intitule: Pérenniser la", "intitule: Pérenniser bien la", 1))
    result = run("build", "valbrune", "--format", "html")
    assert result.exit_code == 0
    assert "avertissement : traduction en anglais manquante ou à revoir pour « Pérenniser bien" in (
        result.output
    )
    assert not (repo.root / "build/valbrune/note-strategique.en.html").exists()


def test_hand_edits_translators_make_are_read_as_meant(
    repo: Repo, run: Callable[..., Result]
) -> None:
    """A heading translated as blanks is untranslated (marked, no crash); a file saved with a
    byte-order mark (Windows' Notepad) reads; an agency's file with units left empty takes
    nothing away."""
    repo.replace(NOTE, "statut: valide", "statut: brouillon")
    path = repo.mission / EN / "note-strategique.po"
    po = polib.pofile(str(path))
    next(e for e in po if e.msgid == "Le cadre juridique").msgstr = " "
    path.write_text("\ufeff" + str(po), "utf-8")
    assert run("check", "valbrune").exit_code == 0
    assert run("build", "valbrune", "--format", "html").exit_code == 0
    page = html_text((repo.root / "build/valbrune/note-strategique.en.html").read_text("utf-8"))
    assert "[FR]\u00a0Le cadre juridique" in page
    before = _catalogues(repo)
    empty = polib.POFile()
    for entry in polib.pofile(str(repo.mission / EN / "kit-relations.po")):
        empty.append(polib.POEntry(msgid=entry.msgid, msgstr=""))
    agency = repo.root / "kit-relations.po"
    empty.save(str(agency))
    assert run("traduire", "valbrune", "--langue", "en", "--importer", str(agency)).exit_code == 0
    assert _catalogues(repo)["kit-relations.po"] == before["kit-relations.po"]


def test_speaker_notes_for_the_client_are_translated_too(
    repo: Repo, run: Callable[..., Result]
) -> None:
    deck = "livrables/restitution-diagnostic.md"
    repo.replace(deck, "\nstatut:", "\nnotes: client\nstatut:")
    assert run("traduire", "valbrune/restitution-diagnostic", "--langue", "en").exit_code == 0
    path = repo.mission / EN / "restitution-diagnostic.po"
    po = polib.pofile(str(path))
    notes = [e for e in po if not e.msgstr]
    assert notes  # the notes, now the client's, to translate
    for entry in notes:
        entry.msgstr = f"EN {entry.msgid}"
    po.save(str(path))
    assert run("build", "valbrune", "--format", "html").exit_code == 0
    html = (repo.root / "build/valbrune/restitution-diagnostic.en.html").read_text("utf-8")
    assert f"EN {notes[0].msgid.split('**')[0][:20]}" in html
