"""What page layout costs a consultant: the complete build (DOCX with numbered contents, HTML,
PDF, decks) against the same build without page layout (LIVRABLES_SOFFICE=non, DOCX and HTML
only), on 3 copies of the sample mission, `--jobs 2`, LibreOffice installed when it is here.

Two configurations, in one invocation:
- as after a first build (caches kept: fonts cut, charts drawn, contents' page numbers), the
  outputs removed and `--force`, medians of paired runs;
- from a fresh copy with empty caches (what a new clone pays once), one run each.
Also against LibreOffice converting the same DOCX in one call (the PDF of the previous
versions), for information. Prints figures and ratios. Run: `.venv/bin/python bench/pdf.py`.
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

REPO = Path(__file__).resolve().parent.parent
COPIES = 3


def corpus(root: Path) -> None:
    shutil.copytree(REPO / "templates", root / "templates")
    for index in range(COPIES):
        shutil.copytree(REPO / "content" / "valbrune", root / "content" / f"mission-{index + 1}")


def run(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"échec de {' '.join(command[:4])} :\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def clear_outputs(root: Path, caches: bool) -> None:
    for entry in (root / "build").glob("*") if (root / "build").is_dir() else []:
        if entry.name == ".cache" and not caches:
            continue
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    office = shutil.which("soffice") or shutil.which("libreoffice")
    base = {**os.environ, "LIVRABLES_SERVEUR": "non"}
    base.pop("LIVRABLES_SOFFICE", None)
    complete_env = dict(base) if office else {**base, "LIVRABLES_SOFFICE": "non"}
    plain_env = {**base, "LIVRABLES_SOFFICE": "non"}
    command = [sys.executable, "-m", "livrables", "build", "--force", "--jobs", "2"]
    plain = [*command, "--format", "docx", "--format", "html"]
    with tempfile.TemporaryDirectory(prefix="livrables-bench-pdf-") as tmp:
        fresh = Path(tmp) / "neuf"
        corpus(fresh)
        first_complete = run(command, fresh, complete_env)  # empty caches
        clear_outputs(fresh, caches=True)
        fresh_plain = Path(tmp) / "neuf-sans"
        corpus(fresh_plain)
        first_plain = run(plain, fresh_plain, plain_env)
        complete, without = [], []
        for _ in range(args.runs):
            clear_outputs(fresh, caches=False)
            complete.append(run(command, fresh, complete_env))
            clear_outputs(fresh, caches=False)
            without.append(run(plain, fresh, plain_env))
        documents = sorted((fresh / "build" / "mission-1").glob("*.docx"))
        baseline = None
        if office:
            profile = (Path(tmp) / "profil").as_uri()
            convert = [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to"]
            convert += ["pdf", "--outdir", str(Path(tmp) / "pdf"), *map(str, documents)]
            run(convert, fresh, base)  # its profile made
            baseline = run(convert, fresh, base)
    ours, theirs = statistics.median(complete), statistics.median(without)
    where = "installé" if office else "absent (numéros des sommaires Word non calculés)"
    print(f"{COPIES} copies de la mission d'exemple, --jobs 2, LibreOffice {where}")
    print(
        f"caches gardés (médiane de {args.runs}) : complète {ours:5.2f} s, sans mise en page "
        f"(DOCX + HTML) {theirs:5.2f} s → {ours / theirs:4.2f} × (objectif ≤ 2 ×)"
    )
    print(
        f"copie neuve, caches vides : complète {first_complete:5.2f} s, sans mise en page "
        f"{first_plain:5.2f} s → {first_complete / first_plain:4.2f} ×"
    )
    if baseline is not None:
        print(
            f"pour mémoire, LibreOffice seul convertissant les {len(documents)} Word d'une "
            f"mission en un appel : {baseline:5.2f} s"
        )


if __name__ == "__main__":
    main()
