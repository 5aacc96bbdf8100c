"""PDF that a public client may publish and sign, on every consultant's machine: typeset from
the document tree by Typst, PDF/A-2a and PDF/UA-1 with no failed rule (page-validation, the
veraPDF rule set), French, the brand's fonts embedded and no other, bookmarks, contents with
their page numbers; no page ending on a heading, no blank page, no table row alone.

LibreOffice is optional: when installed, it numbers the Word contents once per DOCX."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import page
import pytest
from click.testing import Result
from pypdf import PdfReader

from livrables.pipeline.office import outline
from tests.conftest import REPO, SAMPLE, TRANSLATED, Repo
from tests.helpers import W, docx_xml
from tests.test_real_renderers import need

BRAND = ("Gelasio", "Arimo")


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two missions, without LibreOffice: the PDFs are made all the same."""
    root = tmp_path_factory.mktemp("depot")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "content" / SAMPLE, root / "content" / SAMPLE)
    shutil.copytree(REPO / "content" / SAMPLE, root / "content" / "copie")
    result = subprocess.run(
        [sys.executable, "-m", "livrables", "build", "--jobs", "2"],
        cwd=root,
        env={**os.environ, "LIVRABLES_SOFFICE": "non", "LIVRABLES_SERVEUR": "non"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "LibreOffice" not in result.stderr  # nothing to install for a PDF
    assert len(list((root / "build" / "copie").glob("*.pdf"))) == len(pdfs(root / "build"))
    return root / "build"


def pdfs(build: Path) -> list[Path]:
    found = sorted((build / SAMPLE).glob("*.pdf"))
    sources = list((REPO / "content" / SAMPLE / "livrables").glob("*.md"))
    assert len(found) == len(sources) + len(TRANSLATED)
    return found


def documents(build: Path) -> list[Path]:
    """The PDFs of the documents (a deck's PDF pages are slides: one title alone is its design)."""
    return [pdf for pdf in pdfs(build) if pdf.with_suffix(".docx").is_file()]


def test_every_pdf_passes_pdf_a_2_and_pdf_ua_1(pdf_build: Path) -> None:
    for pdf in pdfs(pdf_build):
        data = pdf.read_bytes()
        for profile in ("2a", "ua1"):
            report = page.validate_pdf_bytes(data, profile=profile)
            failures = [(f.rule_id, f.message) for f in report.failures]
            assert report.is_compliant and not failures, (pdf.name, profile, failures)
            assert report.rules.passed > 100


def test_every_pdf_is_titled_french_and_bookmarked(pdf_build: Path) -> None:
    for pdf in pdfs(pdf_build):
        reader = PdfReader(pdf)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == ("en-GB" if pdf.name.endswith(".en.pdf") else "fr-FR")
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
        assert reader.metadata is not None and reader.metadata.title
        assert reader.metadata.author == "Horizons Territoires"
        assert reader.outline, f"{pdf.name}: no bookmarks"


def test_pdf_fonts_are_embedded_and_the_brands(pdf_build: Path) -> None:
    for pdf in pdfs(pdf_build):
        table = subprocess.run(
            [need("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert table, pdf.name
        for line in table:
            name, columns = line.split()[0], line.split()
            family = name.split("+")[-1]
            assert family.startswith(BRAND), (pdf.name, family)
            assert columns[-5] == "yes", (pdf.name, line)  # the "emb" column


WITH_TOC = ["note-strategique", "diagnostic-flash"]
WORD_TOC = [*WITH_TOC, "note-strategique.en"]  # the Word documents with contents


@pytest.mark.parametrize("stem", WITH_TOC)
def test_the_pdf_table_of_contents_ends_with_page_numbers(pdf_build: Path, stem: str) -> None:
    pdf = pdf_build / SAMPLE / f"{stem}.pdf"
    text = subprocess.run(
        [need("pdftotext"), "-layout", "-f", "2", "-l", "2", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    toc = text.split("Sommaire", 1)[1].split("\n\n", 1)[0].strip().splitlines()
    assert len(toc) >= 5
    marks = dict(outline(pdf.read_bytes()))
    for line in toc:
        match = re.match(r"^\s*(.+?)[ .]{4,}\s*(\d+)$", line)
        assert match, line
        title = " ".join(match.group(1).split())
        assert marks[title] == int(match.group(2)), line


def _toc_entries(docx: Path) -> list[str]:
    body = docx_xml(docx)
    return [
        "".join("\t" if e.tag == f"{W}tab" else (e.text or "") for e in p.iter(f"{W}t", f"{W}tab"))
        for p in body.iter(f"{W}p")
        if (style := p.find(f"{W}pPr/{W}pStyle")) is not None
        and style.get(f"{W}val").startswith("TOC")
        and style.get(f"{W}val") != "TOCHeading"
    ]


def test_without_libreoffice_the_word_contents_wait_for_word(pdf_build: Path) -> None:
    entries = _toc_entries(pdf_build / SAMPLE / "note-strategique.docx")
    assert len(entries) >= 5
    assert not any(entry.rpartition("\t")[2].isdigit() for entry in entries)


def test_with_libreoffice_the_word_contents_have_words_page_numbers_computed_once(
    repo: Repo, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """LibreOffice lays out each DOCX with contents once: its numbers are in the DOCX (they
    are the pages of that DOCX, not of the PDF), kept, and never computed again."""
    monkeypatch.setenv("LIVRABLES_SOFFICE", need("soffice"))
    from livrables.pipeline import office

    calls: list[int] = []
    real = office.LibreOffice.pdfs
    monkeypatch.setattr(
        office.LibreOffice, "pdfs", lambda self, docs: calls.append(len(docs)) or real(self, docs)
    )
    assert run("build", "--jobs", "1").exit_code == 0
    assert calls == [len(WORD_TOC)]  # one call, the documents with contents only
    docx = repo.root / "build" / SAMPLE / "note-strategique.docx"
    entries = _toc_entries(docx)
    assert entries and all(entry.rpartition("\t")[2].isdigit() for entry in entries), entries
    from tests.test_real_renderers import soffice_convert

    laid = soffice_convert(docx, tmp_path / "pdf", "pdf", tmp_path / "profil")
    marks = dict(outline(laid.read_bytes()))
    for entry in entries:
        title, _tab, number = entry.rpartition("\t")
        assert marks[" ".join(title.split())] == int(number), entry
    assert run("build", "--force", "--jobs", "1").exit_code == 0
    assert calls == [len(WORD_TOC)]  # kept: not laid out twice


def test_installing_libreoffice_numbers_the_word_contents(
    repo: Repo, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("build").exit_code == 0
    monkeypatch.setenv("LIVRABLES_SOFFICE", need("soffice"))
    result = run("build")
    assert result.exit_code == 0
    assert f"écrit : build/{SAMPLE}/note-strategique.docx" in result.stdout


def test_a_font_without_files_is_a_warning(repo: Repo, run: Callable[..., Result]) -> None:
    path = repo.root / "templates/marque.yaml"
    text = path.read_text("utf-8")
    start = text.index("    fichiers:\n      regulier: polices/gelasio")
    end = text.index("    secours: [Georgia")
    path.write_text(text[:start] + text[end:], "utf-8")
    result = run("check")
    assert result.exit_code == 0
    assert "polices.titres : la police « Gelasio » n'a pas de fichiers" in result.stderr


def test_content_never_becomes_typst_code(repo: Repo, run: Callable[..., Result]) -> None:
    """What a consultant (or anyone who can commit) writes is printed as written: no function
    runs, no file is read, no heading or comment is made, and characters the fonts lack are
    replaced rather than refused."""
    hostile = (
        '#panic("x") #read("/etc/passwd") ] [ $x^2$ <l> @ref = Titre // pas un commentaire '
        '/* non plus */ \\u{41} #"chaine"; 😀 漢字'
    )
    repo.replace("livrables/note-strategique.md", "Trois rôles ont été débattus", hostile)
    result = run("build", "--format", "pdf")
    assert result.exit_code == 0, result.output
    pdf = repo.root / "build" / SAMPLE / "note-strategique.pdf"
    text = subprocess.run(
        [need("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for piece in ('#panic("x")', '#read("/etc/passwd")', "$x^2$", "<l> @ref = Titre", "// pas"):
        assert piece in flat, piece
    assert "root:" not in text
    for profile in ("2a", "ua1"):
        assert page.validate_pdf_bytes(pdf.read_bytes(), profile=profile).is_compliant


def test_a_mistake_in_the_page_template_is_a_french_error_at_its_line(
    repo: Repo, run: Callable[..., Result]
) -> None:
    template = repo.root / "templates" / "typst" / "livrable.typ"
    lines = template.read_text("utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if "set document(title: meta.titre" in line)
    lines[number - 1] = "  set document(title: meta.titre.inconnue())"
    template.write_text("\n".join(lines), "utf-8")
    result = run("build", "--format", "pdf")
    assert result.exit_code == 1
    assert f"templates/typst/livrable.typ:{number}:" in result.stderr
    assert "gabarit PDF" in result.stderr and "Traceback" not in result.output


# --- pages a designer would sign off ---------------------------------------------------------


def _chunks(pdf: Path) -> list[list[tuple[str, str, float, float, float]]]:
    """Per page, the text pieces drawn: (text, font, size, x, y), top to bottom."""
    reader = PdfReader(pdf)
    pages = []
    for sheet in reader.pages:
        found: list[tuple[str, str, float, float, float]] = []

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: object,
            size: float,
            found: list[tuple[str, str, float, float, float]] = found,
        ) -> None:
            if text.strip() and isinstance(font, dict):
                name = str(font.get("/BaseFont", "")).split("+")[-1]
                scale = abs(tm[3] * cm[3]) or 1.0
                x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
                found.append((text.strip(), name, size * scale, x, y))

        sheet.extract_text(visitor_text=visit)
        pages.append(sorted(found, key=lambda c: (-c[4], c[3])))
    return pages


def test_no_page_ends_on_a_heading_and_none_is_blank(pdf_build: Path) -> None:
    for pdf in documents(pdf_build):
        reader = PdfReader(pdf)
        for number, chunks in enumerate(_chunks(pdf)[1:], 2):  # the cover has its own layout
            height = float(reader.pages[number - 1].mediabox.height)
            body = [c for c in chunks if 70 < c[4] < height - 70]
            assert body, f"{pdf.name} p. {number}: a page with its header and footer only"
            last = body[-1]
            heading = last[1].startswith("Gelasio-Bold") and last[2] >= 11
            assert not heading, f"{pdf.name} p. {number} ends on the heading « {last[0]} »"


def _row_labels(docx: Path) -> list[list[str]]:
    """For each table of the body, the first words of each data row's first cell (rows whose
    start is too short or shared with another row cannot be told apart, and are left out)."""
    tables = []
    for tbl in docx_xml(docx).iter(f"{W}tbl"):
        labels = []
        for tr in tbl.findall(f"{W}tr"):
            if tr.find(f"{W}trPr/{W}tblHeader") is not None:
                continue
            first = tr.find(f"{W}tc")
            text = "".join(t.text or "" for t in first.iter(f"{W}t")) if first is not None else ""
            labels.append(" ".join(text.replace("\u200b", "").split())[:12])
        counts = {label: labels.count(label) for label in labels}
        tables.append([label if len(label) >= 6 and counts[label] == 1 else "" for label in labels])
    return tables


def test_no_table_leaves_one_row_alone_at_a_page_top(pdf_build: Path) -> None:
    """A table that runs over to another page takes at least two of its rows there."""
    for pdf in documents(pdf_build):
        text = subprocess.run(
            [need("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True
        ).stdout
        pages = [" ".join(sheet.replace("\u00ad", "").split()) for sheet in text.split("\f")]
        for labels in _row_labels(pdf.with_suffix(".docx")):
            known = [label for label in labels if label]
            if len(known) < 3:
                continue
            where: dict[int, int] = {}
            current = 0  # the rows come in order: each on the first page from the last one's
            for label in known:
                found = [n for n, sheet in enumerate(pages) if label in sheet and n >= current]
                if found:
                    current = found[0]
                    where[current] = where.get(current, 0) + 1
            if len(where) > 1:  # the table runs over several pages
                for number in (max(where),):
                    assert where[number] > 1, (
                        f"{pdf.name} p. {number + 1}: one row of a table alone ({known})"
                    )


def test_amounts_print_in_french(pdf_build: Path) -> None:
    pdf = pdf_build / SAMPLE / "plan-actions.pdf"
    text = subprocess.run(
        [need("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = text.replace("\u202f", " ").replace("\u00a0", " ")
    for expected in ("24 000 €", "18 500 €", "3 000 €"):
        assert expected in flat, expected
    assert not re.search(r"\d,\d{3}\s*€", flat)  # no English grouping


def test_a_deck_pdf_has_one_page_per_slide(pdf_build: Path) -> None:
    from pptx import Presentation

    folder = pdf_build / SAMPLE
    for deck in folder.glob("*.pptx"):
        slides = len(Presentation(str(deck)).slides)
        reader = PdfReader(deck.with_suffix(".pdf"))
        assert len(reader.pages) == slides, deck.name
        box = reader.pages[0].mediabox
        assert abs(float(box.width) / float(box.height) - 16 / 9) < 0.01
