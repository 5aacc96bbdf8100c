"""Structured blocks (`::: name`) rendered from the referential into both formats."""

from __future__ import annotations

from livrables.blocks.base import Block, BlockArgs
from livrables.blocks.indicateurs import IndicateursBlock
from livrables.blocks.objectifs import EffetsBlock, ObjectifsBlock

BLOCKS: dict[str, Block] = {
    block.name: block for block in (ObjectifsBlock(), EffetsBlock(), IndicateursBlock())
}

__all__ = ["BLOCKS", "Block", "BlockArgs"]
