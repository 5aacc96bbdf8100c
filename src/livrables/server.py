"""The server behind `livrables.launcher`: a zygote that imports the tool once, then forks one
child per command; the child becomes the caller (terminal, folder, environment, umask,
arguments), runs the command and reports its exit code.

Run as `python -P -m livrables.server SOCKET` by the launcher. One server per socket (a lock
beside it, and a state file `livrables serveur etat` reads); it leaves after ten minutes without
a command, or on SIGTERM (`livrables serveur arreter`), ending the commands it runs. It holds no
project and no cache of one: only imported modules and the package's own parsed data.

A command dies with its caller: a sentinel process, forked by the command once it has read its
request, waits on the caller's connection and kills the command's process group when the caller
is gone (killed, its terminal closed) before the command reported its end.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import importlib
import io
import json
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
from livrables.servers import IDLE_SECONDS, write_state

# Never imported here: run by another Python, a command's own entry point, this module, a
# module that starts a JavaScript engine or threads when imported.
_NOT_PRELOADED = {
    "livrables.__main__",
    "livrables.server",
    "livrables.pipeline.guard",
}
# Imported inside the functions that use them, by the commands that use them.
_LIBRARIES = (
    "fontTools.ttLib",
    "fontTools.subset",
    "pypdf",
    "typst",
    "pptx",
    "docx",
    "pptx.chart.xmlwriter",
)
STOP_GRACE = 5.0  # seconds the commands running get to end on SIGTERM


def main() -> None:
    path = sys.argv[1]
    lock = _lock(path)
    if lock is None:
        return  # another server for this code is starting or running
    tidy(os.path.dirname(path), keep=path)
    preload()
    serve_at(path, lock)


def _lock(path: str) -> IO[str] | None:
    """The lock beside the socket, or None when another server holds it."""
    lock = open(path + ".lock", "a+")  # noqa: SIM115 - held for the process's life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return None
    return lock


def serve_at(path: str, lock: IO[str]) -> None:
    """Listen at `path` (the socket appears once ready) and serve until told to stop."""
    wakeup = _wake_on_signals()
    gc.collect()
    gc.freeze()  # children share the imported objects' pages instead of copying them
    os.umask(0o077)  # the socket: this user's only (each command takes its caller's umask)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    staging = f"{path}.{os.getpid()}"
    mine = None
    children: set[int] = set()
    try:
        listener.bind(staging)
        listener.listen(16)
        mine = os.stat(staging).st_ino
        write_state(path, os.getpid(), os.path.basename(path).removesuffix(".sock"))
        os.replace(staging, path)  # callers see the socket only once the server is ready
        listener.setblocking(False)
        serve(listener, wakeup, lock.fileno(), children)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(staging)
        with contextlib.suppress(OSError):  # unless another server has put its own there since
            if os.stat(path).st_ino == mine:
                os.unlink(path)
                os.unlink(path + ".etat")
        _end_commands(children)


def tidy(folder: str, keep: str) -> None:
    """Remove the sockets, locks and states that no running server holds (servers of older
    code that ended, or were killed)."""
    for name in os.listdir(folder):
        lock_path = os.path.join(folder, name)
        if not name.endswith(".sock.lock") or lock_path == keep + ".lock":
            continue
        with contextlib.suppress(OSError), open(lock_path, "a") as other:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while its server runs
            socket_path = lock_path.removesuffix(".lock")
            for stale in (socket_path, socket_path + ".etat"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(stale)
            os.unlink(lock_path)


def preload() -> None:
    """Every module of the tool and the libraries its commands import on demand; the content
    models' schemas (built on first use otherwise). Code only: nothing of a project, nothing
    that depends on the environment of a command."""
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
    _warm_package()


def _warm_package() -> None:
    """What every command would make on first use from the package's own files alone (in the
    server's key): the Markdown parsers, the world map and country codes, the libraries'
    versions naming the chart caches. Nothing a command's environment or project changes."""
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
        with contextlib.suppress(Exception):  # a failure here fails again, reported, where used
            warm()


_STOPPING: list[bool] = []


def _wake_on_signals() -> int:
    """SIGTERM and SIGCHLD only noted, and the loop woken through a pipe: a handler that
    raised could do so inside `os.fork()`'s at-fork hooks (logging's), where the exception is
    swallowed and the server went on. Returns the pipe's reading end."""
    readable, writable = os.pipe()
    os.set_blocking(writable, False)
    signal.set_wakeup_fd(writable)
    signal.signal(signal.SIGTERM, lambda _number, _frame: _STOPPING.append(True))
    signal.signal(signal.SIGCHLD, lambda _number, _frame: None)
    return readable


