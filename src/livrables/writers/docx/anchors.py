"""Where each paragraph of a DOCX comes from, written so that it survives the client.

A client reviews the DOCX in Word or LibreOffice and sends it back with comments and tracked
changes; `livrables retours` finds, for each, the line of the Markdown it is about. The build
leaves for that a collapsed hidden bookmark at each paragraph that starts a new source line,
`_L<line>_<n>` (Word hides bookmarks whose name starts with "_"; both Word and LibreOffice
keep them when they save), and one `_LV_<digest>` naming the deliverable (a digest of
"mission/livrable", so nothing of the repository is spelled out). Nothing prints or shows on
the page.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from docx.oxml.ns import qn

from livrables import ooxml

LINE_PREFIX = "_L"
SOURCE_PREFIX = "_LV_"
_LINE = re.compile(r"^_L(\d+)_\d+$")


def bookmark_name(slug: str, index: int) -> str:
    """A heading's Word bookmark: a letter first, letters/digits/underscores, 40 characters at
    most."""
    ascii_slug = unicodedata.normalize("NFKD", slug).encode("ascii", "ignore").decode()
    ascii_slug = re.sub(r"[^A-Za-z0-9]+", "_", ascii_slug).strip("_")
    return f"h{index}_{ascii_slug}"[:40]


def source_digest(source: str) -> str:
    """ "valbrune/plan-actions" -> 12 hex digits."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:12]


def line_of(name: str) -> int | None:
    """The source line a bookmark name records, or None for another bookmark."""
    match = _LINE.match(name)
    return int(match.group(1)) if match else None


class Anchors:
    """Hands out the bookmarks of one document, in the order its paragraphs are written."""

    def __init__(self, source: str, new_id: Any) -> None:
        self.source = source  # "mission/livrable"; "" writes no anchor at all
        self.new_id = new_id  # the document's bookmark id counter
        self.last_line = 0
        self.count = 0

    def mark(self, p: Any, line: int) -> None:
        """A collapsed bookmark at the start of `p` when its line is a new one."""
        if not self.source or line <= 0 or line == self.last_line:
            return
        if self.count == 0:
            self._collapsed(p, SOURCE_PREFIX + source_digest(self.source))
        self.count += 1
        self.last_line = line
        self._collapsed(p, f"{LINE_PREFIX}{line}_{self.count}")

    def mark_table(self, tbl: Any, line: int) -> None:
        first = tbl.find(f".//{qn('w:p')}")
        if first is not None:
            self.mark(first, line)

    def _collapsed(self, p: Any, name: str) -> None:
        bookmark_id = self.new_id()
        start = ooxml.el("w:bookmarkStart", id=bookmark_id, name=name)
        end = ooxml.el("w:bookmarkEnd", id=bookmark_id)
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        start.addnext(end)
