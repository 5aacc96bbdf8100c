"""Loading a whole mission: mission.yaml, the referential and every deliverable, all errors kept.

A mission whose mission.yaml or referential has errors cannot be built; a deliverable with errors
is left out while the others still build.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from livrables.content.body_checks import (
    check_anchors,
    check_deliverable_links,
    check_directives,
    check_heading_levels,
    check_images,
    check_indicator_values,
)
from livrables.content.frontmatter import split_front_matter
from livrables.content.grammar import check_grammar, check_placeholders
from livrables.content.images import ImageError, find_image
from livrables.content.method import check_election_period, check_method
from livrables.content.models import FrontMatter, MissionInfo
from livrables.content.references import check_model_references, check_referentiel
from livrables.content.referentiel import Referentiel, load_referentiel
from livrables.content.registry import SOURCE_MISSING, BlockContext, Registry, TypeSpec
from livrables.content.source import (
    check_regular_file,
    read_source,
    report_controls,
    report_invisible,
)
from livrables.content.validation import quote, suggest, validate
from livrables.content.yamlload import Located, load_yaml, read_yaml_file
from livrables.document.directives import DIAPORAMA, INTERNE
from livrables.errors import ContentError, Report
from livrables.markdown.parser import CLIENT_HIDDEN, Body, directive_name, parse
from livrables.markdown.rules import DIRECTIVE

MAX_NAME_BYTES = 255  # a file name on the usual file systems; outputs add their extension


@dataclass
class Livrable:
    path: Path
    type: TypeSpec
    front: FrontMatter
    body: Body  # everything: checks and internal outputs
    client_body: Body  # `::: interne` skipped whole: client outputs
    images: list[Path] = field(default_factory=list)  # the files its images come from
    located: Located | None = None  # where each front-matter value is, for method warnings
    langue: str = "fr"  # the language this one is made in: French, or a partner's (i18n/)
    bilingue: bool = False  # French and `langue` side by side (`bilingue: en`)

    @property
    def stem(self) -> str:
        """The outputs' name: `note.docx`, `note.en.docx` in English, `note.fr-en.docx` side by
        side."""
        if self.langue == "fr":
            return self.path.stem
        return f"{self.path.stem}.{'fr-' if self.bilingue else ''}{self.langue}"

    @property
    def translated(self) -> bool:
        return self.langue != "fr"


@dataclass
class Mission:
    root: Path
    info: MissionInfo
    referentiel: Referentiel
    livrables: list[Livrable] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.root.name

    def langues(self, livrable: Livrable) -> list[str]:
        """The partners' languages the deliverable is also made in: the mission's, narrowed by
        its front matter (a language the mission does not declare is not made: check says).
        None for an internal one: it is never translated."""
        if livrable.front.diffusion == "interne":
            return []
        declared: list[str] = list(self.info.langues)
        wanted = livrable.front.langues
        return declared if wanted is None else [code for code in declared if code in wanted]

    @property
    def outputs(self) -> list[Livrable]:
        """Every deliverable, in French then in each of its languages."""
        found = []
        for livrable in self.livrables:
            found.append(livrable)
            found += [replace(livrable, langue=code) for code in self.langues(livrable)]
            side = livrable.front.bilingue
            if side and livrable.front.diffusion != "interne" and livrable.type.name != DIAPORAMA:
                found.append(replace(livrable, langue=side, bilingue=True))  # slides: no room
        return found

    def sources(self, livrable: Livrable) -> dict[str, Livrable]:
        """The deliverables a deck's blocks draw on (none for a document): see deck_sources."""
        if livrable.type.name != DIAPORAMA:
            return {}
        return deck_sources(self.livrables, livrable.front)

    def others(self, livrable: Livrable) -> dict[str, FrontMatter]:
        """What this deliverable's blocks may draw on beside its own front matter."""
        return {kind: other.front for kind, other in self.sources(livrable).items()}


def deck_sources(livrables: Sequence[Livrable], deck: FrontMatter | None) -> dict[str, Livrable]:
    """What a deck draws on: the first deliverable of each other type, in file order. A deck
    for the client never draws on a `diffusion: interne` deliverable: its SWOT or key figures
    would reach the client through the slides."""
    client = deck is None or deck.diffusion == "client"
    found: dict[str, Livrable] = {}
    for other in sorted(livrables, key=lambda lv: lv.path.name):
        if other.type.name != DIAPORAMA and (other.front.diffusion == "client" or not client):
            found.setdefault(other.type.name, other)
    return found


def load_mission(root: Path, report: Report, registry: Registry) -> Mission | None:
    """Load and check a mission; None when mission.yaml or the referential has errors."""
    errors_before = len(report.errors)
    info = _load_info(root / "mission.yaml", report)
    referential_errors = len(report.errors)
    ref = load_referentiel(root / "referentiel", report)
    check_referentiel(ref, report)
    for path in [root / "mission.yaml", *sorted((root / "referentiel").glob("*.yaml"))]:
        _placeholders_in_yaml(path, report)
    if len(report.errors) == referential_errors:  # else its warnings would follow from them
        check_method(ref, report)
    shared_ok = info is not None and len(report.errors) == errors_before
    livrables: list[Livrable] = []
    folder = root / "livrables"
    if not folder.is_dir():
        report.error(folder, 1, 1, "dossier livrables/ manquant")
    files = deliverable_files(folder, report)
    decks = [p for p in files if _is_deck(p)]
    failed = False
    for path in [*(p for p in files if p not in decks), *decks]:  # decks draw on the others
        own = Report()
        livrable = load_livrable(path, ref, own, registry, info, livrables)
        if path in decks and failed and _only_missing_sources(own):
            continue  # the deliverable it draws on has errors, reported already: only those
        report.extend(own)
        if livrable is not None:
            livrables.append(livrable)
        failed = failed or (livrable is None and path not in decks)  # a source has errors
    if not shared_ok or info is None:
        return None
    check_election_period(info, livrables, report)
    check_deliverable_links(livrables, report)
    livrables = in_offer_order(livrables, registry)
    return Mission(root, info, ref, livrables)


