"""LibreOffice, when it is installed: the page each heading of a Word document falls on, so that
the DOCX's contents show Word's own pagination (the PDF is Typst's, from the tree).

A document's numbers are computed once: kept in `build/.cache/sommaires/` under the digest of
the DOCX they were computed from (as the chart drawings are), so LibreOffice runs at most once
per DOCX, and only for documents with contents. All the documents of a build that need it go
to one `soffice --convert-to` call, under a deadline, ended with the command (guard.py). Each
concurrent LibreOffice has its own user profile (two sharing one silently write nothing),
locked while in use; a profile a killed LibreOffice left locked is freed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from livrables.pipeline.guard import run_guarded

CACHE = "sommaires"
SECONDS = 120  # LibreOffice's start, then
PER_DOCUMENT = 30  # seconds a document may take


class LibreOffice:
    """One LibreOffice user profile (a slot) and the fonts it is told about."""

    def __init__(self, command: str, build: Path, slot: int, font_dirs: list[Path]) -> None:
        self.command = command
        self.scratch = build / ".tmp"
        home = build / ".cache" / "libreoffice"
        self.profile = home / f"profil-{slot}"
        self.fonts = home / f"polices-{slot}.conf"
        home.mkdir(parents=True, exist_ok=True)
        dirs = "".join(f"<dir>{_xml(d.resolve())}</dir>" for d in font_dirs if d.is_dir())
        self.fonts.write_text(
            '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            f"{dirs}<cachedir>{_xml((home / 'fontconfig').resolve())}</cachedir></fontconfig>",
            "utf-8",
        )
        self.env = {**os.environ, "FONTCONFIG_FILE": str(self.fonts.resolve())}

    def pdfs(self, documents: dict[str, bytes]) -> dict[str, bytes]:
        """{name: DOCX} -> {name: PDF} in one call; a document LibreOffice could not convert
        (or not in time) is missing from the result."""
        if not documents:
            return {}
        self.scratch.mkdir(parents=True, exist_ok=True)
        with self._profile(), tempfile.TemporaryDirectory(prefix="pdf-", dir=self.scratch) as work:
            folder = Path(work)
            files = []
            for name, data in documents.items():
                path = folder / f"{name}.docx"
                path.write_bytes(data)
                files.append(str(path))
            command = [
                self.command,
                f"-env:UserInstallation={self.profile.resolve().as_uri()}",
                "--headless",
                "--norestore",
                "--nologo",
                "--convert-to",
                'pdf:writer_pdf_Export:{"ExportBookmarks":{"type":"boolean","value":"true"}}',
                "--outdir",
                str(folder),
                *files,
            ]
            try:
                run_guarded(command, SECONDS + PER_DOCUMENT * len(files), self.env)
            except OSError:
                return {}
            return {
                name: (folder / f"{name}.pdf").read_bytes()
                for name in documents
                if (folder / f"{name}.pdf").is_file()
            }

    @contextlib.contextmanager
    def _profile(self) -> Iterator[None]:
        """The profile for this call only: other processes of ours wait; LibreOffice's own
        lock, left by one that was killed, is removed (none of ours runs on it now)."""
        self.profile.mkdir(parents=True, exist_ok=True)
        with open(self.profile.with_suffix(".verrou"), "a+") as held:
            try:
                import fcntl

                fcntl.flock(held, fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - Windows: one build at a time
                pass
            (self.profile / ".lock").unlink(missing_ok=True)
            yield


def page_numbers(build: Path, docx: bytes) -> Path:
    """Where the numbers computed from this very DOCX are kept."""
    return build / ".cache" / CACHE / f"{hashlib.sha256(docx).hexdigest()[:40]}.json"


def kept_pages(path: Path) -> dict[str, int] | None:
    try:
        loaded = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(loaded, dict):
        return None
    return {str(k): int(v) for k, v in loaded.items() if isinstance(v, int)}


def keep_pages(path: Path, pages: dict[str, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(pages, sort_keys=True), "utf-8")
    temporary.replace(path)


def outline(pdf: bytes) -> list[tuple[str, int]]:
    """The PDF's bookmarks in reading order: (title, page number from 1)."""
    from pypdf import PdfReader  # only when page numbers are computed

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
