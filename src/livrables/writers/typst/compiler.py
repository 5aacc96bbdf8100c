"""One Typst compilation: the document of a scratch root with the brand's fonts only, as
PDF/A-2a and PDF/UA-1, dated as asked (never by the clock). Run in the build's process, or in
`python -m livrables.writers.typst.compiler --serve` (jobs as JSON lines on its input) for a
forked child whose parent's compiler already runs (its threads are not the child's)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

STANDARDS: list[Any] = ["a-2a", "ua-1"]


def compile_job(job: dict[str, Any]) -> dict[str, Any]:
    """One compilation: {"pdf": bytes, "warnings": [...]} or {"message", "diagnostic"}."""
    import typst  # the compiler: imported by the processes that make PDFs

    try:
        pdf, warnings = typst.compile_with_warnings(
            str(Path(job["root"]) / "document.typ"),
            root=job["root"],
            font_paths=_typst_fonts(tuple(job["fonts"]), bool(job.get("builtin"))),
            sys_inputs={"meta": job["meta"]},
            pdf_standards=STANDARDS,
            timestamp=dt.datetime.fromtimestamp(job["timestamp"], dt.UTC),
        )
    except typst.TypstError as exc:
        return {"message": str(exc.message), "diagnostic": str(exc.diagnostic or "")}
    return {"pdf": pdf, "warnings": [str(w.message) for w in warnings]}


def _typst_fonts(folders: tuple[str, ...], builtin: bool) -> Any:
    """Typst's fonts: the brand's files only, no system font, none of Typst's own (unless the
    brand gives no file at all)."""
    import typst

    return typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=builtin, font_paths=list(folders)
    )


def serve() -> None:
    """One job a line on the input, one answer a line on the output, until the input ends."""
    for line in sys.stdin.buffer:
        answer = compile_job(json.loads(line))
        if "pdf" in answer:
            answer["pdf"] = base64.b64encode(answer["pdf"]).decode("ascii")
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
