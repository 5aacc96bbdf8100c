"""One LibreOffice kept running per build process (`pipeline/resident.py`): started once for
all the conversions of a process, given up for `soffice --convert-to` when it cannot be used
or fails, ended with the build, and when the build is killed.

Needs LibreOffice and a Python with its UNO bridge (skipped when absent, except in CI)."""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from livrables.pipeline import resident
from livrables.pipeline.pdf import LibreOffice
from livrables.pipeline.project import Project
from tests.conftest import SAMPLE, Repo
from tests.test_real_renderers import REQUIRED, need


@pytest.fixture
def soffice(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    command = need("soffice")
    monkeypatch.delenv("LIVRABLES_UNO_PYTHON", raising=False)
    resident.uno_python.cache_clear()
    if resident.uno_python(command) is None:
        if REQUIRED:
            pytest.fail("a Python with LibreOffice's uno is required here (python3-uno)")
        pytest.skip("no Python with LibreOffice's uno")
    yield command
    resident.close_all()
    resident._BROKEN.clear()
    resident.uno_python.cache_clear()


def document(text: str) -> bytes:
    made = docx.Document()
    made.add_paragraph(text)
    out = io.BytesIO()
    made.save(out)
    return out.getvalue()


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def running(profile: Path) -> list[int]:
    """The processes of LibreOffice using `profile` (not the helper driving it)."""
    mark = b"-env:UserInstallation=" + profile.resolve().as_uri().encode()
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if mark in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


def gone(profile: Path, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while running(profile) and time.monotonic() < deadline:
        time.sleep(0.2)
    return running(profile) == []


def starts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    counted: list[int] = []
    original = resident.Resident.__init__

    def counting(self: resident.Resident, *args: object) -> None:
        counted.append(os.getpid())
        original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(resident.Resident, "__init__", counting)
    return counted


pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")


def test_one_libreoffice_makes_every_pdf_of_a_process(
    soffice: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = starts(monkeypatch)
    office = LibreOffice(soffice, tmp_path / "build", 0, [])
    first = office.convert({"a": document("Premier livrable"), "b": document("Deuxième")})
    assert running(office.profile) != []  # still there between two calls
    second = LibreOffice(soffice, tmp_path / "build", 0, []).convert({"c": document("Troisième")})
    assert started == [os.getpid()]
    assert "Premier livrable" in text_of(first["a"]) and "Deuxième" in text_of(first["b"])
    assert "Troisième" in text_of(second["c"])
    resident.close_all()
    assert gone(office.profile)


def test_without_a_uno_python_each_call_starts_libreoffice(
    soffice: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVRABLES_UNO_PYTHON", "non")
    resident.uno_python.cache_clear()
    started = starts(monkeypatch)
    office = LibreOffice(soffice, tmp_path / "build", 0, [])
    made = office.convert({"a": document("Sans pont UNO")})
    assert started == [] and "Sans pont UNO" in text_of(made["a"])
    assert running(office.profile) == []  # that LibreOffice ended with its call


def test_a_libreoffice_that_dies_gives_way_to_one_call_then_starts_again(
    soffice: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = starts(monkeypatch)
    office = LibreOffice(soffice, tmp_path / "build", 0, [])
    office.convert({"a": document("Avant")})
    for pid in running(office.profile):  # LibreOffice crashes between two missions
        os.kill(pid, signal.SIGKILL)
    made = office.convert({"b": document("Après la panne"), "c": document("Et encore")})
    assert "Après la panne" in text_of(made["b"]) and "Et encore" in text_of(made["c"])
    assert len(started) == 1 and running(office.profile) == []  # by one `--convert-to` call
    assert "Ensuite" in text_of(office.convert({"d": document("Ensuite")})["d"])
    assert len(started) == 2  # the next call has a resident again


def test_a_python_that_cannot_start_the_helper_is_not_tried_again(
    soffice: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resident, "HELPER", tmp_path / "absent.py")
    office = LibreOffice(soffice, tmp_path / "build", 0, [])
    assert "Premier" in text_of(office.convert({"a": document("Premier")})["a"])
    assert str(office.profile.resolve()) in resident._BROKEN
    started = starts(monkeypatch)
    assert "Second" in text_of(office.convert({"b": document("Second")})["b"])
    assert started == []


def test_a_libreoffice_that_hangs_is_ended_and_the_batch_made_by_one_call(
    soffice: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = LibreOffice(soffice, tmp_path / "build", 0, [])
    office.convert({"a": document("Démarrage")})
    monkeypatch.setattr(resident, "TIMEOUT", 0.001)  # no answer in time: taken as hung
    monkeypatch.setattr(resident, "STOP_TIMEOUT", 0.001)  # and deaf to the end of its input
    made = office.convert({"b": document("Malgré tout")})
    assert "Malgré tout" in text_of(made["b"])
    assert str(office.profile.resolve()) in resident._BROKEN
    assert gone(office.profile)


def test_killing_the_build_ends_its_libreoffice(soffice: str, tmp_path: Path) -> None:
    profile = tmp_path / "build" / ".cache" / "libreoffice" / "profil-0"
    script = (
        "import sys, time\n"
        "from livrables.pipeline.pdf import LibreOffice\n"
        f"LibreOffice({soffice!r}, __import__('pathlib').Path({str(tmp_path / 'build')!r}), 0, [])"
        ".convert({'a': open(sys.argv[1], 'rb').read()})\n"
        "print('converti', flush=True)\n"
        "time.sleep(120)\n"
    )
    source = tmp_path / "a.docx"
    source.write_bytes(document("Un livrable"))
    build = subprocess.Popen(
        [sys.executable, "-c", script, str(source)], stdout=subprocess.PIPE, text=True
    )
    assert build.stdout is not None and build.stdout.readline().strip() == "converti"
    assert running(profile) != []
    build.send_signal(signal.SIGKILL)
    build.wait()
    build.stdout.close()
    assert gone(profile)


def _convert_in_child(build: str, soffice: str) -> str:
    made = LibreOffice(soffice, Path(build), 1, []).convert({"e": document("Enfant")})
    resident.close_all()
    return text_of(made["e"])


def test_a_forked_worker_has_its_own_libreoffice_and_leaves_its_parents_alone(
    soffice: str, tmp_path: Path
) -> None:
    office = LibreOffice(soffice, tmp_path / "build", 0, [])
    office.convert({"p": document("Parent")})
    with multiprocessing.get_context("fork").Pool(1) as pool:
        child = pool.apply_async(_convert_in_child, (str(tmp_path / "build"), soffice))
        assert "Enfant" in child.get(timeout=300)
        assert running(office.profile) != []  # the parent's, still running
        resident.close_all()  # ends though the child still lives (its copy of the pipe closed)
        assert gone(office.profile)


def test_the_preview_keeps_libreoffice_open_from_one_save_to_the_next(
    soffice: str, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from livrables.pipeline.preview import DocumentBuilder

    for body in (repo.mission / "livrables").glob("*.md"):
        if body.name != "note-strategique.md":
            body.unlink()  # one deliverable: its PDF is all this is about
    monkeypatch.setenv("LIVRABLES_SOFFICE", soffice)
    started = starts(monkeypatch)
    lines: list[str] = []
    builder = DocumentBuilder(Project(repo.root), SAMPLE, lines.append)
    profile = repo.root / "build" / ".cache" / "libreoffice" / "profil-0"
    note = repo.mission / "livrables" / "note-strategique.md"
    try:
        for save in range(2):
            if save:
                note.write_text(note.read_text("utf-8") + "\nUne phrase de plus.\n", "utf-8")
            builder.request()
            deadline = time.monotonic() + 300
            while len(lines) <= save and time.monotonic() < deadline:
                time.sleep(0.2)
            assert len(lines) == save + 1 and "documents à jour" in lines[save]
            assert running(profile) != []  # open between two saves
        pdf = repo.root / "build" / SAMPLE / "note-strategique.pdf"
        assert "Une phrase de plus." in text_of(pdf.read_bytes())
        assert started == [os.getpid()]
    finally:
        builder.stop()
    assert gone(profile)
