"""The content model: what a mission's YAML files and front matter may hold.

Keys are the consultants' French words. Every model forbids unknown keys, so a typo such as
`pilot:` is reported rather than silently ignored. A field that names another entity is marked
with `Ref(kind)`; `references.py` checks them all from that mark.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value (or each value of a list) is the id of a `kind` entity."""

    kind: str


def _french_bool(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in {"oui", "non"}:
        return value.strip().lower() == "oui"
    return value


Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=64)]
Texte = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Booleen = Annotated[bool, BeforeValidator(_french_bool)]


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


class MissionInfo(Model):
    collectivite: Collectivite
    intitule: Texte
    consultants: Annotated[list[Consultant], Field(min_length=1)]
    debut: dt.date
    fin: dt.date | None = None
    modules: list[Module] = []
    comarquage: Booleen = False


# --- referentiel/*.yaml ---------------------------------------------------------------------


class Entity(Model):
    """An item of the referential: it has a stable id other files refer to."""

    kind: ClassVar[str]
    label: ClassVar[str]  # the kind's name in a sentence: "un service"
    id: Id


class Service(Entity):
    kind: ClassVar[str] = "services"
    label: ClassVar[str] = "service"
    nom: Texte
    direction: str | None = None
    role: str | None = None


NiveauObjectif = Literal["global", "specifique", "resultat"]


class Objectif(Entity):
    kind: ClassVar[str] = "objectifs"
    label: ClassVar[str] = "objectif"
    intitule: Texte
    niveau: NiveauObjectif
    parent: Annotated[Id | None, Ref("objectifs")] = None
    description: str | None = None
    effets_ici: list[Texte] = []
    effets_partenaire: list[Texte] = []


CritereCAD = Literal["pertinence", "coherence", "efficacite", "efficience", "impact", "viabilite"]


def _number(value: Any) -> int | float:
    """A number as consultants write it: 12, 12.5 or "12,5"."""
    if isinstance(value, bool):
        raise ValueError(f"nombre attendu, « {str(value).lower()} » trouvé")
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        text = value.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
        try:
            return int(text) if text.lstrip("-").isdigit() else float(text.replace(",", "."))
        except ValueError:
            pass
    shown = str(value) if len(str(value)) <= 60 else str(value)[:59] + "…"
    raise ValueError(f"nombre attendu, « {shown} » trouvé")


Nombre = Annotated[int | float, PlainValidator(_number), WithJsonSchema({"type": "number"})]


class Cible(Model):
    valeur: Nombre
    date: dt.date


class Indicateur(Entity):
    kind: ClassVar[str] = "indicateurs"
    label: ClassVar[str] = "indicateur"
    intitule: Texte
    objectif: Annotated[Id, Ref("objectifs")]
    unite: Texte
    valeur_initiale: Nombre | None = None
    cible: Cible | None = None
    source: str | None = None
    frequence: str | None = None
    responsable: Annotated[Id | None, Ref("services")] = None
    critere: CritereCAD | None = None


ENTITY_TYPES: tuple[type[Entity], ...] = (Service, Objectif, Indicateur)
ENTITY_BY_KIND: dict[str, type[Entity]] = {cls.kind: cls for cls in ENTITY_TYPES}


# --- front matter of livrables/*.md ---------------------------------------------------------

Statut = Literal["brouillon", "relecture", "valide"]
Diffusion = Literal["client", "interne"]

LIBELLES_STATUT: dict[str, str] = {
    "brouillon": "Brouillon",
    "relecture": "En relecture",
    "valide": "Validé",
}


class FrontMatter(Model):
    """Fields every deliverable has; each type adds its own in `deliverables/`."""

    type: str
    titre: Texte
    sous_titre: str | None = None
    statut: Statut
    version: str | None = None
    date: dt.date | None = None
    diffusion: Diffusion = "client"
