"""`::: graphique <kind>`: what `check` says about it (path:line:col, errors and warnings), and
the data each kind draws from the referential."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from livrables.blocks.graphique import KINDS
from livrables.blocks.graphique.bars import _by_year
from livrables.content.mission import load_mission
from livrables.content.registry import BlockContext
from livrables.deliverables import REGISTRY
from livrables.document.directives import BlockArgs
from livrables.document.nodes import Chart, Gantt, GanttRow, Group, Map, Note
from livrables.errors import Report
from tests.conftest import REPO, SAMPLE, Repo

PLAN = "livrables/plan-actions.md"
ACTIONS = "referentiel/actions.yaml"


def lines_of(result: Result, kind: str) -> list[str]:
    """The diagnostics of one kind: "erreur" (no prefix) or "avertissement"."""
    found = [line for line in result.output.splitlines() if line.startswith("content/")]
    if kind == "avertissement":
        return [line for line in found if ": avertissement : " in line]
    return [line for line in found if ": avertissement : " not in line]


def put(repo: Repo, directive: str) -> int:
    """Replace the plan's Gantt by `directive`; return its line."""
    repo.replace(PLAN, "::: graphique gantt\n", directive + "\n")
    return repo.line_of(PLAN, directive)


@pytest.mark.parametrize(
    ("directive", "column", "message"),
    [
        (
            "::: graphique",
            5,
            "bloc « graphique » : précisez le graphique voulu (« gantt », « indicateurs », "
            "« budget », « inventaire », « carte »)",
        ),
        (
            "::: graphique gant",
            15,
            "graphique « gant » inconnu (vouliez-vous dire « gantt » ?) : graphiques possibles "
            "« gantt », « indicateurs », « budget », « inventaire », « carte »",
        ),
        (
            "::: graphique gantt couleur=rouge",
            21,
            "graphique gantt : option « couleur » inconnue (options : « objectif », « pas », "
            "« debut », « fin », « titre »)",
        ),
        (
            "::: graphique gantt pas=semaine",
            21,
            "graphique gantt : « pas=semaine » invalide (valeurs possibles : mois, trimestre)",
        ),
        (
            "::: graphique gantt debut=2027",
            27,
            "graphique gantt, option debut : mois « 2027 » invalide : écrivez AAAA-MM",
        ),
        (
            "::: graphique gantt objectif=OBJ-EAUX",
            30,
            "graphique gantt, option objectif : objectif « OBJ-EAUX » inconnu",
        ),
        ("::: graphique budget par=mois", 22, "graphique budget : « par=mois » invalide"),
    ],
)
def test_a_wrong_chart_is_an_error_at_its_place(
    repo: Repo, run: Callable[..., Result], directive: str, column: int, message: str
) -> None:
    line = put(repo, directive)
    result = run("check")
    assert result.exit_code == 1
    (error,) = lines_of(result, "erreur")
    assert error.startswith(f"content/{SAMPLE}/{PLAN}:{line}:{column}: {message}"), error


