"""Generates `templates/powerpoint/diaporama.pptx`, the master of every slide deck.

Run `python -m livrables.brand.pptx_template templates/powerpoint/diaporama.pptx` after changing
it. A designer may then restyle it in PowerPoint (colours, fonts, positions of the placeholders):
the build reads its layouts by name (`LAYOUT_NAMES`) and places titles, text, tables, charts and
pictures in each layout's placeholders, wherever they are. The colours and fonts of the theme are
set again from `marque.yaml` at every build (`brand_theme`), as the Word styles are.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.oxml import parse_xml

from livrables.brand.marque import Marque, load_marque

# the slide kinds of `document/slides.py` -> the layout that draws them
LAYOUT_NAMES = {
    "titre": "Titre",
    "section": "Section",
    "contenu": "Contenu",
    "colonnes": "Deux colonnes",
    "image": "Image",
    "tableau": "Tableau",
    "graphique": "Graphique",
    "chiffres": "Chiffres clés",
    "citation": "Citation",
}
EMU_PER_INCH = 914400
SLIDE_WIDTH, SLIDE_HEIGHT = 12192000, 6858000  # 16:9, 33.87 × 19.05 cm
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
NSMAP = f'xmlns:a="{A_NS}" xmlns:p="{P_NS}"'
TITLE_PT, BODY_PT = 28, 20  # the sizes the overflow check measures with
LINE_SPACING = 1.15  # of the body text, as the master sets it (115 %)
SPACE_BEFORE_PT = 8  # before each paragraph of the body

# (x, y, w, h) in inches
TITLE_BOX = (0.6, 0.35, 12.13, 0.95)
BODY_BOX = (0.6, 1.6, 12.13, 5.05)
FOOTER_BOX = (0.6, 6.98, 9.5, 0.32)
NUMBER_BOX = (11.23, 6.98, 1.5, 0.32)


def _emu(inches: float) -> int:
    return round(inches * EMU_PER_INCH)


def _xfrm(box: tuple[float, float, float, float]) -> str:
    x, y, w, h = (_emu(v) for v in box)
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'


def _placeholder(
    shape_id: int,
    name: str,
    ph: str,
    box: tuple[float, float, float, float],
    prompt: str = "",
    style: str = "",
    anchor: str = "t",
) -> str:
    """A placeholder as a layout or the master declares it; `style` overrides its first level
    (an `a:lvl1pPr`)."""
    field = ""
    if 'type="sldNum"' in ph:
        field = (
            '<a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum">'
            '<a:rPr lang="fr-FR"/><a:t>‹#›</a:t></a:fld>'
        )
    text = field or (f'<a:r><a:rPr lang="fr-FR"/><a:t>{prompt}</a:t></a:r>' if prompt else "")
    return (
        f'<p:sp {NSMAP}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr>{_xfrm(box)}</p:spPr>"
        f'<p:txBody><a:bodyPr anchor="{anchor}"/>'
        f"<a:lstStyle>{style}</a:lstStyle><a:p>{text}</a:p></p:txBody></p:sp>"
    )


def _rect(shape_id: int, name: str, box: tuple[float, float, float, float], colour: str) -> str:
    return (
        f'<p:sp {NSMAP}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr/>'
        f'</p:nvSpPr><p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        "</p:spPr></p:sp>"
    )


def _level(size: int, colour: str = "", align: str = "", italic: bool = False) -> str:
    attrs = f' algn="{align}"' if align else ""
    fill = f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>' if colour else ""
    slant = ' i="1"' if italic else ""
    return (
        f'<a:lvl1pPr marL="0" indent="0"{attrs}><a:buNone/>'
        f'<a:defRPr sz="{size * 100}"{slant}>{fill}</a:defRPr></a:lvl1pPr>'
    )


TITLE = '<p:ph type="title"/>'
FOOTER = '<p:ph type="ftr" sz="quarter" idx="11"/>'
NUMBER = '<p:ph type="sldNum" sz="quarter" idx="12"/>'


def _body(idx: int, kind: str = "") -> str:
    typed = f' type="{kind}"' if kind else ""
    return f'<p:ph{typed} idx="{idx}"/>'


def _footer(first_id: int, colour: str = "tx1") -> list[str]:
    small = _level(12, colour)  # nothing under 12 pt on a slide
    right = _level(12, colour, "r")
    return [
        _placeholder(first_id, "Pied de page", FOOTER, FOOTER_BOX, style=small, anchor="ctr"),
        _placeholder(first_id + 1, "Numéro", NUMBER, NUMBER_BOX, style=right, anchor="ctr"),
    ]


def _layouts() -> dict[str, tuple[list[str], bool, str]]:
    """name -> (its shapes, whether the master's decoration shows, its background colour)."""
    half = (BODY_BOX[2] - 0.4) / 2
    left = (BODY_BOX[0], BODY_BOX[1], half, BODY_BOX[3])
    right = (BODY_BOX[0] + half + 0.4, BODY_BOX[1], half, BODY_BOX[3])
    content = _placeholder(3, "Contenu", _body(1), BODY_BOX, "Texte, tableau ou graphique")
    title = _placeholder(2, "Titre", TITLE, TITLE_BOX, "Titre de la diapositive", anchor="b")
    return {
        "Titre": (
            [
                _rect(2, "Bandeau", (0, 0, 0.35, 7.5), "tx2"),
                _rect(3, "Filet", (0.9, 3.72, 1.2, 0.06), "accent2"),
                _placeholder(
                    4,
                    "Titre",
                    '<p:ph type="ctrTitle"/>',
                    (0.9, 1.9, 11.4, 1.75),
                    "Titre du diaporama",
                    _level(40, "tx2"),
                    "b",
                ),
                _placeholder(
                    5,
                    "Sous-titre",
                    '<p:ph type="subTitle" idx="1"/>',
                    (0.9, 3.95, 11.4, 2.2),
                    "Sous-titre, collectivité, date",
                    _level(20, "tx1"),
                ),
                *_footer(6),
            ],
            False,
            "",
        ),
        "Section": (
            [
                _rect(2, "Filet", (0.9, 4.05, 1.2, 0.06), "accent2"),
                _placeholder(
                    3,
                    "Titre",
                    TITLE,
                    (0.9, 2.0, 11.4, 1.9),
                    "Titre de la partie",
                    _level(40, "bg1"),
                    "b",
                ),
                _placeholder(
                    4, "Texte", _body(1, "body"), (0.9, 4.3, 11.4, 1.6), "", _level(20, "bg1")
                ),
                *_footer(5, "bg1"),
            ],
            False,
            "tx2",
        ),
        "Contenu": ([title, content, *_footer(4)], True, ""),
        "Deux colonnes": (
            [
                title,
                _placeholder(3, "Colonne de gauche", _body(1), left, "Texte"),
                _placeholder(4, "Colonne de droite", _body(2), right, "Texte"),
                *_footer(5),
            ],
            True,
            "",
        ),
        "Image": ([title, content, *_footer(4)], True, ""),
        "Tableau": ([title, content, *_footer(4)], True, ""),
        "Graphique": ([title, content, *_footer(4)], True, ""),
        "Chiffres clés": ([title, content, *_footer(4)], True, ""),
        "Citation": (
            [
                title,
                _placeholder(
                    3,
                    "Citation",
                    _body(1, "body"),
                    (1.4, 2.0, 10.5, 3.6),
                    "« Une phrase entendue »",
                    _level(28, "tx2", "ctr", italic=True),
                    "ctr",
                ),
                *_footer(4),
            ],
            False,  # a quotation alone: no rule under an absent title
            "",
        ),
    }


def _text_styles() -> str:
    bullets = (("•", 20, 0.3, 0.0), ("–", 17, 0.3, 0.3), ("•", 15, 0.3, 0.6))
    levels = []
    for number, (char, size, indent, margin) in enumerate(bullets, 1):
        left, hang = _emu(margin + indent), _emu(indent)
        levels.append(
            f'<a:lvl{number}pPr marL="{left}" indent="-{hang}" algn="l">'
            f'<a:lnSpc><a:spcPct val="{int(LINE_SPACING * 100000)}"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{SPACE_BEFORE_PT * 100}"/></a:spcBef>'
            '<a:buClr><a:schemeClr val="accent2"/></a:buClr><a:buFont typeface="+mn-lt"/>'
            f'<a:buChar char="{char}"/><a:defRPr sz="{size * 100}">'
            '<a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/>'
            f"</a:defRPr></a:lvl{number}pPr>"
        )
    return (
        f"<p:txStyles {NSMAP}><p:titleStyle>"
        '<a:lvl1pPr algn="l"><a:lnSpc><a:spcPct val="90000"/></a:lnSpc><a:buNone/>'
        f'<a:defRPr sz="{TITLE_PT * 100}" b="1"><a:solidFill><a:schemeClr val="tx2"/>'
        '</a:solidFill><a:latin typeface="+mj-lt"/></a:defRPr></a:lvl1pPr></p:titleStyle>'
        f"<p:bodyStyle>{''.join(levels)}</p:bodyStyle>"
        '<p:otherStyle><a:lvl1pPr><a:defRPr sz="1400"><a:solidFill><a:schemeClr val="tx1"/>'
        '</a:solidFill><a:latin typeface="+mn-lt"/></a:defRPr></a:lvl1pPr></p:otherStyle>'
        "</p:txStyles>"
    )


def _replace_shapes(element: Any, shapes: list[str]) -> None:
    tree = element.find(f"{{{P_NS}}}cSld/{{{P_NS}}}spTree")
    for child in list(tree)[2:]:  # after nvGrpSpPr and grpSpPr
        tree.remove(child)
    for xml in shapes:
        tree.append(parse_xml(xml))


def _background(element: Any, colour: str) -> None:
    c_sld = element.find(f"{{{P_NS}}}cSld")
    for old in c_sld.findall(f"{{{P_NS}}}bg"):
        c_sld.remove(old)
    if colour:
        c_sld.insert(
            0,
            parse_xml(
                f'<p:bg {NSMAP}><p:bgPr><a:solidFill><a:schemeClr val="{colour}"/>'
                "</a:solidFill><a:effectLst/></p:bgPr></p:bg>"
            ),
        )


def build_template(path: Path, marque: Marque) -> None:
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    master = prs.slide_master
    _replace_shapes(
        master._element,
        [
            _rect(2, "Filet", (0.6, 1.38, 0.9, 0.05), "accent2"),
            _placeholder(3, "Titre", TITLE, TITLE_BOX, "Titre", anchor="b"),
            _placeholder(4, "Texte", _body(1, "body"), BODY_BOX, "Texte"),
            *_footer(5),
        ],
    )
    old = master._element.find(f"{{{P_NS}}}txStyles")
    old.getparent().replace(old, parse_xml(_text_styles()))
    layouts = list(prs.slide_layouts)
    specs = _layouts()
    for layout in layouts[len(specs) :]:
        prs.slide_layouts.remove(layout)
    for layout, (name, (shapes, decorated, background)) in zip(
        layouts, specs.items(), strict=False
    ):
        element = layout._element
        element.find(f"{{{P_NS}}}cSld").set("name", name)
        element.set("showMasterSp", "1" if decorated else "0")
        _background(element, background)
        _replace_shapes(element, shapes)
    theme = master.part.part_related_by(RT.THEME)
    theme._blob = brand_theme(theme.blob, marque)
    for default in prs.part._element.iter(f"{{{A_NS}}}defRPr"):  # French text, French PDF
        default.set("lang", "fr-FR")
    prs.core_properties.title = "Diaporama"
    prs.core_properties.author = marque.nom
    prs.save(str(path))


# The fonts a deck falls back on where the brand's are not installed: Windows' and macOS's own
# fonts of the same advance widths (Arimo is Arial's metric twin, Gelasio Georgia's, Carlito
# Calibri's …), named by `secours` in marque.yaml. PowerPoint matches a missing font by its
# PANOSE class and pitch: declaring the twin's keeps every line break `check` measured.
TWINS: dict[str, tuple[str, int]] = {  # name -> (PANOSE, pitch and family)
    "Arial": ("020B0604020202020204", 34),
    "Georgia": ("02040502050405020303", 18),
    "Times New Roman": ("02020603050405020304", 18),
    "Calibri": ("020F0502020204030204", 34),
    "Cambria": ("02040503050406030204", 18),
    "Verdana": ("020B0604030504040204", 34),
    "Helvetica": ("020B0604020202020204", 34),
}


def brand_theme(theme: bytes, marque: Marque) -> bytes:
    """The theme's colours and fonts from marque.yaml: dark 2 the primary colour (titles,
    bands), accent 2 the accent (bullets, rules), accent 1 and 3 primary and secondary (charts),
    the major font the titles', the minor the text's."""
    c = marque.couleurs
    colours = {
        "dk1": c.texte,
        "lt1": c.fond,
        "dk2": c.primaire,
        "lt2": "#EEF2F6",
        "accent1": c.primaire,
        "accent2": c.accent,
        "accent3": c.secondaire,
        "hlink": c.secondaire,
        "folHlink": c.secondaire,
    }
    root = parse_xml(theme)
    scheme = root.find(f".//{{{A_NS}}}clrScheme")
    scheme.set("name", marque.nom)
    for name, value in colours.items():
        slot = scheme.find(f"{{{A_NS}}}{name}")
        for child in list(slot):
            slot.remove(child)
        slot.append(parse_xml(f'<a:srgbClr {NSMAP} val="{value.lstrip("#").upper()}"/>'))
    fonts = root.find(f".//{{{A_NS}}}fontScheme")
    fonts.set("name", marque.nom)
    for kind, police in (("majorFont", marque.polices.titres), ("minorFont", marque.polices.texte)):
        latin = fonts.find(f"{{{A_NS}}}{kind}/{{{A_NS}}}latin")
        latin.set("typeface", police.nom)
        twin = next((TWINS[n] for n in police.secours if n in TWINS), None)
        if twin is not None:  # where the font is missing, PowerPoint takes its metric twin
            latin.set("panose", twin[0])
            latin.set("pitchFamily", str(twin[1]))
            latin.set("charset", "0")
    data: bytes = serialize_part_xml(root)
    return data


if __name__ == "__main__":
    from livrables.errors import Report

    target = Path(sys.argv[1])
    build_template(target, load_marque(target.parent.parent / "marque.yaml", Report()))
