"""The brand's fonts, ready to embed: the TrueType files marque.yaml names, cut down once to the
characters French documents use (Latin, typography), cached on disk between builds.

Every format embeds the same files, so a deliverable has the same face in Word on the
client's PC, in any browser and in the PDF, and lays out the same way on every machine.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from livrables.brand.marque import FACES, Marque
from livrables.caches import ARGUMENTS, process_cache

# Basic Latin, Latin-1, Latin Extended-A, general punctuation (no-break spaces, dashes, quotes),
# the euro, arrows and bullets the documents print, the footnotes' back-link arrow, the Gantt's
# squares and diamonds.
UNICODES = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *range(0x2000, 0x2070),
    0x20AC,
    0x2122,
    0x2190,
    0x2192,
    0x2212,
    0x21A9,
    0x2610,
    0x25A0,
    0x25A1,
    0x25AA,
    0x25E6,
    0x2666,
    0xFE0E,
]
SUBSET_VERSION = "4"  # change when UNICODES or the options change: the cache is renewed


@dataclass(frozen=True)
class FontFace:
    family: str  # as marque.yaml and the files name it
    face: str  # "regulier", "gras", "italique", "gras_italique"
    data: bytes  # TrueType, subset

    @property
    def bold(self) -> bool:
        return self.face in {"gras", "gras_italique"}

    @property
    def italic(self) -> bool:
        return self.face in {"italique", "gras_italique"}


def brand_fonts(marque: Marque, templates: Path, cache: Path | None) -> list[FontFace]:
    """Every face of the brand's two fonts that has a file (checked when marque.yaml loads),
    cut for embedding; whole, and nothing written, without a `cache` (to measure text)."""
    faces = []
    seen: set[tuple[str, str]] = set()
    for police in (marque.polices.titres, marque.polices.texte):
        if police.fichiers is None:
            continue
        for face in FACES:
            name = getattr(police.fichiers, face)
            if name and (police.nom, face) not in seen:
                seen.add((police.nom, face))
                path = templates / name
                data = _subset(path, cache) if cache is not None else path.read_bytes()
                faces.append(FontFace(police.nom, face, data))
    return faces


def _subset(path: Path, cache: Path) -> bytes:
    """The font cut, from this project's disk cache, else cut (once per process for the
    same font file and date: a copy of the repository cuts nothing again) and kept there."""
    data = path.read_bytes()
    # The cut font's date: SOURCE_DATE_EPOCH's when set (fontTools reads it), else the font's
    # own, never the clock's (two fresh clones made Word files differing by their fonts).
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    salt = f"{SUBSET_VERSION}|{epoch}".encode()
    digest = hashlib.sha256(data + salt).hexdigest()[:32]
    cached = cache / f"{digest}.ttf"
    if cached.is_file():
        return cached.read_bytes()
    result = _cut(digest, data)
    cache.mkdir(parents=True, exist_ok=True)
    temporary = cache / f".{digest}.{os.getpid()}.tmp"
    temporary.write_bytes(result)
    temporary.replace(cached)
    return result


@process_cache(ARGUMENTS, env=("SOURCE_DATE_EPOCH",), maxsize=16)
def _cut(_digest: str, data: bytes) -> bytes:
    """`data` cut to UNICODES (`_digest`: its key, the font's bytes being long to hash)."""
    from fontTools import subset  # a tenth of a second to import: only when cutting
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(io.BytesIO(data), recalcTimestamp=bool(os.environ.get("SOURCE_DATE_EPOCH")))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
