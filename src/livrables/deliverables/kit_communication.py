"""`kit-communication` (module 5): key messages, key figures drawn only from measured indicator
values, and ready-to-copy pieces (press release, article, social posts, note to staff)."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from livrables.blocks.base import Block, BlockArgs, BlockContext
from livrables.blocks.formats import month
from livrables.content.entities import Indicateur
from livrables.content.models import MODULE_LABELS, FrontMatter, Id, Model, Ref, Texte
from livrables.deliverables.base import DeliverableType, front
from livrables.document.nodes import DataNode, Figures, Items, Note
from livrables.document.typography import NBSP, format_number


class ChiffreCle(Model):
    indicateur: Annotated[Id, Ref("indicateurs")]
    libelle: str | None = None  # how the figure is told to the public; the indicator's title


class KitCommunicationFront(FrontMatter):
    type: Literal["kit-communication"]
    messages_cles: list[Texte] = []
    chiffres_cles: list[ChiffreCle] = []


TYPES = frozenset({"kit-communication"})


class MessagesClesBlock(Block):
    name: ClassVar[str] = "messages-cles"
    types: ClassVar[frozenset[str]] = TYPES

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        messages = front(ctx, KitCommunicationFront).messages_cles
        return (
            [Items(list(messages), ordered=True)]
            if messages
            else [
                Note(
                    "Les messages clés restent à écrire.",
                    todo="ajoutez « messages_cles: » à l’en-tête",
                )
            ]
        )


class ChiffresClesBlock(Block):
    """Each figure is the last measured value of an indicator: never a number typed by hand."""

    name: ClassVar[str] = "chiffres-cles"
    types: ClassVar[frozenset[str]] = TYPES

    def check(self, args: BlockArgs, ctx: BlockContext) -> list[str]:
        problems = super().check(args, ctx)
        kit = ctx.front_of(KitCommunicationFront)
        if problems or kit is None:
            return problems
        for figure in kit.chiffres_cles:
            entry = ctx.ref.entries.get(figure.indicateur)
            if isinstance(entry and entry.entity, Indicateur) and not entry.entity.mesures:  # type: ignore[union-attr]
                problems.append(
                    f"bloc « {self.name} » : l'indicateur « {figure.indicateur} » n'a aucune "
                    "mesure (mesures: dans indicateurs.yaml) ; un chiffre clé vient toujours "
                    "d'une valeur mesurée"
                )
        return problems

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        figures = []
        for figure in front(ctx, KitCommunicationFront).chiffres_cles:
            indicator = ctx.ref.get(figure.indicateur, Indicateur)
            measure = indicator.derniere_mesure
            if measure is None:
                continue  # refused by check()
            value = f"{format_number(measure.valeur)}{NBSP}{indicator.unite}"
            source = f"{indicator.source or 'Mesure'}, {month(measure.date)}"
            figures.append((value, figure.libelle or indicator.intitule, source))
        return [Figures(figures)] if figures else [Note("Aucun chiffre clé n’est retenu.")]


SKELETON = """---
type: kit-communication
titre: Kit de communication
statut: brouillon
diffusion: client
messages_cles:
  - Notre action internationale profite d'abord à notre territoire.
chiffres_cles: []
# Exemple (enlevez les « # », et la ligne « chiffres_cles: [] » ; l'indicateur doit être mesuré) :
# chiffres_cles:
#   - indicateur: IND-1
#     libelle: actions engagées
---

# Les messages clés

::: messages-cles
:::

# Les chiffres clés

::: chiffres-cles
:::

# Communiqué de presse

::: communique
Remplacez ce texte par le communiqué.
:::

# Article

::: article
Remplacez ce texte par l'article pour le magazine ou le site.
:::

# Publications pour les réseaux sociaux

::: publication reseau=LinkedIn
Remplacez ce texte par la publication.
:::

# Note aux agents

::: note-agents
Remplacez ce texte par la note d'information aux agents.
:::
"""

KIT_COMMUNICATION = DeliverableType(
    name="kit-communication",
    label="Kit de communication",
    module=MODULE_LABELS["evaluer"],
    front_matter=KitCommunicationFront,
    skeleton=SKELETON,
    blocks=(MessagesClesBlock(), ChiffresClesBlock()),
)
