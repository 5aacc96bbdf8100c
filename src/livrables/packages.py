"""Zip packages written reproducibly: every entry dated 1980 (never the clock), and the large
parts every document of a build shares deflated once per process.

DOCX and PPTX are zip packages; python-docx's and python-pptx's package writers are fed
`FixedTimeZip`; `envoyer`'s archives use `fixed_entry`.
"""

from __future__ import annotations

import zipfile
import zlib
from typing import Any

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # every zip entry's date: the same inputs, the same bytes


def fixed_entry(name: str) -> zipfile.ZipInfo:
    """A deflated zip entry dated FIXED_ZIP_TIME (never the clock)."""
    info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


class FixedTimeZip:
    """The zip writer python-docx's and python-pptx's package writers are fed (`write(pack_uri,
    blob)`), each entry dated FIXED_ZIP_TIME and compressed once; `replace` swaps the content of
    some entries."""

    def __init__(self, stream: Any, replace: dict[str, bytes] | None = None) -> None:
        self.zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)
        self.replace = replace or {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        name = pack_uri.membername
        data = self.replace.get(name, blob)
        compressed = _DEFLATED.get(data) if len(data) >= _WORTH_KEEPING else None
        if compressed is None:
            self.zip.writestr(fixed_entry(name), data)
            return
        with self.zip.open(fixed_entry(name), "w") as handle:
            stream: Any = handle  # zipfile's writer: its compressor is swapped for the result
            if hasattr(stream, "_compressor"):
                stream._compressor = _Done(compressed)
            stream.write(data)  # size and CRC counted on the data, as always

    def close(self) -> None:
        self.zip.close()


class _DeflateCache:
    """The deflated bytes of the large parts every document of a build shares (the branded
    styles, the fonts, the theme): compressed once per process instead of once per document,
    exactly as zipfile compresses them (same zlib settings: the same bytes)."""

    LIMIT = 64 * 1024 * 1024  # bytes of parts kept

    def __init__(self) -> None:
        self.seen: dict[bytes, int] = {}  # parts met once: kept when met again
        self.done: dict[bytes, bytes] = {}
        self.size = 0

    def get(self, data: bytes) -> bytes | None:
        found = self.done.get(data)
        if found is not None:
            return found
        if data not in self.seen:
            if self.size + len(data) <= self.LIMIT:
                self.seen[data] = len(data)
                self.size += len(data)
            return None
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        self.done[data] = compressor.compress(data) + compressor.flush()
        return self.done[data]


class _Done:
    """A compressor whose work is already done: zipfile writes its result as the entry."""

    def __init__(self, compressed: bytes) -> None:
        self.compressed = compressed

    def compress(self, data: bytes) -> bytes:
        result, self.compressed = self.compressed, b""
        return result

    def flush(self) -> bytes:
        return b""


_WORTH_KEEPING = 16 * 1024  # smaller parts compress in no time
_DEFLATED = _DeflateCache()
