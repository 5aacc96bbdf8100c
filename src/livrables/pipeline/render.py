"""Render: one deliverable's finished tree turned into the bytes of each format asked, through
the writers of the format registry (formats.py). Nothing is written here.

`Resources` holds what a mission's writers draw with, found once per mission in the template
layers (the mission's own `templates/`, then the firm's): the Word, HTML and PowerPoint
templates, the stylesheets with the brand's fonts, the chart renderer.
"""

from __future__ import annotations

import dataclasses
import json
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from livrables.brand.css import font_face_css
from livrables.brand.fonts import brand_fonts
from livrables.brand.marque import Marque
from livrables.charts.render import ChartRenderer
from livrables.charts.theme import ChartTheme
from livrables.content.mission import Livrable
from livrables.document.meta import DocumentContext
from livrables.document.nodes import Contents, Document
from livrables.document.walk import walk_blocks
from livrables.i18n import LANGUES, house_catalogue, use
from livrables.pipeline.context import document_context
from livrables.pipeline.formats import FORMATS
from livrables.pipeline.history import history_block
from livrables.pipeline.manifest import CACHE_DIR
from livrables.pipeline.plan import MissionPlan
from livrables.pipeline.tree import filtered_tree
from livrables.traduction.bilingual import side_by_side
from livrables.traduction.translate import (
    load_translation,
    refuse_incomplete,
    translated_livrable,
    translated_mission,
)
from livrables.writers.html.deck import DECK_PAGE
from livrables.writers.html.page import HTML_PAGE, html_environment

if TYPE_CHECKING:
    from livrables.writers.pptx.fit import Fonts

TOOL_FONTS = Path(__file__).resolve().parent.parent / "data" / "polices"
WORD_TEMPLATE = "word/livrable.docx"
PDF_TEMPLATE = "typst/livrable.typ"
DECK_CSS = "html/diaporama.css"
TOC = "(sommaire)"  # an output key: the table of contents' entries, for page layout


class Resources:
    """What the writers of one mission's deliverables draw with."""

    def __init__(self, plan: MissionPlan, marque: Marque) -> None:
        project, root = plan.project, plan.mission.root
        self.project = project
        self.root = root
        self.marque = marque
        self.jinja: jinja2.Environment = html_environment(project.template_layers(root))
        css = project.find_template("html/style.css", root).read_text("utf-8")
        self.fonts = brand_fonts(marque, project.templates, project.build / CACHE_DIR / "polices")
        self.css = font_face_css(self.fonts) + css
        self.charts = ChartRenderer(
            ChartTheme.of(marque, project.templates), project.build / CACHE_DIR / "graphiques"
        )
        self.word_path = project.find_template(WORD_TEMPLATE, root)
        self.html_path = project.find_template(HTML_PAGE, root)
        self.word = self.word_path.read_bytes()

    @cached_property
    def deck_path(self) -> Path:
        return self.project.find_template(f"html/{DECK_PAGE}", self.root)

    @cached_property
    def deck_css(self) -> str:
        """The HTML decks' stylesheet, with the brand's fonts: read once, for a mission's decks."""
        page = self.project.find_template(DECK_CSS, self.root)
        return font_face_css(self.fonts) + page.read_text("utf-8")

    @cached_property
    def pptx_template(self) -> bytes:
        from livrables.pipeline.slides_check import read_template

        return read_template(self.project, self.root)

    @cached_property
    def pdf_template(self) -> Path:
        return self.project.find_template(PDF_TEMPLATE, self.root)

    @cached_property
    def font_dirs(self) -> list[Path]:
        """The folders of the brand's font files (Typst is given those only)."""
        folders = []
        for police in (self.marque.polices.titres, self.marque.polices.texte):
            files = police.fichiers
            for name in files.model_dump().values() if files else []:
                if name:
                    folder = (self.project.templates / name).parent
                    if folder not in folders:
                        folders.append(folder)
        return [*folders, TOOL_FONTS]  # the tool's: Arabic, which the brand's fonts lack

    @cached_property
    def slide_fonts(self) -> Fonts:
        from livrables.writers.pptx.fit import Fonts

        polices = self.marque.polices
        return Fonts.of(self.fonts, polices.texte.nom, polices.titres.nom)


