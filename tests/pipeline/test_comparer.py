"""`livrables comparer`: a Word redline between two versions whose "accept all" gives exactly
the new document and "reject all" exactly the old one, in order; an HTML view; the version
last sent as the default; the client's text only."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from openxml_audit import OpenXmlValidator

from livrables.writers.docx.revisions import accept_all, paragraph_texts, reject_all
from tests.conftest import Repo
from tests.helpers import W, docx_xml, html_text
from tests.pipeline.test_git_versions import git
from tests.test_real_renderers import need, page_count, soffice_convert

PLAN = "livrables/plan-actions.md"
ACTIONS = "referentiel/actions.yaml"
MOVED = (
    "Les financements attendus viennent pour moitié de partenaires extérieurs : ils sont à "
    "solliciter\ndès le premier semestre 2027.\n\n"
)
SECRET = "Ne pas dire au client que le budget est déjà arbitré"


@pytest.fixture(autouse=True)
def identity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Claire Moreau")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "c@example.org")


def commit(repo: Repo, message: str, date: str, author: str = "Claire Moreau") -> None:
    subprocess.run(["git", "add", "-A"], cwd=repo.root, check=True, capture_output=True)
    subprocess.run(
        ["git", "commit", "-q", "-m", message],
        cwd=repo.root,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": "a@example.org",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
        },
    )


@pytest.fixture
def versions(repo: Repo, run: Callable[..., Result], tmp_path: Path) -> dict[str, Path]:
    """Two committed versions of the action plan and each one's DOCX as the build made it:
    between them, a word changed, a table cell, a figure of the referential, a paragraph
    moved, a section deleted."""
    (repo.root / ".gitignore").write_text("build/\n", "utf-8")
    repo.replace(PLAN, 'version: "0.9"', 'version: "1.0"')
    text = (repo.mission / PLAN).read_text("utf-8")
    text += "\n# Contacts\n\n| Service | Référent |\n|---|---|\n| Attractivité | Mme Dubois |\n"
    text += "| Eau | M. Lenoir |\n"
    (repo.mission / PLAN).write_text(text, "utf-8")
    git(repo, "init", "-q")
    commit(repo, "Plan d'actions 1.0", "2026-11-02T10:00:00")
    built: dict[str, Path] = {}
    assert run("build", "valbrune").exit_code == 0
    built["old"] = shutil.copy(repo.root / "build/valbrune/plan-actions.docx", tmp_path / "a.docx")
    repo.replace(PLAN, 'version: "1.0"', 'version: "1.1"')
    repo.replace(PLAN, "déjà au contact des", "déjà en relation avec les")  # a word or two
    repo.replace(PLAN, "| Eau | M. Lenoir |", "| Eau | Mme Lenoir |")  # a cell
    repo.replace(PLAN, MOVED, "")  # a paragraph moved up
    repo.replace(PLAN, "Le calendrier ci-dessous", MOVED + "Le calendrier ci-dessous")
    repo.replace(PLAN, "# Les besoins de formation\n\n::: besoins-formation\n:::\n\n", "")
    repo.replace(PLAN, "# Les actions\n", f"# Les actions\n\n::: interne\n{SECRET}.\n:::\n")
    repo.replace(ACTIONS, "budget: 45000", "budget: 47000")  # a figure of the referential
    repo.replace(ACTIONS, "régie, montant: 24000}", "régie, montant: 26000}")
    commit(repo, "Plan d'actions 1.1", "2026-11-20T15:30:00", author="Paul Martin")
    assert run("build", "valbrune").exit_code == 0
    built["new"] = shutil.copy(repo.root / "build/valbrune/plan-actions.docx", tmp_path / "b.docx")
    return built


def body_texts(root: object, start: str = "Heading1") -> list[str]:
    """The paragraphs' texts from the first heading on (the cover shows each version's
    number), empty ones left out (section breaks and spacers are layout)."""
    paragraphs = list(root.iter(f"{W}p"))  # type: ignore[attr-defined]
    first = next(
        i
        for i, p in enumerate(paragraphs)
        if (s := p.find(f"{W}pPr/{W}pStyle")) is not None and s.get(f"{W}val") == start
    )
    holder = paragraphs[first].getparent()
    texts = paragraph_texts(holder)
    heading_text = "".join(t.text or "" for t in paragraphs[first].iter(f"{W}t"))
    return [t for t in texts[texts.index(heading_text) :] if t.strip()]


def test_accept_all_gives_the_new_version_and_reject_all_the_old(
    versions: dict[str, Path], repo: Repo, run: Callable[..., Result]
) -> None:
    result = run("comparer", "valbrune/plan-actions", "--depuis", "HEAD~1")
    assert result.exit_code == 0, result.output
    redline = repo.root / "build/_comparaisons/valbrune/plan-actions-depuis-HEAD-1.docx"
    assert redline.is_file() and not (repo.root / "build/valbrune" / redline.name).exists()
    root = docx_xml(redline)
    body = root.find(f"{W}body")
    accepted = body_texts(accept_all(body))
    rejected = body_texts(reject_all(body))
    assert accepted == body_texts(docx_xml(versions["new"]).find(f"{W}body"))
    assert rejected == body_texts(docx_xml(versions["old"]).find(f"{W}body"))
    assert accepted != rejected
    # real tracked changes, by the author of the new version, on the day of its commit
    inserted = root.findall(f".//{W}ins")
    deleted = root.findall(f".//{W}del")
    assert inserted and deleted
    assert {e.get(f"{W}author") for e in inserted + deleted} == {"Paul Martin"}
    assert {e.get(f"{W}date") for e in inserted} == {"2026-11-20T15:30:00Z"}
    ids = [e.get(f"{W}id") for e in inserted + deleted]
    assert len(ids) == len(set(ids))
    # the changes are where they were made: the word, the cell, the figure
    words = ["".join(t.text for t in e.iter(f"{W}t")) for e in inserted]
    gone = ["".join(t.text for t in e.iter(f"{W}delText")) for e in deleted]
    assert "en relation avec les" in words and "au contact des" in gone
    assert "Mme" in words and "M." in gone
    assert "47\u202f000" in words and "45\u202f000" in gone
    assert "26\u202f000" in words and "24\u202f000" in gone
    assert any("Les besoins de formation" in g for g in gone)  # the section, deleted
    assert any(t.startswith("Les financements attendus") for t in words)  # moved: in ...
    assert any(t.startswith("Les financements attendus") for t in gone)  # ... and out
    # a deleted row of the section's table is marked as a row
    assert root.findall(f".//{W}trPr/{W}del")
    # the redline can itself be reviewed: `retours` finds its deliverable and lines
    names = [b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart")]
    assert sum(1 for n in names if n.startswith("_LV_")) == 1
    review = run("retours", str(redline))  # its own tracked changes, at their lines
    line = repo.line_of(PLAN, "déjà en relation avec les")
    assert review.exit_code == 0, review.output
    assert f"{PLAN}:{line}: suppression de Paul Martin (20 novembre 2026) : « au contact des »" in (
        review.output
    )


def test_the_redline_is_schema_valid_and_keeps_no_internal_note(
    versions: dict[str, Path], repo: Repo, run: Callable[..., Result]
) -> None:
    assert run("comparer", "valbrune/plan-actions", "--depuis", "HEAD~1").exit_code == 0
    folder = repo.root / "build/_comparaisons/valbrune"
    redline = folder / "plan-actions-depuis-HEAD-1.docx"
    result = OpenXmlValidator().validate(str(redline))
    assert result.is_valid, [str(getattr(e, "description", e)) for e in result.errors][:10]
    for path in folder.iterdir():
        data = path.read_bytes()
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as package:
                data = b"".join(package.read(n) for n in package.namelist())
        assert "déjà arbitré".encode() not in data, path.name


def test_the_html_view_marks_changes_and_lists_the_sections(
    versions: dict[str, Path], repo: Repo, run: Callable[..., Result]
) -> None:
    result = run("comparer", "valbrune/plan-actions", "--depuis", "HEAD~1")
    assert "section(s) modifiée(s)" in result.output
    assert "Les besoins de formation" in result.output and "Contacts" in result.output
    assert "Qui fait quoi" not in result.output  # unchanged
    page = (repo.root / "build/_comparaisons/valbrune/plan-actions-depuis-HEAD-1.html").read_text(
        "utf-8"
    )
    assert "<ins>en relation avec les</ins>" in page and "<del>au contact des</del>" in page
    link = re.search(r'<a href="#(s\d+)">Les actions</a>', page)
    assert link is not None  # and it leads to the section
    assert re.search(f'<a id="{link.group(1)}"></a><h2[^>]*>Les actions</h2>', page)
    text = html_text(page)  # well nested
    assert "Depuis la version HEAD~1 du 2 novembre 2026" in text


def test_by_default_the_version_last_sent(
    repo: Repo, run: Callable[..., Result], versions: dict[str, Path]
) -> None:
    missing = run("comparer", "valbrune/plan-actions")
    assert missing.exit_code == 1
    assert "aucune version de « plan-actions » n'a été envoyée" in missing.output
    git(repo, "checkout", "-q", "HEAD~1")
    assert run("envoyer", "valbrune", "plan-actions").exit_code == 0
    git(repo, "checkout", "-q", "-")
    result = run("comparer", "valbrune/plan-actions")
    assert result.exit_code == 0, result.output
    assert "depuis la version 1.0 du " in result.output
    assert (repo.root / "build/_comparaisons/valbrune/plan-actions-depuis-1.0.docx").is_file()
    same = run("comparer", "valbrune/plan-actions", "--depuis", "1.0")
    assert same.exit_code == 0
    unknown = run("comparer", "valbrune/plan-actions", "--depuis", "0.3")
    assert unknown.exit_code == 1
    assert "« 0.3 » n'est ni une version envoyée de plan-actions (envoyées : 1.0)" in (
        unknown.output
    )


def test_errors_are_french_and_write_nothing(
    repo: Repo, run: Callable[..., Result], versions: dict[str, Path]
) -> None:
    for args, message in [
        (["valbrune"], "précisez MISSION/LIVRABLE"),
        (["../valbrune/x"], "précisez MISSION/LIVRABLE"),
        (["valbrune/plan-actions", "--depuis", "--output=x"], "n'est pas une version"),
        (["inconnue/x"], "mission « inconnue » introuvable"),
        (["valbrune/absent", "--depuis", "HEAD~1"], "livrable « absent » introuvable"),
        (["valbrune/journee-sensibilisation", "--depuis", "HEAD"], "est un diaporama"),
    ]:
        result = run("comparer", *args)
        assert result.exit_code == 1, args
        assert message in result.output, result.output
        assert "Traceback" not in result.output
    assert not (repo.root / "build/_comparaisons").exists()


def test_the_redline_opens_in_libreoffice(
    versions: dict[str, Path], repo: Repo, run: Callable[..., Result], tmp_path: Path
) -> None:
    need("soffice")
    assert run("comparer", "valbrune/plan-actions", "--depuis", "HEAD~1").exit_code == 0
    redline = repo.root / "build/_comparaisons/valbrune/plan-actions-depuis-HEAD-1.docx"
    pdf = soffice_convert(redline, tmp_path / "pdf", "pdf", tmp_path / "profil")
    assert pdf.is_file() and page_count(pdf) >= 4


def _committed(repo: Repo) -> None:
    (repo.root / ".gitignore").write_text("build/\n", "utf-8")
    git(repo, "init", "-q")
    commit(repo, "départ", "2026-11-02T10:00:00")


def test_a_link_leaving_the_folder_in_an_old_version_is_refused(
    repo: Repo, run: Callable[..., Result], tmp_path: Path
) -> None:
    """An old commit holds a link to a file outside the repository: refused in French, the
    file it names never read, nothing written."""
    outside = tmp_path / "secret.txt"
    outside.write_text("mot de passe", "utf-8")
    (repo.mission / "images" / "fuite.png").symlink_to(outside)
    _committed(repo)
    (repo.mission / "images" / "fuite.png").unlink()
    commit(repo, "sans lien", "2026-11-03T10:00:00")
    result = run("comparer", "valbrune/plan-actions", "--depuis", "HEAD~1")
    assert result.exit_code == 1
    assert "lien symbolique refusé" in result.stderr and "Traceback" not in result.output
    assert not (repo.root / "build" / "_comparaisons").exists()


def test_an_old_version_is_read_within_bounds(
    repo: Repo, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large file in an old commit is refused before anything is written (the limits made
    small here: a real one would be hundreds of megabytes)."""
    from livrables.pipeline import comparer

    (repo.mission / "images" / "gros.bin").write_bytes(b"\0" * 300_000)
    _committed(repo)
    repo.replace(PLAN, "déjà au contact des", "déjà en relation avec les")
    commit(repo, "suite", "2026-11-03T10:00:00")
    monkeypatch.setattr(comparer, "MAX_FILE", 100_000)
    written: list[Path] = []
    real = Path.write_bytes
    monkeypatch.setattr(
        Path, "write_bytes", lambda self, data: written.append(self) or real(self, data)
    )
    result = run("comparer", "valbrune/plan-actions", "--depuis", "HEAD~1")
    assert result.exit_code == 1
    assert "trop volumineux" in result.stderr and "gros.bin" in result.stderr
    assert [p for p in written if ".cache" not in p.parts] == []  # fonts cut: a cache
    monkeypatch.setattr(comparer, "MAX_FILE", 64 << 20)
    result = run("comparer", "valbrune/plan-actions", "--depuis", "HEAD~1")
    assert result.exit_code == 0, result.output
