"""`kit-relations` (module 4): partners here, resource persons there, the first steps, the first
meeting's agenda and the roadmap agreed with the partners."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from livrables.blocks.base import Block, BlockArgs, BlockContext
from livrables.blocks.formats import day, hour, month
from livrables.content.entities import LIBELLES_CATEGORIE, Acteur, Personne
from livrables.content.models import MODULE_LABELS, Date, FrontMatter, Heure, Id, Model, Ref, Texte
from livrables.deliverables.base import DeliverableType, front
from livrables.document.nodes import Column, DataNode, Group, Note, Paragraph, Table
from livrables.document.typography import format_date


class PremierPas(Model):
    etape: Texte
    responsable: Texte
    echeance: Date | None = None
    contact: Annotated[Id | None, Ref("personnes", "acteurs")] = None


class PointOrdreDuJour(Model):
    horaire: Heure
    point: Texte
    intervenant: str | None = None


class Rencontre(Model):
    date: Date
    lieu: Texte
    objet: Texte
    participants: Annotated[list[Id], Ref("personnes", "acteurs", "services", "territoires")] = []
    ordre_du_jour: list[PointOrdreDuJour] = []


class EtapeFeuilleDeRoute(Model):
    action: Texte
    responsable: Texte
    echeance: Date


class KitRelationsFront(FrontMatter):
    type: Literal["kit-relations"]
    premiers_pas: list[PremierPas] = []
    rencontre: Rencontre | None = None
    feuille_de_route: list[EtapeFeuilleDeRoute] = []


TYPES = frozenset({"kit-relations"})
SCALES = {
    "local": "Partenaires locaux",
    "regional": "Partenaires régionaux",
    "national": "Partenaires nationaux",
    "international": "Partenaires internationaux",
}


class PartenairesBlock(Block):
    """Partners to mobilise, from the local to the national level."""

    name: ClassVar[str] = "partenaires"

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        acteurs = ctx.ref.of(Acteur)
        if not acteurs:
            return [Note("Aucun partenaire n’est encore identifié.")]
        rows: list[list[str] | Group] = []
        for scale, label in SCALES.items():
            group = [a for a in acteurs if a.echelle == scale]
            if group:
                rows.append(Group(label))
                rows += [
                    [a.nom, LIBELLES_CATEGORIE[a.categorie], a.description or "", a.site or ""]
                    for a in group
                ]
        columns = [
            Column("Partenaire", 1.4),
            Column("Catégorie", 1.0),
            Column("Ce qu’il peut apporter", 2.2),
            Column("Site", 1.0),
        ]
        return [Table(columns, rows, kind=self.name)]


class PersonnesRessourcesBlock(Block):
    """Resource persons, by partner territory; their contact details are personal data."""

    name: ClassVar[str] = "personnes-ressources"
    options: ClassVar[dict[str, str | None]] = {"territoire": "territoires"}

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        only = args.values.get("territoire")
        personnes = [p for p in ctx.ref.of(Personne) if only is None or p.territoire == only]
        if not personnes:
            return [Note("Aucune personne ressource n’est encore identifiée.")]
        rows = []
        for p in personnes:
            where = ctx.ref.name_of(p.organisation) if p.organisation else ""
            if p.territoire:
                where += ("\n" if where else "") + ctx.ref.name_of(p.territoire)
            contact = "\n".join(c for c in (p.email, p.telephone) if c) or "—"
            rows.append([p.nom, p.fonction, where or "—", contact])
        columns = [
            Column("Personne", 1.0),
            Column("Fonction", 1.4),
            Column("Structure et territoire", 1.4),
            Column("Contact", 2.0),
        ]
        return [
            Table(columns, rows, kind=self.name),
            Note(
                "Données personnelles : à n’utiliser que pour la mise en relation prévue par "
                "la mission, et à supprimer à l’échéance de conservation."
            ),
        ]


class PremiersPasBlock(Block):
    name: ClassVar[str] = "premiers-pas"
    types: ClassVar[frozenset[str]] = TYPES

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        steps = front(ctx, KitRelationsFront).premiers_pas
        if not steps:
            return [
                Note(
                    "Les premiers pas restent à définir.",
                    todo="ajoutez « premiers_pas: » à l’en-tête",
                )
            ]
        rows = [
            [
                str(i),
                s.etape,
                s.responsable,
                ctx.ref.name_of(s.contact) if s.contact else "—",
                format_date(s.echeance) if s.echeance else "—",
            ]
            for i, s in enumerate(steps, 1)
        ]
        columns = [
            Column("", 0.3, "center"),
            Column("Étape", 2.2),
            Column("Qui s’en charge", 1.2),
            Column("Contact", 1.2),
            Column("Quand", 0.9),
        ]
        return [Table(columns, rows, kind=self.name)]


class OrdreDuJourBlock(Block):
    name: ClassVar[str] = "ordre-du-jour"
    types: ClassVar[frozenset[str]] = TYPES

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        meeting = front(ctx, KitRelationsFront).rencontre
        if meeting is None:
            return [
                Note(
                    "La première rencontre reste à organiser.",
                    todo="ajoutez « rencontre: » à l’en-tête (date, lieu, objet)",
                )
            ]
        nodes: list[DataNode] = [
            Paragraph(meeting.objet, label="Objet :"),
            Paragraph(f"{day(meeting.date)}, {meeting.lieu}", label="Date et lieu :"),
        ]
        if meeting.participants:
            names = ", ".join(ctx.ref.name_of(p) for p in meeting.participants)
            nodes.append(Paragraph(names, label="Participants :"))
        rows = [[hour(p.horaire), p.point, p.intervenant or ""] for p in meeting.ordre_du_jour]
        if rows:
            columns = [Column("Horaire", 0.7), Column("Point", 2.6), Column("Intervenant", 1.4)]
            nodes.append(Table(columns, rows, kind=self.name))
        return nodes


class FeuilleDeRouteBlock(Block):
    name: ClassVar[str] = "feuille-de-route"
    types: ClassVar[frozenset[str]] = TYPES

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        steps = sorted(front(ctx, KitRelationsFront).feuille_de_route, key=lambda s: s.echeance)
        if not steps:
            return [Note("La feuille de route commune sera établie lors de la première rencontre.")]
        rows = [[month(s.echeance), s.action, s.responsable] for s in steps]
        columns = [Column("Échéance", 0.8), Column("Action", 2.6), Column("Responsable", 1.4)]
        return [Table(columns, rows, kind=self.name)]


SKELETON = """---
type: kit-relations
titre: Kit de mise en relation
statut: brouillon
diffusion: client
premiers_pas: []
# Exemple (enlevez les « # », et la ligne « premiers_pas: [] ») :
# premiers_pas:
#   - etape: Adhérer au réseau régional multi-acteurs
#     responsable: Service pilote
#     echeance: 2027-03-15
feuille_de_route: []
# Exemple (enlevez les « # », et la ligne « feuille_de_route: [] ») :
# feuille_de_route:
#   - action: Signer la convention de coopération
#     responsable: Les deux collectivités
#     echeance: 2027-06-30
---

# Les partenaires à mobiliser

::: partenaires
:::

# Les personnes ressources

::: personnes-ressources
:::

# Les premiers pas

::: premiers-pas
:::

# La première rencontre

::: ordre-du-jour
:::

# La feuille de route commune

::: feuille-de-route
:::
"""

KIT_RELATIONS = DeliverableType(
    name="kit-relations",
    label="Kit relations",
    module=MODULE_LABELS["relations"],
    front_matter=KitRelationsFront,
    skeleton=SKELETON,
    blocks=(
        PartenairesBlock(),
        PersonnesRessourcesBlock(),
        PremiersPasBlock(),
        OrdreDuJourBlock(),
        FeuilleDeRouteBlock(),
    ),
)
