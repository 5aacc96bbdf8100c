"""What a deliverable type is: its name, its module of the offer, its front-matter schema."""

from __future__ import annotations

from dataclasses import dataclass

from livrables.content.models import FrontMatter


@dataclass(frozen=True)
class DeliverableType:
    name: str  # the `type:` value
    label: str  # shown on the cover: "Note stratégique"
    module: str  # the offer's module: "2 — Définir son positionnement et sa stratégie"
    front_matter: type[FrontMatter]
