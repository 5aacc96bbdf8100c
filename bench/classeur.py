"""The workbook's round trip on a large referential: a 500-action sheet (the referential's limit
for one mission) exported, one budget cell edited, imported back, as a consultant runs it.

Measured in one invocation, medians of paired runs:
- `livrables classeur importer` on the edited workbook (a subprocess: start-up included), and
  the same call in this process (`import_workbook`, the work itself);
- against `livrables check` on the same mission (it reads the same referential), the baseline
  of the same run; and `import` of an untouched workbook (nothing to write).
Issue 34 asks for under 2 s. Prints figures and ratios, never verdicts.
Run: .venv/bin/python bench/classeur.py [--runs 5] [--actions 500]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "content" / "valbrune"
LIVRABLES = Path(sys.executable).parent / "livrables"


def big_referential(root: Path, count: int) -> None:
    """The sample mission with `count` actions: the sample's actions repeated, ids made unique."""
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(SAMPLE, root / "content" / "banc")
    path = root / "content" / "banc" / "referentiel" / "actions.yaml"
    text = path.read_text("utf-8")
    head, body = text.split("actions:\n", 1)
    items = [i for i in re.split(r"(?m)^(?=  - id: )", body) if i.strip()]
    out = [head, "actions:\n"]
    for n in range(count):
        out.append(items[n % len(items)].replace("  - id: ", f"  - id: B{n:03d}-", 1))
    path.write_text("".join(out), "utf-8")
    # the deliverables name the sample's actions: keep only the referential and one note
    for deliverable in (root / "content" / "banc" / "livrables").glob("*.md"):
        if deliverable.name != "note-strategique.md":
            deliverable.unlink()
    shutil.rmtree(root / "content" / "banc" / "traductions", ignore_errors=True)


def timed(args: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, check=False, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--actions", type=int, default=500)
    options = parser.parse_args()
    from openpyxl import load_workbook

    from livrables.desk.importer import import_workbook
    from livrables.desk.workbook import export_workbook

    env = {**os.environ, "LIVRABLES_SERVEUR": "non"}
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        big_referential(root, options.actions)
        mission = root / "content" / "banc"
        actions = mission / "referentiel" / "actions.yaml"
        original = actions.read_bytes()
        untouched = export_workbook(mission, root / "banc-referentiel.xlsx")
        edited = root / "edite.xlsx"
        book = load_workbook(untouched)
        rows = book["actions"].max_row
        book["actions"]["H200"] = 12345
        book.save(edited)
        command, in_process, check, nothing = [], [], [], []
        for _ in range(options.runs):
            actions.write_bytes(original)
            command.append(timed([str(LIVRABLES), "classeur", "importer", str(edited)], root, env))
            assert actions.read_bytes() != original, "the import wrote nothing"
            actions.write_bytes(original)
            start = time.perf_counter()
            import_workbook(root, edited)
            in_process.append(time.perf_counter() - start)
            after = actions.read_bytes().splitlines()
            changed = sum(a != b for a, b in zip(original.splitlines(), after, strict=True))
            actions.write_bytes(original)
            nothing.append(
                timed([str(LIVRABLES), "classeur", "importer", str(untouched)], root, env)
            )
            check.append(timed([str(LIVRABLES), "check", "banc"], root, env))
        med = statistics.median
        print(f"feuille actions : {rows - 1} lignes ; {options.runs} passages, médianes")
        print(f"classeur importer (une cellule)   : {med(command):.2f} s")
        print(f"  dont le travail (même processus): {med(in_process):.2f} s")
        print(f"classeur importer (rien à écrire) : {med(nothing):.2f} s")
        print(f"livrables check (référence)       : {med(check):.2f} s")
        print(f"importer / check                  : {med(command) / med(check):.2f}")
        print(f"lignes du YAML changées par l'importation : {changed}")


if __name__ == "__main__":
    main()
