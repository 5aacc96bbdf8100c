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


Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=64)]
Heure = Annotated[str, BeforeValidator(_heure)]
Texte = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# in an editor reading YAML 1.2, `oui` and `non` are text: the schema accepts them as such
_BOOLEEN_SCHEMA = {"anyOf": [{"type": "boolean"}, {"enum": ["oui", "non", "Oui", "Non"]}]}
Booleen = Annotated[bool, BeforeValidator(_french_bool), WithJsonSchema(_BOOLEEN_SCHEMA)]


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", coerce_numbers_to_str=True, frozen=True, str_max_length=200_000
    )


# --- mission.yaml ---------------------------------------------------------------------------

TypeCollectivite = Literal["commune", "epci", "departement", "region"]
Module = Literal["comprendre", "positionnement", "structurer", "relations", "evaluer"]

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


class Consultant(Model):
    nom: Texte
    role: str | None = None
    email: str | None = None


def _month(value: Any) -> Any:
    """ "2032-03" (or a date) -> the first day of that month."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(value))
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"mois invalide « {value} » : écrivez AAAA-MM, par exemple 2032-03")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


_MOIS_SCHEMA = {"type": "string", "pattern": r"^\s*\d{4}-\d{1,2}(-\d{1,2})?\s*$"}
Mois = Annotated[dt.date, BeforeValidator(_month), WithJsonSchema(_MOIS_SCHEMA)]


class MissionInfo(Model):
    collectivite: Collectivite
    intitule: Texte
    consultants: Annotated[list[Consultant], Field(min_length=1)]
    debut: dt.date
    fin: dt.date | None = None
    modules: list[Module] = []
    comarquage: Booleen = False
    elections: Mois | None = None  # the month of the authority's next election (code électoral)


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
    date: dt.date
    description: Texte


class FrontMatter(Model):
    """Fields every deliverable has; each type adds its own in `deliverables/`."""

    type: str
    titre: Texte
    sous_titre: str | None = None
    statut: Statut
    version: str | None = None
    date: dt.date | None = None
    diffusion: Diffusion = "client"
    # the revision table at the end: written for the client (a list), or `oui` for versions and
    # dates from git alone (commit messages are never printed)
    historique: Booleen | list[Revision] = False
