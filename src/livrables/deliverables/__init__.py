"""The deliverable types of the offer, by their `type:` value."""

from __future__ import annotations

from livrables.deliverables.base import DeliverableType
from livrables.deliverables.note_strategique import NOTE_STRATEGIQUE

TYPES: dict[str, DeliverableType] = {t.name: t for t in (NOTE_STRATEGIQUE,)}

__all__ = ["TYPES", "DeliverableType"]
