"""Atomic writes: a temporary file in the same folder, then a rename over the old output.

An interrupted or failed build never leaves a truncated file, and never removes the last good
output.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, scratch: Path | None = None) -> None:
    """`scratch`: where the temporary file is made (same file system), when it must not appear
    beside the output even for a moment (a client folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = scratch or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix="livrable-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
