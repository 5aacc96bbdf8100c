"""Where outputs go, and what the client folder may hold.

`build/<mission>/` is what a consultant zips and sends: the client deliverables and the portal,
nothing else. Internal outputs (`--interne`, `diffusion: interne`) go to
`build/_interne/<mission>/`; temporary files are made in `build/.tmp/` and renamed into place,
so a build killed at any moment leaves no stray file in a client folder; outputs of a
deliverable renamed or deleted are removed by the next build.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from livrables.pipeline.writer import write_atomic

INTERNAL = "_interne"
SCRATCH = ".tmp"
OUTPUT_FORMATS = ("docx", "html", "pdf", "pptx")  # every format a deliverable may have
PORTAL = "index.html"


class Folders:
    """A mission's output folders under `build/`."""

    def __init__(self, build: Path, slug: str) -> None:
        self.build = build
        self.client = build / slug
        self.internal = build / INTERNAL / slug
        self.scratch = build / SCRATCH

    def of(self, internal: bool) -> Path:
        return self.internal if internal else self.client

    def name(self, internal: bool, file_name: str) -> str:
        """The output's name relative to `build/`, as the manifest records it."""
        return self.of(internal).relative_to(self.build).joinpath(file_name).as_posix()

    def write(self, internal: bool, file_name: str, data: bytes) -> Path | None:
        """Write an output atomically; None when the same bytes are already there."""
        path = self.of(internal) / file_name
        if path.is_file() and path.read_bytes() == data:
            return None
        write_atomic(path, data, scratch=self.scratch)
        return path

    def drop_client(self, stem: str) -> list[Path]:
        """Remove a deliverable's outputs from the client folder (it became internal)."""
        removed = []
        for ext in OUTPUT_FORMATS:
            path = self.client / f"{stem}.{ext}"
            if path.is_file():
                path.unlink()
                removed.append(path)
        return removed


def prune(folder: Path, stems: set[str]) -> list[Path]:
    """Remove from `folder` everything but the outputs of `stems` and the portal."""
    if not folder.is_dir():
        return []
    keep = {f"{stem}.{ext}" for stem in stems for ext in OUTPUT_FORMATS} | {PORTAL}
    removed = []
    for entry in sorted(folder.iterdir()):
        if entry.name in keep and entry.is_file() and not entry.is_symlink():
            continue
        _remove(entry)
        removed.append(entry)
    return removed


def prune_missions(build: Path, slugs: set[str]) -> list[Path]:
    """Remove the client and internal folders of missions that no longer exist."""
    removed = []
    for parent in (build, build / INTERNAL):
        if not parent.is_dir():
            continue
        for entry in sorted(parent.iterdir()):
            if entry.name.startswith((".", "_")) or entry.name in slugs:
                continue
            _remove(entry)
            removed.append(entry)
    return removed


def clean_scratch(build: Path, older_than: float = 600.0) -> None:
    """Temporary files left by a build that was killed (not those of a build running now, in
    another window or under `livrables preview`: they are younger than a few minutes)."""
    folder = build / SCRATCH
    if not folder.is_dir():
        return
    limit = time.time() - older_than
    for entry in folder.iterdir():
        try:
            if entry.lstat().st_mtime < limit:
                _remove(entry)
        except OSError:
            continue


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry)
    else:
        entry.unlink(missing_ok=True)
