"""The mission's translation catalogues: gettext PO files, one per deliverable and language
(`traductions/<langue>/<livrable>.po`) and one for the referential (`referentiel.po`).

`livrables traduire` collects the French texts (`collect_*`) and merges them into the
catalogue as `msgmerge` would: a French text unchanged keeps its translation; a text changed
keeps the translation of the text it replaces, marked fuzzy with the old French as
`#| msgid` (the translator sees what changed); a text gone stays at the end as obsolete (`#~`),
so nothing a translator wrote is lost. Writing an unchanged catalogue changes no byte.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polib

from livrables.content.mission import Livrable, Mission, deck_sources
from livrables.document.directives import DIAPORAMA
from livrables.i18n import LANGUES
from livrables.markdown.reader import read
from livrables.traduction.fields import texts
from livrables.traduction.segments import segments, worded

FOLDER = "traductions"
REFERENTIEL = "referentiel"
SIMILAR = 0.6  # a changed text is matched to the old one this close (difflib's ratio)
WRAP = 79


@dataclass(frozen=True)
class Text:
    """A French text to translate, and where it is written."""

    msgid: str
    path: Path
    line: int
    col: int = 1


def po_path(root: Path, langue: str, name: str) -> Path:
    return root / FOLDER / langue / f"{name}.po"


def collect_livrable(mission: Mission, livrable: Livrable) -> list[Text]:
    """The deliverable's front matter texts, then its segments as the client reads them; a
    deck's also has the texts it draws from the deliverables its blocks show."""
    found = _front(livrable)
    if livrable.type.name == DIAPORAMA:
        for other in deck_sources(mission.livrables, livrable.front).values():
            found += _front(other)
    tree = read(livrable.client_body)
    found += [Text(s.text, livrable.path, s.line) for s in segments(tree)]
    return found


def internal_texts(livrable: Livrable) -> set[str]:
    """The texts only the team reads (`::: interne`, speaker notes): a catalogue forgets any
    entry holding one, even an old translation of a text since moved into a note."""
    everything = {s.text for s in segments(read(livrable.body))}
    return everything - {s.text for s in segments(read(livrable.client_body))}


def _front(livrable: Livrable) -> list[Text]:
    located = livrable.located
    out = []
    for loc, value in texts(livrable.front):
        if not worded(value):
            continue
        line, col = located.position(loc) if located is not None else (1, 1)
        out.append(Text(value, livrable.path, line, col))
    return out


def collect_referentiel(mission: Mission) -> list[Text]:
    """The mission's title and every visible text of the referential, file by file."""
    info = mission.root / "mission.yaml"
    out = [
        Text(mission.info.intitule, info, _line_of(info, "intitule")),
        Text(mission.info.collectivite.nom, info, _line_of(info, "  nom")),
    ]
    entries = sorted(
        mission.referentiel.entries.values(),
        key=lambda e: (str(e.located.path), e.located.position(e.loc)),
    )
    for entry in entries:
        for loc, value in texts(entry.entity):
            if not worded(value):
                continue
            line, col = entry.located.position((*entry.loc, *loc))
            out.append(Text(value, entry.located.path, line, col))
    return out


def _line_of(path: Path, key: str) -> int:
    try:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if line.startswith(f"{key}:"):
                return number
    except OSError:
        pass
    return 1


