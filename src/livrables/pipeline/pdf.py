"""PDF: the DOCX laid out by LibreOffice headless, so the PDF is the Word document's layout.

- PDF/A-2b, tagged (PDF/UA), bookmarks from the headings, hyperlinks kept; LibreOffice takes the
  title, author and language from the DOCX's properties and styles.
- Each process keeps one LibreOffice running per user profile (`resident.py`); without it, a
  mission's documents are converted in one LibreOffice call (its decks in a second, Impress's
  filter: one page per slide). Each concurrent LibreOffice has its own user profile (two
  sharing one silently write nothing), set to French (the language Impress gives the PDF).
- LibreOffice finds the brand's fonts in the DOCX (embedded) and in templates/ (fontconfig).
- The PDF's bookmarks give each heading's page: the tables of contents of the DOCX are written
  again with those numbers, then converted again, so Word and the PDF both show them.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from livrables.pipeline.resident import ResidentError, drop, resident

EXPORT_OPTIONS = {
    "SelectPdfVersion": {"type": "long", "value": "2"},  # PDF/A-2b
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "ExportLinksRelativeFsys": {"type": "boolean", "value": "false"},
    "ExportNotes": {"type": "boolean", "value": "false"},
}
SLIDE_OPTIONS = {**EXPORT_OPTIONS, "ExportNotesPages": {"type": "boolean", "value": "false"}}
UNO_FILTERS = {  # by the document's extension: a slide deck is exported one page per slide
    "docx": ("writer_pdf_Export", EXPORT_OPTIONS),
    "pptx": ("impress_pdf_Export", SLIDE_OPTIONS),
}
FILTERS = {  # the same, as `soffice --convert-to` reads them
    kind: f"pdf:{name}:" + json.dumps(options, separators=(",", ":"))
    for kind, (name, options) in UNO_FILTERS.items()
}
TIMEOUT = 900  # seconds for one mission's documents


class PdfError(Exception):
    """A conversion that produced nothing (the message is French)."""


class LibreOffice:
    """One LibreOffice user profile (a slot) and the fonts it is told about."""

    def __init__(self, command: str, build: Path, slot: int, font_dirs: list[Path]) -> None:
        self.command = command
        self.scratch = build / ".tmp"
        home = build / ".cache" / "libreoffice"
        self.profile = home / f"profil-{slot}"
        self.fonts = home / f"polices-{slot}.conf"
        home.mkdir(parents=True, exist_ok=True)
        _french_profile(self.profile)
        dirs = "".join(f"<dir>{_xml(d.resolve())}</dir>" for d in font_dirs if d.is_dir())
        self.fonts.write_text(
            '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            f"{dirs}<cachedir>{_xml((home / 'fontconfig').resolve())}</cachedir></fontconfig>",
            "utf-8",
        )
        self.env = {**os.environ, "FONTCONFIG_FILE": str(self.fonts.resolve())}

    def convert(self, documents: dict[str, bytes], kind: str = "docx") -> dict[str, bytes]:
        """{name: DOCX (or PPTX)} -> {name: PDF}, by the resident LibreOffice when there is
        one, else in one call; a document LibreOffice could not convert is missing from the
        result."""
        if not documents:
            return {}
        self.scratch.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="pdf-", dir=self.scratch) as work:
            folder = Path(work)
            files = []
            for name, data in documents.items():
                path = folder / f"{name}.{kind}"
                path.write_bytes(data)
                files.append(str(path))
            left = self._by_resident(files, kind)
            if left:
                self._in_one_call(left, kind, folder)
            return {
                name: (folder / f"{name}.pdf").read_bytes()
                for name in documents
                if (folder / f"{name}.pdf").is_file()
            }

    def _by_resident(self, files: list[str], kind: str) -> list[str]:
        """Convert by the resident LibreOffice; the files left to convert otherwise (all of
        them without a resident; from the first failure on, the resident being ended: a second
        LibreOffice on the same profile would write nothing)."""
        office = resident(self.command, self.profile, self.env)
        if office is None:
            return files
        filter_name, options = UNO_FILTERS[kind]
        for index, source in enumerate(files):
            path = Path(source)
            try:
                done = office.convert(path, path.with_suffix(".pdf"), filter_name, options)
            except ResidentError:
                drop(self.profile, broken=True)
                return files[index:]
            if not done:
                drop(self.profile)
                return files[index:]
        return []

    def _in_one_call(self, files: list[str], kind: str, folder: Path) -> None:
        """`soffice --convert-to` for all `files` (LibreOffice started for this call)."""
        command = [
            self.command,
            f"-env:UserInstallation={self.profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            FILTERS[kind],
            "--outdir",
            str(folder),
            *files,
        ]
        try:
            subprocess.run(command, env=self.env, capture_output=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            raise PdfError(f"LibreOffice n'a pas pu être lancé ({exc})") from None


# The profile's locale: Impress writes it as the PDF's language (Writer takes the DOCX's own).
LOCALE_ITEM = (
    '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" '
    'oor:op="fuse"><value>fr-FR</value></prop></item>'
)


def _french_profile(profile: Path) -> None:
    """A LibreOffice profile set to French, before its first start or added to it after."""
    settings = profile / "user" / "registrymodifications.xcu"
    text = settings.read_text("utf-8") if settings.is_file() else ""
    if "ooSetupSystemLocale" in text:
        return
    if "</oor:items>" not in text:
        text = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items '
            'xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n</oor:items>\n'
        )
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(text.replace("</oor:items>", LOCALE_ITEM + "\n</oor:items>", 1), "utf-8")


def outline(pdf: bytes) -> list[tuple[str, int]]:
    """The PDF's bookmarks in reading order: (title, page number from 1)."""
    from pypdf import PdfReader  # only when PDFs are made

    reader = PdfReader(io.BytesIO(pdf))
    found: list[tuple[str, int]] = []

    def visit(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                visit(item)
                continue
            page = reader.get_destination_page_number(item)
            if page is not None:
                found.append((" ".join(str(item.title).split()), page + 1))

    visit(reader.outline)
    return found


def match_pages(titles: list[tuple[str, str]], marks: list[tuple[str, int]]) -> dict[str, int]:
    """{heading id: page}: each heading (id, text), in order, to the next bookmark of that text
    (the bookmarks also hold titles the table of contents leaves out)."""
    pages: dict[str, int] = {}
    position = 0
    for heading_id, text in titles:
        wanted = " ".join(text.split())
        for index in range(position, len(marks)):
            if marks[index][0] == wanted:
                pages[heading_id] = marks[index][1]
                position = index + 1
                break
    return pages


def _xml(path: Path) -> str:
    return str(path).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
