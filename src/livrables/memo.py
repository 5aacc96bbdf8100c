"""What a project's standby keeps between commands (see server.py): the YAML and Markdown it
parsed, keyed by the file's path and very text, and the digests of the files it hashed, keyed
by their size, dates and inode. Off unless `fill()` was called: a command run in its own process
reads everything, as before.

A command forked from the standby finds here what it would have made again from files that did
not change since the standby read them. Each parsed value is handed out once per process (a
command never gets an object another part of it already has, whatever it does with it), and
the standby never uses them itself: it only stores. A digest is trusted when the file's size,
modification and change dates and inode are those seen when it was hashed, and only when the
file had not changed in the two seconds before (git's index rule: a file written again within
one tick of its clock would keep its dates). `livrables build --force` turns it off: everything
is read again.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
RACY_NS = 2_000_000_000  # changed less than this before it was read: not trusted

_STATE = {"on": False, "filling": False}
_PARSED: dict[Hashable, Any] = {}
_DIGESTS: dict[Path, tuple[tuple[int, ...], str]] = {}
_MISSING = object()


def fill() -> None:
    """From now on, what this process parses and hashes is kept (the standby, warming up)."""
    _STATE["on"] = _STATE["filling"] = True


def serve() -> None:
    """Kept, no longer added to: the standby waits for commands, which fork from it."""
    _STATE["filling"] = False


def forget() -> None:
    """Nothing kept, nothing used (`--force`)."""
    _STATE["on"] = _STATE["filling"] = False
    _PARSED.clear()
    _DIGESTS.clear()


def active() -> bool:
    return _STATE["on"]


def parsed(
    key: Hashable,
    compute: Callable[[], T],
    keep: Callable[[T], bool] = lambda _value: True,
    valid: Callable[[T], bool] = lambda _value: True,
) -> T:
    """`compute()`, or what it gave for the same key when the standby ran it. `key` holds the
    file's path and the whole text parsed (and whatever else the parse depends on); `keep`:
    whether a value is worth keeping; `valid`: whether a kept one still holds (the files it
    read beside those of its key are as they were: see `seen`)."""
    if not _STATE["on"]:
        return compute()
    if not _STATE["filling"]:
        found = _PARSED.pop(key, _MISSING)
        if found is not _MISSING and valid(found):
            return found  # type: ignore[no-any-return]
        return compute()
    value = compute()
    if keep(value):
        _PARSED[key] = value
    return value


def seen(path: Path) -> tuple[int, ...] | None:
    """A file's size, dates and inode (its target's, for a link), or None when it is gone."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def file_digest(path: Path) -> str:
    """A file's content as a digest; "-" for what is not a file (missing, a folder)."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"


def digest(
    path: Path,
    compute: Callable[[Path], str] = file_digest,
    now: tuple[int, ...] | None = None,
) -> str:
    """`compute(path)`, or the digest the standby made of this very file; `now`: its `seen`,
    when the caller has it."""
    if not _STATE["on"]:
        return compute(path)
    now = now or seen(path)
    if now is None:
        return compute(path)
    known = _DIGESTS.get(path)
    if known is not None and known[0] == now:
        return known[1]
    started = time.time_ns()
    value = compute(path)
    if _STATE["filling"] and max(now[1], now[2]) < started - RACY_NS:  # modified, changed
        _DIGESTS[path] = (now, value)
    return value


def sizes() -> tuple[int, int]:
    """(parsed values, digests) kept: for tests and the bench."""
    return len(_PARSED), len(_DIGESTS)
