"""The sample mission's outputs, byte for byte: a refactoring must not change one byte.

The digests in `golden.json` are those of the current outputs; a change of output is a decision,
made by regenerating them (`LIVRABLES_GOLDEN_UPDATE=1 pytest tests/build/test_golden.py`) and
saying why in the commit.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from livrables.cli import cli
from tests.conftest import REPO, SAMPLE

GOLDEN = Path(__file__).with_name("golden.json")


def _digests(root: Path) -> dict[str, str]:
    out = root / "build"
    return {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file() and ".cache" not in path.parts
    }


def _build(root: Path, *args: str) -> None:
    result = CliRunner().invoke(cli, ["build", "--jobs", "1", *args], prog_name="livrables")
    assert result.exit_code == 0, result.output


def test_sample_outputs_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "depot"
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "content" / SAMPLE, root / "content" / SAMPLE)
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    _build(root)
    _build(root, "--interne")
    digests = _digests(root)
    if os.environ.get("LIVRABLES_GOLDEN_UPDATE"):
        GOLDEN.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", "utf-8")
    expected = json.loads(GOLDEN.read_text("utf-8"))
    assert sorted(digests) == sorted(expected)
    changed = [name for name in expected if digests[name] != expected[name]]
    assert changed == []