def serve(listener: socket.socket, wakeup: int, lock: int, children: set[int]) -> None:
    """Until SIGTERM, or ten minutes without a command. A command's child keeps none of the
    server's own descriptors: a long build would otherwise hold the lock after the server
    left, and keep the next server from starting."""
    idle_since = time.monotonic()
    while not _STOPPING:
        _reap(children)
        if children:
            idle_since = time.monotonic()
        timeout = max(0.0, IDLE_SECONDS - (time.monotonic() - idle_since))
        ready, _, _ = select.select([listener.fileno(), wakeup], [], [], timeout)
        if not ready and not children:
            return
        if wakeup in ready:
            with contextlib.suppress(BlockingIOError):
                os.read(wakeup, 512)  # a signal arrived: SIGTERM noted, a child to reap
            continue
        if listener.fileno() not in ready:
            continue
        try:
            connection, _ = listener.accept()
        except (BlockingIOError, InterruptedError):  # the caller gave up in between
            continue
        connection.setblocking(True)
        if not _same_user(connection):
            connection.close()
            continue
        pid = os.fork()
        if pid == 0:
            signal.set_wakeup_fd(-1)
            os.close(wakeup)
            os.close(lock)
            listener.close()
            child(connection)
        children.add(pid)
        connection.close()


def _reap(children: set[int]) -> None:
    for pid in list(children):
        with contextlib.suppress(ChildProcessError):
            done, _status = os.waitpid(pid, os.WNOHANG)
            if not done:
                continue
        children.discard(pid)


def _end_commands(children: set[int]) -> None:
    """The commands still running end with the server (`livrables serveur arreter`)."""
    for number, grace in ((signal.SIGTERM, STOP_GRACE), (signal.SIGKILL, 1.0)):
        for pid in children:
            with contextlib.suppress(OSError):
                os.killpg(pid, number)
        deadline = time.monotonic() + grace
        while children and time.monotonic() < deadline:
            _reap(children)
            time.sleep(0.02)
        if not children:
            return


def _same_user(connection: socket.socket) -> bool:
    if not hasattr(socket, "SO_PEERCRED"):  # macOS: the socket's folder is private to the user
        return True
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return bool(uid == os.getuid())


def child(connection: socket.socket) -> NoReturn:
    """Become the caller, run its command, report the exit code. Never returns to the server."""
    code = 1
    sentinel = 0
    try:
        for number in (signal.SIGCHLD, signal.SIGTERM):  # as in a command started plainly
            signal.signal(number, signal.SIG_DFL)
        os.setpgid(0, 0)  # its own group, signalled whole as a terminal signals its commands
        request = _receive(connection)
        sentinel = _sentinel(connection)
        _become(request)
        connection.sendall(f"pid {os.getpid()}\n".encode())
        code = _run(request["argv"][1:])
    except BaseException:  # noqa: BLE001 - the caller gets an exit code whatever happens
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        import atexit

        atexit._run_exitfuncs()  # what a normal exit runs: LibreOffice ended
        if sentinel:
            with contextlib.suppress(OSError):
                os.kill(sentinel, signal.SIGKILL)
                os.waitpid(sentinel, 0)
        with contextlib.suppress(OSError):
            connection.sendall(f"code {code}\n".encode())
        os._exit(code)


def _sentinel(connection: socket.socket) -> int:
    """A process of the command's group that waits on the caller's connection: the caller
    gone before the command ended (the connection closed), it kills the whole group. It
    leaves when the command is gone (it holds the connection: the caller would wait on it)."""
    command = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    try:  # pragma: no cover - in the sentinel
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
            signal.signal(number, signal.SIG_IGN)  # Ctrl-C is the command's to answer
        for fd in (0, 1, 2):
            with contextlib.suppress(OSError):
                os.close(fd)
        connection.setblocking(False)
        while os.getppid() == command:
            ready, _, _ = select.select([connection], [], [], 0.5)
            if not ready:
                continue
            try:
                data = connection.recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:  # the caller is gone
                os.killpg(0, signal.SIGKILL)
    finally:
        os._exit(0)


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
    if size > 64 << 20:
        raise ConnectionError("requête trop grande")
    data = bytearray()
    while len(data) < size:
        chunk = connection.recv(min(size - len(data), 1 << 20))
        if not chunk:
            raise ConnectionError("requête incomplète")
        data += chunk
    connection.settimeout(None)
    request = json.loads(data.decode("utf-8"))
    if not isinstance(request, dict):
        raise ConnectionError("requête illisible")
    return request


def _become(request: dict[str, Any]) -> None:
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
