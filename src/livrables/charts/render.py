"""Vega-Lite to SVG or PNG through vl-convert (no browser, no system library), each distinct
chart drawn once: kept in memory for the process and on disk for the next builds.

vl-convert runs a JavaScript engine on threads of its own; a process forked after the engine
started inherits it without its threads, and would wait forever on it. Such a child (a build
worker forked by a process that already drew a chart: the preview, the tests) draws in a fresh
interpreter instead; a worker whose parent never drew starts its own engine.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from livrables.caches import ARGUMENTS, PACKAGE, Store, process_cache
from livrables.charts.theme import ChartTheme
from livrables.charts.vega import Spec, cache_source
from livrables.i18n import current

LOCALE = "fr-FR"  # months and numbers as in French
# d3's locales for the other languages (Arabic: Egypt's, the one d3 has for both)
LOCALES = {"fr": "fr-FR", "en": "en-GB", "es": "es-ES", "de": "de-DE", "ar": "ar-EG"}


def chart_locale() -> str:
    """The locale the axes' months and numbers are written in: the output's language."""
    return LOCALES.get(current().code, LOCALE)


_LOCK = threading.Lock()  # one engine per process, one drawing at a time
_FONT_DIRS: set[Path] = set()
# drawings, keyed by all they are made of (the spec, the engine's version, the fonts' digest)
_MEMORY: Store[str, bytes] = Store("charts.render._MEMORY", ARGUMENTS, 512)
ENGINE_PID: list[int] = []  # the process whose engine runs, once one does (-1: none here)


def _engine(theme: ChartTheme) -> Any:
    import vl_convert  # imported on the first chart not in the cache (it starts a JS engine)

    for folder in theme.font_dirs:
        if folder not in _FONT_DIRS:
            vl_convert.register_font_directory(str(folder))
            _FONT_DIRS.add(folder)
    return vl_convert


def draw(spec: Spec, fmt: str, scale: float, font_dirs: list[str], locale: str = LOCALE) -> bytes:
    """Draw with this process's engine (started here if needed)."""
    engine = _engine(ChartTheme((), "", "", tuple(Path(d) for d in font_dirs)))
    if not ENGINE_PID:
        ENGINE_PID.append(os.getpid())
    if fmt == "svg":
        svg: str = engine.vegalite_to_svg(spec, format_locale=locale, time_format_locale=locale)
        return svg.encode("utf-8")
    png: bytes = engine.vegalite_to_png(
        spec, scale=scale, format_locale=locale, time_format_locale=locale
    )
    return png


def _draw_elsewhere(spec: Spec, fmt: str, scale: float, font_dirs: list[str], locale: str) -> bytes:
    """Draw in a fresh interpreter (a forked child cannot use the engine it inherited)."""
    request = json.dumps(
        {"spec": spec, "fmt": fmt, "scale": scale, "fonts": font_dirs, "locale": locale}
    )
    done = subprocess.run(
        [sys.executable, "-m", "livrables.charts.render"],
        input=request.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace")[-2000:])
    return done.stdout


SCREEN = 1.75


class ChartRenderer:
    def __init__(self, theme: ChartTheme, cache: Path | None = None) -> None:
        self.theme = theme
        self.cache = cache

    def for_screen(self) -> ChartRenderer:
        """The same renderer drawing for a projected slide: every text SCREEN times larger
        (11 px labels become 19 px: 14 pt on a 16:9 slide shown 720 px high)."""
        if self.theme.font_scale != 1.0:
            return self
        return ChartRenderer(replace(self.theme, font_scale=SCREEN), self.cache)

    def svg(self, spec: Spec) -> str:
        return self._draw(spec, "svg").decode("utf-8")

    def png(self, spec: Spec, scale: float = 2.0) -> bytes:
        return self._draw(spec, "png", scale)

    def _draw(self, spec: Spec, fmt: str, scale: float = 1.0) -> bytes:
        source = cache_source(spec)
        fonts = [str(p) for p in self.theme.font_dirs]
        locale = chart_locale()
        salt = f"{_version()}|{fmt}|{scale}|{fonts_digest(self.theme.font_dirs)}|"
        if locale != LOCALE:  # French drawings keep the keys they had
            salt += f"{locale}|"

        def drawn() -> bytes:
            with _LOCK:
                if ENGINE_PID and ENGINE_PID[0] != os.getpid():
                    return _draw_elsewhere(spec, fmt, scale, fonts, locale)
                return draw(spec, fmt, scale, fonts, locale)

        return self.kept(salt + source, fmt, drawn)

    def kept(self, source: str, suffix: str, make: Callable[[], bytes]) -> bytes:
        """What `make` gives for `source` (all that shapes it, versions included), made once:
        kept in memory for the process and on disk for the next builds."""
        key = hashlib.sha256(source.encode()).hexdigest()
        known = _MEMORY.get(key)
        if known is not None:
            return known
        path = self.cache / f"{key[:40]}.{suffix}" if self.cache else None
        if path is not None and path.is_file():
            data = path.read_bytes()
        else:
            data = make()
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
                temporary.write_bytes(data)
                temporary.replace(path)
        return _MEMORY.put(key, data)


def fonts_digest(folders: tuple[Path, ...]) -> str:
    """What the fonts are, not where: a copy of the repository reuses the charts drawn."""
    files = []
    for folder in folders:
        for path in sorted(folder.glob("*.[ot]tf")):
            info = path.stat()
            files.append((path, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
    return _fonts_digest(tuple(files))


@process_cache(ARGUMENTS, maxsize=16)
def _fonts_digest(files: tuple[tuple[Path, int, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for path, *_stat in files:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


@process_cache(PACKAGE)
def _version() -> str:
    from importlib.metadata import version

    return version("vl-convert-python")


if __name__ == "__main__":  # the fresh interpreter of `_draw_elsewhere`
    asked = json.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(
        draw(asked["spec"], asked["fmt"], asked["scale"], asked["fonts"], asked["locale"])
    )
