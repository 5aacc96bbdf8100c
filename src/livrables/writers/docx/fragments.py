"""WordprocessingML written as text and parsed once, for the parts of a body made of many
small elements (a data table holds hundreds): lxml makes an element from Python in a few
microseconds, and parses thousands in the time of a few hundred. The text is exactly what
`ooxml` builds element by element (same elements, attributes in the same order), so the
saved document is the same, byte for byte."""

from __future__ import annotations

from typing import Any

from docx.oxml import parse_xml

from livrables.caches import PURE, process_cache
from livrables.ooxml import W_NS, clean_text

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)


def attr(value: object) -> str:
    return str(value).translate(_ATTR)


def tag(name: str, **attrs: object) -> str:
    """An empty element: tag("jc", val="center") -> '<w:jc w:val="center"/>'."""
    spelled = "".join(f' w:{key}="{attr(value)}"' for key, value in attrs.items())
    return f"<w:{name}{spelled}/>"


@process_cache(PURE)  # a table's cells share a few
def paragraph_properties(style: str | None, jc: str | None, keep_next: bool = False) -> str:
    """`ooxml.paragraph`'s properties (no list, no indent), in schema order."""
    if not (style or keep_next or jc):
        return ""
    return (
        "<w:pPr>"
        + (tag("pStyle", val=style) if style else "")
        + ("<w:keepNext/>" if keep_next else "")
        + (tag("jc", val=jc) if jc else "")
        + "</w:pPr>"
    )


def run(text: str, *, colour: str | None = None) -> tuple[str, str, int]:
    """`ooxml.run(text, colour=…)` as text, with what a measure of it needs: the run's
    visible text and its line breaks."""
    props = f"<w:rPr>{tag('color', val=colour.lstrip('#'))}</w:rPr>" if colour else ""
    text = clean_text(text)
    if "\n" not in text and "\t" not in text:  # most cells: one piece of text
        if not text:
            return f"<w:r>{props}</w:r>", "", 0
        space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
        return f"<w:r>{props}<w:t{space}>{text.translate(_TEXT)}</w:t></w:r>", text, 0
    pieces = []
    for index, line in enumerate(text.split("\n")):
        if index:
            pieces.append("<w:br/>")
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                pieces.append("<w:tab/>")
            if part:
                space = ' xml:space="preserve"' if part[0].isspace() or part[-1].isspace() else ""
                pieces.append(f"<w:t{space}>{part.translate(_TEXT)}</w:t>")
    visible = text.replace("\n", "").replace("\t", "")
    return f"<w:r>{props}{''.join(pieces)}</w:r>", visible, text.count("\n")


def parse(xml: str) -> Any:
    """One element written as text (its `w:` prefix declared here), as python-docx's
    classes."""
    head, _, rest = xml.partition(">")
    if head.endswith("/"):
        head, rest = head[:-1], "/>" + rest
    else:
        rest = ">" + rest
    return parse_xml(f'{head} xmlns:w="{W_NS}"{rest}')
