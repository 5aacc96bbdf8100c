"""Each deliverable type's front-matter schema, the method rules and `livrables new`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import Result

from tests.conftest import Repo
from tests.content.test_mission_errors import check
from tests.helpers import docx_text, html_text


@pytest.mark.parametrize(
    ("stem", "old", "new", "field", "message"),
    [
        (
            "formation",
            '  - debut: "09:30"\n',
            '  - debut: "9h75"\n',
            "9h75",
            "programme[1].debut : heure invalide « 9h75 » : écrivez par exemple 09:30",
        ),
        (
            "formation",
            "  lieu: Salle du conseil communautaire, Valbrune\n",
            "",
            "  date: 2026-10-08",
            "session.lieu : clé obligatoire manquante",
        ),
        (
            "formation",
            "lignes_vierges: 6",
            "lignes_vierges: 600",
            "lignes_vierges",
            "lignes_vierges : valeur « 600 » invalide : doit être ≤ 60",
        ),
        (
            "diagnostic-flash",
            "organisation: ORG-LYCEE,",
            "organisation: ORG-LYCE,",
            "ORG-LYCE,",
            "entretiens[6].organisation : acteur ou service ou territoire partenaire "
            "« ORG-LYCE » inconnu (vouliez-vous dire « ORG-LYCEE » ?)",
        ),
        (
            "diagnostic-flash",
            "  opportunites:",
            "  oportunites:",
            "oportunites",
            "afom.oportunites : clé inconnue (vouliez-vous dire « opportunites » ?)",
        ),
        (
            "plan-actions",
            "service_pilote: SRV-ATT",
            "service_pilote: ORG-CCI",
            "service_pilote",
            "service_pilote : « ORG-CCI » est un acteur, pas un service",
        ),
        (
            "kit-relations",
            "  date: 2027-04-22",
            "  date: 22 avril 2027",
            "22 avril",
            "rencontre.date : date invalide « 22 avril 2027 » : format attendu AAAA-MM-JJ (par "
            "exemple 2026-03-31)",
        ),
        (
            "cadre-evaluation",
            "critere: efficience,",
            "critere: efficiente,",
            "efficiente",
            "questions[3].critere : valeur « efficiente » invalide (vouliez-vous dire "
            "« efficience » ?) : valeurs possibles « pertinence », « coherence », "
            "« efficacite », « efficience », « impact », « viabilite »",
        ),
        (
            "kit-communication",
            "{indicateur: IND-JEU-MOB,",
            "{indicateur: OBJ-JEU,",
            "OBJ-JEU,",
            "chiffres_cles[2].indicateur : « OBJ-JEU » est un objectif, pas un indicateur",
        ),
    ],
)
def test_front_matter_schema_errors(
    repo: Repo,
    run: Callable[..., Result],
    stem: str,
    old: str,
    new: str,
    field: str,
    message: str,
) -> None:
    relative = f"livrables/{stem}.md"
    repo.replace(relative, old, new)
    line = repo.line_of(relative, field)
    (diag,) = check(run)
    assert diag.startswith(f"content/valbrune/{relative}:{line}:"), diag
    assert diag.endswith(message), diag


def test_a_type_specific_block_outside_its_type(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace("livrables/note-strategique.md", "::: effets\n", "::: emargement\n")
    line = repo.line_of("livrables/note-strategique.md", "::: emargement")
    assert check(run) == [
        f"content/valbrune/livrables/note-strategique.md:{line}:5: bloc « emargement » : il "
        "s'utilise dans un livrable de type « formation »"
    ]


def test_raci_rule_is_a_method_warning(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(
        "referentiel/actions.yaml",
        "      - {service: SRV-DGS, role: A}\n      - "
        "{service: SRV-ATT, role: R}\n      - {service: SRV-EAU, role: C}",
        "      - {service: SRV-DGS, role: C}\n      - {service: SRV-ATT, role: C}\n"
        "      - {service: SRV-EAU, role: C}",
    )
    result = run("check")
    assert result.exit_code == 0
    line = repo.line_of("referentiel/actions.yaml", "{service: SRV-DGS, role: C}")
    assert result.stderr.splitlines()[0] == (
        f"content/valbrune/referentiel/actions.yaml:{line}:7: avertissement : "
        "actions[0].contributeurs : règle RACI non respectée pour « PA-CONVENTION » (0 « A », "
        "aucun « R ») : une action a exactement un « A » et au moins un « R »"
    )
    assert run("check", "--strict").exit_code == 1


def test_sample_respects_the_raci_rule(repo: Repo, run: Callable[..., Result]) -> None:
    result = run("check", "--strict")
    assert result.exit_code == 0, result.stderr


def test_key_figures_come_from_the_last_measure(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(
        "referentiel/indicateurs.yaml",
        "      - {date: 2026-06-30, valeur: 420}",
        "      - {date: 2026-06-30, valeur: 420}\n      - {date: 2026-11-30, valeur: 512}",
    )
    assert run("build", "--format", "html").exit_code == 0
    html = html_text((repo.root / "build/valbrune/kit-communication.html").read_text("utf-8"))
    assert "512\u00a0foyers" in html and "420\u00a0foyers" not in html.split("Communiqué")[0]
    assert "novembre 2026" not in html  # months are short in sources
    assert "nov. 2026" in html


def test_a_key_figure_without_measure_is_refused(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(
        "livrables/kit-communication.md",
        "{indicateur: IND-ECO-ENT,",
        "{indicateur: IND-EAU-BUDGET,",
    )
    line = repo.line_of("livrables/kit-communication.md", "::: chiffres-cles")
    assert check(run) == [
        f"content/valbrune/livrables/kit-communication.md:{line}:5: bloc « chiffres-cles » : "
        "l'indicateur « IND-EAU-BUDGET » n'a aucune mesure (mesures: dans indicateurs.yaml) ; "
        "un chiffre clé vient toujours d'une valeur mesurée"
    ]


def test_two_trainings_in_one_mission(repo: Repo, run: Callable[..., Result]) -> None:
    text = (repo.mission / "livrables/formation.md").read_text("utf-8")
    repo.write(
        "livrables/formation-jour-2.md",
        text.replace("date: 2026-10-08", "date: 2026-10-15").replace(
            "journée de sensibilisation", "seconde journée"
        ),
    )
    assert run("build", "--format", "docx").exit_code == 0
    second = docx_text(repo.root / "build/valbrune/formation-jour-2.docx")
    assert "jeudi 15 octobre 2026" in second.replace("\u00a0", " ")


def test_new_mission_builds_every_type_at_once(repo: Repo, run: Callable[..., Result]) -> None:
    result = run("new", "ville-de-brune", "--collectivite", "Ville de Brune", "--type", "commune")
    assert result.exit_code == 0, result.output
    created = repo.root / "content/ville-de-brune"
    assert sorted(p.name for p in (created / "livrables").iterdir()) == [
        "cadre-evaluation.md",
        "diagnostic-flash.md",
        "diaporama.md",
        "formation.md",
        "kit-communication.md",
        "kit-relations.md",
        "note-strategique.md",
        "plan-actions.md",
    ]
    build = run("build", "ville-de-brune")
    assert build.exit_code == 0, build.output
    out = repo.root / "build/ville-de-brune"
    assert len(list(out.glob("*.docx"))) == 7 and len(list(out.glob("*.html"))) == 9
    assert [p.name for p in out.glob("*.pptx")] == ["diaporama.pptx"]
    assert "Ville de Brune" in docx_text(out / "plan-actions.docx")


def test_new_refuses_to_overwrite(repo: Repo, run: Callable[..., Result]) -> None:
    before = {p: p.read_bytes() for p in repo.mission.rglob("*") if p.is_file()}
    result = run("new", "valbrune", "--collectivite", "Autre", "--type", "commune")
    assert result.exit_code == 1
    assert "livrables : erreur : content/valbrune existe déjà : rien n'a été modifié" in (
        result.stderr
    )
    assert {p: p.read_bytes() for p in repo.mission.rglob("*") if p.is_file()} == before
    assert [p.name for p in (repo.root / "content").iterdir()] == ["valbrune"]  # no leftovers


def test_new_with_a_bad_name_is_a_usage_error(repo: Repo, run: Callable[..., Result]) -> None:
    result = run("new", "Ville de Brune", "--collectivite", "X", "--type", "commune")
    assert result.exit_code == 2
    assert "nom de mission « Ville de Brune » invalide" in result.stderr
    assert not (repo.root / "content/Ville de Brune").exists()


def test_indicator_values_in_the_text_follow_the_measures(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.replace(
        "referentiel/indicateurs.yaml",
        "      - {date: 2026-06-30, valeur: 420}",
        "      - {date: 2026-06-30, valeur: 420}\n      - {date: 2026-11-30, valeur: 512}",
    )
    assert run("build").exit_code == 0
    for text in (
        docx_text(repo.root / "build/valbrune/kit-communication.docx"),
        html_text((repo.root / "build/valbrune/kit-communication.html").read_text()),
    ):
        assert "Sénégal : 512\u00a0foyers y ont aujourd’hui".replace(" :", "\u00a0:") in text
        assert "[[" not in text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "[[IND-EAU-RAC]]",
            "valeur [[IND-EAU-RAC]] : indicateur « IND-EAU-RAC » inconnu "
            "(vouliez-vous dire « IND-EAU-RACC » ?)",
        ),
        ("[[OBJ-EAU]]", "valeur [[OBJ-EAU]] : « OBJ-EAU » est un objectif, pas un indicateur"),
        (
            "[[IND-EAU-BUDGET]]",
            "valeur [[IND-EAU-BUDGET]] : l'indicateur « IND-EAU-BUDGET » n'a "
            "aucune mesure (mesures: dans indicateurs.yaml) : sa valeur ne peut pas être écrite",
        ),
    ],
)
def test_indicator_value_errors(
    repo: Repo, run: Callable[..., Result], value: str, message: str
) -> None:
    relative = "livrables/kit-communication.md"
    repo.replace(relative, "Sénégal : [[IND-EAU-RACC]] y ont", f"Sénégal : {value} y ont")
    line = repo.line_of(relative, value)
    col = (repo.mission / relative).read_text("utf-8").split("\n")[line - 1].index(value) + 1
    assert check(run) == [f"content/valbrune/{relative}:{line}:{col}: {message}"]
