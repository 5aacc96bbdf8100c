"""`livrables envoyer`: a tag per version sent and a dated archive, refused while anything is
uncommitted or in error; the same version sent again with other content is refused."""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Callable

import pytest
from click.testing import Result

from tests.conftest import Repo
from tests.pipeline.test_git_versions import git

NOTE = "livrables/note-strategique.md"


@pytest.fixture(autouse=True)
def identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Who tags: CI machines have no git identity."""
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Claire Moreau")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "c@example.org")


@pytest.fixture
def committed(repo: Repo) -> Repo:
    (repo.root / ".gitignore").write_text("build/\n", "utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Mission")
    return repo


def tags(repo: Repo) -> list[str]:
    done = subprocess.run(
        ["git", "tag", "-l", "-n1"], cwd=repo.root, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def send(run: Callable[..., Result], *args: str) -> Result:
    return run("envoyer", "valbrune", *args)


def test_a_version_sent_is_tagged_and_archived(committed: Repo, run: Callable[..., Result]) -> None:
    stale = committed.root / "build" / "valbrune" / "note-strategique.pdf"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"%PDF d'une ancienne version")  # not what the build made: not sent
    result = send(run, "note-strategique")
    assert result.exit_code == 0, result.output
    assert "enregistré : note-strategique version 1.0 (étiquette " in result.output
    (line,) = tags(committed)
    assert line.startswith("envoi/valbrune/note-strategique/1.0 ")
    assert "Envoi au client le " in line and "version 1.0" in line
    (archive,) = (committed.root / "build" / "_envois" / "valbrune").glob("*.zip")
    assert archive.name.endswith("-note-strategique-v1.0.zip")
    with zipfile.ZipFile(archive) as package:
        assert sorted(package.namelist()) == [
            "note-strategique.docx",
            "note-strategique.html",
            "note-strategique.pdf",
        ]
        sent = package.read("note-strategique.docx")
        assert package.read("note-strategique.pdf") != b"%PDF d'une ancienne version"
    assert sent == (committed.root / "build" / "valbrune" / "note-strategique.docx").read_bytes()
    portal = (committed.root / "build" / "valbrune" / "index.html").read_text("utf-8")
    assert portal.count("Dernière version 1.0 envoyée le ") == 1  # the note's row only
    again = send(run, "note-strategique")  # nothing changed: nothing new
    assert again.exit_code == 0 and "déjà enregistré : note-strategique" in again.output
    assert len(tags(committed)) == 1


def test_a_deck_is_sent_as_its_powerpoint(committed: Repo, run: Callable[..., Result]) -> None:
    assert send(run, "restitution-diagnostic").exit_code == 0
    (archive,) = (committed.root / "build" / "_envois" / "valbrune").glob("*.zip")
    with zipfile.ZipFile(archive) as package:
        names = sorted(package.namelist())
    assert names == [
        "restitution-diagnostic.html",
        "restitution-diagnostic.pdf",
        "restitution-diagnostic.pptx",
    ]


def test_uncommitted_changes_are_refused(committed: Repo, run: Callable[..., Result]) -> None:
    committed.replace(NOTE, "Trois rôles", "Trois grands rôles")
    result = send(run)
    assert result.exit_code == 1
    assert "envoi refusé : modifications non enregistrées dans git : " in result.output
    assert "content/valbrune/livrables/note-strategique.md" in result.output
    assert tags(committed) == [] and not (committed.root / "build" / "_envois").exists()


def test_errors_are_refused(committed: Repo, run: Callable[..., Result]) -> None:
    committed.replace(NOTE, "statut: valide", "statut: fini")
    git(committed, "commit", "-q", "-am", "statut")
    result = send(run)
    assert result.exit_code == 1
    assert "statut : valeur « fini » invalide" in result.output
    assert "Envoi refusé" in result.output and tags(committed) == []


def test_the_same_version_with_other_content_is_refused(
    committed: Repo, run: Callable[..., Result]
) -> None:
    assert send(run, "note-strategique").exit_code == 0
    # another content, its English still complete (no text to translate changed)
    committed.replace(NOTE, "periode: 2027-2032", "periode: 2027-2033")
    git(committed, "commit", "-q", "-am", "Précision", date="2026-11-09T10:00:00")
    result = send(run, "formation", "note-strategique")  # all checked before any is recorded
    assert result.exit_code == 1
    assert "la version 1.0 a déjà été envoyée, avec un autre contenu" in result.output
    assert len(tags(committed)) == 1  # the formation's was not recorded either
    committed.replace(NOTE, 'version: "1.0"', 'version: "1.1"')
    git(committed, "commit", "-q", "-am", "Version 1.1", date="2026-11-10T10:00:00")
    assert send(run, "note-strategique").exit_code == 0
    assert [t.split()[0] for t in tags(committed)] == [
        "envoi/valbrune/note-strategique/1.0",
        "envoi/valbrune/note-strategique/1.1",
    ]


def test_an_internal_or_unknown_deliverable_is_refused(
    committed: Repo, run: Callable[..., Result]
) -> None:
    result = send(run, "inconnu")
    assert result.exit_code == 1 and "livrable « inconnu » introuvable" in result.output
    committed.replace(NOTE, "diffusion: client", "diffusion: interne")
    git(committed, "commit", "-q", "-am", "interne")
    result = send(run, "note-strategique")
    assert result.exit_code == 1
    assert "note-strategique : diffusion interne, il ne s'envoie pas" in result.output


def test_without_git_nothing_is_recorded(repo: Repo, run: Callable[..., Result]) -> None:
    result = send(run)
    assert result.exit_code == 1 and "pas de dépôt git" in result.output


def test_a_version_git_cannot_name_records_nothing(
    committed: Repo, run: Callable[..., Result]
) -> None:
    """Three deliverables, the third's version « 2.0..1 » (git refuses two dots in a tag):
    refused before anything is written, not after three tags and three archives."""
    committed.replace("livrables/plan-actions.md", 'version: "0.9"', 'version: "2.0..1"')
    git(committed, "commit", "-q", "-am", "version")
    result = send(run, "formation", "note-strategique", "plan-actions")
    assert result.exit_code == 1
    assert "« 2.0..1 » ne peut pas nommer une étiquette" in result.output
    assert "Rien n'a été enregistré" in result.output
    assert tags(committed) == []
    assert not list((committed.root / "build").glob("_envois/**/*.zip"))


def test_a_tag_git_refuses_midway_takes_back_the_others(
    committed: Repo, run: Callable[..., Result]
) -> None:
    """The second tag already exists under another form (a branch-like ref in the way): the
    first tag is taken back and no archive stays."""
    git(committed, "tag", "envoi/valbrune/note-strategique/1.0/x")  # blocks the note's tag
    result = send(run, "formation", "note-strategique")
    assert result.exit_code == 1
    assert "Rien n'a été enregistré" in result.output
    assert [t for t in tags(committed) if "/formation/" in t] == []
    assert not list((committed.root / "build").glob("_envois/**/*.zip"))
    assert not list((committed.root / "build").glob("_envois/**/.*.tmp"))


def test_a_client_file_edited_by_hand_is_not_what_is_archived(
    committed: Repo, run: Callable[..., Result]
) -> None:
    assert run("build").exit_code == 0
    built = committed.root / "build" / "valbrune" / "note-strategique.html"
    good = built.read_bytes()
    built.write_bytes(good.replace(b"</body>", b"<p>ajout</p></body>"))
    result = send(run, "note-strategique")
    assert result.exit_code == 0, result.output
    (archive,) = (committed.root / "build" / "_envois" / "valbrune").glob("*.zip")
    with zipfile.ZipFile(archive) as package:
        assert package.read("note-strategique.html") == good


def test_a_draft_still_holding_scaffold_text_is_not_sent(
    committed: Repo, run: Callable[..., Result]
) -> None:
    """Whatever its statut: a text `livrables new` wrote in the deliverable, or in the
    referential it draws on, or a note saying what is left to write, refuses the sending."""
    plan = "livrables/plan-actions.md"  # statut: relecture
    committed.replace(plan, "# Les actions\n", "# Les actions\n\nRemplacez ce texte.\n")
    actions = committed.mission / "referentiel" / "actions.yaml"
    text = actions.read_text("utf-8")
    first = text.index("intitule: ") + len("intitule: ")
    end = text.index("\n", first)
    actions.write_text(text[:first] + "Première action à définir" + text[end:], "utf-8")
    git(committed, "commit", "-qam", "Brouillon")
    result = send(run, "plan-actions")
    assert result.exit_code == 1
    line = committed.line_of(plan, "Remplacez ce texte.")
    assert (
        f"content/valbrune/{plan}:{line}:1: texte à remplacer « Remplacez ce texte » laissé par "
        "« livrables new » : un livrable envoyé au client ne peut pas le contenir"
    ) in result.output
    assert "« Première action à définir » laissé par « livrables new »" in result.output
    assert "Rien n'a été enregistré." in result.output
    assert tags(committed) == []
    assert not (committed.root / "build" / "_envois").exists()


def test_a_document_dated_after_today_is_sent_with_a_word(
    committed: Repo, run: Callable[..., Result]
) -> None:
    committed.replace(NOTE, "date: 2026-11-20", "date: 2099-01-15")
    git(committed, "commit", "-qam", "Daté")
    result = send(run, "note-strategique")
    assert result.exit_code == 0, result.output
    line = committed.line_of(NOTE, "date: 2099-01-15")
    assert (
        f"content/valbrune/{NOTE}:{line}:7: avertissement : date : le document est daté du "
        "15 janvier 2099, après aujourd'hui"
    ) in result.output
    assert len(tags(committed)) == 1
