"""Worker processes that never outlive the build: killed with their parent (Linux), and
leaving at once if the parent is already gone."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Run in each worker when it starts: a `kill -9` of the build ends its workers too."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        # the C library is already in the process: looking it up by name (`find_library`)
        # runs `ldconfig -p` in every worker
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
