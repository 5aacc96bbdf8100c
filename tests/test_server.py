"""The server behind `livrables build|check|list`: the same command, answered by a fork of a
process that has imported the tool (launcher.py, server.py)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from livrables import launcher, servers
from tests.conftest import SAMPLE as SAMPLE_SLUG
from tests.conftest import Repo

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: no server (Windows)")


@pytest.fixture
def runtime() -> Iterator[Path]:
    """A private folder for the sockets (short: a socket's path holds ~100 bytes at most);
    every server started there is stopped afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="lv-", dir="/tmp"))
    yield folder
    for state in (folder / "livrables-serveur").glob("*.etat"):
        with contextlib.suppress(ProcessLookupError, ValueError, KeyError):
            os.kill(int(json.loads(state.read_text())["pid"]), signal.SIGKILL)
    shutil.rmtree(folder, ignore_errors=True)


def server_pid(path: Path) -> int:
    """The pid a server wrote in its state file (what `livrables serveur etat` reads)."""
    return int(json.loads(Path(f"{path}.etat").read_text())["pid"])


def environment(runtime: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(LIVRABLES_SERVEUR="oui", XDG_RUNTIME_DIR=str(runtime), **extra)
    return env


def run(
    args: list[str], cwd: Path, env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[bytes], float]:
    """The command's result and the processor time it used (its own and its children's)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "livrables", *args], cwd=cwd, env=env, capture_output=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return done, used


def start_server(runtime: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """A server run by the command the launcher runs, on `a.sock` in the runtime's folder."""
    path = runtime / "livrables-serveur" / "a.sock"
    server = subprocess.Popen(
        [sys.executable, "-P", "-m", "livrables.server", str(path)],
        env=environment(runtime),
        cwd="/",
    )
    return server, path


def wait_for_server(runtime: Path, timeout: float = 60) -> Path:
    folder = runtime / "livrables-serveur"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in folder.glob("*.sock"):
            probe = socket.socket(socket.AF_UNIX)
            try:
                probe.connect(str(path))
                return path
            except OSError:
                pass
            finally:
                probe.close()
        time.sleep(0.1)
    raise AssertionError("aucun serveur n'a démarré")


def test_a_served_command_answers_as_one_run_here(repo: Repo, runtime: Path) -> None:
    """Same exit code, same bytes on the caller's terminal (in its encoding), from the caller's
    folder; and really served: a fraction of the processor time of importing the tool."""
    repo.replace("livrables/formation.md", "type: formation", "type: formation\nsttaut: brouillon")
    env = environment(runtime, PYTHONIOENCODING="latin-1")
    here, here_cpu = run(["check"], repo.root, {**env, "LIVRABLES_SERVEUR": "non"})
    run(["check"], repo.root, env)  # no server yet: runs here, starts one on leaving
    wait_for_server(runtime)
    served, served_cpu = run(["check"], repo.root, env)
    assert here.returncode == served.returncode == 1
    assert served.stdout == here.stdout
    assert served.stderr == here.stderr
    assert b"sttaut" in here.stdout + here.stderr
    assert b"\xe9" in here.stdout + here.stderr  # "é" in latin-1: the caller's encoding
    assert served_cpu < here_cpu / 3, (served_cpu, here_cpu)


def test_a_served_build_writes_the_same_files(repo: Repo, runtime: Path, tmp_path: Path) -> None:
    twin = tmp_path / "jumeau"
    subprocess.run(["cp", "-a", str(repo.root), str(twin)], check=True)
    env = environment(runtime)
    run(["list"], repo.root, env)
    wait_for_server(runtime)
    old = os.umask(0o027)  # the caller's umask reaches the folders it makes
    try:
        served, _ = run(["build", "--format", "docx", "--format", "html"], repo.root, env)
    finally:
        os.umask(old)
    here, _ = run(
        ["build", "--format", "docx", "--format", "html"], twin, {**env, "LIVRABLES_SERVEUR": "non"}
    )
    assert served.returncode == here.returncode == 0, served.stderr.decode()
    timing = re.compile(rb"\d+,\d s\.")  # the build's own duration, in its last line
    assert timing.sub(b"", served.stdout) == timing.sub(b"", here.stdout)
    made = sorted(
        p.relative_to(repo.root) for p in (repo.root / "build").rglob("*.*") if p.is_file()
    )
    assert made == sorted(p.relative_to(twin) for p in (twin / "build").rglob("*.*") if p.is_file())
    assert any(p.suffix == ".docx" for p in made)
    for path in made:
        if not path.parts[1].startswith("."):  # build/.cache, build/.tmp: not outputs
            assert (repo.root / path).read_bytes() == (twin / path).read_bytes(), path
    folder = repo.root / "build" / SAMPLE_SLUG  # made by the command, under the caller's umask
    assert folder.stat().st_mode & 0o777 == 0o750


def hanging_build(repo: Repo, runtime: Path, tmp_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    """A served `livrables build` whose git hangs (a fake one first on the caller's PATH: the
    caller's environment is the command's), and that git's process."""
    fake = tmp_path / "bin"
    fake.mkdir()
    mark = tmp_path / "git.pid"
    (fake / "git").write_text(f'#!/bin/sh\necho $$ > "{mark}"\nexec sleep 60\n')
    (fake / "git").chmod(0o755)
    env = environment(runtime)
    run(["list"], repo.root, env)
    wait_for_server(runtime)
    env["PATH"] = f"{fake}{os.pathsep}{env['PATH']}"
    caller = subprocess.Popen(
        [sys.executable, "-m", "livrables", "build"],
        cwd=repo.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal gives a command
    )
    deadline = time.monotonic() + 30
    while not (mark.exists() and mark.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return caller, int(mark.read_text().strip())


def stat(pid: int | str) -> list[str]:
    """/proc/PID/stat's fields after the command's name: state, ppid, pgrp, session…; [] once
    the process is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def state(pid: int) -> str:
    """A process's state letter (R running, S sleeping, T stopped…), "" once it is gone."""
    return (stat(pid) or [""])[0]


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(what)
        time.sleep(0.05)


def test_ctrl_c_reaches_the_command_and_what_it_runs(
    repo: Repo, runtime: Path, tmp_path: Path
) -> None:
    """Ctrl-C on the caller stops the command and the git it runs, as a terminal does. The
    command holds none of the server's descriptors (its lock would outlive the server)."""
    caller, git = hanging_build(repo, runtime, tmp_path)
    command = stat(git)[1]  # its parent
    held = [os.readlink(fd) for fd in Path(f"/proc/{command}/fd").iterdir()]
    assert held and not [name for name in held if name.endswith(".lock")]
    assert len([name for name in held if name.startswith("socket:")]) == 1  # to its caller
    caller.send_signal(signal.SIGINT)  # to the caller only, not to its process group
    _out, err = caller.communicate(timeout=30)
    assert caller.returncode == 1
    assert "interrompu" in err.decode()
    try:
        wait_until(lambda: state(git) in ("", "Z"), "le git lancé par la commande tourne encore")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(git, signal.SIGKILL)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="states read from /proc")
def test_ctrl_z_stops_the_command_with_the_caller(
    repo: Repo, runtime: Path, tmp_path: Path
) -> None:
    caller, git = hanging_build(repo, runtime, tmp_path)
    try:
        caller.send_signal(signal.SIGTSTP)
        wait_until(lambda: state(caller.pid) == "T", "l'appelant ne s'est pas arrêté")
        wait_until(lambda: state(git) == "T", "la commande ne s'est pas arrêtée avec lui")
        caller.send_signal(signal.SIGCONT)
        wait_until(lambda: state(git) not in ("T", ""), "la commande n'a pas repris")
        assert state(caller.pid) != "T"
        caller.send_signal(signal.SIGINT)
        caller.communicate(timeout=30)
        assert caller.returncode == 1
    finally:
        if caller.poll() is None:
            caller.kill()
            caller.wait()
        with contextlib.suppress(ProcessLookupError):
            os.kill(git, signal.SIGKILL)


def test_an_unreachable_server_is_replaced(repo: Repo, runtime: Path) -> None:
    env = environment(runtime)
    run(["list"], repo.root, env)
    path = wait_for_server(runtime)
    pid = server_pid(path)
    os.kill(pid, signal.SIGKILL)  # gone without removing its socket
    time.sleep(0.2)
    done, _ = run(["list"], repo.root, env)  # runs here
    assert done.returncode == 0 and SAMPLE_SLUG.encode() in done.stdout
    assert wait_for_server(runtime) == path
    wait_until(lambda: server_pid(path) != pid, "le nouveau serveur n'a pas écrit son état")


def test_a_stopped_server_removes_its_socket_and_tidies_the_dead(runtime: Path) -> None:
    folder = runtime / "livrables-serveur"
    folder.mkdir(mode=0o700)
    (folder / "mort.sock").write_text("")  # a server killed long ago
    (folder / "mort.sock.lock").write_text("1\n")
    held = open(folder / "vivant.sock.lock", "w")  # noqa: SIM115 - a server still running
    fcntl.flock(held, fcntl.LOCK_EX)
    (folder / "vivant.sock").write_text("")
    server, path = start_server(runtime)
    try:
        assert wait_for_server(runtime, timeout=60) == path
        assert not (folder / "mort.sock").exists() and not (folder / "mort.sock.lock").exists()
        assert (folder / "vivant.sock").exists() and (folder / "vivant.sock.lock").exists()
        assert os.stat(path).st_mode & 0o077 == 0  # this user only
        server.terminate()
        assert server.wait(timeout=30) == 0
        assert not path.exists()
    finally:
        held.close()
        if server.poll() is None:
            server.kill()
            server.wait()


def test_the_key_follows_the_code(tmp_path: Path) -> None:
    package = tmp_path / "livrables"
    (package / "sub").mkdir(parents=True)
    module = package / "sub" / "m.py"
    module.write_text("x = 1\n")
    first = servers.code_key(str(package))
    assert servers.code_key(str(package)) == first
    module.write_text("x = 2\n")
    os.utime(module, ns=(1, 1))
    second = servers.code_key(str(package))
    assert second != first
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "m.pyc").write_bytes(b"0")  # bytecode is not code
    assert servers.code_key(str(package)) == second
    (package / "modele.docx").write_bytes(b"0")  # the package's data is
    assert servers.code_key(str(package)) != second


def test_the_socket_folder_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    folder = servers.socket_folder()
    assert folder == str(tmp_path / "livrables-serveur")
    os.chmod(folder, 0o777)  # anyone may put a socket there: never trusted
    assert servers.socket_folder() is None
    os.chmod(folder, 0o700)
    os.rmdir(folder)
    os.symlink(tmp_path / "ailleurs", folder)  # nor a link to another folder
    (tmp_path / "ailleurs").mkdir(mode=0o700)
    assert servers.socket_folder() is None


def test_which_commands_are_served(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("LIVRABLES_SERVEUR", "oui")
    assert launcher.wanted(["build", "--force"])
    assert launcher.wanted(["check"]) and launcher.wanted(["list"])
    assert not launcher.wanted(["preview"])  # long-running: in its own process
    assert not launcher.wanted(["new", "x"]) and not launcher.wanted([])
    assert not launcher.wanted(["--version", "build"])
    monkeypatch.setenv("CI", "true")  # a fresh machine for each run: nothing to keep warm
    assert not launcher.wanted(["build"])
    monkeypatch.delenv("CI")
    monkeypatch.setenv("LIVRABLES_SERVEUR", "non")
    assert not launcher.wanted(["build"])


def test_the_server_preloads_code_only_and_stays_single_threaded() -> None:
    """Forking is safe only from a process with one thread: no JavaScript engine (charts),
    no file watcher, nothing of a project; the package's own data parsed once for all."""
    probe = (
        "import sys, threading\n"
        "from livrables.server import preload\n"
        "preload()\n"
        "from livrables.charts import vega\n"
        "from livrables.content import pays\n"
        "from livrables.markdown.parser import parser\n"
        "print(threading.active_count(), 'vl_convert' in sys.modules, 'watchfiles' in sys.modules,"
        " vega._arc_boxes.cache_info().currsize, pays._table.cache_info().currsize,"
        " parser.cache_info().currsize, 'livrables.pipeline.run' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-P", "-c", probe], cwd="/", capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["1", "False", "False", "1", "1", "2", "True"]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="processes read from /proc")
def test_a_caller_gone_mid_request_leaves_no_child(runtime: Path) -> None:
    """A request cut short (its terminal passed, its header not whole): the child forked for
    it leaves instead of waiting or spinning."""
    (runtime / "livrables-serveur").mkdir(mode=0o700)
    server, path = start_server(runtime)
    try:
        wait_for_server(runtime)
        caller = socket.socket(socket.AF_UNIX)
        caller.connect(str(path))
        socket.send_fds(caller, [b"\0\0\0"], [0, 1, 2])
        caller.close()

        def children() -> list[str]:
            return [
                entry
                for entry in os.listdir("/proc")
                if entry.isdigit() and stat(entry)[1:2] == [str(server.pid)]
            ]

        deadline = time.monotonic() + 2  # the child for it: seen, or already gone
        while not children() and time.monotonic() < deadline:
            time.sleep(0.02)
        wait_until(lambda: not children(), "un processus du serveur reste après l'appelant")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_first_command_says_it_started_a_server(repo: Repo, runtime: Path) -> None:
    env = environment(runtime)
    first, _ = run(["list"], repo.root, env)
    assert first.returncode == 0
    assert launcher.STARTED.encode() in first.stderr
    wait_for_server(runtime)
    served, _ = run(["list"], repo.root, env)
    assert served.returncode == 0 and b"serveur" not in served.stderr


def test_the_key_is_the_same_however_python_is_launched(tmp_path: Path) -> None:
    """`livrables`, `python -m livrables`, from pytest or a script elsewhere: one server."""
    probe = "from livrables.servers import code_key; print(code_key())"
    script = tmp_path / "ailleurs" / "sonde.py"
    script.parent.mkdir()
    script.write_text(f"import sys\nsys.path.insert(0, {str(tmp_path)!r})\n{probe}\n")
    keys = {
        subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True).stdout
        for command, cwd in [
            ([sys.executable, "-c", probe], tmp_path),
            ([sys.executable, "-P", "-c", probe], "/"),
            ([sys.executable, str(script)], tmp_path),
        ]
    }
    assert len(keys) == 1 and len(keys.pop().strip()) == 24


