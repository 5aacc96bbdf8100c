"""`livrables classeur importer`: a workbook read back into the referential's YAML.

Every cell that still shows what was exported is left alone; the others are read as their
column's kind (a date, an amount, an id), checked with the tool's own models and references,
and only then written, through the round trip (`content/roundtrip.py`): the YAML keeps its
comments, order and quotes, and one changed cell is one changed line. Nothing is written when
a cell is wrong (each error at `fichier.xlsx!Feuille!C12`) or when a file changed since the
export.
"""

from __future__ import annotations

import copy
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from livrables.content.entities import ENTITY_BY_KIND
from livrables.content.roundtrip import RoundTripError, rewrite_items
from livrables.content.validation import field_path, french_message, suggest
from livrables.content.yamlload import Located, load_yaml
from livrables.desk.cells import EMPTY, CellError, read, same, shown
from livrables.desk.columns import REF, REFS, TABLES, Column
from livrables.desk.workbook import (
    DIGESTS,
    FORMAT,
    RACI_ROLES,
    WorkbookError,
    digest,
    parent_header,
    read_sources,
    value_at,
)


@dataclass
class Imported:
    written: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    changed_items: int = 0


@dataclass
class _Kind:
    """A kind being read back: its items as they were and as the workbook says."""

    located: Located
    old: list[Any]
    new: list[tuple[int | None, dict[str, Any]]] = field(default_factory=list)
    cells: dict[tuple[Any, ...], str] = field(default_factory=dict)  # (id, *key) -> "C12"
    rows: dict[Any, str] = field(default_factory=dict)  # id -> "A12"

    def by_id(self) -> dict[Any, int]:
        return {item.get("id"): i for i, item in enumerate(self.old) if isinstance(item, dict)}


