"""`note-strategique` (module 2): purposes, role, objectives tree, expected effects, indicators."""

from __future__ import annotations

from typing import Literal

from livrables.content.models import FrontMatter
from livrables.deliverables.base import DeliverableType


class NoteStrategiqueFront(FrontMatter):
    type: Literal["note-strategique"]
    periode: str | None = None  # the strategy's horizon, e.g. "2027-2032"


NOTE_STRATEGIQUE = DeliverableType(
    name="note-strategique",
    label="Note stratégique",
    module="Module 2 — Définir son positionnement et sa stratégie",
    front_matter=NoteStrategiqueFront,
)
