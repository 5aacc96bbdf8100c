"""Incremental builds: an output whose inputs did not change is skipped; any input change
rebuilds exactly what depends on it; parallel workers give the same bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import Repo


def build(run: Callable[..., Result], *args: str) -> str:
    result = run("build", *args)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[-1]


def outputs(repo: Repo) -> dict[str, tuple[int, bytes]]:
    folder = repo.root / "build" / "valbrune"
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()}


def test_unchanged_inputs_are_skipped_and_nothing_is_rewritten(
    repo: Repo, run: Callable[..., Result]
) -> None:
    assert build(run).startswith("9 livrables produits, 0 à jour")
    before = outputs(repo)
    assert build(run).startswith("0 livrable produit, 9 à jour, 0 en échec")
    assert outputs(repo) == before  # same bytes, same modification times


@pytest.mark.parametrize(
    ("change", "rebuilt"),
    [
        ("livrables/plan-actions.md", 1),  # its Markdown: that deliverable only
        ("livrables/formation.md", 2),  # and the deck whose `::: programme` draws on it
        ("referentiel/services.yaml", 9),  # the referential feeds every deliverable
        ("mission.yaml", 9),
        ("images/photo.png", 1),  # a picture: the deliverable that shows it
    ],
)
def test_a_changed_input_rebuilds_what_uses_it(
    repo: Repo, run: Callable[..., Result], change: str, rebuilt: int
) -> None:
    if change == "images/photo.png":
        repo.add_picture("livrables/note-strategique.md")
    build(run)
    path = repo.mission / change
    path.write_bytes(path.read_bytes() + (b"\n" if not change.endswith(".png") else b"\0"))
    assert build(run).startswith(f"{rebuilt} livrable{'s' if rebuilt > 1 else ''} produit")


@pytest.mark.parametrize("template", ["html/style.css", "marque.yaml", "word/livrable.docx"])
def test_a_changed_template_or_brand_rebuilds_all(
    repo: Repo, run: Callable[..., Result], template: str
) -> None:
    build(run)
    path = repo.root / "templates" / template
    data = path.read_bytes()
    if template.endswith(".docx"):
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as target:
            for info in source.infolist():  # same parts, stored uncompressed: new bytes
                target.writestr(info.filename, source.read(info.filename), zipfile.ZIP_STORED)
    else:
        path.write_bytes(data + b"\n# nouvelle ligne\n")
    assert build(run).startswith("9 livrables produits")


def test_force_renders_everything_again(repo: Repo, run: Callable[..., Result]) -> None:
    build(run)
    before = outputs(repo)
    assert build(run, "--force").startswith("9 livrables produits, 0 à jour")
    assert outputs(repo) == before  # identical bytes are not rewritten


def test_parallel_and_sequential_builds_are_byte_identical(
    repo: Repo, run: Callable[..., Result]
) -> None:
    build(run, "--jobs", "1")
    sequential = {name: data for name, (_, data) in outputs(repo).items()}
    build(run, "--jobs", "2", "--force")
    assert {name: data for name, (_, data) in outputs(repo).items()} == sequential


def test_the_cache_is_kept_out_of_the_client_folder(repo: Repo, run: Callable[..., Result]) -> None:
    build(run)
    assert not [p for p in (repo.root / "build" / "valbrune").iterdir() if p.name.startswith(".")]
    assert (repo.root / "build" / ".cache" / "valbrune.json").is_file()


def test_a_deleted_output_is_rebuilt(repo: Repo, run: Callable[..., Result]) -> None:
    build(run)
    target: Path = repo.root / "build" / "valbrune" / "formation.docx"
    target.unlink()
    assert build(run).startswith("1 livrable produit, 8 à jour")
    assert target.is_file()


def test_a_broken_deliverable_is_reported_again_on_every_run(
    repo: Repo, run: Callable[..., Result]
) -> None:
    build(run)
    repo.write("livrables/casse.md", "---\ntype: note-strategique\ntitre: Cassé\n---\n")
    for _ in range(2):  # the mission is never taken as up to date while it has errors
        result = run("build")
        assert result.exit_code == 1
        assert "casse.md:2:1: statut : clé obligatoire manquante" in result.stderr
