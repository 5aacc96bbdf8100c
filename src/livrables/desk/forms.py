"""The preview's forms, a referential file's values: as JSON for the vendored json-editor (its
schema: `schema.py`), and a form's answer written back to YAML through the round trip (a
one-field edit is a one-line diff), checked with the models first.

A value the form sends back unchanged keeps its YAML writing (`12,5`, `oui`, quotes, a list's
style): only what the consultant changed is written.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from livrables.content.entities import ENTITY_BY_KIND
from livrables.content.roundtrip import RoundTripError, rewrite_items
from livrables.content.validation import field_path, french_message
from livrables.content.yamlload import Located
from livrables.desk.cells import EMPTY, CellError, read
from livrables.desk.columns import (
    BOOL,
    DATE,
    INTEGER,
    NUMBER,
    RAW,
    REFS,
    TABLES,
    TEXTS,
    Column,
    Table,
)
from livrables.desk.workbook import list_end, value_at


class FormError(ValueError):
    """A form's answer that cannot be written: the errors by the form's paths (French)."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(e["message"] for e in errors))
        self.errors = errors


# --- values ----------------------------------------------------------------------------------


def to_form(column: Column, value: Any) -> Any:
    """A YAML value as the form shows it (None: the field is absent)."""
    if value is None:
        return None
    kind = column.kind
    try:
        if kind in (NUMBER, INTEGER) and not isinstance(value, bool):
            return read(column, value)
        if kind == DATE and isinstance(value, dt.date):
            return value.isoformat()
        if kind == BOOL:
            return read(column, value)
    except CellError:
        return str(value)
    if kind in (REFS, TEXTS) and isinstance(value, list):
        return [str(v) for v in value]
    if kind == RAW and isinstance(value, list | dict):
        values = value.values() if isinstance(value, dict) else value
        return ", ".join(map(str, values))
    if isinstance(value, list | dict):
        return str(value)
    return value if isinstance(value, str | int | float | bool) else str(value)


def _from_form(column: Column, value: Any) -> Any:
    if value is None or value == "" or value == []:
        return EMPTY
    if column.kind == DATE:
        return read(column, value)
    if column.kind in (REFS, TEXTS):
        return [str(v).strip() for v in value if str(v).strip()] or EMPTY
    if column.kind in (NUMBER, INTEGER, BOOL):
        return read(column, value)
    return str(value).strip() if isinstance(value, str) else value


