"""Benchmark of whole builds: a corpus of N copies of the sample mission, built by
`livrables build` as a consultant runs it, against pandoc converting the same Markdown files
one by one on the same machine in the same run (when pandoc is installed).

Prints: full build time and documents per second, no-op rebuild, rebuild after touching one
deliverable, peak memory; and the ratios the issue sets as targets. Run by `make bench`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "content" / "valbrune"
LIVRABLES = Path(sys.executable).parent / "livrables"


def make_corpus(root: Path, count: int) -> list[Path]:
    shutil.copytree(REPO / "templates", root / "templates")
    bodies = []
    for index in range(count):
        target = root / "content" / f"mission-{index + 1:02d}"
        shutil.copytree(SAMPLE, target)
        bodies += sorted((target / "livrables").glob("*.md"))
    return bodies


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    env = {**os.environ, "LIVRABLES_SOFFICE": "non"}  # DOCX and HTML: bench/pdf.py times PDFs
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"échec de {' '.join(command)} :\n{done.stderr[-2000:]}")
    return elapsed


def pandoc_rate(bodies: list[Path], sample: int, work: Path) -> float | None:
    """Documents per second for pandoc, one file at a time, DOCX then HTML."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    reference = REPO / "templates" / "word" / "livrable.docx"
    chosen = bodies[:sample]
    start = time.perf_counter()
    for body in chosen:
        out = work / body.stem
        subprocess.run(
            [
                pandoc,
                str(body),
                "--reference-doc",
                str(reference),
                "--resource-path",
                str(body.parent),
                "-o",
                f"{out}.docx",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                pandoc,
                str(body),
                "-s",
                "--self-contained",
                "--resource-path",
                str(body.parent),
                "-o",
                f"{out}.html",
            ],
            check=True,
            capture_output=True,
        )
    return 2 * len(chosen) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--missions", type=int, default=20)
    parser.add_argument(
        "--pandoc-sample",
        type=int,
        default=21,
        help="fichiers convertis par pandoc pour mesurer son débit",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="livrables-bench-") as tmp:
        root = Path(tmp)
        bodies = make_corpus(root, args.missions)
        documents = 2 * len(bodies)
        env_jobs = os.cpu_count() or 1
        full = timed([str(LIVRABLES), "build", "--force"], root)
        noop = timed([str(LIVRABLES), "build"], root)
        touched = bodies[len(bodies) // 2]
        touched.write_text(
            touched.read_text(encoding="utf-8") + "\nUne ligne de plus.\n", encoding="utf-8"
        )
        one = timed([str(LIVRABLES), "build"], root)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        work = root / "pandoc"
        work.mkdir()
        pandoc = pandoc_rate(bodies, args.pandoc_sample, work)
    rate = documents / full
    print(
        f"corpus : {args.missions} missions, {len(bodies)} livrables, {documents} documents "
        f"(DOCX et HTML), {env_jobs} cœurs"
    )
    print(f"construction complète  : {full:6.2f} s, {rate:6.1f} documents/s")
    print(
        f"reconstruction à vide  : {noop:6.2f} s = {100 * noop / full:5.1f} % de la complète "
        "(objectif < 5 %)"
    )
    print(
        f"un livrable modifié    : {one:6.2f} s = {100 * one / full:5.1f} % de la complète "
        "(objectif < 10 %)"
    )
    print(f"mémoire maximale       : {peak_mb:6.0f} Mo (processus le plus gourmand)")
    if pandoc is None:
        print("pandoc n'est pas installé : pas de comparaison.")
    else:
        print(
            f"pandoc, fichier par fichier : {pandoc:6.1f} documents/s ; livrables est "
            f"{rate / pandoc:5.1f} × plus rapide (objectif ≥ 10 ×)"
        )


if __name__ == "__main__":
    main()
