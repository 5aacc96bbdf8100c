"""The mission's shared entities, loaded from `referentiel/*.yaml`, indexed by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from livrables.content.entities import (
    ENTITY_BY_KIND,
    Action,
    Entity,
    Indicateur,
    Objectif,
    Service,
)
from livrables.content.validation import suggest, validate
from livrables.content.yamlload import Loc, Located, read_yaml_file
from livrables.errors import Report

E = TypeVar("E", bound=Entity)
# Past these, no page can show a kind's items (a Gantt of five thousand actions, a matrix of a
# thousand services): a generated file or a paste gone wrong, refused at the first one too many.
MAX_ITEMS = 1000
MAX_BY_KIND = {"actions": 500}


@dataclass(frozen=True)
class Entry:
    """Where an entity was defined: its file and its path inside it."""

    entity: Entity
    located: Located
    loc: Loc


ID_CUTOFF = 0.8  # ids share a prefix (« ORG- »): only a typo's closeness suggests one


@dataclass
class Referentiel:
    entries: dict[str, Entry] = field(default_factory=dict)  # by id, all kinds together
    broken: dict[str, str] = field(default_factory=dict)  # id -> kind of items with errors
    duplicates: set[str] = field(default_factory=set)
    incomplete: bool = False  # a file could not be read: unknown ids may be defined there
    counts: dict[str, int] = field(default_factory=dict)  # items read, by kind

    def of(self, cls: type[E]) -> list[E]:
        return [e.entity for e in self.entries.values() if isinstance(e.entity, cls)]

    def get(self, entity_id: str, cls: type[E]) -> E:
        entity = self.entries[entity_id].entity
        assert isinstance(entity, cls)
        return entity

    @property
    def services(self) -> list[Service]:
        return self.of(Service)

    @property
    def objectifs(self) -> list[Objectif]:
        return self.of(Objectif)

    @property
    def indicateurs(self) -> list[Indicateur]:
        return self.of(Indicateur)

    def action_groups(self) -> list[Objectif]:
        """The objectives that head groups of actions: the specific ones, then the global
        ones."""
        objectifs = self.objectifs
        specific = [o for o in objectifs if o.niveau == "specifique"]
        return [*specific, *(o for o in objectifs if o.niveau == "global")]

    def serves(self, action: Action, objective_id: str) -> bool:
        """Whether the action serves the objective directly or through one of its results."""
        for served in action.objectifs:
            current: str | None = served
            while current is not None and current in self.entries:
                if current == objective_id:
                    return True
                entity = self.entries[current].entity
                current = entity.parent if isinstance(entity, Objectif) else None
        return False

    def _file_of(self, kind: str) -> str:
        """The referential file that holds the entities of `kind` (the scaffold's name when
        none is defined yet)."""
        for entry in self.entries.values():
            if entry.entity.kind == kind:
                return entry.located.path.name
        return f"{kind}.yaml"

    def name_of(self, entity_id: str) -> str:
        """How an entity is called in a document: its name or its title."""
        entity = self.entries[entity_id].entity
        return str(getattr(entity, "nom", None) or getattr(entity, "intitule", entity_id))

    def reference_problem(self, entity_id: str, *kinds: str) -> str | None:
        """Why `entity_id` is not an entity of one of `kinds`, or None when it is."""
        labels = " ou ".join(ENTITY_BY_KIND[k].label for k in kinds)
        entry = self.entries.get(entity_id)
        if entity_id in self.duplicates or (entry is None and self.broken.get(entity_id) in kinds):
            return None  # the definition itself has errors, reported where it is
        if entry is None and self.incomplete:
            return None  # it may be defined in the file that could not be read
        if entry is None:
            same_kind = [i for i, e in self.entries.items() if e.entity.kind in kinds]
            close = suggest(entity_id, same_kind, ID_CUTOFF)
            files = " ou ".join(f"referentiel/{self._file_of(k)}" for k in kinds)
            where = f" ; s'il manque, ajoutez-le dans {files}" if not close else ""
            return f"{labels} « {entity_id} » inconnu{close}{where}"
        if entry.entity.kind not in kinds:
            return f"« {entity_id} » est un {entry.entity.label}, pas un {labels}"
        return None


def load_referentiel(folder: Path, report: Report) -> Referentiel:
    """Load every `*.yaml` of the folder; ids must be unique across the whole referential.

    Items are validated one by one: a broken item is reported once, and its id still counts as
    known, so references to it do not cascade into more errors.
    """
    ref = Referentiel()
    if not folder.is_dir():
        report.error(folder, 1, 1, "dossier referentiel/ manquant")
        return ref
    for path in sorted(folder.glob("*.y*ml")):
        located = read_yaml_file(path, report)
        if located is None:
            ref.incomplete = True
            continue
        if not isinstance(located.data, dict):
            report.error(
                path,
                1,
                1,
                "dictionnaire attendu : une liste par sorte d'éléments (par exemple « services: »)",
            )
            continue
        for kind, items in located.data.items():
            _load_kind(ref, located, kind, items, report)
    return ref


def _load_kind(
    ref: Referentiel, located: Located, kind: str, items: object, report: Report
) -> None:
    cls = ENTITY_BY_KIND.get(kind)
    if cls is None:
        line, col = located.key_position((kind,))
        report.error(
            located.path,
            line,
            col,
            f"{kind} : sorte d'éléments inconnue{suggest(kind, list(ENTITY_BY_KIND))} : sortes "
            "possibles " + ", ".join(f"« {k} »" for k in ENTITY_BY_KIND),
        )
        return
    if not isinstance(items, list):
        line, col = located.position((kind,))
        report.error(
            located.path, line, col, f"{kind} : liste attendue (éléments précédés de « - »)"
        )
        return
    limit = MAX_BY_KIND.get(kind, MAX_ITEMS)
    for index, item in enumerate(items):
        ref.counts[kind] = ref.counts.get(kind, 0) + 1
        if ref.counts[kind] > limit:
            line, col = located.position((kind, index))
            report.error(
                located.path,
                line,
                col,
                f"{kind} : plus de {limit} éléments ({len(items)} dans ce fichier) ; aucun "
                "document ne peut les montrer lisiblement : gardez ceux de la mission",
            )
            ref.incomplete = True
            return
        entity = validate(cls, located, report, base=(kind, index))
        if entity is not None:
            _add(ref, Entry(entity, located, (kind, index)), report)
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            ref.broken.setdefault(item["id"], kind)


def _add(ref: Referentiel, entry: Entry, report: Report) -> None:
    entity = entry.entity
    previous = ref.entries.get(entity.id)
    if previous is not None:
        line, col = entry.located.position((*entry.loc, "id"))
        where = previous.located.path.name
        first_line = previous.located.position((*previous.loc, "id"))[0]
        report.error(
            entry.located.path,
            line,
            col,
            f"{entry.loc[0]}[{entry.loc[1]}].id : identifiant « {entity.id} » en double "
            f"(déjà défini dans {where}, ligne {first_line})",
        )
        ref.duplicates.add(entity.id)
        return
    ref.entries[entity.id] = entry
