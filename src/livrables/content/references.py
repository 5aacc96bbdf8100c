"""Cross-reference checks, driven by the `Ref(kind)` marks on model fields."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from livrables.content.entities import Action, Objectif
from livrables.content.models import Ref
from livrables.content.referentiel import Referentiel
from livrables.content.validation import field_path
from livrables.content.yamlload import Loc, Located
from livrables.document.typography import format_date
from livrables.errors import Report


def check_model_references(
    model: BaseModel, located: Located, loc: Loc, ref: Referentiel, report: Report
) -> None:
    """Report every `Ref` field of `model` (and of its nested models) naming no such entity."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        marks = [m for m in info.metadata if isinstance(m, Ref)]
        field_loc = (*loc, name)
        if marks:
            _check_ids(value, marks[0].kinds, located, field_loc, ref, report)
        else:
            for sub_loc, sub in _nested_models(value, field_loc):
                check_model_references(sub, located, sub_loc, ref, report)


def check_referentiel(ref: Referentiel, report: Report) -> None:
    for entry in ref.entries.values():
        check_model_references(entry.entity, entry.located, entry.loc, ref, report)
    _check_objective_cycles(ref, report)
    _check_milestones(ref, report)


def _check_milestones(ref: Referentiel, report: Report) -> None:
    """A milestone falls between its action's start and end: warned at the milestone's date."""
    for entry in ref.entries.values():
        action = entry.entity
        if not isinstance(action, Action) or not (action.debut and action.fin):
            continue
        for index, jalon in enumerate(action.jalons):
            if action.debut <= jalon.date <= action.fin:
                continue
            loc = (*entry.loc, "jalons", index, "date")
            line, col = entry.located.position(loc)
            report.warning(
                entry.located.path,
                line,
                col,
                f"{field_path(loc)} : le jalon « {jalon.intitule} » ({format_date(jalon.date)}) "
                f"tombe hors de son action, du {format_date(action.debut)} au "
                f"{format_date(action.fin)} ; corrigez sa date ou celles de l'action",
            )


def _check_objective_cycles(ref: Referentiel, report: Report) -> None:
    """An objective may not be its own ancestor: the objectives tree would never end."""
    for objectif in ref.objectifs:
        seen = {objectif.id}
        current = objectif
        while current.parent is not None and current.parent in ref.entries:
            parent = ref.entries[current.parent].entity
            if not isinstance(parent, Objectif):
                break
            if parent.id in seen:
                entry = ref.entries[objectif.id]
                line, col = entry.located.position((*entry.loc, "parent"))
                report.error(
                    entry.located.path,
                    line,
                    col,
                    f"{field_path((*entry.loc, 'parent'))} : l'objectif « {objectif.id} » "
                    "descend de lui-même (boucle dans les objectifs parents)",
                )
                break
            seen.add(parent.id)
            current = parent


def _check_ids(
    value: Any,
    kinds: tuple[str, ...],
    located: Located,
    loc: Loc,
    ref: Referentiel,
    report: Report,
) -> None:
    if value is None:
        return
    items = list(enumerate(value)) if isinstance(value, list | tuple) else [(None, value)]
    for index, entity_id in items:
        item_loc = loc if index is None else (*loc, index)
        problem = ref.reference_problem(entity_id, *kinds)
        if problem:
            line, col = located.position(item_loc)
            report.error(located.path, line, col, f"{field_path(item_loc)} : {problem}")


def _nested_models(value: Any, loc: Loc) -> list[tuple[Loc, BaseModel]]:
    if isinstance(value, BaseModel):
        return [(loc, value)]
    if isinstance(value, list | tuple):
        return [((*loc, i), v) for i, v in enumerate(value) if isinstance(v, BaseModel)]
    return []
