"""Typst source from untrusted text: every text the content holds reaches Typst as a string
literal (`#"…";`), never as markup or code, so no character of it can open a function call, a
heading, a comment or a label. Only `\\` and `"` need escaping in a string; control characters
are dropped (a PDF/A file may not draw them), a tab is a space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_IN_STRING = re.compile(r'[\\"\n\r]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\n"}


def clean(text: str) -> str:
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\t", " "))


def string(text: str) -> str:
    """A Typst string literal holding exactly `text` (for code positions: `alt: "…"`)."""
    return '"' + _IN_STRING.sub(lambda m: _ESCAPES[m.group(0)], clean(text)) + '"'


def text(value: str) -> str:
    """Text in markup, printed as it is (the `;` ends the expression: what follows it in the
    markup is never read as a method call on it)."""
    if not value:
        return ""
    return f"#{string(value)};"


def lines(value: str) -> str:
    """Text whose line breaks are kept (a cell listing items, one a line)."""
    return "#linebreak();".join(text(part) for part in value.split("\n"))


def content(parts: Iterable[str]) -> str:
    """A content block `[…]`."""
    return "[" + "".join(parts) + "]"


def array(items: Iterable[str]) -> str:
    """A Typst array of code items: `(a, b,)` (the trailing comma makes one item an array)."""
    return "(" + "".join(f"{item}, " for item in items) + ")"
