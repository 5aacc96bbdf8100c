"""What a renderer needs to know besides the tokens: where images live, internal or client."""

from __future__ import annotations

import base64
import mimetypes
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:", "ftp://")


@dataclass
class RenderEnv:
    mission_root: Path | None = None  # images are looked up under it
    document_dir: Path | None = None  # the deliverable's folder, for relative image paths
    interne: bool = False  # show `::: interne` notes, marked
    bookmarks: dict[str, str] = field(default_factory=dict)  # heading id -> Word bookmark
    figures: int = 0  # captions numbered so far (HTML; the DOCX target keeps its own)


def data_uri(path: Path) -> str:
    """A file as a `data:` URI, so an HTML page needs nothing beside it."""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def safe_url(url: str) -> str | None:
    """The URL if a reader may follow it; None for `javascript:` and other schemes."""
    stripped = url.strip()
    lowered = re.sub(r"[\x00-\x20]", "", stripped).lower()
    if lowered.startswith("#") or lowered.startswith(SAFE_SCHEMES):
        return stripped
    if ":" not in lowered.split("/")[0]:  # relative link: no scheme at all
        return stripped
    return None


def bookmark_name(slug: str, index: int) -> str:
    """Word bookmark names: a letter first, letters/digits/underscores, 40 characters at most."""
    ascii_slug = unicodedata.normalize("NFKD", slug).encode("ascii", "ignore").decode()
    ascii_slug = re.sub(r"[^A-Za-z0-9]+", "_", ascii_slug).strip("_")
    return f"h{index}_{ascii_slug}"[:40]
