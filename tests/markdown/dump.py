"""A readable, normalised dump of rendered WordprocessingML, for fixture comparisons.

One line per paragraph or table row: its style and properties, then its runs as quoted text
with their formatting in braces (↵ a line break, ⇥ a tab, ␣ a narrow no-break space, ⍽ a
no-break space). List and footnote ids are renumbered in order of appearance,
so a dump does not depend on what the template already defines.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


class Dumper:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.nums: dict[str, int] = {}
        self.lines: list[str] = []

    def val(self, element: Any, path: str, attr: str = "val") -> str | None:
        found = element.find(path)
        return None if found is None else found.get(f"{W}{attr}")

    def body(self, elements: list[Any]) -> str:
        for element in elements:
            self.block(element, "")
        return "\n".join(self.lines)

    def block(self, element: Any, indent: str) -> None:
        tag = etree.QName(element).localname
        if tag == "p":
            self.lines.append(indent + self.paragraph(element))
        elif tag == "tbl":
            grid = [c.get(f"{W}w") for c in element.iter(f"{W}gridCol")]
            style = self.val(element, f"{W}tblPr/{W}tblStyle")
            self.lines.append(f"{indent}table {style} grid={','.join(grid)}")
            for tr in element.iterchildren(f"{W}tr"):
                header = " header" if tr.find(f"{W}trPr/{W}tblHeader") is not None else ""
                self.lines.append(f"{indent}  row{header}")
                for tc in tr.iterchildren(f"{W}tc"):
                    width = self.val(tc, f"{W}tcPr/{W}tcW", "w")
                    self.lines.append(f"{indent}    cell {width}")
                    for child in tc.iterchildren(f"{W}p", f"{W}tbl"):
                        self.block(child, indent + "      ")
        else:
            self.lines.append(f"{indent}<{tag}>")

    def paragraph(self, p: Any) -> str:
        props = []
        style = self.val(p, f"{W}pPr/{W}pStyle")
        props.append(style or "Normal")
        num_id = self.val(p, f"{W}pPr/{W}numPr/{W}numId")
        if num_id is not None:
            level = self.val(p, f"{W}pPr/{W}numPr/{W}ilvl")
            props.append(f"list={self.num(num_id)}/{level}")
        for name, path, attr in (("indent", "ind", "left"), ("align", "jc", "val")):
            value = self.val(p, f"{W}pPr/{W}{path}", attr)
            if value is not None:
                props.append(f"{name}={value}")
        if p.find(f"{W}pPr/{W}keepNext") is not None:
            props.append("keep-next")
        content = self.inline(p)
        return "p " + " ".join(props) + (": " + content if content else "")

    def num(self, num_id: str) -> str:
        numbering = self.document.part.numbering_part.element
        for num in numbering.iterchildren(f"{W}num"):
            if num.get(f"{W}numId") == num_id:
                abstract = num.find(f"{W}abstractNumId").get(f"{W}val")
                start = self.val(num, f"{W}lvlOverride/{W}startOverride")
                break
        else:
            raise AssertionError(f"no w:num {num_id}")
        for definition in numbering.iterchildren(f"{W}abstractNum"):
            if definition.get(f"{W}abstractNumId") == abstract:
                kind = self.val(definition, f"{W}lvl/{W}numFmt")
        index = self.nums.setdefault(num_id, len(self.nums) + 1)
        return f"#{index}({'bullet' if kind == 'bullet' else 'ordered'} from {start})"

    def inline(self, parent: Any, link: str = "") -> str:
        parts = []
        for child in parent:
            tag = etree.QName(child).localname
            if tag == "r":
                parts.append(self.run(child, link))
            elif tag == "hyperlink":
                target = child.get(f"{W}anchor")
                if target is not None:
                    target = "#" + target
                else:
                    rel = self.document.part.rels[child.get(f"{R}id")]
                    target = rel.target_ref
                parts.append(self.inline(child, f"link={target}"))
            elif tag == "bookmarkStart":
                parts.append(f"[bookmark {child.get(f'{W}name')}]")
        return " ".join(p for p in parts if p)

    def run(self, r: Any, link: str) -> str:
        flags = [link] if link else []
        style = self.val(r, f"{W}rPr/{W}rStyle")
        if style:
            flags.append(style)
        for tag in ("b", "i", "strike"):
            if r.find(f"{W}rPr/{W}{tag}") is not None:
                flags.append(tag)
        text = ""
        for child in r:
            tag = etree.QName(child).localname
            if tag == "t":
                text += child.text or ""
            elif tag == "br":
                text += "↵" if child.get(f"{W}type") is None else "⤓"
            elif tag == "tab":
                text += "⇥"
            elif tag == "fldChar":
                return f"<field {child.get(f'{W}fldCharType')}>"
            elif tag == "instrText":
                return f"<instr{child.text.rstrip()}>"
            elif tag == "footnoteReference":
                return f"<footnote {self.footnote(child.get(f'{W}id'))}>"
            elif tag == "footnoteRef":
                return "<footnote number>"
            elif tag == "drawing":
                doc_pr = child.find(f".//{WP}docPr")
                extent = child.find(f".//{WP}extent")
                return f"<image descr={doc_pr.get('descr')!r} cx={extent.get('cx')}>"
        shown = repr(text.replace("\u202f", "␣").replace("\u00a0", "⍽"))
        return shown + ("{" + ",".join(flags) + "}" if flags else "")

    def footnote(self, note_id: str) -> str:
        for part in self.document.part.package.iter_parts():
            if str(part.partname) == "/word/footnotes.xml":
                root = part.element if hasattr(part, "element") else etree.fromstring(part.blob)
                for note in root.iterchildren(f"{W}footnote"):
                    if note.get(f"{W}id") == note_id:
                        inner = Dumper(self.document)
                        inner.nums = self.nums
                        return "| " + " | ".join(inner.paragraph(p) for p in note.iter(f"{W}p"))
        raise AssertionError(f"no footnote {note_id}")
