"""The table of contents in Word: a TOC field already holding its entries, linked to the
headings' bookmarks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml.ns import qn

from livrables import ooxml
from livrables.document.nodes import Contents
from livrables.i18n import t

if TYPE_CHECKING:
    from livrables.writers.docx.target import Drawer


def draw_contents(self: Drawer, node: Contents) -> None:
    """A TOC field already holding its entries, so it is not empty before Word updates it."""
    title = self.new_paragraph("TOCHeading", keep_next=True)
    title.append(ooxml.run(t("Sommaire")))
    instruction = f'TOC \\o "1-{node.levels}" \\h \\z \\u'
    begin, instr, separate, _placeholder, end = ooxml.field(instruction)
    paragraphs = []
    for entry in node.entries:
        # Page numbers come from a layout of the document (the PDF): without one, none is
        # written, since a wrong number is worse than none; Word's F9 adds them.
        p = self.new_paragraph(f"TOC{min(entry.level, 3)}")
        name = self.target.bookmarks.get(entry.id)
        link = ooxml.internal_link(name) if name else p
        if name:
            p.append(link)
        link.append(ooxml.run(entry.text, style="Hyperlink" if name else None))
        if entry.page:
            link.append(ooxml.run("\t" + str(entry.page)))
        paragraphs.append(p)
    if not paragraphs:
        p = self.new_paragraph("TOC1")
        p.append(ooxml.run("(aucun titre)"))
        paragraphs.append(p)
    anchor = paragraphs[0].find(qn("w:pPr"))
    for run in (begin, instr, separate):  # the field starts in the first entry ...
        anchor.addnext(run)
        anchor = run
    paragraphs[-1].append(end)  # ... and ends after the last one
