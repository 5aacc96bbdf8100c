"""The brand's fonts cut for embedding: the same bytes on every machine and every day."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from livrables.brand import fonts
from tests.conftest import REPO

FONT = next((REPO / "templates" / "polices" / "arimo").glob("*.ttf"))


def _cut(cache: Path) -> bytes:
    fonts._cut.cache_clear()  # type: ignore[attr-defined] # past the per-process memo
    return fonts._subset(FONT, cache)


def test_a_cut_font_does_not_carry_the_day_it_was_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two fresh clones built a year apart make the same Word files (fontTools dated the cut
    font by the clock, and each clone cut its own)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = _cut(tmp_path / "a")
    later = time.time() + 365 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    assert _cut(tmp_path / "b") == first
    assert len(first) < FONT.stat().st_size  # cut indeed


def test_source_date_epoch_dates_the_cut_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain = _cut(tmp_path / "a")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    dated = _cut(tmp_path / "a")  # same cache folder: another entry, not the plain one
    assert dated != plain
    assert _cut(tmp_path / "b") == dated


def test_the_process_cache_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long-lived process (the preview, a server's zygote) cut the font under one
    environment: a command under another gets the other cut (issue 27's served build)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain = fonts._subset(FONT, tmp_path / "a")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert fonts._subset(FONT, tmp_path / "b") != plain
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert fonts._subset(FONT, tmp_path / "c") == plain
