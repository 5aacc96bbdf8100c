"""Structured blocks (`::: name`) rendered from the referential into both formats.

The blocks any deliverable may use live here; each deliverable type adds its own (see
`deliverables/`), and `deliverables.BLOCKS` holds them all.
"""

from __future__ import annotations

from livrables.blocks.base import Block, BlockArgs, BlockContext
from livrables.blocks.graphique import GraphiqueBlock
from livrables.blocks.indicateurs import IndicateursBlock
from livrables.blocks.objectifs import EffetsBlock, ObjectifsBlock

SHARED_BLOCKS: tuple[Block, ...] = (
    ObjectifsBlock(),
    EffetsBlock(),
    IndicateursBlock(),
    GraphiqueBlock(),
)

__all__ = ["SHARED_BLOCKS", "Block", "BlockArgs", "BlockContext"]
