"""`bilingue: en`: a deliverable laid out in French and the partner's language, block by block,
the form of a joint roadmap or an agreement both parties sign.

The two trees come from the same source, the second given the translator's texts: they have the
same blocks in the same order. Prose goes side by side, a row per block; what needs the whole
width (a table, a chart, a calendar) goes in French, then in the other language.
"""

from __future__ import annotations

from livrables.document.nodes import (
    Block,
    Box,
    CodeBlock,
    Contents,
    DefList,
    Document,
    Figure,
    ListBlock,
    NoteRef,
    Para,
    Quote,
    Rule,
    Side,
    Title,
)
from livrables.document.walk import walk
from livrables.i18n import Langue

PROSE = (Title, Para, ListBlock, Quote, Box, DefList, Figure, CodeBlock)


def side_by_side(french: Document, other: Document, langue: Langue) -> Document:
    _shift_notes(other, max(french.notes, default=-1) + 1)
    for node in walk(other):  # one anchor a heading: the other language's are its own
        if isinstance(node, Title) and node.id:
            node.id = f"{node.id}-{langue.code}"
    if len(french.children) != len(other.children):  # not the same blocks: one after the other
        rows = [(list(french.children), list(other.children))]
        return Document([_side(rows, langue, stacked=True)], {**french.notes, **other.notes})
    children: list[Block] = []
    prose: list[tuple[list[Block], list[Block]]] = []
    heading: tuple[list[Block], list[Block]] = ([], [])  # kept with the block after it
    for left, right in zip(french.children, other.children, strict=True):
        if isinstance(left, Title) and isinstance(right, Title):
            heading[0].append(left)
            heading[1].append(right)
        elif isinstance(left, PROSE) and isinstance(right, PROSE):
            prose.append(([*heading[0], left], [*heading[1], right]))
            heading = ([], [])
        elif isinstance(left, Rule | Contents):
            if heading[0]:
                prose.append(heading)
                heading = ([], [])
            _flush(children, prose, langue)
            children.append(left)  # a rule, the contents: once, across the page
        else:  # a table, a chart: each language's heading above its own, whole width
            _flush(children, prose, langue)
            row = ([*heading[0], left], [*heading[1], right])
            children.append(_side([row], langue, stacked=True))
            heading = ([], [])
    if heading[0]:
        prose.append(heading)
    _flush(children, prose, langue)
    return Document(children, {**french.notes, **other.notes})


def _flush(
    children: list[Block], prose: list[tuple[list[Block], list[Block]]], langue: Langue
) -> None:
    if prose:
        children.append(_side(list(prose), langue, stacked=False))
        prose.clear()


def _side(rows: list[tuple[list[Block], list[Block]]], langue: Langue, stacked: bool) -> Side:
    return Side(rows, "fr-FR", langue.tag, langue.rtl, stacked)


def _shift_notes(tree: Document, offset: int) -> None:
    """The other language's footnotes numbered after the French ones' ids (one id, one note)."""
    if not tree.notes or offset == 0:
        return
    for node in walk(tree):
        if isinstance(node, NoteRef):
            node.id += offset
    notes = {}
    for key, note in tree.notes.items():
        note.id = key + offset
        notes[key + offset] = note
    tree.notes = notes
