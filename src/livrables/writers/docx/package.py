"""The DOCX writer: the docxtpl template's cover, then the document tree written into it.

The body is not a docxtpl subdocument (those lose list numbering and styles): it is rendered
straight into the rendered template, at the paragraph holding the `{{ corps }}` tag. Content is
never given to Jinja as a template, only as values, so `{{ x }}` in content stays text.
"""

from __future__ import annotations

import datetime as dt
import io
from html import escape
from typing import Any
from xml.sax.saxutils import quoteattr

import jinja2
from docx.oxml.ns import qn
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import ImmutableSandboxedEnvironment

from livrables.brand.fonts import FontFace
from livrables.brand.marque import Marque
from livrables.brand.metrics import Metrics, metrics_of
from livrables.charts.render import ChartRenderer
from livrables.document.meta import DocumentContext
from livrables.document.nodes import Document
from livrables.i18n import t
from livrables.writers.docx.anchors import Anchors
from livrables.writers.docx.body import DocxWriter
from livrables.writers.docx.language import footers, language_styles
from livrables.writers.docx.prepared import prepared_copy, save_reproducibly
from livrables.writers.docx.target import DocxTarget

BODY_MARK = "\u2063livrables-corps\u2063"


def render_docx(
    template: bytes,
    ctx: DocumentContext,
    tree: Document,
    marque: Marque,
    fonts: list[FontFace] | None = None,
    charts: ChartRenderer | None = None,
) -> bytes:
    target = open_template(template, ctx, marque, fonts, charts)
    DocxWriter(target, tree).write()
    return close_template(target, ctx, marque, fonts)


def open_template(
    template: bytes,
    ctx: DocumentContext,
    marque: Marque,
    fonts: list[FontFace] | None = None,
    charts: ChartRenderer | None = None,
) -> DocxTarget:
    """The template rendered with the document's cover, ready for a body at `{{ corps }}`."""
    tpl = _Template(io.BytesIO(template))
    tpl.docx = prepared_copy(template, marque, fonts or [])  # docxtpl opens nothing itself
    tpl.render(_jinja_context(tpl, ctx), jinja_env=_ENV, autoescape=True)
    document = tpl.docx
    anchor = _body_anchor(document)
    target = DocxTarget(document, anchor, _metrics(fonts or [], marque.polices.texte.nom), charts)
    target.anchors = Anchors(ctx.source, target.new_bookmark_id)
    return target


def close_template(
    target: DocxTarget,
    ctx: DocumentContext,
    marque: Marque,
    fonts: list[FontFace] | None = None,
    title: str | None = None,
) -> bytes:
    """The body written: the brand, fonts and properties applied, the package saved."""
    target.finish()
    target.anchor.getparent().remove(target.anchor)
    target.end_on_last_section()
    document = target.document  # the brand and fonts are in the prepared template
    _properties(document, ctx)
    if title:
        document.core_properties.title = title
    replaced = {"docProps/app.xml": _app_properties(ctx)}
    if ctx.langue != "fr-FR":
        replaced.update(language_styles(document, ctx.langue, ctx.rtl))
        replaced.update(footers(document, escape(t("Page"))))
    return save_reproducibly(document, replaced)


class _CompilingOnce(ImmutableSandboxedEnvironment):
    """docxtpl compiles the template's XML at every document; the XML is the same for every
    deliverable of a build, so each source is compiled once per process. Sandboxed: a Word
    template, like an HTML one, cannot reach Python objects, the OS or files."""

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self.compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self.compiled:
            self.compiled[source] = super().from_string(source)
        return self.compiled[source]


