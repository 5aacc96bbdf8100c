"""Whatever a consultant types, both outputs open and keep every visible character, in order."""

from __future__ import annotations

import io
import os
import re
import string
import zipfile

import docx
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from livrables.content.source import clean_controls
from livrables.errors import ContentError
from tests.helpers import W, html_text
from tests.markdown.render import Rendered, render_both

SETTINGS = settings(
    max_examples=int(os.environ.get("LIVRABLES_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation character: the text then means itself.

    Leading indentation goes too: an indented line is a code block, where escapes are literal.
    """
    escaped = "".join("\\" + c if c in string.punctuation else c for c in text)
    return "\n".join(line.lstrip(" \t") for line in escaped.split("\n"))


def visible(text: str) -> list[str]:
    """What a reader sees: no spaces, nor the zero-width spaces a table cell's address gets
    where it may break (`metrics.breakable`: invisible by definition)."""
    return [c for c in text if not c.isspace() and c != "\u200b"]


def docx_visible(rendered: Rendered) -> list[str]:
    """The characters a reader sees in the DOCX: body text, then footnote texts."""
    out = io.BytesIO()
    rendered.document.save(out)
    data = out.getvalue()
    reopened = docx.Document(io.BytesIO(data))  # it re-opens
    assert reopened is not None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                etree.fromstring(archive.read(name))  # every part is well-formed XML
        notes = (
            archive.read("word/footnotes.xml")
            if "word/footnotes.xml" in archive.namelist()
            else None
        )
    roots = [*rendered.elements, *([etree.fromstring(notes)] if notes is not None else [])]
    return visible("".join(_text_without_note_numbers(root) for root in roots))


def _text_without_note_numbers(root: etree._Element) -> str:
    """A note cited twice shows its number as text the second time; HTML has it in a mark."""
    marks = f"{W}rPr/{W}rStyle[@{W}val='FootnoteReference']"
    return "".join(t.text or "" for t in root.iter(f"{W}t") if t.getparent().find(marks) is None)


def html_visible(rendered: Rendered) -> list[str]:
    """The characters a reader sees in the HTML, less the footnote call marks and back links."""
    html = re.sub(r'<sup class="footnote-ref">.*?</sup>', "", rendered.html)
    html = re.sub(r'<a href="#fnref[^"]*" class="footnote-backref">.*?</a>', "", html)
    return visible(html_text(html))


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_keeps_every_visible_character_in_both_formats(text: str) -> None:
    cleaned, _found = clean_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    rendered = render_both(escape_markdown(cleaned))
    expected = visible(re.sub(r"(?<=\w)'(?=\w)", "’", cleaned))
    assert docx_visible(rendered) == expected
    assert html_visible(rendered) == expected


MARKDOWN_PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "- ",
        "1. ",
        "3) ",
        "> ",
        "    ",
        "```\n",
        "~~~\n",
        "---\n",
        "***",
        "**",
        "*",
        "_",
        "__",
        "~~",
        "`",
        "``",
        "\\",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "&amp;",
        "&#0;",
        "&nbsp;",
        "!",
        "?",
        ";",
        ":",
        "'",
        '"',
        "«",
        "»",
        "|",
        "|---|---|\n",
        ":::",
        "::: ",
        "::: interne\n",
        "::: encadre\n",
        "::: a-retenir\n",
        "::: sommaire\n",
        ":::\n",
        "::: objectifs\n:::\n",
        "[^1]",
        "[^1]: note\n",
        "^[en ligne]",
        "\n",
        "\n\n",
        "  \n",
        "\t",
        "{{ x }}",
        "{% if %}",
        "<script>",
        "</p>",
        "https://example.org",
        "<https://a.fr>",
        "[lien](https://a.fr)",
        "[j](javascript:alert(1))",
        "[ancre](#titre)",
        '![carré](../images/carre.png "Titre")',
        "Terme\n:   définition\n",
        "é",
        "œ",
        "😀",
        "\u00a0",
        "mot",
        "Deux mots",
        "1 200 €",
        "\x0b",
        "\x0c",
        "\x01",
    ]
)


@SETTINGS
@given(st.lists(MARKDOWN_PIECES, max_size=40).map("".join))
def test_markdownish_input_opens_and_says_the_same_in_both_formats(markdown: str) -> None:
    cleaned, _found = clean_controls(markdown)
    try:
        rendered = render_both(cleaned)
    except ContentError:  # random "![x](y)": an image that does not exist, refused by design
        assume(False)
        return
    assert docx_visible(rendered) == html_visible(rendered)
