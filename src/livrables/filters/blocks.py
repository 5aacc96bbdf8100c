"""What the referential supplies to the tree: each `::: block` drawn, each `[[IND-…]]` value
written."""

from __future__ import annotations

from livrables.content.entities import Indicateur
from livrables.content.registry import BlockContext
from livrables.document.directives import BlockArgs
from livrables.document.nodes import (
    BlockCall,
    Document,
    Text,
    Value,
)
from livrables.document.typography import NBSP, format_number
from livrables.document.walk import inline_nodes, walk, walk_blocks
from livrables.filters.context import FilterContext


def expand_blocks(document: Document, ctx: FilterContext) -> None:
    """Each block builds its nodes from the referential (checked at load: name and options)."""
    for node in walk_blocks(document):
        if isinstance(node, BlockCall) and not node.children:
            builder = ctx.blocks.get(node.name)
            if builder is not None:
                node.children = list(builder.build(BlockArgs.parse(node.args), ctx.block_context))
            else:
                node.children = list(node.body)


def indicator_value(ctx: BlockContext, indicator_id: str) -> str | None:
    """ "420 foyers": the indicator's last measure with its unit; None when there is none."""
    entry = ctx.ref.entries.get(indicator_id)
    if entry is None or not isinstance(entry.entity, Indicateur):
        return None
    measure = entry.entity.derniere_mesure
    if measure is None:
        return None
    return f"{format_number(measure.valeur)}{NBSP}{entry.entity.unite}"


def fill_values(document: Document, ctx: FilterContext) -> None:
    """Replace each `[[IND-…]]` by the value (checked at load: the id exists and is measured)."""
    holders = [n for n in inline_nodes(document) if isinstance(n, Value)]
    if not holders:
        return
    for node in walk(document):
        kids = getattr(node, "children", None)
        if not isinstance(kids, list) or not any(isinstance(k, Value) for k in kids):
            continue
        for index, kid in enumerate(kids):
            if isinstance(kid, Value):
                text = indicator_value(ctx.block_context, kid.id) or kid.source
                kids[index] = Text(text, line=kid.line)
