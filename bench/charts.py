"""Benchmark of the charts' cost: the sample mission built with its charts against the same
mission with every `::: graphique` block removed, in the same run, alternating the two.

Prints medians of paired full builds (`livrables build --force`, DOCX and HTML):
- with the chart cache warm (build/.cache/graphiques kept, as on a consultant's machine after
  the first build): the issue's target, ≤ 1.5× the build without charts;
- with the cache cold (emptied before each build: a fresh clone, every chart drawn).
Run by `make bench`.
"""

from __future__ import annotations

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
LIVRABLES = Path(sys.executable).parent / "livrables"
CHART = re.compile(r"^::: graphique[^\n]*\n:::\n", re.M)


def corpus(root: Path, charts: bool) -> Path:
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "content" / "valbrune", root / "content" / "valbrune")
    if not charts:
        for path in (root / "content" / "valbrune" / "livrables").glob("*.md"):
            path.write_text(CHART.sub("", path.read_text("utf-8")), "utf-8")
    return root


def build(root: Path, cold: bool) -> float:
    if cold:
        shutil.rmtree(root / "build" / ".cache" / "graphiques", ignore_errors=True)
    env = {**os.environ, "LIVRABLES_SOFFICE": "non"}  # bench/pdf.py times PDFs
    start = time.perf_counter()
    done = subprocess.run(
        [str(LIVRABLES), "build", "--force", "--jobs", "1"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"échec :\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def main(rounds: int = 7) -> None:
    with tempfile.TemporaryDirectory() as work:
        with_charts = corpus(Path(work) / "avec", charts=True)
        without = corpus(Path(work) / "sans", charts=False)
        charts = len(
            CHART.findall(
                "".join(
                    p.read_text("utf-8")
                    for p in (with_charts / "content" / "valbrune" / "livrables").glob("*.md")
                )
            )
        )
        build(with_charts, cold=True)  # fills the cache
        build(without, cold=False)
        results: dict[str, list[float]] = {"sans": [], "chaud": [], "froid": []}
        for _ in range(rounds):
            results["sans"].append(build(without, cold=False))
            results["chaud"].append(build(with_charts, cold=False))
            results["froid"].append(build(with_charts, cold=True))
        median = {k: statistics.median(v) for k, v in results.items()}
        print(f"mission d'exemple, {charts} graphiques, médianes de {rounds} constructions")
        print(f"  sans graphiques        : {median['sans']:.2f} s")
        print(
            f"  avec, cache chaud      : {median['chaud']:.2f} s "
            f"({median['chaud'] / median['sans']:.2f}×, objectif ≤ 1,5×)"
        )
        print(
            f"  avec, cache vide       : {median['froid']:.2f} s "
            f"({median['froid'] / median['sans']:.2f}×)"
        )


if __name__ == "__main__":
    main()
