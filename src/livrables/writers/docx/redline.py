"""The redline: one DOCX whose tracked changes turn the old version into the new one.

The cover is the new version's; the body is both versions' finished trees drawn by the same
writer into the same package, then merged (`compare.py`). Before anything is returned, the
merge is proved: accepting every change must give the new body's text, paragraph by paragraph,
and rejecting every change the old one's. A redline that fails this is a bug, never a file.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from livrables import ooxml
from livrables.brand.fonts import FontFace
from livrables.brand.marque import Marque
from livrables.charts.render import ChartRenderer
from livrables.document.meta import DocumentContext
from livrables.document.nodes import Document
from livrables.writers.docx.anchors import Anchors
from livrables.writers.docx.body import DocxWriter
from livrables.writers.docx.compare import Merger, part_digest
from livrables.writers.docx.package import close_template, open_template
from livrables.writers.docx.revisions import (
    TBL,
    Revisions,
    accept_all,
    paragraph_texts,
    reject_all,
)


class RedlineError(Exception):
    """The merge does not give back both versions (a bug of ours: nothing is written)."""


@dataclass
class Redline:
    docx: bytes
    body: list[Any]  # the merged body elements, for the HTML view


def render_redline(
    template: bytes,
    ctx: DocumentContext,
    old: Document,
    new: Document,
    marque: Marque,
    revisions: Revisions,
    fonts: list[FontFace] | None = None,
    charts: ChartRenderer | None = None,
) -> Redline:
    target = open_template(template, ctx, marque, fonts, charts)
    old_body: list[Any] = []
    new_body: list[Any] = []
    anchors = target.anchors
    target.anchors = Anchors("", target.new_bookmark_id)  # the old text anchors nothing
    DocxWriter(target, old, old_body.append).write()
    target.anchors = anchors  # a client reviewing the redline: `retours` finds the lines
    DocxWriter(target, new, new_body.append).write()
    merger = Merger(revisions, _resolver(target.part))
    merged = merger.blocks(old_body, new_body)
    _prove(merged, old_body, new_body)
    for element in merged:
        target.insert(element)
    for element in merged:
        if element.tag == TBL and _width(element) > ooxml.TEXT_WIDTH_TWIPS + 1:
            # a table the writer made for a landscape page gets one here too
            target.lead_in(element).addprevious(target.end_section(landscape=False))
            element.addnext(target.end_section(landscape=True))
    data = close_template(target, ctx, marque, fonts, title=f"Modifications — {ctx.titre}")
    return Redline(data, merged)


def _width(tbl: Any) -> int:
    return sum(int(col.get(qn("w:w"), "0")) for col in tbl.iter(qn("w:gridCol")))


def _resolver(part: Any) -> Any:
    """A relationship id -> the URL it points at, or a digest of the part (a picture, a
    chart): the same picture has another id in each version's rendering."""
    cache: dict[str, str] = {}

    def resolve(rel_id: str) -> str:
        if rel_id not in cache:
            rel = part.rels.get(rel_id)
            if rel is None:
                cache[rel_id] = rel_id
            elif rel.is_external:
                cache[rel_id] = rel.target_ref
            else:
                cache[rel_id] = part_digest(rel.target_part.blob)
        return cache[rel_id]

    return resolve


def _prove(merged: list[Any], old: list[Any], new: list[Any]) -> None:
    def body(elements: list[Any]) -> Any:
        holder = ooxml.el("w:body")
        holder.extend(copy.deepcopy(e) for e in elements)
        return holder

    redline = body(merged)
    if paragraph_texts(accept_all(redline)) != paragraph_texts(body(new)):
        raise RedlineError("accepter toutes les modifications ne redonne pas la version actuelle")
    if paragraph_texts(reject_all(redline)) != paragraph_texts(body(old)):
        raise RedlineError("refuser toutes les modifications ne redonne pas l'ancienne version")
