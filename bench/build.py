"""Whole builds against pandoc, and against a base revision, measured the way issue 17 asks.

A corpus of N copies of the sample mission, committed in a git repository (versions and dates
come from git, as for a consultant). In one invocation, alternately (paired runs, medians):

- `livrables build --force --jobs J` on the corpus (DOCX and HTML, no PDF);
- pandoc converting the same bodies with J processes too: DOCX with the firm's reference
  document, standalone HTML with its resources embedded;
- with `--base REV`: the same build by the code of REV (a git worktree put first on
  PYTHONPATH), so "per document, X times cheaper than before" is measured in the same run.

Outputs are removed before each build, the caches (fonts cut, charts drawn) kept, as on a
consultant's machine after the first build. Per-document cost is the slope of `--jobs 1` builds
between N/2 and N missions (start-up cancels out, and no split of work between workers blurs
it).
Then: no-op rebuild and one edited deliverable against the full build, and `--jobs 2` against
`--jobs 1`. Peak memory of any process: `bench/memory.py`. Prints ratios, never verdicts.
Our commands run as a consultant's do: through the server that `livrables` starts after its
first command (launcher.py), warmed up before measuring; the full build is measured without it
too (imports in each command). Beside each wall-clock figure, processor time (user + system):
on Linux the whole machine's, from /proc/stat (a served command runs in a process the bench does
not wait for), elsewhere that of the waited-for children. A shared virtual machine's wall clock
varies by ±10 % between identical runs, its processor time about half as much.
Run: .venv/bin/python bench/build.py [--missions 10] [--runs 3] [--base REV]
     .venv/bin/python bench/build.py --missions 50 --parallele-seul (the speed-up of workers)
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "content" / "valbrune"


def git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Banc",
        "GIT_AUTHOR_EMAIL": "b@example.org",
        "GIT_COMMITTER_NAME": "Banc",
        "GIT_COMMITTER_EMAIL": "b@example.org",
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def make_corpus(root: Path, count: int) -> list[Path]:
    """`count` missions in a committed repository, without their decks (pandoc makes no deck
    of ours); the deliverables' bodies."""
    shutil.copytree(REPO / "templates", root / "templates")
    bodies = []
    for index in range(count):
        target = root / "content" / f"mission-{index + 1:03d}"
        shutil.copytree(SAMPLE, target)
        for body in sorted((target / "livrables").glob("*.md")):
            if "type: diaporama" in body.read_text("utf-8")[:300]:
                body.unlink()  # the corpus: 14 documents a mission, DOCX and HTML
            else:
                bodies.append(body)
    (root / ".gitignore").write_text("build/\n", "utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "corpus")
    return bodies


class Measure(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds of processor, user and system, of every process run


def _cpu() -> float:
    """Processor time used so far. On Linux, the whole machine's (every core, from /proc/stat):
    a command served by `livrables`' server runs in a process this one does not wait for, so
    the kernel's accounts of waited-for children miss it. Elsewhere, those accounts."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        return used.ru_utime + used.ru_stime
    busy = sum(int(v) for i, v in enumerate(fields[:8]) if i not in (3, 4))  # not idle, iowait
    return busy / os.sysconf("SC_CLK_TCK")


def timed(
    command: list[str], cwd: Path, env: dict[str, str] | None = None, served: bool = True
) -> Measure:
    """`served`: as a consultant runs it, through the server once one runs (see
    livrables/launcher.py); else in the command's own process, imports included."""
    cpu = _cpu()
    start = time.perf_counter()
    done = subprocess.run(
        command,
        cwd=cwd,
        env={
            **os.environ,
            "LIVRABLES_SOFFICE": "non",
            "LIVRABLES_SERVEUR": "oui" if served else "non",
            **(env or {}),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"échec de {' '.join(command)} :\n{done.stderr[-2000:]}")
    return Measure(elapsed, _cpu() - cpu)


def stop_servers() -> None:
    """The servers already running (perhaps of other code) stopped: the one measured is
    started by the warm-up build, with the code measured."""
    from livrables.servers import running, stop

    for server in running():
        stop(server)


def wait_for_server() -> int | None:
    """The server the warm-up build started, ready (it imports for about a second)."""
    from livrables.servers import running

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = [s for s in running() if s.is_current()]
        if found:
            return found[0].pid
        time.sleep(0.1)
    print("(aucun serveur : chaque commande mesurée importe l'outil)")
    return None


def livrables(code: Path | None) -> tuple[list[str], dict[str, str]]:
    """The command running the tool, from this checkout or from a worktree of another
    revision (its `src/` first on the path)."""
    command = [sys.executable, "-m", "livrables"]
    # git's optional locks off for the other revision too: its `git status` would refresh the
    # corpus's index, which a build of ours then sees as changed (it does not refresh it)
    return command, ({"PYTHONPATH": str(code / "src"), "GIT_OPTIONAL_LOCKS": "0"} if code else {})


def build_time(
    root: Path, missions: list[str], jobs: int, code: Path | None, served: bool = True
) -> Measure:
    command, env = livrables(code)
    for entry in (root / "build").glob("*"):  # every output; the caches stay, as on a
        if entry.name != ".cache":  # consultant's machine after its first build
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    args = [*command, "build", *missions, "--force", "--jobs", str(jobs)]
    return timed(args, root, env, served)


def warm_up(root: Path, jobs: int) -> None:
    """The caches (fonts cut, charts drawn) and the server, once."""
    stop_servers()
    build_time(root, [], jobs, None)
    if wait_for_server() is not None:
        build_time(root, [], jobs, None)


def pandoc_time(bodies: list[Path], jobs: int, work: Path) -> Measure:
    """pandoc on the same bodies, `jobs` processes at a time, DOCX and HTML."""
    pandoc = shutil.which("pandoc")
    assert pandoc is not None
    reference = REPO / "templates" / "word" / "livrable.docx"
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout
    embed = ["--self-contained"] if version.startswith("pandoc 2.") else ["--embed-resources"]
    commands = []
    for index, body in enumerate(bodies):
        out = work / f"{index}-{body.stem}"
        common = [pandoc, str(body), "--resource-path", str(body.parent)]
        commands.append([*common, "--reference-doc", str(reference), "-o", f"{out}.docx"])
        commands.append([*common, "-s", *embed, "-o", f"{out}.html"])
    cpu = _cpu()
    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        for done in pool.map(lambda c: subprocess.run(c, capture_output=True), commands):
            if done.returncode != 0:
                sys.exit(f"échec de pandoc : {done.stderr[-500:]!r}")
    return Measure(time.perf_counter() - start, _cpu() - cpu)


def median(values: list[Measure]) -> Measure:
    return Measure(
        statistics.median(v.wall for v in values), statistics.median(v.cpu for v in values)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--missions", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--base", default=None, help="révision de référence (ex. e438c66)")
    parser.add_argument(
        "--parallele-seul",
        action="store_true",
        help="seulement --jobs J contre --jobs 1 (ex. à 50 missions, sans pandoc)",
    )
    args = parser.parse_args()
    if args.parallele_seul:
        parallel_only(args.missions, args.runs, args.jobs)
        return
    with tempfile.TemporaryDirectory(prefix="livrables-bench-") as tmp:
        root = Path(tmp) / "depot"
        root.mkdir()
        bodies = make_corpus(root, args.missions)
        slugs = sorted(p.name for p in (root / "content").iterdir())
        first_half = slugs[: len(slugs) // 2]
        base = None
        if args.base:
            base = Path(tmp) / "base"
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(base), args.base],
                check=True,
            )
        for code in (REPO, base) if base else (REPO,):  # bytecode on both sides alike
            compile_all = [sys.executable, "-m", "compileall", "-q", str(code / "src")]
            subprocess.run(compile_all, check=True)
        work = Path(tmp) / "pandoc"
        work.mkdir()
        ours: dict[str, list[Measure]] = {"full": [], "half": [], "one": [], "here": []}
        theirs: list[Measure] = []
        old: dict[str, list[Measure]] = {"full": [], "half": [], "one": []}
        try:
            warm_up(root, args.jobs)
            for _ in range(args.runs):
                ours["full"].append(build_time(root, [], args.jobs, None))
                theirs.append(pandoc_time(bodies, args.jobs, work))
                ours["here"].append(build_time(root, [], args.jobs, None, served=False))
                ours["one"].append(build_time(root, [], 1, None))
                ours["half"].append(build_time(root, first_half, 1, None))
                if base:
                    old["full"].append(build_time(root, [], args.jobs, base))
                    old["one"].append(build_time(root, [], 1, base))
                    old["half"].append(build_time(root, first_half, 1, base))
            command, _ = livrables(None)
            timed([*command, "build", "--jobs", str(args.jobs)], root)
            noop = median([timed([*command, "build"], root) for _ in range(args.runs)])
            edited = []
            for run in range(args.runs):
                target = bodies[run % len(bodies)]
                target.write_text(target.read_text("utf-8") + f"\nLigne {run}.\n", "utf-8")
                edited.append(timed([*command, "build"], root))
        finally:
            if base:
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)])
    report(args, ours, theirs, old, noop, median(edited), len(slugs), len(bodies))


