"""A build killed at any moment leaves nothing that hinders the next one, which then writes what
a fresh build writes; every external program a build starts has a deadline and dies with the
command (issue 28, points 3 and 4)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from livrables.pipeline.guard import TIMED_OUT, run_guarded
from tests.conftest import REPO, SAMPLE

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process groups: POSIX")


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_gone(pid: int, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not alive(pid)


def sleeper(tmp_path: Path) -> tuple[list[str], Path]:
    """A program that writes its pid, then waits a minute."""
    mark = tmp_path / "programme.pid"
    return ["sh", "-c", f'echo $$ > "{mark}"; exec sleep 60'], mark


def read_pid(mark: Path) -> int:
    deadline = time.monotonic() + 10
    while not (mark.exists() and mark.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return int(mark.read_text())


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="processes read from /proc")
def test_an_external_program_has_a_deadline(tmp_path: Path) -> None:
    command, mark = sleeper(tmp_path)
    started = time.monotonic()
    assert run_guarded(command, 1.0) == TIMED_OUT
    assert time.monotonic() - started < 10
    assert wait_gone(read_pid(mark))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="processes read from /proc")
def test_an_external_program_dies_with_the_command(tmp_path: Path) -> None:
    """`kill -9` of the command's whole process group: the program it started (in a session
    of its own, as LibreOffice is) ends too."""
    command, mark = sleeper(tmp_path)
    probe = (
        "import sys\nfrom livrables.pipeline.guard import run_guarded\n"
        f"run_guarded({command!r}, 600)\n"
    )
    caller = subprocess.Popen([sys.executable, "-c", probe], start_new_session=True)
    program = read_pid(mark)
    assert alive(program)
    os.killpg(caller.pid, signal.SIGKILL)
    caller.wait()
    assert wait_gone(program), "le programme lancé par la commande tourne encore"


def files(build: Path) -> dict[str, bytes]:
    return {
        p.relative_to(build).as_posix(): p.read_bytes()
        for p in sorted(build.rglob("*"))
        if p.is_file() and not p.relative_to(build).parts[0].startswith(".")
    }


def test_random_kills_then_the_next_build_is_a_fresh_one(tmp_path: Path) -> None:
    """Killed (the whole process group, as a closed terminal does) at random moments, three
    times; then a build succeeds and writes, byte for byte, what a build of a fresh copy
    writes; no process of the killed builds remains."""
    root = tmp_path / "depot"
    shutil.copytree(REPO / "templates", root / "templates")
    for name in (SAMPLE, "copie"):
        shutil.copytree(REPO / "content" / SAMPLE, root / "content" / name)
    fresh = tmp_path / "neuf"
    shutil.copytree(root, fresh)
    env = {**os.environ, "LIVRABLES_SERVEUR": "non", "SOURCE_DATE_EPOCH": "1790000000"}
    office = shutil.which("soffice")
    if office:  # a killed LibreOffice once left its profile locked: the next build failed
        env["LIVRABLES_SOFFICE"] = office
    command = [sys.executable, "-m", "livrables", "build", "--jobs", "2"]
    chance = random.Random(int(os.environ.get("LIVRABLES_GRAINE", "28")))
    for _ in range(3):
        build = subprocess.Popen(
            [*command, "--force"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(chance.uniform(0.3, 3.0))
        os.killpg(build.pid, signal.SIGKILL)
        build.wait()
    again = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    clean = subprocess.run(command, cwd=fresh, env=env, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stderr
    assert files(root / "build") == files(fresh / "build")  # no stray file either
