"""Lists in Word: each list restarts its numbering, starts where Markdown says, nests deeply."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from livrables.writers.docx.body import DocxWriter
from livrables.writers.docx.target import DocxTarget
from tests.helpers import W
from tests.markdown.render import tree


def render(markdown: str) -> docx.document.Document:
    document = docx.Document()
    anchor = document.add_paragraph("ANCRE")._p
    DocxWriter(DocxTarget(document, anchor), tree(markdown)).write()
    anchor.getparent().remove(anchor)
    out = io.BytesIO()
    document.save(out)
    return docx.Document(io.BytesIO(out.getvalue()))


def numbered(document: docx.document.Document) -> list[tuple[str, int, int]]:
    """(text, numId, ilvl) of every numbered paragraph."""
    rows = []
    for p in document.paragraphs:
        numpr = p._p.find(f"{W}pPr/{W}numPr")
        if numpr is not None:
            rows.append(
                (
                    p.text,
                    int(numpr.find(f"{W}numId").get(qn("w:val"))),
                    int(numpr.find(f"{W}ilvl").get(qn("w:val"))),
                )
            )
    return rows


def start_override(document: docx.document.Document, num_id: int) -> tuple[int, int]:
    numbering = document.part.numbering_part.element
    for num in numbering.iterchildren(f"{W}num"):
        if int(num.get(qn("w:numId"))) == num_id:
            override = num.find(f"{W}lvlOverride")
            return (
                int(override.get(qn("w:ilvl"))),
                int(override.find(f"{W}startOverride").get(qn("w:val"))),
            )
    raise AssertionError(f"no w:num {num_id}")


def test_each_list_gets_its_own_num_and_restarts() -> None:
    document = render("1. un\n2. deux\n\nTexte.\n\n1. encore un\n2. encore deux\n")
    rows = numbered(document)
    assert [r[0] for r in rows] == ["un", "deux", "encore un", "encore deux"]
    first, second = rows[0][1], rows[2][1]
    assert first == rows[1][1] and second == rows[3][1] and first != second
    assert start_override(document, first) == (0, 1)
    assert start_override(document, second) == (0, 1)


def test_ordered_list_starting_at_3_shows_3() -> None:
    document = render("3. trois\n4. quatre\n")
    rows = numbered(document)
    assert start_override(document, rows[0][1]) == (0, 3)


def test_nesting_four_levels_deep() -> None:
    document = render("- a\n  - b\n    1. c\n       - d\n- e\n")
    assert [(t, lvl) for t, _n, lvl in numbered(document)] == [
        ("a", 0),
        ("b", 1),
        ("c", 2),
        ("d", 3),
        ("e", 0),
    ]


def test_second_paragraph_of_an_item_is_indented_not_numbered() -> None:
    document = render("1. premier\n\n   suite du premier\n2. second\n")
    texts = [p.text for p in document.paragraphs]
    assert texts == ["premier", "suite du premier", "second"]
    assert [r[0] for r in numbered(document)] == ["premier", "second"]
    indent = document.paragraphs[1]._p.find(f"{W}pPr/{W}ind")
    assert indent is not None and indent.get(qn("w:left")) == "360"


def test_bullets_and_numbers_use_different_definitions() -> None:
    document = render("- puce\n\n1. numéro\n")
    numbering = document.part.numbering_part.element
    rows = numbered(document)
    abstract = {}
    for num in numbering.iterchildren(f"{W}num"):
        abstract[int(num.get(qn("w:numId")))] = num.find(f"{W}abstractNumId").get(qn("w:val"))
    assert abstract[rows[0][1]] != abstract[rows[1][1]]
