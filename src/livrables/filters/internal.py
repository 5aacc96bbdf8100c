"""Internal notes out of client outputs: a `::: interne` box is removed whole, with the
footnotes that only it cited."""

from __future__ import annotations

from livrables.document.directives import INTERNE
from livrables.document.nodes import (
    Box,
    Document,
    Node,
    NoteRef,
)
from livrables.document.walk import inline_nodes, walk_blocks
from livrables.filters.context import FilterContext


def remove_internal(document: Document, ctx: FilterContext) -> None:
    if ctx.interne:
        return
    _prune(document)
    if document.notes:
        cited = {n.id for c in document.children for n in inline_nodes(c) if isinstance(n, NoteRef)}
        document.notes = {key: note for key, note in document.notes.items() if key in cited}


def is_internal(node: Node) -> bool:
    return isinstance(node, Box) and node.name == INTERNE


def _prune(document: Document) -> None:
    """Remove internal boxes from every list of blocks (inline runs hold none)."""
    for node in walk_blocks(document):
        kids = getattr(node, "children", None)
        if isinstance(kids, list) and any(is_internal(child) for child in kids):
            kids[:] = [child for child in kids if not is_internal(child)]
