"""The client folder holds exactly what may be sent: client deliverables and their portal."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from livrables.pipeline.writer import write_atomic
from tests.conftest import TRANSLATED, Repo

NOTE = "livrables/note-strategique.md"


def build(run: Callable[..., Result], *args: str) -> Result:
    result = run("build", "--jobs", "1", *args)
    assert result.exit_code == 0, result.output
    return result


def client_files(repo: Repo) -> list[str]:
    folder = repo.root / "build" / "valbrune"
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_client_folder_holds_only_deliverables_and_portal(
    repo: Repo, run: Callable[..., Result]
) -> None:
    build(run)
    stems = sorted([*(p.stem for p in (repo.mission / "livrables").glob("*.md")), *TRANSLATED])
    decks = {"journee-sensibilisation", "restitution-diagnostic"}  # PowerPoint, not Word
    office = {s: "pptx" if s.split(".")[0] in decks else "docx" for s in stems}
    expected = sorted(
        [f"{s}.{e}" for s in stems for e in (office[s], "html", "pdf")] + ["index.html"]
    )
    assert client_files(repo) == expected


def test_internal_build_goes_outside_the_client_folder(
    repo: Repo, run: Callable[..., Result]
) -> None:
    build(run)
    before = {p: p.read_bytes() for p in (repo.root / "build/valbrune").iterdir()}
    build(run, "--interne")
    assert {p: p.read_bytes() for p in (repo.root / "build/valbrune").iterdir()} == before
    internal = repo.root / "build/_interne/valbrune"
    assert (internal / "note-strategique.docx").is_file() and (internal / "index.html").is_file()


def test_internal_deliverable_never_in_client_folder_or_portal(
    repo: Repo, run: Callable[..., Result]
) -> None:
    build(run)
    assert "note-strategique.docx" in client_files(repo)
    repo.replace(NOTE, "diffusion: client", "diffusion: interne")
    build(run)
    assert not any(n.startswith("note-strategique.") for n in client_files(repo))
    portal = (repo.root / "build/valbrune/index.html").read_text("utf-8")
    assert "note-strategique" not in portal
    internal = repo.root / "build/_interne/valbrune"
    assert (internal / "note-strategique.docx").is_file()
    assert "note-strategique" in (internal / "index.html").read_text("utf-8")


def test_renamed_deliverable_and_strays_are_removed(repo: Repo, run: Callable[..., Result]) -> None:
    build(run)
    folder = repo.root / "build/valbrune"
    (folder / "notes-perso.txt").write_text("à ne pas envoyer", "utf-8")
    (folder / ".note-strategique.docx.abc.tmp").write_bytes(b"x")
    (folder / "interne").mkdir()
    (folder / "interne" / "note-strategique.docx").write_bytes(b"x")
    (repo.mission / NOTE).rename(repo.mission / "livrables/strategie.md")
    result = build(run)
    files = client_files(repo)
    assert "strategie.docx" in files and "strategie.html" in files
    assert not [
        f for f in files if f.startswith(("note-strategique", "notes-perso", ".", "interne"))
    ]
    assert "retiré" in result.output


def test_deleted_mission_folders_are_removed(repo: Repo, run: Callable[..., Result]) -> None:
    build(run)
    shutil.copytree(repo.mission, repo.root / "content" / "autre")
    build(run)
    assert (repo.root / "build/autre/index.html").is_file()
    shutil.rmtree(repo.root / "content" / "autre")
    build(run)
    assert not (repo.root / "build/autre").exists()
    assert (repo.root / "build/valbrune/index.html").is_file()


def test_portal_links_cannot_become_another_scheme(repo: Repo, run: Callable[..., Result]) -> None:
    (repo.mission / NOTE).rename(repo.mission / "livrables/javascript:alert(1).md")
    build(run)
    portal = (repo.root / "build/valbrune/index.html").read_text("utf-8")
    assert 'href="./javascript%3Aalert%281%29.html"' in portal
    assert 'href="javascript' not in portal


def test_temporary_files_are_made_outside_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "client" / "x.docx"
    scratch = tmp_path / ".tmp"
    seen: list[list[str]] = []
    original = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append(sorted(p.name for p in target.parent.iterdir()))
        original(src, dst)

    os.replace = spy  # type: ignore[assignment]
    try:
        write_atomic(target, b"contenu", scratch=scratch)
    finally:
        os.replace = original
    assert seen == [[]]  # nothing beside the output while it was being written
    assert target.read_bytes() == b"contenu" and list(scratch.iterdir()) == []


def _processes_in(folder: Path) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if Path(os.readlink(proc / "cwd")).resolve() == folder.resolve():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_kill_9_leaves_no_stray_file_nor_worker(repo: Repo) -> None:
    for n in range(6):
        shutil.copytree(repo.mission, repo.root / "content" / f"m{n}")
    command = [sys.executable, "-m", "livrables", "build", "--force", "--jobs", "2"]
    for delay in (1.2, 2.0):
        process = subprocess.Popen(command, cwd=repo.root, stdout=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 5
        while _processes_in(repo.root) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _processes_in(repo.root) == []
        build = repo.root / "build"
        for folder in build.iterdir() if build.is_dir() else []:
            if folder.name.startswith((".", "_")):
                continue
            strays = [p.name for p in folder.iterdir() if p.suffix not in {".docx", ".html"}]
            assert strays == []


def test_old_temporary_files_are_cleaned_young_ones_kept(tmp_path: Path) -> None:
    from livrables.pipeline.outputs import clean_scratch

    scratch = tmp_path / ".tmp"
    scratch.mkdir()
    old, young = scratch / "livrable-ancien.tmp", scratch / "livrable-en-cours.tmp"
    old.write_bytes(b"x")
    young.write_bytes(b"y")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    clean_scratch(tmp_path)
    assert not old.exists() and young.exists()


def test_a_deliverable_made_internal_leaves_the_client_folder_even_if_another_fails(
    repo: Repo, run: Callable[..., Result]
) -> None:
    build(run)
    assert "note-strategique.docx" in client_files(repo)
    repo.replace(NOTE, "diffusion: client", "diffusion: interne")
    repo.replace("livrables/plan-actions.md", "::: raci", "::: raci inconnue=1")  # fails
    result = run("build", "--jobs", "1")
    assert result.exit_code == 1
    assert not any(name.startswith("note-strategique.") for name in client_files(repo))
    assert (repo.root / "build/_interne/valbrune/note-strategique.docx").is_file()


def test_a_pdf_a_build_did_not_make_again_leaves_if_its_text_changed(
    repo: Repo, run: Callable[..., Result]
) -> None:
    """A PDF made by an earlier build does not stay beside a DOCX rebuilt without it
    (`--format docx --format html`): it would show the old text to whoever opens it; nor does
    one edited by hand. An untouched PDF of an unchanged text stays."""
    build(run)
    folder = repo.root / "build" / "valbrune"
    old_pdf = folder / "note-strategique.pdf"
    kept_pdf = folder / "plan-actions.pdf"
    kept = kept_pdf.read_bytes()
    edited_pdf = folder / "formation.pdf"
    edited_pdf.write_bytes(b"%PDF-1.7 retouche")
    repo.replace(NOTE, "# ", "# Nouveau — ")
    result = build(run, "--format", "docx", "--format", "html")
    assert not old_pdf.exists() and not edited_pdf.exists()
    assert (
        "retiré (pas refait en PDF cette fois, et le livrable a changé depuis (texte, données, "
        "version ou date) ; « livrables build --format pdf » le refait) : "
        "build/valbrune/note-strategique.pdf"
    ) in result.stdout  # the note's
    assert "retiré (fichier modifié à la main" in result.stdout  # the training's
    assert (folder / "note-strategique.docx").is_file()
    assert kept_pdf.read_bytes() == kept  # not rebuilt: its PDF is as good as before


def test_a_build_of_some_formats_leaves_the_others_only_if_made_of_the_same_text(
    repo: Repo, run: Callable[..., Result]
) -> None:
    """`--format html` after a full build: a deliverable whose text changed loses its Word (it
    would show the old text); the others keep theirs, and nothing is made again for nothing."""
    build(run)
    folder = repo.root / "build" / "valbrune"
    words = {path.name: path.read_bytes() for path in folder.glob("*.docx")}
    assert "0 livrable produit" in build(run, "--format", "html").output  # all still good
    assert {path.name: path.read_bytes() for path in folder.glob("*.docx")} == words
    build(run, "--format", "html", "--force")  # made again of the same text: Word kept
    assert {path.name: path.read_bytes() for path in folder.glob("*.docx")} == words
    repo.replace(NOTE, "# ", "# Nouveau — ")
    result = build(run, "--format", "html")
    assert "1 livrable produit" in result.output
    assert "Nouveau" in (folder / "note-strategique.html").read_text("utf-8")
    assert not (folder / "note-strategique.docx").exists()
    withheld = {"note-strategique.docx", "note-strategique.en.docx"}  # English: to translate
    assert sorted(path.name for path in folder.glob("*.docx")) == sorted(
        name for name in words if name not in withheld
    )
    build(run)  # the full build makes the missing Word again, and only it
    assert (folder / "note-strategique.docx").is_file()


def test_a_portal_never_links_a_file_a_partial_build_took_out(
    repo: Repo, run: Callable[..., Result]
) -> None:
    """`--format docx` after a full build takes out the edited note's page and PDF: the
    portal, rewritten, no longer links them; the others' files stay linked."""
    build(run)
    repo.replace(NOTE, "# ", "# Nouveau — ")
    result = build(run, "--format", "docx")
    assert "build/valbrune/note-strategique.html" in result.stdout
    portal = (repo.root / "build/valbrune/index.html").read_text("utf-8")
    assert 'href="./note-strategique.docx"' in portal
    assert 'href="./note-strategique.html"' not in portal
    assert 'href="./note-strategique.pdf"' not in portal
    assert 'href="./plan-actions.html"' in portal and 'href="./plan-actions.pdf"' in portal
