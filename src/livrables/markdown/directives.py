"""Resolving directives before rendering: internal notes kept or dropped, blocks built.

The result is a token list both renderers draw: a `::: interne` span is removed from client
outputs (or kept, marked, for internal ones), and each block becomes one `livrables_block` token
carrying the nodes it built from the referential.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.token import Token

from livrables.blocks import BlockArgs, BlockContext
from livrables.content.models import Indicateur
from livrables.deliverables import BLOCKS
from livrables.markdown.parser import DIRECTIVE, INDICATOR_VALUE, directive_args, directive_name
from livrables.markdown.typography import NBSP, format_number

BLOCK_TOKEN = "livrables_block"
TOC_TOKEN = "livrables_toc"
SOMMAIRE = "sommaire"  # `::: sommaire` (option niveaux=1..4): the table of contents


@dataclass(frozen=True)
class TocEntry:
    level: int
    text: str
    slug: str


def resolve(tokens: list[Token], ctx: BlockContext, interne: bool) -> list[Token]:
    out: list[Token] = []
    skip_depth = 0  # > 0 while inside a dropped `::: interne`
    depth = 0
    for token in tokens:
        if token.type == f"{DIRECTIVE}_open":
            depth += 1
            name = directive_name(token)
            if skip_depth:
                continue
            if name == "interne" and not interne:
                skip_depth = depth
                continue
            if name == SOMMAIRE:
                toc = Token(TOC_TOKEN, "nav", 0, info=name, map=token.map)
                levels = BlockArgs.parse(directive_args(token)).values.get("niveaux", "3")
                toc.meta = {"levels": int(levels)}
                out.append(toc)
                skip_depth = depth
                continue
            block = BLOCKS.get(name)
            if block is not None:
                nodes = block.build(BlockArgs.parse(directive_args(token)), ctx)
                block_token = Token(BLOCK_TOKEN, "div", 0, info=name, map=token.map)
                block_token.meta = {"nodes": nodes}
                out.append(block_token)
                skip_depth = depth
                continue
            out.append(token)
            continue
        if token.type == f"{DIRECTIVE}_close":
            depth -= 1
            if skip_depth:
                if depth < skip_depth:
                    skip_depth = 0
                continue
            out.append(token)
            continue
        if not skip_depth:
            out.append(token)
    out = _drop_orphan_footnotes(out)
    _fill_tables_of_contents(out)
    _fill_indicator_values(out, ctx)
    return out


def indicator_value(ctx: BlockContext, indicator_id: str) -> str | None:
    """ "420 foyers": the indicator's last measure with its unit; None when there is none."""
    entry = ctx.ref.entries.get(indicator_id)
    if entry is None or not isinstance(entry.entity, Indicateur):
        return None
    measure = entry.entity.derniere_mesure
    if measure is None:
        return None
    return f"{format_number(measure.valeur)}{NBSP}{entry.entity.unite}"


def _fill_indicator_values(tokens: list[Token], ctx: BlockContext) -> None:
    """Replace each `[[IND-…]]` by the value (checked at load: the id exists and is measured)."""
    for token in tokens:
        for child in token.children or []:
            if child.type == INDICATOR_VALUE:
                child.type = "text"
                child.content = indicator_value(ctx, child.meta["id"]) or child.content


def _plain_text(inline: Token) -> str:
    """A heading's visible text, after typography (its `content` is the raw Markdown)."""
    kinds = {"text", "code_inline"}
    return "".join(c.content for c in inline.children or [] if c.type in kinds) or inline.content


def _fill_tables_of_contents(tokens: list[Token]) -> None:
    """Give each `::: sommaire` the headings that remain once internal notes are dropped."""
    tocs = [t for t in tokens if t.type == TOC_TOKEN]
    if not tocs:
        return
    headings = [
        TocEntry(int(token.tag[1]), _plain_text(tokens[i + 1]), str(token.attrGet("id") or ""))
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    ]
    for toc in tocs:
        toc.meta["entries"] = [h for h in headings if h.level <= toc.meta["levels"]]


def _footnote_ids(tokens: list[Token]) -> set[int]:
    """Notes cited from the text itself (a note cited only by another note does not count)."""
    ids: set[int] = set()
    for token in tokens:
        if token.type == "footnote_block_open":
            break
        if token.type == "footnote_ref":
            ids.add(token.meta["id"])
        for child in token.children or []:
            if child.type == "footnote_ref":
                ids.add(child.meta["id"])
    return ids


def _drop_orphan_footnotes(tokens: list[Token]) -> list[Token]:
    """Drop the footnotes no kept text refers to: a note cited only inside a dropped
    `::: interne` must not reappear in the footnotes at the end."""
    if not any(t.type == "footnote_block_open" for t in tokens):
        return tokens
    cited = _footnote_ids(tokens)
    out: list[Token] = []
    dropping = False
    for token in tokens:
        if token.type == "footnote_open":
            dropping = token.meta["id"] not in cited
        if not dropping:
            out.append(token)
        if token.type == "footnote_close":
            dropping = False
    if not any(t.type == "footnote_open" for t in out):
        out = [t for t in out if t.type not in {"footnote_block_open", "footnote_block_close"}]
    return out
