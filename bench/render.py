"""Benchmark: rendering one long deliverable body (about 6,000 words, 40 tables) in-process.

Prints the median time per format and, as ratios, each against markdown-it's own plain HTML
rendering of the same tokens (the baseline, run in the same process) and against the 100 ms
budget of issue 3. Run with `make bench` or `python bench/render.py`.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx

from livrables.content.referentiel import Referentiel
from livrables.content.registry import BlockContext
from livrables.deliverables import BLOCKS
from livrables.document.nodes import Document
from livrables.filters import FilterContext, run_filters
from livrables.markdown.parser import Body, parse, parser
from livrables.markdown.reader import read
from livrables.writers.docx.body import DocxWriter
from livrables.writers.docx.target import DocxTarget
from livrables.writers.html.body import render_body

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = (REPO / "templates" / "word" / "livrable.docx").read_bytes()
BUDGET_MS = 100.0

PARAGRAPH = (
    "La communauté de communes **conduit** sa coopération avec la commune partenaire ; elle "
    "mobilise la régie de l'eau, le service *jeunesse* et les associations du territoire, "
    "avec un budget annuel de 38 000 € et un suivi par des indicateurs « SMART »[^n{n}]. "
)


def long_body(sections: int = 40) -> str:
    parts = ["::: sommaire\n:::\n"]
    for n in range(sections):
        parts.append(f"# Partie {n + 1}\n\n## Constats\n")
        parts.append((PARAGRAPH.format(n=n) * 2) + "\n")
        parts.append("- premier point\n- deuxième point\n  1. détail\n  2. autre détail\n")
        parts.append("| Action | Pilote | Budget | Statut |\n|:--|:--|--:|:-:|\n")
        parts.extend(
            f"| Action {n}.{r} | Service {r} | {r * 1000} € | en cours |\n" for r in range(4)
        )
        parts.append("\n> Une citation d'élu pour conclure la partie.\n")
        parts.append(f"\n[^n{n}]: Source de la partie {n + 1}.\n")
    return "\n".join(parts)


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def tree(body: Body) -> Document:
    """The filtered document tree, as a build makes it for each output."""
    return run_filters(read(body), FilterContext(BlockContext(Referentiel()), BLOCKS))


def render_docx(document: Document) -> bytes:
    docx_document = docx.Document(io.BytesIO(TEMPLATE))
    anchor = next(p._p for p in docx_document.paragraphs if "{{ corps }}" in p.text)
    target = DocxTarget(docx_document, anchor)
    DocxWriter(target, document).write()
    target.finish()
    out = io.BytesIO()
    docx_document.save(out)
    return out.getvalue()


def main(runs: int = 15) -> None:
    text = long_body()
    words = len(text.split())
    tables = text.count("|:--|")
    body = parse(text)
    md = parser()
    baseline = median_ms(lambda: md.renderer.render(body.tokens, md.options, {}), runs)
    parse_ms = median_ms(lambda: parse(text), runs)
    tree_ms = median_ms(lambda: tree(body), runs)
    html_ms = median_ms(lambda: render_body(tree(body)), runs) - tree_ms
    docx_ms = median_ms(lambda: render_docx(tree(body)), runs) - tree_ms
    empty_ms = median_ms(lambda: render_docx(Document([])), runs)
    print(f"corps : {words} mots, {tables} tableaux ; médiane sur {runs} essais")
    print(f"analyse Markdown (une fois pour les deux formats) : {parse_ms:7.1f} ms")
    print(f"arbre du document et filtres (une fois)         : {tree_ms:7.1f} ms")
    print(
        f"rendu HTML                 : {html_ms:7.1f} ms  = {html_ms / baseline:5.1f} × "
        f"le rendu HTML brut de markdown-it ({baseline:.1f} ms), "
        f"{html_ms / BUDGET_MS:4.2f} × le budget de {BUDGET_MS:.0f} ms"
    )
    print(
        f"rendu DOCX (corps seul)    : {docx_ms - empty_ms:7.1f} ms  = "
        f"{(docx_ms - empty_ms) / BUDGET_MS:4.2f} × le budget de {BUDGET_MS:.0f} ms "
        f"(+ {empty_ms:.1f} ms d'ouverture et d'enregistrement du gabarit)"
    )
    total = parse_ms + tree_ms + html_ms + docx_ms - empty_ms  # one tree serves both formats
    print(f"total, du texte aux deux corps                  : {total:7.1f} ms")
    if docx_ms - empty_ms > BUDGET_MS or html_ms > BUDGET_MS:
        print("AU-DELÀ DU BUDGET", file=sys.stderr)


if __name__ == "__main__":
    main()
