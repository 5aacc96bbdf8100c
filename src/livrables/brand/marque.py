"""`templates/marque.yaml`: the firm's name, colours, fonts and legal lines, validated."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Annotated

from pydantic import Field

from livrables.brand.contrast import WHITE, Pair, contrast_problems, legible
from livrables.content.images import SUPPORTED, image_problem
from livrables.content.models import Model, Texte
from livrables.content.validation import validate
from livrables.content.yamlload import Located, read_yaml_file
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


FACES = ("regulier", "gras", "italique", "gras_italique")


class Fichiers(Model):
    """The font's files, relative to templates/ (TrueType), embedded in every format."""

    regulier: str
    gras: str | None = None
    italique: str | None = None
    gras_italique: str | None = None


class Police(Model):
    nom: NomPolice  # the font Word uses, as its files name it
    fichiers: Fichiers | None = None  # without them, the reader's machine must have the font
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
    _check_fonts(path, marque, located, report, warnings)
    if report.errors:
        raise ContentError(report.errors)
    if warnings is not None:
        for key, message in contrast_problems(printed_pairs(marque)):
            line, col = located.position(tuple(key.split(".")))
            warnings.warning(path, line, col, message)
    return with_legible_text(marque)


def with_legible_text(marque: Marque) -> Marque:
    """The brand as the documents print it: every colour that prints text darkened (lightened
    on a dark page) until it reads at 4.5:1 on the page (WCAG 1.4.3), and the table headers'
    background until their white text does. Colours that already read are unchanged; `check`
    warns about those it changed (the accent, used for list numbers and key figures, is only
    darkened: it was chosen for its hue)."""
    c = marque.couleurs
    fond = c.fond
    couleurs = c.model_copy(
        update={
            "texte": legible(c.texte, fond),
            "primaire": legible(c.primaire, fond),
            "secondaire": legible(c.secondaire, fond),
            "accent": legible(c.accent, fond),
            "entete_tableau": legible(marque.entete_tableau, WHITE),
        }
    )
    return marque.model_copy(update={"couleurs": couleurs})


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


def _check_fonts(
    path: Path, marque: Marque, located: Located, report: Report, warnings: Report | None
) -> None:
    """Each font's files exist inside templates/ and are TrueType; a font without files is a
    warning: it cannot be embedded, and a machine without it shows another."""
    for role in ("titres", "texte"):
        police: Police = getattr(marque.polices, role)
        if police.fichiers is None:
            if warnings is not None:
                line, col = located.position(("polices", role, "nom"))
                warnings.warning(
                    path,
                    line,
                    col,
                    f"polices.{role} : la police « {police.nom} » n'a pas de fichiers (fichiers:) "
                    "et ne peut pas être intégrée aux documents ; sur un poste qui ne l'a pas, "
                    "une autre la remplacera",
                )
            continue
        for face in FACES:
            name = getattr(police.fichiers, face)
            if not name:
                continue
            problem = _font_problem(path.parent, name, police.nom)
            if problem:
                line, col = located.position(("polices", role, "fichiers", face))
                report.error(
                    path, line, col, f"polices.{role}.fichiers.{face} : « {name} » {problem}"
                )


def _font_problem(templates: Path, name: str, family: str) -> str | None:
    root = templates.resolve()
    if Path(name).is_absolute() or not (templates / name).resolve().is_relative_to(root):
        return "hors du dossier templates/ : indiquez un chemin relatif à templates/"
    if not (templates / name).is_file():
        return "introuvable"
    with (templates / name).open("rb") as handle:
        head = handle.read(4)
    if head not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
        return "n'est pas une police TrueType ou OpenType (.ttf, .otf)"
    found = _family(templates / name)
    if found != family:
        return f"est un fichier de la police « {found} », pas de « {family} »"
    return None


_NAME_CODECS = {(3, 0): "utf_16_be", (3, 1): "utf_16_be", (3, 10): "utf_16_be", (1, 0): "mac_roman"}


def _family(path: Path) -> str:
    """The font's family name (typographic, else legacy) as fontTools' `getDebugName` gives
    it, read straight from the `name` table: fontTools' own reader imports its whole layout
    machinery (a twentieth of a second, at every command)."""
    with path.open("rb") as handle:  # its table directory and `name` table only, not the
        head = handle.read(12)  # whole font (every command checks the brand's fonts)
        try:
            (count,) = struct.unpack_from(">H", head, 4)
            directory = handle.read(16 * count)
            tables = {
                directory[16 * i : 16 * i + 4]: struct.unpack_from(">II", directory, 16 * i + 8)
                for i in range(count)
            }
            where, length = tables[b"name"]
            handle.seek(where)
            data = handle.read(length)
            offset = 0
            _, records, strings = struct.unpack_from(">HHH", data, offset)
            names = [
                struct.unpack_from(">HHHHHH", data, offset + 6 + 12 * i) for i in range(records)
            ]
        except (struct.error, KeyError):
            return ""
    for wanted in (16, 1):
        found: dict[str, str] = {}
        for platform, encoding, language, name_id, length, start in names:
            if name_id != wanted:
                continue
            codec = _NAME_CODECS.get((platform, encoding), "utf_16_be" if platform == 0 else "")
            raw = data[offset + strings + start : offset + strings + start + length]
            try:
                text = raw.decode(codec) if codec else None
            except UnicodeDecodeError:
                continue
            if text is None:
                continue
            found["any"] = text  # the last one, as fontTools
            if (platform, language) == (3, 0x409):
                return text
            if (platform, language) == (1, 0):
                found.setdefault("mac", text)
        if found:
            return found.get("mac", found["any"])
    return ""
