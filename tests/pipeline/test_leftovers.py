"""What `livrables new` wrote never reaches a client unnoticed: in the deliverable (body and
front matter), in the referential it draws on, or as a note a block prints where the front
matter is empty — a warning at its line while writing, an error once `valide`. And no tool
word (a YAML key, an id, a file name) is ever printed on a client page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.conftest import Repo


def new_mission(repo: Repo, run: Callable[..., Result]) -> Path:
    result = run("new", "essai", "--collectivite", "Ville d'Essai", "--type", "commune")
    assert result.exit_code == 0, result.output
    return repo.root / "content" / "essai"


def test_every_scaffold_text_is_an_error_once_valide(
    repo: Repo, run: Callable[..., Result]
) -> None:
    mission = new_mission(repo, run)
    for path in (mission / "livrables").glob("*.md"):
        path.write_text(path.read_text("utf-8").replace("statut: brouillon", "statut: valide"))
    result = run("check", "essai")
    assert result.exit_code == 1
    text = result.stderr
    formation = (mission / "livrables" / "formation.md").read_text("utf-8").split("\n")
    for needle in ("lieu: Lieu à préciser", "formateurs: [Nom du formateur à préciser]"):
        line = next(i for i, t in enumerate(formation, 1) if needle in t)
        assert f"content/essai/livrables/formation.md:{line}:" in text, needle
    deck = (mission / "livrables" / "diaporama.md").read_text("utf-8").split("\n")
    for needle in ("- Une force", "- Une faiblesse", "> Remplacez cette phrase"):
        line = next(i for i, t in enumerate(deck, 1) if t.startswith(needle))
        assert f"content/essai/livrables/diaporama.md:{line}:" in text, needle
    assert re.search(
        r"kit-relations\.md:\d+:1: bloc « ordre-du-jour » : la page dit « La première rencontre "
        r"reste à organiser\. » : ajoutez « rencontre: » à l’en-tête",
        text,
    )
    assert re.search(
        r"kit-relations\.md:\d+:1: bloc « premiers-pas » : la page dit « Les premiers pas "
        r"restent à définir\. » : ajoutez « premiers_pas: » à l’en-tête",
        text,
    )
    assert re.search(
        r"referentiel/objectifs\.yaml:\d+:\d+: avertissement : texte à remplacer « à formuler »",
        text,
    )


def test_drawn_scaffold_text_is_an_error_once_the_deliverable_is_valide(
    repo: Repo, run: Callable[..., Result]
) -> None:
    mission = new_mission(repo, run)
    note = mission / "livrables" / "note-strategique.md"
    text = note.read_text("utf-8").replace("statut: brouillon", "statut: valide")
    note.write_text(re.sub(r"(?m)^Remplacez ce texte", "Le texte", text), "utf-8")
    result = run("check", "essai")
    lines = [line for line in result.stderr.splitlines() if "note-strategique.md" in line]
    assert any(
        "bloc « objectifs » : texte à remplacer « Objectif global à formuler avec les élus » "
        "laissé par « livrables new »"
        in line
        and "un livrable validé ne peut pas l'imprimer" in line
        and ": avertissement" not in line
        for line in lines
    ), lines


def test_no_tool_word_reaches_a_client_page(repo: Repo, run: Callable[..., Result]) -> None:
    new_mission(repo, run)
    assert run("build", "--format", "html").exit_code == 0
    for page in sorted((repo.root / "build").glob("*/*.html")):
        text = re.sub(
            r"<script.*?</script>|<style.*?</style>", " ", page.read_text("utf-8"), flags=re.S
        )
        text = re.sub(r"<[^>]+>", " ", text)
        for word in ("(clé ", "clé rencontre", "clé profil", "de l’en-tête", ".yaml"):
            assert word not in text, (page.name, word)
