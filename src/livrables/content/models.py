"""The content model: what a mission's YAML files and front matter may hold.

Keys are the consultants' French words. Every model forbids unknown keys, so a typo such as
`pilot:` is reported rather than silently ignored. A field that names another entity is marked
with `Ref(kind)`; `references.py` checks them all from that mark.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value (or each value of a list) is the id of an entity of one of
    `kinds` (a partner may be an actor of the territory or a partner territory)."""

    kinds: tuple[str, ...]

    def __init__(self, *kinds: str) -> None:
        object.__setattr__(self, "kinds", kinds)


def _french_bool(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in {"oui", "non"}:
        return value.strip().lower() == "oui"
    return value


def _heure(value: Any) -> str:
    """ "9:30", "09h30", "9 h 30" -> "09:30"."""
    match = re.fullmatch(r"\s*([01]?\d|2[0-3])\s*[:hH]\s*([0-5]\d)?\s*", str(value))
    if match is None:
        raise ValueError(f"heure invalide « {value} » : écrivez par exemple 09:30")
    return f"{int(match.group(1)):02d}:{match.group(2) or '00'}"


FIRST_YEAR, LAST_YEAR = 1900, 2200  # a date outside is a typo, and no page can draw it


def _sane_date(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            f"date « {value.isoformat()} » hors des limites ({FIRST_YEAR}–{LAST_YEAR}) : "
            "une faute de frappe ? écrivez par exemple 2027-03-31"
        )
    return value


Date = Annotated[dt.date, AfterValidator(_sane_date)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=64)]
Heure = Annotated[str, BeforeValidator(_heure)]
Texte = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# in an editor reading YAML 1.2, `oui` and `non` are text: the schema accepts them as such
_BOOLEEN_SCHEMA = {"anyOf": [{"type": "boolean"}, {"enum": ["oui", "non", "Oui", "Non"]}]}
Booleen = Annotated[bool, BeforeValidator(_french_bool), WithJsonSchema(_BOOLEEN_SCHEMA)]


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        frozen=True,
        str_max_length=200_000,
        # a model's validator is made when first used, not at import: a build validates a
        # third of the models on their own (the others only inside those), and a worker
        # makes what it uses in parallel with the other workers
        defer_build=True,
    )


def _coordinates(value: Any) -> Any:
    """ "14.69, -16.17" (as a map site copies them) or [14.69, -16.17] -> latitude, longitude."""
    if isinstance(value, str):
        parts = value.replace(";", ",").split(",")
        if len(parts) != 2:
            raise ValueError(
                f"coordonnées « {value} » invalides : écrivez latitude, longitude "
                "(par exemple 14.69, -16.17)"
            )
        value = parts
    if isinstance(value, list | tuple) and len(value) == 2:
        try:
            return {"latitude": float(value[0]), "longitude": float(value[1])}
        except (TypeError, ValueError):
            raise ValueError(
                "coordonnées invalides : deux nombres, latitude puis longitude "
                "(par exemple 14.69, -16.17)"
            ) from None
    return value


class _Coordonnees(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]


_COORDONNEES_SCHEMA = {
    "description": "latitude, longitude en degrés décimaux (par exemple 14.69, -16.17)",
    "anyOf": [
        {"type": "string", "pattern": r"^\s*-?\d+(\.\d+)?\s*[,;]\s*-?\d+(\.\d+)?\s*$"},
        {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
        {
            "type": "object",
            "properties": {"latitude": {"type": "number"}, "longitude": {"type": "number"}},
            "required": ["latitude", "longitude"],
            "additionalProperties": False,
        },
    ],
}
Coordonnees = Annotated[
    _Coordonnees, BeforeValidator(_coordinates), WithJsonSchema(_COORDONNEES_SCHEMA)
]


# --- mission.yaml ---------------------------------------------------------------------------

TypeCollectivite = Literal["commune", "epci", "departement", "region"]
Module = Literal["comprendre", "positionnement", "structurer", "relations", "evaluer"]
MODULE_LABELS: dict[str, str] = {  # the offer's words (offre.md)
    "comprendre": "Module 1 — Comprendre son action et son environnement direct",
    "positionnement": "Module 2 — Définir son positionnement et sa stratégie",
    "structurer": "Module 3 — Structurer son action en interne",
    "relations": "Module 4 — Créer un courant de relation à l’international",
    "evaluer": "Module 5 — Évaluer son action et communiquer",
}

LIBELLES_COLLECTIVITE: dict[str, str] = {
    "commune": "Commune",
    "epci": "Établissement public de coopération intercommunale",
    "departement": "Département",
    "region": "Région",
}


class Collectivite(Model):
    nom: Texte
    type: TypeCollectivite
    fictive: Booleen = False
    logo: str | None = None
    coordonnees: Coordonnees | None = None  # where it is, for the partners' map


class Consultant(Model):
    nom: Texte
    role: str | None = None
    email: str | None = None


def month_of(text: str) -> dt.date | None:
    """ "2032-03" -> the first day of that month; None when it is not a month."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _month(value: Any) -> Any:
    """ "2032-03" (or a date) -> the first day of that month."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    month = month_of(str(value))
    if month is None:
        raise ValueError(f"mois invalide « {value} » : écrivez AAAA-MM, par exemple 2032-03")
    return month


_MOIS_SCHEMA = {"type": "string", "pattern": r"^\s*\d{4}-\d{1,2}(-\d{1,2})?\s*$"}
Mois = Annotated[dt.date, BeforeValidator(_month), WithJsonSchema(_MOIS_SCHEMA)]


# the partners' languages a deliverable may also be made in (French is always the source)
CodeLangue = Literal["en", "es", "de", "ar"]


class MissionInfo(Model):
    collectivite: Collectivite
    intitule: Texte
    consultants: Annotated[list[Consultant], Field(min_length=1)]
    debut: Date
    fin: Date | None = None
    modules: list[Module] = []
    comarquage: Booleen = False
    elections: Mois | None = None  # the month of the authority's next election (code électoral)
    langues: list[CodeLangue] = []  # every deliverable is also made in these languages


# --- front matter of livrables/*.md ---------------------------------------------------------

Statut = Literal["brouillon", "relecture", "valide"]
Diffusion = Literal["client", "interne"]

LIBELLES_STATUT: dict[str, str] = {
    "brouillon": "Brouillon",
    "relecture": "En relecture",
    "valide": "Validé",
}


class Revision(Model):
    """One line of the revision table, as the consultant writes it for the client."""

    version: Texte
    date: Date
    description: Texte


class FrontMatter(Model):
    """Fields every deliverable has; each type adds its own in `deliverables/`."""

    type: str
    titre: Texte
    sous_titre: str | None = None
    statut: Statut
    version: str | None = None
    date: Date | None = None
    diffusion: Diffusion = "client"
    # the revision table at the end: written for the client (a list), or `oui` for versions and
    # dates from git alone (commit messages are never printed)
    historique: Booleen | list[Revision] = False
    # the mission's languages narrowed for this deliverable (`[]`: French only)
    langues: list[CodeLangue] | None = None
    bilingue: CodeLangue | None = None  # French and this language side by side, as signed
