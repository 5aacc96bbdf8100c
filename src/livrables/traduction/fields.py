"""The visible texts of the models: the front matter's and the referential's fields a page
prints as prose, found from the models' annotations (an id, a reference, an enumerated value,
an hour, an e-mail are never texts to translate).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo

from livrables.content.models import Ref
from livrables.content.yamlload import Loc

# Fields of text that are not prose: addresses, codes, and what the firm keeps for itself (how
# a person's contact was obtained: GDPR, never printed).
NOT_PROSE = frozenset(
    {"id", "type", "version", "email", "telephone", "site", "code_pays", "transfert_hors_ue"}
)
INTERNAL_FIELDS = {("Personne", "source")}


def _metadata_blocks(meta: list[Any]) -> bool:
    for item in meta:
        if isinstance(item, Ref | BeforeValidator):
            return True
        if getattr(item, "pattern", None):
            return True
    return False


def _is_text(annotation: Any, meta: list[Any]) -> bool:
    """Whether values of this annotation are prose strings (or lists of them)."""
    if _metadata_blocks(meta):
        return False
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _is_text(base, list(extra))
    if origin is Literal:
        return False
    if origin in (typing.Union, types.UnionType, list):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return any(_is_text(a, []) for a in args)
    return annotation is str


def _field_is_text(model: type[BaseModel], name: str, info: FieldInfo) -> bool:
    if name in NOT_PROSE or (model.__name__, name) in INTERNAL_FIELDS:
        return False
    return _is_text(info.annotation, list(info.metadata))


def texts(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Each prose string of a model, with where it is (its path of keys and indexes)."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        text = _field_is_text(type(model), name, info)
        yield from _values(value, (*loc, name), text)


def _values(value: Any, loc: Loc, text: bool) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        if text and value.strip():
            yield loc, value
    elif isinstance(value, BaseModel):
        yield from texts(value, loc)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _values(item, (*loc, index), text)


def translated(model: Any, translate: Callable[[str], str]) -> Any:
    """A copy of the model with each prose string through `translate` (the same object when
    nothing changes)."""
    if not isinstance(model, BaseModel):
        return model
    updates = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        new = _translated(value, translate, _field_is_text(type(model), name, info))
        if new is not value:
            updates[name] = new
    return model.model_copy(update=updates) if updates else model


def _translated(value: Any, translate: Callable[[str], str], text: bool) -> Any:
    if isinstance(value, str):
        if not text:
            return value
        new = translate(value)
        return value if new == value else new
    if isinstance(value, BaseModel):
        return translated(value, translate)
    if isinstance(value, list):
        items = [_translated(v, translate, text) for v in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return value
