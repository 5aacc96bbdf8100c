"""What `livrables` decides before importing the tool: the code's key, and whether a plain
`livrables build` has anything to do.

A build with nothing to do is answered from a stamp (`build/.cache/a-jour`) written by the
last plain `livrables build` that ended with every deliverable made or up to date: a digest of
what that build saw, compared by file dates as git and make do. The digest covers the code (its
key, below), the environment a build reads (LIVRABLES_SOFFICE, SOURCE_DATE_EPOCH, where
LibreOffice is), the size, dates (modified and changed) and inode of every file under content/,
templates/ and build/ (its outputs), and git's HEAD, index, packed-refs and refs. Any difference
or any doubt (an input changed within two seconds of that build's start, git's folder not a
plain one, a GIT_DIR-like variable set) and the build takes its usual path, which reads and hashes.

Standard library only, and little of it: this runs before anything else is imported.
"""

from __future__ import annotations

import os
import sys
import time

TYPE_CHECKING = False  # `typing` alone costs more to import than this whole module
if TYPE_CHECKING:
    from hashlib import _Hash
    from hashlib import sha256 as sha256
else:
    try:  # the C module itself: hashlib loads OpenSSL first (milliseconds, at every command)
        from _sha256 import sha256
    except ImportError:  # Pythons that name it otherwise (3.12: _sha2), or have only OpenSSL's
        try:
            from _sha2 import sha256
        except ImportError:
            from hashlib import sha256

STAMP = os.path.join("build", ".cache", "a-jour")
_FORMAT = "livrables a-jour 1"
RACY_NS = 2_000_000_000  # a file system's coarsest date (FAT): changes closer than this blur
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
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
)
_GIT_LOCATION = (  # another repository, index or object store than the folder's own
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
)
_BUILD_ENV = ("LIVRABLES_SOFFICE", "SOURCE_DATE_EPOCH")  # read by a build (pipeline/project.py)


def code_key(package: str | None = None) -> str:
    """What decides the code that runs, as a digest: the interpreter, its path (but the
    caller's folder, first on it), the environment read at Python's start-up, the size and date
    of every file of the package and of every folder on the path (installing a package changes
    its folder). This package's, once per process (the launcher asks twice: the stamp, the
    socket); a key gone stale can only fail to match, never match other code."""
    if package is None:
        if not _KEY:
            _KEY.append(_code_key(os.path.dirname(os.path.abspath(__file__))))
        return _KEY[0]
    return _code_key(package)


_KEY: list[str] = []


