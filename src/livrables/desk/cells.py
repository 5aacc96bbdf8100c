"""A value of the referential as a cell shows it, and a cell read back as a value.

A cell that still shows what was exported is not read at all: the YAML keeps its own writing
(`12,5`, `oui`, a list in any style), so an export followed by an import changes no byte.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from livrables.content.validation import suggest
from livrables.desk.columns import (
    BOOL,
    DATE,
    ENUM,
    INTEGER,
    NUMBER,
    RAW,
    REF,
    REFS,
    TEXTS,
    Column,
)

EMPTY = object()  # a cell left empty: the field is removed
_DATE_FORMS = (
    re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
)
_SPACES = re.compile(r"[\s\u00a0\u202f€]")
_IDS = re.compile(r"[,;\n]")


class CellError(ValueError):
    """Why a cell cannot be read (French)."""


def shown(column: Column, value: Any) -> Any:
    """The cell's value for a value of the YAML (as the tool's loader read it)."""
    if value is None:
        return None
    if column.kind == DATE and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    if column.kind == BOOL and isinstance(value, bool):
        return "oui" if value else "non"
    if column.kind in (REFS, RAW) and isinstance(value, list):
        return ", ".join(map(str, value))
    if column.kind == TEXTS and isinstance(value, list):
        return "\n".join(map(str, value))
    if column.kind == RAW and isinstance(value, dict):
        return ", ".join(str(v) for v in value.values())
    if isinstance(value, list | dict):
        return str(value)
    return value


def same(cell: Any, exported: Any) -> bool:
    """Whether a cell still shows what was exported (a number typed 12 for 12.0 included)."""
    if isinstance(cell, str) and not cell.strip():
        cell = None
    if isinstance(exported, str) and not exported.strip():
        exported = None
    if isinstance(cell, bool) or isinstance(exported, bool):
        return cell is exported
    return bool(cell == exported)


def read(column: Column, cell: Any) -> Any:
    """The YAML value a cell holds, `EMPTY` for an empty cell; `CellError` when it cannot be
    read as the column's kind."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return EMPTY
    kind = column.kind
    if kind in (NUMBER, INTEGER):
        return _number(cell, kind == INTEGER)
    if kind == DATE:
        return _date(cell)
    if kind == BOOL:
        return _bool(cell)
    if kind == REFS:
        return [part.strip() for part in _IDS.split(_text(cell)) if part.strip()]
    if kind == TEXTS:
        return [line.strip() for line in _text(cell).splitlines() if line.strip()]
    text = _text(cell).strip()
    if kind == ENUM and text not in column.options:
        raise CellError(
            f"« {text} » n'est pas une valeur possible{suggest(text, list(column.options))} ; "
            "valeurs possibles : " + ", ".join(column.options)
        )
    if kind == REF:
        return text
    return text


def _text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    return str(cell)


def _number(cell: Any, integer: bool) -> int | float:
    if isinstance(cell, bool | dt.datetime | dt.date):
        raise CellError(f"nombre attendu, pas « {_text(cell)} »")
    value: float
    if isinstance(cell, int | float):
        value = cell
    else:
        text = _SPACES.sub("", str(cell)).replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise CellError(f"nombre attendu : « {cell} » n'en est pas un") from None
    if not math.isfinite(value):
        raise CellError(f"nombre attendu : « {cell} » n'en est pas un")
    if float(value).is_integer():
        return int(value)
    if integer:
        raise CellError(f"nombre entier attendu, pas « {cell} »")
    return value


def _date(cell: Any) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = _text(cell).strip()
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            try:
                return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                raise CellError(f"date impossible « {text} » : ce jour n'existe pas") from None
    raise CellError(f"date attendue (jj/mm/aaaa), pas « {text} »")


def _bool(cell: Any) -> bool:
    if isinstance(cell, bool):
        return cell
    text = _text(cell).strip().lower()
    if text in ("oui", "vrai", "true", "1", "x"):
        return True
    if text in ("non", "faux", "false", "0"):
        return False
    raise CellError(f"« oui » ou « non » attendu, pas « {cell} »")
