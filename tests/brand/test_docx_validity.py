"""Every sample DOCX is valid against the OOXML schema (ECMA-376), not merely tolerated, and
uses only styles its template defines (a localised Word must not fall back to defaults)."""

from __future__ import annotations

import pytest
from openxml_audit import OpenXmlValidator

from tests.conftest import Built
from tests.helpers import W, docx_xml

STEMS = [
    "formation",
    "diagnostic-flash",
    "note-strategique",
    "plan-actions",
    "kit-relations",
    "cadre-evaluation",
    "kit-communication",
]


@pytest.mark.parametrize("stem", STEMS)
def test_docx_is_schema_valid(built: Built, stem: str) -> None:
    result = OpenXmlValidator().validate(str(built.docx(stem)))
    assert result.is_valid, [str(getattr(e, "description", e)) for e in result.errors][:10]


def test_the_validator_catches_the_element_order_pandoc_gets_wrong(
    built: Built, tmp_path: pytest.TempPathFactory
) -> None:
    """pandoc 2.17 wrote w:pStyle after w:numPr; make sure such a file would fail here."""
    import io
    import re
    import zipfile

    source = zipfile.ZipFile(built.docx("formation"))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = re.sub(
                    rb'<w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr>(.*?)</w:numPr>',
                    rb'<w:pPr><w:numPr>\1</w:numPr><w:pStyle w:val="ListParagraph"/>',
                    data,
                    count=1,
                )
            target.writestr(info, data)
    path = tmp_path / "casse.docx"  # type: ignore[operator]
    path.write_bytes(broken.getvalue())
    assert not OpenXmlValidator().validate(str(path)).is_valid


@pytest.mark.parametrize("stem", STEMS)
def test_every_style_used_is_defined(built: Built, stem: str) -> None:
    path = built.docx(stem)
    styles = docx_xml(path, "word/styles.xml")
    defined = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")}
    used = set()
    for part in ("word/document.xml", "word/footnotes.xml"):
        try:
            root = docx_xml(path, part)
        except KeyError:
            continue
        for tag in ("pStyle", "rStyle", "tblStyle"):
            used |= {e.get(f"{W}val") for e in root.iter(f"{W}{tag}")}
    assert used - defined == set()
