"""Every sample output goes through real renderers: LibreOffice for DOCX, Chromium for HTML.

Skipped locally when they are absent; CI sets LIVRABLES_RENDERERS_REQUIRED=1 and installs them,
so there a missing renderer is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import Repo

REQUIRED = os.environ.get("LIVRABLES_RENDERERS_REQUIRED") == "1"


def need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        if REQUIRED:
            pytest.fail(f"{program} is required here (LIVRABLES_RENDERERS_REQUIRED=1)")
        pytest.skip(f"{program} not installed")
    return path


def page_count(pdf: Path) -> int:
    info = subprocess.run(
        [need("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


def soffice_convert(source: Path, out: Path, to: str, profile: Path) -> Path:
    """`source` converted by LibreOffice (`to`: "pdf", "docx:MS Word 2007 XML" …) into `out`,
    with its own profile; the converted file's path."""
    subprocess.run(
        [
            need("soffice"),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    return out / f"{source.stem}.{to.split(':')[0]}"


@pytest.fixture
def built(repo: Repo, run: Callable[..., Result]) -> Path:
    result = run("build")
    assert result.exit_code == 0, result.output
    return repo.root / "build" / "valbrune"


def test_every_docx_converts_in_libreoffice(built: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profil-lo"
    for docx in sorted(built.glob("*.docx")):
        pdf = soffice_convert(docx, tmp_path, "pdf", profile)
        assert pdf.is_file(), f"LibreOffice could not convert {docx.name}"
        assert 3 <= page_count(pdf) <= 12


def test_every_html_prints_in_chromium(built: Path, tmp_path: Path) -> None:
    chromium = need("chromium")
    for page in sorted(built.glob("*.html")):
        pdf = tmp_path / f"{page.stem}.pdf"
        result = subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp_path / 'profil-chromium'}",
                "--enable-logging=stderr",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert pdf.is_file() and pdf.stat().st_size > 1000, result.stderr[-2000:]
        console = [line for line in result.stderr.splitlines() if "CONSOLE" in line]
        assert console == [], console
        assert page_count(pdf) >= 1


def test_a_document_ending_with_a_wide_table_has_no_blank_page(
    repo: Repo, run: Callable[..., Result], tmp_path: Path
) -> None:
    """Its landscape page is its last: no portrait page after it holding only the header and
    the footer, in the Word file (through LibreOffice) as in the PDF."""
    head = "| " + " | ".join(f"Colonne {i}" for i in range(1, 11)) + " |\n|" + "---|" * 10 + "\n"
    rows = "".join("| " + " | ".join(f"c{r}-{i}" for i in range(1, 11)) + " |\n" for r in range(4))
    note = repo.mission / "livrables" / "note-strategique.md"
    note.write_text(note.read_text("utf-8") + f"\n# Annexe\n\n{head}{rows}", "utf-8")
    assert run("build", "--format", "docx", "--format", "pdf").exit_code == 0
    folder = repo.root / "build" / "valbrune"
    word = soffice_convert(folder / "note-strategique.docx", tmp_path, "pdf", tmp_path / "p")
    for pdf in (word, folder / "note-strategique.pdf"):
        count = page_count(pdf)
        last = subprocess.run(
            [need("pdftotext"), "-f", str(count), "-l", str(count), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "c3-10" in last, (pdf.name, last[:300])  # the table's last cell, on the last page
