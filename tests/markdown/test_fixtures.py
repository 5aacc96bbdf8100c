"""Markdown in, normalised DOCX dump and HTML out: one case per construct, from fixture files.

Each case of a fixture file is: a title line, then four sections separated by lines holding a
single dot: the Markdown, the expected DOCX dump (see dump.py), the expected HTML body.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.markdown.render import render_both

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Case:
    title: str
    markdown: str
    docx: str
    html: str
    file: str
    line: int


def read_cases(path: Path) -> list[Case]:
    lines = path.read_text(encoding="utf-8").split("\n")
    cases = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        title, start = lines[index], index + 1
        sections: list[list[str]] = []
        index += 1
        assert lines[index] == ".", f"{path.name}:{index + 1}: '.' expected after the title"
        index += 1
        current: list[str] = []
        while len(sections) < 3:
            if lines[index] == ".":
                sections.append(current)
                current = []
            else:
                current.append(lines[index])
            index += 1
        markdown, dump, html = ("\n".join(s) for s in sections)
        cases.append(Case(title, markdown + "\n", dump, html, path.name, start))
    return cases


CASES = [case for path in sorted(FIXTURES.glob("*.txt")) for case in read_cases(path)]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.line}:{c.title}" for c in CASES])
def test_fixture(case: Case) -> None:
    rendered = render_both(case.markdown.replace("→", "\t"))
    if os.environ.get("LIVRABLES_FIXTURES_SHOW"):
        html = short_data_uris(rendered.html.strip())
        print(f"{case.title}\n.\n{case.markdown}.\n{rendered.dump()}\n.\n{html}\n.\n")
    assert rendered.dump() == case.docx
    assert short_data_uris(rendered.html.strip()) == case.html.strip()


def short_data_uris(html: str) -> str:
    """Inlined images would fill the fixture files: keep their type and size only."""
    return re.sub(
        r"data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)",
        lambda m: f"data:{m.group(1)};base64,…({len(m.group(2))} caractères)",
        html,
    )