def _coordinate(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


class _Reader:
    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self.root = root
        self.errors: list[str] = []

    def error(self, sheet: str, cell: str, message: str) -> None:
        self.errors.append(f"{self.path.name}!{sheet}!{cell} : {message}")


def _rows(book: Any, name: str) -> list[tuple[Any, ...]]:
    if name not in book.sheetnames:
        return []
    return [tuple(row) for row in book[name].iter_rows(values_only=True)]


def import_workbook(root: Path, path: Path) -> Imported:
    """Read `path` back into its mission's referential under `root` (the repository)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a zip, XML or openpyxl error: not a workbook it can read
        raise WorkbookError(f"{path.name} n'est pas un classeur lisible ({exc})") from None
    meta = {row[0]: row[1] for row in _rows(book, DIGESTS) if row and row[0]}
    if meta.get("format") != FORMAT or not isinstance(meta.get("mission"), str):
        raise WorkbookError(
            f"{path.name} n'est pas un classeur exporté par « livrables classeur exporter » "
            f"(feuille cachée {DIGESTS} absente ou modifiée)"
        )
    mission = root / "content" / str(meta["mission"])
    if not (mission / "mission.yaml").is_file() or "/" in str(meta["mission"]):
        raise WorkbookError(f"mission « {meta['mission']} » introuvable dans content/")
    sources = read_sources(mission)
    reader = _Reader(path, root)
    kinds = {kind: _Kind(located, items) for kind, (located, items) in sources.kinds().items()}
    for kind, state in kinds.items():
        _read_entities(book, reader, kind, state)
    for kind, state in kinds.items():
        for child in TABLES[kind].children:
            _read_children(book, reader, kind, child.field, child.columns, state)
        if TABLES[kind].raci:
            _read_raci(book, reader, state)
    book.close()
    _check_references(reader, kinds)
    result = Imported(errors=reader.errors)
    if reader.errors:
        return result
    texts = _texts(reader, kinds)
    if reader.errors:
        return result
    _refuse_changed(path, mission, meta, sources, texts)
    result.changed_items = sum(
        1
        for state in kinds.values()
        for index, item in state.new
        if index is None or item != state.old[index]
    )
    _write(texts)
    result.written = sorted(texts)
    return result


def _read_entities(book: Any, reader: _Reader, kind: str, state: _Kind) -> None:
    rows = _rows(book, kind)
    if not rows:
        state.new = [(i, item) for i, item in enumerate(state.old)]
        return
    columns = _columns(reader, kind, rows[0], TABLES[kind].columns)
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
        where = _coordinate(number, id_column + 1)
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
        state.rows[item_id] = _coordinate(number, 1)
        for position, column in columns.items():
            cell = row[position] if position < len(row) else None
            if column.key == ("id",) or same(cell, shown(column, value_at(old, column.key))):
                continue
            coordinate = _coordinate(number, position + 1)
            try:
                _put(item, column.key, read(column, cell))
            except CellError as exc:
                reader.error(kind, coordinate, f"{column.header} : {exc}")
            state.cells[(item_id, *column.key)] = coordinate
        state.new.append((index, item))
    # items whose row was deleted are removed; the others keep their place, new ones follow
    state.new.sort(key=lambda pair: (pair[0] is None, pair[0] or 0))


def _columns(
    reader: _Reader, sheet: str, header: tuple[Any, ...], columns: tuple[Column, ...]
) -> dict[int, Column]:
    by_header = {c.header: c for c in columns}
    out: dict[int, Column] = {}
    for position, title in enumerate(header):
        if title is None:
            continue
        column = by_header.get(str(title).strip())
        if column is None:
            hint = suggest(str(title), list(by_header))
            reader.error(sheet, _coordinate(1, position + 1), f"colonne « {title} » inconnue{hint}")
        else:
            out[position] = column
    return out


def _put(item: dict[str, Any], key: tuple[str, ...], value: Any) -> None:
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


def _read_children(
    book: Any,
    reader: _Reader,
    kind: str,
    name: str,
    columns: tuple[Column, ...],
    state: _Kind,
) -> None:
    sheet = f"{kind}.{name}"
    rows = _rows(book, sheet)
    if not rows:
        return
    header = rows[0]
    if not header or str(header[0]).strip() != parent_header(kind):
        reader.error(sheet, "A1", f"la première colonne doit être « {parent_header(kind)} »")
        return
    by_column = _columns(reader, sheet, (None, *header[1:]), columns)
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
                coordinate = _coordinate(number, index + 1)
                if old and same(cell, shown(column, value_at(old, column.key))):
                    continue
                try:
                    _put(sub, column.key, read(column, cell))
                except CellError as exc:
                    reader.error(sheet, coordinate, f"{column.header} : {exc}")
                state.cells[(item["id"], name, position, *column.key)] = coordinate
            new_list.append(sub)
        if new_list != old_list or (not new_list and item.get(name)):
            if new_list:
                item[name] = new_list
            else:
                item.pop(name, None)


def _read_raci(book: Any, reader: _Reader, state: _Kind) -> None:
    sheet = "actions.RACI"
    rows = _rows(book, sheet)
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
                        _coordinate(number, offset + 3),
                        f"rôle « {role} » inconnu : R, A, C ou I",
                    )
                wanted.append((service, role))
                state.cells[(action, "contributeurs", service)] = _coordinate(number, offset + 3)
        _set_raci(item, wanted)


def _set_raci(item: dict[str, Any], wanted: list[tuple[str, str]]) -> None:
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


def _check_references(reader: _Reader, kinds: dict[str, _Kind]) -> None:
    """Every id a changed cell names is an item of the kinds its column names."""
    ids: dict[str, set[str]] = {k: {i["id"] for _, i in s.new} for k, s in kinds.items()}
    for kind, state in kinds.items():
        for _, item in state.new:
            _check_item(reader, kind, item, state, ids)


def _check_item(
    reader: _Reader, kind: str, item: dict[str, Any], state: _Kind, ids: dict[str, set[str]]
) -> None:
    sheet = kind
    checks: list[tuple[tuple[Any, ...], Column, Any]] = [
        ((item["id"], *c.key), c, value_at(item, c.key))
        for c in TABLES[kind].columns
        if c.kind in (REF, REFS)
    ]
    for contribution in item.get("contributeurs") or [] if kind == "actions" else []:
        if isinstance(contribution, dict):
            service = contribution.get("service")
            column = Column(("service",), REF, refs=("services",))
            checks.append(((item["id"], "contributeurs", service), column, service))
            sheet = kind
    for where, column, value in checks:
        cell = state.cells.get(where)
        if cell is None or value is None:
            continue  # unchanged: `check` reports what was already wrong
        target = "actions.RACI" if where[1:2] == ("contributeurs",) else sheet
        known = sorted(set().union(*(ids.get(k, set()) for k in column.refs)))
        for one in value if isinstance(value, list) else [value]:
            if str(one) not in known:
                labels = " ou ".join(ENTITY_BY_KIND[k].label for k in column.refs)
                reader.error(
                    target, cell, f"{labels} « {one} » inconnu{suggest(str(one), known, 0.8)}"
                )


def _texts(reader: _Reader, kinds: dict[str, _Kind]) -> dict[Path, str]:
    """The new text of each file that changes, validated with the models."""
    texts: dict[Path, str] = {}
    for kind, state in kinds.items():
        if [i for i, _ in state.new] == list(range(len(state.old))) and all(
            item == state.old[i] for i, item in state.new if i is not None
        ):
            continue
        path = state.located.path
        text = texts.get(path) or path.read_text("utf-8")
        located = state.located if path not in texts else load_yaml(text, path)
        starts = [located.values[(kind, i)][0] for i in range(len(state.old))]
        end = _end_of(located, kind, text)
        try:
            text = rewrite_items(text, kind, starts, end, state.old, state.new)
        except RoundTripError as exc:
            reader.errors.append(f"{path.name} : {exc}")
            continue
        texts[path] = text
        _validate(reader, kind, state)
    return texts


def _end_of(located: Located, kind: str, text: str) -> int:
    """The line after the list of `kind`: the next top-level key's, or past the end."""
    start = located.keys[(kind,)][0]
    after = [pos[0] for loc, pos in located.keys.items() if len(loc) == 1 and pos[0] > start]
    return min(after, default=text.count("\n") + 1 + (0 if text.endswith("\n") else 1))


def _validate(reader: _Reader, kind: str, state: _Kind) -> None:
    """The models' verdict on each changed item, said at its cell (else at its row)."""
    cls = ENTITY_BY_KIND[kind]
    for position, (index, item) in enumerate(state.new):
        if index is not None and item == state.old[index]:
            continue
        try:
            cls.model_validate(item)
        except ValidationError as exc:
            base = (kind, position)
            for error in exc.errors(include_url=False):
                loc = tuple(error["loc"])
                cell = next(
                    (
                        state.cells[(item["id"], *loc[:n])]
                        for n in range(len(loc), 0, -1)
                        if (item["id"], *loc[:n]) in state.cells
                    ),
                    state.rows.get(item["id"], "A1"),
                )
                message = french_message(error, cls, base)
                reader.error(kind, cell, f"{field_path(loc)} : {message}")


def _refuse_changed(
    path: Path, mission: Path, meta: dict[Any, Any], sources: Any, texts: dict[Path, str]
) -> None:
    for located in sources.files:
        name = sources.relative(located)
        exported = meta.get(name)
        current = digest(located.path)
        if exported is not None and exported != current and located.path in texts:
            raise WorkbookError(
                f"{mission.name}/{name} a changé depuis l'export de {path.name} : rien n'a été "
                "écrit ; exportez un nouveau classeur (livrables classeur exporter) et "
                "reportez-y vos modifications"
            )


def _write(texts: dict[Path, str]) -> None:
    """Every file or none: each new text is written beside its file, then all are moved."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, text in texts.items():
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".classeur-", suffix=".yaml")
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            temps.append((tmp, path))
        for tmp, path in temps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
