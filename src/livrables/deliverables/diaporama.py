"""`diaporama` (any module): the slides projected in the room — the training day, the restitution
of a diagnostic, the presentation to the council — written in Markdown like the documents.

`#` opens a section slide, `##` a content slide, `---` a slide without a title; `::: notes` holds
the speaker's notes (internal unless `notes: client`), `::: colonnes` two columns. Blocks of the
other types draw on the mission's deliverable of that type (the diagnostic's SWOT, the kit's key
figures), so the figure on the slide is the figure in the document.
"""

from __future__ import annotations

from typing import Literal

from livrables.content.models import FrontMatter, Module
from livrables.deliverables.base import DeliverableType
from livrables.document.directives import DIAPORAMA


class DiaporamaFront(FrontMatter):
    type: Literal["diaporama"]
    module: Module  # the offer's module the deck belongs to: comprendre, positionnement …
    notes: Literal["interne", "client"] = "interne"  # who receives the speaker's notes
    lieu: str | None = None  # where it is presented: "Conseil communautaire, Valbrune"


SKELETON = """---
type: diaporama
titre: Restitution du diagnostic flash
sous_titre: Réunion avec les élus
module: comprendre
statut: brouillon
diffusion: client
# notes: client    # les notes de l'orateur restent internes, sauf avec cette ligne
---

# Ce que nous avons vu

## Le territoire en quelques chiffres

- Remplacez ces puces : une idée par ligne, six lignes au plus.
- Un titre « ## » ouvre une diapositive, « # » une diapositive de section.

::: notes
Ce que l'orateur dit ici : jamais dans le dossier client, sauf « notes: client ».
:::

## Deux idées côte à côte

::: colonnes
### Ce qui marche

- Une force, à compléter

---

### Ce qui manque

- Une faiblesse, à compléter
:::

---

> Remplacez cette phrase par une phrase entendue en entretien, sur une diapositive à elle seule.
"""

DIAPORAMA_TYPE = DeliverableType(
    name=DIAPORAMA,
    label="Diaporama",
    module="",  # from the front matter's `module:`
    front_matter=DiaporamaFront,
    skeleton=SKELETON,
)
