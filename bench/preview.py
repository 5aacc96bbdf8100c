"""Benchmark: `livrables preview`, from a file written to the open page reloaded with it.

End to end, as a consultant sees it: the deliverable's file is written, the watcher sees it,
the warm process rebuilds the page, the page's event stream says so, and the page fetched again
holds the new text. Median of 20 edits, beside a cold `livrables build` of the same edit (HTML
only, one process, as the preview makes HTML only). Run: `python bench/preview.py`.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from livrables.pipeline.preview import EVENTS, Previewer, serve, watch
from livrables.pipeline.project import Project

REPO = Path(__file__).resolve().parent.parent
LIVRABLES = Path(sys.executable).parent / "livrables"
BUDGET_MS = 300.0


def main(edits: int = 20) -> None:
    with tempfile.TemporaryDirectory(prefix="livrables-bench-preview-") as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "templates", root / "templates")
        shutil.copytree(REPO / "content" / "valbrune", root / "content" / "valbrune")
        note = root / "content" / "valbrune" / "livrables" / "note-strategique.md"
        original = note.read_text("utf-8")
        previewer = Previewer(Project(root), "valbrune")
        previewer.build_all()
        server = serve(previewer.site, 0, livereload=True)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        stop = threading.Event()
        thread = threading.Thread(target=watch, args=(previewer, stop, lambda _s: None))
        thread.start()
        time.sleep(0.5)
        events = urllib.request.urlopen(base + EVENTS, timeout=30)  # noqa: S310 - our server
        events.readline(), events.readline()  # the current state
        warm = []
        for n in range(edits):
            marker = f"Édition numéro {n} du banc d'essai."
            start = time.perf_counter()
            note.write_text(original.replace("Trois rôles", marker, 1), "utf-8")
            while not events.readline().startswith(b"data:"):
                pass
            page = urllib.request.urlopen(base + "/note-strategique.html").read()  # noqa: S310
            warm.append((time.perf_counter() - start) * 1000)
            assert marker.replace("'", "’").encode() in page, "la page n'a pas la modification"
            time.sleep(0.2)
        stop.set()
        thread.join(10)
        server.shutdown()
        env = {**os.environ, "LIVRABLES_SOFFICE": "non"}
        cold = []
        for n in range(3):
            note.write_text(original.replace("Trois rôles", f"Froid {n}", 1), "utf-8")
            start = time.perf_counter()
            subprocess.run(
                [str(LIVRABLES), "build", "valbrune", "--format", "html", "--jobs", "1"],
                cwd=root,
                env=env,
                capture_output=True,
                check=True,
            )
            cold.append((time.perf_counter() - start) * 1000)
    median, cold_median = statistics.median(warm), statistics.median(cold)
    print(
        f"aperçu : fichier écrit -> page rechargée, médiane de {edits} éditions : {median:.0f} ms"
    )
    print(f"         ({median / BUDGET_MS:.2f} × le budget de {BUDGET_MS:.0f} ms)")
    print(
        f"livrables build à froid de la même édition (HTML) : {cold_median:.0f} ms "
        f"= {cold_median / median:.1f} × l'aperçu"
    )


if __name__ == "__main__":
    main()
