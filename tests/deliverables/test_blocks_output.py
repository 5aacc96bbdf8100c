"""Each deliverable type's blocks, as they come out of a build of the sample mission, in both
formats: the same facts, from the referential and the front matter."""

from __future__ import annotations

import pytest

from tests.conftest import Built
from tests.helpers import docx_text, html_text

NNBSP = "\u202f"


def spaces(text: str) -> str:
    """No-break spaces read as spaces here; typography has its own fixtures."""
    return text.replace("\u00a0", " ").replace(NNBSP, " ")


def both(built: Built, stem: str) -> tuple[str, str]:
    return spaces(docx_text(built.docx(stem))), spaces(html_text(built.html(stem)))


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        # formation: objectives, programme with times, one attendance sheet per half-day, form
        (
            "formation",
            [
                "À l’issue de la session, les participants seront capables de",
                "distinguer les formes d’action",
                "9 h 30 – 10 h 45",
                "Apports, quiz",
                "Feuille d’émargement — matin",
                "Feuille d’émargement — après-midi",
                "jeudi 8 octobre 2026, de 9 h à 12 h 30",
                "jeudi 8 octobre 2026, de 13 h 45 à 17 h",
                "Bernard Lefort",
                "Vice-président chargé de l’attractivité",
                "Évaluation à chaud",
                "Les objectifs annoncés ont-ils été atteints",
                "La journée vous a-t-elle donné envie de vous impliquer",
            ],
        ),
        # diagnostic: profile, inventory grouped by type, actors by category, AFOM, ...
        (
            "diagnostic-flash",
            [
                "24 800 habitants",
                "Coopération décentralisée (3)",
                "Numérisation de l’état civil de Bakoundé",
                "22 000 €",
                "Associations de la diaspora",
                "Atouts (internes)",
                "Menaces (externes)",
                "L’essoufflement du comité de jumelage",
                "Proviseure adjointe",
                "Lycée agricole de Valbrune",
                "Désigner un service pilote et regrouper les crédits",
            ],
        ),
        # strategy note: the objectives tree, effects here and there, indicators
        (
            "note-strategique",
            [
                "Objectif global",
                "Six agents de Bakoundé formés à l’exploitation du réseau",
                "Effets attendus sur le territoire partenaire",
                "1 100 foyers",
            ],
        ),
        # action plan: pilot, RACI, actions grouped by specific objective, needs, returns
        (
            "plan-actions",
            [
                "Service attractivité et développement économique (Direction du développement "
                "territorial)",
                "Légende",
                "Pérenniser la coopération avec la commune de Bakoundé sur l’eau et "
                "l’assainissement",
                "Former six agents de Bakoundé à l’exploitation du réseau",
                "45 000 €, dont",
                "• « 1 % eau » de la régie : 24 000 €",
                "sept. 2027 – déc. 2028",
                "Agents du service de l’eau de Bakoundé formés",
                "Monter un dossier de cofinancement",
                "Fidéliser les agents techniques",
            ],
        ),
        # relations kit: partners by scale, persons, first steps, agenda, roadmap
        (
            "kit-relations",
            [
                "Partenaires nationaux",
                "Cités Unies France",
                "Aminata Sow",
                "Secrétaire générale de la mairie",
                "Adhérer à Cités Unies France",
                "jeudi 22 avril 2027",
                "10 h 45",
                "Les priorités de la commune de Bakoundé",
                "juin 2027",
                "Valider la convention 2027-2029",
            ],
        ),
        # evaluation framework: questions by DAC criterion, logical framework, monitoring
        (
            "cadre-evaluation",
            [
                "Pertinence",
                "Viabilité",
                "Le service de l’eau de Bakoundé peut-il fonctionner sans l’appui de la régie",
                "Logique d’intervention",
                "Hypothèses",
                "La situation sécuritaire permet les missions techniques sur place",
                "Activité",
                "Tableau de bord des indicateurs",
            ],
        ),
        # communication kit: key messages, key figures from measures, ready-to-copy pieces
        (
            "kit-communication",
            [
                "Avec Bakoundé, nous partageons un savoir-faire",
                "420 foyers",
                "Rapport annuel du service communal de l’eau de Bakoundé, juin 2026",
                "12 actions",
                "Communiqué de presse — prêt à copier",
                "Publication pour les réseaux sociaux — LinkedIn (",
                "Note d’information aux agents — prête à copier",
            ],
        ),
    ],
)
def test_blocks_render_the_same_facts_in_both_formats(
    built: Built, stem: str, expected: list[str]
) -> None:
    docx, html = both(built, stem)
    for fact in expected:
        assert fact in docx, f"{fact!r} missing from {stem}.docx"
        assert fact in html, f"{fact!r} missing from {stem}.html"


def test_attendance_sheet_has_blank_lines_and_tall_rows(built: Built) -> None:
    from tests.helpers import W, docx_xml

    body = docx_xml(built.docx("formation"))
    tables = [
        t
        for t in body.iter(f"{W}tbl")
        if "Nom et prénom" in "".join(x.text or "" for x in t.iter(f"{W}t"))
    ]
    assert len(tables) == 2  # morning and afternoon
    rows = tables[0].findall(f"{W}tr")
    assert len(rows) == 1 + 8 + 6  # header, 8 participants, 6 blank lines
    heights = {r.find(f"{W}trPr/{W}trHeight").get(f"{W}val") for r in rows[1:]}
    assert heights == {str(int(1.1 * 567))}
    page_breaks = [b for b in body.iter(f"{W}br") if b.get(f"{W}type") == "page"]
    assert len(page_breaks) >= 3  # cover, each sheet, the evaluation form


def test_raci_matrix_shows_each_role(built: Built) -> None:
    docx, html = both(built, "plan-actions")
    for text in (docx, html):
        assert "A/R" in text  # the youth service both approves and carries the exchange
        assert "Régie de l’eau" in text  # short names head the columns


def test_each_list_of_the_sample_has_its_groups_in_method_order(built: Built) -> None:
    html = html_text(built.html("plan-actions"))
    water = html.index("Pérenniser la coopération")
    youth = html.index("Ouvrir les jeunes du territoire")
    economy = html.index("Accompagner les entreprises du territoire")
    general = html.index("Faire de l’action internationale un levier")
    assert water < youth < economy < general
