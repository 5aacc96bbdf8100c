"""The editor agrees with the tool: every valid content file passes its JSON Schema, read as
VS Code's YAML extension reads it (YAML 1.2: `oui` and dates are text), with a real validator."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from jsonschema import Draft202012Validator

from livrables.content.frontmatter import split_front_matter
from livrables.content.source import read_source
from tests.conftest import REPO, SAMPLE, Repo

SCHEMAS = REPO / "schemas"


class _Yaml12(yaml.SafeLoader):
    """YAML 1.2's core schema, as the editor applies it: true/false are booleans, numbers are
    numbers, and everything else (oui, 2026-11-20, 9:30) is text."""


_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(("bool", "timestamp"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def editor_read(text: str) -> Any:
    data = yaml.load(text, Loader=_Yaml12)  # noqa: S506 - a SafeLoader subclass
    assert not _has_dates(data)
    return data


def _has_dates(node: Any) -> bool:
    if isinstance(node, dict):
        return any(_has_dates(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_dates(v) for v in node)
    return isinstance(node, dt.date)


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMAS / name).read_text("utf-8")))


def errors(name: str, data: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(name).iter_errors(data)
    ]


def content_files(mission: Path) -> list[tuple[str, Any]]:
    """(schema, data as the editor reads it) for every content file of a mission."""
    files = [("mission.schema.json", editor_read((mission / "mission.yaml").read_text("utf-8")))]
    for path in sorted((mission / "referentiel").glob("*.yaml")):
        files.append(("referentiel.schema.json", editor_read(path.read_text("utf-8"))))
    for path in sorted((mission / "livrables").glob("*.md")):
        front = editor_read(split_front_matter(read_source(path)).front)
        files.append((f"livrable-{front['type']}.schema.json", front))
    return files


@pytest.mark.parametrize("index", range(len(content_files(REPO / "content" / SAMPLE))))
def test_the_sample_mission_passes_its_schemas(index: int) -> None:
    name, data = content_files(REPO / "content" / SAMPLE)[index]
    assert errors(name, data) == []


def test_every_scaffold_passes_its_schemas(repo: Repo, run: Callable[..., Result]) -> None:
    for kind in ("commune", "epci", "departement", "region"):
        slug = f"essai-{kind}"
        result = run("new", slug, "--collectivite", "Essai", "--type", kind)
        assert result.exit_code == 0, result.output
        for name, data in content_files(repo.root / "content" / slug):
            assert errors(name, data) == [], name


def test_the_schemas_refuse_what_the_tool_refuses() -> None:
    """The validator is real: an unknown key and a wrong type are refused."""
    mission = editor_read((REPO / "content" / SAMPLE / "mission.yaml").read_text("utf-8"))
    assert errors("mission.schema.json", {**mission, "pilot": "x"})
    assert errors("mission.schema.json", {**mission, "comarquage": "peut-être"})
    assert errors("mission.schema.json", {**mission, "elections": "mars 2028"})
    assert errors("mission.schema.json", {**mission, "elections": "2028-03"}) == []
    assert errors("mission.schema.json", {**mission, "comarquage": "oui"}) == []


def uncomment_examples(text: str) -> str:
    """What a consultant does with each commented example: drop the empty list, uncomment."""
    out: list[str] = []
    in_example = False
    for line in text.split("\n"):
        if line.startswith("# Exemple"):
            in_example = True
            if out and out[-1].endswith(": []"):
                out.pop()  # the empty list the example replaces
            continue
        if in_example and line.startswith("# "):
            out.append(line[2:])
            continue
        in_example = False
        out.append(line)
    return "\n".join(out)


def test_the_commented_examples_of_a_new_mission_are_valid(
    repo: Repo, run: Callable[..., Result]
) -> None:
    assert run("new", "exemple", "--collectivite", "Essai", "--type", "commune").exit_code == 0
    mission = repo.root / "content" / "exemple"
    changed = 0
    for path in [*mission.glob("referentiel/*.yaml"), *mission.glob("livrables/*.md")]:
        text = path.read_text("utf-8")
        if "# Exemple" in text:
            path.write_text(uncomment_examples(text), "utf-8")
            changed += text.count("# Exemple")
    assert changed >= 12
    result = run("check", "exemple")
    assert [line for line in result.stderr.splitlines() if "erreur" in line.split(":")[-1]] == []
    assert result.exit_code == 0, result.stderr
    for name, data in content_files(repo.root / "content" / "exemple"):
        assert errors(name, data) == [], name


def test_the_reference_is_up_to_date() -> None:
    """docs/reference.md is written by `livrables schema`; a model change must be followed."""
    from livrables.reference import REFERENCE, reference

    assert (REPO / REFERENCE).read_text("utf-8") == reference(REPO / "content" / SAMPLE)
