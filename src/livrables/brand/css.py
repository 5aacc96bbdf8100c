"""The brand as CSS custom properties, shared by every HTML output."""

from __future__ import annotations

import base64

from livrables.brand.fonts import FontFace
from livrables.brand.marque import Marque
from livrables.caches import ARGUMENTS, process_cache


def css_variables(marque: Marque) -> str:
    c = marque.couleurs
    return (
        ":root {\n"
        f"  --couleur-primaire: {c.primaire};\n"
        f"  --couleur-secondaire: {c.secondaire};\n"
        f"  --couleur-accent: {c.accent};\n"
        f"  --couleur-texte: {c.texte};\n"
        f"  --couleur-fond: {c.fond};\n"
        f"  --couleur-entete-tableau: {marque.entete_tableau};\n"
        f"  --police-titres: {marque.polices.titres.css()};\n"
        f"  --police-texte: {marque.polices.texte.css()};\n"
        "}\n"
    )


def font_face_css(faces: list[FontFace]) -> str:
    """`@font-face` rules with each face inlined: the page needs nothing beside it."""
    return _font_face_css(tuple(faces))


@process_cache(ARGUMENTS, maxsize=8)  # the fonts' bytes are its argument
def _font_face_css(faces: tuple[FontFace, ...]) -> str:
    rules = []
    for face in faces:
        data = base64.b64encode(face.data).decode("ascii")
        rules.append(
            "@font-face {\n"
            f'  font-family: "{face.family}";\n'
            f"  font-style: {'italic' if face.italic else 'normal'};\n"
            f"  font-weight: {700 if face.bold else 400};\n"
            "  font-display: swap;\n"
            f'  src: url("data:font/ttf;base64,{data}") format("truetype");\n'
            "}\n"
        )
    return "".join(rules)
