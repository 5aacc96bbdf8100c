"""`livrables classeur exporter`: the mission's referential as a workbook a consultant (or a
client) fills in Excel or LibreOffice: a sheet per kind, a sheet per nested list (financing
lines, measures, milestones), the RACI as a matrix, dropdowns for ids and values, an input
message on every column, and a hidden sheet with the digests of the files exported, so that
`importer` refuses to overwrite what changed since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livrables.content.entities import ENTITY_BY_KIND
from livrables.content.yamlload import Located, read_yaml_file
from livrables.desk.cells import shown
from livrables.desk.columns import DATE, ENUM, REF, TABLES, Column, Table
from livrables.errors import Report

FORMAT = "livrables-classeur-1"
DIGESTS = "_empreintes"
LISTS = "_listes"
MAX_ROW = 5000  # dropdowns and input messages down to this row
RACI_ROLES = ("R", "A", "C", "I")


class WorkbookError(Exception):
    """Why a workbook cannot be written or read back (French)."""


@dataclass
class Sources:
    """The referential files of a mission as the tool reads them."""

    mission: Path
    files: list[Located] = field(default_factory=list)

    def kinds(self) -> dict[str, tuple[Located, list[Any]]]:
        """Each kind of the referential with the file that holds it and its items."""
        out: dict[str, tuple[Located, list[Any]]] = {}
        for located in self.files:
            if isinstance(located.data, dict):
                for kind, items in located.data.items():
                    if kind in ENTITY_BY_KIND and isinstance(items, list) and kind not in out:
                        out[kind] = (located, items)
        return {kind: out[kind] for kind in ENTITY_BY_KIND if kind in out}

    def relative(self, located: Located) -> str:
        return located.path.relative_to(self.mission).as_posix()


def read_sources(mission: Path) -> Sources:
    folder = mission / "referentiel"
    report = Report()
    sources = Sources(mission)
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        located = read_yaml_file(path, report)
        if located is not None:
            sources.files.append(located)
    if report.errors:
        first = report.sorted()[0]
        raise WorkbookError(
            f"{first.format()} ; corrigez le référentiel (livrables check) avant le classeur"
        )
    return sources


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parent_header(kind: str) -> str:
    """The first column of a nested list's sheet: the id of the item it belongs to."""
    return ENTITY_BY_KIND[kind].label.split()[0]


def value_at(item: Any, key: tuple[str, ...]) -> Any:
    for step in key:
        if not isinstance(item, dict):
            return None
        item = item.get(step)
    return item


def list_end(located: Located, kind: str, text: str) -> int:
    """The line after the list of `kind`: the next top-level key's, or past the end."""
    start = located.keys[(kind,)][0]
    after = [pos[0] for loc, pos in located.keys.items() if len(loc) == 1 and pos[0] > start]
    return min(after, default=text.count("\n") + 1 + (0 if text.endswith("\n") else 1))


