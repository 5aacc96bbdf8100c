"""`formation` (module 1): a training or awareness session, ready to run.

Learning objectives, prerequisites, the programme with times and methods, an attendance sheet
per half-day ready to print and sign, and the end-of-session ("à chaud") evaluation form.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from livrables.blocks.base import Block, BlockArgs, BlockContext
from livrables.blocks.formats import day, hour
from livrables.content.models import MODULE_LABELS, Booleen, Date, FrontMatter, Heure, Model, Texte
from livrables.deliverables.base import DeliverableType, front
from livrables.document.nodes import Column, DataNode, Heading, Items, PageBreak, Paragraph, Table
from livrables.i18n import t, tf

NOON = "13:00"


class Sequence(Model):
    debut: Heure
    fin: Heure
    sequence: Texte
    methode: str | None = None
    contenu: str | None = None

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Sequence:
        if self.fin <= self.debut:
            raise ValueError(
                f"la séquence finit ({self.fin}) avant de commencer ({self.debut}) : vérifiez "
                "debut: et fin:"
            )
        return self


class Participant(Model):
    nom: Texte
    fonction: str | None = None


class Session(Model):
    date: Date
    lieu: Texte
    formateurs: Annotated[list[Texte], Field(min_length=1)]


class QuestionEvaluation(Model):
    question: Texte
    ouverte: Booleen = False


OPEN_WORDS = re.compile(
    r"^(quel|quelle|quels|quelles|qu['’]|que |quoi|comment|pourquoi|où|combien|en quoi|"
    r"lesquel|décrivez|citez|précisez)",
    re.IGNORECASE,
)


def is_open(question: str | QuestionEvaluation) -> bool:
    """An open question asks for words, not for a degree of agreement."""
    if isinstance(question, QuestionEvaluation):
        return question.ouverte or OPEN_WORDS.match(question.question) is not None
    return OPEN_WORDS.match(question) is not None


def _text(question: str | QuestionEvaluation) -> str:
    return question.question if isinstance(question, QuestionEvaluation) else question


class FormationFront(FrontMatter):
    type: Literal["formation"]
    session: Session
    public: Texte
    objectifs_pedagogiques: Annotated[list[Texte], Field(min_length=1)]
    prerequis: list[Texte] = []
    programme: Annotated[list[Sequence], Field(min_length=1)]
    participants: list[Participant] = []
    lignes_vierges: Annotated[int, Field(ge=0, le=60)] = 5
    # added to the standard "à chaud" questions; an open one ("Quelles …", or `ouverte: oui`)
    # gets space to write, the others the agreement scale
    questions_evaluation: list[Texte | QuestionEvaluation] = []


def half_days(programme: list[Sequence]) -> list[tuple[str, str, str]]:
    """(label, start, end) of each half-day the programme covers: morning and afternoon."""
    result = []
    morning = [s for s in programme if s.debut < NOON]
    afternoon = [s for s in programme if s.debut >= NOON]
    for label, part in (("matin", morning), ("après-midi", afternoon)):
        if part:
            result.append((label, min(s.debut for s in part), max(s.fin for s in part)))
    return result


class ObjectifsPedagogiquesBlock(Block):
    name: ClassVar[str] = "objectifs-pedagogiques"
    types: ClassVar[frozenset[str]] = frozenset({"formation"})

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        f = front(ctx, FormationFront)
        nodes: list[DataNode] = [
            Paragraph("À l’issue de la session, les participants seront capables de :"),
            Items(list(f.objectifs_pedagogiques)),
            Paragraph(f.public, label="Public :"),
        ]
        if f.prerequis:
            nodes.append(Paragraph("", label="Prérequis :"))
            nodes.append(Items(list(f.prerequis)))
        else:
            nodes.append(Paragraph("aucun.", label="Prérequis :"))
        return nodes


class ProgrammeBlock(Block):
    name: ClassVar[str] = "programme"
    types: ClassVar[frozenset[str]] = frozenset({"formation"})

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        f = front(ctx, FormationFront)
        session = f.session
        rows: list[list[str]] = []
        columns = [
            Column("Horaire", 0.9),
            Column("Séquence", 2.4),
            Column("Méthode pédagogique", 1.5),
        ]
        for s in f.programme:
            text = s.sequence + (f"\n{s.contenu}" if s.contenu else "")
            rows.append([f"{hour(s.debut)} – {hour(s.fin)}", text, s.methode or "—"])
        return [
            Paragraph(
                f"{day(session.date)}, {session.lieu}. "
                + tf("Animation : {noms}.", noms=", ".join(session.formateurs)),
                label="Session :",
            ),
            Table(columns, rows, kind=self.name),
        ]


class EmargementBlock(Block):
    """One sheet per half-day, each on its own page: names printed, blank lines to add more."""

    name: ClassVar[str] = "emargement"
    types: ClassVar[frozenset[str]] = frozenset({"formation"})

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        f = front(ctx, FormationFront)
        nodes: list[DataNode] = []
        columns = [
            Column("Nom et prénom", 2.0),
            Column("Fonction, structure", 2.0),
            Column("Signature", 1.6),
        ]
        for label, start, end in half_days(f.programme):
            rows = [[p.nom, p.fonction or "", ""] for p in f.participants]
            rows += [["", "", ""] for _ in range(f.lignes_vierges)]
            nodes += [
                PageBreak(),
                Heading(f"{t('Feuille d’émargement')} — {t(label)}"),
                Paragraph(f.titre, label="Formation :"),
                Paragraph(
                    tf(
                        "{jour}, de {debut} à {fin}",
                        jour=day(f.session.date),
                        debut=hour(start),
                        fin=hour(end),
                    )
                    + f" — {f.session.lieu}",
                    label="Date et horaires :",
                ),
                Table(columns, rows, kind=self.name, row_height_cm=1.1),
                Table(
                    [Column("Formateur ou formatrice", 2.0), Column("Signature", 1.6)],
                    [[name, ""] for name in f.session.formateurs],
                    kind=self.name,
                    row_height_cm=1.1,
                ),
            ]
        return nodes


STANDARD_QUESTIONS = [
    "Les objectifs annoncés ont-ils été atteints ?",
    "Le contenu correspondait-il à vos besoins ?",
    "Les méthodes et supports vous ont-ils aidé à comprendre ?",
    "L’animation a-t-elle favorisé les échanges ?",
    "Saurez-vous utiliser ces acquis dans votre fonction ?",
]
SCALE = ["Pas du tout", "Plutôt non", "Plutôt oui", "Tout à fait"]


class EvaluationBlock(Block):
    """The "à chaud" form, filled in at the end of the session (reaction and learning)."""

    name: ClassVar[str] = "evaluation-a-chaud"
    types: ClassVar[frozenset[str]] = frozenset({"formation"})

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        f = front(ctx, FormationFront)
        asked = [*STANDARD_QUESTIONS, *f.questions_evaluation]
        questions = [_text(q) for q in asked if not is_open(q)]
        columns = [Column("Question", 3.2)] + [Column(s, 0.8, "center") for s in SCALE]
        rows = [[q, "□", "□", "□", "□"] for q in questions]  # in the brand font
        written = [[_text(q), ""] for q in asked if is_open(q)]
        open_questions = Table(
            [Column("Question ouverte", 1.2), Column("Votre réponse", 2.8)],
            [["Ce que je retiens", ""], ["Ce qui pourrait être amélioré", ""], *written],
            kind=self.name,
            row_height_cm=2.5,
            header_column=True,
        )
        return [
            PageBreak(),
            Heading("Évaluation à chaud"),
            Paragraph(f"{f.titre} — {day(f.session.date)}", label="Session :"),
            Paragraph("Cochez une case par ligne.", label="Consigne :"),
            Table(columns, rows, kind=self.name, header_column=True),
            open_questions,
            Paragraph(
                "Une évaluation « à froid » vous sera proposée environ trois mois après la "
                "session, pour mesurer ce que vous avez mis en pratique."
            ),
        ]


SKELETON = """---
type: formation
titre: Sensibilisation à l'action internationale des collectivités
statut: brouillon
diffusion: client
session:
  date: 2027-01-15
  lieu: Lieu à préciser
  formateurs: [Nom du formateur à préciser]