def report(
    args: argparse.Namespace,
    ours: dict[str, list[Measure]],
    theirs: list[Measure],
    old: dict[str, list[Measure]],
    noop: Measure,
    edited: Measure,
    missions: int,
    bodies: int,
) -> None:
    """Each figure wall-clock first, processor time of every process after the « | »."""
    documents = 2 * bodies
    per_mission_docs = documents / missions
    added = missions - missions // 2

    def slope(figures: dict[str, list[Measure]], pick: int) -> float:
        one, half = median(figures["one"])[pick], median(figures["half"])[pick]
        return (one - half) / (per_mission_docs * added)

    full, pandoc = median(ours["full"]), median(theirs)
    print(
        f"corpus : {missions} missions dans git, {documents} documents DOCX et HTML, "
        f"{args.runs} mesures appariées, médianes, {os.cpu_count()} cœurs ; "
        "horloge | processeur"
    )
    here = median(ours["here"])
    print(f"construction complète, --jobs {args.jobs} : {full.wall:6.2f} s | {full.cpu:6.2f} s")
    print(
        f"pandoc, {args.jobs} processus, mêmes corps : {pandoc.wall:6.2f} s | {pandoc.cpu:6.2f} s"
        f" → livrables {pandoc_ratio(theirs, full)} plus rapide (objectif ≥ 10 ×, à l'horloge)"
    )
    print(
        f"  sans le serveur (chaque commande importe l'outil) : {here.wall:6.2f} s | "
        f"{here.cpu:6.2f} s → {pandoc_ratio(theirs, here)}"
    )
    print(
        f"coût par document, --jobs 1 (pente {missions // 2} → {missions} missions) : "
        f"{1000 * slope(ours, 0):5.1f} ms | {1000 * slope(ours, 1):5.1f} ms"
    )
    if old["full"]:
        old_full = median(old["full"])
        print(
            f"  {args.base} : {1000 * slope(old, 0):5.1f} ms | {1000 * slope(old, 1):5.1f} ms "
            f"par document, construction complète {old_full.wall:6.2f} s | {old_full.cpu:6.2f} s"
            f" → {slope(old, 0) / slope(ours, 0):4.2f} × | {slope(old, 1) / slope(ours, 1):4.2f} "
            "× moins cher (objectif ≥ 2 ×)"
        )
    print(
        f"--jobs {args.jobs} contre --jobs 1 : {median(ours['one']).wall / full.wall:4.2f} × "
        "(objectif ≥ 1,8 × à 50 missions)"
    )
    print(
        f"reconstruction à vide : {100 * noop.wall / full.wall:5.1f} % | "
        f"{100 * noop.cpu / full.cpu:5.1f} % de la complète (objectif < 3 %)"
    )
    print(
        f"un livrable modifié : {100 * edited.wall / full.wall:5.1f} % | "
        f"{100 * edited.cpu / full.cpu:5.1f} % de la complète (objectif < 10 %)"
    )


def pandoc_ratio(theirs: list[Measure], ours: Measure) -> str:
    pandoc = median(theirs)
    return f"{pandoc.wall / ours.wall:4.1f} × | {pandoc.cpu / ours.cpu:4.1f} ×"


def parallel_only(count: int, runs: int, jobs: int) -> None:
    """`--jobs J` against `--jobs 1` on `count` missions, paired runs, medians."""
    with tempfile.TemporaryDirectory(prefix="livrables-bench-") as tmp:
        root = Path(tmp) / "depot"
        root.mkdir()
        make_corpus(root, count)
        warm_up(root, jobs)
        pairs = [
            (build_time(root, [], 1, None), build_time(root, [], jobs, None)) for _ in range(runs)
        ]
    one, many = median([p[0] for p in pairs]).wall, median([p[1] for p in pairs]).wall
    ratios = ", ".join(f"{a.wall / b.wall:4.2f}" for a, b in pairs)
    print(f"{count} missions : --jobs 1 {one:6.2f} s, --jobs {jobs} {many:6.2f} s")
    print(
        f"--jobs {jobs} contre --jobs 1 : {one / many:4.2f} × "
        f"(paires : {ratios} ; objectif ≥ 1,8 ×)"
    )


if __name__ == "__main__":
    main()
