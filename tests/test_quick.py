"""A plain `livrables build` with nothing to do, answered from the last one's stamp (quick.py):
only when nothing a build reads has changed, and the same answer as the build's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from livrables import quick
from livrables.cli import cli
from tests.conftest import REPO, SAMPLE, Repo, build_in
from tests.pipeline.test_git_versions import git as shared_git


def git(root: Path, *args: str) -> None:
    shared_git(Repo(root), *args)


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample in a git repository, built once (outputs and caches), for every test."""
    root = tmp_path_factory.mktemp("quick") / "depot"
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "content" / SAMPLE, root / "content" / SAMPLE)
    (root / ".gitignore").write_text("build/\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "départ")
    build_in(root)
    return root


def build(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["build", *args], prog_name="livrables")
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def stamped(original: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built sample whose last plain build left a stamp. Its files are fresh
    copies, hence closer than two seconds to that build: dates are trusted at once here (the
    test of that rule sets it back)."""
    root = tmp_path / "depot"
    shutil.copytree(original, root, symlinks=True)
    monkeypatch.chdir(root)
    monkeypatch.setattr(quick, "RACY_NS", 0)
    code, out, _ = build()  # remade: the manifests name files by their whole path
    assert code == 0, out
    assert quick.answer(str(root)) is not None
    return root


def test_the_answer_is_the_builds(stamped: Path) -> None:
    count, err = quick.answer(str(stamped)) or (0, "")
    code, out, build_err = build()
    assert code == 0
    assert out.startswith(f"0 livrable produit, {count} à jour, 0 en échec — ")
    assert count == len(list((stamped / "content" / SAMPLE / "livrables").glob("*.md"))) > 1
    assert err == build_err and "LibreOffice" in err  # the tests build without it


def test_the_launcher_answers_without_the_tool(stamped: Path) -> None:
    """`python -m livrables build`: the stamp's answer, and none of the tool's modules."""
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['livrables', 'build']\n"
        "try:\n"
        "    runpy.run_module('livrables', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    loaded = sorted(m for m in sys.modules if m.startswith(('livrables', 'click')))\n"
        "    print('code', exit.code, loaded, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=stamped, capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("0 livrable produit, ")
    code, loaded = done.stderr.rsplit("code ", 1)[1].split(" ", 1)
    assert code == "0"
    assert set(eval(loaded)) <= {  # noqa: S307 - our own probe's list
        "livrables",
        "livrables.__main__",
        "livrables.launcher",
        "livrables.quick",
    }


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _same_size_same_date(path: Path) -> None:
    """An edit a date alone would miss: same size, modification date put back."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    _write(path, text.replace("e", "a", 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _add(root: Path, name: str) -> None:
    _write(root / name, "a")
    git(root, "add", name)


MUTATIONS: dict[str, Callable[[Path], None]] = {
    "texte": lambda r: _same_size_same_date(r / "content" / SAMPLE / "livrables" / "formation.md"),
    "passé en interne": lambda r: _write(
        r / "content" / SAMPLE / "livrables" / "formation.md",
        (r / "content" / SAMPLE / "livrables" / "formation.md")
        .read_text(encoding="utf-8")
        .replace("diffusion: client", "diffusion: interne", 1),
    ),
    "nouveau fichier": lambda r: _write(r / "content" / SAMPLE / "images" / "x.txt", "x"),
    "mission ajoutée": lambda r: shutil.copytree(r / "content" / SAMPLE, r / "content" / "autre"),
    "gabarit": lambda r: _write(r / "templates" / "html" / "style.css", "p{}"),
    "sortie supprimée": lambda r: next((r / "build" / SAMPLE).glob("*.docx")).unlink(),
    "sortie modifiée": lambda r: _write(next((r / "build" / SAMPLE).glob("*.html")), "x"),
    "fichier dans build": lambda r: _write(r / "build" / "note.txt", "x"),
    "commit": lambda r: git(r, "commit", "-q", "--allow-empty", "-m", "vide"),
    "envoi enregistré": lambda r: git(r, "tag", "-a", f"envoi/{SAMPLE}/formation/1.0", "-m", "x"),
    "index": lambda r: _add(r, "a.txt"),
}


@pytest.mark.parametrize("change", MUTATIONS)
def test_any_change_to_what_a_build_reads_is_seen(stamped: Path, change: str) -> None:
    MUTATIONS[change](stamped)
    assert quick.answer(str(stamped)) is None


@pytest.mark.parametrize(
    "name, value", [("LIVRABLES_SOFFICE", "/opt/soffice"), ("SOURCE_DATE_EPOCH", "1790000000")]
)
def test_what_a_build_reads_from_the_environment_is_seen(
    stamped: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    assert quick.answer(str(stamped)) is None


def test_other_code_is_seen(stamped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quick, "code_key", lambda package=None: "autre")
    assert quick.answer(str(stamped)) is None


def test_another_repository_named_by_the_environment_is_not_trusted(
    stamped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_DIR", str(stamped / ".git"))
    assert quick.answer(str(stamped)) is None


def test_a_failed_build_leaves_no_stamp(stamped: Path) -> None:
    path = stamped / "content" / SAMPLE / "livrables" / "formation.md"
    _write(path, path.read_text(encoding="utf-8").replace("type: formation", "type: inconnu"))
    code, _, _ = build()
    assert code == 1
    assert not (stamped / quick.STAMP).exists()


def test_a_build_of_part_of_the_work_is_seen_by_its_outputs(stamped: Path) -> None:
    """Not plain: no stamp written, and the old one no longer answers once the outputs moved
    (`--interne` writes build/_interne/; `--format html` rewrites the mission's portal)."""
    assert build("--interne")[0] == 0
    assert quick.answer(str(stamped)) is None
    assert build()[0] == 0
    assert quick.answer(str(stamped)) is not None
    assert build("--format", "html")[0] == 0
    assert quick.answer(str(stamped)) is None


def test_inputs_changed_too_close_to_the_build_leave_no_stamp(
    stamped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file saved a moment before the build: a date cannot tell a later save in the same
    instant, so no stamp (the next plain build writes it)."""
    monkeypatch.setattr(quick, "RACY_NS", 2_000_000_000)
    (stamped / quick.STAMP).unlink()
    os.utime(stamped / "content" / SAMPLE / "mission.yaml")
    assert build()[0] == 0
    assert not (stamped / quick.STAMP).exists()
    time.sleep(2.1)
    assert build()[0] == 0
    assert (stamped / quick.STAMP).exists()


def test_a_worktree_is_not_trusted(stamped: Path) -> None:
    """Its .git is a file naming the metadata elsewhere: not looked into."""
    shutil.rmtree(stamped / ".git")
    _write(stamped / ".git", "gitdir: /ailleurs\n")
    inputs = quick.Inputs(str(stamped))
    assert not inputs.trusted


def test_a_build_leaves_gits_index_as_it_was(
    original: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copied repository's index holds stale file dates: `git status` would rewrite it,
    and the stamp, which reads the index's date, would never match."""
    root = tmp_path / "copie"
    shutil.copytree(original, root, symlinks=True)
    monkeypatch.chdir(root)
    index = root / ".git" / "index"
    before = index.stat()
    assert build()[0] == 0
    after = index.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)


@pytest.mark.parametrize(
    ("path", "base"),
    [("/d/p/content/a.md", "/d/p"), ("/content/a.md", "/"), ("/d/p/x", "/d/p/"), ("/e/f", "/d/p")],
)
def test_relative_names_as_relpath_does(path: str, base: str) -> None:
    assert quick._relative(path, base) == os.path.relpath(path, base)


def test_a_file_removed_while_a_build_runs_leaves_no_stamp(
    stamped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The inputs are looked at once the build is done: a file removed after it started
    leaves no date of its own, but its folder's is newer than that start."""
    monkeypatch.setattr(quick, "RACY_NS", 50_000_000)
    time.sleep(0.1)  # every file older than the rule's margin
    started = time.time_ns()
    (stamped / "content" / SAMPLE / "images" / "logo-valbrune.png").rename(stamped / "ailleurs")
    inputs = quick.Inputs(str(stamped))
    quick.record(str(stamped), inputs, started, 7, "")
    assert not (stamped / quick.STAMP).exists()


def test_an_edited_deliverables_build_does_not_look_at_the_inputs_again(
    stamped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file it hashed changed just before it started: no stamp could be written, so the
    inputs are not walked for one."""
    monkeypatch.setattr(quick, "RACY_NS", 2_000_000_000)
    body = stamped / "content" / SAMPLE / "livrables" / "formation.md"
    body.write_text(body.read_text("utf-8") + "\nUne ligne de plus.\n", "utf-8")
    looked: list[str] = []
    monkeypatch.setattr(quick, "Inputs", lambda root: looked.append(root))
    code, out, _ = build()
    assert code == 0, out
    assert f"build/{SAMPLE}/formation.html" in out
    assert looked == []
    assert not (stamped / quick.STAMP).exists()
