"""The languages of the outputs: French is the source of every deliverable; a mission may also
give its partners a deliverable in their language (`langues:` in mission.yaml, narrowed by a
deliverable's front matter).

Two kinds of translation, both gettext catalogues:
- the mission's own text (`content/<mission>/traductions/<langue>/*.po`): segments of the
  deliverables and texts of the referential, written by a translator (segments.py,
  catalogue.py, translate.py);
- the tool's labels and generated sentences (« Sommaire », « Figure 2 », dates, numbers), in
  the package (`data/messages/<langue>.po`): `t()` below.

The language of the output being made is a process-wide setting (`use`): a build renders each
deliverable, in each language, inside one `use(...)`; the worker processes of a build each set
their own. French is the default, so code that never sets it is unchanged.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from livrables.caches import PURE, process_cache

SOURCE = "fr"


@dataclass(frozen=True)
class Langue:
    code: str  # as written in `langues:` and in file names: "en"
    tag: str  # BCP 47, as every file declares it: "en-GB"
    babel: str  # the CLDR locale of dates and numbers: "en_GB"
    name: str  # its name in French, for messages and the portal
    native: str  # its name in itself, for the portal and the bilingual layout
    rtl: bool = False


LANGUES: dict[str, Langue] = {
    lang.code: lang
    for lang in (
        Langue("fr", "fr-FR", "fr_FR", "français", "Français"),
        Langue("en", "en-GB", "en_GB", "anglais", "English"),
        Langue("es", "es-ES", "es_ES", "espagnol", "Español"),
        Langue("de", "de-DE", "de_DE", "allemand", "Deutsch"),
        Langue("ar", "ar", "ar", "arabe", "العربية", rtl=True),
    )
}
TRANSLATED = tuple(code for code in LANGUES if code != SOURCE)
MESSAGES = Path(__file__).resolve().parent.parent / "data" / "messages"

_current = SOURCE
_house: Mapping[str, str] = {}  # the firm's own texts (its signature, its legal mentions)


def current() -> Langue:
    """The language of the output being made."""
    return LANGUES[_current]


def is_source() -> bool:
    return _current == SOURCE


@contextlib.contextmanager
def use(code: str, house: Mapping[str, str] | None = None) -> Iterator[Langue]:
    """Make the outputs of the block in `code`'s language (labels, dates, numbers); `house`:
    the firm's catalogue for that language (`templates/traductions/<langue>.po`), before the
    tool's."""
    global _current, _house
    previous = _current, _house
    _current, _house = code, house or {}
    try:
        yield LANGUES[code]
    finally:
        _current, _house = previous


@contextlib.contextmanager
def written_in(tag: str) -> Iterator[None]:
    """The labels of a part of the page in its own language (the other column of a bilingual
    deliverable), the firm's catalogue kept."""
    global _current
    code = tag.split("-")[0]
    previous, _current = _current, code if code in LANGUES else _current
    try:
        yield
    finally:
        _current = previous


def house_catalogue(layers: list[Path], code: str) -> dict[str, str]:
    """The firm's texts in `code` from its template layers (the mission's first)."""
    found: dict[str, str] = {}
    if code == SOURCE:
        return found
    for layer in reversed(layers):
        path = layer / "traductions" / f"{code}.po"
        if path.is_file():
            found.update(_read(path))
    return found


def _read(path: Path) -> dict[str, str]:
    import polib

    try:
        catalogue = polib.pofile(str(path))
    except (OSError, ValueError):
        return {}  # `check` of the brand says it; the firm's texts stay French meanwhile
    return {e.msgid: e.msgstr for e in catalogue if e.msgstr and not e.fuzzy and not e.obsolete}


@process_cache(PURE)
def messages(code: str) -> dict[str, str]:
    """The tool's catalogue for a language: French label -> its translation (the untranslated
    and fuzzy entries left out: those stay French, and the tests say which)."""
    path = MESSAGES / f"{code}.po"
    return _read(path) if path.is_file() else {}


def t(label: str) -> str:
    """A label or sentence of the tool in the language of the output (French as written)."""
    if _current == SOURCE or not label:
        return label
    found = _house.get(label) or messages(_current).get(label)
    if found is None:
        if _missed is not None:
            _missed.add(label)
        return label
    return found


_missed: set[str] | None = None


@contextlib.contextmanager
def missed() -> Iterator[set[str]]:
    """The strings asked of `t` in another language that its catalogue lacks (labels or,
    through the blocks' data, texts that are not labels): what a test of a whole build in
    English checks, and how the catalogue's new entries are found."""
    global _missed
    previous, _missed = _missed, set()
    try:
        yield _missed
    finally:
        _missed = previous


def figure_caption(number: int, caption: str) -> str:
    """« Figure 2 : caption » (a no-break space before the colon in French only)."""
    colon = "\u00a0:" if _current == SOURCE else ":"
    return f"{t('Figure')} {number}{colon} {caption}"


def tf(label: str, **values: object) -> str:
    """`t` of a sentence with `{named}` holes, filled after translation."""
    return t(label).format(**values)
