"""Zip packages: parts deflated once per process give the bytes zipfile itself writes."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from livrables import packages
from livrables.packages import FixedTimeZip, fixed_entry


class _Uri:
    def __init__(self, name: str) -> None:
        self.membername = name


def _ours(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    writer = FixedTimeZip(out)
    for name, data in entries:
        writer.write(_Uri(name), data)
    writer.close()
    return out.getvalue()


def _zipfile(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            target.writestr(fixed_entry(name), data)
    return out.getvalue()


PARTS = st.one_of(
    st.binary(max_size=3000),  # random: barely compressible, like a logo
    st.text(alphabet="<w:p>abc é", max_size=4000).map(str.encode),  # XML-like
)


@settings(max_examples=60, deadline=None)
@given(st.lists(PARTS, min_size=1, max_size=6))
def test_packages_are_what_zipfile_writes_however_often_a_part_recurs(
    parts: list[bytes],
) -> None:
    entries = [(f"word/p{index}.xml", data) for index, data in enumerate(parts)]
    for _ in range(3):  # met once, then deflated and kept, then taken from the cache
        assert _ours(entries) == _zipfile(entries)
        assert _ours(list(reversed(entries))) == _zipfile(list(reversed(entries)))


def test_small_shared_parts_are_deflated_once() -> None:
    theme = b"<a:theme>" + b"<a:srgbClr val='1F4E79'/>" * 200 + b"</a:theme>"
    assert len(theme) < 16 * 1024  # a theme, a logo: small, but not free to deflate
    for _ in range(3):
        _ours([("word/theme/theme1.xml", theme)])
    assert theme in packages._DEFLATED.done
