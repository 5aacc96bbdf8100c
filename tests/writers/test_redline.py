"""The redline's merge on WordprocessingML: whatever two bodies are, accepting every change
gives the new one and rejecting every change the old one (text and formatting of each word),
and a change is marked where it is, no wider."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from livrables import ooxml
from livrables.writers.docx.compare import Merger
from livrables.writers.docx.revisions import (
    Revisions,
    accept_all,
    paragraph_texts,
    reject_all,
)
from tests.helpers import W

WORDS = ["le", "budget", "de", "45\u202f000", "€", "service", "pilote", "Bakoundé", "eau", "."]


def para(*runs: tuple[str, bool], style: str | None = None) -> Any:
    p = ooxml.paragraph(style)
    for text, bold in runs:
        p.append(ooxml.run(text, bold=bold))
    return p


def table(rows: list[list[str]]) -> Any:
    tbl = ooxml.el("w:tbl")
    grid = ooxml.sub(tbl, "w:tblGrid")
    for _ in rows[0]:
        ooxml.sub(grid, "w:gridCol", w=1000)
    for row in rows:
        tr = ooxml.sub(tbl, "w:tr")
        for text in row:
            tc = ooxml.sub(tr, "w:tc")
            tc.append(para((text, False)))
    return tbl


def merge(old: list[Any], new: list[Any]) -> Any:
    merger = Merger(Revisions("Paul Martin", "2026-11-20T15:30:00Z"), lambda rel: rel)
    body = ooxml.el("w:body")
    body.extend(merger.blocks(copy.deepcopy(old), copy.deepcopy(new)))
    return body


def holder(elements: list[Any]) -> Any:
    body = ooxml.el("w:body")
    body.extend(copy.deepcopy(e) for e in elements)
    return body


def formatted(root: Any) -> list[list[tuple[str, bool]]]:
    """Each paragraph's words with their weight: formatting must survive the round trip."""
    out = []
    for p in root.iter(f"{W}p"):
        words = []
        for r in p.iter(f"{W}r"):
            bold = r.find(f"{W}rPr/{W}b") is not None
            words.extend((t.text or "", bold) for t in r.iter(f"{W}t", f"{W}delText"))
        merged: list[tuple[str, bool]] = []
        for text, bold in words:  # runs cut differently are the same text
            if merged and merged[-1][1] == bold:
                merged[-1] = (merged[-1][0] + text, bold)
            elif text:
                merged.append((text, bold))
        out.append(merged)
    return out


def test_a_changed_word_is_marked_alone() -> None:
    old = [para(("Le budget de 45\u202f000 € reste à voter.", False))]
    new = [para(("Le budget de 47\u202f000 € reste à voter.", False))]
    body = merge(old, new)
    (inserted,) = body.iter(f"{W}ins")
    (deleted,) = body.iter(f"{W}del")
    assert "".join(t.text for t in inserted.iter(f"{W}t")) == "47\u202f000"
    assert "".join(t.text for t in deleted.iter(f"{W}delText")) == "45\u202f000"
    assert inserted.get(f"{W}author") == "Paul Martin"
    assert paragraph_texts(accept_all(body)) == paragraph_texts(holder(new))
    assert paragraph_texts(reject_all(body)) == paragraph_texts(holder(old))


def test_equal_bodies_have_no_mark() -> None:
    blocks = [para(("Un", False), (" deux", True)), table([["a", "b"], ["c", "d"]])]
    body = merge(blocks, blocks)
    assert body.find(f".//{W}ins") is None and body.find(f".//{W}del") is None


def test_tables_are_compared_cell_by_cell() -> None:
    old = [table([["Action", "Budget"], ["Eau", "3 000 €"], ["Jeunes", "8 000 €"]])]
    new = [table([["Action", "Budget"], ["Eau", "5 000 €"], ["Export", "2 000 €"]])]
    body = merge(old, new)
    assert len(body.findall(f"{W}tbl")) == 1  # one table, changed, not two
    assert paragraph_texts(accept_all(body)) == paragraph_texts(holder(new))
    assert paragraph_texts(reject_all(body)) == paragraph_texts(holder(old))


def test_a_table_with_other_columns_is_replaced() -> None:
    old = [table([["a", "b"]])]
    new = [table([["a", "b", "c"]])]
    body = merge(old, new)
    assert len(body.findall(f"{W}tbl")) == 2
    assert len(accept_all(body).findall(f"{W}tbl")) == 1
    assert paragraph_texts(reject_all(body)) == paragraph_texts(holder(old))


def test_a_heading_turned_paragraph_is_two_changes() -> None:
    old = [para(("Le service pilote", False), style="Heading1")]
    new = [para(("Le service pilote", False))]
    body = merge(old, new)
    styles = [p.find(f"{W}pPr/{W}pStyle") for p in accept_all(body).iter(f"{W}p")]
    assert [s is None for s in styles] == [True]
    rejected = list(reject_all(body).iter(f"{W}p"))
    assert len(rejected) == 1
    assert rejected[0].find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading1"


runs = st.lists(st.tuples(st.sampled_from(WORDS), st.booleans()), min_size=1, max_size=6)
paragraphs = st.lists(
    st.tuples(st.lists(runs.map(lambda r: r), min_size=0, max_size=1), runs),
    min_size=0,
    max_size=6,
)


def build(spec: list[tuple[list[Any], list[tuple[str, bool]]]]) -> list[Any]:
    blocks = []
    for heading, words in spec:
        style = "Heading2" if heading else None
        blocks.append(para(*((w + " ", b) for w, b in words), style=style))
    return blocks


@settings(max_examples=150, deadline=None)
@given(paragraphs, paragraphs)
def test_any_two_bodies_round_trip(old_spec: Any, new_spec: Any) -> None:
    old, new = build(old_spec), build(new_spec)
    body = merge(old, new)
    assert formatted(accept_all(body)) == formatted(holder(new))
    assert formatted(reject_all(body)) == formatted(holder(old))


cells = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(cells, min_size=2, max_size=2), min_size=1, max_size=5),
    st.lists(st.lists(cells, min_size=2, max_size=2), min_size=1, max_size=5),
)
def test_any_two_tables_round_trip(old_rows: list[list[str]], new_rows: list[list[str]]) -> None:
    old, new = [table(old_rows)], [table(new_rows)]
    body = merge(old, new)
    assert paragraph_texts(accept_all(body)) == paragraph_texts(holder(new))
    assert paragraph_texts(reject_all(body)) == paragraph_texts(holder(old))
