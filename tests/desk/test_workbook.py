"""The referential as a workbook: `livrables classeur exporter`, then `importer`."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook

from tests.conftest import Repo

Run = Callable[..., Result]


def snapshot(repo: Repo) -> dict[str, bytes]:
    folder = repo.mission / "referentiel"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(
        before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0
    )
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.fixture
def exported(repo: Repo, run: Run) -> Path:
    result = run("classeur", "exporter", "valbrune")
    assert result.exit_code == 0
    path = repo.root / "valbrune-referentiel.xlsx"
    assert path.is_file()
    return path


def cell_of(path: Path, sheet: str, column: str, row_id: str) -> str:
    """The coordinate of `column` in the row of `row_id` (first column)."""
    book = load_workbook(path)
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == row_id)
    return f"{ws.cell(1, header.index(column) + 1).column_letter}{row}"


def edit(path: Path, changes: dict[tuple[str, str], object], out: Path | None = None) -> Path:
    book = load_workbook(path)
    for (sheet, coordinate), value in changes.items():
        book[sheet][coordinate] = value
    out = out or path
    book.save(out)
    return out


def test_export_then_import_changes_no_byte(repo: Repo, run: Run, exported: Path) -> None:
    before = snapshot(repo)
    result = run("classeur", "importer", str(exported))
    assert result.exit_code == 0
    assert "Aucune modification" in result.output
    assert snapshot(repo) == before


def test_the_workbook_has_a_sheet_per_kind_nested_lists_and_the_raci(exported: Path) -> None:
    book = load_workbook(exported)
    for name in ("actions", "services", "indicateurs", "actions.financements", "actions.RACI"):
        assert name in book.sheetnames
    assert "indicateurs.mesures" in book.sheetnames and "actions.jalons" in book.sheetnames
    assert book["_empreintes"].sheet_state == "hidden"
    assert book["_listes"].sheet_state == "hidden"
    actions = book["actions"]
    header = [c.value for c in actions[1]]
    assert header[:4] == ["id", "intitule", "objectifs", "pilote"]
    rules = {str(v.sqref).split(":")[0]: v for v in actions.data_validations.dataValidation}
    pilote = rules["D2"]
    assert pilote.type == "list" and pilote.formula1.startswith("'_listes'!")
    assert "service" in pilote.prompt and pilote.showInputMessage
    assert rules["I2"].type == "list"  # statut: its values
    assert "jj/mm/aaaa" in rules["F2"].prompt
    # the RACI as a matrix: a service per column, the roles in the cells
    raci = book["actions.RACI"]
    services = [c.value for c in raci[1]][2:]
    assert "SRV-DGS" in services
    first = [c.value for c in raci[2]]
    assert first[0] == "PA-CONVENTION"
    assert first[2 + services.index("SRV-DGS")] == "A"
    # dates are dates, amounts numbers
    assert isinstance(actions["F2"].value, dt.datetime) and isinstance(actions["H2"].value, int)


def test_one_budget_cell_changes_one_line(repo: Repo, run: Run, exported: Path) -> None:
    before = snapshot(repo)
    edit(exported, {("actions", cell_of(exported, "actions", "budget", "PA-FORMATION-EAU")): 47500})
    result = run("classeur", "importer", str(exported))
    assert result.exit_code == 0, result.output
    after = snapshot(repo)
    lines = changed_lines(before["actions.yaml"], after["actions.yaml"])
    assert lines == ["-    budget: 45000", "+    budget: 47500"]
    assert {k for k in before if before[k] != after[k]} == {"actions.yaml"}
    # imported again, the same workbook finds nothing left to do
    again = run("classeur", "importer", str(exported))
    assert again.exit_code == 0 and "Aucune modification" in again.output


def test_bad_cells_are_each_reported_at_their_cell(repo: Repo, run: Run, exported: Path) -> None:
    before = snapshot(repo)
    pilote = cell_of(exported, "actions", "pilote", "PA-CONVENTION")
    debut = cell_of(exported, "actions", "debut", "PA-FORMATION-EAU")
    budget = cell_of(exported, "actions", "budget", "PA-ECHANGE-JEUNES")
    montant = "C2"
    edit(
        exported,
        {
            ("actions", pilote): "SRV-INCONNU",
            ("actions", debut): "31/02/2027",
            ("actions", budget): "douze mille",
            ("actions.financements", montant): "3 000 euros",
        },
    )
    result = run("classeur", "importer", str(exported))
    assert result.exit_code == 1
    out = result.output
    assert f"valbrune-referentiel.xlsx!actions!{pilote} : service « SRV-INCONNU » inconnu" in out
    assert (
        f"valbrune-referentiel.xlsx!actions!{debut} : debut : date impossible « 31/02/2027 »" in out
    )
    assert f"valbrune-referentiel.xlsx!actions!{budget} : budget : nombre attendu" in out
    assert f"valbrune-referentiel.xlsx!actions.financements!{montant} : montant" in out
    assert "Traceback" not in out and "rien n'a été écrit" in out
    assert snapshot(repo) == before


def test_a_rule_of_the_models_is_said_at_its_cell(repo: Repo, run: Run, exported: Path) -> None:
    """The end of an action before its start: the models' own check, at the cell."""
    fin = cell_of(exported, "actions", "fin", "PA-CONVENTION")
    edit(exported, {("actions", fin): dt.datetime(2026, 1, 1)})
    result = run("classeur", "importer", str(exported))
    assert result.exit_code == 1
    assert f"!actions!{fin} : " in result.output and "précède son début" in result.output


