"""The server behind `livrables.launcher`: imports the tool once, then forks one child per
command; the child becomes the caller (terminal, folder, environment, umask, arguments), runs
the command and reports its exit code.

Run as `python -P -m livrables.server SOCKET` by the launcher. One server per socket (a lock
beside it); it leaves after ten minutes without a command, and removes its socket. It holds no
project and no cache: only imported modules, and the schemas and parsers that are pure code.

A project's standby: after a build, the launcher asks the server for one. A child then takes the
project's folder, warms up on it (pipeline/standby.py: the code run once on one mission, the
content parsed and hashed, memo.py), and serves that project's commands at a socket of its own,
forking one child per command exactly as the server does. Its commands inherit what it made;
nothing a command does comes back to it. It leaves, like the server, after ten idle minutes.
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import fcntl
import gc
import importlib
import io
import os
import pkgutil
import select
import signal
import socket
import struct
import sys
import time
from typing import IO, Any, NoReturn

import livrables
from livrables import quick
from livrables.launcher import IDLE_SECONDS

# Never imported here: run by another Python, a command's own entry point, this module, a
# module that starts a JavaScript engine or threads when imported.
_NOT_PRELOADED = {
    "livrables.__main__",
    "livrables.server",
    "livrables.pipeline.office_helper",
}
# Imported inside the functions that use them, by the commands that use them.
_LIBRARIES = (
    "fontTools.ttLib",
    "fontTools.subset",
    "pypdf",
    "pptx",
    "docx",
    "pptx.chart.xmlwriter",
)


def main() -> None:
    path = sys.argv[1]
    _SOCKET[:] = [path]
    lock = _lock(path)
    if lock is None:
        return  # another server for this code is starting or running (its pid left as is)
    tidy(os.path.dirname(path), keep=path)
    preload()
    serve_at(path, lock)


_SOCKET: list[str] = []  # this server's socket: a project's standby is named beside it


def _lock(path: str) -> IO[str] | None:
    """The lock beside the socket, with this process's pid, or None when another holds it."""
    lock = open(path + ".lock", "a+")  # noqa: SIM115 - held for the process's life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return None
    lock.truncate(0)
    lock.write(f"{os.getpid()}\n")  # which process serves this socket (ps, tests, kill)
    lock.flush()
    return lock


