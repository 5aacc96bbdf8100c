"""Method warnings: each fires on the content that breaks the method, and not on the sample.

Warnings keep exit 0; `livrables check --strict` makes them errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from click.testing import Result

from livrables.content.method import election_window
from tests.conftest import Repo

IND = "referentiel/indicateurs.yaml"
ACT = "referentiel/actions.yaml"
PER = "referentiel/personnes.yaml"


def warnings(run: Callable[..., Result]) -> list[str]:
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return [line for line in result.stderr.splitlines() if "avertissement" in line]


CASES = [
    pytest.param(
        IND,
        "    objectif: RES-EAU-1\n",
        "    objectif: OBJ-EAU\n",
        "objectifs[4] : l'objectif « RES-EAU-1 » n'a pas d'indicateur (un indicateur qui le "
        "mesure, ou qui mesure une action qui le sert)",
        id="objectif-sans-indicateur",
    ),
    pytest.param(
        ACT,
        "    objectifs: [RES-ECO-1]\n",
        "    objectifs: [OBJ-G]\n",
        "objectifs[7] : l'objectif « RES-ECO-1 » n'a pas d'action qui le serve",
        id="objectif-sans-action",
    ),
    pytest.param(
        ACT,
        "    objectifs: [OBJ-JEU]\n",
        "",
        "actions[3] : l'action « PA-MOBILITE-INCLUSIVE » ne sert aucun objectif (objectifs:)",
        id="action-sans-objectif",
    ),
    pytest.param(
        ACT,
        "    pilote: SRV-EAU\n",
        "",
        "actions[1] : l'action « PA-FORMATION-EAU » n'a pas de service pilote (pilote:)",
        id="action-sans-pilote",
    ),
    pytest.param(
        ACT,
        "    fin: 2029-06-30\n",
        "",
        "actions[3] : l'action « PA-MOBILITE-INCLUSIVE » n'a pas de dates (debut: et fin:)",
        id="action-sans-dates",
    ),
    pytest.param(
        ACT,
        "{source: Commune de Bakoundé, montant: 3000}",
        "{source: Commune de Bakoundé, montant: 2000}",
        "actions[1].financements : les financements de « PA-FORMATION-EAU » totalisent "
        "44\u202f000 €, le budget est de 45\u202f000 €",
        id="financements-incomplets",
    ),
    pytest.param(
        ACT,
        "      - {service: SRV-ATT, role: R}\n      - {service: SRV-EAU, role: C}",
        "      - {service: SRV-ATT, role: C}\n      - {service: SRV-EAU, role: C}",
        "actions[0].contributeurs : règle RACI non respectée pour « PA-CONVENTION » (aucun "
        "« R ») : une action a exactement un « A » et au moins un « R »",
        id="raci",
    ),
    pytest.param(
        IND,
        "    source: Budget annexe de la régie\n    frequence: annuelle\n",
        "",
        "indicateurs[1] : l'indicateur « IND-EAU-BUDGET » n'est pas SMART : il lui manque une "
        "source (source:), une fréquence (frequence:)",
        id="indicateur-non-smart",
    ),
    pytest.param(
        IND,
        "    valeur_initiale: 15\n    cible:\n      valeur: 40\n      date: 2030-12-31\n",
        "",
        "indicateurs[3] : l'indicateur « IND-JEU-MOINS » n'est pas SMART : il lui manque une "
        "valeur de départ (valeur_initiale:), une cible datée (cible:)",
        id="indicateur-sans-cible",
    ),
    pytest.param(
        PER,
        "    base_legale: consentement\n    informee_le: 2026-10-12\n",
        "    informee_le: 2026-10-12\n",
        "personnes[1] : données personnelles de « PER-KELLER » (RGPD) : il manque la base "
        "légale (base_legale:)",
        id="rgpd-base-legale",
    ),
    pytest.param(
        PER,
        "    conservation_jusqu_au: 2028-12-31\n",
        "    conservation_jusqu_au: 2021-12-31\n",
        "personnes[2].conservation_jusqu_au : la durée de conservation des données de "
        "« PER-MARCHAL » est échue : supprimez ses coordonnées (RGPD)",
        id="rgpd-echue",
    ),
    pytest.param(
        "mission.yaml",
        "elections: 2032-03",
        "elections: 2027-03",
        "date : ce kit de communication est daté du 14 décembre 2026, en période pré-électorale "
        "(élections de mars 2027, depuis le 1er septembre 2026) : l'article L52-1 du code "
        "électoral interdit toute campagne de promotion des réalisations de la collectivité",
        id="periode-preelectorale",
    ),
]


@pytest.mark.parametrize(("relative", "old", "new", "message"), CASES)
def test_method_warning(
    repo: Repo, run: Callable[..., Result], relative: str, old: str, new: str, message: str
) -> None:
    assert not [w for w in warnings(run) if message in w]  # the sample does not trigger it
    repo.replace(relative, old, new)
    found = [w for w in warnings(run) if w.endswith(message)]
    assert len(found) == 1, warnings(run)
    assert found[0].startswith("content/valbrune/")
    assert run("check", "--strict").exit_code == 1


def test_election_window_starts_six_months_before_the_election_month() -> None:
    assert election_window(dt.date(2032, 3, 1)) == (dt.date(2031, 9, 1), dt.date(2032, 3, 31))
    assert election_window(dt.date(2027, 1, 1)) == (dt.date(2026, 7, 1), dt.date(2027, 1, 31))


def test_election_month_must_be_a_month(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace("mission.yaml", "elections: 2032-03", "elections: mars 2032")
    result = run("check")
    assert result.exit_code == 1
    assert "elections : mois invalide « mars 2032 » : écrivez AAAA-MM, par exemple 2032-03" in (
        result.stderr
    )
