"""Two languages side by side in Word (`bilingue:`): a borderless table of two columns, a row
per block, each column written in its language (the Arabic one right to left); what needs the
whole width comes in French, then in the other language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.oxml.ns import qn

from livrables import ooxml
from livrables.document.nodes import Side
from livrables.i18n import written_in
from livrables.writers.docx import tables

if TYPE_CHECKING:
    from livrables.writers.docx.target import Drawer


def draw_side(writer: Drawer, node: Side) -> None:
    """French and the partner's language: a borderless table of two columns, or one
    after the other for what needs the whole width."""
    if node.stacked:
        for left, right in node.rows:
            writer.blocks(left)
            made: list[Any] = []
            writer.sinks.append(made.append)
            with written_in(node.right_lang):
                writer.blocks(right)
            writer.sinks.pop()
            writer.para = None
            for element in made:  # an Arabic table reads from the right, as its page
                if node.right_rtl:
                    tables.right_to_left(element)
                    for tblpr in element.iter(qn("w:tblPr")):
                        tables.bidi_visual(tblpr)
                writer.emit(element)
        return
    half = ooxml.TEXT_WIDTH_TWIPS // 2
    tbl = tables.table("TableauLivrables", [half, half], banded=False)
    tables.borderless(tbl)
    for row in node.rows:
        tr = tables.table_row(tbl)
        for blocks, tag, rtl in ((row[0], "fr", False), (row[1], node.right_lang, node.right_rtl)):
            tc = tables.table_cell(tr, half)
            writer.sinks.append(tc.append)
            with written_in(tag):
                writer.blocks(blocks)
            writer.sinks.pop()
            writer.para = None
            if len(tc) == 1 or tc[-1].tag != qn("w:p"):  # a cell ends with a paragraph
                tc.append(ooxml.paragraph(None))
            if rtl:
                tables.right_to_left(tc)
    writer.emit(tbl)
    writer.emit(ooxml.paragraph("TableSpacer"))