def serve_at(path: str, lock: IO[str]) -> None:
    """Listen at `path` (the socket appears once ready) and serve until told to stop."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children reaped by the system
    wakeup = _stop_on_term()  # a `kill` removes the socket too
    gc.collect()
    gc.freeze()  # children share the imported objects' pages instead of copying them
    os.umask(0o077)  # the socket: this user's only (each command takes its caller's umask)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    staging = f"{path}.{os.getpid()}"
    mine = None
    try:
        listener.bind(staging)
        listener.listen(16)
        mine = os.stat(staging).st_ino
        os.replace(staging, path)  # callers see the socket only once the server is ready
        listener.setblocking(False)
        serve(listener, wakeup, lock.fileno())
    finally:
        with contextlib.suppress(OSError):
            os.unlink(staging)
        with contextlib.suppress(OSError):  # unless another server has put its own there since
            if os.stat(path).st_ino == mine:
                os.unlink(path)


def tidy(folder: str, keep: str) -> None:
    """Remove the sockets and locks that no running server holds (servers of older code that
    ended, or were killed)."""
    for name in os.listdir(folder):
        lock_path = os.path.join(folder, name)
        if not name.endswith(".sock.lock") or lock_path == keep + ".lock":
            continue
        with contextlib.suppress(OSError), open(lock_path, "a") as other:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while its server runs
            with contextlib.suppress(FileNotFoundError):
                os.unlink(lock_path.removesuffix(".lock"))
            os.unlink(lock_path)


def preload() -> None:
    """Every module of the tool and the libraries its commands import on demand; the content
    models' schemas (built on first use otherwise). Pure code: nothing of a project."""
    names = [m.name for m in pkgutil.walk_packages(livrables.__path__, "livrables.")]
    for name in [n for n in names if n not in _NOT_PRELOADED] + list(_LIBRARIES):
        # a module that cannot be imported fails in the command that needs it, as without
        # the server, rather than leaving every command without one
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    from livrables.content.models import Model

    pending = list(Model.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        model.model_rebuild()
    _warm_code()


def _warm_code() -> None:
    """What every command would make on first use from the package alone: the Markdown
    parsers, the world map and country codes, the libraries' versions naming the chart
    caches. Each is memoised by its function; a failure here fails again, reported, where used.
    """
    from livrables.charts import render, vega
    from livrables.content import pays
    from livrables.markdown.parser import CLIENT_HIDDEN, parser
    from livrables.writers.docx import charts

    for warm in (
        parser,
        lambda: parser(CLIENT_HIDDEN),
        vega._world_digest,
        vega._arc_boxes,
        pays._table,
        render._version,
        charts._code_digest,
    ):
        with contextlib.suppress(Exception):
            warm()


_STOPPING: list[bool] = []


def _stop_on_term() -> int:
    """SIGTERM only noted, and the loop woken through a pipe: a handler that raised could do
    so inside `os.fork()`'s at-fork hooks (logging's), where the exception is swallowed and the
    server went on. Returns the pipe's reading end."""
    readable, writable = os.pipe()
    os.set_blocking(writable, False)
    signal.set_wakeup_fd(writable)
    signal.signal(signal.SIGTERM, lambda _number, _frame: _STOPPING.append(True))
    return readable


def serve(listener: socket.socket, wakeup: int, lock: int) -> None:
    """Until SIGTERM, or ten minutes without a command. A command's child keeps none of the
    server's own descriptors: a long build would otherwise hold the lock after the server
    left, and keep the next server from starting."""
    while not _STOPPING:
        ready, _, _ = select.select([listener.fileno(), wakeup], [], [], IDLE_SECONDS)
        if not ready:
            return
        if wakeup in ready:
            os.read(wakeup, 512)  # a signal arrived: _STOPPING says whether it was SIGTERM
            continue
        try:
            connection, _ = listener.accept()
        except (BlockingIOError, InterruptedError):  # the caller gave up in between
            continue
        connection.setblocking(True)
        if not _same_user(connection):
            connection.close()
            continue
        if os.fork() == 0:
            signal.set_wakeup_fd(-1)
            os.close(wakeup)
            os.close(lock)
            listener.close()
            child(connection)
        connection.close()


def _same_user(connection: socket.socket) -> bool:
    if not hasattr(socket, "SO_PEERCRED"):  # macOS: the socket's folder is private to the user
        return True
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return bool(uid == os.getuid())


def child(connection: socket.socket) -> NoReturn:
    """Become the caller, run its command, report the exit code. Never returns to the server."""
    code = 1
    try:
        for number in (signal.SIGCHLD, signal.SIGTERM):  # as in a command started plainly
            signal.signal(number, signal.SIG_DFL)
        os.setpgid(0, 0)  # its own group, signalled whole as a terminal signals its commands
        request = _receive(connection)
        _become(request)
        if request.get("veille"):
            connection.close()
            standby(str(request["veille"]))
        connection.sendall(f"pid {os.getpid()}\n".encode())
        code = _run(request["argv"][1:])
    except BaseException:  # noqa: BLE001 - the caller gets an exit code whatever happens
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        atexit._run_exitfuncs()  # what a normal exit runs: LibreOffice ended, workers joined
        with contextlib.suppress(OSError):
            connection.sendall(f"code {code}\n".encode())
        os._exit(code)


def standby(path: str) -> NoReturn:
    """Become the standby of the project the caller names (its folder, now this process's):
    warmed up on it (pipeline/standby.py), then serving its commands at `path`, beside this
    server's socket, as the server does. One per project and code (its lock)."""
    code = 1
    try:
        if _SOCKET and os.path.dirname(path) == os.path.dirname(_SOCKET[0]):
            lock = _lock(path)
            if lock is not None:
                from livrables.pipeline.standby import warm_project

                with contextlib.suppress(Exception):  # a standby left cold still serves
                    warm_project(os.getcwd())
                serve_at(path, lock)
            code = 0
    finally:
        os._exit(code)


def _receive(connection: socket.socket) -> dict[str, Any]:
    connection.settimeout(5)
    header, fds, _flags, _address = socket.recv_fds(connection, 8, 3)
    if len(fds) != 3:
        raise ConnectionError("descripteurs manquants")
    for target, fd in zip((0, 1, 2), fds, strict=True):
        os.dup2(fd, target)
        os.close(fd)
    while len(header) < 8:
        more = connection.recv(8 - len(header))
        if not more:
            raise ConnectionError("requête incomplète")
        header += more
    size = int.from_bytes(header, "big")
    data = bytearray()
    while len(data) < size:
        chunk = connection.recv(min(size - len(data), 1 << 20))
        if not chunk:
            raise ConnectionError("requête incomplète")
        data += chunk
    connection.settimeout(None)
    request = ast.literal_eval(data.decode("utf-8"))  # Python literals only (launcher._send)
    if not isinstance(request, dict):
        raise ConnectionError("requête illisible")
    return request


def _become(request: dict[str, Any]) -> None:
    quick.adopt(None if request.get("veille") else request.get("entrees"))
    os.chdir(request["cwd"])
    os.umask(int(request["umask"]))
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    sys.argv = list(request["argv"])
    for fd, name, (encoding, errors) in zip(
        (0, 1, 2), ("stdin", "stdout", "stderr"), request["streams"], strict=True
    ):
        tty = os.isatty(fd)
        binary = open(fd, "rb" if fd == 0 else "wb", closefd=False)  # noqa: SIM115
        text = io.TextIOWrapper(
            binary,
            encoding=encoding,
            errors=errors,
            line_buffering=tty or fd == 2,
            write_through=fd == 2,
        )
        setattr(sys, name, text)
        setattr(sys, f"__{name}__", text)


def _run(args: list[str]) -> int:
    """The command as `livrables.cli.main` runs it."""
    from livrables.cli import cli

    try:
        code = cli.main(args, prog_name="livrables", standalone_mode=False)
    except SystemExit as exc:
        code = exc.code
    return code if isinstance(code, int) else (0 if code is None else 1)


if __name__ == "__main__":
    main()
