"""Reading content files as text: UTF-8 (BOM accepted), control characters cleaned and reported.

Text copied from Word often carries vertical tabs, form feeds and other control characters that
lxml refuses; they are cleaned here, once, and each is reported with its position.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from livrables.errors import ContentError, Report

# Word's manual line break, page break and Unicode line separators: they mean "new line".
_LINE_BREAKS = frozenset("\x0b\x0c\x85\u2028\u2029")
# Every other C0/C1 control character (tab, newline and carriage return are text).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_CONTROL_NAMES = {
    "\x0b": "tabulation verticale (saut de ligne Word)",
    "\x0c": "saut de page",
    "\x00": "caractère nul",
}
# Beyond these sizes a file is refused at once rather than parsed for minutes.
MAX_MARKDOWN_BYTES = 2 * 1024 * 1024  # about 300,000 words: a deliverable, not a library
MAX_YAML_BYTES = 10 * 1024 * 1024  # about 250,000 referential items


@dataclass(frozen=True)
class ControlChar:
    line: int
    col: int
    char: str

    def describe(self) -> str:
        name = _CONTROL_NAMES.get(self.char, "caractère de contrôle")
        return f"{name} U+{ord(self.char):04X} supprimé (copier-coller depuis Word ?)"


@dataclass
class SourceText:
    """A content file's text after cleaning, with what the cleaning found."""

    path: Path
    text: str
    control_chars: list[ControlChar] = field(default_factory=list)


MARKDOWN_BREAK = "  \n"


def read_source(path: Path, line_break: str = MARKDOWN_BREAK) -> SourceText:
    """Read a content file as UTF-8 text, or raise a ContentError that says why it cannot be.

    `line_break` replaces Word's line breaks: a Markdown hard break ("  \n") in Markdown, a
    space in YAML (where a newline would change the structure). Inside a Markdown table row a
    newline would end the row, so there it becomes a space too.
    """
    try:
        size = check_regular_file(path)
        limit = MAX_MARKDOWN_BYTES if path.suffix == ".md" else MAX_YAML_BYTES
        if size > limit:
            advice = (
                "découpez-le en plusieurs livrables"
                if path.suffix == ".md"
                else "répartissez les éléments dans plusieurs fichiers"
            )
            raise ContentError.at(
                path,
                1,
                1,
                f"fichier trop volumineux ({size / 1024 / 1024:.0f} Mo, au plus "
                f"{limit // (1024 * 1024)} Mo) : {advice}",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError.at(path, 1, 1, f"lecture impossible : {exc.strerror}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position_of_byte(data, exc.start)
        raise ContentError.at(
            path,
            line,
            col,
            f"le fichier n'est pas encodé en UTF-8 ({_guess_encoding(data)}) : "
            "enregistrez-le en UTF-8",
        ) from None
    if not text.strip():
        raise ContentError.at(path, 1, 1, "fichier vide")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned, found = clean_controls(text, line_break)
    return SourceText(path, cleaned, found)


def check_regular_file(path: Path) -> int:
    """The size of a content file that may be read: a regular file, inside the repository.

    A FIFO or a device would block or never end, a link leaving the repository would read
    someone else's file: each is refused before it is opened. Returns the size, from `stat`."""
    if path.is_symlink():
        root = repository_root(path)
        target = path.resolve()
        if root is None or not target.is_relative_to(root):
            raise ContentError.at(
                path, 1, 1, "lien symbolique vers un fichier hors du dépôt : refusé"
            )
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise ContentError.at(
            path, 1, 1, "ce n'est pas un fichier ordinaire (tube, périphérique…) : refusé"
        )
    return info.st_size


def repository_root(path: Path) -> Path | None:
    """The firm's repository holding `path`: the folder with templates/marque.yaml."""
    for folder in path.absolute().parents:
        if (folder / "templates" / "marque.yaml").is_file():
            return folder.resolve()
    return None


def clean_controls(text: str, line_break: str = "\n") -> tuple[str, list[ControlChar]]:
    """Turn Word's line breaks into `line_break` and drop other control characters."""
    if not _CONTROL.search(text):
        return text, []
    found: list[ControlChar] = []
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if not _CONTROL.search(line):
            continue
        found.extend(
            ControlChar(number + 1, m.start() + 1, m.group()) for m in _CONTROL.finditer(line)
        )
        brk = " " if line.lstrip().startswith("|") else line_break
        lines[number] = _CONTROL.sub(partial(_replace, brk), line)
    return "\n".join(lines), found


def _replace(line_break: str, match: re.Match[str]) -> str:
    return line_break if match.group() in _LINE_BREAKS else ""


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, col


def _guess_encoding(data: bytes) -> str:
    """Name the encoding a non-UTF-8 file most likely has, in the consultant's words."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "il semble encodé en UTF-16"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return "il semble encodé en ISO-8859-1 (Latin-1)"
    if any(ch in text for ch in "€’‘“”…–—œŒ"):
        return "il semble encodé en Windows-1252"
    return "il semble encodé en Windows-1252 ou ISO-8859-1"


def report_controls(source: SourceText, report: Report) -> None:
    """Warn about each control character the cleaning removed, at its position."""
    for char in source.control_chars:
        report.warning(source.path, char.line, char.col, char.describe())


# Invisible characters that change what a reader sees: bidi overrides can show a text other
# than the one written (and hide it from a review); a zero-width space splits words unseen.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")


def invisible_problem(text: str) -> tuple[int, str] | None:
    """(index, French message) of the first invisible character `text` must not hold."""
    for pattern, what in (
        (_BIDI, "caractère d'inversion du sens du texte"),
        (_ZERO_WIDTH, "caractère invisible (espace de largeur nulle)"),
    ):
        match = pattern.search(text)
        if match:
            code = f"U+{ord(match.group(0)):04X}"
            return match.start(), f"{what} {code} : il modifie le texte sans se voir ; supprimez-le"
    return None


def report_invisible(source: SourceText, report: Report) -> None:
    """Each invisible character of a content file, as an error at its position."""
    for number, line in enumerate(source.text.split("\n"), 1):
        found = invisible_problem(line)
        if found is not None:
            report.error(source.path, number, found[0] + 1, found[1])
