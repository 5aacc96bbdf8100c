"""A 30-slide deck's build time, PPTX and HTML, against pandoc's pptx writer on the same Markdown.

Medians of paired runs in one invocation (pandoc, then livrables, alternately), on a copy of the
sample mission whose only deliverable is the deck. Prints ratios, never absolute verdicts.
Run: .venv/bin/python bench/slides.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUNS = 7


def deck(slides: int) -> str:
    parts = [
        "---\ntype: diaporama\ntitre: Banc d'essai\nmodule: comprendre\nstatut: brouillon\n---\n"
    ]
    for number in range(slides - 1):
        if number % 6 == 0:
            parts.append(f"# Partie {number // 6 + 1}\n")
        elif number % 6 == 3:
            parts.append(
                f"## Tableau {number}\n\n| Forme | Ce que c'est |\n|---|---|\n"
                "| Jumelage | Des liens entre habitants |\n| Coopération | Par convention |\n"
            )
        else:
            parts.append(
                f"## Diapositive {number}\n\n- Un premier point\n"
                "- Un deuxième point, plus long que le premier\n- **Un troisième** point\n\n"
                "::: notes\nCe que dit l'orateur.\n:::\n"
            )
    return "\n".join(parts)


def main() -> None:
    pandoc = shutil.which("pandoc")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shutil.copytree(REPO / "templates", root / "templates")
        shutil.copytree(REPO / "content" / "valbrune", root / "content" / "valbrune")
        for path in (root / "content" / "valbrune" / "livrables").glob("*.md"):
            path.unlink()
        text = deck(30)
        (root / "content" / "valbrune" / "livrables" / "banc.md").write_text(text, "utf-8")
        body = text.split("---\n", 2)[2]  # pandoc reads `::: notes` as speaker notes too
        (root / "banc.md").write_text(body, "utf-8")
        livrables = [str(REPO / ".venv" / "bin" / "livrables"), "build", "--force"]
        env = {**os.environ, "LIVRABLES_SOFFICE": "non"}
        ours, theirs, warm = [], [], []
        sys.path.insert(0, str(REPO / "src"))
        os.environ["LIVRABLES_SOFFICE"] = "non"
        from livrables.pipeline.project import Project
        from livrables.pipeline.run import build

        for _ in range(RUNS):
            if pandoc:
                started = time.perf_counter()
                subprocess.run(
                    [pandoc, str(root / "banc.md"), "-o", str(root / "banc.pptx")], check=True
                )
                theirs.append(time.perf_counter() - started)
            started = time.perf_counter()
            subprocess.run(livrables, cwd=root, env=env, check=True, capture_output=True)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()  # in this process: modules already imported
            result = build(Project(root), ["valbrune"], force=True, jobs=1)
            warm.append(time.perf_counter() - started)
            assert result.built == 1 and not result.report.errors
        built = root / "build" / "valbrune"
        assert (built / "banc.pptx").is_file() and (built / "banc.html").is_file()
        mine, hot = statistics.median(ours), statistics.median(warm)
        print(f"livrables, 30 diapositives, PPTX + HTML, commande complète : {mine:.2f} s")
        print(f"livrables, la même production, modules déjà chargés : {hot:.2f} s")
        if theirs:
            other = statistics.median(theirs)
            print(f"pandoc, le même Markdown, PPTX seul : {other:.2f} s")
            print(f"rapport livrables / pandoc, commande complète : {mine / other:.2f}×")
            print(f"rapport livrables / pandoc, modules chargés : {hot / other:.2f}×")
        else:
            print("pandoc absent : pas de comparaison", file=sys.stderr)


if __name__ == "__main__":
    main()
