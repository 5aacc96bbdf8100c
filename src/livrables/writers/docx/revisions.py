"""Tracked changes in WordprocessingML: marking content inserted or deleted, and the two
answers a reader can give them, "accept all" and "reject all".

The redline (`compare.py`) marks; `accept_all` and `reject_all` do what Word does with every
mark, so the redline can be proved to give exactly the new version one way and exactly the old
one the other (the comparer checks it before writing, the tests check it again)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from typing import Any

from docx.oxml.ns import qn

from livrables import ooxml

INS, DEL = qn("w:ins"), qn("w:del")
P, R, T, TBL, TR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:tbl"), qn("w:tr")
PPR, RPR, TRPR = qn("w:pPr"), qn("w:rPr"), qn("w:trPr")
DEL_TEXT, INSTR, DEL_INSTR = qn("w:delText"), qn("w:instrText"), qn("w:delInstrText")
BOOKMARKS = (qn("w:bookmarkStart"), qn("w:bookmarkEnd"))
_TRPR_AFTER = (qn("w:tblPrEx"),)


class Revisions:
    """Who made the changes and when (from git), and the ids Word wants unique."""

    def __init__(self, author: str, date: str, first_id: int = 1) -> None:
        self.author = author
        self.date = date  # ISO 8601, "2026-11-27T10:00:00Z"
        self.next_id = first_id

    def mark(self, tag: str) -> Any:
        element = ooxml.el(tag, id=self.next_id, author=self.author, date=self.date)
        self.next_id += 1
        return element

    def wrap(self, tag: str, runs: Iterable[Any]) -> Any:
        """A `w:ins`/`w:del` holding `runs` (deleted text becomes `w:delText`)."""
        wrapper = self.mark(tag)
        for run in runs:
            if tag == "w:del":
                as_deleted(run)
            wrapper.append(run)
        return wrapper

    def paragraph(self, p: Any, tag: str) -> Any:
        """A whole paragraph inserted or deleted: its runs and its mark."""
        for child in list(p):
            if child.tag == R:
                self._wrap_in_place(child, tag)
            elif child.tag == qn("w:hyperlink"):
                for run in [r for r in child if r.tag == R]:
                    self._wrap_in_place(run, tag)
            elif child.tag in BOOKMARKS and tag == "w:del":
                p.remove(child)
        self.paragraph_mark(p, tag)
        return p

    def _wrap_in_place(self, run: Any, tag: str) -> None:
        wrapper = self.mark(tag)
        run.addprevious(wrapper)
        if tag == "w:del":
            as_deleted(run)
        wrapper.append(run)  # moves it

    def paragraph_mark(self, p: Any, tag: str) -> None:
        ppr = p.find(PPR)
        if ppr is None:
            ppr = ooxml.el("w:pPr")
            p.insert(0, ppr)
        rpr = ppr.find(RPR)
        if rpr is None:
            rpr = ooxml.el("w:rPr")
            after = [c for c in ppr if c.tag in (qn("w:sectPr"), qn("w:pPrChange"))]
            if after:
                after[0].addprevious(rpr)
            else:
                ppr.append(rpr)
        rpr.insert(0, self.mark(tag))

    def table(self, tbl: Any, tag: str) -> Any:
        for tr in tbl.iterchildren(TR):
            self.row(tr, tag)
        return tbl

    def row(self, tr: Any, tag: str) -> Any:
        """A whole row inserted or deleted: its mark and every cell's paragraphs."""
        trpr = tr.find(TRPR)
        if trpr is None:
            trpr = ooxml.el("w:trPr")
            before = [c for c in tr if c.tag in _TRPR_AFTER]
            if before:
                before[-1].addnext(trpr)
            else:
                tr.insert(0, trpr)
        trpr.append(self.mark(tag))
        for p in tr.iter(P):
            self.paragraph(p, tag)
        return tr


def as_deleted(run: Any) -> None:
    for element in run.iter(T, INSTR):
        element.tag = DEL_TEXT if element.tag == T else DEL_INSTR


def _as_kept(run: Any) -> None:
    for element in run.iter(DEL_TEXT, DEL_INSTR):
        element.tag = T if element.tag == DEL_TEXT else INSTR


# --- reading a redline back -----------------------------------------------------------------


def accept_all(body: Any) -> Any:
    """A copy of `body` (any element holding paragraphs and tables) with every change
    accepted, as Word's "accept all" does."""
    return _resolve(copy.deepcopy(body), keep=INS, drop=DEL)


def reject_all(body: Any) -> Any:
    """A copy of `body` with every change rejected."""
    return _resolve(copy.deepcopy(body), keep=DEL, drop=INS)


def _resolve(root: Any, keep: str, drop: str) -> Any:
    for tr in list(root.iter(TR)):
        trpr = tr.find(TRPR)
        if trpr is not None and trpr.find(drop) is not None:
            tr.getparent().remove(tr)
        elif trpr is not None:
            for mark in trpr.findall(keep):
                trpr.remove(mark)
    for tbl in list(root.iter(TBL)):
        if tbl.find(TR) is None:  # every row went: so does the table
            tbl.getparent().remove(tbl)
    for wrapper in list(root.iter(drop)):
        if wrapper.getparent() is not None and wrapper.getparent().tag != RPR:
            wrapper.getparent().remove(wrapper)
    for wrapper in list(root.iter(keep)):
        parent = wrapper.getparent()
        if parent is None or parent.tag == RPR:
            continue
        for child in list(wrapper):
            _as_kept(child)
            wrapper.addprevious(child)
        parent.remove(wrapper)
    for p in list(root.iter(P)):
        rpr = p.find(f"{PPR}/{RPR}")
        if rpr is None:
            continue
        for mark in rpr.findall(keep):
            rpr.remove(mark)
        if rpr.find(drop) is not None:
            for mark in rpr.findall(drop):
                rpr.remove(mark)
            _join_next(p)
    return root


def _join_next(p: Any) -> None:
    """A paragraph whose mark goes joins the next paragraph: its content moves to the start
    of it (Word keeps the next paragraph's properties)."""
    content = [c for c in p if c.tag != PPR]
    if all(c.tag in BOOKMARKS for c in content):
        content = []  # nothing to keep but an anchor
    following = p.getnext()
    while following is not None and following.tag != P:
        following = following.getnext() if following.tag in BOOKMARKS else None
    if content and following is not None:
        ooxml.insert_after(following, following.find(PPR), content)
    elif content:  # the last paragraph keeps its text
        return
    p.getparent().remove(p)


def paragraph_texts(root: Any) -> list[str]:
    """Each paragraph's visible text, in document order (tables' cells included), with a
    placeholder for each picture and note reference: what "the same document" means here."""
    return [paragraph_text(p) for p in root.iter(P)]


def paragraph_text(p: Any) -> str:
    return "".join(_pieces(p))


def _pieces(p: Any) -> Iterator[str]:
    for element in p.iter():
        if element.tag in (T, DEL_TEXT):
            yield element.text or ""
        elif element.tag == qn("w:tab"):
            yield "\t"
        elif element.tag == qn("w:br"):
            yield "\n"
        elif element.tag == qn("w:drawing"):
            yield "[image]"
        elif element.tag == qn("w:footnoteReference"):
            yield "[note]"