def export_workbook(mission: Path, out: Path) -> Path:
    """Write the workbook of `mission` at `out` (replaced whole, never half-written)."""
    from openpyxl import Workbook  # imported by the command that writes workbooks only

    sources = read_sources(mission)
    kinds = sources.kinds()
    if not kinds:
        raise WorkbookError(f"aucun élément dans {mission.name}/referentiel/ à exporter")
    book = Workbook()
    book.remove(book.active)
    lists = _Lists(book.create_sheet(LISTS), kinds)
    for kind, (_, items) in kinds.items():
        table = TABLES[kind]
        _entity_sheet(book, table, items, lists)
        for child in table.children:
            rows = [
                [item.get("id"), *(shown(c, value_at(sub, c.key)) for c in child.columns)]
                for item in items
                if isinstance(item, dict)
                for sub in (item.get(child.field) or [])
                if isinstance(sub, dict)
            ]
            header = (parent_header(kind), *(c.header for c in child.columns))
            parent = Column(("id",), REF, True, refs=(kind,))
            _sheet(book, child.sheet(kind), header, (parent, *child.columns), rows, lists)
        if table.raci:
            _raci_sheet(book, items, kinds, lists)
    _digests(book, sources)
    lists.sheet.sheet_state = "hidden"
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".classeur-", suffix=".xlsx")
    os.close(fd)
    try:
        book.save(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


def _entity_sheet(book: Any, table: Table, items: list[Any], lists: _Lists) -> None:
    rows = [
        [shown(c, value_at(item, c.key)) for c in table.columns]
        for item in items
        if isinstance(item, dict)
    ]
    header = tuple(c.header for c in table.columns)
    _sheet(book, table.kind, header, table.columns, rows, lists)


def _raci_sheet(book: Any, items: list[Any], kinds: dict[str, Any], lists: _Lists) -> None:
    services = [s.get("id") for s in kinds.get("services", (None, []))[1] if isinstance(s, dict)]
    for item in items:
        for contribution in item.get("contributeurs") or [] if isinstance(item, dict) else []:
            if isinstance(contribution, dict) and contribution.get("service") not in services:
                services.append(contribution.get("service"))
    rows = []
    for item in items:
        if not isinstance(item, dict):
            continue
        roles: dict[Any, list[str]] = {}
        for contribution in item.get("contributeurs") or []:
            if isinstance(contribution, dict):
                roles.setdefault(contribution.get("service"), []).append(
                    str(contribution.get("role"))
                )
        rows.append(
            [item.get("id"), item.get("intitule")]
            + [", ".join(roles.get(s, [])) or None for s in services]
        )
    role = Column(("role",), ENUM, options=RACI_ROLES)
    columns = (
        Column(("id",), REF, True, refs=("actions",)),
        Column(("intitule",), "texte"),
        *(role for _ in services),
    )
    header = ("action", "intitule", *(str(s) for s in services))
    _sheet(book, "actions.RACI", header, columns, rows, lists, raci=True)


class _Lists:
    """The hidden sheet the dropdowns read: a column per list of ids or of values."""

    def __init__(self, sheet: Any, kinds: dict[str, tuple[Located, list[Any]]]) -> None:
        self.sheet = sheet
        self.kinds = kinds
        self.ranges: dict[tuple[str, ...], str] = {}

    def range_of(self, values: tuple[str, ...], name: str) -> str:
        from openpyxl.utils import get_column_letter

        if values not in self.ranges:
            column = len(self.ranges) + 1
            self.sheet.cell(row=1, column=column, value=name)
            for row, value in enumerate(values, start=2):
                self.sheet.cell(row=row, column=column, value=value).data_type = "s"
            letter = get_column_letter(column)
            end = max(len(values) + 1, 2)
            self.ranges[values] = f"'{LISTS}'!${letter}$2:${letter}${end}"
        return self.ranges[values]

    def ids(self, refs: tuple[str, ...]) -> tuple[str, ...]:
        out: list[str] = []
        for kind in refs:
            for item in self.kinds.get(kind, (None, []))[1]:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    out.append(item["id"])
        return tuple(out)


def _sheet(
    book: Any,
    name: str,
    header: tuple[str, ...],
    columns: tuple[Column, ...],
    rows: list[list[Any]],
    lists: _Lists,
    raci: bool = False,
) -> Any:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(name)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE3EA")
    for index, title in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=index, value=title)
        cell.font, cell.fill = bold, fill
        cell.data_type = "s"
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # « =… » is a text, never a formula
                if "\n" in value:
                    cell.alignment = wrap
            elif isinstance(value, dt.datetime):
                cell.number_format = "DD/MM/YYYY"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _width(column, raci and index > 2)
        _validation(sheet, f"{letter}2:{letter}{MAX_ROW}", column, header[index - 1], lists)
    sheet.freeze_panes = "C2" if raci else "B2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    return sheet


def _width(column: Column, matrix: bool) -> float:
    if matrix:
        return 12
    if column.kind in (DATE, ENUM, REF) or column.key[-1] in ("id", "sigle"):
        return 18
    return 40 if column.kind in ("texte", "textes") else 16


def _validation(sheet: Any, cells: str, column: Column, title: str, lists: _Lists) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    prompt = column.help()
    if column.kind == ENUM:
        rule = DataValidation(type="list", formula1=lists.range_of(column.options, title))
        rule.error = "Choisissez une valeur de la liste."
        rule.errorStyle = "warning" if column.options == RACI_ROLES else "stop"
        if column.options == RACI_ROLES:
            prompt = "R réalise, A approuve, C consulté, I informé ; « A, R » pour deux rôles."
    elif column.kind == REF:
        ids = lists.ids(column.refs)
        rule = DataValidation(type="list", formula1=lists.range_of(ids, title))
        rule.error = "Identifiant absent du référentiel : ajoutez-le d'abord dans sa feuille."
        rule.errorStyle = "warning"
    elif column.kind == DATE:
        rule = DataValidation(type="date", operator="greaterThan", formula1="1")
        rule.error = "Une date : jj/mm/aaaa."
        rule.errorStyle = "warning"
    else:
        rule = DataValidation(allow_blank=True)
    rule.allow_blank = True
    rule.showErrorMessage = True
    rule.promptTitle = title[:32]
    rule.prompt = prompt[:255]
    rule.showInputMessage = True
    sheet.add_data_validation(rule)
    rule.add(cells)


def _digests(book: Any, sources: Sources) -> None:
    sheet = book.create_sheet(DIGESTS)
    sheet.append(["format", FORMAT])
    sheet.append(["mission", sources.mission.name])
    for located in sources.files:
        sheet.append([sources.relative(located), digest(located.path)])
    sheet.sheet_state = "hidden"
