"""Page layout that needs a whole document laid out: the page numbers in a Word document's
contents. The PDF itself is a writer's (Typst, from the tree): this step is only for the DOCX.

With LibreOffice installed, each DOCX with contents is laid out once (office.py: numbers kept
by the digest of the DOCX they came from), then written again with its numbers. Without it,
the DOCX keeps its contents without page numbers (Word numbers them when the reader updates
the field), and its key says so: installing LibreOffice makes it again.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from livrables.content.mission import Livrable
from livrables.errors import Diagnostic, Report, Severity
from livrables.pipeline.office import (
    LibreOffice,
    keep_pages,
    kept_pages,
    match_pages,
    outline,
    page_numbers,
)
from livrables.pipeline.plan import MissionPlan
from livrables.pipeline.project import Project, soffice
from livrables.pipeline.render import TOC, Resources, render

Rendered = list[tuple[Livrable, dict[str, bytes]]]
WARNING = Severity.WARNING
UNNUMBERED = "(sans numéros)"  # an output key: the DOCX's contents could not be numbered


class Laid(NamedTuple):
    """One mission's rendered deliverables, and what its writers drew with."""

    plan: MissionPlan
    resources: Resources
    rendered: Rendered


class _Pending(NamedTuple):
    mission: Laid
    livrable: Livrable
    outputs: dict[str, bytes]
    toc: list[tuple[str, str]]


def lay_out(project: Project, missions: list[Laid], report: Report, slot: int = 0) -> None:
    """The contents' page numbers of every rendered DOCX that has contents: from the numbers
    kept for the same DOCX, else from one LibreOffice call for all; `slot`: the profile."""
    command = soffice()
    pending: list[_Pending] = []
    for mission in missions:
        for livrable, outputs in mission.rendered:
            toc = json.loads(outputs.pop(TOC, b"[]"))
            if not toc or "docx" not in outputs:
                continue
            if command is None:
                outputs[UNNUMBERED] = b""
                continue
            pages = kept_pages(page_numbers(project.build, outputs["docx"]))
            if pages is None:
                pending.append(_Pending(mission, livrable, outputs, toc))
            else:
                _number(mission, livrable, outputs, pages)
    if not pending or command is None:
        return
    fonts = pending[0].mission.resources.font_dirs
    office = LibreOffice(command, project.build, slot, fonts)
    pdfs = office.pdfs({str(i): p.outputs["docx"] for i, p in enumerate(pending)})
    for index, item in enumerate(pending):
        pdf = pdfs.get(str(index))
        if pdf is None:
            item.outputs[UNNUMBERED] = b""
            message = (
                "numéros de page du sommaire non calculés : LibreOffice n'a pas pu mettre en "
                "page le Word (il garde son sommaire, sans numéros ; le PDF est produit)"
            )
            report.diagnostics.append(Diagnostic(item.livrable.path, 1, 1, message, WARNING))
            continue
        pages = match_pages(item.toc, outline(pdf))
        keep_pages(page_numbers(project.build, item.outputs["docx"]), pages)
        _number(item.mission, item.livrable, item.outputs, pages)


def _number(
    mission: Laid, livrable: Livrable, outputs: dict[str, bytes], pages: dict[str, int]
) -> None:
    if pages:
        outputs["docx"] = render(mission.plan, mission.resources, livrable, ("docx",), pages)[
            "docx"
        ]
