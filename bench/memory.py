"""Peak memory of a whole build as the number of missions grows: the largest resident size of
any process of the build (the parent or a worker), for corpora of N, 2N and 4N missions.

Measured on a build run in its own process (LIVRABLES_SERVEUR=non) and through the server
(Linux: the largest high-water mark among the server, the command and its workers, the pages
they share counted in each), on a build with its
caches made (the second one: fonts already cut, charts already drawn), and, for information,
on the first one (drawing charts starts a JavaScript engine in the workers). Flat means the
figure does not grow with the missions. Prints the figures and their ratio to the smallest corpus.
Run: .venv/bin/python bench/memory.py [--missions 25] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import (  # noqa: E402  (as bench/build.py)
    make_corpus,
    stop_servers,
    wait_for_server,
)

COMMAND = [sys.executable, "-m", "livrables", "build", "--force"]
ENV = {**os.environ, "LIVRABLES_SOFFICE": "non"}


def peak_mib(root: Path, jobs: int) -> float:
    """The build run in its own process (no server) under /usr/bin/time-like accounting: the
    maximum resident size among the process and its workers (RUSAGE_CHILDREN of a fresh
    interpreter that waits for it)."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *COMMAND, "--jobs", str(jobs)],
        cwd=root,
        env={**ENV, "LIVRABLES_SERVEUR": "non"},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip()) / 1024


def served_peak_mib(root: Path, jobs: int) -> float | None:
    """The same build through the server (Linux): the largest high-water mark (VmHWM, shared
    pages included) of the server, the command's process and its workers, sampled every 10 ms
    from /proc while it runs; None without a server."""
    env = {**ENV, "LIVRABLES_SERVEUR": "oui"}
    subprocess.run([*COMMAND[:3], "list"], cwd=root, env=env, capture_output=True, check=True)
    server = _server_pid(root, env)
    if server is None:
        return None
    session = _session(server)
    highest = 0
    running = subprocess.Popen(
        [*COMMAND, "--jobs", str(jobs)], cwd=root, env=env, stdout=subprocess.DEVNULL
    )
    while running.poll() is None:
        for entry in os.listdir("/proc"):
            if entry.isdigit() and _session(int(entry)) == session:
                highest = max(highest, _high_water_kib(int(entry)))
        time.sleep(0.01)
    if running.returncode != 0:
        sys.exit("échec de la production par le serveur")
    return highest / 1024


def _server_pid(root: Path, env: dict[str, str]) -> int | None:
    """The server the `list` before started (the bench stopped the others when it started)."""
    return wait_for_server()


def _session(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[3])  # after the name: state, ppid, pgrp, session


def _high_water_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--missions", type=int, default=25)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    stop_servers()  # the one measured is started here, by the code measured
    figures = []
    for factor in (1, 2, 4):
        count = args.missions * factor
        with tempfile.TemporaryDirectory(prefix="livrables-memoire-") as tmp:
            root = Path(tmp) / "depot"
            root.mkdir()
            make_corpus(root, count)
            cold = peak_mib(root, args.jobs)  # fonts cut, charts drawn (a JavaScript engine)
            served = served_peak_mib(root, args.jobs)
            figures.append((count, peak_mib(root, args.jobs), cold, served))
    smallest = figures[0][1]
    for count, peak, cold, served in figures:
        by_server = f"{served:4.0f} Mio" if served is not None else "(pas de serveur)"
        print(
            f"{count:4d} missions, --jobs {args.jobs} : mémoire maximale d'un processus "
            f"{peak:6.0f} Mio ({peak / smallest:4.2f} × celle de {figures[0][0]} missions ; "
            f"objectif ≤ 200 Mio à 100 missions, sans croissance) ; première production, "
            f"caches vides : {cold:4.0f} Mio ; par le serveur : {by_server}"
        )


if __name__ == "__main__":
    main()