def _placeholders_in_yaml(path: Path, report: Report) -> None:
    """The scaffold's texts left in mission.yaml or the referential, at their line."""
    try:
        text = read_source(path, " ").text
    except ContentError:
        return  # reported by its load
    check_placeholders(path, text, False, report, yaml=True)


def in_offer_order(livrables: list[Livrable], registry: Registry) -> list[Livrable]:
    """The offer's order: training and diagnostic first, communication last."""
    order = list(registry.types)
    return sorted(livrables, key=lambda lv: (order.index(lv.type.name), lv.stem))


def deliverable_files(folder: Path, report: Report) -> list[Path]:
    """The deliverables' Markdown files: Word's and LibreOffice's lock files are skipped, and a
    file that looks like a deliverable but will not be read (`.MD`, `.md.txt`) is a warning."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith(("~$", ".~lock", ".")):
            continue
        if path.suffix == ".md":
            found.append(path)
        elif name.lower().endswith((".md", ".md.txt", ".markdown", ".mdown")):
            report.warning(
                path,
                1,
                1,
                f"fichier ignoré : seuls les fichiers en « .md » sont des livrables ; renommez-le "
                f"« {name.split('.')[0]}.md » s'il en est un",
            )
    return found


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
    sources: Sequence[Livrable] = (),
) -> Livrable | None:
    """Load one deliverable file; report its errors and return None when it cannot be built.
    `sources`: the mission's deliverables already loaded, which a deck's blocks draw on."""
    errors_before = len(report.errors)
    if len(path.stem.encode()) + len(".docx") > MAX_NAME_BYTES:
        report.error(
            path,
            1,
            1,
            "nom de fichier trop long pour les documents produits (au plus "
            f"{MAX_NAME_BYTES - 5} octets avant « .md ») : raccourcissez-le",
        )
        return None
    try:
        source = read_source(path)
        split = split_front_matter(source)
        located = load_yaml(split.front, path, split.front_line_offset)
        located.report_warnings(report)
    except ContentError as exc:
        report.diagnostics.extend(exc.diagnostics)
        return None
    report_controls(source, report)
    report_invisible(source, report)
    if not isinstance(located.data, dict):
        report.error(path, 2, 1, "en-tête YAML : dictionnaire attendu (lignes « clé: valeur »)")
        return None
    kind = _deliverable_type(located, report, registry)
    if kind is None:
        return None
    front = validate(kind.front_matter, located, report)
    if front is not None:
        check_model_references(front, located, (), ref, report)
    offset = split.body_line_offset
    body = parse(split.body, offset)
    hidden = client_hidden(front)
    client = body
    if _has_hidden(body, hidden):
        client = parse(split.body, offset, client=True, hidden=hidden)
    check_grammar(path, body, client, report)
    drawn = deck_sources(sources, front) if kind.name == DIAPORAMA else {}
    others = {other_kind: lv.front for other_kind, lv in drawn.items()}
    blocks = BlockContext(ref, kind.name, front, info, others)
    check_directives(path, body, blocks, registry, report)
    images = check_images(path, body, report, front is not None and front.statut == "valide")
    check_indicator_values(path, body, ref, report)
    check_anchors(path, body, report)
    check_heading_levels(path, body, report, deck=kind.name == DIAPORAMA)
    if front is not None:
        check_placeholders(path, source.text, front.statut == "valide", report)
    if front is None or len(report.errors) > errors_before:
        return None
    return Livrable(path, kind, front, body, client, images, located)


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


_DECK = re.compile(rf"^type:\s*[\"']?{DIAPORAMA}[\"']?\s*(?:#.*)?$", re.MULTILINE)


def _only_missing_sources(report: Report) -> bool:
    return bool(report.errors) and all(SOURCE_MISSING in d.message for d in report.errors)


def _is_deck(path: Path) -> bool:
    """Whether the file declares a slide deck (read again, properly, by load_livrable)."""
    try:
        check_regular_file(path)  # a FIFO would block here; load_livrable reports it
        with path.open("rb") as file:
            head = file.read(4096).decode("utf-8", "replace")
    except (OSError, ContentError):
        return False
    return _DECK.search(head) is not None


def client_hidden(front: FrontMatter | None) -> frozenset[str]:
    """What the client never reads: internal notes, and a deck's speaker notes unless its front
    matter says `notes: client`."""
    if getattr(front, "notes", None) == "client":
        return frozenset({INTERNE})
    return CLIENT_HIDDEN


def _has_hidden(body: Body, hidden: frozenset[str]) -> bool:
    return any(t.type == f"{DIRECTIVE}_open" and directive_name(t) in hidden for t in body.tokens)