def merge(
    old: polib.POFile | None,
    found: Iterable[Text],
    langue: str,
    title: str,
    base: Path,
    internal: set[str] | None = None,
) -> polib.POFile:
    """The catalogue for `found` (in order), keeping what `old` holds; `base`: the folder the
    references are written from (the project). Nothing of `internal` is kept, not even as an
    obsolete entry or the old French of a fuzzy one."""
    internal = internal or set()
    po = polib.POFile(wrapwidth=WRAP)
    po.header = (
        f"{title} — traduction en {LANGUES[langue].name}.\n"
        "Le français est la source : modifiez le texte français dans le livrable, puis\n"
        "« livrables traduire » met ce fichier à jour (les entrées « fuzzy » sont à revoir)."
    )
    po.metadata = dict(old.metadata) if old is not None else {}
    po.metadata.update(
        {
            "Project-Id-Version": title,
            "Language": langue,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "X-Source-Language": "fr",
        }
    )
    kept_entries = [
        e for e in (old or []) if e.msgid not in internal and e.previous_msgid not in internal
    ]
    previous = {e.msgid: e for e in kept_entries if not e.obsolete}
    gone = [e for e in kept_entries if e.obsolete]
    entries: dict[str, polib.POEntry] = {}
    for text in found:
        where = (_relative(text.path, base), str(text.line))
        entry = entries.get(text.msgid)
        if entry is None:
            entry = polib.POEntry(msgid=text.msgid, msgstr="", occurrences=[])
            kept = previous.get(text.msgid)
            if kept is not None:
                entry.msgstr, entry.flags = kept.msgstr, list(kept.flags)
                entry.previous_msgid = kept.previous_msgid
                entry.tcomment = kept.tcomment
            entries[text.msgid] = entry
        if where not in entry.occurrences:
            entry.occurrences.append(where)
    unused = [e for e in previous.values() if e.msgid not in entries and e.msgstr]
    unused += [e for e in gone if e.msgid not in entries and e.msgstr]
    for entry in entries.values():
        if entry.msgstr or not unused:
            continue
        match = _closest(entry.msgid, unused)
        if match is not None:
            unused.remove(match)
            entry.msgstr = match.msgstr
            entry.flags = ["fuzzy"]
            entry.previous_msgid = match.previous_msgid or match.msgid
            entry.tcomment = match.tcomment
    for entry in entries.values():
        po.append(entry)
    for entry in sorted(unused, key=lambda e: e.msgid):
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=entry.msgstr,
                flags=list(entry.flags),
                tcomment=entry.tcomment,
                obsolete=True,
            )
        )
    return po


def _closest(msgid: str, candidates: list[polib.POEntry]) -> polib.POEntry | None:
    best, score = None, SIMILAR
    for candidate in candidates:
        matcher = difflib.SequenceMatcher(None, msgid, candidate.msgid, autojunk=False)
        if matcher.real_quick_ratio() < score or matcher.quick_ratio() < score:
            continue
        ratio = matcher.ratio()
        if ratio >= score:
            best, score = candidate, ratio
    return best


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class PoSyntaxError(ValueError):
    """A catalogue a translator broke, with where (polib reads some such lines wrongly)."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(f"ligne {line} : {message}")
        self.line, self.col, self.message = line, col, message


_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(.*)$")
_QUOTED = re.compile(rf"{_STRING}\s*")


def check_syntax(text: str) -> None:
    """Every line a comment, `keyword "text"` or a continuation `"text"`: polib reads a line
    missing a quote as text cut short, and a translation would be lost without a word."""
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        found = _KEYWORD.match(line)
        rest = found.group(2) if found else line
        if not found and not line.startswith('"'):
            word = line.split()[0]
            expected = 'msgid, msgstr ou un texte entre "…"'
            raise PoSyntaxError(number, 1, f"mot inconnu « {word} » (attendu : {expected})")
        if _QUOTED.fullmatch(rest) is None:
            col = raw.find(rest) + 1
            raise PoSyntaxError(
                number,
                col,
                'texte mal entre guillemets : il commence et finit par " (un " dans le texte '
                "s'écrit \\\")",
            )


def where(exc: Exception) -> tuple[int, int, str]:
    """Line, column and French message of a catalogue that cannot be read."""
    if isinstance(exc, PoSyntaxError):
        return exc.line, exc.col, exc.message
    return 1, 1, str(exc)


def read_po(path: Path) -> polib.POFile | None:
    """The catalogue at `path`, or None when there is none (ValueError when it does not
    parse, PoSyntaxError with its line: the caller says where)."""
    if not path.is_file():
        return None
    text = path.read_text("utf-8").removeprefix("\ufeff")  # Windows' Notepad writes one
    check_syntax(text)
    return polib.pofile(text, wrapwidth=WRAP)


def write_po(path: Path, po: polib.POFile) -> bool:
    """Written atomically, and only when its bytes change; True when written."""
    data = str(po).rstrip("\n") + "\n"
    encoded = data.encode("utf-8")
    if path.is_file() and path.read_bytes() == encoded:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(encoded)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
