"""Page layout in Word: a wide table gets a landscape page that keeps headers and footers."""

from __future__ import annotations

from tests.conftest import Built
from tests.helpers import W, docx_xml


def sections(built: Built, stem: str) -> list:  # type: ignore[type-arg]
    body = docx_xml(built.docx(stem)).find(f"{W}body")
    assert body is not None
    return [*body.iter(f"{W}sectPr")]


def test_wide_table_gets_a_landscape_page_with_headers_and_footers(built: Built) -> None:
    sects = sections(built, "plan-actions")
    orientations = [s.find(f"{W}pgSz").get(f"{W}orient") for s in sects]
    assert orientations == [None, "landscape", None]  # cover and text, the table, the rest
    for sect in sects:
        kinds = {
            (r.tag.split("}")[1], r.get(f"{W}type"))
            for r in sect
            if r.tag in {f"{W}headerReference", f"{W}footerReference"}
        }
        assert ("headerReference", "default") in kinds and ("footerReference", "default") in kinds
    # only the cover's section has a distinct (empty) first page
    assert [s.find(f"{W}titlePg") is not None for s in sects] == [True, False, False]
    landscape = sects[1].find(f"{W}pgSz")
    assert int(landscape.get(f"{W}w")) > int(landscape.get(f"{W}h"))


def test_narrow_documents_stay_portrait(built: Built) -> None:
    sects = sections(built, "note-strategique")
    assert len(sects) == 1 and sects[0].find(f"{W}titlePg") is not None
    assert sects[0].find(f"{W}pgSz").get(f"{W}orient") is None


def test_header_and_footer_say_client_title_diffusion_and_page(built: Built) -> None:
    header = docx_xml(built.docx("plan-actions"), "word/header1.xml")
    footer_text = ""
    for name in ("word/footer1.xml", "word/footer2.xml"):
        root = docx_xml(built.docx("plan-actions"), name)
        footer_text += "".join(t.text or "" for t in root.iter(f"{W}t"))
        footer_text += "".join(i.text or "" for i in root.iter(f"{W}instrText"))
    header_text = "".join(t.text or "" for t in header.iter(f"{W}t"))
    assert "Communauté de communes du Pays de Valbrune" in header_text
    assert "Plan d’actions 2027-2029 de la stratégie internationale" in header_text
    assert "Diffusion\u00a0: client" in footer_text and "PAGE" in footer_text
    assert "Horizons Territoires — conseil aux collectivités" in footer_text  # pied_de_page
    assert "NUMPAGES" in footer_text
