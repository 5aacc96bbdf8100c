"""Two languages side by side in the page (`bilingue:`): a grid of two columns, a row per block,
each column with its `lang` (and `dir` for Arabic); the other language's ids made its own."""

from __future__ import annotations

import re
from typing import Any

from livrables.document.nodes import Side
from livrables.i18n import written_in

_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCES = re.compile(r'(\b(?:id|headers|for|aria-labelledby|aria-describedby)=")([^"]*)"')


def draw_side(writer: Any, node: Side) -> None:
    """`writer`: the page's HtmlWriter (its `emit`, `blocks` and `out`)."""
    right_dir = ' dir="rtl"' if node.right_rtl else ""
    kind = "bilingue-pleine-largeur" if node.stacked else "bilingue"
    writer.emit(f'<div class="{kind}">\n')
    for left, right in node.rows:
        writer.emit(f'<div class="langue" lang="{node.left_lang}">\n')
        writer.blocks(left)
        writer.emit(f'</div>\n<div class="langue" lang="{node.right_lang}"{right_dir}>\n')
        start = len(writer.out)
        with written_in(node.right_lang):
            writer.blocks(right)
        writer.out[start:] = [own_ids("".join(writer.out[start:]), node.right_lang)]
        writer.emit("</div>\n")
    writer.emit("</div>\n")


def own_ids(html: str, tag: str) -> str:
    """The other language's ids made its own (`les-premiers-pas-en-GB`): both columns hold the
    same headings, charts and tables, and an id is unique in a page. Only the references to
    ids defined in the fragment change."""
    ids = set(_ID.findall(html))
    if not ids:
        return html
    suffix = f"-{tag}"

    def renamed(match: re.Match[str]) -> str:
        words = [w + suffix if w in ids else w for w in match.group(2).split(" ")]
        return f'{match.group(1)}{" ".join(words)}"'

    html = _REFERENCES.sub(renamed, html)
    names = "|".join(map(re.escape, sorted(ids, key=len, reverse=True)))
    pattern = re.compile(r'(href="#|url\(#)(' + names + r')([")])')
    return pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{suffix}{m.group(3)}", html)
