"""`plan-actions` (module 3): the pilot service, who does what (RACI), the actions by objective,
the training needs and what each service expects from the strategy."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from livrables.blocks.base import Block, BlockArgs, BlockContext
from livrables.blocks.formats import euros, month, period
from livrables.content.entities import LIBELLES_STATUT_ACTION, Action, Service
from livrables.content.models import MODULE_LABELS, Date, FrontMatter, Id, Model, Ref, Texte
from livrables.content.referentiel import Referentiel
from livrables.deliverables.base import DeliverableType, front
from livrables.document.nodes import Column, DataNode, Group, Items, Note, Paragraph, Table, bullets
from livrables.i18n import is_source, t

ROLES = {"R": "Réalise", "A": "Approuve, rend compte", "C": "Consulté", "I": "Informé"}


class BesoinFormation(Model):
    public: Texte
    besoin: Texte
    modalite: str | None = None
    echeance: Date | None = None


class RetoursService(Model):
    service: Annotated[Id, Ref("services")]
    retours: list[Texte] = []  # what the service expects from the strategy
    objectifs: list[Texte] = []  # its own objectives the strategy serves


class PlanActionsFront(FrontMatter):
    type: Literal["plan-actions"]
    service_pilote: Annotated[Id, Ref("services")]
    missions_pilote: list[Texte] = []
    besoins_formation: list[BesoinFormation] = []
    retours_services: list[RetoursService] = []


TYPES = frozenset({"plan-actions"})


class ServicePiloteBlock(Block):
    name: ClassVar[str] = "service-pilote"
    types: ClassVar[frozenset[str]] = TYPES

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        f = front(ctx, PlanActionsFront)
        service = ctx.ref.get(f.service_pilote, Service)
        where = f" ({service.direction})" if service.direction else ""
        nodes: list[DataNode] = [Paragraph(service.nom + where, label="Service pilote :")]
        if f.missions_pilote:
            nodes += [Paragraph("Ses missions :"), Items(list(f.missions_pilote))]
        return nodes


class RaciBlock(Block):
    """The roles matrix: one row per action, one column per service involved."""

    name: ClassVar[str] = "raci"

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        actions = [a for a in ctx.ref.of(Action) if a.contributeurs]
        if not actions:
            return [Note("Aucune répartition des rôles n’est encore définie.")]
        involved = {c.service for a in actions for c in a.contributeurs}
        services = [s for s in ctx.ref.services if s.id in involved]
        columns = [Column("Action", 1.8)] + [
            Column(s.court, 4.6 / max(len(services), 1), "center") for s in services
        ]
        rows = []
        for action in actions:
            roles: dict[str, list[str]] = {}
            for c in action.contributeurs:
                roles.setdefault(c.service, []).append(c.role)
            rows.append([action.intitule] + ["/".join(roles.get(s.id, [])) for s in services])
        legend = " ; ".join(f"{k} : {v}" for k, v in ROLES.items())
        return [
            Table(columns, rows, kind=self.name, header_column=True, landscape=len(services) > 6),
            Paragraph(legend, label="Légende :"),
        ]


class PlanBlock(Block):
    """The actions table, grouped by the objective each action serves first."""

    name: ClassVar[str] = "plan-actions"
    options: ClassVar[dict[str, str | None]] = {"objectif": "objectifs"}

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        ref = ctx.ref
        only = args.values.get("objectif")
        actions = [a for a in ref.of(Action) if only is None or only in a.objectifs]
        if not actions:
            return [Note("Aucune action n’est encore inscrite au plan.")]
        rows: list[list[str] | Group] = []
        placed: set[str] = set()
        for objectif in ref.action_groups():
            group = [a for a in actions if a.id not in placed and ref.serves(a, objectif.id)]
            if group:
                rows.append(Group(objectif.intitule))
                rows += [self._row(a, ref) for a in group]
                placed.update(a.id for a in group)
        orphans = [a for a in actions if a.id not in placed]
        if orphans:
            rows.append(Group("Actions non rattachées à un objectif"))
            rows += [self._row(a, ref) for a in orphans]
        columns = [
            Column("Action", 2.0),
            Column("Pilote et partenaires", 1.5),
            Column("Période", 0.9),
            Column("Budget et financements", 1.8),
            Column("Indicateurs", 1.3),
            Column("Statut", 0.7, "center"),
        ]
        return [Table(columns, rows, kind=self.name, landscape=True)]

    def _row(self, action: Action, ref: Referentiel) -> list[str]:
        who = ref.get(action.pilote, Service).court if action.pilote else t("pilote à désigner")
        if action.partenaires:
            who += "\n" + t("avec") + " " + ", ".join(ref.name_of(p) for p in action.partenaires)
        money = euros(action.budget)
        if action.financements:
            colon = " :" if is_source() else ":"
            money += (
                t(", dont :")
                + "\n"
                + bullets([f"{f.source}{colon} {euros(f.montant)}" for f in action.financements])
            )
        indicators = bullets([i.intitule for i in ref.indicateurs if i.action == action.id])
        return [
            action.intitule,
            who,
            period(action.debut, action.fin),
            money,
            indicators,
            LIBELLES_STATUT_ACTION[action.statut],
        ]


class BesoinsFormationBlock(Block):
    name: ClassVar[str] = "besoins-formation"
    types: ClassVar[frozenset[str]] = TYPES

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        besoins = front(ctx, PlanActionsFront).besoins_formation
        if not besoins:
            return [Note("Aucun besoin de formation n’est encore identifié.")]
        rows = [
            [b.public, b.besoin, b.modalite or "—", month(b.echeance) if b.echeance else "—"]
            for b in besoins
        ]
        columns = [
            Column("Public", 1.3),
            Column("Besoin", 2.2),
            Column("Modalité", 1.3),
            Column("Échéance", 0.8),
        ]
        return [Table(columns, rows, kind=self.name)]


class RetoursServicesBlock(Block):
    name: ClassVar[str] = "retours-services"
    types: ClassVar[frozenset[str]] = TYPES

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        retours = front(ctx, PlanActionsFront).retours_services
        if not retours:
            return [
                Note(
                    "Les retours attendus par chaque service restent à recueillir.",
                    todo="ajoutez « retours_services: » à l’en-tête",
                )
            ]

        rows = [
            [ctx.ref.name_of(r.service), bullets(r.retours), bullets(r.objectifs)] for r in retours
        ]
        columns = [
            Column("Service", 1.2),
            Column("Ce qu’il attend de la stratégie", 2.0),
            Column("Ses objectifs que la stratégie sert", 2.0),
        ]
        return [Table(columns, rows, kind=self.name, header_column=True)]


SKELETON = """---
type: plan-actions
titre: Plan d'actions de la stratégie internationale
statut: brouillon
diffusion: client
service_pilote: SRV-DG
missions_pilote:
  - coordonner la mise en œuvre de la stratégie
besoins_formation: []
# Exemple (enlevez les « # », et la ligne « besoins_formation: [] ») :
# besoins_formation:
#   - public: Agents du service pilote
#     besoin: Monter un dossier de cofinancement
#     modalite: Formation du réseau régional
retours_services: []
# Exemple (enlevez les « # », et la ligne « retours_services: [] ») :
# retours_services:
#   - service: SRV-DG
#     retours: [un calendrier partagé des actions]
---

# Le service pilote

::: service-pilote
:::

# Qui fait quoi

::: raci
:::

# Les actions

::: plan-actions
:::

# Les besoins de formation

::: besoins-formation
:::

# Ce que chaque service attend de la stratégie

::: retours-services
:::
"""

PLAN_ACTIONS = DeliverableType(
    name="plan-actions",
    label="Plan d’actions",
    module=MODULE_LABELS["structurer"],
    front_matter=PlanActionsFront,
    skeleton=SKELETON,
    blocks=(
        ServicePiloteBlock(),
        RaciBlock(),
        PlanBlock(),
        BesoinsFormationBlock(),
        RetoursServicesBlock(),
    ),
)
