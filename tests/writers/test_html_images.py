"""Pictures in an HTML page: embedded, with a media type that does not depend on the machine."""

from __future__ import annotations

import mimetypes
from pathlib import Path

import pytest

from livrables.content.images import SUPPORTED
from livrables.writers.html.body import data_uri


def test_every_accepted_picture_is_embedded_with_its_media_type_whatever_the_system_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mimetypes, "guess_type", lambda *a, **k: ("image/x-png", None))
    for suffix in sorted(SUPPORTED) + [".PNG", ".svg"]:
        picture = tmp_path / f"logo{suffix}"
        picture.write_bytes(b"\x89PNG")
        uri = data_uri(picture)
        expected = {".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg+xml"}.get(
            suffix.lower(), suffix.lower()[1:]
        )
        assert uri == f"data:image/{expected};base64,iVBORw=="
