"""The brand as CSS custom properties, shared by every HTML output."""

from __future__ import annotations

from livrables.brand.marque import Marque


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
