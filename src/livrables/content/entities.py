"""The referential's entities: what `referentiel/*.yaml` may hold, one model per kind.

Each item has a stable id; fields naming another entity are marked with `Ref(kind)`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from livrables.content.models import Booleen, Coordonnees, Date, Id, Model, Ref, Texte
from livrables.document.typography import format_date

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
    sigle: str | None = None  # a short name for narrow table columns: "DGS", "Régie de l'eau"
    direction: str | None = None
    role: str | None = None

    @property
    def court(self) -> str:
        return self.sigle or self.nom


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
    hypotheses: list[Texte] = []  # the logical framework's assumptions


CritereCAD = Literal["pertinence", "coherence", "efficacite", "efficience", "impact", "viabilite"]


LARGEST = 10**15  # past a million billion, a figure is a typo (and no table shows it)


def _number(value: Any) -> int | float:
    """A number as consultants write it: 12, 12.5 or "12,5"; finite, and of a size a page can
    show ("nan", "inf" or 1e400 are refused)."""
    if isinstance(value, bool):
        raise ValueError(f"nombre attendu, « {str(value).lower()} » trouvé")
    number: int | float | None = None
    if isinstance(value, int | float):
        number = value
    elif isinstance(value, str):
        text = value.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
        with contextlib.suppress(ValueError):
            number = int(text) if text.lstrip("-").isdigit() else float(text.replace(",", "."))
    shown = str(value) if len(str(value)) <= 60 else str(value)[:59] + "…"
    if number is None or not math.isfinite(number):
        raise ValueError(f"nombre attendu, « {shown} » trouvé")
    if abs(number) >= LARGEST:
        raise ValueError(f"nombre démesuré « {shown} » : une faute de frappe ?")
    return number


Nombre = Annotated[int | float, PlainValidator(_number), WithJsonSchema({"type": "number"})]


class Cible(Model):
    valeur: Nombre
    date: Date


class Mesure(Model):
    date: Date
    valeur: Nombre


class Indicateur(Entity):
    kind: ClassVar[str] = "indicateurs"
    label: ClassVar[str] = "indicateur"
    intitule: Texte
    objectif: Annotated[Id | None, Ref("objectifs")] = None
    action: Annotated[Id | None, Ref("actions")] = None
    unite: Texte
    valeur_initiale: Nombre | None = None
    cible: Cible | None = None
    source: str | None = None
    frequence: str | None = None
    responsable: Annotated[Id | None, Ref("services")] = None
    critere: CritereCAD | None = None
    mesures: list[Mesure] = []  # values measured since, oldest first

    @model_validator(mode="after")
    def _measures_something(self) -> Indicateur:
        if self.objectif is None and self.action is None:
            raise ValueError("un indicateur mesure un objectif (objectif:) ou une action (action:)")
        return self

    @property
    def derniere_mesure(self) -> Mesure | None:
        return max(self.mesures, key=lambda m: m.date) if self.mesures else None


CategorieActeur = Literal[
    "association",
    "diaspora",
    "universite",
    "etablissement-scolaire",
    "chambre-consulaire",
    "entreprise",
    "ong",
    "collectivite",
    "etat",
    "reseau",
    "autre",
]
LIBELLES_CATEGORIE: dict[str, str] = {
    "association": "Associations",
    "diaspora": "Associations de la diaspora",
    "universite": "Universités et recherche",
    "etablissement-scolaire": "Établissements scolaires",
    "chambre-consulaire": "Chambres consulaires",
    "entreprise": "Entreprises",
    "ong": "ONG",
    "collectivite": "Collectivités",
    "etat": "Services de l'État",
    "reseau": "Réseaux",
    "autre": "Autres acteurs",
}
Echelle = Literal["local", "regional", "national", "international"]


class Acteur(Entity):
    """An actor of the territory (or a national partner): association, school, company ..."""

    kind: ClassVar[str] = "acteurs"
    label: ClassVar[str] = "acteur"
    nom: Texte
    categorie: CategorieActeur
    echelle: Echelle = "local"
    description: str | None = None
    domaines: list[Texte] = []
    site: str | None = None


StatutAPD = Literal["pma", "apd", "hors-apd"]
LIBELLES_APD: dict[str, str] = {
    "pma": "pays moins avancé (PMA)",
    "apd": "pays éligible à l'aide publique au développement",
    "hors-apd": "pays non éligible à l'APD",
}


class Convention(Model):
    signee_le: Date
    objet: Texte
    duree_ans: int | None = None
    transmise_au_prefet_le: Date | None = None


class Territoire(Entity):
    """A partner territory abroad."""

    kind: ClassVar[str] = "territoires"
    label: ClassVar[str] = "territoire partenaire"
    nom: Texte
    pays: Texte
    statut_apd: StatutAPD
    code_pays: str | None = None  # ISO 3166 (SN, DE …) when `pays` is not a known name
    coordonnees: Coordonnees | None = None  # where it is, for the partners' map
    description: str | None = None
    convention: Convention | None = None


BaseLegale = Literal["interet-legitime", "consentement", "mission-interet-public", "contrat"]


class Personne(Entity):
    """A resource person: personal data (GDPR), so its source and retention are recorded."""

    kind: ClassVar[str] = "personnes"
    label: ClassVar[str] = "personne ressource"
    nom: Texte
    fonction: Texte
    organisation: Annotated[Id | None, Ref("acteurs", "services")] = None
    territoire: Annotated[Id | None, Ref("territoires")] = None
    email: str | None = None
    telephone: str | None = None
    source: str | None = None  # how the firm got the contact
    base_legale: BaseLegale | None = None
    informee_le: Date | None = None  # GDPR art. 14
    conservation_jusqu_au: Date | None = None
    transfert_hors_ue: str | None = None  # the basis of a transfer outside the EU


TypeAction = Literal[
    "cooperation-decentralisee",
    "jumelage",
    "aide-humanitaire",
    "appui-export",
    "culture",
    "mobilite-jeunes",
    "reseau-villes",
    "cooperation-europeenne",
    "autre",
]
LIBELLES_TYPE_ACTION: dict[str, str] = {
    "cooperation-decentralisee": "Coopération décentralisée",
    "jumelage": "Jumelage",
    "aide-humanitaire": "Aide humanitaire",
    "appui-export": "Appui à l'export",
    "culture": "Échanges culturels",
    "mobilite-jeunes": "Mobilité des jeunes",
    "reseau-villes": "Réseaux de villes",
    "cooperation-europeenne": "Coopération territoriale européenne",
    "autre": "Autres actions",
}


class ActionExistante(Entity):
    """An international action found by the diagnostic (the inventory)."""

    kind: ClassVar[str] = "actions_existantes"
    label: ClassVar[str] = "action existante"
    intitule: Texte
    type: TypeAction
    territoire: Annotated[Id | None, Ref("territoires")] = None
    porteur: Annotated[Id | None, Ref("services", "acteurs")] = None
    convention: Booleen = False
    budget_annuel: Nombre | None = None
    depuis: int | None = None
    description: str | None = None


Role = Literal["R", "A", "C", "I"]


class Contribution(Model):
    service: Annotated[Id, Ref("services")]
    role: Role


class Financement(Model):
    source: Texte
    montant: Nombre


StatutAction = Literal["a-lancer", "en-cours", "realisee", "suspendue"]
LIBELLES_STATUT_ACTION: dict[str, str] = {
    "a-lancer": "À lancer",
    "en-cours": "En cours",
    "realisee": "Réalisée",
    "suspendue": "Suspendue",
}


class Jalon(Model):
    """A dated step of an action (a signature, a first meeting): a milestone on the Gantt."""

    date: Date
    intitule: Texte


class Action(Entity):
    """An action of the action plan."""

    kind: ClassVar[str] = "actions"
    label: ClassVar[str] = "action"
    intitule: Texte
    objectifs: Annotated[list[Id], Ref("objectifs")] = []
    pilote: Annotated[Id | None, Ref("services")] = None
    contributeurs: list[Contribution] = []  # the RACI row
    partenaires: Annotated[list[Id], Ref("acteurs", "territoires")] = []
    debut: Date | None = None
    fin: Date | None = None
    budget: Nombre | None = None
    financements: list[Financement] = []
    statut: StatutAction = "a-lancer"
    jalons: list[Jalon] = []
    description: str | None = None

    @field_validator("fin")
    @classmethod
    def _dates_in_order(cls, fin: dt.date | None, info: ValidationInfo) -> dt.date | None:
        debut = info.data.get("debut")
        if debut and fin and fin < debut:  # said at `fin:`, with both dates
            raise ValueError(
                f"la fin de l'action ({format_date(fin)}) précède son début ({format_date(debut)})"
            )
        return fin


ENTITY_TYPES: tuple[type[Entity], ...] = (
    Service,
    Objectif,
    Indicateur,
    Acteur,
    Territoire,
    Personne,
    ActionExistante,
    Action,
)
ENTITY_BY_KIND: dict[str, type[Entity]] = {cls.kind: cls for cls in ENTITY_TYPES}
