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

    def __init__(
        self, stream: Any, replace: dict[str, bytes] | None = None, stored: bool = False
    ) -> None:
        self.zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)
        self.replace = replace or {}
        self.stored = stored  # a package only read back in memory: nothing to deflate

    def write(self, pack_uri: Any, blob: bytes) -> None:
        name = pack_uri.membername
        data = self.replace.get(name, blob)
        if self.stored:
            info = fixed_entry(name)
            info.compress_type = zipfile.ZIP_STORED
            self.zip.writestr(info, data)
            return
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
    exactly as zipfile compresses them (same zlib settings: the same bytes). A part is kept
    from its second appearance on; of the others only a checksum is remembered."""

    LIMIT = 48 * 1024 * 1024  # bytes of parts kept (their data and its deflated form)

    def __init__(self) -> None:
        self.seen: set[tuple[int, int]] = set()  # (length, CRC-32) of the parts met once
        self.done: dict[bytes, bytes] = {}
        self.size = 0

    def get(self, data: bytes) -> bytes | None:
        found = self.done.get(data)
        if found is not None:
            return found
        mark = (len(data), zlib.crc32(data))
        if mark not in self.seen:
            if len(self.seen) < 100_000:
                self.seen.add(mark)
            return None
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        compressed = compressor.compress(data) + compressor.flush()
        if self.size + len(data) + len(compressed) <= self.LIMIT:
            self.done[data] = compressed
            self.size += len(data) + len(compressed)
        return compressed


class _Done:
    """A compressor whose work is already done: zipfile writes its result as the entry."""

    def __init__(self, compressed: bytes) -> None:
        self.compressed = compressed

    def compress(self, data: bytes) -> bytes:
        result, self.compressed = self.compressed, b""
        return result

    def flush(self) -> bytes:
        return b""


_WORTH_KEEPING = 512  # parts smaller than this deflate in no time (a theme, a logo do not)
_DEFLATED = _DeflateCache()
