"""How wide a text prints in the brand's font: to size table columns so that no word is cut.

Read from the font's own advance widths (the embedded TrueType file); without a font file, an
average glyph width that errs on the wide side.
"""

from __future__ import annotations

import io
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce

from livrables.brand.fonts import FontFace
from livrables.caches import ARGUMENTS, process_cache

FALLBACK_EM = 0.6  # average advance of a Latin glyph, in em, rounded up
TWIPS_PER_POINT = 20
_URL = re.compile(r"(?:https?://|www\.|mailto:|\S+@\S+\.)\S*")
_BREAK_AFTER = re.compile(r"([/.@_?&=#-])(?=\S)")
ZWSP = "\u200b"


class _Advances(dict[str, float]):
    """Character -> advance in em; a character the font lacks gets the fallback."""

    def __missing__(self, key: str) -> float:
        return FALLBACK_EM


@dataclass(frozen=True)
class Metrics:
    widths: dict[int, float] = field(default_factory=dict)  # code point -> advance, in em
    _advances: _Advances = field(init=False, repr=False, compare=False)
    _words: dict[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        advances = _Advances((chr(code), width) for code, width in self.widths.items())
        object.__setattr__(self, "_advances", advances)
        object.__setattr__(self, "_words", {})  # word -> advance in em: words recur

    def width(self, text: str, size_pt: float) -> int:
        """The printed width of `text`, in twips (summed in text order, as always)."""
        ems = _added(map(self._advances.__getitem__, text))
        return int(ems * size_pt * TWIPS_PER_POINT + 0.5)

    def longest_word(self, text: str, size_pt: float) -> int:
        """The widest piece of `text` that cannot be broken: a word, or a part of an address
        between its punctuation (addresses break there, see `breakable`)."""
        words = breakable(text).replace(ZWSP, " ").split()
        if not words:
            return 0
        known, advances = self._words, self._advances.__getitem__
        widest = 0.0
        for word in words:
            ems = known.get(word)
            if ems is None:
                ems = _added(map(advances, word))
                if len(known) < _WORDS_KEPT:
                    known[word] = ems
            widest = max(widest, ems)
        # the widest word's width: rounding after `max` gives what rounding each word gave
        return int(widest * size_pt * TWIPS_PER_POINT + 0.5)


def _added(advances: Iterable[float]) -> float:
    """Floats added left to right, one rounding per step: the same width under every Python
    (3.12's `sum` compensates its rounding, and a column one EMU wider is another file)."""
    return reduce(operator.add, advances, 0.0)


_WORDS_KEPT = 50_000  # words measured, per font and process


@process_cache(ARGUMENTS, maxsize=32)  # the font's bytes are its argument
def metrics_of(face: FontFace | None) -> Metrics:
    if face is None:
        return Metrics()
    from fontTools.ttLib import TTFont  # imported by the processes that measure text only

    font = TTFont(io.BytesIO(face.data), lazy=True)
    # glyphs named by their index: naming them from the font's tables (fontTools' default)
    # costs more than the rest, and only the index links a character to its advance
    font.setGlyphOrder([f"glyph{index:05d}" for index in range(font["maxp"].numGlyphs)])
    units = font["head"].unitsPerEm
    hmtx = font["hmtx"]
    widths = {code: hmtx[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    return Metrics(widths)


def breakable(text: str) -> str:
    """E-mail addresses and URLs with a break opportunity (a zero-width space) after each of
    their punctuation marks: a narrow column breaks them there, never inside a word."""
    if "@" not in text and "/" not in text and "www." not in text:
        return text
    return _URL.sub(lambda m: _BREAK_AFTER.sub(r"\1" + ZWSP, m.group(0)), text)
