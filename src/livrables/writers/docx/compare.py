"""Two renderings of a deliverable's body merged into one with tracked changes.

Both versions' finished trees are drawn by the same DOCX writer into the same package (so
styles, numbering, pictures and links are shared); then the body elements are matched
(paragraphs by style and text, tables by their columns, then row by row and cell by cell),
and each pair that differs is compared word by word (diff-match-patch, in word mode) with its
formatting: what is the same is taken from the new version, what went is marked `w:del`, what
came is marked `w:ins`. Accepting every change gives the new version, rejecting every change the
old one (`revisions.py` proves it).
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from diff_match_patch import diff_match_patch
from docx.oxml.ns import qn
from lxml import etree

from livrables import ooxml
from livrables.writers.docx.revisions import (
    BOOKMARKS,
    PPR,
    RPR,
    TBL,
    TR,
    P,
    R,
    Revisions,
    as_deleted,
    paragraph_text,
)

HYPERLINK = qn("w:hyperlink")
FLD_CHAR = qn("w:fldChar")
TC, TBL_GRID = qn("w:tc"), qn("w:tblGrid")
SIMILAR = 0.45  # two paragraphs this alike are one paragraph changed, not two different ones
# words; a number with its thousands separators is one word ("45 000" changed to "47 000"
# shows as one number replaced, not "45" then "47"); spaces; each sign
_WORDS = re.compile(r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?|\w+|\s+|[^\w\s]")
_PART_LINKS = (qn("r:embed"), qn("r:id"), qn("r:link"))

Key = tuple[str, ...]
Resolve = Callable[[str], str]  # a relationship id -> what it points at (a URL, a part's hash)


@dataclass
class Token:
    key: tuple[str, ...]  # what "the same" means: the word and its formatting, or the object
    rpr: Any  # the run's properties (None: none)
    child: Any  # the object's element (a picture, a note, a field's mark), None for a word
    context: Any  # the hyperlink holding it, or None
    context_key: str
    text: str = ""  # a word's text

    def run(self) -> Any:
        r = ooxml.el("w:r")
        if self.rpr is not None:
            r.append(copy.deepcopy(self.rpr))
        if self.child is not None:
            r.append(copy.deepcopy(self.child))
        return r


class Merger:
    """Merges old and new body elements; `resolve` names what a relationship id points at."""

    def __init__(self, revisions: Revisions, resolve: Resolve) -> None:
        self.rev = revisions
        self.resolve = resolve
        self.dmp = diff_match_patch()
        self.dmp.Diff_Timeout = 0  # exact, whatever the length: a redline is never a guess

    # --- sequences of blocks ----------------------------------------------------------------

    def blocks(self, old: Sequence[Any], new: Sequence[Any]) -> list[Any]:
        keys_old = [self.block_key(e) for e in old]
        keys_new = [self.block_key(e) for e in new]
        matcher = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False)
        out: list[Any] = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                out.extend(new[j1:j2])
            else:
                out.extend(self._region(old[i1:i2], new[j1:j2]))
        return out

    def _region(self, old: Sequence[Any], new: Sequence[Any]) -> list[Any]:
        """Old and new blocks that differ: the alike ones paired in order, the others deleted
        then inserted where they stand."""
        out: list[Any] = []
        i = j = 0
        for a, b in _pairs(old, new, self.similarity):
            out.extend(self.deleted(e) for e in old[i:a])
            out.extend(self.inserted(e) for e in new[j:b])
            out.append(self.modified(old[a], new[b]))
            i, j = a + 1, b + 1
        out.extend(self.deleted(e) for e in old[i:])
        out.extend(self.inserted(e) for e in new[j:])
        return out

    def deleted(self, element: Any) -> Any:
        return self._marked(element, "w:del")

    def inserted(self, element: Any) -> Any:
        return self._marked(element, "w:ins")

    def _marked(self, element: Any, tag: str) -> Any:
        """A copy of a whole block (a table, a row, a paragraph) marked inserted or deleted."""
        mark = {TBL: self.rev.table, TR: self.rev.row, P: self.rev.paragraph}.get(element.tag)
        element = copy.deepcopy(element)
        return mark(element, tag) if mark else element  # unmarked: the redline's proof fails

    def modified(self, old: Any, new: Any) -> Any:
        if new.tag == TBL:
            return self.table(old, new)
        return self.paragraph(old, new)

    # --- what makes two blocks the same, or alike -------------------------------------------

    def block_key(self, element: Any) -> tuple[str, ...]:
        if element.tag == P:
            return ("p", _style(element), *("\x00".join(t.key) for t in self.tokens(element)))
        if element.tag == TBL:
            rows = [self.block_key(tr) for tr in element.iterchildren(TR)]
            return ("tbl", str(_columns(element)), repr(rows))
        if element.tag == TR:
            cells = [[self.block_key(p) for p in tc.iter(P)] for tc in element.iterchildren(TC)]
            return ("tr", repr(cells))
        return ("x", etree.tostring(element).decode())

    def similarity(self, old: Any, new: Any) -> float:
        if old.tag != new.tag:
            return 0.0
        if old.tag == TBL:
            return 1.0 if _columns(old) == _columns(new) else 0.0
        if old.tag != P or _style(old) != _style(new):
            return 0.0
        a, b = paragraph_text(old).split(), paragraph_text(new).split()
        if not a and not b:
            return 1.0
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()

    # --- tables, row by row and cell by cell ------------------------------------------------

    def table(self, old: Any, new: Any) -> Any:
        result = copy.deepcopy(new)
        for tr in list(result.iterchildren(TR)):
            result.remove(tr)
        old_rows, new_rows = list(old.iterchildren(TR)), list(new.iterchildren(TR))
        keys_old = [self.block_key(tr) for tr in old_rows]
        keys_new = [self.block_key(tr) for tr in new_rows]
        matcher = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                result.extend(copy.deepcopy(tr) for tr in new_rows[j1:j2])
                continue
            olds, news = old_rows[i1:i2], new_rows[j1:j2]
            paired = min(len(olds), len(news)) if op == "replace" else 0
            for a, b in zip(olds[:paired], news[:paired], strict=True):
                if _cells(a) == _cells(b):
                    result.append(self.row(a, b))
                else:  # cells merged or split: the row went, another came
                    result.extend([self.deleted(a), self.inserted(b)])
            result.extend(self.deleted(tr) for tr in olds[paired:])
            result.extend(self.inserted(tr) for tr in news[paired:])
        return result

    def row(self, old: Any, new: Any) -> Any:
        result = copy.deepcopy(new)
        for tc_old, tc_new in zip(old.iterchildren(TC), result.iterchildren(TC), strict=True):
            blocks_old = [c for c in tc_old if c.tag in (P, TBL)]
            blocks_new = [c for c in tc_new if c.tag in (P, TBL)]
            merged = self.blocks(blocks_old, blocks_new)
            for child in blocks_new:
                tc_new.remove(child)
            tc_new.extend(merged)
        return result

    # --- paragraphs, word by word -----------------------------------------------------------

    def paragraph(self, old: Any, new: Any) -> Any:
        result = ooxml.el("w:p")
        ppr = new.find(PPR)
        if ppr is not None:
            result.append(copy.deepcopy(ppr))
        starts = [copy.deepcopy(c) for c in new if c.tag == BOOKMARKS[0]]
        ends = [copy.deepcopy(c) for c in new if c.tag == BOOKMARKS[1]]
        result.extend(starts)
        tokens_old, tokens_new = self.tokens(old), self.tokens(new)
        pieces: list[tuple[str, Token]] = []
        i = j = 0
        for op, count in self._diff([t.key for t in tokens_old], [t.key for t in tokens_new]):
            if op == 0:
                pieces.extend(("=", t) for t in tokens_new[j : j + count])
                i, j = i + count, j + count
            elif op < 0:
                pieces.extend(("-", t) for t in tokens_old[i : i + count])
                i += count
            else:
                pieces.extend(("+", t) for t in tokens_new[j : j + count])
                j += count
        self._write(result, pieces)
        result.extend(ends)
        return result

    def _diff(self, old: list[Key], new: list[Key]) -> list[tuple[int, int]]:
        """diff-match-patch in word mode: each distinct token becomes one character, the
        strings are diffed and cleaned up for people (no change cut into scattered letters),
        and each run of characters comes back as a count of tokens."""
        codes: dict[Key, str] = {}

        def encode(keys: list[Key]) -> str:
            for key in keys:
                if key not in codes:
                    number = len(codes) + 0x100
                    codes[key] = chr(number + 0x800 if number >= 0xD800 else number)
            return "".join(codes[k] for k in keys)

        a, b = encode(old), encode(new)
        diffs = self.dmp.diff_main(a, b, False)
        self.dmp.diff_cleanupSemantic(diffs)
        return [(op, len(text)) for op, text in diffs]

    def _write(self, p: Any, pieces: list[tuple[str, Token]]) -> None:
        """The tokens as runs: consecutive words of one formatting in one run, inserted and
        deleted ones in their `w:ins`/`w:del`, each link's in a copy of the link."""
        holder: Any = p
        context_key: str | None = None
        wrapper: Any = None
        state = "="
        for op, token in pieces:
            if token.context_key != context_key:
                context_key = token.context_key
                holder = p
                if token.context is not None:
                    holder = etree.SubElement(p, token.context.tag, dict(token.context.attrib))
                wrapper = None
            if wrapper is None or op != state:
                state = op
                wrapper = holder if op == "=" else self.rev.mark("w:ins" if op == "+" else "w:del")
                if wrapper is not holder:
                    holder.append(wrapper)
            last = wrapper[-1] if len(wrapper) and wrapper[-1].tag == R else None
            if token.text:
                if last is None or not _same_format(last, token.rpr):
                    last = token.run()
                    wrapper.append(last)
                _append_text(last, token.text, deleted=op == "-")
                continue
            run = token.run()
            if op == "-":
                as_deleted(run)
            wrapper.append(run)

    def tokens(self, p: Any) -> list[Token]:
        """A paragraph's words (each with its formatting) and objects, in order."""
        out: list[Token] = []
        for child in p:
            if child.tag == R:
                self._run_tokens(child, None, "", out)
            elif child.tag == HYPERLINK:
                key = "link:" + (
                    child.get(qn("w:anchor"))
                    or self.resolve(child.get(qn("r:id"), ""))
                    or etree.tostring(child).decode()
                )
                for run in child.iterchildren(R):
                    self._run_tokens(run, child, key, out)
        return out

    def _run_tokens(self, run: Any, context: Any, context_key: str, out: list[Token]) -> None:
        rpr = run.find(RPR)
        fmt = etree.tostring(rpr).decode() if rpr is not None else ""
        for child in run:
            if child.tag == RPR:
                continue
            if child.tag == qn("w:t"):
                for word in _WORDS.findall(child.text or ""):
                    key = ("t", word, fmt, context_key)
                    out.append(Token(key, rpr, None, context, context_key, word))
            else:  # a picture, a break, a note, a field's marks and instruction
                key = ("o", self._object_key(child), fmt, context_key)
                out.append(Token(key, rpr, child, context, context_key))

    def _object_key(self, element: Any) -> str:
        """An object's identity: its XML with each relationship id replaced by what it points
        at (the same picture has another id in the other version's rendering)."""
        if element.tag == qn("w:footnoteReference"):
            return "note"
        element = copy.deepcopy(element)
        for node in element.iter():
            for name in _PART_LINKS:
                if node.get(name):
                    node.set(name, self.resolve(node.get(name)))
            if node.tag == qn("wp:docPr"):
                node.set("id", "0")
        return str(etree.tostring(element).decode())