def test_an_action_without_dates_is_left_out_of_the_gantt_with_a_warning(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.replace(ACTIONS, "    debut: 2027-10-01\n    fin: 2028-02-28\n", "")
    line = repo.line_of(PLAN, "::: graphique gantt")
    result = run("check")
    assert result.exit_code == 0  # a warning: the rest of the chart is right
    assert (
        f"content/{SAMPLE}/{PLAN}:{line}:5: avertissement : graphique gantt : l'action "
        "« PA-SALON » n'a pas de dates de début et de fin (debut:, fin: dans actions.yaml) : "
        "elle n'y figure pas"
    ) in lines_of(result, "avertissement")
    assert run("check", "--strict").exit_code == 1
    gantt = _nodes(repo.root, "gantt", PLAN)
    labels = [r.label for r in gantt.rows if isinstance(r, GanttRow)]
    assert len(labels) == 5 and not any("salon" in label for label in labels)


def test_indicators_without_target_and_territories_without_coordinates_are_warned(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.replace(
        "referentiel/indicateurs.yaml",
        "    cible:\n      valeur: 1100\n      date: 2030-12-31\n",
        "",
    )
    repo.replace("referentiel/territoires.yaml", "    coordonnees: 49.68, 8.75\n", "")
    warnings = lines_of(run("check"), "avertissement")
    assert any(
        "cadre-evaluation.md:" in w
        and "l'indicateur « IND-EAU-RACC » n'a pas de cible (cible:) : il n'y figure pas" in w
        for w in warnings
    ), warnings
    assert any(
        "kit-relations.md:" in w
        and "le territoire « TER-LIN » n'a pas de coordonnées (coordonnees: 14.69, -16.17)" in w
        for w in warnings
    ), warnings
    chart = _nodes(repo.root, "indicateurs", "livrables/cadre-evaluation.md")
    assert not any(c.startswith("Foyers de Bakoundé") for c in chart.categories)
    carte = _nodes(repo.root, "carte", "livrables/kit-relations.md")
    assert [p.label for p in carte.places] == [
        "Communauté de communes du Pays de Valbrune",
        "Commune de Bakoundé",
    ]
    assert ("276", False) in carte.countries  # Germany is still shaded


def test_a_chart_with_nothing_to_show_says_so(repo: Repo, run: Callable[..., Result]) -> None:
    repo.write("referentiel/actions_existantes.yaml", "actions_existantes: []\n")
    result = run("check")
    warnings = lines_of(result, "avertissement")
    assert any("graphique inventaire : aucune action existante à montrer" in w for w in warnings)
    (note,) = _built(repo.root, "inventaire", "livrables/diagnostic-flash.md")
    assert isinstance(note, Note)


# --- the data drawn ----------------------------------------------------------------------


def _built(root: Path, kind: str, deliverable: str, options: str = "") -> list[object]:
    mission = load_mission(root / "content" / SAMPLE, Report(), REGISTRY)
    livrable = next(lv for lv in mission.livrables if lv.path.name == Path(deliverable).name)
    ctx = BlockContext(mission.referentiel, livrable.type.name, livrable.front, mission.info)
    return list(KINDS[kind].build(BlockArgs.parse(f"{kind} {options}"), ctx))


def _nodes(root: Path, kind: str, deliverable: str, options: str = "") -> object:
    (node,) = _built(root, kind, deliverable, options)
    return node


def test_the_gantt_takes_quarters_over_three_years_and_months_over_one() -> None:
    gantt = _nodes(REPO, "gantt", PLAN)
    assert isinstance(gantt, Gantt)
    assert [p[2] for p in gantt.periods][:5] == [
        "T1 2027",
        "T2 2027",
        "T3 2027",
        "T4 2027",
        "T1 2028",
    ]
    assert len(gantt.periods) == 12
    groups = [r.text for r in gantt.rows if isinstance(r, Group)]
    assert len(groups) == 4
    yearly = _nodes(REPO, "gantt", PLAN, "debut=2027-01 fin=2027-12")
    assert isinstance(yearly, Gantt)
    assert [p[2] for p in yearly.periods][:2] == ["janv. 2027", "févr. 2027"]
    assert len(yearly.periods) == 12 and yearly.periods[-1][1] == dt.date(2027, 12, 31)
    convention = next(r for r in gantt.rows if isinstance(r, GanttRow))
    assert [m.label for m in convention.milestones] == ["Signature de la nouvelle convention"]


def test_the_budget_by_funder_and_by_year_add_up_to_the_plan() -> None:
    funders = _nodes(REPO, "budget", PLAN, "par=financeur")
    years = _nodes(REPO, "budget", PLAN, "par=annee")
    actions = _nodes(REPO, "budget", PLAN, "par=action")
    assert isinstance(funders, Chart) and isinstance(years, Chart) and isinstance(actions, Chart)
    total = sum(v or 0 for v in actions.series[0].values)
    assert total == 86_500  # the plan's text says so
    assert sum(v or 0 for v in funders.series[0].values) == total
    assert abs(sum(v or 0 for v in years.series[0].values) - total) <= len(years.categories)
    assert years.categories == ["2027", "2028", "2029"]
    assert funders.categories[0] == "« 1 % eau » de la régie"  # largest first
    assert funders.series[0].labels[0] == "24\u202f000\u00a0€"


def test_a_period_is_shared_between_years_by_its_days() -> None:
    shares = _by_year(dt.date(2027, 7, 1), dt.date(2028, 6, 30))
    assert [year for year, _ in shares] == [2027, 2028]
    assert abs(sum(share for _, share in shares) - 1) < 1e-9
    assert abs(shares[0][1] - 184 / 366) < 1e-9


def test_the_inventory_counts_every_existing_action() -> None:
    chart = _nodes(REPO, "inventaire", "livrables/diagnostic-flash.md")
    assert isinstance(chart, Chart)
    assert sum(v or 0 for v in chart.series[0].values) == 12
    assert chart.categories[0] == "Coopération décentralisée" and chart.series[0].labels[0] == (
        "3 actions"
    )
    money = _nodes(REPO, "inventaire", "livrables/diagnostic-flash.md", "mesure=budget")
    assert isinstance(money, Chart) and money.unit == "euros"


def test_indicators_are_drawn_against_their_targets() -> None:
    chart = _nodes(REPO, "indicateurs", "livrables/cadre-evaluation.md")
    assert isinstance(chart, Chart)
    start, latest, target = chart.series
    assert set(target.values) == {100.0}
    index = chart.categories.index(
        "Foyers de Bakoundé raccordés au réseau d'eau potable (en foyers)"
    )
    assert start.values[index] == round(100 * 420 / 1100, 1)
    assert start.labels[index] == "420"  # the unit is in the category's label
    assert target.labels[index] == "1\u202f100 (déc. 2030)"
    share = chart.categories.index(
        "Part des jeunes partis sans diplôme de l'enseignement supérieur (en %)"
    )
    assert start.labels[share] == "15\u00a0%"


def test_the_map_shades_the_partners_countries_and_places_everyone() -> None:
    carte = _nodes(REPO, "carte", "livrables/kit-relations.md")
    assert isinstance(carte, Map)
    assert dict(carte.countries) == {"250": True, "686": False, "276": False}
    assert [p.home for p in carte.places] == [True, False, False]


def test_a_shorter_gantt_leaves_out_what_falls_outside_it() -> None:
    gantt = _nodes(REPO, "gantt", PLAN, "debut=2028-01 fin=2028-06")
    assert isinstance(gantt, Gantt)
    rows = [r for r in gantt.rows if isinstance(r, GanttRow)]
    labels = [r.label for r in rows]
    assert not any(label.startswith("Renouveler la convention") for label in labels)  # 2027
    milestones = [m.date for r in rows for m in r.milestones]
    assert milestones == [dt.date(2028, 3, 15)]  # the others fall in 2027 or mid-2028
