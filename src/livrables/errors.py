"""Diagnostics a consultant can cause, and their one GNU-style French formatter.

Every content problem becomes a `Diagnostic` naming a file, a line and a column. Loaders collect
them in a `Report` instead of raising, so one run lists every mistake of a mission at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(Enum):
    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True)
class Diagnostic:
    """One message about one place of one content file (line and column are 1-based; line 0:
    about no place, printed without one)."""

    path: Path
    line: int
    col: int
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        prefix = "avertissement : " if self.severity is Severity.WARNING else ""
        if self.line == 0:  # about no place in a file (a mission that does not exist)
            return f"livrables : {prefix or 'erreur : '}{self.message}"
        return f"{display_path(self.path)}:{self.line}:{self.col}: {prefix}{self.message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.path), self.line, self.col, self.message)


@dataclass
class Report:
    """Collects every diagnostic of a run; the command decides the exit code from it."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, path: Path, line: int, col: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(path, line, col, message))

    def warning(self, path: Path, line: int, col: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(path, line, col, message, Severity.WARNING))

    def extend(self, other: Report) -> None:
        self.diagnostics.extend(other.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        unique = dict.fromkeys(self.diagnostics)
        return sorted(unique, key=Diagnostic.sort_key)


class ContentError(Exception):
    """Raised when a content file cannot be used; carries the diagnostics that explain why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics

    @classmethod
    def at(cls, path: Path, line: int, col: int, message: str) -> ContentError:
        return cls([Diagnostic(path, line, col, message)])


def display_path(path: Path) -> str:
    """The path as the consultant typed it: relative to the current folder when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
