"""One mission's build: its templates, each deliverable's version, cache key, rendering
(load -> tree -> filters -> writers) and outputs, routed to the client or internal folder."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import jinja2.exceptions

from livrables.brand.css import font_face_css
from livrables.brand.fonts import brand_fonts
from livrables.brand.marque import Marque
from livrables.charts.render import ChartRenderer
from livrables.charts.theme import ChartTheme
from livrables.content.mission import Livrable, Mission
from livrables.deliverables import BLOCKS
from livrables.document.directives import DIAPORAMA
from livrables.document.meta import DocumentContext
from livrables.document.nodes import Contents, Document
from livrables.document.typography import format_date
from livrables.document.walk import walk_blocks
from livrables.errors import ContentError, Diagnostic
from livrables.markdown.parser import directive_name
from livrables.markdown.rules import DIRECTIVE
from livrables.pipeline.cache import CACHE_DIR, Hasher, Manifest
from livrables.pipeline.context import document_context
from livrables.pipeline.gitinfo import GitInfo, Stamp, stamp
from livrables.pipeline.history import history_block
from livrables.pipeline.outputs import OUTPUT_FORMATS, PORTAL, Folders, prune
from livrables.pipeline.pdf import LibreOffice, match_pages, outline
from livrables.pipeline.project import Project, files_under
from livrables.pipeline.result import BuildResult
from livrables.pipeline.skip import COUNT, FINGERPRINT
from livrables.pipeline.tree import filtered_tree
from livrables.writers.docx.package import render_docx
from livrables.writers.docx.prepared import prepared_template
from livrables.writers.html.body import render_body
from livrables.writers.html.deck import DECK_PAGE, render_deck
from livrables.writers.html.page import HTML_PAGE, html_environment, render_html
from livrables.writers.portal import render_portal

if TYPE_CHECKING:
    from livrables.writers.pptx.fit import Fonts


class MissionBuild:
    """Renders one mission's deliverables with the templates found for it."""

    def __init__(
        self,
        project: Project,
        mission: Mission,
        marque: Marque,
        formats: tuple[str, ...],
        interne: bool,
        hasher: Hasher,
        git: GitInfo,
    ) -> None:
        self.project = project
        self.mission = mission
        self.marque = marque
        self.formats = formats
        self.interne = interne
        self.hasher = hasher
        self.git = git
        self.folders = Folders(project.build, mission.slug)
        cache_name = f"{mission.slug}{'-interne' if interne else ''}.json"
        self.manifest = Manifest(project.build / CACHE_DIR / cache_name, project.build)
        layers = project.template_layers(mission.root)
        self.jinja: jinja2.Environment = html_environment(layers)
        self.css = project.find_template("html/style.css", mission.root).read_text("utf-8")
        self.fonts = brand_fonts(marque, project.templates, project.build / CACHE_DIR / "polices")
        self.css = font_face_css(self.fonts) + self.css
        self.charts = ChartRenderer(
            ChartTheme.of(marque, project.templates), project.build / CACHE_DIR / "graphiques"
        )
        self.word_path = project.find_template("word/livrable.docx", mission.root)
        self.html_path = project.find_template(HTML_PAGE, mission.root)
        self.word = self.word_path.read_bytes()
        # every file that shapes every deliverable of the mission
        root = mission.root
        self.shared_inputs = [
            root / "mission.yaml",
            *sorted((root / "referentiel").glob("*.y*ml")),
            *(p for layer in layers for p in files_under(layer)),
        ]
        if mission.info.collectivite.logo:
            self.shared_inputs.append(root / mission.info.collectivite.logo)
        self.stamps: dict[Path, Stamp] = {}
        self.keys: dict[Path, str] = {}
        # the content files whose git history dates and versions a deliverable
        self.content_inputs = [
            root / "mission.yaml",
            *sorted((root / "referentiel").glob("*.y*ml")),
        ]

    def stamp(self, livrable: Livrable) -> Stamp:
        """Version, date and draft state; asked for by the cache key, the document and the
        portal, computed once (and inherited by the forked workers)."""
        if livrable.path not in self.stamps:
            inputs = [*self.content_inputs, *livrable.images]
            front = livrable.front
            self.stamps[livrable.path] = stamp(
                self.git, livrable.path, inputs, front.version, front.date
            )
        return self.stamps[livrable.path]

    def inputs(self, livrable: Livrable) -> list[Path]:
        """Every file the deliverable's outputs are made of."""
        inputs = [livrable.path, *livrable.images, *self.shared_inputs]
        if is_deck(livrable):  # its blocks draw on the deliverables of their types
            used = {
                kind
                for token in livrable.body.tokens
                if token.type == f"{DIRECTIVE}_open" and directive_name(token) in BLOCKS
                for kind in BLOCKS[directive_name(token)].types
            }
            sources = self.mission.sources(livrable)
            inputs += [lv.path for kind, lv in sources.items() if kind in used]
        return inputs

    def key(self, livrable: Livrable, ext: str, numbered: bool | None = None) -> str:
        """What the `ext` output is made of: the deliverable's inputs, and for a DOCX whether
        its table of contents is numbered (it is when a PDF is made). The formats asked are
        not in it: an output made by another build of the same inputs is still good."""
        if livrable.path not in self.keys:
            inputs = self.inputs(livrable)
            salt = f"interne={self.interne}|{self.stamp(livrable)}"
            self.keys[livrable.path] = self.hasher.key(inputs, salt)
        if numbered is None:
            numbered = "pdf" in self.formats
        variant = f"|{ext}|numéroté" if ext == "docx" and numbered else f"|{ext}"
        return hashlib.sha256((self.keys[livrable.path] + variant).encode()).hexdigest()

    def internal(self, livrable: Livrable) -> bool:
        """Whether the deliverable is built with its internal notes, outside the client folder."""
        return self.interne or livrable.front.diffusion == "interne"

    def extensions(self, livrable: Livrable) -> list[str]:
        """The files the formats asked make of it: a deck's office file is a PowerPoint."""
        return [output_extension(livrable, fmt) for fmt in self.formats]

    def is_fresh(self, livrable: Livrable) -> bool:
        internal = self.internal(livrable)
        return all(
            self.manifest.is_fresh(
                self.folders.name(internal, f"{livrable.stem}.{ext}"), self.key(livrable, ext)
            )
            for ext in self.extensions(livrable)
        )

    def render(self, livrable: Livrable, pages: dict[str, int] | None = None) -> dict[str, bytes]:
        """load -> tree -> filters -> writers: each format from the same filtered tree.

        With `pages` (heading id -> page, from a first PDF), only the DOCX is written again,
        its table of contents numbered. A DOCX is made whenever a PDF is wanted."""
        version = self.stamp(livrable)
        internal = self.internal(livrable)
        ctx = document_context(
            livrable, self.mission, self.marque, self.project.templates, internal, version
        )
        history = []
        if livrable.front.historique:
            history.append(history_block(livrable.front.historique, version, self.git))
        tree = filtered_tree(self.mission, livrable, internal, pages, history)
        if is_deck(livrable):
            return self._render_deck(livrable, tree, ctx)
        outputs: dict[str, bytes] = {}
        if "docx" in self.formats or "pdf" in self.formats or pages is not None:
            with template_errors(self.word_path):
                outputs["docx"] = render_docx(
                    self.word, ctx, tree, self.marque, self.fonts, self.charts
                )
            entries = [e for n in walk_blocks(tree) if isinstance(n, Contents) for e in n.entries]
            if entries and pages is None:
                outputs[TOC] = json.dumps([(e.id, e.text) for e in entries]).encode()
        if "html" in self.formats and pages is None:
            with template_errors(self.html_path):
                page = render_html(
                    self.jinja, ctx, render_body(tree, self.charts), self.marque, self.css
                )
            outputs["html"] = page.encode("utf-8")
        return outputs

    def _render_deck(
        self, livrable: Livrable, tree: Document, ctx: DocumentContext
    ) -> dict[str, bytes]:
        from livrables.document.slides import split_slides  # decks only: PowerPoint's
        from livrables.pipeline.slides_check import read_template  # libraries load when a
        from livrables.writers.pptx import render_pptx  # deck is built

        slides = split_slides(tree.children)
        outputs: dict[str, bytes] = {}
        if "docx" in self.formats or "pdf" in self.formats:
            template = read_template(self.project, self.mission.root)
            outputs["pptx"] = render_pptx(
                template, ctx, slides, self.marque, self.slide_fonts, self.charts
            )
        if "html" in self.formats:
            with template_errors(
                self.project.find_template(f"html/{DECK_PAGE}", self.mission.root)
            ):
                deck = render_deck(self.jinja, ctx, slides, self.marque, self.deck_css, self.charts)
            outputs["html"] = deck.encode("utf-8")
        return outputs

    @cached_property
    def slide_fonts(self) -> Fonts:
        from livrables.writers.pptx.fit import Fonts

        polices = self.marque.polices
        return Fonts.of(self.fonts, polices.texte.nom, polices.titres.nom)

    @cached_property
    def deck_css(self) -> str:
        """The HTML decks' stylesheet, with the brand's fonts: read once, for a mission's decks."""
        page = self.project.find_template(DECK_CSS, self.mission.root)
        return font_face_css(self.fonts) + page.read_text("utf-8")

    def add_pdfs(
        self, rendered: list[tuple[Livrable, dict[str, bytes]]], office: LibreOffice | None
    ) -> list[Diagnostic]:
        """PDFs of the rendered deliverables, and page numbers in their tables of contents (in
        the DOCX and the PDF): one LibreOffice call for all, a second for those with a table
        of contents. Without LibreOffice, the DOCX stay without page numbers."""
        problems: list[Diagnostic] = []
        first = office.convert(_docx_of(rendered)) if office else {}
        decks = {lv.stem: out["pptx"] for lv, out in rendered if "pptx" in out}
        first.update(office.convert(decks, "pptx") if office and decks else {})
        again: dict[str, bytes] = {}
        for livrable, outputs in rendered:
            toc = json.loads(outputs.pop(TOC, b"[]"))
            if toc and livrable.stem in first:
                pages = match_pages(toc, outline(first[livrable.stem]))
                if pages:
                    outputs["docx"] = self.render(livrable, pages)["docx"]
                    again[livrable.stem] = outputs["docx"]
        second = office.convert(again) if office and again else {}
        for livrable, outputs in rendered:
            pdf = second.get(livrable.stem) or first.get(livrable.stem)
            if "pdf" in self.formats:
                if pdf is not None:
                    outputs["pdf"] = pdf
                elif office is not None:
                    message = "PDF non produit : LibreOffice n'a pas pu convertir le document"
                    problems.append(Diagnostic(livrable.path, 1, 1, message))
            if "docx" not in self.formats:
                outputs.pop("docx", None)
                outputs.pop("pptx", None)
        return problems

    def write_outputs(
        self, livrable: Livrable, outputs: dict[str, bytes], result: BuildResult
    ) -> None:
        internal = self.internal(livrable)
        if internal and not self.interne:  # a deliverable now internal: its client copy goes,
            result.removed += self.folders.drop_client(livrable.stem)  # even if others fail
        wanted = self.extensions(livrable)
        for ext, data in outputs.items():
            if ext not in wanted:
                continue
            self.write(internal, f"{livrable.stem}.{ext}", data, result)
            name = self.folders.name(internal, f"{livrable.stem}.{ext}")
            self.manifest.record(name, self.key(livrable, ext))
        for ext in OUTPUT_FORMATS:  # not made this time (`--format`, no LibreOffice): kept if
            if ext in outputs:  # made of the same inputs, else it would show the old text
                continue
            stale = self.folders.of(internal) / f"{livrable.stem}.{ext}"
            name = self.folders.name(internal, stale.name)
            made_of = self.manifest.entries.get(name)
            if stale.is_file() and made_of in {self.key(livrable, ext, n) for n in (True, False)}:
                continue
            if stale.is_file():
                stale.unlink()
                result.removed.append(stale)
            if self.manifest.entries.pop(name, None) is not None:
                self.manifest.changed = True

    def finish(self, result: BuildResult, fingerprint: str, complete: bool) -> None:
        """Portals (rewritten only when they change), stale outputs removed, the manifest; a
        mission built whole, without errors, records its fingerprint so that an unchanged next
        run skips it."""
        livrables = self.mission.livrables
        if complete:  # with errors the last good portal and outputs stay
            for internal in (False, True):
                listed = [lv for lv in livrables if self.internal(lv) == internal]
                if "html" in self.formats and (listed or not (internal or self.interne)):
                    self._portal(internal, listed, result)
            written = {p.stem for p in (self.mission.root / "livrables").glob("*.md")}
            broken = written - {lv.stem for lv in livrables}  # their last good output stays
            if not self.interne:
                client = {lv.stem for lv in livrables if not self.internal(lv)}
                result.removed += prune(self.folders.client, client | broken)
            result.removed += prune(self.folders.internal, written)
        if complete:
            self.manifest.record(FINGERPRINT, fingerprint)
            self.manifest.record(COUNT, str(len(livrables)))
        elif FINGERPRINT in self.manifest.entries:
            del self.manifest.entries[FINGERPRINT]
            self.manifest.changed = True
        self.manifest.save()

    def _portal(self, internal: bool, listed: list[Livrable], result: BuildResult) -> None:
        versions = {lv.stem: (self.stamp(lv).version, self.stamp(lv).date) for lv in listed}
        sent = {}
        for lv in listed:
            last = self.git.last_sent(self.mission.slug, lv.stem)
            if last is not None:
                sent[lv.stem] = f"version {last[0]} envoyée le {format_date(last[1])}"
        portal = render_portal(
            self.jinja, self.mission, listed, self.marque, self.css, self.formats, versions, sent
        )
        self.write(internal, PORTAL, portal.encode("utf-8"), result)

    def write(self, internal: bool, name: str, data: bytes, result: BuildResult) -> None:
        path = self.folders.write(internal, name, data)
        if path is not None:
            result.written.append(path)


