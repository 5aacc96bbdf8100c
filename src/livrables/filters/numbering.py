"""Numbers: captioned figures and charts in reading order, footnotes in the order they are
first cited (a note cited inside another note is numbered where that note is first cited)."""

from __future__ import annotations

from livrables.document.nodes import (
    Chart,
    Document,
    Figure,
    Gantt,
    Map,
    Node,
    NoteRef,
)
from livrables.document.walk import inline_nodes, walk_blocks
from livrables.filters.context import FilterContext


def number(document: Document, ctx: FilterContext) -> None:
    figures = 0
    for node in walk_blocks(document):
        if (isinstance(node, Figure) and node.caption) or isinstance(node, Chart | Gantt | Map):
            figures += 1
            node.number = figures
    if not document.notes:
        return
    numbers: dict[int, int] = {}
    citations: dict[int, int] = {}

    def visit(nodes: list[Node]) -> None:
        for node in nodes:
            for inner in inline_nodes(node):
                if not isinstance(inner, NoteRef):
                    continue
                inner.sub = citations.get(inner.id, 0)  # the back link of each citation
                citations[inner.id] = inner.sub + 1
                if inner.id not in numbers:
                    numbers[inner.id] = len(numbers) + 1
                    inner.number = numbers[inner.id]
                    note = document.notes.get(inner.id)
                    if note is not None:
                        visit(list(note.children))
                else:
                    inner.number = numbers[inner.id]

    visit(list(document.children))
    for key, note in document.notes.items():
        note.number = numbers.get(key, 0)
        note.citations = citations.get(key, 0)
    ordered = sorted(document.notes.items(), key=lambda item: item[1].number)
    document.notes = {key: note for key, note in ordered if note.number}
