"""A DOCX the client reviewed, read back: every comment and every tracked change, in document
order, each with the source line of the paragraph it is in (from the anchors the build left,
`anchors.py`). Works on what Word and LibreOffice save: comment ranges or bare references,
changes split across runs, paragraphs the client added (they take the line before them).
"""

from __future__ import annotations

import io
import itertools
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import qn

from livrables.writers.docx.anchors import SOURCE_PREFIX, line_of
from livrables.writers.docx.revisions import DEL, DEL_TEXT, INS, RPR, TRPR, T

MAX_PART = 200 * 1024 * 1024  # a part this large is a zip bomb, not a deliverable
QUOTED = 300  # characters of the words a comment is about, as the review sheet shows them
_PARAGRAPH = qn("w:p")
CONTEXT = 60  # characters of text before a tracked change, kept to place it again
COMMENT = "commentaire"
INSERTED = "insertion"
DELETED = "suppression"
_RANGE_START, _RANGE_END = qn("w:commentRangeStart"), qn("w:commentRangeEnd")
_REFERENCE, _BOOKMARK = qn("w:commentReference"), qn("w:bookmarkStart")


class ReviewError(Exception):
    """The file is not a DOCX we can read (French)."""


@dataclass
class Remark:
    kind: str  # COMMENT, INSERTED or DELETED
    author: str
    date: str  # ISO 8601 as the file has it ("" when absent)
    text: str  # the comment, or the words inserted or deleted
    line: int  # the source line (0: before the body, on the cover)
    quoted: str = ""  # the words a comment is about
    context: str = ""  # a change's: the words just before it, to find it again after edits


@dataclass
class Review:
    source: str | None  # the deliverable's digest (`_LV_…`), None for a file of another origin
    remarks: list[Remark] = field(default_factory=list)
    anchored: bool = False  # the file holds source anchors at all


def read_review(data: bytes) -> Review:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            for part in ("word/document.xml", "word/comments.xml"):
                if part in names and package.getinfo(part).file_size > MAX_PART:
                    raise ReviewError("document trop volumineux pour être relu (plus de 200 Mo)")
            document = parse_xml(package.read("word/document.xml"))
            comments = (
                parse_xml(package.read("word/comments.xml"))
                if "word/comments.xml" in names
                else None
            )
    except NotImplementedError as exc:  # a compression method zipfile does not know
        raise ReviewError(
            "document compressé d'une manière non prise en charge : enregistrez-le à nouveau "
            "depuis Word ou LibreOffice"
        ) from exc
    except RuntimeError as exc:  # zipfile's word for an encrypted member (after its subclass)
        raise ReviewError(
            "document protégé par un mot de passe : enregistrez-le sans protection, puis relancez"
        ) from exc
    except (zlib.error, EOFError, OSError) as exc:
        raise ReviewError("document endommagé (contenu compressé illisible)") from exc
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
        raise ReviewError("ce n'est pas un document Word (.docx) lisible") from exc
    walker = _Walker(_comments(comments))
    walker.walk(document.find(qn("w:body")))
    return Review(walker.source, walker.remarks, walker.anchored)


def _comments(root: Any) -> dict[str, Remark]:
    found: dict[str, Remark] = {}
    if root is None:
        return found
    for comment in root.iterchildren(qn("w:comment")):
        paragraphs = ["".join(t.text or "" for t in p.iter(T)) for p in comment.iter(qn("w:p"))]
        found[comment.get(qn("w:id"), "")] = Remark(
            COMMENT,
            comment.get(qn("w:author"), ""),
            comment.get(qn("w:date"), ""),
            "\n".join(p for p in paragraphs if p.strip()).strip(),
            0,
        )
    return found


class _Walker:
    def __init__(self, comments: dict[str, Remark]) -> None:
        self.comments = comments
        self.placed: set[str] = set()
        # the text of the body so far, once; each open comment range holds where it starts in it
        # (a range's words are read when it closes: memory linear in the file, however many
        # ranges are left open)
        self.texts: list[str] = []
        # the text as the build wrote it (words typed in by the reviewer left out, words they
        # crossed out kept): what the source holds, to find a remark again after edits
        self.original: list[str] = []
        self.open: dict[str, int] = {}
        self.line = 0
        self.source: str | None = None
        self.anchored = False
        self.remarks: list[Remark] = []
        self.last_change: Remark | None = None  # to join a change Word split in pieces

    def walk(self, root: Any) -> None:
        if root is None:
            return
        for element in root.iter():
            tag = element.tag
            if tag == _BOOKMARK:
                self._bookmark(element.get(qn("w:name"), ""))
            elif tag == _RANGE_START:
                self._place(element.get(qn("w:id"), ""))
                self.open[element.get(qn("w:id"), "")] = len(self.texts)
            elif tag == _RANGE_END:
                self._close(element.get(qn("w:id"), ""))
            elif tag == _REFERENCE:
                self._place(element.get(qn("w:id"), ""))
            elif tag in (INS, DEL):
                self._change(element)
            elif tag == _PARAGRAPH:
                self.original.append("\n")  # words of two paragraphs never glued together
            elif tag == DEL_TEXT:
                self.original.append(element.text or "")
            elif tag == T:
                self.texts.append(element.text or "")
                if not _inside_insertion(element):
                    self.original.append(element.text or "")
                if not _inside_change(element):
                    self.last_change = None

    def _bookmark(self, name: str) -> None:
        if name.startswith(SOURCE_PREFIX):
            self.source = name[len(SOURCE_PREFIX) :]
        line = line_of(name)
        if line is not None:
            self.line = line
            self.anchored = True

    def _place(self, comment_id: str) -> None:
        remark = self.comments.get(comment_id)
        if remark is None or comment_id in self.placed:
            return
        self.placed.add(comment_id)
        remark.line = self.line
        remark.context = self._before()
        self.remarks.append(remark)

    def _before(self) -> str:
        """The words just before this point, in its paragraph."""
        return "".join(self.original[-12:])[-CONTEXT:].rpartition("\n")[2]

    def _close(self, comment_id: str) -> None:
        start = self.open.pop(comment_id, None)
        remark = self.comments.get(comment_id)
        if start is None or remark is None:
            return
        words, length = [], 0
        for text in itertools.islice(self.texts, start, None):  # at most a quote's length
            words.append(text)
            length += len(text)
            if length > QUOTED:
                break
        quoted = " ".join("".join(words).split())
        remark.quoted = quoted if len(quoted) <= QUOTED else quoted[: QUOTED - 1] + "…"

    def _change(self, element: Any) -> None:
        parent = element.getparent()
        if parent is not None and parent.tag in (RPR, TRPR):
            return  # a paragraph's or row's mark: its words are counted where they are
        kind = INSERTED if element.tag == INS else DELETED
        text = "".join(t.text or "" for t in element.iter(T if kind == INSERTED else DEL_TEXT))
        if not text.strip():
            return
        author, date = element.get(qn("w:author"), ""), element.get(qn("w:date"), "")
        last = self.last_change
        if last and (last.kind, last.author, last.line) == (kind, author, self.line):
            last.text += text
            return
        self.last_change = Remark(kind, author, date, text, self.line, context=self._before())
        self.remarks.append(self.last_change)


def _inside_insertion(element: Any) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == INS:
            return True
        parent = parent.getparent()
    return False


def _inside_change(element: Any) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in (INS, DEL):
            return True
        parent = parent.getparent()
    return False
