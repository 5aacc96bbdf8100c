"""Finding a deliverable's images: inside the mission folder only, in a format Word can embed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

SUPPORTED = {".png", ".jpg", ".jpeg", ".gif", ".bmp"}


class ImageError(ValueError):
    """Why an image cannot be used, in French."""


def find_image(src: str, document_dir: Path, mission_root: Path) -> Path:
    """The file `src` names, looked up beside the deliverable then at the mission's root."""
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
    return found
