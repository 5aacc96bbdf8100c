"""JSON Schemas of the content files, for editors: VS Code's YAML extension validates and
completes a file whose first line names its schema (`# yaml-language-server: $schema=...`)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import create_model

from livrables.content.entities import ENTITY_BY_KIND
from livrables.content.models import MissionInfo
from livrables.deliverables import TYPES

SCHEMA_DIR = "schemas"


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema: the mission, the referential, each deliverable's front matter."""
    referentiel = create_model(  # type: ignore[call-overload]
        "Referentiel",
        **{kind: (list[cls], []) for kind, cls in ENTITY_BY_KIND.items()},  # type: ignore[valid-type]
        __config__=None,
    )
    result = {
        "mission.schema.json": MissionInfo.model_json_schema(),
        "referentiel.schema.json": referentiel.model_json_schema(),
    }
    for name, kind in TYPES.items():
        result[f"livrable-{name}.schema.json"] = kind.front_matter.model_json_schema()
    for name, schema in result.items():
        _drop_descriptions(schema)  # they are the code's English docstrings
        _numbers_as_text(schema)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema.setdefault("title", name.removesuffix(".schema.json"))
        if name == "referentiel.schema.json":
            schema["additionalProperties"] = False
    return result


def _drop_descriptions(node: Any) -> None:
    """Remove the docstrings pydantic copies as `description` annotations; a *field* named
    `description` (an objective's, a revision's) stays."""
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            del node["description"]
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for field_schema in value.values():
                    _drop_descriptions(field_schema)
            else:
                _drop_descriptions(value)
    elif isinstance(node, list):
        for value in node:
            _drop_descriptions(value)


def _numbers_as_text(node: Any) -> None:
    """A text field also takes a number, as the loader does (`version: 1.0`, `code: 01230`
    read as YAML 1.2): plain `"type": "string"` becomes string or number."""
    if isinstance(node, dict):
        plain = not ({"format", "pattern", "enum", "const"} & set(node))
        if node.get("type") == "string" and plain:
            node["type"] = ["string", "number"]
        for value in node.values():
            _numbers_as_text(value)
    elif isinstance(node, list):
        for value in node:
            _numbers_as_text(value)


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written


def modeline(schema_file: str, from_file: Path, project_root: Path) -> str:
    """The first line that points the YAML extension at a schema, relative to the file."""
    target = project_root / SCHEMA_DIR / schema_file
    relative = Path(os.path.relpath(target, from_file.parent)).as_posix()
    return f"# yaml-language-server: $schema={relative}\n"
