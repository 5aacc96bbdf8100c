"""`docs/reference.md`: every key a consultant may write, generated from the same models as the
checks and the editor's schemas, so it cannot drift (a test fails when it is stale).

Run `livrables schema` to write it again with the schemas. Each key comes with its kind, its
allowed values and one example, taken from the sample mission where it has one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from livrables.blocks.graphique import KINDS, Kind
from livrables.content.yamlload import Located, load_yaml
from livrables.deliverables import BLOCKS, TYPES
from livrables.document.directives import CONTAINERS, OPTIONS, SOMMAIRE
from livrables.schemas import schemas

REFERENCE = Path("docs") / "reference.md"
_EXAMPLES_BY_KIND = {
    "date": "2027-03-15",
    "mois": "2028-03",
    "oui/non": "oui",
    "nombre": "12",
}


def reference(sample: Path | None = None) -> str:
    """The whole reference, in French Markdown; `sample` is a mission whose values serve as
    examples."""
    found = _Examples(sample)
    all_schemas = schemas()
    out = [
        "# Référence des contenus",
        "",
        "Généré par `livrables schema` à partir des modèles de l'outil : ne pas modifier à la "
        "main. Chaque clé est suivie de son type, de ses valeurs possibles et d'un exemple "
        "(tiré de la mission de démonstration quand elle en a un). « obligatoire » : la clé doit "
        "être présente.",
        "",
        "## `mission.yaml`",
        "",
    ]
    mission = all_schemas["mission.schema.json"]
    out += _table(mission, mission, found.mission, ())
    out += ["", "## Le référentiel (`referentiel/*.yaml`)", ""]
    referential = all_schemas["referentiel.schema.json"]
    for kind, prop in referential["properties"].items():
        item = _resolve(referential, prop["items"])
        out += [f"### `{kind}:`", "", "Une liste ; chaque élément :", ""]
        out += _table(referential, item, found.referential.get(kind), (kind, 0))
        out.append("")
    out += ["## L'en-tête des livrables (`livrables/*.md`)", ""]
    for name in TYPES:
        schema = all_schemas[f"livrable-{name}.schema.json"]
        out += [f"### `type: {name}`", ""]
        out += _table(schema, schema, found.fronts.get(name), ())
        out.append("")
    out += _blocks()
    return "\n".join(out).rstrip() + "\n"


def _chart_value(kind: Kind, key: str) -> str:
    """What a chart's option takes: its values, an entity's id, a month or a text."""
    if key in kind.choices:
        return " ou ".join(f"`{v}`" for v in kind.choices[key])
    entity = kind.options[key]
    if entity:
        return _identifier(entity)
    return "AAAA-MM" if key in {"debut", "fin"} else "texte"


def _blocks() -> list[str]:
    out = ["## Les blocs (`::: nom options` … `:::`)", ""]
    out += ["| bloc | livrables | options |", "|---|---|---|"]
    out.append(f"| `{SOMMAIRE}` | tous | `niveaux=` de 1 à 4 (par défaut 3) |")
    for name, block in BLOCKS.items():
        where = ", ".join(sorted(block.types)) or "tous"
        options = ", ".join(
            f"`{key}=` {_identifier(kind) if kind else 'texte'}"
            for key, kind in block.options.items()
        )
        if name == "graphique":
            options = "le genre : " + ", ".join(f"`{k}`" for k in KINDS) + " (ci-dessous)"
        out.append(f"| `{name}` | {where} | {options or '—'} |")
    out += ["", "Les graphiques (`::: graphique genre options`), dans tous les livrables :", ""]
    out += ["| graphique | titre par défaut | options |", "|---|---|---|"]
    for kind in KINDS.values():
        described = [f"`{key}=` {_chart_value(kind, key)}" for key in kind.options]
        described.append("`titre=` texte")
        out.append(f"| `{kind.name}` | {kind.title} | {', '.join(described)} |")
    out += ["", "Les encadrés, dont vous écrivez le contenu :", ""]
    out += ["| bloc | titre affiché | options |", "|---|---|---|"]
    for name, container in CONTAINERS.items():
        options = ", ".join(f"`{o}=` texte" for o in sorted(OPTIONS.get(name, set()))) or "—"
        out.append(f"| `{name}` | {container.title or '—'} | {options} |")
    return out


def _identifier(kind: str) -> str:
    return f"identifiant de `{kind}`"


def _table(
    root: dict[str, Any], schema: dict[str, Any], example: Any, loc: tuple[Any, ...]
) -> list[str]:
    rows = ["| clé | type | valeurs | exemple |", "|---|---|---|---|"]
    required = set(schema.get("required", []))
    for key, prop in schema.get("properties", {}).items():
        kind, values = _describe(root, prop)
        if key in required:
            kind += ", obligatoire"
        sample = example.get(key) if isinstance(example, dict) else None
        rows.append(f"| `{key}` | {kind} | {values or '—'} | {_example(sample, kind, values)} |")
    for key, prop in schema.get("properties", {}).items():
        nested = _nested(root, prop)
        if nested is not None:
            sample = example.get(key) if isinstance(example, dict) else None
            if isinstance(sample, list):
                sample = sample[0] if sample else None
            rows += ["", f"Sous `{key}:` :", ""]
            rows += _table(root, nested, sample, (*loc, key))
    return rows


def _resolve(root: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
    ref = prop.get("$ref")
    if isinstance(ref, str):
        resolved: dict[str, Any] = root["$defs"][ref.split("/")[-1]]
        return resolved
    return prop


def _nested(root: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any] | None:
    """The model inside a key (a sub-dictionary, or the items of a list), if any."""
    for candidate in (prop, prop.get("items", {}), *prop.get("anyOf", [])):
        if not isinstance(candidate, dict):
            continue
        candidate = _resolve(root, candidate)
        if "properties" in candidate:
            return candidate
        items = candidate.get("items")
        if isinstance(items, dict) and "properties" in _resolve(root, items):
            return _resolve(root, items)
    return None


def _describe(root: dict[str, Any], prop: dict[str, Any]) -> tuple[str, str]:
    """(kind, allowed values) in French."""
    prop = _resolve(root, prop)
    options = [p for p in prop.get("anyOf", []) if p.get("type") != "null"]
    if options and not any(o.get("type") == "boolean" for o in options):
        kinds = [_describe(root, o) for o in options]
        return " ou ".join(k for k, _ in kinds), "; ".join(v for _, v in kinds if v)
    if options:
        return "oui/non", "`oui`, `non`"
    if "enum" in prop:
        return "texte", ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return "texte", f"`{prop['const']}`"
    kind = prop.get("type")
    if kind == "array":
        item_kind, values = _describe(root, prop.get("items", {}))
        return f"liste de {item_kind}", values
    if kind == "object" or "properties" in prop:
        return "dictionnaire", ""
    if prop.get("format") == "date":
        return "date", "AAAA-MM-JJ"
    pattern = str(prop.get("pattern", ""))
    if "\\d{4}-\\d{1,2}" in pattern:
        return "mois", "AAAA-MM"
    if pattern.startswith("^[A-Za-z]"):
        return "identifiant", "lettres sans accent, chiffres, `-`, `_`, `.`"
    if kind in ("number", "integer"):
        return "nombre", ""
    return "texte", ""


def _example(sample: Any, kind: str, values: str) -> str:
    if sample is not None and not isinstance(sample, dict | list):
        text = str(sample) if not isinstance(sample, bool) else ("oui" if sample else "non")
        return f"`{text[:60]}`"
    if isinstance(sample, list) and sample and not isinstance(sample[0], dict):
        return f"`[{', '.join(str(s) for s in sample[:3])}]`"
    for name, example in _EXAMPLES_BY_KIND.items():
        if kind.startswith(name):
            return f"`{example}`"
    first = values.split(",")[0].strip() if values.startswith("`") else ""
    return first or "—"


class _Examples:
    """The sample mission's values, by file."""

    def __init__(self, sample: Path | None) -> None:
        self.mission: Any = None
        self.referential: dict[str, Any] = {}
        self.fronts: dict[str, Any] = {}
        if sample is None or not sample.is_dir():
            return
        self.mission = _read(sample / "mission.yaml").data
        for path in sorted((sample / "referentiel").glob("*.yaml")):
            data = _read(path).data
            if isinstance(data, dict):
                for kind, items in data.items():
                    if isinstance(items, list) and items:
                        self.referential.setdefault(kind, items[0])
        for path in sorted((sample / "livrables").glob("*.md")):
            text = path.read_text("utf-8")
            front = text.split("---", 2)[1] if text.startswith("---") else ""
            data = load_yaml(front, path).data
            if isinstance(data, dict) and "type" in data:
                self.fronts.setdefault(str(data["type"]), data)


def _read(path: Path) -> Located:
    return load_yaml(path.read_text("utf-8"), path)


def write_reference(root: Path) -> Path:
    path = root / REFERENCE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(reference(root / "content" / "valbrune"), encoding="utf-8")
    return path
