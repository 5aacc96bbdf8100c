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

import _socket
import array
import os
import sys
import time

from livrables.quick import answer, carried, code_key, find_root, sha256

TYPE_CHECKING = False  # `typing` alone costs more to import than this whole module
if TYPE_CHECKING:
    import signal as signals
    from typing import NoReturn
else:
    try:  # the C module: `signal` imports `enum` first
        import _signal as signals
    except ImportError:
        import signal as signals

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
    elif standby and root and args[0] in {"build", "check"}:
        _ask_standby(path, standby, root)
    return code


def standby_path(path: str, root: str) -> str | None:
    """The socket of the project's standby (server.py), beside the server's; None when its
    name would be too long for a socket (then no standby: it could never listen)."""
    standby = f"{path.removesuffix('.sock')}-{sha256(root.encode()).hexdigest()[:12]}.sock"
    return standby if len(standby.encode()) < 100 else None


# What the caller sends, in the C modules themselves: `socket`, `signal` and `json` would
# import `enum` and `re` first, more time than the rest of this process (server.py reads the
# request with ast.literal_eval: Python literals only).
def _connect(path: str, timeout: float) -> _socket.socket | None:
    if not os.path.exists(path):
        return None
    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        connection.settimeout(timeout)
        connection.connect(path)
    except OSError:
        connection.close()
        return None
    return connection


def _send(connection: _socket.socket, request: dict[str, object], fds: list[int]) -> None:
    """The request's size with the three file descriptors, then the request."""
    data = repr(request).encode("utf-8")
    rights = [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, array.array("i", fds))]
    connection.sendmsg([len(data).to_bytes(8, "big")], rights)
    connection.sendall(data)


class _Lines:
    """The server's answer, line by line (`pid N`, then `code N`)."""

    def __init__(self, connection: _socket.socket) -> None:
        self.connection = connection
        self.pending = b""

    def next(self) -> list[bytes]:
        """The next line's words; [] when the server closed the connection before one."""
        while b"\n" not in self.pending:
            chunk = self.connection.recv(256)
            if not chunk:
                self.pending = b""
                return []
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return line.split()


def _run_at(path: str, args: list[str]) -> int | None:
    """The command run by the process listening at `path`: its exit code, or None when it did
    not start it (nobody listens, or no answer)."""
    connection = _connect(path, 5)  # a server that does not answer is not waited for
    if connection is None:
        return None
    forwarded = {signals.SIGINT, signals.SIGTERM, signals.SIGHUP, signals.SIGQUIT}
    signals.pthread_sigmask(signals.SIG_BLOCK, forwarded)  # until the child is known
    try:
        reply = _Lines(connection)
        try:
            _send(connection, _request(args), [0, 1, 2])
            first = reply.next()
        except OSError:
            first = []
        if first[:1] != [b"pid"] or not first[1:2] or not first[1].isdigit():
            signals.pthread_sigmask(signals.SIG_UNBLOCK, forwarded)
            return None
        child = int(first[1])
        connection.settimeout(None)  # the command itself takes the time it takes

        def forward(number: int, _frame: object) -> None:
            try:  # noqa: SIM105 - to the command and its processes (contextlib: an import)
                os.killpg(child, number)
            except OSError:
                pass

        def suspend(_number: int, _frame: object) -> None:
            """Ctrl-Z: the command stops with this process, and goes on with it (fg, bg)."""
            forward(signals.SIGSTOP, None)
            os.kill(os.getpid(), signals.SIGSTOP)
            forward(signals.SIGCONT, None)  # continued

        for number in forwarded:
            signals.signal(number, forward)
        signals.signal(signals.SIGTSTP, suspend)
        signals.pthread_sigmask(signals.SIG_UNBLOCK, forwarded)
        while True:
            try:
                line = reply.next()
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
    import fcntl

    try:
        with open(standby + ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while a standby holds it
            fcntl.flock(lock, fcntl.LOCK_UN)
        connection = _connect(path, 1)
        if connection is None:
            return
        null = os.open(os.devnull, os.O_RDWR)
        try:
            request = {**_request(["veille"]), "cwd": root, "veille": standby}
            _send(connection, request, [null, null, null])
        finally:
            os.close(null)
            connection.close()
    except OSError:
        pass


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
