"""A deliverable in the preview's forms: its front matter as a form (from its type's model),
its Markdown body in a text pane, both written back as the consultant wrote them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from livrables.content.frontmatter import split_front_matter
from livrables.content.roundtrip import RoundTripError, load, reconcile
from livrables.content.source import SourceText
from livrables.content.validation import field_path, french_message
from livrables.content.yamlload import Located, load_yaml
from livrables.deliverables import TYPES
from livrables.desk.forms import FormError
from livrables.desk.schema import label

# the blocks a body may use, as the palette inserts them (French, as the consultant types them)
PALETTE = (
    ("Calendrier des actions (Gantt)", "::: graphique gantt\n:::\n"),
    ("Budget par financeur", "::: graphique budget par=financeur\n:::\n"),
    ("Indicateurs en graphique", "::: graphique indicateurs\n:::\n"),
    ("Carte des partenaires", "::: graphique carte\n:::\n"),
    ("Inventaire par type", "::: graphique inventaire par=type\n:::\n"),
    ("Plan d'actions", "::: plan-actions\n:::\n"),
    ("Matrice RACI", "::: raci\n:::\n"),
    ("Indicateurs", "::: indicateurs\n:::\n"),
    ("Partenaires", "::: partenaires\n:::\n"),
    ("À retenir", "::: a-retenir\nL'essentiel, en deux phrases.\n:::\n"),
    (
        "Deux colonnes",
        "::: colonnes\n### À gauche\n\nTexte.\n\n---\n\n### À droite\n\nTexte.\n:::\n",
    ),
    ("Note interne (jamais transmise)", "::: interne\nPour l'équipe seulement.\n:::\n"),
)


@dataclass
class Deliverable:
    path: Path
    text: str
    located: Located
    body: str
    type: str


def read_deliverable(path: Path) -> Deliverable:
    text = path.read_text("utf-8")
    split = split_front_matter(SourceText(path, text))
    located = load_yaml(split.front, path, split.front_line_offset)
    data = located.data if isinstance(located.data, dict) else {}
    return Deliverable(path, text, located, split.body, str(data.get("type", "")))


def _flat(node: Any) -> Any:
    """pydantic's schema as json-editor draws it best: `X | None` as X (the field is optional
    anyway), French titles."""
    if isinstance(node, list):
        return [_flat(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _flat(v) for k, v in node.items() if k not in ("default", "description")}
    options = node.get("anyOf")
    if isinstance(options, list):
        kept = [o for o in options if o != {"type": "null"}]
        if len(kept) == 1:
            del node["anyOf"]
            node = {**kept[0], **node}
    if node.get("type") == ["string", "number"]:
        node["type"] = "string"
    for name, prop in (node.get("properties") or {}).items():
        if isinstance(prop, dict):
            prop["title"] = label(name)
    return node


def front_schema(deliverable: Deliverable) -> dict[str, Any]:
    kind = TYPES.get(deliverable.type)
    if kind is None:
        return {"type": "object", "title": "En-tête"}
    schema = _flat(kind.front_matter.model_json_schema())
    schema["title"] = "En-tête"
    return dict(schema)


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def front_values(deliverable: Deliverable) -> dict[str, Any]:
    data = deliverable.located.data
    return jsonable(data) if isinstance(data, dict) else {}


def _typed(old: Any, value: Any, schema: dict[str, Any]) -> Any:
    """A form's value with its YAML type back: an ISO date as a date, where the field is one."""
    if isinstance(value, str) and (schema.get("format") == "date" or isinstance(old, dt.date)):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, list):
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        return [_typed(None, v, items or {}) for v in value]
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        olds = old if isinstance(old, dict) else {}
        return {k: _typed(olds.get(k), v, props.get(k, {})) for k, v in value.items()}
    return value


def save_deliverable(deliverable: Deliverable, front: dict[str, Any], body: str) -> str | None:
    """The deliverable's new text (None: unchanged); `FormError` when the front matter breaks
    its type's rules."""
    old = deliverable.located.data if isinstance(deliverable.located.data, dict) else {}
    schema = front_schema(deliverable)
    props = schema.get("properties") or {}
    new: dict[str, Any] = {}
    for key, value in front.items():
        if value is None or value == "":
            continue
        if key in old and jsonable(old[key]) == value:
            new[key] = old[key]
        else:
            new[key] = _typed(old.get(key), value, _resolve(schema, props.get(key, {})))
    kind = TYPES.get(str(new.get("type", deliverable.type)))
    if kind is not None:
        try:
            kind.front_matter.model_validate(new)
        except ValidationError as exc:
            raise FormError(
                [
                    {
                        "path": ".".join(["root", *map(str, e["loc"])]),
                        "message": f"{field_path(tuple(e['loc']))} : "
                        f"{french_message(e, kind.front_matter)}",
                    }
                    for e in exc.errors(include_url=False)
                ]
            ) from None
    split = split_front_matter(SourceText(deliverable.path, deliverable.text))
    front_text = split.front + "\n"
    if new != old:
        try:
            yaml, data = load(front_text)
        except RoundTripError as exc:
            raise FormError([{"path": "root", "message": str(exc)}]) from None
        reconcile(data, old, new)
        out = io_dump(yaml, data)
    else:
        out = front_text
    body = body.replace("\r\n", "\n")
    text = f"---\n{out}---\n{body}"
    return None if text == deliverable.text else text


def _resolve(schema: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
    ref = prop.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return dict((schema.get("$defs") or {}).get(ref.split("/")[-1], {}))
    return prop


def io_dump(yaml: Any, data: Any) -> str:
    import io

    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
