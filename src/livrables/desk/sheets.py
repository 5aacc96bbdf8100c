"""Reading a workbook's sheets back: the rows, their columns, the cells an item came from
(to say an error at `fichier.xlsx!Feuille!C12`), the entities' sheets and their nested lists'.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livrables.content.validation import suggest
from livrables.content.yamlload import Located
from livrables.desk.cells import EMPTY, CellError, read, same, shown
from livrables.desk.columns import TABLES, Column
from livrables.desk.workbook import RACI_ROLES, parent_header, value_at


@dataclass
class KindState:
    """A kind being read back: its items as they were and as the workbook says."""

    located: Located
    old: list[Any]
    new: list[tuple[int | None, dict[str, Any]]] = field(default_factory=list)
    cells: dict[tuple[Any, ...], str] = field(default_factory=dict)  # (id, *key) -> "C12"
    rows: dict[Any, str] = field(default_factory=dict)  # id -> "A12"

    def by_id(self) -> dict[Any, int]:
        return {item.get("id"): i for i, item in enumerate(self.old) if isinstance(item, dict)}


def cell_name(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


class Reader:
    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self.root = root
        self.errors: list[str] = []

    def error(self, sheet: str, cell: str, message: str) -> None:
        self.errors.append(f"{self.path.name}!{sheet}!{cell} : {message}")


def sheet_rows(book: Any, name: str) -> list[tuple[Any, ...]]:
    if name not in book.sheetnames:
        return []
    return [tuple(row) for row in book[name].iter_rows(values_only=True)]


def read_entities(book: Any, reader: Reader, kind: str, state: KindState) -> None:
    rows = sheet_rows(book, kind)
    if not rows:
        state.new = [(i, item) for i, item in enumerate(state.old)]
        return
    columns = sheet_columns(reader, kind, rows[0], TABLES[kind].columns)
    known = state.by_id()
    seen: set[Any] = set()
    id_column = next((i for i, c in columns.items() if c.key == ("id",)), None)
    if id_column is None:
        reader.error(kind, "A1", "colonne « id » absente : chaque ligne doit garder son id")
        return
    for number, row in enumerate(rows[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        raw_id = row[id_column] if id_column < len(row) else None
        item_id = str(raw_id).strip() if raw_id is not None else ""
        where = cell_name(number, id_column + 1)
        if not item_id:
            reader.error(kind, where, "identifiant (id) manquant")
            continue
        if item_id in seen:
            reader.error(kind, where, f"identifiant « {item_id} » en double dans la feuille")
            continue
        seen.add(item_id)
        index = known.get(item_id)
        old = state.old[index] if index is not None else {}
        item = copy.deepcopy(old) if index is not None else {"id": item_id}
        state.rows[item_id] = cell_name(number, 1)
        for position, column in columns.items():
            cell = row[position] if position < len(row) else None
            if column.key == ("id",) or same(cell, shown(column, value_at(old, column.key))):
                continue
            coordinate = cell_name(number, position + 1)
            try:
                put(item, column.key, read(column, cell))
            except CellError as exc:
                reader.error(kind, coordinate, f"{column.header} : {exc}")
            state.cells[(item_id, *column.key)] = coordinate
        state.new.append((index, item))
    # items whose row was deleted are removed; the others keep their place, new ones follow
    state.new.sort(key=lambda pair: (pair[0] is None, pair[0] or 0))


def sheet_columns(
    reader: Reader, sheet: str, header: tuple[Any, ...], columns: tuple[Column, ...]
) -> dict[int, Column]:
    by_header = {c.header: c for c in columns}
    out: dict[int, Column] = {}
    for position, title in enumerate(header):
        if title is None:
            continue
        column = by_header.get(str(title).strip())
        if column is None:
            hint = suggest(str(title), list(by_header))
            reader.error(sheet, cell_name(1, position + 1), f"colonne « {title} » inconnue{hint}")
        else:
            out[position] = column
    return out


def put(item: dict[str, Any], key: tuple[str, ...], value: Any) -> None:
    parent = item
    for step in key[:-1]:
        if not isinstance(parent.get(step), dict):
            if value is EMPTY:
                return
            parent[step] = {}
        parent = parent[step]
    if value is EMPTY:
        parent.pop(key[-1], None)
    else:
        parent[key[-1]] = value
    if len(key) > 1 and not item[key[0]]:
        del item[key[0]]


def read_children(
    book: Any,
    reader: Reader,
    kind: str,
    name: str,
    columns: tuple[Column, ...],
    state: KindState,
) -> None:
    sheet = f"{kind}.{name}"
    rows = sheet_rows(book, sheet)
    if not rows:
        return
    header = rows[0]
    if not header or str(header[0]).strip() != parent_header(kind):
        reader.error(sheet, "A1", f"la première colonne doit être « {parent_header(kind)} »")
        return
    by_column = sheet_columns(reader, sheet, (None, *header[1:]), columns)
    groups: dict[str, list[tuple[int, tuple[Any, ...]]]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        parent = str(row[0]).strip() if row[0] is not None else ""
        if parent not in state.rows:
            known = list(state.rows)
            reader.error(
                sheet,
                f"A{number}",
                f"{parent_header(kind)} « {parent} » inconnue{suggest(parent, known)}",
            )
            continue
        groups.setdefault(parent, []).append((number, row))
    for _, item in state.new:
        rows_of = groups.get(item["id"], [])
        old_list = [x for x in (item.get(name) or []) if isinstance(x, dict)]
        new_list = []
        for position, (number, row) in enumerate(rows_of):
            old = old_list[position] if position < len(old_list) else {}
            sub = copy.deepcopy(old)
            for index, column in by_column.items():
                cell = row[index] if index < len(row) else None
                coordinate = cell_name(number, index + 1)
                if old and same(cell, shown(column, value_at(old, column.key))):
                    continue
                try:
                    put(sub, column.key, read(column, cell))
                except CellError as exc:
                    reader.error(sheet, coordinate, f"{column.header} : {exc}")
                state.cells[(item["id"], name, position, *column.key)] = coordinate
            new_list.append(sub)
        if new_list != old_list or (not new_list and item.get(name)):
            if new_list:
                item[name] = new_list
            else:
                item.pop(name, None)


def read_raci(book: Any, reader: Reader, state: KindState) -> None:
    sheet = "actions.RACI"
    rows = sheet_rows(book, sheet)
    if not rows:
        return
    services = [str(s).strip() if s is not None else "" for s in rows[0][2:]]
    by_id = {item["id"]: item for _, item in state.new}
    for number, row in enumerate(rows[1:], start=2):
        action = str(row[0]).strip() if row and row[0] is not None else ""
        if not action:
            continue
        item = by_id.get(action)
        if item is None:
            reader.error(sheet, f"A{number}", f"action « {action} » inconnue")
            continue
        wanted: list[tuple[str, str]] = []
        for offset, service in enumerate(services):
            cell = row[offset + 2] if offset + 2 < len(row) else None
            if cell is None or not str(cell).strip():
                continue
            for role in str(cell).replace(";", ",").replace(" ", ",").split(","):
                role = role.strip().upper()
                if not role:
                    continue
                if role not in RACI_ROLES:
                    reader.error(
                        sheet,
                        cell_name(number, offset + 3),
                        f"rôle « {role} » inconnu : R, A, C ou I",
                    )
                wanted.append((service, role))
                state.cells[(action, "contributeurs", service)] = cell_name(number, offset + 3)
        set_raci(item, wanted)


def set_raci(item: dict[str, Any], wanted: list[tuple[str, str]]) -> None:
    old = [c for c in item.get("contributeurs") or [] if isinstance(c, dict)]
    pairs = Counter((str(c.get("service")), str(c.get("role"))) for c in old)
    if pairs == Counter(wanted):
        return
    left = Counter(wanted)
    kept = []
    for contribution in old:
        pair = (str(contribution.get("service")), str(contribution.get("role")))
        if left[pair] > 0:
            left[pair] -= 1
            kept.append(contribution)
    for pair in wanted:
        if left[pair] > 0:
            left[pair] -= 1
            kept.append({"service": pair[0], "role": pair[1]})
    if kept:
        item["contributeurs"] = kept
    else:
        item.pop("contributeurs", None)
