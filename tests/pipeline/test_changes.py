"""`livrables list --changed-since REF`: the missions a push touches, for a CI's matrix."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable

import pytest
import yaml
from click.testing import Result

from tests.conftest import Repo
from tests.pipeline.test_git_versions import git


@pytest.fixture
def two(repo: Repo) -> Repo:
    """Two missions in a committed repository."""
    shutil.copytree(repo.mission, repo.root / "content" / "lorient")
    (repo.root / ".gitignore").write_text("build/\n", "utf-8")
    (repo.root / "README.md").write_text("# Dépôt\n", "utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Deux missions")
    return repo


def changed(run: Callable[..., Result], *args: str) -> Result:
    result = run("list", "--changed-since", *args)
    assert result.exit_code == 0, result.output
    return result


def test_a_mission_s_file_touches_that_mission(two: Repo, run: Callable[..., Result]) -> None:
    assert changed(run, "HEAD").output == ""
    (two.root / "content/lorient/livrables/formation.md").write_text("changé", "utf-8")
    assert changed(run, "HEAD").output == "lorient\n"
    git(two, "commit", "-q", "-am", "Formation")
    assert changed(run, "HEAD~1").output == "lorient\n"  # committed: the push's range
    assert changed(run, "HEAD").output == ""
    (two.mission / "images" / "nouvelle.png").write_bytes(b"png")  # untracked, not ignored
    assert changed(run, "HEAD").output == "valbrune\n"


def test_the_firm_s_identity_or_the_tool_touches_every_mission(
    two: Repo, run: Callable[..., Result]
) -> None:
    (two.root / "README.md").write_text("# Autre\n", "utf-8")
    assert changed(run, "HEAD").output == ""  # the README shapes no document
    (two.root / "templates" / "marque.yaml").write_text(
        (two.root / "templates" / "marque.yaml").read_text("utf-8") + "\n", "utf-8"
    )
    assert changed(run, "HEAD").output == "lorient\nvalbrune\n"


def test_an_unknown_ref_lists_every_mission_and_says_so(
    two: Repo, run: Callable[..., Result]
) -> None:
    for ref in ("0000000000000000000000000000000000000000", "inexistante", "--output=x"):
        result = changed(run, ref)
        assert result.stdout == "lorient\nvalbrune\n"
        assert "inconnue de git : toutes les missions sont listées" in result.stderr


def test_formats_for_github_and_gitlab(two: Repo, run: Callable[..., Result]) -> None:
    (two.root / "content/lorient/mission.yaml").write_text(
        (two.root / "content/lorient/mission.yaml").read_text("utf-8") + "\n", "utf-8"
    )
    assert json.loads(changed(run, "HEAD", "--format", "json").stdout) == ["lorient"]
    pipeline = yaml.safe_load(changed(run, "HEAD", "--format", "gitlab").stdout)
    job = pipeline["livrables-lorient"]
    assert job["extends"] == ".livrables-mission" and job["variables"]["MISSION"] == "lorient"
    template = pipeline[".livrables-mission"]
    assert template["artifacts"]["paths"] == ["build/$MISSION/"]
    assert any("build/.cache/" in c["paths"] for c in template["cache"])
    assert '"$MISSION"' in template["script"][0]
    (two.root / "content/lorient/mission.yaml").write_text("", "utf-8")
    git(two, "checkout", "-q", "--", "content/lorient/mission.yaml")
    empty = yaml.safe_load(changed(run, "HEAD", "--format", "gitlab").stdout)
    assert list(empty) == ["rien-a-produire"]  # GitLab refuses a pipeline with no job


def test_the_ci_templates_use_the_selection(run: Callable[..., Result]) -> None:
    from tests.conftest import REPO

    github = yaml.safe_load((REPO / "ci" / "github-actions.yml").read_text("utf-8"))
    steps = " ".join(str(s.get("run", "")) for s in github["jobs"]["missions"]["steps"])
    assert "livrables list --changed-since" in steps and "--format json" in steps
    matrix = github["jobs"]["mission"]["strategy"]["matrix"]["mission"]
    assert "fromJSON(needs.missions.outputs.liste)" in matrix
    gitlab = yaml.safe_load((REPO / "ci" / "gitlab-ci.yml").read_text("utf-8"))
    assert "--format gitlab" in " ".join(gitlab["missions"]["script"])
    assert gitlab["livrables"]["trigger"]["include"][0]["artifact"] == "missions.yml"
