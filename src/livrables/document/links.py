"""How a link names another deliverable of the mission: its Markdown file, beside this one."""

from __future__ import annotations

import re
from urllib.parse import unquote

SOURCE_LINK = re.compile(r"^(?:\./)?([A-Za-z0-9][A-Za-z0-9._-]*)\.md(#[^#\s]*)?$")


def deliverable_of(href: str) -> tuple[str, str] | None:
    """(stem, fragment) when `href` names a deliverable's Markdown file beside this one."""
    found = SOURCE_LINK.match(unquote(href.strip()))
    return (found.group(1), found.group(2) or "") if found else None
