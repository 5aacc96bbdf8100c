"""The files a Typst document reads beside its source: the pictures of the content, the logos,
the charts drawn as SVG. Written into the compiler's root (a scratch folder), each under a
name the writer chose: a path of the content never reaches Typst."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from livrables.charts.render import ChartRenderer

# what Typst draws; a picture in another format is shown by its description
PICTURES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}


class Assets:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self._by_path: dict[Path, str] = {}

    def picture(self, path: object) -> str | None:
        """The name a picture of the content is read under; None when it cannot be shown."""
        if not isinstance(path, Path) or path.suffix.lower() not in PICTURES:
            return None
        if path not in self._by_path:
            try:
                data = path.read_bytes()
            except OSError:
                return None
            name = f"image-{len(self._by_path) + 1}{path.suffix.lower()}"
            self._by_path[path] = name
            self.files[name] = data
        return self._by_path[path]

    def add(self, stem: str, suffix: str, data: bytes) -> str:
        name = f"{stem}-{len(self.files) + 1}{suffix}"
        self.files[name] = data
        return name

    def write(self, root: Path) -> None:
        for name, data in self.files.items():
            (root / name).write_bytes(data)


class Drawer(Protocol):
    """What the data nodes' drawing (data.py) uses of the body writer: no cycle between them."""

    assets: Assets
    charts: ChartRenderer | None
    deck: bool  # drawing a slide: visuals fit the slide, no captions

    def heading_level(self, level: int) -> int: ...
