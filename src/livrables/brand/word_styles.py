"""The named styles of the Word template: every style the DOCX writer uses, defined here.

Style lookup by display name breaks on localised Word, so each has a fixed id and name.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH

MONO = "Consolas"


@dataclass(frozen=True)
class StyleSpec:
    style_id: str
    name: str
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    based_on: str | None = "Normal"
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    colour: str | None = None
    font: str | None = None
    before: float | None = None
    after: float | None = None
    left: float | None = None  # cm
    keep_next: bool = False
    border: str | None = None  # "left" or "bottom" or "box"
    fill: str | None = None
    small_caps: bool = False
    superscript: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    outline: int | None = None  # outline level; 9 = body text (kept out of the TOC)
    right_tab_dots: bool = False  # a right tab with dot leader at the text width


P = WD_STYLE_TYPE.PARAGRAPH
C = WD_STYLE_TYPE.CHARACTER

STYLES = [
    StyleSpec("Title", "Title", size=28, bold=True, before=0, after=12),
    StyleSpec("Subtitle", "Subtitle", size=15, italic=False, before=0, after=18),
    StyleSpec("Heading1", "heading 1", size=17, bold=True, before=18, after=8, keep_next=True),
    StyleSpec("Heading2", "heading 2", size=14, bold=True, before=14, after=6, keep_next=True),
    StyleSpec("Heading3", "heading 3", size=12, bold=True, before=12, after=4, keep_next=True),
    StyleSpec(
        "Heading4", "heading 4", size=11, bold=True, italic=True, before=10, after=4, keep_next=True
    ),
    StyleSpec("Heading5", "heading 5", size=10.5, bold=True, before=8, after=4, keep_next=True),
    StyleSpec("Heading6", "heading 6", size=10.5, italic=True, before=8, after=4, keep_next=True),
    StyleSpec("ListParagraph", "List Paragraph", after=3),
    StyleSpec(
        "Quote", "Quote", italic=True, colour="444444", left=0.8, border="left", before=6, after=6
    ),
    StyleSpec("Code", "Code", font=MONO, size=9, before=6, after=6, fill="F3F4F6", left=0.3),
    StyleSpec("CodeChar", "Code (caractères)", kind=C, based_on=None, font=MONO, size=9.5),
    StyleSpec("Hyperlink", "Hyperlink", kind=C, based_on=None, colour="1F6F8B"),
    StyleSpec("FootnoteText", "footnote text", size=9, after=2),
    StyleSpec("FootnoteReference", "footnote reference", kind=C, based_on=None, superscript=True),
    StyleSpec("Figure", "Figure", align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=4),
    StyleSpec("Separator", "Filet", border="bottom", after=12, size=4),
    StyleSpec("Encadre", "Encadré", border="box", fill="F4F8FA", left=0.3, after=4, before=0),
    StyleSpec("ARetenir", "À retenir", border="box", fill="FFF6EC", left=0.3, after=4, before=0),
    StyleSpec(
        "ARetenirTitre",
        "À retenir (titre)",
        based_on="ARetenir",
        bold=True,
        small_caps=True,
        keep_next=True,
    ),
    StyleSpec(
        "Interne",
        "Note interne",
        border="box",
        fill="FDECEC",
        left=0.3,
        after=4,
        before=0,
        colour="7A1F1F",
    ),
    StyleSpec(
        "InterneTitre", "Note interne (titre)", based_on="Interne", bold=True, keep_next=True
    ),
    StyleSpec("DefinitionTerm", "Terme défini", bold=True, after=0, keep_next=True),
    StyleSpec("Definition", "Définition", left=0.8, after=6),
    StyleSpec("Note", "Note", italic=True, colour="555555"),
    StyleSpec("TableText", "Texte de tableau", size=9, before=2, after=2),
    StyleSpec(
        "TableHeading",
        "En-tête de tableau",
        size=9,
        bold=True,
        colour="FFFFFF",
        before=3,
        after=3,
        keep_next=True,
    ),
    StyleSpec("TableSpacer", "Espace après tableau", size=5, before=0, after=4),
    StyleSpec(
        "TableGroup", "Groupe de tableau", size=9, bold=True, before=3, after=3, keep_next=True
    ),
    StyleSpec("TableRowHeading", "En-tête de ligne", size=9, bold=True, before=2, after=2),
    StyleSpec("ChiffreValeur", "Chiffre clé", size=24, bold=True, before=6, after=0),
    StyleSpec("ChiffreLibelle", "Chiffre clé – libellé", size=10.5, after=2),
    StyleSpec(
        "ChiffreSource", "Chiffre clé – source", size=8, italic=True, colour="555555", after=8
    ),
    StyleSpec("ACopier", "À copier", border="box", fill="FAFAFA", left=0.3, after=6, before=0),
    StyleSpec(
        "ACopierTitre",
        "À copier (titre)",
        based_on="ACopier",
        bold=True,
        size=9.5,
        colour="444444",
        keep_next=True,
    ),
    StyleSpec("Caption", "caption", size=9, italic=True, colour="555555", after=10),
    StyleSpec("TOCHeading", "TOC Heading", based_on="Heading1", outline=9),
    StyleSpec("TOC1", "toc 1", bold=True, before=4, after=2, right_tab_dots=True),
    StyleSpec("TOC2", "toc 2", left=0.5, after=1, right_tab_dots=True),
    StyleSpec("TOC3", "toc 3", left=1.0, after=1, size=10, right_tab_dots=True),
    StyleSpec(
        "CoverModule",
        "Couverture – module",
        size=11,
        bold=True,
        small_caps=True,
        before=120,
        after=6,
    ),
    StyleSpec("CoverClient", "Couverture – collectivité", size=16, bold=True, before=24, after=4),
    StyleSpec("CoverMeta", "Couverture – références", size=10.5, colour="444444", after=2),
    StyleSpec(
        "CoverFictif",
        "Couverture – avertissement",
        size=9.5,
        italic=True,
        colour="7A1F1F",
        before=18,
        after=2,
    ),
    StyleSpec("CoverFirm", "Couverture – cabinet", size=10, colour="444444", before=96, after=0),
    StyleSpec(
        "CoverMentions", "Couverture – mentions légales", size=8, colour="666666", before=6, after=0
    ),
    StyleSpec("Header", "header", size=8.5, colour="555555"),
    StyleSpec(
        "HeaderDraft",
        "En-tête – brouillon",
        based_on="Header",
        size=9,
        bold=True,
        colour="B00020",
        after=2,
    ),
    StyleSpec("Footer", "footer", size=8.5, colour="555555"),
]
