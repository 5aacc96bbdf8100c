"""The firm's Word template made ready once per process, and saved reproducibly.

Every DOCX of a build starts from the same template with the same brand: its styles (92 % of
the template's bytes), theme colours and fonts, and the brand's embedded fonts are the same
for all of them. They are applied once (`prepared_template`), the package opened again with its
styles kept as bytes (`styles_as_bytes`), and each document starts from a copy of it: styles
are neither parsed nor serialised again, and `packages.py` deflates them once. The documents
are byte for byte what applying the brand to each one gave.
"""

from __future__ import annotations

import copy
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import docx
from docx.opc.constants import CONTENT_TYPE
from docx.opc.part import Part, PartFactory
from docx.opc.pkgwriter import PackageWriter

from livrables.brand.fonts import FontFace
from livrables.brand.marque import Marque
from livrables.brand.word import apply_brand
from livrables.caches import ARGUMENTS, Store
from livrables.packages import FixedTimeZip
from livrables.writers.docx.fonts import embed_fonts

# templates prepared per process (missions may override the template), by all they are made of
_PREPARED: Store[tuple[object, ...], Any] = Store("docx.prepared._PREPARED", ARGUMENTS, 8)


def prepared_template(template: bytes, marque: Marque, fonts: list[FontFace]) -> Any:
    """The template with the brand's styles, theme fonts and embedded fonts applied, saved and
    opened again with its styles as bytes: made once per process and shared, never changed
    (a document starts from `prepared_copy`)."""
    faces = tuple((f.family, f.face, len(f.data), zlib.crc32(f.data)) for f in fonts)
    key = (template, marque.model_dump_json(), faces)
    found = _PREPARED.get(key)
    if found is None:
        document = docx.Document(io.BytesIO(template))
        apply_brand(document, marque)
        embed_fonts(document, fonts)
        prepared = save_reproducibly(document, {}, stored=True)
        with styles_as_bytes():
            found = _PREPARED.put(key, docx.Document(io.BytesIO(prepared)))
    return found


def prepared_copy(template: bytes, marque: Marque, fonts: list[FontFace]) -> Any:
    """A document to write into: a deep copy of the prepared template (lxml copies the parts'
    trees in C), a third of the time of reading the package again. The parts kept as bytes
    (styles, fonts, theme, font table…) are never changed by a document: shared, not copied
    (half the copy's time)."""
    prepared = prepared_template(template, marque, fonts)
    shared = {id(part): part for part in prepared.part.package.iter_parts() if type(part) is Part}
    return copy.deepcopy(prepared, shared)


def _bytes_only(content_type: str, reltype: str) -> type[Part] | None:
    return Part if content_type == CONTENT_TYPE.WML_STYLES else None


@contextmanager
def styles_as_bytes() -> Iterator[None]:
    """Packages opened here keep their styles part as bytes (python-docx's documented
    `part_class_selector` hook): nothing reads or changes styles once the brand is applied."""
    factory: Any = PartFactory
    previous = factory.part_class_selector
    factory.part_class_selector = _bytes_only
    try:
        yield
    finally:
        factory.part_class_selector = previous


def save_reproducibly(document: Any, replace: dict[str, bytes], stored: bool = False) -> bytes:
    """Save as python-docx does (same entries, same order), without the clock in the zip;
    `replace` swaps the content of some entries; `stored`: not deflated (read back in
    memory only)."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = FixedTimeZip(out, replace, stored)
    steps: Any = PackageWriter  # python-docx's own steps, fed our writer (untyped upstream)
    steps._write_content_types_stream(writer, parts)
    steps._write_pkg_rels(writer, package.rels)
    steps._write_parts(writer, parts)
    writer.close()
    return out.getvalue()
