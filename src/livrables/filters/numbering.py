"""Numbers: captioned figures in reading order, footnotes in the order they are first cited
(a note cited inside another note is numbered where that note is first cited)."""

from __future__ import annotations

from livrables.document.nodes import (
    Document,
    Figure,
    Node,
    NoteRef,
)
from livrables.document.walk import inline_nodes, walk_blocks
from livrables.filters.context import FilterContext


def number(document: Document, ctx: FilterContext) -> None:
    figures = 0
    for node in walk_blocks(document):
        if isinstance(node, Figure) and node.caption:
            figures += 1
            node.number = figures
    if not document.notes:
        return
    numbers: dict[int, int] = {}

    def visit(nodes: list[Node]) -> None:
        for node in nodes:
            for inner in inline_nodes(node):
                if not isinstance(inner, NoteRef):
                    continue
                if inner.id not in numbers:
                    numbers[inner.id] = len(numbers) + 1
                    inner.number = numbers[inner.id]
                    note = document.notes.get(inner.id)
                    if note is not None:
                        visit(list(note.children))
                else:
                    inner.number = numbers[inner.id]

    visit(list(document.children))