def _code_key(package: str) -> str:
    digest = sha256()
    path = sys.path if sys.flags.safe_path else sys.path[1:]
    startup = [(name, os.environ.get(name)) for name in _STARTUP_ENV]
    digest.update(repr((sys.executable, sys.version, path, startup)).encode())
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            stat = os.stat(os.path.join(folder, name))
            digest.update(f"{folder}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for entry in path:
        try:
            stat = os.stat(entry)
        except OSError:
            continue
        digest.update(f"{entry}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def find_root(start: str) -> str | None:
    """The nearest folder at or above `start` holding templates/marque.yaml (as
    pipeline/project.find_project)."""
    folder = os.path.realpath(start)
    while True:
        if os.path.isfile(os.path.join(folder, "templates", "marque.yaml")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


class Inputs:
    """The digest of what a build of `root` reads, and the newest date among them."""

    def __init__(self, root: str) -> None:
        self.digest = sha256()
        self.newest = 0
        self.trusted = not any(name in os.environ for name in _GIT_LOCATION)
        env = [(name, os.environ.get(name)) for name in _BUILD_ENV]
        office = [_which(name) for name in ("soffice", "libreoffice")]
        self.digest.update(repr((code_key(), env, office)).encode())
        for part in ("content", "templates"):
            _tree(self.digest, root, part, self)
        self._git(root)

    def seen(self, newest: int) -> None:
        self.newest = max(self.newest, newest)

    def _git(self, root: str) -> None:
        folder = root
        while not os.path.lexists(os.path.join(folder, ".git")):
            parent = os.path.dirname(folder)
            if parent == folder:
                self.digest.update(b"(sans git)")
                return
            folder = parent
        git = os.path.join(folder, ".git")
        if not os.path.isdir(git) or os.path.islink(git):
            self.trusted = False  # a worktree's or a submodule's: its metadata is elsewhere
            return
        self.digest.update(git.encode())
        for name in ("HEAD", "index", "packed-refs", "shallow"):
            _file(self.digest, git, name, self)
        _tree(self.digest, git, "refs", self)

    @property
    def value(self) -> str:
        return self.digest.hexdigest()


def outputs(root: str) -> str:
    """The digest of the build folder's outputs (its hidden folders left out)."""
    digest = sha256()
    build = os.path.join(root, "build")
    try:
        names = sorted(os.listdir(build))
    except OSError:
        return "(sans build)"
    for name in names:
        if name.startswith("."):
            continue
        if os.path.isdir(os.path.join(build, name)):
            _tree(digest, build, name, None)
        else:  # a file beside the missions' folders
            _file(digest, build, name, None)
    return digest.hexdigest()


def record(root: str, inputs: Inputs | Seen | None, started_ns: int, count: int, err: str) -> None:
    """The stamp of a plain build that ended well: its inputs as they were when it started
    (one changed since no longer matches), unless one changed so close to that start that its
    dates could not tell a later change (then the next plain build writes it)."""
    path = os.path.join(root, STAMP)
    if inputs is None or not inputs.trusted or inputs.newest >= started_ns - RACY_NS:
        _remove(path)
        return
    # lines, not JSON: reading it must cost less than importing a parser
    stamp = f"{_FORMAT}\n{inputs.value}\n{outputs(root)}\n{count}\n{err}"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = f"{path}.{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(stamp)
    os.replace(temporary, path)


def forget(root: str) -> None:
    """A build that did not end well: the next plain build checks all."""
    _remove(os.path.join(root, STAMP))


def answer(root: str) -> tuple[int, str] | None:
    """(deliverables up to date, what the build wrote on stderr) when nothing changed since the
    stamp; None when the build must look (which then takes the inputs seen here: `taken`)."""
    try:
        with open(os.path.join(root, STAMP), encoding="utf-8") as handle:
            form, *expected, count, err = handle.read().split("\n", 4)
        if form != _FORMAT:
            return None
        found = int(count)
    except (OSError, ValueError):  # none, unreadable, or not what record() writes
        return None
    started_ns = time.time_ns()
    inputs = Inputs(root)
    if not inputs.trusted or inputs.value != expected[0] or outputs(root) != expected[1]:
        _TAKEN[:] = [(root, Seen(inputs.value, inputs.newest, inputs.trusted), started_ns)]
        return None
    return found, err


class Seen:
    """What `record` needs of an `Inputs`: its digest, its newest date, whether it is trusted
    (a plain class: `typing` costs more to import than this module)."""

    __slots__ = ("value", "newest", "trusted")

    def __init__(self, value: str, newest: int, trusted: bool) -> None:
        self.value = value
        self.newest = newest
        self.trusted = trusted


_TAKEN: list[tuple[str, Seen, int]] = []  # the inputs `answer` saw, and when it began


def taken(root: str) -> tuple[Seen, int] | None:
    """The inputs `answer` saw before this build (in the launcher, this process or the one
    that asked the server), and when it began looking: the build's own start, a little early."""
    for seen_root, seen, started_ns in _TAKEN:
        if seen_root == root:
            return seen, started_ns
    return None


def adopt(carried: list[object] | None) -> None:
    """`taken`'s answer, carried from the launcher to the server's child (None: nothing, and
    nothing inherited from the process it was forked from either)."""
    _TAKEN.clear()
    if carried is None:
        return
    root, value, newest, trusted, started_ns = carried
    seen = Seen(str(value), int(str(newest)), bool(trusted))
    _TAKEN[:] = [(str(root), seen, int(str(started_ns)))]


def carried() -> list[object] | None:
    """What `adopt` takes, or None when `answer` saw nothing."""
    if not _TAKEN:
        return None
    root, seen, started_ns = _TAKEN[0]
    return [root, seen.value, seen.newest, seen.trusted, started_ns]


def _tree(digest: _Hash, base: str, relative: str, inputs: Inputs | None) -> None:
    top = os.path.join(base, relative)
    for folder, subfolders, files in os.walk(top):
        subfolders.sort()
        digest.update(f"d\0{_relative(folder, base)}\n".encode())
        if inputs is not None:  # a file removed or renamed dates its folder (racy rule)
            try:  # noqa: SIM105 - contextlib costs an import here
                stat = os.stat(folder)
                inputs.seen(max(stat.st_mtime_ns, stat.st_ctime_ns))
            except OSError:
                pass
        for name in sorted(files):
            _file(digest, folder, name, inputs, base)


def _relative(path: str, base: str) -> str:
    """`os.path.relpath(path, base)` for a path under `base`, at a tenth of its cost."""
    prefix = base if base.endswith(os.sep) else base + os.sep
    return path[len(prefix) :] if path.startswith(prefix) else os.path.relpath(path, base)


def _file(digest: _Hash, folder: str, name: str, inputs: Inputs | None, base: str = "") -> None:
    path = os.path.join(folder, name)
    try:
        stat = os.stat(path)
    except OSError:
        digest.update(f"-\0{name}\n".encode())
        return
    if inputs is not None:
        inputs.seen(max(stat.st_mtime_ns, stat.st_ctime_ns))
    shown = _relative(path, base) if base else name
    digest.update(
        f"f\0{shown}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_ino}\n".encode()
    )


def _which(name: str) -> str | None:
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _remove(path: str) -> None:
    try:  # noqa: SIM105 - contextlib costs an import here
        os.unlink(path)
    except FileNotFoundError:
        pass
