"""Vega-Lite to SVG or PNG through vl-convert (no browser, no system library), each distinct
chart drawn once: kept in memory for the process and on disk for the next builds."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from livrables.charts.theme import ChartTheme
from livrables.charts.vega import Spec

LOCALE = "fr-FR"  # months and numbers as in French
_LOCK = threading.Lock()  # vl-convert's engine is one per process
_FONT_DIRS: set[Path] = set()
_MEMORY: dict[str, bytes] = {}


def _engine(theme: ChartTheme) -> Any:
    import vl_convert  # imported on the first chart not in the cache (it starts a JS engine)

    for folder in theme.font_dirs:
        if folder not in _FONT_DIRS:
            vl_convert.register_font_directory(str(folder))
            _FONT_DIRS.add(folder)
    return vl_convert


class ChartRenderer:
    def __init__(self, theme: ChartTheme, cache: Path | None = None) -> None:
        self.theme = theme
        self.cache = cache

    def svg(self, spec: Spec) -> str:
        return self._draw(spec, "svg").decode("utf-8")

    def png(self, spec: Spec, scale: float = 2.0) -> bytes:
        return self._draw(spec, "png", scale)

    def _draw(self, spec: Spec, fmt: str, scale: float = 1.0) -> bytes:
        source = json.dumps(spec, sort_keys=True, ensure_ascii=False)
        fonts = ",".join(str(p) for p in self.theme.font_dirs)
        key = hashlib.sha256(f"{_version()}|{fmt}|{scale}|{fonts}|{source}".encode()).hexdigest()
        if key in _MEMORY:
            return _MEMORY[key]
        path = self.cache / f"{key[:40]}.{fmt}" if self.cache else None
        if path is not None and path.is_file():
            data = path.read_bytes()
        else:
            with _LOCK:
                engine = _engine(self.theme)
                if fmt == "svg":
                    data = engine.vegalite_to_svg(
                        spec, format_locale=LOCALE, time_format_locale=LOCALE
                    ).encode("utf-8")
                else:
                    data = engine.vegalite_to_png(
                        spec, scale=scale, format_locale=LOCALE, time_format_locale=LOCALE
                    )
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                temporary = path.with_suffix(f".{threading.get_ident()}.tmp")
                temporary.write_bytes(data)
                temporary.replace(path)
        _MEMORY[key] = data
        return data


def _version() -> str:
    from importlib.metadata import version

    return version("vl-convert-python")
