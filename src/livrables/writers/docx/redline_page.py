"""The redline as a web page: the merged body read back, `<ins>` and `<del>` where Word shows
its marks, and at the top the sections that changed (each a link to the place).

It reads the same merged WordprocessingML as the DOCX redline, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from typing import Any

from docx.oxml.ns import qn

from livrables.brand.marque import Marque
from livrables.writers.docx.revisions import DEL, INS, PPR, RPR, TBL, TR, TRPR, P, R

_HEADINGS = {"Heading1": "h2", "Heading2": "h3", "Heading3": "h4", "Heading4": "h5"}
_SKIPPED = {"TableSpacer", "Separator", "TOCHeading"}


@dataclass(frozen=True)
class Version:
    label: str  # "1.0"
    date: str  # "12 mars 2026" ("" when unknown)

    def __str__(self) -> str:
        return f"version {self.label}" + (f" du {self.date}" if self.date else "")


@dataclass
class Page:
    html: str
    sections: list[str] = field(default_factory=list)  # the headings whose section changed


class _Reader:
    def __init__(self) -> None:
        self.sections: list[str] = []  # every heading met
        self.changed: list[int] = []  # indexes in `sections` of those with a change
        self.parts: list[str] = []

    def note_change(self) -> None:
        index = len(self.sections) - 1
        if not self.changed or self.changed[-1] != index:
            self.changed.append(index)

    def block(self, element: Any) -> None:
        if element.tag == P:
            self.paragraph(element)
        elif element.tag == TBL:
            self.table(element)

    def paragraph(self, p: Any, in_cell: bool = False) -> None:
        style_element = p.find(f"{PPR}/{qn('w:pStyle')}")
        style = style_element.get(qn("w:val")) if style_element is not None else ""
        if style in _SKIPPED and not in_cell:
            return
        mark = p.find(f"{PPR}/{RPR}")
        state = ""
        if mark is not None and mark.find(INS) is not None:
            state = "ajout"
        elif mark is not None and mark.find(DEL) is not None:
            state = "retrait"
        text = "".join(self.inline(p))
        tag = "p" if in_cell else _HEADINGS.get(style, "p")
        if tag != "p":
            self.sections.append(_plain(p))
            self.parts.append(f'<a id="s{len(self.sections) - 1}"></a>')
        if state or "<ins>" in text or "<del>" in text:
            self.note_change()
        classes = " ".join(c for c in (state, "liste" if style == "ListParagraph" else "") if c)
        attr = f' class="{classes}"' if classes else ""
        self.parts.append(f"<{tag}{attr}>{text or '&#8203;'}</{tag}>")

    def inline(self, element: Any) -> Iterator[str]:
        for child in element:
            if child.tag == R:
                yield _run(child)
            elif child.tag in (INS, DEL):
                tag = "ins" if child.tag == INS else "del"
                inner = "".join(self.inline(child))
                if inner:
                    yield f"<{tag}>{inner}</{tag}>"
            elif child.tag == qn("w:hyperlink"):
                yield "".join(self.inline(child))

    def table(self, tbl: Any) -> None:
        self.parts.append("<table>")
        for tr in tbl.iterchildren(TR):
            marks = tr.find(TRPR)
            state = ""
            if marks is not None and marks.find(INS) is not None:
                state = ' class="ajout"'
            elif marks is not None and marks.find(DEL) is not None:
                state = ' class="retrait"'
            if state:
                self.note_change()
            self.parts.append(f"<tr{state}>")
            cell = "th" if marks is not None and marks.find(qn("w:tblHeader")) is not None else "td"
            for tc in tr.iterchildren(qn("w:tc")):
                span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                columns = f' colspan="{span.get(qn("w:val"))}"' if span is not None else ""
                self.parts.append(f"<{cell}{columns}>")
                for p in tc.iterchildren(P):
                    self.paragraph(p, in_cell=True)
                self.parts.append(f"</{cell}>")
            self.parts.append("</tr>")
        self.parts.append("</table>")


def _run(r: Any) -> str:
    pieces = []
    for child in r:
        if child.tag in (qn("w:t"), qn("w:delText")):
            pieces.append(escape(child.text or ""))
        elif child.tag == qn("w:br"):
            pieces.append("<br>")
        elif child.tag == qn("w:tab"):
            pieces.append(" ")
        elif child.tag == qn("w:drawing"):
            descr = next((e.get("descr") for e in child.iter(qn("wp:docPr"))), "") or "image"
            pieces.append(f'<span class="objet">[{escape(descr)}]</span>')
        elif child.tag == qn("w:footnoteReference"):
            pieces.append('<sup class="objet">[note]</sup>')
    text = "".join(pieces)
    rpr = r.find(RPR)
    if text and rpr is not None:
        if rpr.find(qn("w:b")) is not None:
            text = f"<strong>{text}</strong>"
        if rpr.find(qn("w:i")) is not None:
            text = f"<em>{text}</em>"
    return text


def _plain(p: Any) -> str:
    return "".join(e.text or "" for e in p.iter(qn("w:t"), qn("w:delText")))


def redline_page(body: list[Any], title: str, old: Version, new: Version, marque: Marque) -> Page:
    reader = _Reader()
    reader.sections.append("Début du document")
    for element in body:
        reader.block(element)
    sections = [reader.sections[i] for i in reader.changed]
    links = "".join(
        f'<li><a href="#s{i}">{escape(reader.sections[i])}</a></li>'
        if i
        else f"<li>{escape(reader.sections[0])}</li>"
        for i in reader.changed
    )
    summary = (
        f"<p>{len(sections)} section(s) modifiée(s) :</p><ul>{links}</ul>"
        if sections
        else "<p>Aucune différence pour le lecteur entre ces deux versions.</p>"
    )
    colours = marque.couleurs
    html = f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Modifications — {escape(title)}</title>
<style>
body {{ font-family: sans-serif; color: {colours.texte}; max-width: 52rem; margin: 2rem auto;
  padding: 0 1rem; line-height: 1.5; }}
h1 {{ color: {colours.primaire}; font-size: 1.6rem; }}
h2, h3, h4, h5 {{ color: {colours.primaire}; }}
.resume {{ border: 1px solid #ccc; border-left: 4px solid {colours.accent}; padding: .5rem 1rem;
  margin-bottom: 2rem; }}
ins {{ background: #dff3e4; color: #0b5d1e; text-decoration: underline; }}
del {{ background: #fbe3e4; color: #8a1c1c; text-decoration: line-through; }}
.ajout {{ border-left: 3px solid #0b5d1e; padding-left: .5rem; }}
.retrait {{ border-left: 3px solid #8a1c1c; padding-left: .5rem; }}
.liste::before {{ content: "• "; }}
table {{ border-collapse: collapse; width: 100%; margin: 1rem 0; }}
td, th {{ border: 1px solid #ccc; padding: .25rem .5rem; vertical-align: top; text-align: left; }}
th {{ background: {colours.primaire}; color: #fff; }}
td p, th p {{ margin: 0; }}
del + ins {{ margin-left: .2em; }}
.objet {{ color: #666; }}
</style>
</head>
<body>
<h1>Modifications — {escape(title)}</h1>
<div class="resume">
<p>Depuis la {escape(str(old))} jusqu'à la {escape(str(new))}.
<ins>Ajouts</ins> et <del>retraits</del> sont marqués dans le texte.</p>
{summary}
</div>
{"".join(reader.parts)}
</body>
</html>
"""
    return Page(html, sections)
