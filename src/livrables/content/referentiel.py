"""The mission's shared entities, loaded from `referentiel/*.yaml`, indexed by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from livrables.content.models import (
    ENTITY_BY_KIND,
    Entity,
    Indicateur,
    Objectif,
    ReferentielFile,
    Service,
)
from livrables.content.source import read_source
from livrables.content.validation import suggest, validate
from livrables.content.yamlload import Loc, Located, load_yaml
from livrables.errors import ContentError, Report

E = TypeVar("E", bound=Entity)


@dataclass(frozen=True)
class Entry:
    """Where an entity was defined: its file and its path inside it."""

    entity: Entity
    located: Located
    loc: Loc


@dataclass
class Referentiel:
    entries: dict[str, Entry] = field(default_factory=dict)  # by id, all kinds together

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

    def reference_problem(self, entity_id: str, kind: str) -> str | None:
        """Why `entity_id` is not a `kind` entity of this mission, or None when it is."""
        label = ENTITY_BY_KIND[kind].label
        entry = self.entries.get(entity_id)
        if entry is None:
            same_kind = [i for i, e in self.entries.items() if e.entity.kind == kind]
            return f"{label} « {entity_id} » inconnu" + suggest(entity_id, same_kind)
        if entry.entity.kind != kind:
            return f"« {entity_id} » est un {entry.entity.label}, pas un {label}"
        return None


def load_referentiel(folder: Path, report: Report) -> Referentiel:
    """Load every `*.yaml` of the folder; ids must be unique across the whole referential."""
    ref = Referentiel()
    if not folder.is_dir():
        report.error(folder, 1, 1, "dossier referentiel/ manquant")
        return ref
    for path in sorted(folder.glob("*.y*ml")):
        try:
            source = read_source(path, line_break=" ")
            for char in source.control_chars:
                report.warning(path, char.line, char.col, char.describe())
            located = load_yaml(source.text, path)
        except ContentError as exc:
            report.diagnostics.extend(exc.diagnostics)
            continue
        if located.data is None:
            report.error(path, 1, 1, "fichier vide")
            continue
        parsed = validate(ReferentielFile, located, report)
        if parsed is None:
            continue
        for kind in ENTITY_BY_KIND:
            for index, entity in enumerate(getattr(parsed, kind)):
                _add(ref, Entry(entity, located, (kind, index)), report)
    return ref


def _add(ref: Referentiel, entry: Entry, report: Report) -> None:
    entity = entry.entity
    previous = ref.entries.get(entity.id)
    if previous is not None:
        line, col = entry.located.position((*entry.loc, "id"))
        where = previous.located.path.name
        first_line = previous.located.position((*previous.loc, "id"))[0]
        report.error(
            entry.located.path, line, col,
            f"{entry.loc[0]}[{entry.loc[1]}].id : identifiant « {entity.id} » en double "
            f"(déjà défini dans {where}, ligne {first_line})",
        )
        return
    ref.entries[entity.id] = entry
