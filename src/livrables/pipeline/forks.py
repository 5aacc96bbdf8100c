"""`fork_map`: the one pool of the build. Workers are forked from the process that calls it, so
they inherit the function and its items as they are (nothing is pickled on the way in, no module
global hands them the work); only each item's index goes out, and its result comes back pickled.

Each worker asks for the next index when it is done with one (a slow item does not hold up the
others), dies with its parent (Linux: a `kill -9` of the build ends its workers too) and leaves
when told there is no more. Where the system cannot fork (Windows), the items are done here, in
order.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import selectors
import signal
import socket
import struct
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
PR_SET_PDEATHSIG = 1
_HEADER = struct.Struct("!Q")
_DONE = -1


class WorkerLost(RuntimeError):
    """A worker ended before giving back the result of the item it had taken."""


def fork_map(
    function: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    progress: Callable[[int, int], None] | None = None,
    leaving: Callable[[], None] | None = None,
) -> list[R]:
    """`[function(item) for item in items]`, in `workers` forked processes when there are
    several. An exception raised by `function` is raised here (the other items are finished
    first); `progress(done, total)` after each item; `leaving()` in each worker before it
    ends (what it started for all its items: a LibreOffice)."""
    workers = min(workers, len(items))
    if workers <= 1 or not hasattr(os, "fork"):
        results = []
        for done, item in enumerate(items, 1):
            results.append(function(item))
            if progress:
                progress(done, len(items))
        return results
    return _Pool(function, items, workers, progress, leaving).run()


def worker_number() -> int:
    """1, 2… in the workers of `fork_map`, 0 elsewhere (each worker's own LibreOffice
    profile)."""
    return _NUMBER[0]


_NUMBER = [0]  # this process's place among its parent's workers


def die_with_parent() -> None:
    """Run in each worker when it starts: a `kill -9` of the build ends its workers too."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)  # already in the process: no lookup by name
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


class _Pool:
    def __init__(
        self,
        function: Callable[[Any], Any],
        items: Sequence[Any],
        workers: int,
        progress: Callable[[int, int], None] | None,
        leaving: Callable[[], None] | None,
    ) -> None:
        self.function = function
        self.leaving = leaving
        self.items = items
        self.workers = workers
        self.progress = progress
        self.results: dict[int, tuple[bool, Any]] = {}
        self.next = 0

    def run(self) -> list[Any]:
        sys.stdout.flush()
        sys.stderr.flush()
        children: dict[socket.socket, tuple[int, int | None]] = {}  # pid, index taken
        try:
            for number in range(1, self.workers + 1):
                ours, theirs = socket.socketpair()
                pid = os.fork()
                if pid == 0:  # pragma: no cover - measured in the worker, which never returns
                    ours.close()
                    for other in children:
                        other.close()
                    _NUMBER[0] = number
                    self._work(theirs)
                theirs.close()
                children[ours] = (pid, None)
            self._serve(children)
        finally:
            for connection, (pid, _taken) in children.items():
                connection.close()
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
        values = []
        for index in range(len(self.items)):
            ok, value = self.results[index]
            if not ok:
                raise value
            values.append(value)
        return values

    def _serve(self, children: dict[socket.socket, tuple[int, int | None]]) -> None:
        with selectors.DefaultSelector() as selector:
            for each in children:
                selector.register(each, selectors.EVENT_READ)
            open_count = len(children)
            while open_count:
                for key, _ in selector.select():
                    connection = key.fileobj
                    assert isinstance(connection, socket.socket)
                    pid, taken = children[connection]
                    frame = _receive(connection)
                    if frame is None:  # the worker ended
                        selector.unregister(connection)
                        open_count -= 1
                        if taken is not None:
                            raise WorkerLost("un processus de production s'est arrêté avant sa fin")
                        continue
                    if taken is not None:
                        self.results[taken] = pickle.loads(frame)
                        if self.progress:
                            self.progress(len(self.results), len(self.items))
                    index = self.next if self.next < len(self.items) else _DONE
                    self.next += index != _DONE
                    _send(connection, struct.pack("!q", index))
                    children[connection] = (pid, None if index == _DONE else index)

    def _work(self, connection: socket.socket) -> None:  # pragma: no cover - in the worker
        code = 0
        try:
            die_with_parent()
            _send(connection, b"")  # ready
            while True:
                frame = _receive(connection)
                if frame is None:
                    break
                (index,) = struct.unpack("!q", frame)
                if index == _DONE:
                    break
                try:
                    outcome: tuple[bool, Any] = (True, self.function(self.items[index]))
                except BaseException as exc:  # noqa: BLE001 - raised again in the parent
                    outcome = (False, exc)
                try:
                    data = pickle.dumps(outcome)
                except Exception as exc:  # noqa: BLE001 - an exception that cannot travel
                    data = pickle.dumps((False, RuntimeError(repr(outcome[1] or exc))))
                _send(connection, data)
            if self.leaving:
                self.leaving()
        except BaseException:  # noqa: BLE001 - a worker never returns into the caller's code
            code = 1
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()
            os._exit(code)


def _send(connection: socket.socket, data: bytes) -> None:
    connection.sendall(_HEADER.pack(len(data)) + data)


def _receive(connection: socket.socket) -> bytes | None:
    header = _exactly(connection, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    return _exactly(connection, size)


def _exactly(connection: socket.socket, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        chunk = connection.recv(min(size - len(data), 1 << 20))
        if not chunk:
            return None
        data += chunk
    return bytes(data)
