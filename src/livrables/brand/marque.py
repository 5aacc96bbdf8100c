"""`templates/marque.yaml`: the firm's name, colours, fonts and legal lines, validated."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field

from livrables.brand.contrast import WHITE, Pair, contrast_problems
from livrables.content.images import SUPPORTED, image_problem
from livrables.content.models import Model, Texte
from livrables.content.validation import validate
from livrables.content.yamlload import read_yaml_file
from livrables.errors import ContentError, Report

Couleur = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
# a font's name reaches CSS and Word: letters, digits, spaces and hyphens only, so no value can
# close a string or the style element
NomPolice = Annotated[str, Field(pattern=r"^[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 \-]{0,62}$")]


class Couleurs(Model):
    primaire: Couleur
    secondaire: Couleur
    accent: Couleur
    texte: Couleur = "#222222"
    fond: Couleur = "#FFFFFF"
    entete_tableau: Couleur | None = None  # defaults to primaire


class Police(Model):
    nom: NomPolice  # the font Word uses
    secours: list[NomPolice] = []  # what a browser tries next

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


def load_marque(path: Path, warnings: Report | None = None) -> Marque:
    """Load and validate the brand file; raise ContentError listing every problem.

    Colours that print text too pale to read are warnings, added to `warnings` when given."""
    report = Report()
    located = read_yaml_file(path, report)
    if located is None:
        raise ContentError(report.errors)
    marque = validate(Marque, located, report)
    if marque is None:
        raise ContentError(report.errors)
    for key in ("logo", "logo_monochrome"):
        name = getattr(marque, key)
        problem = _file_problem(path.parent, name) if name else None
        if problem:
            line, col = located.position((key,))
            report.error(path, line, col, f"{key} : fichier « {name} » {problem}")
    if report.errors:
        raise ContentError(report.errors)
    if warnings is not None:
        for key, message in contrast_problems(printed_pairs(marque)):
            line, col = located.position(tuple(key.split(".")))
            warnings.warning(path, line, col, message)
    return marque


def printed_pairs(marque: Marque) -> list[Pair]:
    """The text and background colours the documents print together."""
    c = marque.couleurs
    return [
        ("couleurs.texte", c.texte, "couleurs.fond", c.fond),
        ("couleurs.primaire", c.primaire, "couleurs.fond", c.fond),
        ("couleurs.secondaire", c.secondaire, "couleurs.fond", c.fond),
        (
            "le blanc des en-têtes de tableau",
            WHITE,
            "couleurs.entete_tableau",
            marque.entete_tableau,
        ),
    ]


def _file_problem(templates: Path, name: str) -> str | None:
    """Why a file named in marque.yaml cannot be used; it must lie inside templates/."""
    root = templates.resolve()
    if Path(name).is_absolute() or not (templates / name).resolve().is_relative_to(root):
        return "hors du dossier templates/ : indiquez un chemin relatif à templates/"
    if not (templates / name).is_file():
        return "introuvable à côté de marque.yaml"
    if Path(name).suffix.lower() not in SUPPORTED:
        return "dans un format que Word ne sait pas intégrer : utilisez PNG ou JPEG"
    return image_problem(templates / name)
