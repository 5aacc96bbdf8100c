"""Rendering a Markdown snippet to both formats the way a build does, for the tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx

from livrables.content.referentiel import Referentiel
from livrables.content.registry import BlockContext
from livrables.deliverables import BLOCKS
from livrables.document.nodes import Document
from livrables.filters import FilterContext, run_filters
from livrables.markdown.parser import parse
from livrables.markdown.reader import read
from livrables.writers.docx.body import DocxWriter
from livrables.writers.docx.target import DocxTarget
from livrables.writers.html.body import render_body
from tests.markdown.dump import Dumper

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "templates" / "word" / "livrable.docx"
MISSION = Path(__file__).resolve().parent / "fixtures" / "mission"


@dataclass
class Rendered:
    document: Any
    elements: list[Any]
    html: str

    def dump(self) -> str:
        return Dumper(self.document).body(self.elements)


def tree(markdown: str, interne: bool = False, ref: Referentiel | None = None) -> Document:
    """The filtered document tree of a snippet, as a build makes it for one output."""
    ctx = BlockContext(ref or Referentiel())
    filters = FilterContext(ctx, BLOCKS, interne, MISSION, MISSION / "livrables")
    return run_filters(read(parse(markdown, client=not interne)), filters)


def render_both(markdown: str, interne: bool = False, ref: Referentiel | None = None) -> Rendered:
    document = docx.Document(str(TEMPLATE))
    anchor = next(p._p for p in document.paragraphs if "{{ corps }}" in p.text)
    body = anchor.getparent()
    start = body.index(anchor)
    target = DocxTarget(document, anchor)
    DocxWriter(target, tree(markdown, interne, ref)).write()
    target.finish()
    elements = list(body)[start : body.index(anchor)]
    html = render_body(tree(markdown, interne, ref))
    return Rendered(document, elements, html)
