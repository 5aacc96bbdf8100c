"""What each output was built from: content hashes of its inputs, kept in a manifest.

An output whose inputs (its Markdown, the mission's referential and images, mission.yaml, the
templates and brand, the package's own code) hash the same as last time is up to date.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from livrables import memo
from livrables.pipeline.writer import write_atomic

CACHE_DIR = ".cache"  # build/.cache/<mission>.json: kept out of the folders sent to clients


@cache
def package_digest() -> str:
    """The package's own source: a new version of the tool rebuilds everything."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(f"{path.relative_to(root)}\n{memo.file_digest(path)}\n".encode())
    return digest.hexdigest()


class Hasher:
    """Content hashes for one build: each file is read once, however many outputs use it."""

    def __init__(self) -> None:
        self.digests: dict[Path, str] = {}
        self.newest = 0  # the latest modification or change date of a file hashed (ns)

    def file(self, path: Path) -> str:
        if path not in self.digests:
            now = memo.seen(path)
            if now is not None:
                self.newest = max(self.newest, now[1], now[2])
            self.digests[path] = memo.digest(path, now=now)
        return self.digests[path]

    def key(self, inputs: Iterable[Path], salt: str) -> str:
        digest = hashlib.sha256(f"{package_digest()}\n{salt}".encode())
        for path in sorted(set(inputs)):
            digest.update(f"\n{path}\n{self.file(path)}".encode())
        return digest.hexdigest()


class Manifest:
    """`{output name: inputs key}` of a build folder, stored beside it, not in it."""

    def __init__(self, path: Path, out_dir: Path) -> None:
        self.path = path
        self.out_dir = out_dir
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            self.entries: dict[str, str] = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            self.entries = {}
        self.changed = False

    def is_fresh(self, name: str, key: str) -> bool:
        return self.entries.get(name) == key and (self.out_dir / name).is_file()

    def record(self, name: str, key: str) -> None:
        if self.entries.get(name) != key:
            self.entries[name] = key
            self.changed = True

    def save(self) -> None:
        if self.changed:
            text = json.dumps(self.entries, indent=1, sort_keys=True)
            write_atomic(self.path, text.encode("utf-8"))
            self.changed = False
