"""Rendering a Markdown snippet to both formats the way a build does, for the tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx

from livrables.blocks import BlockContext
from livrables.content.referentiel import Referentiel
from livrables.markdown.directives import resolve
from livrables.markdown.docx import DocxRenderer, DocxTarget
from livrables.markdown.env import RenderEnv
from livrables.markdown.html import render_html
from livrables.markdown.parser import parse
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


def render_both(markdown: str, interne: bool = False, ref: Referentiel | None = None) -> Rendered:
    tokens = resolve(parse(markdown).tokens, BlockContext(ref or Referentiel()), interne)
    document = docx.Document(str(TEMPLATE))
    anchor = next(p._p for p in document.paragraphs if "{{ corps }}" in p.text)
    body = anchor.getparent()
    start = body.index(anchor)
    target = DocxTarget(document, anchor)
    env = RenderEnv(MISSION, MISSION / "livrables", interne)
    DocxRenderer(target, env).render(tokens)
    target.finish()
    elements = list(body)[start : body.index(anchor)]
    html = render_html(tokens, RenderEnv(MISSION, MISSION / "livrables", interne))
    return Rendered(document, elements, html)
