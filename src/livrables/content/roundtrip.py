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


# --- items rewritten one by one ------------------------------------------------------------
# ruamel.yaml reads and writes some 3,000 lines a second: a 500-action file would take seconds
# for a one-cell edit. A list's items are cut at the lines where they start (positions from
# the fast loader), and only the items that change go through the round trip, each as a small
# document of its own that must come back byte for byte as well.


def rewrite_items(
    text: str,
    key: str,
    starts: list[int],
    end: int,
    old: list[Any],
    new: list[tuple[int | None, Any]],
) -> str:
    """`text` with the list under the top-level `key` made of `new`: (index of the item in
    `old`, its new value) in order, None for an item to add; items of `old` not named are
    removed. `starts` are the 1-based lines where the old items start, `end` the line after
    the list. Untouched items keep their text byte for byte."""
    lines = text.splitlines(keepends=True)
    if not old or starts != sorted(set(starts)) or end <= starts[-1]:
        return _rewrite_whole(text, key, old, new)
    bounds = [*starts, end]
    chunks = ["".join(lines[bounds[i] - 1 : bounds[i + 1] - 1]) for i in range(len(old))]
    yaml: YAML | None = None
    out: list[str] = []
    for index, value in new:
        if index is not None and value == old[index]:
            out.append(chunks[index])
            continue
        if index is None:
            if yaml is None:
                yaml = _chunk(key, chunks[0])[0]
            data = CommentedMap({key: CommentedSeq([fresh(value)])})
        else:
            try:
                yaml, data = _chunk(key, chunks[index])
            except RoundTripError:
                return _rewrite_whole(text, key, old, new)
            reconcile(data[key][0], old[index], value)
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n"
        out.append(_dump(yaml, data).split("\n", 1)[1])
    return "".join([*lines[: starts[0] - 1], *out, *lines[end - 1 :]])


def _chunk(key: str, chunk: str) -> tuple[YAML, Any]:
    return load(f"{key}:\n{chunk}")


def _rewrite_whole(text: str, key: str, old: list[Any], new: list[tuple[int | None, Any]]) -> str:
    yaml, data = load(text)
    if data is None:
        data = CommentedMap()
    seq = data.get(key)
    if not isinstance(seq, CommentedSeq):
        seq = data[key] = CommentedSeq()
    items = []
    for index, value in new:
        if index is None:
            items.append(fresh(value))
        else:
            reconcile(seq[index], old[index], value)
            items.append(seq[index])
    seq[:] = items
    return _dump(yaml, data)


def reconcile(node: Any, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    """The mapping `node` (as ruamel read it) made to hold `new`, writing only the keys whose
    value differs from `old` (the same item as the tool's loader read it)."""
    for key in [k for k in node if k not in new]:
        del node[key]
    for key, value in new.items():
        if key in old and old[key] == value and key in node:
            continue
        previous = node.get(key)
        was = old.get(key)
        if isinstance(previous, CommentedMap) and isinstance(value, Mapping):
            reconcile(previous, was if isinstance(was, Mapping) else {}, value)
        elif isinstance(previous, CommentedSeq) and isinstance(value, list) and _maps(value):
            _reconcile_list(previous, was if isinstance(was, list) else [], value)
        else:
            node[key] = _styled(previous, value)


def _maps(values: list[Any]) -> bool:
    return bool(values) and all(isinstance(v, Mapping) for v in values)


def _reconcile_list(seq: CommentedSeq, old: list[Any], new: list[Any]) -> None:
    flow = all(getattr(item, "fa", None) and item.fa.flow_style() for item in seq)
    for index, value in enumerate(new):
        if index < len(seq) and isinstance(seq[index], CommentedMap):
            was = old[index] if index < len(old) and isinstance(old[index], Mapping) else {}
            reconcile(seq[index], was, value)
        elif index < len(seq):
            seq[index] = fresh(value, flow)
        else:
            seq.append(fresh(value, flow))
    del seq[len(new) :]


def _styled(previous: Any, value: Any) -> Any:
    """A new value in its predecessor's style: its quotes, a list in flow style `[a, b]`."""
    if isinstance(value, list):
        flow = previous.fa.flow_style() if isinstance(previous, CommentedSeq) else None
        return fresh(value, flow)
    return _like(previous, value)


def fresh(value: Any, flow: bool | None = None) -> Any:
    """A value as the house writes a new one: mappings in block style with their lists of ids
    in flow style (`objectifs: [RES-1]`), the items of a nested list as `{source: …, …}`."""
    if isinstance(value, Mapping):
        node = CommentedMap(
            (k, fresh(v, True if isinstance(v, list) else None)) for k, v in value.items()
        )
        if flow:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq(fresh(v, True) for v in value)
        plain = all(isinstance(v, str) and " " not in v for v in value)
        if plain and flow is not False:
            seq.fa.set_flow_style()
        return seq
    return _like(None, value)
