"""The referential's fields as a consultant edits them outside YAML: one column per field,
typed from the models' annotations (a date, an amount, an id of a service, one of a list of
values), and the lists of items inside an item (financing lines, measures, milestones) as their
own tables. The workbook (`workbook.py`) and the forms (`forms.py`) both read this.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from livrables.content.entities import ENTITY_BY_KIND, Entity
from livrables.content.models import Ref

# kinds of column: what a cell holds and how it is read back
TEXT, NUMBER, INTEGER, DATE, BOOL, ENUM, REF, REFS, TEXTS, RAW = (
    "texte",
    "nombre",
    "entier",
    "date",
    "oui-non",
    "choix",
    "identifiant",
    "identifiants",
    "textes",
    "brut",
)
RACI_FIELD = "contributeurs"  # drawn as a matrix: actions down, services across


@dataclass(frozen=True)
class Column:
    key: tuple[str, ...]  # ("budget",), ("cible", "valeur")
    kind: str
    required: bool = False
    options: tuple[str, ...] = ()  # the values of a `choix`
    refs: tuple[str, ...] = ()  # the kinds an `identifiant(s)` names

    @property
    def header(self) -> str:
        return ".".join(self.key)

    def help(self) -> str:
        """The input message a workbook shows when the cell is selected (French)."""
        what = {
            TEXT: "Texte.",
            NUMBER: "Nombre (montant en euros, valeur) : 12000 ou 12000,50.",
            INTEGER: "Nombre entier.",
            DATE: "Date : jj/mm/aaaa.",
            BOOL: "oui ou non.",
            ENUM: "Une valeur de la liste : " + ", ".join(self.options) + ".",
            REF: "L'identifiant d'un élément de la liste (" + _kinds(self.refs) + ").",
            REFS: "Des identifiants (" + _kinds(self.refs) + ") séparés par des virgules.",
            TEXTS: "Un texte par ligne (Alt+Entrée pour aller à la ligne).",
            RAW: "Tel qu'écrit dans le YAML (coordonnées : latitude, longitude).",
        }[self.kind]
        return ("Obligatoire. " if self.required else "") + what


@dataclass(frozen=True)
class Child:
    """A list of items inside each item: `actions[].financements[]`."""

    field: str
    columns: tuple[Column, ...]

    def sheet(self, kind: str) -> str:
        return f"{kind}.{self.field}"


@dataclass(frozen=True)
class Table:
    """A kind of the referential as a table: its columns, its nested lists."""

    kind: str
    columns: tuple[Column, ...]
    children: tuple[Child, ...]
    raci: bool  # actions: their `contributeurs` as a matrix


def _kinds(kinds: tuple[str, ...]) -> str:
    return " ou ".join(ENTITY_BY_KIND[k].label for k in kinds)


def _unwrap(annotation: Any, meta: list[Any]) -> tuple[Any, list[Any], bool]:
    """The annotation without `Annotated` and `| None`, its metadata, and whether None is
    allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            meta = [*meta, *extra]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:  # Nombre: int | float
                return annotation, meta, optional
            annotation = args[0]
        else:
            return annotation, meta, optional


def _ref(meta: list[Any]) -> tuple[str, ...]:
    return next((m.kinds for m in meta if isinstance(m, Ref)), ())


def _column(key: tuple[str, ...], info: FieldInfo, required: bool) -> Column | None:
    """The column of a scalar field (None: a nested model or list of models)."""
    annotation, meta, _ = _unwrap(info.annotation, list(info.metadata))
    if _is_coordinates(annotation):
        return Column(key, RAW, required)
    origin = typing.get_origin(annotation)
    refs = _ref(meta)
    if origin is list:
        (item,) = typing.get_args(annotation)
        item, item_meta, _ = _unwrap(item, [])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return None
        refs = refs or _ref(item_meta)
        return Column(key, REFS if refs else TEXTS, required, refs=refs)
    if refs:
        return Column(key, REF, required, refs=refs)
    if origin is Literal:
        return Column(key, ENUM, required, options=tuple(map(str, typing.get_args(annotation))))
    if annotation is bool:
        return Column(key, BOOL, required)
    if annotation is dt.date:
        return Column(key, DATE, required)
    if annotation is int:
        return Column(key, INTEGER, required)
    if origin in (typing.Union, types.UnionType) or annotation is float:
        return Column(key, NUMBER, required)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return None
    return Column(key, TEXT, required)


def _is_coordinates(annotation: Any) -> bool:
    return getattr(annotation, "__name__", "") == "_Coordonnees"


def _model_of(info: FieldInfo) -> tuple[type[BaseModel] | None, bool]:
    """The model of a nested field, and whether it is a list of them."""
    annotation, _, _ = _unwrap(info.annotation, list(info.metadata))
    is_list = typing.get_origin(annotation) is list
    if is_list:
        annotation, _, _ = _unwrap(typing.get_args(annotation)[0], [])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, is_list
    return None, False


def columns_of(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[Column]:
    """The scalar columns of a model; a nested model's fields flattened (`cible.valeur`)."""
    out: list[Column] = []
    for name, info in model.model_fields.items():
        column = _column((*prefix, name), info, info.is_required() and not prefix)
        if column is not None:
            out.append(column)
            continue
        nested, is_list = _model_of(info)
        if nested is not None and not is_list:
            out.extend(columns_of(nested, (*prefix, name)))
    return out


def table_of(kind: str) -> Table:
    cls: type[Entity] = ENTITY_BY_KIND[kind]
    children = []
    for name, info in cls.model_fields.items():
        nested, is_list = _model_of(info)
        if nested is None or not is_list:
            continue
        if name == RACI_FIELD and kind == "actions":
            continue
        child_columns = [
            Column(c.key, c.kind, info_required(nested, c.key[0]), c.options, c.refs)
            for c in columns_of(nested)
        ]
        children.append(Child(name, tuple(child_columns)))
    return Table(kind, tuple(columns_of(cls)), tuple(children), kind == "actions")


def info_required(model: type[BaseModel], name: str) -> bool:
    return model.model_fields[name].is_required()


TABLES: dict[str, Table] = {kind: table_of(kind) for kind in ENTITY_BY_KIND}