public: Élus et agents de la collectivité
objectifs_pedagogiques:
  - situer l'action internationale des collectivités dans son cadre juridique
  - distinguer les formes d'action (coopération décentralisée, jumelage, aide humanitaire ...)
prerequis: []
# Exemple (enlevez les « # », et la ligne « prerequis: [] ») :
# prerequis: [connaître les compétences de la collectivité]
programme:
  - debut: "09:00"
    fin: "09:30"
    sequence: Accueil et attentes des participants
    methode: Tour de table
  - debut: "09:30"
    fin: "12:30"
    sequence: Le cadre de l'action internationale des collectivités
    methode: Apports et échanges
participants: []
# Exemple (enlevez les « # », et la ligne « participants: [] ») :
# participants:
#   - nom: Prénom Nom
#     fonction: Élu délégué aux relations internationales
lignes_vierges: 10
---

# Objectifs et public

::: objectifs-pedagogiques
:::

# Programme

::: programme
:::

# Contenu

Remplacez ce texte par le contenu de la session : les notions, les exemples, les ressources.

::: emargement
:::

::: evaluation-a-chaud
:::
"""

FORMATION = DeliverableType(
    name="formation",
    label="Formation",
    module=MODULE_LABELS["comprendre"],
    front_matter=FormationFront,
    skeleton=SKELETON,
    blocks=(ObjectifsPedagogiquesBlock(), ProgrammeBlock(), EmargementBlock(), EvaluationBlock()),
)
