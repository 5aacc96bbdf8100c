"""Internal notes out of client outputs.

A client parse never sees `::: interne` (the parser skips it whole, with the footnotes, links
and headings it defines); this filter is the second lock, on the tree: an internal box still
present is removed whole (and a slide's speaker notes, unless the deck gives them to the
client), and the footnotes it alone cited go with it (the numbering filter
keeps only the notes that the remaining text cites).
"""

from __future__ import annotations

from livrables.document.nodes import Box, Document, Node
from livrables.document.walk import walk_blocks
from livrables.filters.context import FilterContext


def remove_internal(document: Document, ctx: FilterContext) -> None:
    if ctx.interne:
        return
    for node in walk_blocks(document):
        kids = getattr(node, "children", None)
        if isinstance(kids, list) and any(is_internal(child, ctx.hidden) for child in kids):
            kids[:] = [child for child in kids if not is_internal(child, ctx.hidden)]


def is_internal(node: Node, hidden: frozenset[str]) -> bool:
    return isinstance(node, Box) and node.name in hidden
