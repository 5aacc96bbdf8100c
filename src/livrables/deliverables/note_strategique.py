"""`note-strategique` (module 2): purposes, role, objectives tree, expected effects, indicators."""

from __future__ import annotations

from typing import Literal

from livrables.content.models import MODULE_LABELS, FrontMatter
from livrables.deliverables.base import DeliverableType


class NoteStrategiqueFront(FrontMatter):
    type: Literal["note-strategique"]
    periode: str | None = None  # the strategy's horizon, e.g. "2027-2032"


SKELETON = """---
type: note-strategique
titre: Note stratégique
sous_titre: Finalités, objectifs et effets attendus
statut: brouillon
diffusion: client
---

::: sommaire niveaux=2
:::

# Pourquoi une stratégie d'action internationale ?

Remplacez ce texte : les finalités que les élus donnent à l'action internationale.

# Le rôle de la collectivité

Remplacez ce texte : opérateur, ensemblier ou guichet ; potentiels et contraintes.

# Les objectifs

::: objectifs
:::

# Les effets attendus, ici et là-bas

::: effets
:::

# Le suivi

::: indicateurs
:::
"""

NOTE_STRATEGIQUE = DeliverableType(
    name="note-strategique",
    label="Note stratégique",
    module=MODULE_LABELS["positionnement"],
    front_matter=NoteStrategiqueFront,
    skeleton=SKELETON,
)