_ENV = _CompilingOnce()


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl cleans the template's XML with some thirty regular expressions before Jinja
    reads it, for the body and every header and footer, at every document; the XML is the
    same for every deliverable of a build: cleaned once per process."""

    _patched: dict[str, str] = {}

    def init_docx(self, reload: bool = True) -> None:
        """The document is the prepared copy `open_template` gives: opening the unbranded
        template here instead would be a silent mistake."""
        if self.docx is None or (self.is_rendered and reload):
            raise RuntimeError("gabarit Word : document préparé absent")

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            patched = self._patched[src_xml] = str(super().patch_xml(src_xml))
            if len(self._patched) > 64:  # templates of many missions: keep the last ones
                del self._patched[next(iter(self._patched))]
        return patched


class _Described(InlineImage):  # type: ignore[misc]
    """docxtpl's picture with its alternative text (`wp:docPr@descr`, read by Word's
    accessibility checker and by screen readers): docxtpl writes none."""

    def __init__(self, tpl: DocxTemplate, path: str, height: Any, description: str) -> None:
        super().__init__(tpl, path, height=height)
        self.description = description

    def _insert_image(self) -> str:
        return str(super()._insert_image()).replace(
            "<wp:docPr ", f"<wp:docPr descr={quoteattr(self.description)} ", 1
        )


def _jinja_context(tpl: DocxTemplate, ctx: DocumentContext) -> dict[str, Any]:
    def image(path: Any, height_cm: float, description: str) -> Any:
        return _Described(tpl, str(path), Cm(height_cm), description) if path else ""

    return {
        "titre": ctx.titre,
        "titre_court": short_title(ctx.titre),
        "sous_titre": ctx.sous_titre,
        "module": ctx.module,
        "type": ctx.type_label,
        "collectivite": ctx.collectivite,
        "mission": ctx.mission,
        "references": ctx.references,
        "date": ctx.date,
        "version": ctx.version,
        "statut": ctx.statut,
        "diffusion": ctx.diffusion,
        "brouillon": ctx.brouillon,
        "fictive": ctx.fictive,
        "cabinet": ctx.cabinet + (f" — {ctx.signature}" if ctx.signature else ""),
        "contact": ctx.contact,
        "mentions": ctx.mentions,
        "pied": ctx.pied,
        "logo": image(ctx.logo, 1.6, f"Logo de {ctx.cabinet}"),
        "logo_client": image(ctx.logo_client, 1.8, f"Logo de {ctx.collectivite}"),
        "corps": BODY_MARK,
    }


def _body_anchor(document: Any) -> Any:
    """The body's paragraph (not one in a table) holding the mark `{{ corps }}` became: Jinja
    wrote it into one text element."""
    for p in document.element.body.iterchildren(_P):
        if any(BODY_MARK in (t.text or "") for t in p.iter(_T)):
            return p
    raise ValueError("le gabarit Word ne contient pas la balise {{ corps }}")


_P, _T = qn("w:p"), qn("w:t")


def _properties(document: Any, ctx: DocumentContext) -> None:
    """Title, subject, author = the firm, French; no trace of the machine that built it."""
    props = document.core_properties
    props.title = ctx.titre
    props.subject = f"{ctx.type_label} — {ctx.collectivite}"
    props.author = ctx.cabinet
    props.last_modified_by = ctx.cabinet
    props.language = ctx.langue
    props.keywords = ctx.type_label
    props.comments = ""
    props.category = ctx.diffusion
    props.revision = 1
    # the document's own date, never the clock: the same inputs give the same bytes
    day = ctx.day or dt.date(2000, 1, 1)
    stamp = dt.datetime(day.year, day.month, day.day)
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


def _app_properties(ctx: DocumentContext) -> bytes:
    """Extended properties naming the firm and the tool, instead of the template's
    "Microsoft Macintosh Word"."""
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    company = escape(ctx.cabinet.split(" — ")[0])
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{ns}" xmlns:vt="{vt}"><Application>livrables</Application>'
        f"<DocSecurity>0</DocSecurity><Company>{company}</Company>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc></Properties>"
    ).encode()


def _metrics(fonts: list[FontFace], family: str) -> tuple[Metrics, Metrics]:
    """The text font's widths, regular and bold, for sizing table columns."""
    faces = {face.face: face for face in fonts if face.family == family}
    return metrics_of(faces.get("regulier")), metrics_of(faces.get("gras"))


SHORT_TITLE = 62  # characters that fit the header's right-hand side on one line


def short_title(title: str) -> str:
    """The title for the running header: whole when it fits, else cut after a word, with "…"."""
    if len(title) <= SHORT_TITLE:
        return title
    cut = title[: SHORT_TITLE - 1].rsplit(" ", 1)[0].rstrip(" ,;:—–-")
    return cut + "…"
