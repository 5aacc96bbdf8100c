"""What a consultant waits for after saving one deliverable: `livrables build` served by the
background server (a fork of a process that has imported the tool, holding no project) against
the same command run plainly (LIVRABLES_SERVEUR=non, imports included), on the sample mission
(decks and charts included) committed in git, caches made as after a first build.

Paired runs in one invocation, medians: an edited deliverable rebuilt (DOCX, HTML and PDF), one
with contents (LibreOffice, when installed, lays its Word out again for the page numbers), and a
build with nothing to do; with LibreOffice when it is installed, then without, said on each line.
Prints figures and ratios, never verdicts.
Run: .venv/bin/python bench/served.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import REPO, SAMPLE, git, stop_servers, wait_for_server  # noqa: E402

COMMAND = [sys.executable, "-m", "livrables", "build"]


def corpus(root: Path) -> Path:
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(SAMPLE, root / "content" / SAMPLE.name)
    (root / ".gitignore").write_text("build/\n", "utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "échantillon")
    return root / "content" / SAMPLE.name / "livrables"


def timed(root: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(COMMAND, cwd=root, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"échec de livrables build :\n{done.stderr[-2000:]}")
    return elapsed


def measure(root: Path, folder: Path, office: bool, runs: int) -> dict[str, float]:
    base = {**os.environ}
    base.pop("CI", None)
    if not office:
        base["LIVRABLES_SOFFICE"] = "non"
    served = {**base, "LIVRABLES_SERVEUR": "oui"}
    plain = {**base, "LIVRABLES_SERVEUR": "non"}
    stop_servers()
    subprocess.run([*COMMAND, "--force"], cwd=root, env=served, capture_output=True, check=True)
    wait_for_server()
    timed(root, served)  # the server warm (its first fork's pages)
    figures: dict[str, list[float]] = {
        "servi": [],
        "seul": [],
        "sommaire servi": [],
        "sommaire seul": [],
        "vide servi": [],
        "vide seul": [],
    }
    for run in range(runs):
        for stem, prefix in (("plan-actions", ""), ("note-strategique", "sommaire ")):
            for name, env in (("servi", served), ("seul", plain)):
                edited = folder / f"{stem}.md"
                edited.write_text(edited.read_text("utf-8") + f"\nLigne {run} {name}.\n", "utf-8")
                figures[prefix + name].append(timed(root, env))
        figures["vide servi"].append(timed(root, served))
        figures["vide seul"].append(timed(root, plain))
    stop_servers()
    return {name: statistics.median(values) for name, values in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    office = shutil.which("soffice") is not None
    with tempfile.TemporaryDirectory(prefix="livrables-servi-") as tmp:
        root = Path(tmp) / "depot"
        edited = corpus(root)
        configurations = [(True, "LibreOffice installé (PDF)")] if office else []
        configurations.append((False, "sans LibreOffice"))
        print(f"mission d'exemple dans git, {args.runs} mesures appariées, médianes, horloge")
        for with_office, label in configurations:
            found = measure(root, edited, with_office, args.runs)
            ratio = found["seul"] / found["servi"]
            print(
                f"{label} — un livrable modifié (le plan d'actions) : servi "
                f"{found['servi']:5.2f} s, seul {found['seul']:5.2f} s → {ratio:4.1f} × "
                "(objectif : servi ≤ 0,5 s)"
            )
            print(
                f"{label} — un livrable à sommaire modifié (la note stratégique) : servi "
                f"{found['sommaire servi']:5.2f} s, seul {found['sommaire seul']:5.2f} s"
            )
            print(
                f"{label} — rien à refaire : servi {found['vide servi']:5.2f} s, seul "
                f"{found['vide seul']:5.2f} s → {found['vide seul'] / found['vide servi']:4.1f} ×"
            )


if __name__ == "__main__":
    main()