@pytest.mark.parametrize("epoch", ["", "1790000000"])
def test_served_and_plain_builds_are_byte_identical_under_any_environment(
    repo: Repo, runtime: Path, tmp_path: Path, epoch: str
) -> None:
    """The server was started (and warmed) without SOURCE_DATE_EPOCH; a command that sets it
    writes what a plain build under the same environment writes, subset fonts included."""
    twin = tmp_path / "jumeau"
    subprocess.run(["cp", "-a", str(repo.root), str(twin)], check=True)
    base = environment(runtime, LIVRABLES_SOFFICE="non")
    base.pop("SOURCE_DATE_EPOCH", None)
    run(["check"], repo.root, base)
    wait_for_server(runtime)
    env = {**base, "SOURCE_DATE_EPOCH": epoch} if epoch else base
    served, _ = run(["build"], repo.root, env)
    here, _ = run(["build"], twin, {**env, "LIVRABLES_SERVEUR": "non"})
    assert served.returncode == here.returncode == 0, served.stderr.decode()
    made = sorted(p.relative_to(repo.root) for p in (repo.root / "build" / SAMPLE_SLUG).iterdir())
    assert len(made) > 10
    for path in made:
        assert (repo.root / path).read_bytes() == (twin / path).read_bytes(), path


BAD_INPUTS: dict[str, Callable[[Repo], list[str]]] = {
    "tube": lambda r: (os.mkfifo(r.mission / "livrables" / "x.md"), ["check"])[1],
    "yaml": lambda r: (r.write("referentiel/services.yaml", "services: [\n"), ["build"])[1],
    "mission inconnue": lambda r: ["build", "nulle-part"],
    "type inconnu": lambda r: (
        r.replace("livrables/formation.md", "type: formation", "type: inconnu"),
        ["build"],
    )[1],
    "option": lambda r: ["build", "--format", "odt"],
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_gets_the_same_answer_served_and_plain(
    repo: Repo, runtime: Path, tmp_path: Path, case: str
) -> None:
    args = BAD_INPUTS[case](repo)
    twin = tmp_path / "jumeau"  # a build writes: each answer from the same state
    subprocess.run(["cp", "-a", str(repo.root), str(twin)], check=True)
    env = environment(runtime, LIVRABLES_SOFFICE="non")
    run(["list"], tmp_path, env)
    wait_for_server(runtime)
    started = time.monotonic()
    served, _ = run(args, repo.root, env)
    assert time.monotonic() - started < 60  # answered, not hung (a pipe is never opened)
    here, _ = run(args, twin, {**env, "LIVRABLES_SERVEUR": "non"})
    timing = re.compile(rb"\d+,\d s")
    assert served.returncode == here.returncode != 0
    assert timing.sub(b"", served.stderr) == timing.sub(b"", here.stderr)
    assert timing.sub(b"", served.stdout) == timing.sub(b"", here.stdout)
    assert b"Traceback" not in served.stderr


def livrables_serveur(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "livrables", "serveur", command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="processes read from /proc")
def test_serveur_etat_shows_it_and_arreter_stops_it_with_its_commands(
    repo: Repo, runtime: Path, tmp_path: Path
) -> None:
    env = environment(runtime)
    assert livrables_serveur("etat", env).stdout.strip() == "Aucun serveur en marche."
    caller, git = hanging_build(repo, runtime, tmp_path)  # a command running in it
    command = int(stat(git)[1])
    path = wait_for_server(runtime)
    pid = server_pid(path)
    shown = livrables_serveur("etat", env)
    assert shown.returncode == 0
    assert f"Serveur en marche : processus {pid}, le code de cette installation" in shown.stdout
    assert "1 commande en cours" in shown.stdout and " Mo" in shown.stdout
    stopped = livrables_serveur("arreter", env)
    assert stopped.returncode == 0, stopped.stderr
    assert stopped.stdout.strip() == f"Serveur arrêté (processus {pid})."
    caller.communicate(timeout=30)
    assert caller.returncode == 1
    for process in (pid, command, git):
        wait_until(lambda p=process: state(p) in ("", "Z"), f"le processus {process} reste")
    assert not path.exists() and not Path(f"{path}.etat").exists()
    assert livrables_serveur("etat", env).stdout.strip() == "Aucun serveur en marche."
    assert livrables_serveur("arreter", env).stdout.strip() == "Aucun serveur en marche."


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="processes read from /proc")
def test_a_served_command_dies_with_its_caller(repo: Repo, runtime: Path, tmp_path: Path) -> None:
    """`kill -9` of the caller's process group: the command and what it runs end too, and
    nothing is written after."""
    caller, git = hanging_build(repo, runtime, tmp_path)
    command = int(stat(git)[1])
    os.killpg(caller.pid, signal.SIGKILL)
    caller.communicate(timeout=30)
    for process in (command, git):
        wait_until(lambda p=process: state(p) in ("", "Z"), f"le processus {process} reste")
    assert not (repo.root / "build" / SAMPLE_SLUG).exists()


def test_serveur_has_french_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "livrables", "serveur", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert "Utilisation : livrables serveur" in done.stdout
    assert "etat" in done.stdout and "arreter" in done.stdout and "Commandes" in done.stdout
