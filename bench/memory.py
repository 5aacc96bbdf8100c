"""Peak memory of a whole build as the number of missions grows: the largest resident size of
any process of the build (the parent or a worker), for corpora of N, 2N and 4N missions.

Measured on a build with its caches made (the second one: fonts already cut, charts already
drawn), and, for information, on the first one (drawing charts starts a JavaScript engine in
the workers). Flat means the figure does not grow with the missions. Prints the figures and
their ratio to the smallest corpus. Run: .venv/bin/python bench/memory.py [--missions 25] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import make_corpus  # noqa: E402  (the same corpus as bench/build.py)


def peak_mib(root: Path, jobs: int) -> float:
    """The build run under /usr/bin/time-like accounting: the maximum resident size among the
    process and its workers (RUSAGE_CHILDREN of a fresh interpreter that waits for it)."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    command = [sys.executable, "-m", "livrables", "build", "--force", "--jobs", str(jobs)]
    done = subprocess.run(
        [sys.executable, "-c", probe, *command],
        cwd=root,
        env={**os.environ, "LIVRABLES_SOFFICE": "non"},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--missions", type=int, default=25)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    figures = []
    for factor in (1, 2, 4):
        count = args.missions * factor
        with tempfile.TemporaryDirectory(prefix="livrables-memoire-") as tmp:
            root = Path(tmp) / "depot"
            root.mkdir()
            make_corpus(root, count)
            cold = peak_mib(root, args.jobs)  # fonts cut, charts drawn (a JavaScript engine)
            figures.append((count, peak_mib(root, args.jobs), cold))
    smallest = figures[0][1]
    for count, peak, cold in figures:
        print(
            f"{count:4d} missions, --jobs {args.jobs} : mémoire maximale d'un processus "
            f"{peak:6.0f} Mio ({peak / smallest:4.2f} × celle de {figures[0][0]} missions ; "
            f"objectif ≤ 200 Mio à 100 missions, sans croissance) ; première production, "
            f"caches vides : {cold:4.0f} Mio"
        )


if __name__ == "__main__":
    main()
