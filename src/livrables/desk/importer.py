"""`livrables classeur importer`: a workbook read back into the referential's YAML.

Every cell that still shows what was exported is left alone; the others are read as their
column's kind (a date, an amount, an id), checked with the tool's own models and references,
and only then written, through the round trip (`content/roundtrip.py`): the YAML keeps its
comments, order and quotes, and one changed cell is one changed line. Nothing is written when
a cell is wrong (each error at `fichier.xlsx!Feuille!C12`) or when a file changed since the
export.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from livrables.content.entities import ENTITY_BY_KIND
from livrables.content.roundtrip import RoundTripError, rewrite_items
from livrables.content.validation import field_path, french_message, suggest
from livrables.content.yamlload import load_yaml
from livrables.desk.columns import REF, REFS, TABLES, Column
from livrables.desk.sheets import (
    KindState,
    Reader,
    read_children,
    read_entities,
    read_raci,
    sheet_rows,
)
from livrables.desk.workbook import (
    DIGESTS,
    FORMAT,
    WorkbookError,
    digest,
    list_end,
    read_sources,
    value_at,
)


@dataclass
class Imported:
    written: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    changed_items: int = 0


def import_workbook(root: Path, path: Path) -> Imported:
    """Read `path` back into its mission's referential under `root` (the repository)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a zip, XML or openpyxl error: not a workbook it can read
        raise WorkbookError(f"{path.name} n'est pas un classeur lisible ({exc})") from None
    meta = {row[0]: row[1] for row in sheet_rows(book, DIGESTS) if row and row[0]}
    if meta.get("format") != FORMAT or not isinstance(meta.get("mission"), str):
        raise WorkbookError(
            f"{path.name} n'est pas un classeur exporté par « livrables classeur exporter » "
            f"(feuille cachée {DIGESTS} absente ou modifiée)"
        )
    mission = root / "content" / str(meta["mission"])
    if not (mission / "mission.yaml").is_file() or "/" in str(meta["mission"]):
        raise WorkbookError(f"mission « {meta['mission']} » introuvable dans content/")
    sources = read_sources(mission)
    reader = Reader(path, root)
    kinds = {kind: KindState(located, items) for kind, (located, items) in sources.kinds().items()}
    for kind, state in kinds.items():
        read_entities(book, reader, kind, state)
    for kind, state in kinds.items():
        for child in TABLES[kind].children:
            read_children(book, reader, kind, child.field, child.columns, state)
        if TABLES[kind].raci:
            read_raci(book, reader, state)
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


def _check_references(reader: Reader, kinds: dict[str, KindState]) -> None:
    """Every id a changed cell names is an item of the kinds its column names."""
    ids: dict[str, set[str]] = {k: {i["id"] for _, i in s.new} for k, s in kinds.items()}
    for kind, state in kinds.items():
        for _, item in state.new:
            _check_item(reader, kind, item, state, ids)


def _check_item(
    reader: Reader, kind: str, item: dict[str, Any], state: KindState, ids: dict[str, set[str]]
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


def _texts(reader: Reader, kinds: dict[str, KindState]) -> dict[Path, str]:
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
        end = list_end(located, kind, text)
        try:
            text = rewrite_items(text, kind, starts, end, state.old, state.new)
        except RoundTripError as exc:
            reader.errors.append(f"{path.name} : {exc}")
            continue
        texts[path] = text
        _validate(reader, kind, state)
    return texts


def _validate(reader: Reader, kind: str, state: KindState) -> None:
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
