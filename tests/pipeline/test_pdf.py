"""PDF that a client can sign: PDF/A-2b, tagged, French, the brand's fonts embedded, bookmarks,
and a table of contents whose lines end with the right page numbers, in the PDF and in the DOCX.

Needs LibreOffice and poppler (skipped when absent, except in CI)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from livrables.writers.docx.fonts import obfuscate
from tests.conftest import REPO, SAMPLE, Repo
from tests.helpers import W, docx_xml
from tests.test_real_renderers import need

BRAND = ("Gelasio", "Arimo")


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two missions built with PDFs by two workers: two LibreOffice profiles side by side."""
    soffice = need("soffice")
    root = tmp_path_factory.mktemp("depot")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "content" / SAMPLE, root / "content" / SAMPLE)
    shutil.copytree(REPO / "content" / SAMPLE, root / "content" / "copie")
    result = subprocess.run(
        [sys.executable, "-m", "livrables", "build", "--jobs", "2"],
        cwd=root,
        env={**os.environ, "LIVRABLES_SOFFICE": soffice},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(list((root / "build" / "copie").glob("*.pdf"))) == len(pdfs(root / "build"))
    return root / "build"


def pdfs(build: Path) -> list[Path]:
    found = sorted((build / SAMPLE).glob("*.pdf"))
    assert len(found) == len(list((REPO / "content" / SAMPLE / "livrables").glob("*.md")))
    return found


def documents(build: Path) -> list[Path]:
    """The PDFs of the documents (a deck's PDF pages are slides: one title alone is its design)."""
    return [pdf for pdf in pdfs(build) if pdf.with_suffix(".docx").is_file()]


def test_every_deliverable_has_a_tagged_pdf_a(pdf_build: Path) -> None:
    for pdf in pdfs(pdf_build):
        info = subprocess.run([need("pdfinfo"), str(pdf)], capture_output=True, text=True).stdout
        assert re.search(r"^Tagged:\s+yes", info, re.MULTILINE), pdf.name
        meta = subprocess.run(
            [need("pdfinfo"), "-meta", str(pdf)], capture_output=True, text=True
        ).stdout
        assert "<pdfaid:part>2</pdfaid:part>" in meta and "<pdfaid:conformance>B" in meta
        reader = PdfReader(pdf)
        assert reader.trailer["/Root"]["/Lang"] == "fr-FR"
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
    marks = {title: page for title, page in _outline(pdf)}
    for line in toc:
        match = re.match(r"^\s*(.+?)\.{3,}\s*(\d+)$", line)
        assert match, line
        title = " ".join(match.group(1).split())
        assert marks[title] == int(match.group(2)), line


@pytest.mark.parametrize("stem", WITH_TOC)
def test_the_docx_table_of_contents_has_the_same_page_numbers(pdf_build: Path, stem: str) -> None:
    docx = pdf_build / SAMPLE / f"{stem}.docx"
    body = docx_xml(docx)
    entries = [
        "".join("\t" if e.tag == f"{W}tab" else (e.text or "") for e in p.iter(f"{W}t", f"{W}tab"))
        for p in body.iter(f"{W}p")
        if (style := p.find(f"{W}pPr/{W}pStyle")) is not None
        and style.get(f"{W}val").startswith("TOC")
        and style.get(f"{W}val") != "TOCHeading"
    ]
    marks = dict(_outline(pdf_build / SAMPLE / f"{stem}.pdf"))
    assert len(entries) >= 5
    for entry in entries:
        title, _tab, page = entry.rpartition("\t")
        assert page.isdigit() and marks[" ".join(title.split())] == int(page), entry


def test_the_docx_embeds_the_brand_fonts(pdf_build: Path) -> None:
    docx = pdf_build / SAMPLE / "note-strategique.docx"
    table = docx_xml(docx, "word/fontTable.xml")
    embedded = {}
    rels = docx_xml(docx, "word/_rels/fontTable.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    with zipfile.ZipFile(docx) as archive:
        for font in table.iter(f"{W}font"):
            for embed in font:
                if embed.tag.startswith(f"{W}embed"):
                    rid = embed.get(
                        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
                    )
                    data = archive.read("word/" + targets[rid])
                    face = TTFont(io.BytesIO(obfuscate(data, embed.get(f"{W}fontKey"))))
                    embedded.setdefault(font.get(f"{W}name"), set()).add(
                        face["name"].getDebugName(1)
                    )
    assert embedded == {"Gelasio": {"Gelasio"}, "Arimo": {"Arimo"}}
    settings = docx_xml(docx, "word/settings.xml")
    assert settings.find(f"{W}embedTrueTypeFonts") is not None


def _outline(pdf: Path) -> list[tuple[str, int]]:
    from livrables.pipeline.pdf import outline

    return outline(pdf.read_bytes())


def test_without_libreoffice_one_line_says_how_to_get_pdfs(
    repo: Repo, run: Callable[..., Result]
) -> None:
    result = run("build", "--jobs", "1")
    assert result.exit_code == 0
    assert "PDF non produits : LibreOffice n'est pas installé" in result.stderr
    assert not list((repo.root / "build").rglob("*.pdf"))
    explicit = run("build", "--format", "pdf")
    assert explicit.exit_code == 2 and "apt-get install libreoffice" in explicit.stderr


def test_a_font_without_files_is_a_warning(repo: Repo, run: Callable[..., Result]) -> None:
    path = repo.root / "templates/marque.yaml"
    text = path.read_text("utf-8")
    start = text.index("    fichiers:\n      regulier: polices/gelasio")
    end = text.index("    secours: [Georgia")
    path.write_text(text[:start] + text[end:], "utf-8")
    result = run("check")
    assert result.exit_code == 0
    assert "polices.titres : la police « Gelasio » n'a pas de fichiers" in result.stderr


# --- pages a designer would sign off ---------------------------------------------------------


def _chunks(pdf: Path) -> list[list[tuple[str, str, float, float, float]]]:
    """Per page, the text pieces LibreOffice drew: (text, font, size, x, y), top to bottom."""
    reader = PdfReader(pdf)
    pages = []
    for page in reader.pages:
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

        page.extract_text(visitor_text=visit)
        pages.append(sorted(found, key=lambda c: (-c[4], c[3])))
    return pages


BODY = (60.0, 785.0)  # points from the bottom of an A4 page: below, the footer; above, the header


def test_no_page_ends_on_a_heading(pdf_build: Path) -> None:
    for pdf in documents(pdf_build):
        for number, chunks in enumerate(_chunks(pdf)[1:], 2):  # the cover has its own layout
            height = max(c[4] for c in chunks) + 60 if chunks else 842
            body = [c for c in chunks if BODY[0] < c[4] < min(BODY[1], height - 57)]
            if not body:
                continue
            last = body[-1]
            heading = last[1].startswith("Gelasio") and last[2] >= 11
            assert not heading, f"{pdf.name} p. {number} ends on the heading « {last[0]} »"


def test_no_table_cell_cuts_a_word(pdf_build: Path) -> None:
    for pdf in documents(pdf_build):
        docx = pdf.with_suffix(".docx")
        text = " ".join(t.text or "" for t in docx_xml(docx).iter(f"{W}t"))
        words = set(re.findall(r"\w+", text.replace("\u200b", " ")))
        for number, chunks in enumerate(_chunks(pdf), 1):
            small = [c for c in chunks if c[2] < 10]  # table text is 9 points
            for upper in small:
                for lower in small:
                    below = 8 < upper[4] - lower[4] < 16 and abs(upper[3] - lower[3]) < 1.5
                    if not below:
                        continue
                    end = re.findall(r"\w+$", upper[0])
                    start = re.findall(r"^\w+", lower[0])
                    if end and start and end[0] not in words and end[0] + start[0] in words:
                        pytest.fail(f"{pdf.name} p. {number}: « {end[0]}|{start[0]} » cut")


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
            labels.append(" ".join(text.replace("\u200b", "").split())[:14])
        counts = {label: labels.count(label) for label in labels}
        tables.append([label if len(label) >= 6 and counts[label] == 1 else "" for label in labels])
    return tables


def test_no_table_leaves_one_row_alone_on_a_page(pdf_build: Path) -> None:
    for pdf in documents(pdf_build):
        pages = [[" ".join(c[0].split()) for c in chunks if c[2] < 10] for chunks in _chunks(pdf)]
        for labels in _row_labels(pdf.with_suffix(".docx")):
            known = [label for label in labels if label]
            if len(known) < 3:
                continue
            where: dict[int, int] = {}
            for label in known:
                found = [
                    n for n, texts in enumerate(pages) if any(t.startswith(label) for t in texts)
                ]
                if len(found) == 1:
                    where[found[0]] = where.get(found[0], 0) + 1
            if len(where) > 1:  # the table runs over several pages
                first, last = min(where), max(where)
                for page in (first, last):
                    assert where[page] > 1 or len(labels) < 2, (
                        f"{pdf.name} p. {page + 1}: one row of a table alone ({known})"
                    )


def test_word_chart_amounts_print_in_french_whatever_the_locale(pdf_build: Path) -> None:
    """The budget chart's labels come from its workbook's numbers through a number format that
    spells the French grouping out: LibreOffice (in this machine's locale) prints them so."""
    pdf = pdf_build / SAMPLE / "plan-actions.pdf"
    text = subprocess.run(
        [need("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    amounts = re.findall(r"^(\d{1,3}(?:[\u202f ]\d{3})*)[\u202f ]€$", text, re.M)
    for expected in ("24 000", "18 500", "3 000"):
        assert expected in [a.replace("\u202f", " ") for a in amounts], amounts
    assert not re.search(r"\d,\d{3}\s*€", text)  # no English grouping
