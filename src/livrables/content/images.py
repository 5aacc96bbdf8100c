"""Finding a deliverable's images: inside the mission folder only, in a format Word can embed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from docx.image.image import Image as DocxImage

from livrables.content.source import check_regular_file
from livrables.errors import ContentError

SUPPORTED = {".png", ".jpg", ".jpeg", ".gif", ".bmp"}
MAX_IMAGE_BYTES = 20 * 1024 * 1024
_MAGIC = {  # what a file of each format starts with
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"BM": "BMP",
}
_FORMAT_OF = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".bmp": "BMP"}


class ImageError(ValueError):
    """Why an image cannot be used, in French."""


def find_image(src: str, document_dir: Path, mission_root: Path, validate: bool = True) -> Path:
    """The file `src` names, looked up beside the deliverable then at the mission's root;
    `validate=False` once the load checked its content (a build finds it again, no more)."""
    name = unquote(src.strip())
    if not name:
        raise ImageError("image sans chemin")
    if ":" in name.split("/")[0] or name.startswith("//"):
        raise ImageError(
            f"image « {name} » : les images distantes ne sont pas permises, placez le fichier "
            "dans le dossier images/ de la mission"
        )
    if Path(name).is_absolute():
        raise ImageError(f"image « {name} » : chemin absolu interdit, écrivez images/…")
    root = mission_root.resolve()
    candidates = [(base / name).resolve() for base in (document_dir, mission_root)]
    inside = [c for c in candidates if c.is_relative_to(root)]  # links are followed first
    if not inside:
        raise ImageError(f"image « {name} » : le chemin sort du dossier de la mission")
    found = next((c for c in inside if c.is_file()), None)
    if found is None:
        raise ImageError(
            f"image « {name} » introuvable (chemin relatif à la mission, par "
            "exemple images/carte.png)"
        )
    if found.suffix.lower() not in SUPPORTED:
        raise ImageError(
            f"image « {name} » : format « {found.suffix} » non pris en charge par Word, "
            "utilisez PNG ou JPEG"
        )
    problem = image_problem(found) if validate else None
    if problem:
        raise ImageError(f"image « {name} » : {problem}")
    return found


def image_problem(path: Path) -> str | None:
    """Why Word could not embed this picture: too large, not what its name says, unreadable.
    The size comes from `stat`; only the first bytes and the header are read."""
    try:
        size = check_regular_file(path)
    except ContentError as exc:
        return exc.diagnostics[0].message
    if size > MAX_IMAGE_BYTES:
        return f"fichier trop volumineux ({size // (1024 * 1024)} Mo, au plus 20 Mo)"
    with path.open("rb") as handle:
        head = handle.read(16)
    actual = next((kind for magic, kind in _MAGIC.items() if head.startswith(magic)), None)
    expected = _FORMAT_OF[path.suffix.lower()]
    if actual is None:
        return "fichier illisible ou abîmé (ce n'est pas une image PNG, JPEG, GIF ou BMP)"
    if actual != expected:
        return f"le fichier est une image {actual} nommée « {path.suffix} » : renommez-le"
    try:
        DocxImage.from_file(str(path))
    except Exception:  # python-docx raises many kinds on a broken header
        return "image abîmée : ses dimensions ne peuvent pas être lues"
    return None
