"""The root of every node of the document tree: its source line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right"]


@dataclass
class Node:
    line: int = field(default=0, kw_only=True)
