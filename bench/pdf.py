"""Benchmark: the sample mission's PDFs, against LibreOffice converting the same DOCX in one call.

The baseline is the least any DOCX-to-PDF tool can cost here: one LibreOffice start converting
every DOCX of the mission. `livrables build --format pdf` does that once, then once more for the
deliverables with a table of contents (to write its page numbers), plus the DOCX themselves.
Medians of paired runs in this one invocation; prints ratios. Run: `python bench/pdf.py`.
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
LIVRABLES = Path(sys.executable).parent / "livrables"


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        sys.exit("LibreOffice n'est pas installé : rien à mesurer")
    return found


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"échec de {' '.join(command[:3])} :\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def main(rounds: int = 3) -> None:
    office = soffice()
    with tempfile.TemporaryDirectory(prefix="livrables-bench-pdf-") as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "templates", root / "templates")
        shutil.copytree(REPO / "content" / "valbrune", root / "content" / "valbrune")
        env = {**os.environ, "LIVRABLES_SOFFICE": office}
        build = [str(LIVRABLES), "build", "--force", "--jobs", "1"]
        run(build + ["--format", "docx"], root, env)  # warm: fonts cut, profile made
        docx = sorted((root / "build" / "valbrune").glob("*.docx"))
        profile = (root / "profil-bench").as_uri()
        baseline = [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to"]
        baseline += ["pdf", "--outdir", str(root / "pdf"), *map(str, docx)]
        run(baseline, root)  # warm the baseline's profile too
        ours, theirs = [], []
        for _ in range(rounds):
            ours.append(run(build + ["--format", "pdf", "--format", "docx"], root, env))
            theirs.append(run(baseline, root))
        mine, base = statistics.median(ours), statistics.median(theirs)
        print(f"mission de démonstration : {len(docx)} livrables ; médiane de {rounds} paires")
        print(f"LibreOffice seul, un appel pour tous les DOCX : {base:5.1f} s")
        print(
            f"livrables build --format pdf (DOCX + PDF, sommaires paginés) : {mine:5.1f} s "
            f"= {mine / base:.2f} × LibreOffice seul"
        )


if __name__ == "__main__":
    main()
