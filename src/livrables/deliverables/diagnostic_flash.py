"""`diagnostic-flash` (module 1): the territory's profile, what it already does abroad, who acts,
whom we met, its AFOM (SWOT), the key questions and the recommendations that seed the strategy.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from livrables.blocks.base import Block, BlockArgs, BlockContext
from livrables.blocks.formats import euros
from livrables.content.entities import (
    LIBELLES_CATEGORIE,
    LIBELLES_TYPE_ACTION,
    Acteur,
    ActionExistante,
)
from livrables.content.models import MODULE_LABELS, Date, FrontMatter, Id, Model, Ref, Texte
from livrables.deliverables.base import DeliverableType, front
from livrables.document.nodes import Column, DataNode, Group, Items, Note, Table, bullets
from livrables.document.typography import format_date
from livrables.i18n import t, tf


class Donnee(Model):
    libelle: Texte
    valeur: Texte
    source: str | None = None


class Entretien(Model):
    date: Date
    interlocuteur: Texte  # a role, not necessarily a name: "directrice du lycée agricole"
    organisation: Annotated[Id | None, Ref("acteurs", "services", "territoires")] = None
    theme: str | None = None


class Afom(Model):
    atouts: list[Texte] = []
    faiblesses: list[Texte] = []
    opportunites: list[Texte] = []
    menaces: list[Texte] = []


class Recommandation(Model):
    texte: Texte
    objectif: Annotated[Id | None, Ref("objectifs")] = None  # the objective it seeded


class DiagnosticFront(FrontMatter):
    type: Literal["diagnostic-flash"]
    profil: list[Donnee] = []
    entretiens: list[Entretien] = []
    afom: Afom = Afom()
    questions_cles: list[Texte] = []
    recommandations: list[Recommandation] = []


TYPES = frozenset({"diagnostic-flash"})


class ProfilBlock(Block):
    name: ClassVar[str] = "profil"
    types: ClassVar[frozenset[str]] = TYPES

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        f = front(ctx, DiagnosticFront)
        if not f.profil:
            return [
                Note(
                    "Le profil du territoire reste à renseigner.",
                    todo="ajoutez « profil: » à l’en-tête",
                )
            ]
        rows = [[d.libelle, d.valeur, d.source or ""] for d in f.profil]
        columns = [Column("Donnée", 1.4), Column("Valeur", 1.4), Column("Source", 1.6)]
        return [Table(columns, rows, kind=self.name, header_column=True)]


class InventaireBlock(Block):
    """Existing international actions, grouped by type."""

    name: ClassVar[str] = "inventaire"

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        ref = ctx.ref
        actions = ref.of(ActionExistante)
        if not actions:
            return [Note("Aucune action internationale n’est encore recensée.")]
        rows: list[list[str] | Group] = []
        for kind, label in LIBELLES_TYPE_ACTION.items():
            group = [a for a in actions if a.type == kind]
            if not group:
                continue
            rows.append(Group(f"{t(label)} ({len(group)})"))
            for a in group:
                where = ref.name_of(a.territoire) if a.territoire else "—"
                who = ref.name_of(a.porteur) if a.porteur else "—"
                since = tf("depuis {annee}", annee=a.depuis) if a.depuis else ""
                rows.append(
                    [
                        a.intitule + (f"\n{a.description}" if a.description else ""),
                        where,
                        who,
                        "oui" if a.convention else "non",
                        "\n".join(
                            x
                            for x in (euros(a.budget_annuel) if a.budget_annuel else "", since)
                            if x
                        )
                        or "—",
                    ]
                )
        columns = [
            Column("Action", 2.4),
            Column("Territoire partenaire", 1.2),
            Column("Porteur", 1.2),
            Column("Convention", 0.8, "center"),
            Column("Budget annuel", 1.0, "right"),
        ]
        return [Table(columns, rows, kind=self.name)]


class ActeursBlock(Block):
    """The actors of the territory, by category: who could carry international action."""

    name: ClassVar[str] = "acteurs"
    options: ClassVar[dict[str, str | None]] = {"echelle": None}

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        scale = args.values.get("echelle")
        acteurs = [a for a in ctx.ref.of(Acteur) if scale is None or a.echelle == scale]
        if not acteurs:
            return [Note("Aucun acteur n’est encore recensé.")]
        rows: list[list[str] | Group] = []
        for category, label in LIBELLES_CATEGORIE.items():
            group = [a for a in acteurs if a.categorie == category]
            if group:
                rows.append(Group(label))
                rows += [[a.nom, a.description or "", ", ".join(a.domaines)] for a in group]
        columns = [
            Column("Acteur", 1.4),
            Column("Rôle et engagement", 2.4),
            Column("Domaines", 1.2),
        ]
        return [Table(columns, rows, kind=self.name)]


class EntretiensBlock(Block):
    name: ClassVar[str] = "entretiens"
    types: ClassVar[frozenset[str]] = TYPES

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        f = front(ctx, DiagnosticFront)
        if not f.entretiens:
            return [Note("Aucun entretien n’est encore consigné.")]
        rows = [
            [
                format_date(e.date),
                e.interlocuteur,
                ctx.ref.name_of(e.organisation) if e.organisation else "—",
                e.theme or "",
            ]
            for e in sorted(f.entretiens, key=lambda e: e.date)
        ]
        columns = [
            Column("Date", 0.9),
            Column("Interlocuteur", 1.4),
            Column("Structure", 1.4),
            Column("Thèmes abordés", 2.0),
        ]
        return [Table(columns, rows, kind=self.name)]


class AfomBlock(Block):
    """The AFOM (SWOT) matrix: internal strengths and weaknesses on top, external
    opportunities and threats below."""

    name: ClassVar[str] = "afom"
    types: ClassVar[frozenset[str]] = TYPES

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        afom = front(ctx, DiagnosticFront).afom

        internal = [Column("Atouts (internes)", 1.0), Column("Faiblesses (internes)", 1.0)]
        external = [Column("Opportunités (externes)", 1.0), Column("Menaces (externes)", 1.0)]
        return [
            Table(internal, [[bullets(afom.atouts), bullets(afom.faiblesses)]], kind=self.name),
            Table(external, [[bullets(afom.opportunites), bullets(afom.menaces)]], kind=self.name),
        ]


class QuestionsClesBlock(Block):
    name: ClassVar[str] = "questions-cles"
    types: ClassVar[frozenset[str]] = TYPES

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        questions = front(ctx, DiagnosticFront).questions_cles
        return (
            [Items(list(questions), ordered=True)]
            if questions
            else [
                Note(
                    "Les questions clés restent à formuler.",
                    todo="ajoutez « questions_cles: » à l’en-tête",
                )
            ]
        )


class RecommandationsBlock(Block):
    name: ClassVar[str] = "recommandations"
    types: ClassVar[frozenset[str]] = TYPES

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        recommandations = front(ctx, DiagnosticFront).recommandations
        if not recommandations:
            return [
                Note(
                    "Les recommandations restent à formuler.",
                    todo="ajoutez « recommandations: » à l’en-tête",
                )
            ]
        rows = [
            [str(i), r.texte, ctx.ref.name_of(r.objectif) if r.objectif else "—"]
            for i, r in enumerate(recommandations, 1)
        ]
        columns = [
            Column("N°", 0.3, "center"),
            Column("Recommandation", 2.6),
            Column("Objectif de la stratégie qu’elle prépare", 1.6),
        ]
        return [Table(columns, rows, kind=self.name)]


SKELETON = """---
type: diagnostic-flash
titre: Diagnostic flash de l'action internationale
statut: brouillon
diffusion: client
profil:
  - libelle: Population
    valeur: à compléter
    source: INSEE
