"""The DOCX writer draws every data node the blocks build, and refuses one it has no rule for
(a bug of ours) instead of leaving it out of the document without a word."""

from __future__ import annotations

import typing
from dataclasses import dataclass

import pytest

from livrables.document import nodes
from livrables.document.base import Node
from livrables.writers.docx import data


def test_every_data_node_has_a_rule() -> None:
    declared = set(typing.get_args(nodes.DataNode))
    assert len(declared) >= 12
    assert declared == set(data._DATA)


@dataclass
class Inconnu(Node):
    texte: str = "perdu"


def test_an_unknown_data_node_is_refused() -> None:
    with pytest.raises(data.UnknownNode, match="Inconnu"):
        data.draw_data(None, Inconnu())  # type: ignore[arg-type]
