"""Writing a content file back: one value changed is one line changed, comments and quotes
kept; a layout that would not come back as written is refused."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest

from livrables.content.roundtrip import RoundTripError, edit, load
from tests.conftest import REPO, SAMPLE

REFERENTIEL = REPO / "content" / SAMPLE / "referentiel"


def _changed(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("path", sorted(REFERENTIEL.glob("*.yaml")), ids=lambda p: p.name)
def test_every_sample_file_comes_back_byte_for_byte(path: Path) -> None:
    text = path.read_text("utf-8")
    assert edit(text, {}) == text
    load(text)


def test_one_budget_changed_is_one_line_and_the_comments_stay() -> None:
    text = (REFERENTIEL / "actions.yaml").read_text("utf-8")
    after = edit(text, {("actions", 0, "budget"): 3500})
    assert _changed(text, after) == ["-    budget: 3000", "+    budget: 3500"]
    assert after.startswith("# yaml-language-server")


def test_a_quoted_text_stays_quoted_and_a_date_is_a_date() -> None:
    text = (REFERENTIEL / "indicateurs.yaml").read_text("utf-8")
    after = edit(text, {("indicateurs", 1, "unite"): "% du budget"})
    assert _changed(text, after) == ['-    unite: "%"', '+    unite: "% du budget"']
    actions = (REFERENTIEL / "actions.yaml").read_text("utf-8")
    moved = edit(actions, {("actions", 0, "fin"): dt.datetime(2027, 12, 31)})
    assert [line.split(":")[0] for line in _changed(actions, moved)] == ["-    fin", "+    fin"]
    assert "+    fin: 2027-12-31" in _changed(actions, moved)


def test_an_item_appended_leaves_the_others_untouched() -> None:
    text = (REFERENTIEL / "services.yaml").read_text("utf-8")
    count = len(load(text)[1]["services"])
    new = {"id": "SRV-NOUVEAU", "nom": "Service nouveau"}
    after = edit(text, {("services", count): new})
    assert after.startswith(text.rstrip("\n"))
    assert _changed(text, after) == ["+  - id: SRV-NOUVEAU", "+    nom: Service nouveau"]


def test_an_unknown_layout_is_refused_not_rewritten() -> None:
    odd = "services:\n     - id: A\n       nom: B\n"
    with pytest.raises(RoundTripError, match="indentation"):
        edit(odd, {("services", 0, "nom"): "C"})
