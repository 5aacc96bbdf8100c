"""One answer to "is it up to date?" (pipeline/inputs.py): every change to what a build is made
of is seen by the skip of whole missions; nothing else makes a mission be read again; an output
edited or replaced by hand is made again; the package's data is part of the key."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from livrables.pipeline import inputs as freshness
from livrables.pipeline.inputs import Inputs
from livrables.pipeline.project import Project, default_formats
from tests.conftest import SAMPLE, Repo, build_in
from tests.pipeline.test_git_versions import git


@pytest.fixture
def built(repo: Repo) -> Repo:
    """The sample committed in git and built: every mission up to date."""
    (repo.root / ".gitignore").write_text("build/\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "départ")
    build_in(repo.root)
    assert up_to_date(repo) == 9
    return repo


def up_to_date(repo: Repo) -> int | None:
    return Inputs(Project(repo.root), default_formats(), False).all_unchanged([])


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _same_size(path: Path) -> None:
    """An edit a date alone would miss: same size, modification date put back."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    _write(path, text.replace("e", "a", 1))
    import os

    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


FORMATION = f"content/{SAMPLE}/livrables/formation.md"
CHANGES: dict[str, Callable[[Path], None]] = {
    "texte": lambda r: _same_size(r / FORMATION),
    "passé en interne": lambda r: _write(
        r / FORMATION,
        (r / FORMATION).read_text("utf-8").replace("diffusion: client", "diffusion: interne", 1),
    ),
    "nouveau fichier": lambda r: _write(r / "content" / SAMPLE / "images" / "x.txt", "x"),
    "mission ajoutée": lambda r: shutil.copytree(r / "content" / SAMPLE, r / "content" / "autre"),
    "gabarit": lambda r: _write(r / "templates" / "html" / "style.css", "p{}"),
    "sortie supprimée": lambda r: next((r / "build" / SAMPLE).glob("*.docx")).unlink(),
    "sortie modifiée": lambda r: _write(next((r / "build" / SAMPLE).glob("*.html")), "x"),
    "portail modifié": lambda r: _write(r / "build" / SAMPLE / "index.html", "<p>autre</p>"),
    "sortie remplacée": lambda r: shutil.copy(
        r / "build" / SAMPLE / "plan-actions.docx", r / "build" / SAMPLE / "formation.docx"
    ),
    "fichier dans build": lambda r: (r / "build" / "note").mkdir(),
    "commit": lambda r: (
        (_write(r / FORMATION, (r / FORMATION).read_text("utf-8") + "\n"),)
        and git(Repo(r), "commit", "-q", "-am", "une ligne")
    ),
    "envoi enregistré": lambda r: git(
        Repo(r), "tag", "-a", f"envoi/{SAMPLE}/formation/1.0", "-m", "x"
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_to_what_a_build_is_made_of_is_seen(built: Repo, change: str) -> None:
    CHANGES[change](built.root)
    assert up_to_date(built) is None


def test_what_is_not_an_input_changes_nothing(built: Repo) -> None:
    """Files beside the missions (the README, a scratch file git ignores) and an unrelated
    commit leave every mission up to date."""
    _write(built.root / "LISEZMOI.md", "notes")
    git(built, "add", "LISEZMOI.md")
    git(built, "commit", "-q", "-m", "notes")
    assert up_to_date(built) == 9


@pytest.mark.parametrize(
    ("name", "value"), [("LIVRABLES_SOFFICE", "/opt/soffice"), ("SOURCE_DATE_EPOCH", "1790000000")]
)
def test_what_a_build_reads_from_the_environment_is_seen(
    built: Repo, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    assert up_to_date(built) is None


def test_other_code_or_package_data_is_seen(
    built: Repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    package = tmp_path / "livrables"
    shutil.copytree(freshness.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = freshness.code_digest(package)
    css = next((package / "data" / "reveal").glob("*.css"))
    css.write_text(css.read_text("utf-8") + "\n/* autre */\n", "utf-8")  # vendored, not code
    assert freshness.code_digest(package) != before
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "m.pyc").write_bytes(b"0")  # bytecode is not what runs
    after = freshness.code_digest(package)
    assert freshness.code_digest(package) == after
    monkeypatch.setattr(freshness, "code_digest", lambda package=None: "autre")
    assert up_to_date(built) is None


def test_a_tampered_output_is_made_again_and_said(built: Repo, run: Callable[..., object]) -> None:
    target = built.root / "build" / SAMPLE / "formation.docx"
    good = target.read_bytes()
    shutil.copy(built.root / "build" / SAMPLE / "plan-actions.docx", target)
    result = run("build")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert f"écrit : build/{SAMPLE}/formation.docx" in result.stdout  # type: ignore[attr-defined]
    assert target.read_bytes() == good
    assert up_to_date(built) == 9


def test_a_touched_output_with_the_same_bytes_is_kept(
    built: Repo, run: Callable[..., object]
) -> None:
    target = built.root / "build" / SAMPLE / "formation.docx"
    target.write_bytes(target.read_bytes())  # same bytes, new dates
    assert up_to_date(built) == 9
