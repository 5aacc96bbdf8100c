"""Keeps one LibreOffice running and converts the documents it is sent to PDF.

Run by the Python that LibreOffice's UNO bridge belongs to (`/usr/bin/python3` with
python3-uno on Debian, `program/python` beside soffice elsewhere), never imported by the
tool: `resident.py` starts it. Arguments: soffice, the profile's URL, a pipe name. One JSON line
per request on stdin ({"source", "target", "filter", "options"}), one JSON line per answer on
stdout ({"ok": true} or {"ok": false, "error": "..."}); the first answer says LibreOffice is
ready. When stdin closes (the build ended, or was killed), LibreOffice is ended too.

Documents are opened hidden and read-only, links not updated and macros never run, as
`soffice --convert-to` opens them.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]  # LibreOffice's own module
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

START_TIMEOUT = 120  # seconds: a first start makes the profile
NO_UPDATE = 0  # com.sun.star.document.UpdateDocMode.NO_UPDATE
NEVER_EXECUTE = 0  # com.sun.star.document.MacroExecMode.NEVER_EXECUTE


def main() -> int:
    office, profile, pipe = sys.argv[1:4]
    process = subprocess.Popen(
        [
            office,
            "-env:UserInstallation=" + profile,
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=os.name == "posix",  # its children end with it (see _stop)
    )
    desktop = None
    try:
        desktop = _connect(pipe, process)
        if desktop is None:
            _answer(False, "LibreOffice n'a pas démarré")
            return 1
        _answer(True, pid=process.pid)
        for line in sys.stdin:
            request = json.loads(line)
            try:
                _convert(desktop, request)
            except Exception as exc:  # LibreOffice's own errors, or LibreOffice gone
                _answer(False, str(exc) or type(exc).__name__)
                if process.poll() is not None:
                    return 1
            else:
                _answer(True)
        return 0
    finally:
        _stop(desktop, process)


def _connect(pipe: str, process: subprocess.Popen) -> object:  # type: ignore[type-arg]
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            time.sleep(0.05)
            continue
        return context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
    return None


def _convert(desktop: object, request: dict) -> None:  # type: ignore[type-arg]
    source = uno.systemPathToFileUrl(request["source"])
    target = uno.systemPathToFileUrl(request["target"])
    opening = (
        _property("Hidden", True),
        _property("ReadOnly", True),
        _property("UpdateDocMode", NO_UPDATE),
        _property("MacroExecutionMode", NEVER_EXECUTE),
    )
    document = desktop.loadComponentFromURL(source, "_blank", 0, opening)  # type: ignore[attr-defined]
    if document is None:
        raise RuntimeError("document illisible")
    try:
        options = tuple(
            _property(name, _typed(option)) for name, option in request["options"].items()
        )
        data = uno.Any("[]com.sun.star.beans.PropertyValue", options)
        storing = (_property("FilterName", request["filter"]), _property("FilterData", data))
        uno.invoke(document, "storeToURL", (target, storing))
    finally:
        document.close(True)


def _typed(option: dict) -> object:  # type: ignore[type-arg]
    """A filter option as `--convert-to`'s JSON gives it: {"type": "long", "value": "2"}."""
    kind, value = option["type"], option["value"]
    if kind == "boolean":
        return value in (True, "true")
    if kind == "long":
        return int(value)
    return str(value)


def _property(name: str, value: object) -> object:
    found = PropertyValue()
    found.Name = name
    found.Value = value
    return found


def _answer(ok: bool, error: str = "", pid: int = 0) -> None:
    """`pid`: LibreOffice's, so that the tool can end it if this helper hangs."""
    sys.stdout.write(json.dumps({"ok": ok, "error": error, "pid": pid}) + "\n")
    sys.stdout.flush()


def _stop(desktop: object, process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    if desktop is not None:
        with contextlib.suppress(Exception):  # already gone
            desktop.terminate()  # type: ignore[attr-defined]
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=20)
    if os.name == "posix":  # soffice.bin, started by the launcher, in the same group
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
    elif process.poll() is None:
        process.kill()


if __name__ == "__main__":
    sys.exit(main())
