"""What a build did: its diagnostics, what it wrote and removed, its counts and time."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from livrables.errors import Report


@dataclass
class BuildResult:
    report: Report = field(default_factory=Report)
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # stale outputs taken out
    withdrawn: list[Path] = field(default_factory=list)  # taken out of a client folder: unsafe
    outdated: list[Path] = field(default_factory=list)  # a format not made, of an older text
    untranslated: list[Path] = field(default_factory=list)  # a language withheld: taken out
    untrusted: list[Path] = field(default_factory=list)  # not as a build made it: edited?
    built: int = 0  # deliverables rendered
    up_to_date: int = 0  # deliverables whose inputs did not change
    failed: int = 0
    seconds: float = 0.0

    def merge(self, other: BuildResult) -> None:
        """What a worker did, added to the whole build's account."""
        self.report.extend(other.report)
        self.written += other.written
        self.removed += other.removed
        self.withdrawn += other.withdrawn
        self.outdated += other.outdated
        self.untranslated += other.untranslated
        self.untrusted += other.untrusted
        self.built += other.built
        self.up_to_date += other.up_to_date
        self.failed += other.failed
