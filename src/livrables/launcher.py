"""The `livrables` command's first step: the frequent commands (build, check, list) run in a
process forked from a server that has already imported the tool, when one runs this very code.

Importing Python's libraries (click, pydantic, python-docx, markdown-it, jinja) takes about half
a second, more than a build with nothing to do or one edited deliverable. `livrables.server`
imports them once, then forks one child per command. The child takes the caller's terminal (its
file descriptors, passed over a Unix socket), folder, environment, umask and arguments, runs the
command exactly as below, and reports its exit code. Nothing of a command outlives it: each one
is a fresh fork of a process that has imported code and never read a project.

The server's socket is named by everything that decides the code it runs: the interpreter, its
path, the environment variables read at Python's start-up, and the size and date of every file
of the package and of every folder on the path (installing a package changes its folder). Other
code, another server; the old one leaves after ten idle minutes. No server on Windows (no fork),
in CI (`CI` set: a fresh machine every run), or with LIVRABLES_SERVEUR=non; a command that cannot
reach one runs in this process, as before, and starts one for the next command.

This module runs before anything else is imported: the standard library only, and little of it.
"""

from __future__ import annotations

import os
import sys
import time

from livrables.quick import answer, carried, code_key, find_root

TYPE_CHECKING = False  # `typing` alone costs more to import than this whole module
if TYPE_CHECKING:
    from typing import NoReturn

ROUTED = frozenset({"build", "check", "list"})  # short, frequent, never interactive
IDLE_SECONDS = 600
_OFF = {"non", "no", "0", "false", "off"}


def main() -> NoReturn:
    args = sys.argv[1:]
    if args == ["build"]:
        answer_here()
    if wanted(args):
        code = through_server(args)
        if code is not None:
            raise SystemExit(code)
    from livrables.cli import main as run_here

    run_here()


def answer_here() -> None:
    """A plain `livrables build` with nothing to do, answered from its stamp (quick.py), as
    the build itself would have answered; returns when the build must look."""
    started = time.perf_counter()
    root = find_root(os.getcwd())
    found = answer(root) if root else None
    if found is None:
        return
    count, err = found
    sys.stderr.write(err)
    seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
    sys.stdout.write(f"0 livrable produit, {count} à jour, 0 en échec — {seconds} s.\n")
    raise SystemExit(0)


def wanted(args: list[str]) -> bool:
    flags = sys.flags
    return (
        bool(args)
        and args[0] in ROUTED
        and sys.platform != "win32"
        and hasattr(os, "fork")
        and os.environ.get("LIVRABLES_SERVEUR", "").strip().lower() not in _OFF
        and not os.environ.get("CI")
        # the server is started plainly: a caller run with other interpreter options runs here
        and not (flags.optimize or flags.isolated or flags.ignore_environment or flags.dev_mode)
    )


def socket_folder() -> str | None:
    """A folder only this user can enter, or None: another user's socket is never trusted."""
    base = os.environ.get("XDG_RUNTIME_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "livrables"
    )
    folder = os.path.join(base, "livrables-serveur")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        stat = os.lstat(folder)
    except OSError:
        return None
    private = stat.st_uid == os.getuid() and not stat.st_mode & 0o077
    is_folder = stat.st_mode & 0o170000 == 0o040000  # not a symbolic link to somewhere else
    return folder if private and is_folder else None


def socket_path() -> str | None:
    folder = socket_folder()
    if folder is None:
        return None
    path = os.path.join(folder, f"{code_key()}.sock")
    return path if len(path.encode()) < 100 else None  # AF_UNIX's limit (104 on macOS)


def through_server(args: list[str]) -> int | None:
    """The command's exit code, run by the project's standby or the server; None when it did
    not run there (then it runs in this process, and a server is started for the next one)."""
    import atexit

    path = socket_path()
    if path is None:
        return None
    root = find_root(os.getcwd())
    standby = standby_path(path, root) if root else None
    if standby is not None:
        code = _run_at(standby, args)
        if code is not None:
            return code
    code = _run_at(path, args)
    if code is None:
        atexit.register(_start_server, path)  # once this command is done, not beside it
    elif standby is not None and root is not None and args[0] in {"build", "check"}:
        _ask_standby(path, standby, root)
    return code


