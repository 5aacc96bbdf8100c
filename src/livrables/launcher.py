"""The `livrables` command's first step: the frequent commands (build, check, list) run in a
process forked from a server that has already imported the tool, when one runs this very code.

Importing Python's libraries (click, pydantic, python-docx, markdown-it, jinja) takes about half
a second, more than a build with nothing to do or one edited deliverable. `livrables.server`
imports them once, then forks one child per command. The child takes the caller's terminal (its
file descriptors, passed over a Unix socket), folder, environment, umask and arguments, runs the
command exactly as below, and reports its exit code. Nothing of a command outlives it, nor its
caller: each one is a fresh fork of a process that has imported code and never read a project.

No server on Windows (no fork), in CI (`CI` set: a fresh machine every run), or with
LIVRABLES_SERVEUR=non; a command that cannot reach one runs in this process, as before, and
starts one for the next command (it says so, once). `livrables serveur etat|arreter` shows and
stops them (servers.py).
"""

from __future__ import annotations

import array
import json
import os
import signal
import socket
import sys
from typing import NoReturn

from livrables.servers import socket_path

ROUTED = frozenset({"build", "check", "list"})  # short, frequent, never interactive
_OFF = {"non", "no", "0", "false", "off"}
STARTED = (
    "livrables : un serveur garde désormais l'outil chargé pour que les commandes suivantes "
    "démarrent plus vite (il s'arrête seul après dix minutes sans commande ; "
    "« livrables serveur arreter » l'arrête, LIVRABLES_SERVEUR=non s'en passe).\n"
)


def main() -> NoReturn:
    args = sys.argv[1:]
    if wanted(args):
        code = through_server(args)
        if code is not None:
            raise SystemExit(code)
    from livrables.cli import main as run_here

    run_here()


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


def through_server(args: list[str]) -> int | None:
    """The command's exit code, run by the server; None when it did not run there (then it
    runs in this process, and a server is started for the next one)."""
    path = socket_path()
    if path is None:
        return None
    code = run_at(path, args)
    if code is None:
        import atexit

        atexit.register(_start_server, path)  # once this command is done, not beside it
    return code


def _connect(path: str, timeout: float) -> socket.socket | None:
    if not os.path.exists(path):
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.settimeout(timeout)
        connection.connect(path)
    except OSError:
        connection.close()
        return None
    return connection


def _send(connection: socket.socket, request: dict[str, object], fds: list[int]) -> None:
    """The request's size with the three file descriptors, then the request (JSON)."""
    data = json.dumps(request).encode("utf-8")
    rights = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))]
    connection.sendmsg([len(data).to_bytes(8, "big")], rights)
    connection.sendall(data)


class _Lines:
    """The server's answer, line by line (`pid N`, then `code N`)."""

    def __init__(self, connection: socket.socket) -> None:
        self.connection = connection
        self.pending = b""

    def next(self) -> list[bytes]:
        """The next line's words; [] when the server closed the connection before one."""
        while b"\n" not in self.pending:
            try:
                chunk = self.connection.recv(256)
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                self.pending = b""
                return []
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return line.split()


def run_at(path: str, args: list[str]) -> int | None:
    """The command run by the server listening at `path`: its exit code, or None when it did
    not start it (nobody listens, or no answer)."""
    connection = _connect(path, 5)  # a server that does not answer is not waited for
    if connection is None:
        return None
    forwarded = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT}
    signal.pthread_sigmask(signal.SIG_BLOCK, forwarded)  # until the child is known
    try:
        reply = _Lines(connection)
        try:
            _send(connection, request(args), [0, 1, 2])
            first = reply.next()
        except OSError:
            first = []
        if first[:1] != [b"pid"] or not first[1:2] or not first[1].isdigit():
            signal.pthread_sigmask(signal.SIG_UNBLOCK, forwarded)
            return None
        child = int(first[1])
        connection.settimeout(None)  # the command itself takes the time it takes

        def forward(number: int, _frame: object) -> None:
            try:  # noqa: SIM105 - contextlib: an import more at every command
                os.killpg(child, number)  # to the command and its processes
            except OSError:
                pass

        def suspend(_number: int, _frame: object) -> None:
            """Ctrl-Z: the command stops with this process, and goes on with it (fg, bg)."""
            forward(signal.SIGSTOP, None)
            os.kill(os.getpid(), signal.SIGSTOP)
            forward(signal.SIGCONT, None)  # continued

        for number in forwarded:
            signal.signal(number, forward)
        signal.signal(signal.SIGTSTP, suspend)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, forwarded)
        while True:
            line = reply.next()
            if not line:  # the child ended without a word: killed
                sys.stderr.write("livrables : la commande s'est arrêtée avant sa fin.\n")
                return 1
            if line[0] == b"code" and line[1:2] and line[1].lstrip(b"-").isdigit():
                return int(line[1])
    finally:
        connection.close()


def request(args: list[str]) -> dict[str, object]:
    umask = os.umask(0o022)
    os.umask(umask)
    streams = [sys.stdin, sys.stdout, sys.stderr]
    return {
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
    `/` (so it keeps no folder busy) without the caller's folder on its path (`-P`). Said once,
    with how to stop it."""
    import subprocess

    try:
        subprocess.Popen(
            [sys.executable, "-P", "-m", "livrables.server", path],
            cwd="/",
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError:
        return
    try:
        sys.stderr.write(STARTED)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
