"""Assembling a deliverable's DOCX: the docxtpl template's cover, then the body rendered into it.

The body is not a docxtpl subdocument (those lose list numbering and styles): it is rendered
straight into the rendered template, at the paragraph holding the `{{ corps }}` tag. Content is
never given to Jinja as a template, only as values, so `{{ x }}` in content stays text.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from html import escape
from typing import Any

from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from markdown_it.token import Token

from livrables.brand.marque import Marque
from livrables.brand.word import apply_brand
from livrables.build.context import DocumentContext
from livrables.markdown.docx import DocxRenderer, DocxTarget
from livrables.markdown.env import RenderEnv

BODY_MARK = "\u2063livrables-corps\u2063"
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def render_docx(
    template: bytes, ctx: DocumentContext, tokens: list[Token], env: RenderEnv, marque: Marque
) -> bytes:
    tpl = DocxTemplate(io.BytesIO(template))
    tpl.render(_jinja_context(tpl, ctx), autoescape=True)
    document = tpl.docx
    anchor = _body_anchor(document)
    target = DocxTarget(document, anchor)
    DocxRenderer(target, env).render(tokens)
    target.finish()
    anchor.getparent().remove(anchor)
    apply_brand(document, marque)
    _properties(document, ctx)
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue(), {"docProps/app.xml": _app_properties(ctx)})


def _jinja_context(tpl: DocxTemplate, ctx: DocumentContext) -> dict[str, Any]:
    def image(path: Any, height_cm: float) -> Any:
        return InlineImage(tpl, str(path), height=Cm(height_cm)) if path else ""

    return {
        "titre": ctx.titre,
        "titre_court": ctx.titre if len(ctx.titre) <= 70 else ctx.titre[:69] + "…",
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
        "logo": image(ctx.logo, 1.6),
        "logo_client": image(ctx.logo_client, 1.8),
        "corps": BODY_MARK,
    }


def _body_anchor(document: Any) -> Any:
    for paragraph in document.paragraphs:
        if BODY_MARK in paragraph.text:
            return paragraph._p
    raise ValueError("le gabarit Word ne contient pas la balise {{ corps }}")


def _properties(document: Any, ctx: DocumentContext) -> None:
    """Title, subject, author = the firm, French; no trace of the machine that built it."""
    props = document.core_properties
    props.title = ctx.titre
    props.subject = f"{ctx.type_label} — {ctx.collectivite}"
    props.author = ctx.cabinet
    props.last_modified_by = ctx.cabinet
    props.language = "fr-FR"
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


def normalise_zip(data: bytes, replace: dict[str, bytes] | None = None) -> bytes:
    """Same entries, same order, fixed timestamps: identical input gives identical bytes.
    `replace` swaps the content of some entries."""
    replace = replace or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, replace.get(info.filename) or source.read(info.filename))
    return out.getvalue()
