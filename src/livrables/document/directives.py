"""The `::: name options` directives: their grammar, the boxes of Markdown, and their options.

A box holds the consultant's own Markdown under a title (or none), with a Word style and a CSS
class; the communication kit's pieces are boxes too, ready-to-copy text. Any other name is a
block drawn from the referential (`blocks/`, `deliverables/`), or `sommaire`.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from livrables.i18n import t, tf


@dataclass(frozen=True)
class Container:
    title: str  # "" for none
    style: str  # Word paragraph style of its content; its title uses style + "Titre"
    css: str
    count: bool = False  # show the length of the text (social posts)


INTERNE = "interne"
NOTES = "notes"  # a slide's speaker notes: internal unless the deck says `notes: client`
COLONNES = "colonnes"  # a slide in two columns, split at `---` or at its `###` headings
DIAPORAMA = "diaporama"  # the type of slide decks
SLIDE_BOXES = frozenset({NOTES, COLONNES})  # only in a `diaporama`
SOMMAIRE = "sommaire"  # `::: sommaire` (option niveaux=1..4): the table of contents
TOC_LEVELS = {"1", "2", "3", "4"}

CONTAINERS: dict[str, Container] = {
    "encadre": Container("", "Encadre", "encadre"),
    "a-retenir": Container("À retenir", "ARetenir", "a-retenir"),
    INTERNE: Container("Note interne — ne pas diffuser", "Interne", "interne"),
    "communique": Container("Communiqué de presse — prêt à copier", "ACopier", "a-copier"),
    "article": Container(
        "Article pour le magazine ou le site — prêt à copier", "ACopier", "a-copier"
    ),
    "publication": Container(
        "Publication pour les réseaux sociaux", "ACopier", "a-copier", count=True
    ),
    "note-agents": Container(
        "Note d’information aux agents — prête à copier", "ACopier", "a-copier"
    ),
    NOTES: Container("Notes de l’orateur", "Interne", "notes"),
    COLONNES: Container("", "Encadre", "colonnes"),
}
OPTIONS = {"publication": {"reseau"}}


@dataclass
class BlockArgs:
    """`::: indicateurs objectif=OBJ-2` -> {"objectif": "OBJ-2"}; `::: graphique gantt pas=mois`
    -> kind "gantt", {"pas": "mois"} (a bare first word is the block's kind)."""

    values: dict[str, str] = field(default_factory=dict)
    kind: str = ""

    @classmethod
    def parse(cls, text: str) -> BlockArgs:
        """Parse `key=value` options; raises ValueError with a French message."""
        try:
            words = shlex.split(text)
        except ValueError:
            raise ValueError("guillemet non refermé dans les options du bloc") from None
        values: dict[str, str] = {}
        kind = ""
        for index, word in enumerate(words):
            key, sep, value = word.partition("=")
            if index == 0 and not sep:
                kind = word
                continue
            if not sep or not key:
                raise ValueError(f"option « {word} » invalide : écrivez nom=valeur")
            values[key] = value
        return cls(values, kind)

    @classmethod
    def lenient(cls, text: str) -> BlockArgs:
        """The options that parse (checks report the others)."""
        try:
            return cls.parse(text)
        except ValueError:
            return cls()


def toc_levels(args: str) -> int:
    value = BlockArgs.lenient(args).values.get("niveaux", "3")
    return int(value) if value in TOC_LEVELS else 3


def box_title(name: str, args: str, length: int) -> str:
    """The title shown above a box (with the network and the length of a post)."""
    container = CONTAINERS[name]
    title = t(container.title)
    reseau = BlockArgs.lenient(args).values.get("reseau")
    if reseau:
        title += f" — {reseau}"
    if container.count:
        title += " (" + tf("{n} caractères", n=length) + ")"
    return title
