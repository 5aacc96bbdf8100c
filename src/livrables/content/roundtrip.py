"""Writing a content file back as the consultant wrote it: values changed in place, every
comment, key order, quoting and untouched line kept (ruamel.yaml's round trip), so that the
git diff of a one-field edit is one line.

For what edits the referential outside a text editor (a form, a workbook: issue 34). A file
whose layout the round trip would not give back byte for byte (an indentation it does not
know) is refused rather than rewritten: `RoundTripError`, in French.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from livrables.content.yamlload import Loc

# (mapping, sequence, offset): the indentations consultants' files use, most common first
LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 4, 0), (4, 4, 0))


class RoundTripError(ValueError):
    """Why a file cannot be written back as it was written (French)."""


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the consultant wrote on one
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def load(text: str) -> tuple[YAML, Any]:
    """The parser that gives `text` back byte for byte, and the document it reads."""
    for layout in LAYOUTS:
        yaml = _yaml(layout)
        data = yaml.load(text)
        if _dump(yaml, data) == text:
            return yaml, data
    raise RoundTripError(
        "mise en forme que l'outil ne sait pas réécrire à l'identique (indentation "
        "inhabituelle) : modifiez ce fichier dans un éditeur de texte"
    )


def edit(text: str, changes: Mapping[Loc, Any]) -> str:
    """`text` with the value at each location (`("actions", 3, "budget")`) replaced, a key
    added at the end of its mapping, or an item appended when its index is the list's
    length; everything else as written."""
    yaml, data = load(text)
    for loc, value in changes.items():
        if not loc:
            raise RoundTripError("modification sans emplacement")
        parent = data
        for step in loc[:-1]:
            parent = parent[step]
        last = loc[-1]
        if isinstance(parent, CommentedSeq) and last == len(parent):
            parent.append(_like(None, value))
        elif isinstance(parent, CommentedMap | CommentedSeq):
            old = parent[last] if _holds(parent, last) else None
            parent[last] = _like(old, value)
        else:
            raise RoundTripError(f"emplacement {'/'.join(map(str, loc))} introuvable")
    return _dump(yaml, data)


def _holds(parent: CommentedMap | CommentedSeq, key: Any) -> bool:
    if isinstance(parent, CommentedSeq):
        return isinstance(key, int) and 0 <= key < len(parent)
    return key in parent


def _like(old: Any, value: Any) -> Any:
    """The new value written as the old one was: in the same quotes."""
    if isinstance(value, str) and isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(value)
    if isinstance(value, str) and isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value