def standby_path(path: str, root: str) -> str:
    """The socket of the project's standby (server.py), beside the server's."""
    import hashlib

    return f"{path.removesuffix('.sock')}-{hashlib.sha256(root.encode()).hexdigest()[:12]}.sock"


def _run_at(path: str, args: list[str]) -> int | None:
    """The command run by the process listening at `path`: its exit code, or None when it did
    not start it (nobody listens, or no answer)."""
    import contextlib
    import json
    import signal
    import socket

    if not os.path.exists(path):
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    forwarded = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT}
    signal.pthread_sigmask(signal.SIG_BLOCK, forwarded)  # until the child is known
    try:
        try:
            connection.settimeout(5)  # a server that does not answer is not waited for
            connection.connect(path)
            request = json.dumps(_request(args)).encode()
            socket.send_fds(connection, [len(request).to_bytes(8, "big")], [0, 1, 2])
            connection.sendall(request)
            reply = connection.makefile("rb")
            first = reply.readline().split()
        except OSError:
            first = []
        if first[:1] != [b"pid"] or not first[1:2] or not first[1].isdigit():
            signal.pthread_sigmask(signal.SIG_UNBLOCK, forwarded)
            return None
        child = int(first[1])
        connection.settimeout(None)  # the command itself takes the time it takes

        def forward(number: int, _frame: object) -> None:
            with contextlib.suppress(OSError):  # to the command and the processes it runs
                os.killpg(child, number)

        def suspend(_number: int, _frame: object) -> None:
            """Ctrl-Z: the command stops with this process, and goes on with it (fg, bg)."""
            with contextlib.suppress(OSError):
                os.killpg(child, signal.SIGSTOP)
            os.kill(os.getpid(), signal.SIGSTOP)
            with contextlib.suppress(OSError):  # continued
                os.killpg(child, signal.SIGCONT)

        for number in forwarded:
            signal.signal(number, forward)
        signal.signal(signal.SIGTSTP, suspend)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, forwarded)
        while True:
            try:
                line = reply.readline().split()
            except InterruptedError:  # pragma: no cover - retried by Python since PEP 475
                continue
            if not line:  # the child ended without a word: killed
                sys.stderr.write("livrables : la commande s'est arrêtée avant sa fin.\n")
                return 1
            if line[0] == b"code":
                return int(line[1])
    finally:
        connection.close()


def _ask_standby(path: str, standby: str, root: str) -> None:
    """The server asked for the project's standby, unless one runs or is warming up (its lock
    held). Not waited for: the server's child takes it from there."""
    import contextlib
    import fcntl
    import json
    import socket

    with contextlib.suppress(OSError), open(standby + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while a standby holds it
        fcntl.flock(lock, fcntl.LOCK_UN)
        request = {**_request(["veille"]), "cwd": root, "veille": standby}
        data = json.dumps(request).encode()
        null = os.open(os.devnull, os.O_RDWR)
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                connection.settimeout(1)
                connection.connect(path)
                socket.send_fds(connection, [len(data).to_bytes(8, "big")], [null] * 3)
                connection.sendall(data)
        finally:
            os.close(null)


def _request(args: list[str]) -> dict[str, object]:
    umask = os.umask(0o022)
    os.umask(umask)
    streams = [sys.stdin, sys.stdout, sys.stderr]
    return {
        "entrees": carried(),  # what answer_here saw of the inputs, for the build's stamp
        "argv": [sys.argv[0], *args],
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": umask,
        "streams": [
            [getattr(s, "encoding", None) or "utf-8", getattr(s, "errors", None) or "strict"]
            for s in streams
        ],
    }


def _start_server(path: str) -> None:
    """A server for the next command, left to itself: its own session, no terminal, started in
    `/` (so it keeps no folder busy) without the caller's folder on its path (`-P`)."""
    import contextlib
    import subprocess

    with contextlib.suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-P", "-m", "livrables.server", path],
            cwd="/",
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
