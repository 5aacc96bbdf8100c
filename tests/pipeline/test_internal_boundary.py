"""Internal notes have no way out: every way of writing one, and every way of getting one wrong.

Each case writes a deliverable holding a secret in an internal note, then either `check` refuses
it (naming the file and line) or no byte of any client output (the HTML, every part of the DOCX,
the portal) holds the secret.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pipeline.client_outputs import FRONT, Workbench

SECRET = "SECRETINTERNE"
OFFSET = FRONT.count("\n")  # the body's first line is the file's line OFFSET + 1


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Workbench:
    return Workbench(tmp_path_factory.mktemp("depot"))


def leaks(bench: Workbench, body: str) -> bool:
    mission, report = bench.load(body)
    assert report.errors == [], [d.format() for d in report.errors]
    assert mission is not None
    return any(SECRET.encode() in part for part in bench.client_bytes(mission))


def errors(bench: Workbench, body: str) -> list[str]:
    _mission, report = bench.load(body)
    return [f"{d.line}:{d.col}: {d.message}" for d in report.errors]


ALLOWED = {
    "paragraph": f"::: interne\n{SECRET} dans le texte.\n:::\n",
    "nested box, longer outer fence": (
        f":::: interne\nAvant.\n\n::: encadre\n{SECRET}\n:::\n\nAprès {SECRET}.\n::::\n"
    ),
    "heading inside (longer fence)": f":::: interne\n## Titre {SECRET}\n\nTexte.\n::::\n",
    "footnote cited inside": f"::: interne\nVoir[^s].\n\n[^s]: {SECRET}\n:::\n",
    "inline footnote": f"::: interne\nVoir^[{SECRET}].\n:::\n",
    "link reference inside": (
        f'::: interne\n[lien][s]\n\n[s]: https://x.fr/{SECRET} "{SECRET}"\n:::\n'
    ),
    "link and image": (
        f"::: interne\n[a](https://x.fr/{SECRET}) ![{SECRET}](images/logo-valbrune.png)\n:::\n"
    ),
    "code fence with ::: inside": f"::: interne\n```\n:::\n{SECRET}\n```\n{SECRET}\n:::\n",
    "table": f"::: interne\n| a | b |\n|---|---|\n| {SECRET} | x |\n:::\n",
    "list and quote": f"::: interne\n- {SECRET}\n  > {SECRET}\n:::\n",
    "inside a list item": f"- point\n\n  ::: interne\n  {SECRET}\n  :::\n",
    "inside a quote": f"> texte\n>\n> ::: interne\n> {SECRET}\n> :::\n",
    "comment": f"Texte <!-- {SECRET} --> visible.\n\n<!--\n{SECRET}\n-->\n",
}


@pytest.mark.parametrize("body", ALLOWED.values(), ids=ALLOWED.keys())
def test_nothing_internal_reaches_the_client(bench: Workbench, body: str) -> None:
    assert not leaks(bench, "# Partie\n\nTexte client.\n\n" + body + "\nFin du texte client.\n")


def test_the_secret_is_found_when_it_is_not_internal(bench: Workbench) -> None:
    """The detector itself: the same secret outside a note is found in the outputs."""
    assert leaks(bench, f"Texte {SECRET}.\n")


def test_headings_inside_a_note_leave_no_anchor_nor_number(bench: Workbench) -> None:
    body = (
        ":::: interne\n# Contexte\n\nNote[^a].\n\n[^a]: interne.\n::::\n\n# Contexte\n\n"
        "Texte[^b].\n\n[^b]: client.\n"
    )
    mission, report = bench.load(body)
    assert mission is not None and report.errors == []
    html = bench.client_bytes(mission)[0].decode()
    assert 'id="contexte"' in html and "contexte-1" not in html
    assert 'href="#fn1"' in html and "fn2" not in html


REFUSED = {
    "same fence nested": (
        f"::: interne\nAvant.\n\n::: encadre\nx\n:::\n\n{SECRET}\n:::\n",
        "6:1: bloc « interne » : le bloc « encadre » ouvert à la ligne 9",
    ),
    "indented by four spaces": (
        f"Texte.\n\n    ::: interne\n    {SECRET}\n    :::\n",
        "8:5: « ::: interne » n'ouvre pas de note interne ici (dans un bloc de code)",
    ),
    "footnote defined inside, cited outside": (
        f"Texte[^s].\n\n::: interne\n[^s]: {SECRET}\n:::\n",
        "6:6: la note [^s] est définie dans une note interne",
    ),
    "link defined inside, used outside": (
        f"Voir [le site][s].\n\n::: interne\n[s]: https://x.fr/{SECRET}\n:::\n",
        "6:15: le lien [s] est défini dans une note interne",
    ),
    "unclosed before a heading": (
        f"::: interne\n{SECRET}\n\n## Suite\n",
        "6:1: bloc « interne » : il avalerait le titre de la ligne 9",
    ),
    "unclosed to the end of the file": (
        f"Texte.\n\n::: a-retenir\n{SECRET}\n",
        "8:1: bloc « a-retenir » non refermé : il avalerait tout jusqu'à la fin du fichier",
    ),
    "unclosed before another block": (
        f"::: interne\n{SECRET}\n\n::: a-retenir\nx\n:::\n",
        "6:1: bloc « interne » : le bloc « a-retenir » ouvert à la ligne 9",
    ),
    "unclosed comment": (f"Texte.\n\n<!-- {SECRET}\n\nSuite.\n", "8:1: commentaire « <!-- » non"),
    "stray closing line": ("Texte.\n\n:::\n\nSuite.\n", "8:1: ligne « ::: » qui ne ferme aucun"),
}


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_ambiguous_structure_is_refused(bench: Workbench, case: tuple[str, str]) -> None:
    body, expected = case
    found = errors(bench, body)
    assert any(message.startswith(expected) for message in found), found


def test_refused_positions_are_file_lines(bench: Workbench) -> None:
    """The line numbers above count from the top of the file, front matter included."""
    assert OFFSET == 5
    assert Path(bench.path).read_text("utf-8").split("\n")[OFFSET].startswith("Texte")
