"""Every external program a build starts (LibreOffice) has a deadline and dies with the command.

The program runs under a guardian: a small Python process in a session of its own, which starts
the program in another session (so that the whole of it, LibreOffice's launcher and its office
process, can be ended at once), waits for it, and ends it when the deadline passes or when the
command that asked is gone (the guardian's parent changed: killed, its terminal closed). A
`kill -9` of the command's process group reaches neither, so neither is in it; the guardian
still sees its parent go.

Run as `python -I guard.py PARENT SECONDS PROGRAM ARGS...`, standard library only.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

TIMED_OUT = 124  # as coreutils' `timeout` says it
GONE = 125  # the command that asked ended first


def run_guarded(
    command: list[str], seconds: float, env: dict[str, str] | None = None, cwd: Path | None = None
) -> int:
    """Run `command` under a guardian; its exit code, TIMED_OUT past `seconds`."""
    guardian = [sys.executable, "-I", __file__, str(os.getpid()), str(seconds), *command]
    options: dict[str, object] = {}
    if os.name == "posix":
        options["start_new_session"] = True
    else:  # pragma: no cover - Windows: a group of its own
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    process = subprocess.Popen(  # noqa: S603 - our own guardian and the program asked for
        guardian,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        **options,  # type: ignore[call-overload]
    )
    try:
        return int(process.wait())
    except BaseException:  # interrupted here: the guardian ends the program when we are gone,
        with contextlib.suppress(OSError):  # and at once when we can still tell it
            process.terminate()
        raise


def _guard(parent: int, seconds: float, command: list[str]) -> int:
    try:
        program = subprocess.Popen(  # noqa: S603
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=os.name == "posix",
        )
    except OSError:
        return 127
    stop: list[int] = []
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda n, _f: stop.append(n))
    deadline = time.monotonic() + seconds
    while True:
        code = program.poll()
        if code is not None:
            return code
        if stop or os.getppid() != parent or time.monotonic() > deadline:
            _end(program)
            return TIMED_OUT if time.monotonic() > deadline else GONE
        time.sleep(0.1)


def _end(program: subprocess.Popen[bytes]) -> None:
    """The program and everything it started, ended."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.killpg(program.pid, signal.SIGKILL)
    else:  # pragma: no cover
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(program.pid)], capture_output=True)
    with contextlib.suppress(OSError):
        program.kill()
    program.wait()


if __name__ == "__main__":
    sys.exit(_guard(int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]))
