"""Resolving directives before rendering: internal notes kept or dropped, blocks built.

The result is a token list both renderers draw: a `::: interne` span is removed from client
outputs (or kept, marked, for internal ones), and each block becomes one `livrables_block` token
carrying the nodes it built from the referential.
"""

from __future__ import annotations

from markdown_it.token import Token

from livrables.blocks import BLOCKS, BlockArgs
from livrables.content.referentiel import Referentiel
from livrables.markdown.parser import DIRECTIVE, directive_args, directive_name

BLOCK_TOKEN = "livrables_block"


def resolve(tokens: list[Token], ref: Referentiel, interne: bool) -> list[Token]:
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
            block = BLOCKS.get(name)
            if block is not None:
                nodes = block.build(BlockArgs.parse(directive_args(token)), ref)
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
    return _drop_orphan_footnotes(out)


def _footnote_ids(tokens: list[Token]) -> set[int]:
    ids: set[int] = set()
    for token in tokens:
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
