"""Editor support: JSON Schemas of the content files, and the lines that point VS Code at them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from livrables.schemas import schemas
from tests.conftest import REPO, Repo


def test_committed_schemas_are_up_to_date() -> None:
    """`livrables schema` was run after the last model change (schemas/ is in the repository)."""
    for name, schema in schemas().items():
        committed = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
        assert committed == schema, f"schemas/{name} is stale: run `livrables schema`"


def test_schema_command_writes_every_kind(
    repo: Repo, run: Callable[..., Result], tmp_path: Path
) -> None:
    result = run("schema", "--out", str(tmp_path / "s"))
    assert result.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert names[:2] == [
        "livrable-cadre-evaluation.schema.json",
        "livrable-diagnostic-flash.schema.json",
    ]
    assert "mission.schema.json" in names and "referentiel.schema.json" in names
    mission = json.loads((tmp_path / "s" / "mission.schema.json").read_text("utf-8"))
    assert mission["additionalProperties"] is False
    assert "collectivite" in mission["required"]
    assert "description" not in json.dumps(mission)  # no English docstrings in the editor


def test_referential_schema_knows_every_kind_and_refuses_others() -> None:
    schema = schemas()["referentiel.schema.json"]
    assert set(schema["properties"]) == {
        "services",
        "objectifs",
        "indicateurs",
        "acteurs",
        "territoires",
        "personnes",
        "actions_existantes",
        "actions",
    }
    assert schema["additionalProperties"] is False


def test_new_files_point_at_their_schema(repo: Repo, run: Callable[..., Result]) -> None:
    (repo.root / "schemas").mkdir()
    assert run("new", "brune", "--collectivite", "Brune", "--type", "commune").exit_code == 0
    mission = repo.root / "content/brune/mission.yaml"
    services = repo.root / "content/brune/referentiel/services.yaml"
    first = mission.read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/mission.schema.json"
    target = services.read_text("utf-8").splitlines()[0].split("$schema=")[1]
    assert (services.parent / target).resolve() == (
        repo.root / "schemas" / "referentiel.schema.json"
    ).resolve()
    result = run("check")
    assert result.exit_code == 0  # a new mission has no error from the start ...
    warnings = [line for line in result.stderr.splitlines() if "avertissement" in line]
    # ... only the places where the consultant has text to write, which --strict refuses
    assert warnings and all(
        "texte à remplacer" in line or " : la page dit « " in line for line in warnings[:-1]
    )
    assert run("check", "--strict").exit_code == 1
