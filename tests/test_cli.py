"""The command line: exit codes 0/1/2, French everywhere, no traceback."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from livrables.cli_french import COMMANDS
from tests.conftest import TRANSLATED, Repo

DOCUMENT = ("docx", "html", "pdf")


def test_build_writes_every_format_and_the_portal(repo: Repo, run: Callable[..., Result]) -> None:
    result = run("build")
    assert result.exit_code == 0, result.output
    out = repo.root / "build" / "valbrune"
    stems = [
        "cadre-evaluation",
        "diagnostic-flash",
        "formation",
        "kit-communication",
        "kit-relations",
        "note-strategique",
        "plan-actions",
    ]
    decks = ["journee-sensibilisation", "restitution-diagnostic"]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            "index.html",
            *(f"{s}.docx" for s in stems),
            *(f"{s}.html" for s in stems),
            *(f"{s}.pdf" for s in stems),
            *(f"{s}.pptx" for s in decks),
            *(f"{s}.html" for s in decks),
            *(f"{s}.pdf" for s in decks),
            *(f"{s}.{e}" for s in TRANSLATED if "restitution" not in s for e in DOCUMENT),
            *(f"restitution-diagnostic.en.{e}" for e in ("pptx", "html", "pdf")),
        ]
    )
    assert "9 livrables produits, 0 à jour, 0 en échec" in result.stdout  # each once
    assert result.stdout.count("écrit : ") == 28 + 3 * len(TRANSLATED)


def test_build_one_format(repo: Repo, run: Callable[..., Result]) -> None:
    result = run("build", "valbrune", "--format", "docx")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (repo.root / "build" / "valbrune").iterdir())
    assert len([n for n in names if n.endswith(".docx")]) == 7 + 3  # and 3 in English
    assert [n for n in names if not n.endswith(".docx")] == [  # a deck's office file
        "journee-sensibilisation.pptx",
        "restitution-diagnostic.en.pptx",
        "restitution-diagnostic.pptx",
    ]


def test_build_with_content_errors_exits_1_and_lists_them(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.replace("livrables/note-strategique.md", "statut: valide", "statut: fini")
    result = run("build")
    assert result.exit_code == 1
    assert (
        "content/valbrune/livrables/note-strategique.md:5:9: statut : valeur « fini » "
        "invalide" in result.stderr
    )
    assert "Traceback" not in result.output
    assert not (repo.root / "build" / "valbrune" / "note-strategique.docx").exists()


def test_a_broken_deliverable_does_not_stop_the_others(
    repo: Repo, run: Callable[..., Result]
) -> None:
    assert run("build").exit_code == 0
    good = repo.root / "build" / "valbrune" / "note-strategique.docx"
    before = good.read_bytes()
    repo.write("livrables/casse.md", "---\ntype: note-strategique\ntitre: Cassé\n---\n")
    result = run("build")
    assert result.exit_code == 1
    assert "content/valbrune/livrables/casse.md:2:1: statut : clé obligatoire manquante" in (
        result.stderr
    )
    assert good.read_bytes() == before  # rebuilt identically, never removed
    assert not (repo.root / "build" / "valbrune" / "casse.docx").exists()


def test_check_reports_ok(repo: Repo, run: Callable[..., Result]) -> None:
    result = run("check", "valbrune")
    assert result.exit_code == 0
    assert not (repo.root / "build").exists()  # check writes nothing


def test_unknown_mission_is_a_content_error(repo: Repo, run: Callable[..., Result]) -> None:
    result = run("build", "inconnue")
    assert result.exit_code == 1
    assert "livrables : erreur : mission « inconnue » introuvable (missions : « valbrune »)" in (
        result.stderr
    )
    assert "content/inconnue:" not in result.stderr  # no place invented
    close = run("check", "valbrun")
    assert close.exit_code == 1
    assert (
        "livrables : erreur : mission « valbrun » introuvable (vouliez-vous dire « valbrune » ?) "
        "(missions : « valbrune »)"
    ) in close.stderr


def test_list(repo: Repo, run: Callable[..., Result]) -> None:
    result = run("list")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "valbrune — Communauté de communes du Pays de Valbrune — Définir et structurer la "
        "stratégie d'action internationale 2027-2032",
        "  formation : Formation « L'action internationale des collectivités — journée de "
        "sensibilisation » (validé, version 1.0)",
        "  diagnostic-flash : Diagnostic flash « Diagnostic flash de l'action internationale du "
        "Pays de Valbrune » (validé, version 1.1)",
        "  note-strategique : Note stratégique « Note stratégique — l'action internationale du "
        "Pays de Valbrune » (validé, version 1.0) — aussi en anglais",
        "  plan-actions : Plan d’actions « Plan d'actions 2027-2029 de la stratégie "
        "internationale » (en relecture, version 0.9)",
        "  kit-relations : Kit relations « Kit de mise en relation avec les partenaires » "
        "(validé, version 1.0) — aussi en anglais, côte à côte en anglais",
        "  cadre-evaluation : Cadre d’évaluation « Cadre d'évaluation de la stratégie "
        "internationale » (en relecture, version 0.8)",
        "  kit-communication : Kit de communication « Kit de communication — l'action "
        "internationale du Pays de Valbrune » (validé, version 1.0)",
        "  journee-sensibilisation : Diaporama « L'action internationale des collectivités » "
        "(validé, version 1.0)",
        "  restitution-diagnostic : Diaporama « Restitution du diagnostic flash » (validé, "
        "version 1.0) — aussi en anglais",
    ]


def test_list_flags_missions_in_error(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace("mission.yaml", "type: epci", "type: ville")
    result = run("list")
    assert result.exit_code == 0
    assert "valbrune : contenus en erreur (lancez « livrables check valbrune »)" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["build", "--formt", "docx"],
            "livrables : erreur : option inconnue « --formt » (vouliez-vous dire « --force », "
            "« --format » ?)",
        ),
        (
            ["build", "--format", "odt"],
            "livrables : erreur : valeur « odt » invalide pour --format (valeurs possibles : "
            "« docx », « html », « pdf »)",
        ),
        (
            ["construire"],
            "livrables : erreur : commande inconnue « construire » "
            "(commandes : build, check, classeur, comparer, envoyer, list, new, preview, retours, "
            "schema, serveur, traduire)",
        ),
        (["build", "--format"], "livrables : erreur : l'option « --format » attend une valeur"),
    ],
)
def test_usage_errors_exit_2_in_french(
    repo: Repo, run: Callable[..., Result], args: list[str], message: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Utilisation : livrables" in result.stderr
    assert "Error" not in result.output and "Usage" not in result.output


def test_help_is_french(repo: Repo, run: Callable[..., Result]) -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Utilisation : livrables [OPTIONS] COMMANDE [ARGUMENTS]...")
    assert "Commandes" in result.stdout and "Afficher cette aide et quitter." in result.stdout
    sub = run("build", "--help")
    assert "Format à produire (docx, html ou pdf)" in sub.stdout
    for english in ("Usage:", "Show this message", "Commands:"):
        assert english not in result.stdout + sub.stdout


COMMAND_NAMES = COMMANDS.split(", ")
ENGLISH = ("Usage", "Options:", "Commands", "[required]", "TEXT", "INTEGER", "PATH", "<=x<=")


def test_the_usage_error_names_every_command() -> None:
    from livrables.cli import cli

    assert COMMANDS.split(", ") == sorted(cli.commands)


@pytest.mark.parametrize("command", COMMAND_NAMES)
def test_every_help_screen_is_french(run: Callable[..., Result], command: str) -> None:
    text = run(command, "--help").stdout
    assert text.startswith(f"Utilisation : livrables {command}")
    found = [w for w in ENGLISH if re.search(rf"(?<![A-Z]){re.escape(w)}(?![A-Z])", text)]
    assert found == []


def test_outside_a_repository_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 2
    assert "aucun dépôt de missions ici" in result.stderr


def test_runs_from_a_subfolder(
    repo: Repo, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo.mission / "livrables")
    assert run("check").exit_code == 0