def warm(project: Project, marque: Marque) -> None:
    """What every mission's documents share, made before workers are forked so that each
    inherits it instead of making it again: the brand's fonts cut for embedding, and the Word
    template prepared with them (`writers/docx/prepared.py`)."""
    fonts = brand_fonts(marque, project.templates, project.build / CACHE_DIR / "polices")
    word = project.find_template("word/livrable.docx", None)
    if word.is_file():
        with contextlib.suppress(Exception):  # a broken template is reported by its mission
            prepared_template(word.read_bytes(), marque, fonts)


@contextmanager
def template_errors(path: Path) -> Iterator[None]:
    """A template's mistake (or an attempt to leave the sandbox) as a French content error
    naming the template, instead of a traceback."""
    try:
        yield
    except jinja2.exceptions.SecurityError as exc:
        raise ContentError.at(path, 1, 1, f"gabarit refusé : accès interdit ({exc})") from None
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError.at(path, exc.lineno or 1, 1, f"gabarit : {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise ContentError.at(path, 1, 1, f"gabarit : {exc}") from None


DECK_CSS = "html/diaporama.css"


def is_deck(livrable: Livrable) -> bool:
    return livrable.type.name == DIAPORAMA


def output_extension(livrable: Livrable, fmt: str) -> str:
    """The extension of a format's file: a deck's office document is a PowerPoint."""
    return "pptx" if fmt == "docx" and is_deck(livrable) else fmt


TOC = "(sommaire)"  # an output key: the table of contents' entries, for the PDF stage


def _docx_of(rendered: list[tuple[Livrable, dict[str, bytes]]]) -> dict[str, bytes]:
    return {lv.stem: out["docx"] for lv, out in rendered if "docx" in out}
