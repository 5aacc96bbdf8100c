"""`check` for slide decks: each slide laid out and measured as the writers will draw it (the
same `paginate`), a warning at its line when the layout had to continue or split it, or when
it holds more than fits (lines, characters, table rows, key figures)."""

from __future__ import annotations

from pathlib import Path

from livrables.brand.fonts import brand_fonts
from livrables.brand.marque import Marque
from livrables.brand.pptx_template import LAYOUT_NAMES
from livrables.content.mission import Mission
from livrables.document.directives import DIAPORAMA
from livrables.document.slides import split_slides
from livrables.errors import ContentError, Report
from livrables.pipeline.project import Project
from livrables.pipeline.tree import filtered_tree
from livrables.writers.pptx.fit import Fonts, geometry, overflows
from livrables.writers.pptx.paginate import paginate

PPTX_TEMPLATE = "powerpoint/diaporama.pptx"


def read_template(project: Project, mission_root: Path) -> bytes:
    """The decks' master, checked: a PowerPoint file holding every layout the writer uses (a
    designer may restyle them, not rename them). A French error naming the file otherwise."""
    path = project.find_template(PPTX_TEMPLATE, mission_root)
    data = path.read_bytes()
    try:
        names = set(geometry(data).areas)
    except Exception as exc:  # noqa: BLE001 - whatever python-pptx meets in a broken file
        raise ContentError.at(
            path,
            1,
            1,
            f"gabarit PowerPoint illisible ({type(exc).__name__}) : reprenez celui du cabinet",
        ) from None
    missing = [n for n in LAYOUT_NAMES.values() if n not in names]
    if missing:
        raise ContentError.at(
            path,
            1,
            1,
            "gabarit PowerPoint : disposition(s) manquante(s) "
            + ", ".join(f"« {n} »" for n in missing)
            + " (le nom d'une disposition ne se change pas)",
        )
    return data


def check_slides(project: Project, mission: Mission, marque: Marque, report: Report) -> None:
    decks = [lv for lv in mission.livrables if lv.type.name == DIAPORAMA]
    if not decks:
        return
    try:
        template = read_template(project, mission.root)
    except ContentError as exc:
        report.diagnostics.extend(exc.diagnostics)
        return
    faces = brand_fonts(marque, project.templates, None)  # check writes nothing
    fonts = Fonts.of(faces, marque.polices.texte.nom, marque.polices.titres.nom)
    for livrable in decks:
        tree = filtered_tree(mission, livrable, internal=False)  # what the client's slides show
        slides = paginate(split_slides(tree.children), template, fonts)
        for number, slide in enumerate(slides, 2):  # the cover is 1
            name = f"« {slide.title_text} »" if slide.title else f"n° {number}"
            problems = [slide.notice] if slide.notice else []
            for problem in problems + overflows(slide, template, fonts):
                report.warning(livrable.path, slide.line, 1, f"diapositive {name} : {problem}")