def _same_format(run: Any, b: Any) -> bool:
    """Whether a word of properties `b` can go on at the end of `run`."""
    a = run.find(RPR)
    if (a is None) != (b is None):
        return False
    if a is not None and etree.tostring(a) != etree.tostring(b):
        return False
    return len(run) > 0 and run[-1].tag in (qn("w:t"), qn("w:delText"))


def _append_text(run: Any, text: str, deleted: bool) -> None:
    tag = "w:delText" if deleted else "w:t"
    last = run[-1] if len(run) else None
    if last is None or last.tag != qn(tag):
        last = ooxml.sub(run, tag)
        last.text = ""
    last.text = (last.text or "") + text
    if last.text[:1].isspace() or last.text[-1:].isspace():
        last.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _style(p: Any) -> str:
    style = p.find(f"{PPR}/{qn('w:pStyle')}")
    return str(style.get(qn("w:val"))) if style is not None else ""


def _cells(tr: Any) -> int:
    return len(tr.findall(TC))


def _columns(tbl: Any) -> int:
    grid = tbl.find(TBL_GRID)
    return len(grid) if grid is not None else 0


def _pairs(
    old: Sequence[Any], new: Sequence[Any], similarity: Callable[[Any, Any], float]
) -> list[tuple[int, int]]:
    """The pairs (i, j), in order on both sides, that make the most alike blocks one changed
    block: a small dynamic programme over the region (regions are a few blocks long)."""
    n, m = len(old), len(new)
    if n * m > 40_000:  # a rewritten document: no pairing, every block deleted then inserted
        return []
    alike: dict[tuple[int, int], float] = {}

    def similarity_of(i: int, j: int) -> float:
        if (i, j) not in alike:
            alike[i, j] = similarity(old[i], new[j])
        return alike[i, j]

    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            s = similarity_of(i, j)
            if s >= SIMILAR:
                best = max(best, s + score[i + 1][j + 1])
            score[i][j] = best
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        s = similarity_of(i, j)
        if s >= SIMILAR and abs(score[i][j] - (s + score[i + 1][j + 1])) < 1e-9:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def part_digest(blob: bytes) -> str:
    return hashlib.sha1(blob).hexdigest()[:16]
