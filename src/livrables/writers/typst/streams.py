"""One ambiguity of the PDF files Typst writes, removed: a stream whose (compressed) data ends
with a carriage return is followed by a line feed and `endstream`, and a reader may take that
CR LF for the end-of-line marker, one byte before the data's end (PDF/A validators then report
a /Length that does not match: about one PDF in ten). The marker is made a CR LF of its own,
which no reader can misread, and the cross-reference table follows the bytes that moved.
"""

from __future__ import annotations

import re

AMBIGUOUS = b"\r\nendstream"
_XREF = re.compile(rb"\nxref\n(\d+) (\d+)\n")
_START = re.compile(rb"\nstartxref\n(\d+)\n%%EOF(\s*)$")


def unambiguous(pdf: bytes) -> bytes:
    """`pdf` with a CR LF before `endstream` wherever its data ends with a CR; unchanged when
    none does, or when its cross-reference is not the one table Typst writes."""
    moved = [m.start() for m in re.finditer(re.escape(AMBIGUOUS), pdf)]
    xref = list(_XREF.finditer(pdf))
    start = _START.search(pdf)
    if not moved or len(xref) != 1 or start is None:
        return pdf
    table = xref[0]
    if any(position > table.start() for position in moved):
        return pdf  # a stream after the table: not Typst's layout
    out = bytearray()
    last = 0
    for position in moved:  # the CR is the data's; the LF after it, the marker: CR LF now
        out += pdf[last : position + 1] + b"\r"
        last = position + 1
    out += pdf[last : table.start()]

    def shifted(offset: int) -> int:
        return offset + sum(1 for position in moved if position < offset)

    count = int(table.group(2))
    entries_start = table.end()
    out += table.group(0)
    for index in range(count):
        entry = pdf[entries_start + 20 * index : entries_start + 20 * (index + 1)]
        offset, generation, kind = entry[:10], entry[11:16], entry[17:18]
        if kind == b"n":
            entry = b"%010d %s n" % (shifted(int(offset)), generation) + entry[18:]
        out += entry
    rest = pdf[entries_start + 20 * count : start.start()]
    out += rest + b"\nstartxref\n%d\n%%%%EOF" % shifted(int(start.group(1))) + start.group(2)
    return bytes(out)
