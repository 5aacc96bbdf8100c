"""The background servers, seen from outside: where their sockets are, the key of the code each
one runs, what `livrables serveur etat` shows and how `arreter` stops them.

A server (server.py) has imported the tool and forks one child per command; it holds no
project. Its socket is named by the key of the code it runs (`code_key`): the interpreter, the
folders its libraries are installed in (installing a package changes them), the variables
Python reads when it starts, and every file of this package. The key is the same however
Python was launched (`livrables`, `python -m livrables`, from pytest or not).

Standard library only: the launcher runs this before anything else is imported.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sys
import time
from dataclasses import dataclass

IDLE_SECONDS = 600
FOLDER = "livrables-serveur"
_STARTUP_ENV = (  # read by Python itself when it starts, before any of our code
    "PYTHONPATH",
    "PYTHONHOME",
    "PYTHONHASHSEED",
    "PYTHONOPTIMIZE",
    "PYTHONUTF8",
    "PYTHONWARNINGS",
    "PYTHONDEVMODE",
    "PYTHONNOUSERSITE",
    "PYTHONUSERBASE",
    "PYTHONSAFEPATH",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
)
PACKAGE = os.path.dirname(os.path.abspath(__file__))


def code_key(package: str = PACKAGE) -> str:
    """What decides the code a server runs, as a digest."""
    import site
    import sysconfig

    digest = hashlib.sha256()
    startup = [(name, os.environ.get(name)) for name in _STARTUP_ENV]
    paths = sysconfig.get_paths()
    folders = sorted(
        {paths["stdlib"], paths["purelib"], paths["platlib"]}
        | {p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p}
        | ({site.getusersitepackages()} if site.ENABLE_USER_SITE else set())
    )
    digest.update(repr((sys.executable, sys.version, startup)).encode())
    for folder in folders:
        try:
            stamp = os.stat(folder).st_mtime_ns
        except OSError:
            stamp = 0
        digest.update(f"{folder}\0{stamp}\n".encode())
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            path = os.path.join(folder, name)
            stat = os.stat(path)
            relative = os.path.relpath(path, package)
            digest.update(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def socket_folder(create: bool = True) -> str | None:
    """A folder only this user can enter, or None: another user's socket is never trusted."""
    base = os.environ.get("XDG_RUNTIME_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "livrables"
    )
    folder = os.path.join(base, FOLDER)
    try:
        if create:
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


@dataclass(frozen=True)
class Running:
    """A server that runs, as its state file and the system describe it."""

    pid: int
    key: str
    since: float  # seconds since the epoch
    python: str
    memory: int | None  # resident memory in bytes, when the system says
    commands: int  # commands it is running now

    def is_current(self) -> bool:
        return self.key == code_key()


def state_path(socket: str) -> str:
    return socket + ".etat"


def write_state(socket: str, pid: int, key: str) -> None:
    """What `etat` shows of a server, written by the server when it is ready."""
    state = {"pid": pid, "cle": key, "depuis": time.time(), "python": sys.executable}
    temporary = f"{state_path(socket)}.{pid}"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(state, handle)
    os.replace(temporary, state_path(socket))


def running() -> list[Running]:
    """The servers of this user that run now (their lock held), oldest first."""
    import fcntl

    folder = socket_folder(create=False)
    if folder is None:
        return []
    found = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".sock.lock"):
            continue
        socket = os.path.join(folder, name.removesuffix(".lock"))
        try:
            with open(socket + ".lock", "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                continue  # nobody holds it: no server there
        except BlockingIOError:
            pass
        except OSError:
            continue
        try:
            with open(state_path(socket), encoding="utf-8") as handle:
                state = json.load(handle)
            pid = int(state["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # starting: its state is not written yet
        found.append(
            Running(
                pid,
                str(state.get("cle", "")),
                float(state.get("depuis", 0)),
                str(state.get("python", "")),
                _memory(pid),
                len(_children(pid)),
            )
        )
    return sorted(found, key=lambda r: r.since)


def stop(server: Running, timeout: float = 10.0) -> bool:
    """Stop a server and the commands it runs; True once no process of it remains."""
    processes = [server.pid, *_children(server.pid)]
    with contextlib.suppress(ProcessLookupError):
        os.kill(server.pid, signal.SIGTERM)  # it ends its commands, then itself
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in processes):
            return True
        time.sleep(0.05)
    for pid in processes:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL) if pid != server.pid else os.kill(pid, signal.SIGKILL)
    time.sleep(0.1)
    return not any(_alive(pid) for pid in processes)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rpartition(")")[2].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _children(pid: int) -> list[int]:
    """The processes `pid` started (Linux's /proc; [] elsewhere)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except (OSError, ValueError):
        return []


def _memory(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None
