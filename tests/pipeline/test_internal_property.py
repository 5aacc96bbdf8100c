"""Property: whatever a deliverable holds, no byte of an internal note reaches the client.

Hypothesis writes deliverables mixing client text with internal notes that hold a marker, in
every construct the grammar allows (text, headings, lists, tables, quotes, code with `:::`
lines, footnotes and link definitions, nested boxes, notes inside lists and quotes, comments).
Each must pass `check`; no client output (the HTML, every part of the DOCX, the portal) may
hold the marker, in any case; the internal build must hold it (the notes were really there).
Run with LIVRABLES_EXAMPLES=1000 for the full run (CI runs fewer).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.pipeline.client_outputs import FRONT, Workbench

WORDS = st.sampled_from(
    ["la", "coopération", "décentralisée", "élus", "budget", "partenaire", "eau", "2027", "l'été"]
)
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


@st.composite
def client_block(draw: st.DrawFn) -> str:
    text = draw(TEXT)
    kind = draw(st.sampled_from(["para", "heading", "list", "table", "quote", "note", "box"]))
    if kind == "heading":
        return f"## {text}\n"
    if kind == "list":
        return f"- {text}\n- {draw(TEXT)}\n"
    if kind == "table":
        return f"| {text} | {draw(TEXT)} |\n|---|---|\n| a | b |\n"
    if kind == "quote":
        return f"> {text}\n"
    if kind == "note":
        label = draw(st.sampled_from(["c1", "c2"]))
        return f"{text}[^{label}].\n\n[^{label}]: {draw(TEXT)}\n"
    if kind == "box":
        return f"::: a-retenir\n{text}\n:::\n"
    return f"{text}.\n"


CONSTRUCTS = [
    "{m} {t}.",
    "## {t} {m}\n\n{t}.",
    "- {t} {m}\n- {t}",
    "1. {t}\n   {m}",
    "| {t} | {m} |\n|---|---|\n| {m} | {t} |",
    "> {t} {m}",
    "```\n:::\n{m}\n```",
    "{t}[^i{n}].\n\n[^i{n}]: {m}",
    "{t}^[{m} {t}].",
    '[{t}][r{n}]\n\n[r{n}]: https://exemple.fr/{m} "{m}"',
    "[{t}](https://exemple.fr/{m})",
    "![{m}](images/logo-valbrune.png)",
    "::: encadre\n{t} {m}\n:::",
    "::: a-retenir\n- {m}\n:::",
    "Terme {m}\n: {t}",
    "<!-- {m} -->",
    "**{t} _{m}_** `{m}`",
    "::: graphique inventaire titre={m}\n:::",
]


@st.composite
def internal_block(draw: st.DrawFn, marker: str, name: str = "interne") -> str:
    parts = [f"{marker} {draw(TEXT)}."]  # one visible construct: the internal build shows it
    for _ in range(draw(st.integers(0, 3))):
        template = draw(st.sampled_from(CONSTRUCTS))
        n = draw(st.integers(0, 9))
        parts.append(template.format(m=marker, t=draw(TEXT), n=n))
    inner = "\n\n".join(parts)
    nested = any(p.lstrip().startswith((":::", "##")) for p in inner.split("\n"))
    fence = ":" * draw(st.integers(4 if nested else 3, 5))
    block = f"{fence} {name}\n{inner}\n{fence}\n"
    where = draw(st.sampled_from(["top", "list", "quote"]))
    if where == "list":
        return "- point\n\n" + "".join(
            f"  {line}\n" if line else "\n" for line in block.split("\n")
        )
    if where == "quote":
        return "".join(f"> {line}\n" for line in block.rstrip("\n").split("\n"))
    return block


@st.composite
def document(draw: st.DrawFn, names: tuple[str, ...] = ("interne",)) -> tuple[str, str]:
    marker = "Marq" + draw(st.text("XYZQJ", min_size=4, max_size=8))
    blocks = draw(st.lists(client_block(), min_size=1, max_size=4))
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(blocks)))
        blocks.insert(position, draw(internal_block(marker, draw(st.sampled_from(names)))))
    return "\n".join(blocks), marker


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Workbench:
    return Workbench(tmp_path_factory.mktemp("depot"))


@settings(
    max_examples=int(os.environ.get("LIVRABLES_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document())
def test_no_internal_byte_reaches_the_client(bench: Workbench, case: tuple[str, str]) -> None:
    assert_client_never_reads(bench, *case, FRONT)


def assert_client_never_reads(bench: Workbench, body: str, marker: str, front: str) -> None:
    """The deliverable checks clean, no client output holds the marker, the internal one does.
    The internal build comes first, in the same process: nothing a render leaves behind (the
    prepared Word template it copied, the caches of charts and table properties) may carry
    its notes into the client's build that follows."""
    mission, report = bench.load(body, front)
    assert report.errors == [], [d.format() for d in report.errors] + [body]
    assert mission is not None
    needle = marker.lower().encode()
    internal = bench.client_bytes(mission, interne=True)
    assert any(needle in part.lower() for part in internal), body
    assert not any(needle in part.lower() for part in bench.client_bytes(mission)), body


DECK = "---\ntype: diaporama\ntitre: Essai\nmodule: comprendre\nstatut: brouillon\n---\n"


@settings(
    max_examples=int(os.environ.get("LIVRABLES_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document(names=("interne", "notes")))
def test_no_speaker_note_byte_reaches_the_client(bench: Workbench, case: tuple[str, str]) -> None:
    """The same property for a slide deck, its speaker's notes as internal as its notes."""
    assert_client_never_reads(bench, *case, DECK)