def render(
    plan: MissionPlan,
    resources: Resources,
    livrable: Livrable,
    formats: tuple[str, ...],
    pages: dict[str, int] | None = None,
) -> dict[str, bytes]:
    """load -> tree -> filters -> writers: each format from the same filtered tree, keyed by
    extension. With `pages` (heading id -> page), the contents carry page numbers. A document
    whose tree holds contents also gets their entries (`TOC`), for page layout.

    In another language, everything is made in it (labels, dates, the firm's texts); side by
    side (`bilingue:`), each tree in its language and the page in French."""
    house = house_catalogue(plan.project.template_layers(plan.mission.root), livrable.langue)
    if livrable.bilingue:
        french = dataclasses.replace(livrable, langue="fr", bilingue=False)
        other = dataclasses.replace(livrable, bilingue=False)
        with use("fr"):
            ctx, left = _prepared(plan, resources, french, pages)
        with use(livrable.langue, house):
            other_ctx, right = _prepared(plan, resources, other, pages)
        ctx = dataclasses.replace(ctx, sous_titre=other_ctx.titre, source=other_ctx.source)
        tree = side_by_side(left, right, LANGUES[livrable.langue])
        with use("fr", house):  # the other column's labels: written_in (writers)
            return _write(plan, resources, livrable, formats, pages, ctx, tree)
    with use(livrable.langue, house):
        ctx, tree = _prepared(plan, resources, livrable, pages)
        return _write(plan, resources, livrable, formats, pages, ctx, tree)


def _prepared(
    plan: MissionPlan, resources: Resources, livrable: Livrable, pages: dict[str, int] | None
) -> tuple[DocumentContext, Document]:
    """The cover's context and the finished tree, in the language being used."""
    inputs, mission = plan.inputs, plan.mission
    version = inputs.stamp(mission, livrable)
    internal = plan.internal(livrable)
    translation = None
    if livrable.translated:
        translation = load_translation(mission, livrable, livrable.langue)
        mission = translated_mission(mission, translation)
        livrable = translated_livrable(livrable, translation)
    ctx = document_context(
        livrable, mission, resources.marque, plan.project.templates, internal, version
    )
    history = []
    if livrable.front.historique:
        history.append(history_block(livrable.front.historique, version, inputs.git))
    tree = filtered_tree(mission, livrable, internal, pages, history, translation)
    if translation is not None:
        refuse_incomplete(livrable, translation, tree, ctx)
    return ctx, tree


def _write(
    plan: MissionPlan,
    resources: Resources,
    livrable: Livrable,
    formats: tuple[str, ...],
    pages: dict[str, int] | None,
    ctx: DocumentContext,
    tree: Document,
) -> dict[str, bytes]:
    deck = plan.is_deck(livrable)
    outputs: dict[str, bytes] = {}
    slides = None
    for fmt in formats:
        entry = FORMATS[fmt]
        if deck and entry.deck is not None:
            if slides is None:
                from livrables.document.slides import split_slides
                from livrables.writers.pptx.paginate import paginate

                template, fonts = resources.pptx_template, resources.slide_fonts
                slides = paginate(split_slides(tree.children), template, fonts)
            outputs[entry.deck_extension] = entry.deck(resources, ctx, slides)
        elif not deck and entry.document is not None:
            outputs[entry.extension] = entry.document(resources, ctx, tree)
    if not deck and pages is None:
        entries = [e for n in walk_blocks(tree) if isinstance(n, Contents) for e in n.entries]
        if entries:
            outputs[TOC] = json.dumps([(e.id, e.text) for e in entries]).encode()
    return outputs
