"""Page layout: the PDFs, and the page numbers of the contents.

Today the PDF is the office file laid out by LibreOffice (pdf.py): one call for a mission's
documents (a second for its decks), then the documents with contents are written again with the
page numbers the first PDF's bookmarks give, and converted again, so Word and the PDF both show
them. Without LibreOffice, the DOCX stay without page numbers and no PDF is made.
"""

from __future__ import annotations

import json
import os
import queue
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

from livrables.content.mission import Livrable
from livrables.errors import Diagnostic, Report
from livrables.pipeline.pdf import LibreOffice, match_pages, outline
from livrables.pipeline.plan import MissionPlan
from livrables.pipeline.project import Project, soffice
from livrables.pipeline.render import TOC, Resources, render

Rendered = list[tuple[Livrable, dict[str, bytes]]]


class Laid(NamedTuple):
    """One mission's rendered deliverables, and what its writers drew with."""

    plan: MissionPlan
    resources: Resources
    rendered: Rendered


def lay_out(
    project: Project, missions: list[Laid], jobs: int | None, report: Report, slot: int = 0
) -> None:
    """The PDF stage, mission by mission: LibreOffice calls run side by side (a few threads,
    each with its own LibreOffice profile), as many as there are workers; `slot`: the first
    profile to use."""
    command = soffice()
    wanted = [m for m in missions if m.rendered and command is not None]
    if wanted and command is not None:
        fonts = [project.templates / "polices"]
        workers = max(1, min(jobs or os.cpu_count() or 1, len(wanted)))
        offices = queue.SimpleQueue[LibreOffice]()
        for number in range(workers):
            offices.put(LibreOffice(command, project.build, slot + number, fonts))

        def convert(mission: Laid) -> list[Diagnostic]:
            office = offices.get()
            try:
                return _mission_pdfs(mission, office)
            finally:
                offices.put(office)

        with ThreadPoolExecutor(workers) as pool:
            for problems in pool.map(convert, wanted):
                report.diagnostics.extend(problems)
    for mission in missions:
        if mission not in wanted:
            _mission_pdfs(mission, None)


def _mission_pdfs(mission: Laid, office: LibreOffice | None) -> list[Diagnostic]:
    """PDFs of the rendered deliverables, and page numbers in their contents (in the DOCX and
    the PDF): one LibreOffice call for all, a second for those with contents. Without
    LibreOffice, the DOCX stay without page numbers."""
    plan, resources, rendered = mission
    problems: list[Diagnostic] = []
    documents = {lv.stem: out["docx"] for lv, out in rendered if "docx" in out}
    first = office.convert(documents) if office else {}
    decks = {lv.stem: out["pptx"] for lv, out in rendered if "pptx" in out}
    first.update(office.convert(decks, "pptx") if office and decks else {})
    again: dict[str, bytes] = {}
    for livrable, outputs in rendered:
        toc = json.loads(outputs.pop(TOC, b"[]"))
        if toc and livrable.stem in first:
            pages = match_pages(toc, outline(first[livrable.stem]))
            if pages:
                outputs["docx"] = render(plan, resources, livrable, ("docx",), pages)["docx"]
                again[livrable.stem] = outputs["docx"]
    second = office.convert(again) if office and again else {}
    for livrable, outputs in rendered:
        pdf = second.get(livrable.stem) or first.get(livrable.stem)
        if "pdf" in plan.formats:
            if pdf is not None:
                outputs["pdf"] = pdf
            elif office is not None:
                message = "PDF non produit : LibreOffice n'a pas pu convertir le document"
                problems.append(Diagnostic(livrable.path, 1, 1, message))
        for ext in [e for e in outputs if e not in plan.extensions(livrable)]:
            del outputs[ext]  # made for page layout only (a DOCX for `--format pdf`)
    return problems
