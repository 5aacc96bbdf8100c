"""The brand's fonts embedded in the DOCX (ECMA-376 §17.8.1): each face an obfuscated part
related to the font table, so Word shows the brand's face on a PC that does not have it."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from livrables import ooxml
from livrables.brand.fonts import FontFace

FONT_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_EMBED = {
    "regulier": "w:embedRegular",
    "gras": "w:embedBold",
    "italique": "w:embedItalic",
    "gras_italique": "w:embedBoldItalic",
}
# the settings that come before w:embedTrueTypeFonts in the schema's order
_BEFORE = {
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
}


def font_key(face: FontFace) -> str:
    """A GUID fixed by the face (the same inputs give the same bytes)."""
    digest = hashlib.sha256(f"{face.family}/{face.face}".encode() + face.data[:64]).digest()
    return "{" + str(uuid.UUID(bytes=digest[:16])).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the GUID's 16 bytes, in reverse order (§17.8.1)."""
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ guid[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def embed_fonts(document: Any, faces: list[FontFace]) -> None:
    if not faces:
        return
    table_part = document.part.part_related_by(RT.FONT_TABLE)
    xml_part = isinstance(table_part, XmlPart)
    table = table_part.element if xml_part else parse_xml(table_part.blob)
    package = document.part.package
    by_family: dict[str, list[FontFace]] = {}
    for face in faces:
        by_family.setdefault(face.family, []).append(face)
    for number, (family, family_faces) in enumerate(by_family.items(), 1):
        font = _font_element(table, family)
        for index, face in enumerate(family_faces):
            key = font_key(face)
            name = PackURI(f"/word/fonts/font{number}-{index + 1}.odttf")
            part = Part(name, FONT_CONTENT_TYPE, obfuscate(face.data, key), package)
            rel_id = table_part.relate_to(part, RT.FONT)
            element = ooxml.el(_EMBED[face.face], fontKey=key, subsetted="1")
            element.set(qn("r:id"), rel_id)
            font.append(element)
    if not xml_part:
        table_part._blob = serialize_part_xml(table)
    _settings(document)


def _font_element(table: Any, family: str) -> Any:
    """The font table's entry for `family`, emptied of earlier embeddings (made if missing)."""
    for font in table.iterchildren(qn("w:font")):
        if font.get(qn("w:name")) == family:
            for child in list(font):
                if _local(child).startswith("embed"):
                    font.remove(child)
            return font
    return ooxml.sub(table, "w:font", name=family)


def _settings(document: Any) -> None:
    settings = document.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is not None:
        return
    position = 0
    for index, child in enumerate(settings):
        if _local(child) in _BEFORE:
            position = index + 1
    settings.insert(position, ooxml.el("w:saveSubsetFonts"))
    settings.insert(position, ooxml.el("w:embedTrueTypeFonts"))


def _local(element: Any) -> str:
    return str(element.tag).rsplit("}", 1)[-1]