def item_to_form(table: Table, item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        value = to_form(column, value_at(item, column.key))
        if value is not None:
            _set(out, column.key, value)
    for child in table.children:
        rows = [r for r in item.get(child.field) or [] if isinstance(r, dict)]
        if rows:
            out[child.field] = [item_to_form(Table("", child.columns, (), False), r) for r in rows]
    if table.raci and item.get("contributeurs"):
        out["contributeurs"] = [
            {"service": str(c.get("service")), "role": str(c.get("role"))}
            for c in item["contributeurs"]
            if isinstance(c, dict)
        ]
    return out


def file_values(located: Located) -> dict[str, Any]:
    data = located.data if isinstance(located.data, dict) else {}
    return {
        kind: [item_to_form(TABLES[kind], i) for i in items if isinstance(i, dict)]
        for kind, items in data.items()
        if kind in TABLES and isinstance(items, list)
    }


def _set(target: dict[str, Any], key: tuple[str, ...], value: Any) -> None:
    for step in key[:-1]:
        target = target.setdefault(step, {})
    target[key[-1]] = value


def _merge(table: Table, old: dict[str, Any], form: dict[str, Any], path: str) -> dict[str, Any]:
    """The item the form describes, starting from `old`: a field the form shows as it was
    keeps its YAML value."""
    item = copy.deepcopy(old)
    errors: list[dict[str, str]] = []
    for column in table.columns:
        new = value_at(form, column.key)
        if new == to_form(column, value_at(old, column.key)):
            continue
        try:
            value = _from_form(column, new)
        except CellError as exc:
            where = f"{path}.{'.'.join(column.key)}"
            errors.append({"path": where, "message": f"{column.header} : {exc}"})
            continue
        _put(item, column.key, value)
    for child in table.children:
        rows = [r for r in form.get(child.field) or [] if isinstance(r, dict)]
        olds = [r for r in old.get(child.field) or [] if isinstance(r, dict)]
        sub = Table("", child.columns, (), False)
        merged = []
        for index, row in enumerate(rows):
            before = olds[index] if index < len(olds) else {}
            try:
                merged.append(_merge(sub, before, row, f"{path}.{child.field}.{index}"))
            except FormError as exc:
                errors.extend(exc.errors)
        if merged != olds:
            _put(item, (child.field,), merged or EMPTY)
    if table.raci:
        _merge_raci(item, form.get("contributeurs") or [])
    if errors:
        raise FormError(errors)
    return item


def _merge_raci(item: dict[str, Any], rows: list[Any]) -> None:
    old = [c for c in item.get("contributeurs") or [] if isinstance(c, dict)]
    wanted = [
        {"service": str(r.get("service")), "role": str(r.get("role"))}
        for r in rows
        if isinstance(r, dict) and r.get("service")
    ]
    pairs = [(str(c.get("service")), str(c.get("role"))) for c in old]
    if pairs == [(w["service"], w["role"]) for w in wanted]:
        return
    _put(item, ("contributeurs",), wanted or EMPTY)


def _put(item: dict[str, Any], key: tuple[str, ...], value: Any) -> None:
    target = item
    for step in key[:-1]:
        if not isinstance(target.get(step), dict):
            if value is EMPTY:
                return
            target[step] = {}
        target = target[step]
    if value is EMPTY:
        target.pop(key[-1], None)
    else:
        target[key[-1]] = value
    if len(key) > 1 and not item[key[0]]:
        del item[key[0]]


def save_file(located: Located, form: dict[str, Any]) -> str | None:
    """The file's new text for a form's answer (None: nothing changed); `FormError` when an
    item breaks the models' rules, each error at the form's path of its field."""
    if not isinstance(located.data, dict):
        raise FormError([{"path": "root", "message": "fichier illisible"}])
    text = located.path.read_text("utf-8")
    original = text
    errors: list[dict[str, str]] = []
    for kind, items in located.data.items():
        if kind not in TABLES or not isinstance(items, list) or kind not in form:
            continue
        olds = {i.get("id"): n for n, i in enumerate(items) if isinstance(i, dict)}
        new: list[tuple[int | None, Any]] = []
        seen: set[str] = set()
        for position, answer in enumerate(form[kind] or []):
            path = f"root.{kind}.{position}"
            item_id = str(answer.get("id") or "").strip() if isinstance(answer, dict) else ""
            if not item_id or item_id in seen:
                message = "identifiant en double" if item_id else "identifiant manquant"
                errors.append({"path": f"{path}.id", "message": message})
                continue
            seen.add(item_id)
            index = olds.get(item_id)
            try:
                item = _merge(TABLES[kind], items[index] if index is not None else {}, answer, path)
            except FormError as exc:
                errors.extend(exc.errors)
                continue
            errors.extend(_model_errors(kind, item, path))
            new.append((index, item))
        if new == [(n, i) for n, i in enumerate(items)]:
            continue
        located_now = located if text == original else _relocate(located.path, text)
        starts = [located_now.values[(kind, i)][0] for i in range(len(items))]
        end = list_end(located_now, kind, text)
        try:
            text = rewrite_items(text, kind, starts, end, items, new)
        except RoundTripError as exc:
            errors.append({"path": "root", "message": str(exc)})
    if errors:
        raise FormError(errors)
    return None if text == original else text


def _model_errors(kind: str, item: dict[str, Any], path: str) -> list[dict[str, str]]:
    cls: type[BaseModel] = ENTITY_BY_KIND[kind]
    try:
        cls.model_validate(item)
    except ValidationError as exc:
        return [
            {
                "path": ".".join([path, *map(str, e["loc"])]),
                "message": f"{field_path(tuple(e['loc']))} : {french_message(e, cls)}",
            }
            for e in exc.errors(include_url=False)
        ]
    return []


def _relocate(path: Path, text: str) -> Located:
    from livrables.content.yamlload import load_yaml

    return load_yaml(text, path)
