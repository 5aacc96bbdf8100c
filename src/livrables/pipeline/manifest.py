"""What a build wrote, kept beside the build folder (`build/.cache/<mission>.json`), never in it.

For each output: the key of what it was made of (inputs.py), the digest of the bytes written
and the file's size, dates and inode when written. An output is up to date when its key is the
same and the file is still the one written: same size, dates and inode (the change date cannot
be set back by hand), or, when they moved, the same bytes. A file edited by hand, or replaced by
another, is made again; `livrables envoyer` archives only bytes whose digest is recorded here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from livrables.pipeline.writer import write_atomic

CACHE_DIR = ".cache"  # build/.cache/<mission>.json: kept out of the folders sent to clients
FORMAT = 2


def manifest_path(build: Path, slug: str, interne: bool) -> Path:
    return build / CACHE_DIR / f"{slug}{'-interne' if interne else ''}.json"


def file_state(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass
class Output:
    key: str
    digest: str
    state: list[int] | None


class Manifest:
    """`{output name: Output}` of a build folder, with the fingerprint of the mission's last
    complete build; names are relative to `build/`."""

    def __init__(self, path: Path, build: Path) -> None:
        self.path = path
        self.build = build
        self.outputs: dict[str, Output] = {}
        self.fingerprint: str | None = None
        self.count = 0
        self.changed = False
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(loaded, dict) or loaded.get("format") != FORMAT:
            return  # another version's manifest: everything is made again
        try:
            for name, entry in loaded["sorties"].items():
                self.outputs[name] = Output(entry["cle"], entry["empreinte"], entry["etat"])
            self.fingerprint = loaded.get("mission")
            self.count = int(loaded.get("livrables", 0))
        except (KeyError, TypeError, ValueError, AttributeError):
            self.outputs, self.fingerprint, self.count = {}, None, 0

    def intact(self, name: str) -> bool:
        """Whether the file is the one this manifest recorded (a hand-edited or replaced file
        is not)."""
        recorded = self.outputs.get(name)
        if recorded is None:
            return False
        path = self.build / name
        state = file_state(path)
        if state is None or path.is_symlink():
            return False
        if state == recorded.state:
            return True
        if file_digest(path) != recorded.digest:
            return False
        recorded.state = state  # the same bytes, touched or copied back: noted
        self.changed = True
        return True

    def is_fresh(self, name: str, key: str) -> bool:
        recorded = self.outputs.get(name)
        return recorded is not None and recorded.key == key and self.intact(name)

    def key_of(self, name: str) -> str | None:
        recorded = self.outputs.get(name)
        return recorded.key if recorded else None

    def digest_of(self, name: str) -> str | None:
        recorded = self.outputs.get(name)
        return recorded.digest if recorded else None

    def complete(self, fingerprint: str) -> bool:
        """Whether the mission's last complete build was of these very inputs, and left every
        output it recorded as it wrote it."""
        return self.fingerprint == fingerprint and all(self.intact(n) for n in self.outputs)

    def record(self, name: str, key: str, data: bytes) -> None:
        digest = hashlib.sha256(data).hexdigest()
        state = file_state(self.build / name)
        old = self.outputs.get(name)
        if old is None or (old.key, old.digest, old.state) != (key, digest, state):
            self.outputs[name] = Output(key, digest, state)
            self.changed = True

    def forget(self, name: str) -> None:
        if self.outputs.pop(name, None) is not None:
            self.changed = True

    def finished(self, fingerprint: str | None, count: int) -> None:
        """A complete build's fingerprint (None: the mission must be looked at next time)."""
        if (self.fingerprint, self.count) != (fingerprint, count):
            self.fingerprint, self.count = fingerprint, count
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        data = {
            "format": FORMAT,
            "mission": self.fingerprint,
            "livrables": self.count,
            "sorties": {
                name: {"cle": o.key, "empreinte": o.digest, "etat": o.state}
                for name, o in sorted(self.outputs.items())
            },
        }
        write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))
        self.changed = False
