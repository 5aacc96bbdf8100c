"""Many missions, several workers: each worker builds whole missions (load, render, write,
record) and sends back only what it did. The outputs are the bytes a sequential build makes;
an error in one mission stops no other; the next build finds everything up to date."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from livrables.pipeline import run as pipeline_run
from livrables.pipeline.inputs import Inputs
from livrables.pipeline.project import Project
from tests.conftest import Repo
from tests.helpers import W, docx_xml
from tests.pipeline.test_git_versions import git
from tests.test_real_renderers import need

MISSIONS = ["valbrune", "m1", "m2", "m3"]


@pytest.fixture
def four(repo: Repo) -> Repo:
    for name in MISSIONS[1:]:
        shutil.copytree(repo.mission, repo.root / "content" / name)
    return repo


def files(root: Path) -> dict[str, bytes]:
    build = root / "build"
    return {
        p.relative_to(build).as_posix(): p.read_bytes()
        for p in sorted(build.rglob("*"))
        if p.is_file() and not p.relative_to(build).as_posix().startswith(".")
    }


def test_missions_built_by_workers_are_the_sequential_bytes(
    four: Repo, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[int] = []  # the missions handed whole to workers
    fork_map = pipeline_run.fork_map

    def recording(function, items, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(function, pipeline_run._MissionJob):
            used.append(len(items))
        return fork_map(function, items, *args, **kwargs)

    monkeypatch.setattr(pipeline_run, "fork_map", recording)
    sequential = run("build", "--jobs", "1")
    assert sequential.exit_code == 0, sequential.output
    assert used == []  # one worker: the sequential road
    expected = files(four.root)
    # seven Word documents a mission, and in English the note, the kit and the kit side by side
    assert len([n for n in expected if n.endswith(".docx")]) == 4 * (7 + 3)
    parallel = run("build", "--jobs", "2", "--force")
    assert parallel.exit_code == 0, parallel.output
    assert used == [4]  # four missions, two workers: whole missions to each
    assert parallel.stdout.splitlines()[-1].startswith("36 livrables produits, 0 à jour")
    assert files(four.root) == expected
    again = run("build", "--jobs", "2")
    assert again.stdout.splitlines()[-1].startswith("0 livrable produit, 36 à jour")


def test_an_error_in_one_mission_stops_no_other(four: Repo, run: Callable[..., Result]) -> None:
    broken = four.root / "content" / "m2" / "livrables" / "formation.md"
    broken.write_text(broken.read_text("utf-8").replace("type: formation", "type: inconnu"))
    result = run("build", "--jobs", "2")
    assert result.exit_code == 1
    assert "content/m2/livrables/formation.md:2:" in result.output
    assert result.stdout.count("écrit : build/m1/") > 9 and "écrit : build/m3/" in result.stdout
    assert not (four.root / "build" / "m2" / "formation.docx").exists()
    assert (four.root / "build" / "m2" / "plan-actions.docx").is_file()


def test_a_worker_s_crash_is_reported_for_its_mission(
    four: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline_run.build_missions

    def crash_on_m1(settings, roots, *args):  # type: ignore[no-untyped-def]
        if roots[0].name == "m1":
            raise RuntimeError("panne")
        return real(settings, roots, *args)

    monkeypatch.setattr(pipeline_run, "build_missions", crash_on_m1)
    monkeypatch.delenv("LIVRABLES_DEBUG", raising=False)
    project = Project(four.root)
    result = pipeline_run.build(project, [], Inputs(project, ("docx", "html"), False), jobs=2)
    (problem,) = result.report.errors
    assert problem.path == four.root / "content" / "m1" / "mission.yaml"
    assert "erreur interne en produisant cette mission (RuntimeError : panne)" in problem.message
    assert result.built == 27  # the three other missions


def test_a_crash_in_one_deliverable_is_reported_for_it(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline_run.render

    def crash_on_formation(plan, resources, livrable, *args):  # type: ignore[no-untyped-def]
        if livrable.stem == "formation":
            raise RuntimeError("panne")
        return real(plan, resources, livrable, *args)

    monkeypatch.setattr(pipeline_run, "render", crash_on_formation)
    monkeypatch.delenv("LIVRABLES_DEBUG", raising=False)
    project = Project(repo.root)
    result = pipeline_run.build(project, [], Inputs(project, ("docx", "html"), False), jobs=1)
    (problem,) = result.report.errors
    assert problem.path == repo.mission / "livrables" / "formation.md"
    assert problem.message.startswith(
        "erreur interne en produisant ce livrable (RuntimeError : panne) ; les autres "
        "livrables sont produits."
    )
    assert result.built == 8 and result.failed == 1


def test_workers_make_pdfs_each_with_its_own_libreoffice(
    four: Repo, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker converts its missions with a LibreOffice profile of its own (two
    conversions sharing one silently write nothing), page numbers in the contents included."""
    monkeypatch.setenv("LIVRABLES_SOFFICE", need("soffice"))
    for name in MISSIONS:
        for body in (four.root / "content" / name / "livrables").glob("*.md"):
            if body.stem not in {"diagnostic-flash", "formation"}:
                body.unlink()
    result = run("build", "--jobs", "2")
    assert result.exit_code == 0, result.output
    for name in MISSIONS:
        for stem in ("diagnostic-flash", "formation"):
            assert (four.root / "build" / name / f"{stem}.pdf").stat().st_size > 20_000
        docx = docx_xml(four.root / "build" / name / "diagnostic-flash.docx")
        entries = [
            "".join(t.text or "" for t in p.iter(f"{W}t"))
            for p in docx.iter(f"{W}p")
            if (style := p.find(f"{W}pPr/{W}pStyle")) is not None and style.get(f"{W}val") == "TOC1"
        ]
        assert entries and all(e.rstrip()[-1].isdigit() for e in entries), entries
    profiles = sorted(p.name for p in (four.root / "build" / ".cache" / "libreoffice").iterdir())
    assert "profil-1" in profiles and "profil-2" in profiles


def test_after_a_parallel_build_an_edit_rebuilds_that_deliverable_only(
    four: Repo, run: Callable[..., Result]
) -> None:
    """In git (versions and draft marks from it): what the workers record matches what the
    next build computes. git's answers were once read by both workers from the same pipes,
    and half of the missions were rebuilt at the next edit."""
    git(four, "init", "-q")
    git(four, "add", "-A")
    git(four, "commit", "-q", "-m", "quatre missions")
    parallel = run("build", "--jobs", "2", "--force")
    assert parallel.exit_code == 0, parallel.output
    four.replace("livrables/formation.md", "# ", "# Titre changé ")
    edited = run("build", "--jobs", "2")
    assert edited.exit_code == 0, edited.output
    # the deliverable, and the deck drawing on it
    assert edited.stdout.splitlines()[-1].startswith("2 livrables produits, 34 à jour")
