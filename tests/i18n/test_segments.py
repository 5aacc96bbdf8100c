"""Segments: a run written back as Markdown and read again is the same run."""

from __future__ import annotations

import pytest

from livrables.document.nodes import NoteRef, Para
from livrables.document.walk import walk
from livrables.markdown.parser import parse
from livrables.markdown.reader import read
from livrables.traduction.segments import from_markdown, segments, to_markdown

CASES = [
    "Un texte **gras**, *italique* et ~~barré~~.",
    'Un [lien](https://exemple.fr "titre") et <https://exemple.fr/auto>.',
    "Du `code` et ``un ` accent``, une valeur [[IND-EAU]].",
    "Des astérisques \\* et des crochets \\[non\\] : littéraux, snake_case intact.",
    "1986\\. Une année en début de phrase, pas une liste.",
    'Une image ![Carte du territoire](carte.png "La carte") dans le texte.',
]


def _strip_lines(nodes: list) -> list:
    for node in nodes:
        for child in walk(node):
            child.line = 0
    return nodes


@pytest.mark.parametrize("text", CASES)
def test_a_run_survives_markdown_and_back(text: str) -> None:
    tree = read(parse(text))
    para = tree.children[0]
    assert isinstance(para, Para)
    written = to_markdown(para.children)
    again = from_markdown(written, 1, [])
    assert _strip_lines(again) == _strip_lines(para.children)
    assert to_markdown(again) == written  # stable: a second round changes nothing


def test_a_note_call_stays_with_its_note() -> None:
    tree = read(parse("Une phrase[^a] et une autre[^b].\n\n[^a]: Première.\n[^b]: Seconde.\n"))
    found = [s.text for s in segments(tree)]
    assert found[0] == "Une phrase[^1] et une autre[^2]."
    assert {"Première.", "Seconde."} <= set(found)
    back = from_markdown("A sentence[^2] and another[^1].", 1, [0, 1])
    assert [n.id for n in back if isinstance(n, NoteRef)] == [1, 0]


def test_segments_carry_their_lines_and_skip_what_has_no_words() -> None:
    text = "# Titre\n\nParagraphe un.\n\n| a | 12 |\n|---|---|\n| b | 2027 |\n"
    found = segments(read(parse(text, line_offset=10)))
    assert [(s.text, s.line) for s in found][:2] == [("Titre", 11), ("Paragraphe un.", 13)]
    assert all(s.text not in {"12", "2027"} for s in found)
