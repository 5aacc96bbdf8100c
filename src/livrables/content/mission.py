"""Loading a whole mission: mission.yaml, the referential and every deliverable, all errors kept.

A mission whose mission.yaml or referential has errors cannot be built; a deliverable with errors
is left out while the others still build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from markdown_it.token import Token

from livrables.content.entities import Indicateur
from livrables.content.frontmatter import split_front_matter
from livrables.content.images import ImageError, find_image
from livrables.content.method import check_election_period, check_method
from livrables.content.models import FrontMatter, MissionInfo
from livrables.content.references import check_model_references, check_referentiel
from livrables.content.referentiel import Referentiel, load_referentiel
from livrables.content.registry import BlockContext, Registry, TypeSpec
from livrables.content.source import read_source, report_controls
from livrables.content.validation import quote, suggest, validate
from livrables.content.yamlload import Located, load_yaml, read_yaml_file
from livrables.document.directives import CONTAINERS, OPTIONS, SOMMAIRE, TOC_LEVELS, BlockArgs
from livrables.errors import ContentError, Report
from livrables.markdown.parser import (
    DIRECTIVE,
    INDICATOR_VALUE,
    Body,
    directive_args,
    directive_name,
    is_closed,
    parse,
)


@dataclass
class Livrable:
    path: Path
    type: TypeSpec
    front: FrontMatter
    body: Body
    images: list[Path] = field(default_factory=list)  # the files its images come from
    located: Located | None = None  # where each front-matter value is, for method warnings

    @property
    def stem(self) -> str:
        return self.path.stem


@dataclass
class Mission:
    root: Path
    info: MissionInfo
    referentiel: Referentiel
    livrables: list[Livrable] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.root.name


def load_mission(root: Path, report: Report, registry: Registry) -> Mission | None:
    """Load and check a mission; None when mission.yaml or the referential has errors."""
    errors_before = len(report.errors)
    info = _load_info(root / "mission.yaml", report)
    ref = load_referentiel(root / "referentiel", report)
    check_referentiel(ref, report)
    check_method(ref, report)
    shared_ok = info is not None and len(report.errors) == errors_before
    livrables: list[Livrable] = []
    folder = root / "livrables"
    if not folder.is_dir():
        report.error(folder, 1, 1, "dossier livrables/ manquant")
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        livrable = load_livrable(path, ref, report, registry, info)
        if livrable is not None:
            livrables.append(livrable)
    if not shared_ok or info is None:
        return None
    check_election_period(info, livrables, report)
    order = list(
        registry.types
    )  # the offer's order: training and diagnostic first, communication last
    livrables.sort(key=lambda lv: (order.index(lv.type.name), lv.stem))
    return Mission(root, info, ref, livrables)


def _load_info(path: Path, report: Report) -> MissionInfo | None:
    located = _load_yaml_file(path, report)
    if located is None:
        return None
    info = validate(MissionInfo, located, report)
    if info is not None and info.fin is not None and info.fin < info.debut:
        line, col = located.position(("fin",))
        report.error(path, line, col, "fin : la fin de mission précède son début")
    logo = info.collectivite.logo if info is not None else None
    if logo:
        try:
            find_image(logo, path.parent, path.parent)
        except ImageError as exc:
            line, col = located.position(("collectivite", "logo"))
            report.error(path, line, col, f"collectivite.logo : {exc}")
    return info


def _load_yaml_file(path: Path, report: Report) -> Located | None:
    if not path.is_file():
        report.error(path, 1, 1, "fichier manquant")
        return None
    located = read_yaml_file(path, report)
    if located is None:
        return None
    if not isinstance(located.data, dict):
        report.error(path, 1, 1, "dictionnaire attendu (lignes « clé: valeur »)")
        return None
    return located


def load_livrable(
    path: Path,
    ref: Referentiel,
    report: Report,
    registry: Registry,
    info: MissionInfo | None = None,
) -> Livrable | None:
    """Load one deliverable file; report its errors and return None when it cannot be built."""
    errors_before = len(report.errors)
    try:
        source = read_source(path)
        split = split_front_matter(source)
        located = load_yaml(split.front, path, split.front_line_offset)
    except ContentError as exc:
        report.diagnostics.extend(exc.diagnostics)
        return None
    report_controls(source, report)
    if not isinstance(located.data, dict):
        report.error(path, 2, 1, "en-tête YAML : dictionnaire attendu (lignes « clé: valeur »)")
        return None
    kind = _deliverable_type(located, report, registry)
    if kind is None:
        return None
    front = validate(kind.front_matter, located, report)
    if front is not None:
        check_model_references(front, located, (), ref, report)
    body = parse(split.body, split.body_line_offset)
    _check_directives(path, body, BlockContext(ref, kind.name, front, info), registry, report)
    images = _check_images(path, body, report)
    _check_indicator_values(path, body, ref, report)
    _check_anchors(path, body, report)
    if front is None or len(report.errors) > errors_before:
        return None
    return Livrable(path, kind, front, body, images, located)


def _check_toc(path: Path, line: int, text: str, report: Report) -> None:
    try:
        args = BlockArgs.parse(text)
    except ValueError as exc:
        report.error(path, line, 1, f"bloc « {SOMMAIRE} » : {exc}")
        return
    for key, value in args.values.items():
        if key != "niveaux":
            report.error(
                path,
                line,
                1,
                f"bloc « {SOMMAIRE} » : option « {key} » inconnue (options : « niveaux »)",
            )
        elif value not in TOC_LEVELS:
            report.error(
                path, line, 1, f"bloc « {SOMMAIRE} » : niveaux={value} invalide (de 1 à 4)"
            )


def _check_images(path: Path, body: Body, report: Report) -> list[Path]:
    """Report the images that cannot be used; return the files of those that can."""
    mission_root = path.parent.parent
    found: list[Path] = []
    for token in body.tokens:
        for child in token.children or []:
            if child.type != "image":
                continue
            src = str(child.attrGet("src") or "")
            line, col = _find_in_body(body, token, unquote(src))
            try:
                found.append(find_image(src, path.parent, mission_root))
            except ImageError as exc:
                report.error(path, line, col, str(exc))
    return found


def _check_indicator_values(path: Path, body: Body, ref: Referentiel, report: Report) -> None:
    for token in body.tokens:
        for child in token.children or []:
            if child.type != INDICATOR_VALUE:
                continue
            indicator_id = child.meta["id"]
            line, col = _find_in_body(body, token, child.content)
            problem = ref.reference_problem(indicator_id, "indicateurs")
            if problem is None and indicator_id in ref.entries:
                entity = ref.entries[indicator_id].entity
                if isinstance(entity, Indicateur) and not entity.mesures:
                    problem = (
                        f"l'indicateur « {indicator_id} » n'a aucune mesure (mesures: "
                        "dans indicateurs.yaml) : sa valeur ne peut pas être écrite"
                    )
            if problem:
                report.error(path, line, col, f"valeur {child.content} : {problem}")


def _check_anchors(path: Path, body: Body, report: Report) -> None:
    """A link to `#titre` needs a heading with that id (ids are the headings' slugs)."""
    ids = {str(t.attrGet("id")) for t in body.tokens if t.type == "heading_open"}
    for token in body.tokens:
        for child in token.children or []:
            href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
            if href.startswith("#") and unquote(href[1:]) not in ids:
                line, col = _find_in_body(body, token, href)
                report.warning(
                    path,
                    line,
                    col,
                    f"lien vers « {href} » : aucun titre de ce livrable ne porte cet identifiant "
                    "(un titre « Mon titre » s'écrit #mon-titre)",
                )


def _find_in_body(body: Body, token: Token, text: str) -> tuple[int, int]:
    """The file position of `text` inside the block `token` spans (its first line if absent)."""
    first = token.map[0] if token.map else 0
    last = token.map[1] if token.map else first + 1
    for index in range(first, min(last, len(body.lines))):
        col = body.lines[index].find(text) if text else -1
        if col >= 0:
            return index + 1 + body.line_offset, col + 1
    return first + 1 + body.line_offset, 1


def _deliverable_type(located: Located, report: Report, registry: Registry) -> TypeSpec | None:
    assert isinstance(located.data, dict)
    types = registry.types
    name = located.data.get("type")
    known = ", ".join(quote(t) for t in types)
    if name is None:
        line, col = located.position(())
        report.error(located.path, line, col, f"type : clé obligatoire manquante ({known})")
        return None
    if not isinstance(name, str) or name not in types:
        line, col = located.position(("type",))
        report.error(
            located.path,
            line,
            col,
            f"type : type de livrable {quote(name)} inconnu{suggest(str(name), list(types))} : "
            f"types possibles {known}",
        )
        return None
    return types[name]


def _check_directives(
    path: Path, body: Body, ctx: BlockContext, registry: Registry, report: Report
) -> None:
    blocks = registry.blocks
    usable = [n for n, b in blocks.items() if not b.types or ctx.type_name in b.types]
    known = sorted([*usable, *CONTAINERS, SOMMAIRE])
    tokens = body.tokens
    for index, token in enumerate(tokens):
        if token.type != f"{DIRECTIVE}_open":
            continue
        name = directive_name(token)
        line = body.line_of(token)
        if not is_closed(body, token):
            report.error(
                path,
                line,
                1,
                f"bloc « {name} » non refermé : ajoutez une ligne « ::: » à la fin du bloc",
            )
            continue
        if name in CONTAINERS:
            _check_container(path, line, name, directive_args(token), report)
            continue
        if name == SOMMAIRE:
            _check_toc(path, line, directive_args(token), report)
            continue
        block = blocks.get(name)
        if block is None:
            report.error(
                path,
                line,
                1,
                f"bloc « {name} » inconnu{suggest(name, known)} : blocs possibles "
                + ", ".join(quote(k) for k in known),
            )
            continue
        if tokens[index + 1].type != f"{DIRECTIVE}_close":
            report.error(
                path,
                line,
                1,
                f"bloc « {name} » : il se remplit depuis le référentiel et ne prend pas de "
                "texte ; fermez-le par « ::: » sur la ligne suivante",
            )
        try:
            args = BlockArgs.parse(directive_args(token))
        except ValueError as exc:
            report.error(path, line, 1, f"bloc « {name} » : {exc}")
            continue
        for problem in block.check(args, ctx):
            report.error(path, line, 1, problem)


def _check_container(path: Path, line: int, name: str, text: str, report: Report) -> None:
    try:
        args = BlockArgs.parse(text)
    except ValueError as exc:
        report.error(path, line, 1, f"bloc « {name} » : {exc}")
        return
    allowed = OPTIONS.get(name, set())
    for key in args.values:
        if key not in allowed:
            known = ", ".join(f"« {k} »" for k in sorted(allowed)) or "aucune"
            report.error(
                path, line, 1, f"bloc « {name} » : option « {key} » inconnue (options : {known})"
            )
