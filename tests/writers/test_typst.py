"""The PDF writer's pieces: text never becomes Typst code; a node it has no rule for is refused;
a stream whose data ends with a carriage return is made unambiguous, offsets kept true."""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livrables.document import nodes
from livrables.document.base import Node
from livrables.writers.typst import data, markup
from livrables.writers.typst.streams import unambiguous


@given(st.text())
def test_a_string_literal_holds_any_text(text: str) -> None:
    literal = markup.string(text)
    assert literal.startswith('"') and literal.endswith('"')
    inner = literal[1:-1]
    # every quote and backslash of the text is escaped: nothing can end the literal early
    assert re.search(r'(?<!\\)(?:\\\\)*"', inner) is None
    assert "\n" not in inner and "\r" not in inner


def test_text_in_markup_ends_its_expression() -> None:
    assert markup.text('#panic("x")') == '#"#panic(\\"x\\")";'
    assert markup.text("") == ""
    assert markup.text("a\tb\x07c") == '#"a bc";'


def test_every_data_node_has_a_rule() -> None:
    assert set(typing.get_args(nodes.DataNode)) == set(data.DATA)


@dataclass
class Inconnu(Node):
    texte: str = "perdu"


def test_an_unknown_node_is_refused() -> None:
    from livrables.writers.typst.assets import Assets
    from livrables.writers.typst.body import TypstWriter

    writer = TypstWriter(nodes.Document([]), Assets())
    with pytest.raises(data.UnknownNode, match="Inconnu"):
        writer.block(Inconnu())  # type: ignore[arg-type]


def _pdf(first: bytes, second: bytes) -> bytes:
    """A minimal PDF of two streams, its cross-reference table as Typst writes it."""
    body = b"%PDF-1.7\n"
    offsets = []
    for number, stream in ((1, first), (2, second)):
        offsets.append(len(body))
        body += b"%d 0 obj\n<</Length %d>>\nstream\n%s\nendstream\nendobj\n" % (
            number,
            len(stream),
            stream,
        )
    xref = len(body)
    body += b"xref\n0 3\n0000000000 65535 f\r\n"
    body += b"".join(b"%010d 00000 n\r\n" % offset for offset in offsets)
    body += b"trailer\n<</Size 3>>\nstartxref\n%d\n%%%%EOF" % xref
    return body


def _objects_at_their_offsets(pdf: bytes) -> bool:
    table = re.search(rb"\nxref\n(\d+) (\d+)\n", pdf)
    assert table is not None
    start = table.end()
    for number in range(1, int(table.group(2))):
        entry = pdf[start + 20 * number : start + 20 * number + 20]
        if not pdf[int(entry[:10]) :].startswith(b"%d 0 obj" % number):
            return False
    xref = int(re.search(rb"startxref\n(\d+)", pdf).group(1))  # type: ignore[union-attr]
    return pdf[xref:].startswith(b"xref")


def test_a_stream_ending_with_a_carriage_return_gets_its_own_end_of_line() -> None:
    pdf = _pdf(b"abc\r", b"def")
    fixed = unambiguous(pdf)
    assert b"abc\r\r\nendstream" in fixed and b"def\nendstream" in fixed
    assert len(fixed) == len(pdf) + 1
    assert _objects_at_their_offsets(fixed)


def test_a_file_without_the_ambiguity_is_left_as_it_is() -> None:
    pdf = _pdf(b"abc", b"def")
    assert unambiguous(pdf) == pdf
    assert _objects_at_their_offsets(pdf)