def test_a_file_changed_since_the_export_is_not_overwritten(
    repo: Repo, run: Run, exported: Path
) -> None:
    repo.replace("referentiel/actions.yaml", "budget: 3000", "budget: 3100")
    changed = (repo.mission / "referentiel" / "actions.yaml").read_bytes()
    edit(exported, {("actions", cell_of(exported, "actions", "budget", "PA-FORMATION-EAU")): 1})
    result = run("classeur", "importer", str(exported))
    assert result.exit_code == 1
    assert "valbrune/referentiel/actions.yaml a changé depuis l'export" in result.output
    assert (repo.mission / "referentiel" / "actions.yaml").read_bytes() == changed


def test_rows_added_and_removed_touch_only_their_lines(
    repo: Repo, run: Run, exported: Path
) -> None:
    before = snapshot(repo)["actions.yaml"].decode()
    book = load_workbook(exported)
    actions = book["actions"]
    row = actions.max_row + 1
    new = {"A": "PA-NOUVELLE", "B": "Accueillir une délégation : Bakoundé", "C": "RES-EAU-1"}
    new |= {"D": "SRV-ATT", "F": "01/03/2028", "G": dt.datetime(2028, 6, 30), "H": "2 500,50"}
    for column, value in new.items():
        actions[f"{column}{row}"] = value
    money = book["actions.financements"]
    money.append(["PA-NOUVELLE", "Budget général", 2500.5])
    raci = book["actions.RACI"]
    header = [c.value for c in raci[1]]
    roles = {"SRV-ATT": "R", "SRV-DGS": "A"}
    raci.append(["PA-NOUVELLE", None, *(roles.get(s) for s in header[2:])])
    book.save(exported)
    result = run("classeur", "importer", str(exported))
    assert result.exit_code == 0, result.output
    after = (repo.mission / "referentiel" / "actions.yaml").read_text("utf-8")
    assert after.startswith(before)  # comments and every action as written
    assert after[len(before) :] == (
        "  - id: PA-NOUVELLE\n"
        "    intitule: 'Accueillir une délégation : Bakoundé'\n"
        "    objectifs: [RES-EAU-1]\n"
        "    pilote: SRV-ATT\n"
        "    debut: 2028-03-01\n"
        "    fin: 2028-06-30\n"
        "    budget: 2500.5\n"
        "    financements:\n"
        "      - {source: Budget général, montant: 2500.5}\n"
        "    contributeurs:\n"
        "      - {service: SRV-DGS, role: A}\n"
        "      - {service: SRV-ATT, role: R}\n"
    )
    # the mission checks: only the new title's English is missing (the sample is translated)
    check = run("check", "valbrune")
    problems = [line for line in check.output.splitlines() if "actions.yaml:" in line]
    assert len(problems) == 1 and "absent du catalogue en anglais" in problems[0], problems
    # the file changed since this workbook was exported: a second import is refused
    again = edit(exported, {("actions", f"H{row}"): 2600})
    refused = run("classeur", "importer", str(again))
    assert refused.exit_code == 1 and "a changé depuis l'export" in refused.output
    # exported anew, the action deleted in its three sheets: the file as it was
    assert run("classeur", "exporter", "valbrune").exit_code == 0
    book = load_workbook(exported)
    for name in ("actions", "actions.financements", "actions.RACI"):
        sheet = book[name]
        sheet.delete_rows(next(r[0].row for r in sheet.iter_rows() if r[0].value == "PA-NOUVELLE"))
    book.save(exported)
    assert run("classeur", "importer", str(exported)).exit_code == 0
    assert (repo.mission / "referentiel" / "actions.yaml").read_text("utf-8") == before


def test_a_raci_cell_changes_one_line(repo: Repo, run: Run, exported: Path) -> None:
    before = snapshot(repo)["actions.yaml"]
    book = load_workbook(exported)
    raci = book["actions.RACI"]
    services = [c.value for c in raci[1]]
    column = services.index("SRV-COM") + 1
    assert raci.cell(2, column).value == "I"  # PA-CONVENTION: the communication is informed
    raci.cell(2, column).value = "C"
    book.save(exported)
    assert run("classeur", "importer", str(exported)).exit_code == 0
    lines = changed_lines(before, (repo.mission / "referentiel" / "actions.yaml").read_bytes())
    assert lines == ["-      - {service: SRV-COM, role: I}", "+      - {service: SRV-COM, role: C}"]


def test_a_text_that_looks_like_a_formula_stays_a_text(repo: Repo, run: Run) -> None:
    repo.replace("referentiel/services.yaml", "sigle: DGS", "sigle: '=HYPERLINK(\"http://x\")'")
    text = (repo.mission / "referentiel" / "services.yaml").read_text("utf-8")
    assert "=HYPERLINK" in text
    assert run("classeur", "exporter", "valbrune").exit_code == 0
    book = load_workbook(repo.root / "valbrune-referentiel.xlsx")
    cells = [c for row in book["services"].iter_rows() for c in row]
    formula = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"
    result = run("classeur", "importer", "valbrune-referentiel.xlsx")
    assert result.exit_code == 0 and "Aucune modification" in result.output


def test_not_a_workbook_of_ours_is_refused_in_french(repo: Repo, run: Run, exported: Path) -> None:
    book = load_workbook(exported)
    del book["_empreintes"]
    book.save(exported)
    result = run("classeur", "importer", str(exported))
    assert result.exit_code == 1
    assert "n'est pas un classeur exporté" in result.output
    (repo.root / "faux.xlsx").write_text("pas un zip", "utf-8")
    result = run("classeur", "importer", "faux.xlsx")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "n'est pas un classeur lisible" in result.output
