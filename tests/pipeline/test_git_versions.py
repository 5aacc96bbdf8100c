"""Versions, dates and draft marks from git; never from the clock."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import Repo
from tests.helpers import W, docx_text, docx_xml, html_text

NOTE = "livrables/note-strategique.md"
DRAFT = "BROUILLON — modifications non enregistrées"


def git(repo: Repo, *args: str, date: str = "2026-11-02T10:00:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Claire Moreau",
        "GIT_AUTHOR_EMAIL": "c@example.org",
        "GIT_COMMITTER_NAME": "Claire Moreau",
        "GIT_COMMITTER_EMAIL": "c@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    subprocess.run(["git", *args], cwd=repo.root, env=env, check=True, capture_output=True)


@pytest.fixture
def versioned(repo: Repo) -> Repo:
    """The sample in a git repository, its note without version nor date in its front matter."""
    repo.replace(NOTE, 'version: "1.0"\n', "")
    repo.replace(NOTE, "date: 2026-11-20\n", "")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Première version de la note")
    return repo


def cover_and_header(repo: Repo) -> tuple[str, str, str]:
    path = repo.root / "build/valbrune/note-strategique.docx"
    header = "".join(t.text or "" for t in docx_xml(path, "word/header1.xml").iter(f"{W}t"))
    html = html_text((repo.root / "build/valbrune/note-strategique.html").read_text("utf-8"))
    return docx_text(path), header, html


def test_version_and_date_come_from_git(versioned: Repo, run: Callable[..., Result]) -> None:
    assert run("build").exit_code == 0
    text, header, html = cover_and_header(versioned)
    assert "2 novembre 2026 · Version 1 · Validé" in text
    assert "2 novembre 2026 · Version 1 · Validé" in html
    assert DRAFT not in header and DRAFT not in html
    versioned.replace(NOTE, "Trois rôles", "Trois grands rôles")
    git(versioned, "commit", "-q", "-am", "Précisions sur les rôles", date="2026-11-09T10:00:00")
    assert run("build").exit_code == 0
    assert "9 novembre 2026 · Version 2 · Validé" in cover_and_header(versioned)[0]


def test_draft_mark_with_uncommitted_changes_gone_after_commit(
    versioned: Repo, run: Callable[..., Result]
) -> None:
    versioned.replace(NOTE, "Trois rôles", "Trois grands rôles")
    assert run("build").exit_code == 0
    _, header, html = cover_and_header(versioned)
    assert DRAFT in header and DRAFT in html
    git(versioned, "commit", "-q", "-am", "Précisions sur les rôles", date="2026-11-09T10:00:00")
    result = run("build")
    assert result.exit_code == 0
    assert "1 livrable produit" in result.stdout  # same content, new state: rebuilt
    _, header, html = cover_and_header(versioned)
    assert DRAFT not in header and DRAFT not in html


def test_a_referential_change_marks_every_deliverable(
    versioned: Repo, run: Callable[..., Result]
) -> None:
    versioned.replace("referentiel/services.yaml", "sigle: DGS", "sigle: D.G.S.")
    assert run("build").exit_code == 0
    for stem in ("formation", "plan-actions"):
        path = versioned.root / f"build/valbrune/{stem}.docx"
        header = "".join(t.text or "" for t in docx_xml(path, "word/header1.xml").iter(f"{W}t"))
        assert DRAFT in header


def test_revision_table_from_git_shows_versions_and_dates_only(
    versioned: Repo, run: Callable[..., Result]
) -> None:
    versioned.replace(NOTE, "diffusion: client\n", "diffusion: client\nhistorique: oui\n")
    git(versioned, "commit", "-q", "-am", "corrigé la bourde du DGS", date="2026-11-05T10:00:00")
    assert run("build").exit_code == 0
    html = (versioned.root / "build/valbrune/note-strategique.html").read_text()
    docx = versioned.root / "build/valbrune/note-strategique.docx"
    text = html_text(html)
    assert "Historique du document" in text
    assert "2 5 novembre 2026" in text and "1 2 novembre 2026" in text
    for secret in ("bourde", "Première version de la note", "Claire Moreau"):
        assert secret not in html and secret not in docx_text(docx)


def test_revision_table_from_the_front_matter(versioned: Repo, run: Callable[..., Result]) -> None:
    versioned.replace(
        NOTE,
        "diffusion: client\n",
        "diffusion: client\nhistorique:\n  - version: '1.0'\n    date: 2026-11-02\n"
        "    description: Version remise au comité de pilotage\n",
    )
    git(versioned, "commit", "-q", "-am", "wip historique", date="2026-11-05T10:00:00")
    assert run("build").exit_code == 0
    text = html_text((versioned.root / "build/valbrune/note-strategique.html").read_text())
    assert "1.0 2 novembre 2026 Version remise au comité de pilotage" in text
    assert "wip" not in text


def test_a_shallow_clone_says_its_versions_are_unknown(
    versioned: Repo, run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    versioned.replace(NOTE, "Trois rôles", "Trois grands rôles")
    git(versioned, "commit", "-q", "-am", "Précisions", date="2026-11-09T10:00:00")
    clone = tmp_path / "clone"
    url = versioned.root.as_uri()
    subprocess.run(["git", "clone", "-q", "--depth", "1", url, str(clone)], check=True)
    monkeypatch.chdir(clone)
    assert run("build").exit_code == 0
    text = docx_text(clone / "build/valbrune/note-strategique.docx")
    assert "Version à préciser (historique git incomplet)" in text
    assert "Version 1 " not in text


def test_without_git_the_version_is_unknown(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(NOTE, 'version: "1.0"\n', "")
    repo.replace(NOTE, "date: 2026-11-20\n", "")
    assert run("build").exit_code == 0
    text = docx_text(repo.root / "build/valbrune/note-strategique.docx")
    assert "Date à préciser · Version inconnue · Validé" in text


def test_source_date_epoch_dates_a_build_without_git(
    repo: Repo, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.replace(NOTE, "date: 2026-11-20\n", "")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28
    assert run("build").exit_code == 0
    text = docx_text(repo.root / "build/valbrune/note-strategique.docx")
    assert "28 mai 2026 · Version 1.0" in text


def test_the_portal_shows_the_versions_printed_on_the_documents(
    versioned: Repo, run: Callable[..., Result]
) -> None:
    assert run("build").exit_code == 0
    portal = html_text((versioned.root / "build/valbrune/index.html").read_text("utf-8"))
    assert "Note stratégique Validé 1 2 novembre 2026" in portal
