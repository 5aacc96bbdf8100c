"""One LibreOffice kept running per profile, for the whole build (issue 17).

`soffice --convert-to` starts LibreOffice at each call (1.3 to 1.8 s here, against about 0.45 s
per document), and a mission takes three calls (its documents, its decks, its tables of
contents paginated). A resident LibreOffice is driven through its UNO bridge by
`office_helper.py`, run by the Python that bridge belongs to; without such a Python, or when the
resident fails, `pdf.py` converts by `--convert-to` as before.

A resident belongs to the process that started it: a forked child forgets its parent's (their
pipes are the parent's). It ends with the build (`close_all`), when its process exits, or, the
process being killed, when its helper reads the end of its input. It is started again after
RESTART_AFTER documents (LibreOffice's memory grows over long runs).
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import multiprocessing.util
import os
import queue
import shutil
import signal
import subprocess
import threading
from pathlib import Path
from typing import Any

from livrables.caches import ARGUMENTS, process_cache

HELPER = Path(__file__).with_name("office_helper.py")
START_TIMEOUT = 150  # seconds (the helper gives LibreOffice 120 to start)
TIMEOUT = 900  # seconds for one document
STOP_TIMEOUT = 30  # seconds for the helper to end LibreOffice and itself
RESTART_AFTER = 60  # documents


class ResidentError(Exception):
    """The resident LibreOffice cannot be used (the message is French)."""


class Resident:
    def __init__(self, python: str, command: str, profile: Path, env: dict[str, str]) -> None:
        pipe = f"livrables-{os.getpid()}-{next(_NUMBERS)}"
        self.converted = 0
        self.office_pid = 0  # LibreOffice's launcher, leading its own process group
        self.process = subprocess.Popen(
            [python, "-I", str(HELPER), command, profile.resolve().as_uri(), pipe],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
            encoding="utf-8",
        )
        self.answers: queue.SimpleQueue[dict[str, Any] | None] = queue.SimpleQueue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        try:
            ready = self._answer(START_TIMEOUT)
        except ResidentError:
            self.close()
            raise
        if not ready.get("ok"):
            self.close()
            raise ResidentError(f"LibreOffice résident : {ready.get('error')}")
        self.office_pid = int(ready.get("pid") or 0)

    def convert(self, source: Path, target: Path, filter_name: str, options: Any) -> bool:
        """`source` converted to `target`; False when LibreOffice could not convert it."""
        request = {
            "source": str(source.resolve()),
            "target": str(target.resolve()),
            "filter": filter_name,
            "options": options,
        }
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except OSError as exc:
            raise ResidentError(f"LibreOffice résident arrêté ({exc})") from None
        answer = self._answer(TIMEOUT)
        self.converted += 1
        return bool(answer.get("ok")) and target.is_file()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            try:
                self.answers.put(json.loads(line))
            except ValueError:
                continue
        self.answers.put(None)  # the helper ended

    def _answer(self, timeout: float) -> dict[str, Any]:
        try:
            answer = self.answers.get(timeout=timeout)
        except queue.Empty:
            self.close()
            raise ResidentError("LibreOffice résident : délai dépassé") from None
        if answer is None:
            raise ResidentError("LibreOffice résident arrêté")
        return answer

    def close(self) -> None:
        """End the helper (it ends LibreOffice), waiting a little, then for good."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:  # the helper hangs on LibreOffice: both are ended
            self.process.kill()
            self.process.wait()
            if self.office_pid and hasattr(os, "killpg"):
                with contextlib.suppress(OSError):
                    os.killpg(self.office_pid, signal.SIGKILL)
        self.reader.join(timeout=5)  # it reads the end of the helper's output, then stops
        if self.process.stdout is not None and not self.reader.is_alive():
            self.process.stdout.close()


def resident(command: str, profile: Path, env: dict[str, str]) -> Resident | None:
    """The running LibreOffice of `profile` in this process, started if needed; None when
    none can be (no UNO Python, or it failed before in this process)."""
    key = str(profile.resolve())
    if key in _BROKEN:
        return None
    found = _RESIDENTS.get(key)
    if found is not None and (found.converted >= RESTART_AFTER or found.process.poll() is not None):
        drop(profile)
        found = None
    if found is None:
        python = uno_python(command)
        if python is None:
            return None
        try:
            found = Resident(python, command, profile, env)
        except (OSError, ResidentError):
            _BROKEN.add(key)
            return None
        _RESIDENTS[key] = found
        _register_close()
    return found


def drop(profile: Path, broken: bool = False) -> None:
    """End the resident of `profile`; `broken`: not started again in this process."""
    key = str(profile.resolve())
    found = _RESIDENTS.pop(key, None)
    if found is not None:
        found.close()
    if broken:
        _BROKEN.add(key)


def close_all() -> None:
    for key in list(_RESIDENTS):
        _RESIDENTS.pop(key).close()


@process_cache(ARGUMENTS, env=("LIVRABLES_UNO_PYTHON", "PATH"))
def uno_python(command: str) -> str | None:
    """A Python that can import LibreOffice's `uno`: LIVRABLES_UNO_PYTHON ("non": none), the
    one beside soffice (Windows, macOS, LibreOffice's own packages), the system's (Debian's
    python3-uno)."""
    chosen = os.environ.get("LIVRABLES_UNO_PYTHON")
    if chosen is not None and chosen.strip().lower() in {"", "non", "0", "false"}:
        return None
    program = Path(os.path.realpath(shutil.which(command) or command)).parent
    candidates = [chosen] if chosen else []
    beside = [program / "python", program / "python.exe", program.parent / "Resources" / "python"]
    candidates += [*map(str, beside), "/usr/bin/python3"]  # Linux, Windows, macOS, Debian
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and _imports_uno(candidate):
            return candidate
    return None


def _imports_uno(python: str) -> bool:
    try:
        done = subprocess.run(
            [python, "-I", "-c", "import uno"], capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _register_close() -> None:
    if not _REGISTERED or _REGISTERED[0] != os.getpid():
        _REGISTERED[:] = [os.getpid()]
        atexit.register(close_all)  # this process's end
        multiprocessing.util.Finalize(None, close_all, exitpriority=10)  # a worker's end


def _forget() -> None:
    """In a forked child: the parent's residents are the parent's. The child's copy of each
    helper's input is closed, so that the helper still sees its end when the parent closes it
    (its output is left alone: the parent's reader thread may hold its lock)."""
    for found in _RESIDENTS.values():
        if found.process.stdin is not None:
            with contextlib.suppress(OSError):
                found.process.stdin.close()
    _RESIDENTS.clear()


_RESIDENTS: dict[str, Resident] = {}
_BROKEN: set[str] = set()
_REGISTERED: list[int] = []
_NUMBERS = itertools.count(1)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget)
