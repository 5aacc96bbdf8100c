"""`cadre-evaluation` (module 5): evaluation questions by OECD DAC criterion, the logical
framework, the indicators and how monitoring is organised."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from livrables.blocks.base import Block, BlockArgs, BlockContext
from livrables.content.entities import Action, CritereCAD, Indicateur, Objectif
from livrables.content.models import MODULE_LABELS, FrontMatter, Id, Model, Ref, Texte
from livrables.content.referentiel import Referentiel
from livrables.deliverables.base import DeliverableType, front
from livrables.document.nodes import Column, DataNode, Group, Note, Table, bullets

CRITERES: dict[str, str] = {
    "pertinence": "Pertinence",
    "coherence": "Cohérence",
    "efficacite": "Efficacité",
    "efficience": "Efficience",
    "impact": "Impact",
    "viabilite": "Viabilité",
}


class QuestionEvaluative(Model):
    critere: CritereCAD
    question: Texte
    indicateurs: Annotated[list[Id], Ref("indicateurs")] = []


class Suivi(Model):
    quoi: Texte
    qui: Texte
    quand: Texte
    comment: str | None = None


class CadreEvaluationFront(FrontMatter):
    type: Literal["cadre-evaluation"]
    questions: list[QuestionEvaluative] = []
    suivi: list[Suivi] = []


TYPES = frozenset({"cadre-evaluation"})


class QuestionsBlock(Block):
    name: ClassVar[str] = "questions-evaluatives"
    types: ClassVar[frozenset[str]] = TYPES

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        questions = front(ctx, CadreEvaluationFront).questions
        if not questions:
            return [
                Note(
                    "Les questions évaluatives restent à formuler.",
                    todo="ajoutez « questions: » à l’en-tête",
                )
            ]
        rows: list[list[str] | Group] = []
        for critere, label in CRITERES.items():
            group = [q for q in questions if q.critere == critere]
            if group:
                rows.append(Group(label))
                rows += [
                    [q.question, bullets([ctx.ref.name_of(i) for i in q.indicateurs])]
                    for q in group
                ]
        columns = [Column("Question évaluative", 2.4), Column("Indicateurs mobilisés", 2.0)]
        return [Table(columns, rows, kind=self.name)]


class CadreLogiqueBlock(Block):
    """Global objective, specific objectives, results, activities: each with its indicators,
    sources of verification and assumptions."""

    name: ClassVar[str] = "cadre-logique"

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        ref = ctx.ref
        objectifs = ref.objectifs
        if not objectifs:
            return [Note("Le cadre logique se construit à partir des objectifs du référentiel.")]
        rows: list[list[str]] = []
        for top in [o for o in objectifs if o.parent is None]:
            rows.append(self._row("Objectif global", top, ref))
            for specific in [o for o in objectifs if o.parent == top.id]:
                rows.append(self._row("Objectif spécifique", specific, ref))
                results = [o for o in objectifs if o.parent == specific.id]
                rows += [self._row("Résultat", r, ref) for r in results]
                served = {specific.id, *(r.id for r in results)}
                for action in ref.of(Action):
                    if served & set(action.objectifs):
                        rows.append(self._activity(action, ref))
        columns = [
            Column("Niveau", 0.8),
            Column("Logique d’intervention", 2.0),
            Column("Indicateurs", 1.6),
            Column("Sources de vérification", 1.3),
            Column("Hypothèses", 1.3),
        ]
        return [Table(columns, rows, kind=self.name, header_column=True)]

    def _row(self, level: str, objectif: Objectif, ref: Referentiel) -> list[str]:
        indicators = [i for i in ref.of(Indicateur) if i.objectif == objectif.id]
        return [
            level,
            objectif.intitule,
            bullets([i.intitule for i in indicators]),
            bullets([i.source for i in indicators if i.source]),
            bullets(objectif.hypotheses),
        ]

    def _activity(self, action: Action, ref: Referentiel) -> list[str]:
        indicators = [i for i in ref.of(Indicateur) if i.action == action.id]
        return [
            "Activité",
            action.intitule,
            bullets([i.intitule for i in indicators]),
            bullets([i.source for i in indicators if i.source]),
            "—",
        ]


class DispositifSuiviBlock(Block):
    name: ClassVar[str] = "dispositif-suivi"
    types: ClassVar[frozenset[str]] = TYPES

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        suivi = front(ctx, CadreEvaluationFront).suivi
        if not suivi:
            return [
                Note(
                    "Le dispositif de suivi reste à définir.", todo="ajoutez « suivi: » à l’en-tête"
                )
            ]
        rows = [[s.quoi, s.qui, s.quand, s.comment or ""] for s in suivi]
        columns = [
            Column("Quoi", 1.6),
            Column("Qui", 1.2),
            Column("Quand", 1.0),
            Column("Comment", 1.8),
        ]
        return [Table(columns, rows, kind=self.name)]


SKELETON = """---
type: cadre-evaluation
titre: Cadre d'évaluation de la stratégie internationale
statut: brouillon
diffusion: client
questions:
  - critere: pertinence
    question: La stratégie répond-elle aux besoins du territoire et de ses partenaires ?
suivi:
  - quoi: Tableau de bord des indicateurs
    qui: Service pilote
    quand: Chaque semestre
---

# Les questions évaluatives

::: questions-evaluatives
:::

# Le cadre logique

::: cadre-logique
:::

# Les indicateurs

::: indicateurs
:::

# Le dispositif de suivi

::: dispositif-suivi
:::
"""

CADRE_EVALUATION = DeliverableType(
    name="cadre-evaluation",
    label="Cadre d’évaluation",
    module=MODULE_LABELS["evaluer"],
    front_matter=CadreEvaluationFront,
    skeleton=SKELETON,
    blocks=(QuestionsBlock(), CadreLogiqueBlock(), DispositifSuiviBlock()),
)
