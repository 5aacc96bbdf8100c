"""The deliverable types of the offer (the seven documents and the slide deck), by their
`type:` value, and every block."""

from __future__ import annotations

from livrables.blocks import SHARED_BLOCKS, Block
from livrables.content.registry import Registry
from livrables.deliverables.base import DeliverableType
from livrables.deliverables.cadre_evaluation import CADRE_EVALUATION
from livrables.deliverables.diagnostic_flash import DIAGNOSTIC_FLASH
from livrables.deliverables.diaporama import DIAPORAMA_TYPE
from livrables.deliverables.formation import FORMATION
from livrables.deliverables.kit_communication import KIT_COMMUNICATION
from livrables.deliverables.kit_relations import KIT_RELATIONS
from livrables.deliverables.note_strategique import NOTE_STRATEGIQUE
from livrables.deliverables.plan_actions import PLAN_ACTIONS

TYPES: dict[str, DeliverableType] = {
    t.name: t
    for t in (
        FORMATION,
        DIAGNOSTIC_FLASH,
        NOTE_STRATEGIQUE,
        PLAN_ACTIONS,
        KIT_RELATIONS,
        CADRE_EVALUATION,
        KIT_COMMUNICATION,
        DIAPORAMA_TYPE,
    )
}
BLOCKS: dict[str, Block] = {
    block.name: block for block in (*SHARED_BLOCKS, *(b for t in TYPES.values() for b in t.blocks))
}

REGISTRY = Registry(TYPES, BLOCKS)

__all__ = ["BLOCKS", "REGISTRY", "TYPES", "DeliverableType"]
