"""Links between the mission's deliverables: `[le diagnostic](diagnostic-flash.md)` is what a
consultant writes (the file beside it); each output must point at the file of its own format
(the page at `diagnostic-flash.html`, the Word at `diagnostic-flash.docx`, a deck's at its
`.pptx`). The link learns which deliverable it names; each writer spells the file. A link to a
deliverable the output cannot show (none of that name, or an internal one in a client
output) keeps its words and loses the link: `check` warns at its line."""

from __future__ import annotations

from livrables.document.links import deliverable_of
from livrables.document.nodes import Document, Inline, Link, Node
from livrables.document.walk import RUN_HOLDERS, walk_blocks
from livrables.filters.context import FilterContext


def link_deliverables(document: Document, ctx: FilterContext) -> None:
    for holder in walk_blocks(document):
        if isinstance(holder, RUN_HOLDERS):
            holder.children[:] = _relinked(holder.children, ctx)


def _relinked(inlines: list[Inline], ctx: FilterContext) -> list[Inline]:
    out: list[Inline] = []
    for node in inlines:
        kids = getattr(node, "children", None)
        if isinstance(kids, list):
            setattr(node, "children", _relinked(kids, ctx))  # noqa: B010 - any inline holder
        target = deliverable_of(node.href) if isinstance(node, Link) else None
        if target is None:
            out.append(node)
        elif target[0] in ctx.deliverables:
            assert isinstance(node, Link)
            node.deliverable, node.fragment = target
            node.deliverable = ctx.named.get(node.deliverable, node.deliverable)
            node.deck = ctx.deliverables[target[0]]
            out.append(node)
        else:  # nothing this output can point at: the words stay
            out.extend(_children(node))
    return out


def _children(node: Node) -> list[Inline]:
    return list(getattr(node, "children", []))
