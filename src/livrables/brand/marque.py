"""`templates/marque.yaml`: the firm's name, colours, fonts and legal lines, validated."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field

from livrables.content.models import Model, Texte
from livrables.content.source import read_source
from livrables.content.validation import validate
from livrables.content.yamlload import load_yaml
from livrables.errors import ContentError, Report

Couleur = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]


class Couleurs(Model):
    primaire: Couleur
    secondaire: Couleur
    accent: Couleur
    texte: Couleur = "#222222"
    fond: Couleur = "#FFFFFF"
    entete_tableau: Couleur | None = None  # defaults to primaire


class Police(Model):
    nom: Texte  # the font Word uses
    secours: list[Texte] = []  # what a browser tries next

    def css(self) -> str:
        names = [self.nom, *self.secours]
        generic = {"serif", "sans-serif", "monospace"}
        return ", ".join(n if n in generic else f'"{n}"' for n in names)


class Polices(Model):
    titres: Police
    texte: Police


class Contact(Model):
    email: str | None = None
    telephone: str | None = None
    site: str | None = None


class Marque(Model):
    nom: Texte
    signature: str | None = None
    logo: str | None = None
    logo_monochrome: str | None = None
    couleurs: Couleurs
    polices: Polices
    pied_de_page: str | None = None
    mentions_legales: str | None = None
    contact: Contact = Contact()

    @property
    def entete_tableau(self) -> str:
        return self.couleurs.entete_tableau or self.couleurs.primaire


def load_marque(path: Path) -> Marque:
    """Load and validate the brand file; raise ContentError listing every problem."""
    report = Report()
    try:
        located = load_yaml(read_source(path, line_break=" ").text, path)
    except ContentError:
        raise
    marque = validate(Marque, located, report)
    if marque is None:
        raise ContentError(report.errors)
    return marque