entretiens: []
# Exemple (enlevez les « # », et la ligne « entretiens: [] ») :
# entretiens:
#   - date: 2027-01-12
#     interlocuteur: Directrice générale des services
#     organisation: SRV-DG
#     theme: Les coopérations en cours
afom:
  atouts: [à compléter]
  faiblesses: [à compléter]
  opportunites: [à compléter]
  menaces: [à compléter]
questions_cles:
  - Quelle place l'action internationale doit-elle tenir dans le projet de territoire ?
recommandations: []
# Exemple (enlevez les « # », et la ligne « recommandations: [] ») :
# recommandations:
#   - texte: Désigner un service pilote de l'action internationale
#     objectif: OBJ-1
---

# Profil du territoire

::: profil
:::

# Les actions internationales existantes

::: inventaire
:::

# Les acteurs du territoire

::: acteurs
:::

# Les entretiens menés

::: entretiens
:::

# Atouts, faiblesses, opportunités, menaces

::: afom
:::

# Les questions clés

::: questions-cles
:::

# Recommandations

::: recommandations
:::
"""

DIAGNOSTIC_FLASH = DeliverableType(
    name="diagnostic-flash",
    label="Diagnostic flash",
    module=MODULE_LABELS["comprendre"],
    front_matter=DiagnosticFront,
    skeleton=SKELETON,
    blocks=(
        ProfilBlock(),
        InventaireBlock(),
        ActeursBlock(),
        EntretiensBlock(),
        AfomBlock(),
        QuestionsClesBlock(),
        RecommandationsBlock(),
    ),
)
