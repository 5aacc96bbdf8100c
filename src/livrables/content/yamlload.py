"""Safe YAML loading that remembers where every key and value came from.

PyYAML composes a node tree (with marks); we construct plain Python values from it ourselves so
that each value's position is recorded under its path, e.g. ("actions", 3, "pilote"). Only the
plain YAML types are built: a `!!python/...` tag or any other tag is refused, never executed, and
aliases may not expand beyond a fixed budget (the "billion laughs").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from livrables.content.source import (
    invisible_problem,
    read_source,
    report_controls,
    report_invisible,
)
from livrables.content.yamlhints import (
    _FLOW_COLON,
    _STRUCTURE,
    _colon_in_flow_value,
    _comma_in_value,
    _french_yaml_problem,
    diagnose,
)
from livrables.errors import ContentError, Report

Loc = tuple[str | int, ...]
Position = tuple[int, int]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
# Beyond this many nodes re-used through aliases, a file is refused rather than expanded.
MAX_ALIAS_EXPANSION = 10_000


class _Loader(yaml.SafeLoader):
    """A safe loader with YAML 1.2 scalars: only true/false are booleans (`pays: NO` stays
    "NO"), and no base-60 numbers (`debut: 9:30` stays the text "9:30", not 570)."""


# libyaml's parser (in C) when PyYAML has it: several times faster on large referentials. Its
# error messages are vaguer, so a file it refuses is parsed again by the Python one to explain.
_FastLoader: Any = _Loader
if hasattr(yaml, "CSafeLoader"):

    class _CLoader(yaml.CSafeLoader):
        pass

    _FastLoader = _CLoader


_REPLACED = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


@dataclass
class Located:
    """A YAML document as plain data plus the position of every value and key, by path."""

    path: Path
    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    warnings: list[tuple[int, int, str]] = field(default_factory=list)  # (line, col, message)

    def report_warnings(self, report: Report) -> None:
        for line, col, message in self.warnings:
            report.warning(self.path, line, col, message)

    def position(self, loc: Loc) -> Position:
        """Where `loc` is, or the nearest enclosing value that exists (for a missing key)."""
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def key_position(self, loc: Loc) -> Position:
        return self.keys.get(loc) or self.position(loc)


def read_yaml_file(path: Path, report: Report) -> Located | None:
    """Read, clean and parse a YAML content file; report why it cannot be, and return None."""
    try:
        source = read_source(path, line_break=" ")
        report_controls(source, report)
        report_invisible(source, report)
        located = load_yaml(source.text, path)
        located.report_warnings(report)
        return located
    except ContentError as exc:
        report.diagnostics.extend(exc.diagnostics)
        return None


def load_yaml(text: str, path: Path, line_offset: int = 0) -> Located:
    """Parse one YAML document; raise ContentError with a position for anything unusable.

    `line_offset` shifts positions, for front matter that starts below the file's first line.
    """
    try:
        loader, node = _compose(text, path, line_offset)
    except RecursionError:
        raise ContentError.at(path, 1 + line_offset, 1, TOO_DEEP) from None
    located = Located(path, None)
    if node is None:
        return located
    builder = _Builder(loader, located, line_offset, text.split("\n"))
    located.data = builder.build(node, ())
    return located


MAX_DEPTH = 40  # levels of lists and dictionaries: a referential needs five or six
TOO_DEEP = f"structure YAML trop profonde (plus de {MAX_DEPTH} niveaux imbriqués) : fichier refusé"
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _compose(text: str, path: Path, line_offset: int) -> tuple[Any, Node | None]:
    loader = _FastLoader(text)
    try:
        return loader, loader.get_single_node()
    except yaml.YAMLError:
        loader.dispose()
        loader = _Loader(text)
        return loader, _explain(loader, path, line_offset)
    finally:
        loader.dispose()


def _explain(loader: _Loader, path: Path, line_offset: int) -> Node | None:
    """Parse again with the Python parser, whose messages say what is wrong."""
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1, 1)
        text = str(getattr(loader, "buffer", "")).rstrip("\0")
        structural = any((exc.problem or "").startswith(p) for p in _STRUCTURE)
        diagnosis = diagnose(text, mark.line if mark else 0) if text and structural else None
        if diagnosis is not None:
            row, column, message = diagnosis
            raise ContentError.at(path, row + 1 + line_offset, column + 1, message) from None
        if mark is not None and _FLOW_COLON.match(exc.problem or ""):
            found = _colon_in_flow_value(text.split("\n")[mark.line], mark.column)
            if found is not None:
                raise ContentError.at(path, line, found[0] + 1, found[1]) from None
        raise ContentError.at(path, line, col, _french_yaml_problem(exc)) from None
    except yaml.YAMLError as exc:
        raise ContentError.at(path, 1 + line_offset, 1, f"YAML illisible : {exc}") from None


class _Builder:
    def __init__(
        self, loader: _Loader, located: Located, line_offset: int, lines: list[str]
    ) -> None:
        self.lines = lines
        self.loader = loader
        self.located = located
        self.line_offset = line_offset
        self.seen: set[int] = set()
        self.expanded = 0

    def pos(self, node: Node) -> Position:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def fail(self, node: Node, message: str) -> ContentError:
        line, col = self.pos(node)
        return ContentError.at(self.located.path, line, col, message)

    def build(self, node: Node, loc: Loc) -> Any:
        if len(loc) > MAX_DEPTH:
            raise self.fail(node, TOO_DEEP)
        if id(node) in self.seen:
            self.expanded += 1
            if self.expanded > MAX_ALIAS_EXPANSION:
                raise self.fail(
                    node, "trop de références YAML (alias « * ») à développer : fichier refusé"
                )
        self.seen.add(id(node))
        self.located.values.setdefault(loc, self.pos(node))
        if node.tag not in _STANDARD_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise self.fail(
                node,
                f"étiquette YAML « {tag} » interdite : seules les données simples "
                "(texte, nombres, dates, listes, dictionnaires) sont acceptées",
            )
        if isinstance(node, ScalarNode):
            scalar = node
            try:
                value = self.loader.construct_object(node)
            except (yaml.YAMLError, ValueError):
                # An impossible date such as 2026-02-30: keep the text, the model rejects it.
                return node.value
            if isinstance(value, str):
                self.check_text(node, value)
                self.check_comment(scalar)
            return value
        if isinstance(node, SequenceNode):
            return [self.build(child, (*loc, i)) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self.build_mapping(node, loc)
        raise self.fail(node, "structure YAML non prise en charge")

    def check_comment(self, node: ScalarNode) -> None:
        """`role: Cheffe #1`: YAML reads « Cheffe » and a comment; the consultant meant it all."""
        end = node.end_mark
        if node.style or end.line >= len(self.lines):  # quoted: nothing was cut
            return
        rest = self.lines[end.line][end.column :]
        if re.match(r"\s+#\S", rest):
            self.located.warnings.append(
                (
                    end.line + 1 + self.line_offset,
                    end.column + 2,
                    "texte coupé au « # » : ce qui suit « # » est lu comme un commentaire ; "
                    'mettez la valeur entre guillemets si le « # » en fait partie ("…")',
                )
            )

    def check_text(self, node: Node, value: str) -> None:
        """Characters an escape (`"\\x0b"`, `"\\u202e"`) let through the file's cleaning."""
        control = _CONTROL_IN_VALUE.search(value)
        if control is not None:
            code = f"U+{ord(control.group(0)):04X}"
            raise self.fail(node, f"caractère de contrôle {code} dans le texte : supprimez-le")
        found = invisible_problem(value)
        if found is not None:
            raise self.fail(node, found[1])

    def build_mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "la fusion YAML « << » n'est pas prise en charge")
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, "une clé doit être un simple texte")
            key = key_node.value
            if node.flow_style and _comma_in_value(key_node, value_node):
                before = node.value[index - 1] if index else None
                hint = (
                    f' : {before[0].value}: "{before[1].value}, {key}"'
                    if before is not None and isinstance(before[1], ScalarNode)
                    else ""
                )
                raise self.fail(
                    key_node,
                    f"« , » dans une valeur entre {{ }} : « {key} » y est lu comme une clé ; "
                    f"mettez la valeur qui contient la virgule entre guillemets{hint}",
                )
            if key in result:
                first_line = self.located.keys[(*loc, key)][0]
                raise self.fail(
                    key_node, f"clé « {key} » en double (déjà définie ligne {first_line})"
                )
            self.located.keys[(*loc, key)] = self.pos(key_node)
            result[key] = self.build(value_node, (*loc, key))
        return result
