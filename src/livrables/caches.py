"""Every cache that lives as long as a process, in one place: what each one keeps, and what its
key holds. A process that lives on (the preview, the server's zygote, a test run) must never
hand out a value made from something that changed since, nor one made under another
environment: a cache's key holds everything its value is made of.

What a value may be made of, beside the function's arguments (`reads`):
- `PURE`: nothing else (text measured, XML names, parsers built from code);
- `PACKAGE`: the installed package's own files and libraries (the world map, reveal.js, the
  libraries' versions), which the server's key covers (servers.code_key) and which do not
  change under a running process;
- `ARGUMENTS`: files the arguments name *with* their size and dates, or bytes passed whole;
- plus the environment variables listed in `env`, read at each call and put in the key.

`tests/test_caches.py` checks that no other module keeps a cache of its own.
"""

from __future__ import annotations

import functools
import os
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

PURE = "ses arguments seuls"
PACKAGE = "les fichiers du paquet installé"
ARGUMENTS = "les fichiers nommés par ses arguments, avec leurs tailles et dates"


@dataclass(frozen=True)
class Declared:
    name: str
    reads: str
    env: tuple[str, ...]
    clear: Callable[[], None]


REGISTRY: list[Declared] = []


def process_cache(
    reads: str, env: tuple[str, ...] = (), maxsize: int | None = None
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """A function's results kept for the process, keyed by its arguments and by the value of
    each environment variable in `env`."""

    def decorate(function: Callable[P, T]) -> Callable[P, T]:
        @functools.lru_cache(maxsize)
        def keyed(_environment: tuple[str | None, ...], *args: P.args, **kwargs: P.kwargs) -> T:
            return function(*args, **kwargs)

        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            environment = tuple(os.environ.get(name) for name in env)
            return keyed(environment, *args, **kwargs)  # type: ignore[arg-type]

        wrapper.cache_clear = keyed.cache_clear  # type: ignore[attr-defined]
        wrapper.cache_info = keyed.cache_info  # type: ignore[attr-defined]
        name = f"{function.__module__}.{function.__qualname__}"
        REGISTRY.append(Declared(name, reads, env, keyed.cache_clear))
        return wrapper

    return decorate


class Store(Generic[K, V]):
    """A dictionary kept for the process, its oldest entries dropped past `size`."""

    def __init__(self, name: str, reads: str, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[K, V] = OrderedDict()
        REGISTRY.append(Declared(name, reads, (), self.entries.clear))

    def get(self, key: K) -> V | None:
        return self.entries.get(key)

    def put(self, key: K, value: V) -> V:
        self.entries[key] = value
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return value

    def clear(self) -> None:
        self.entries.clear()

    def __len__(self) -> int:
        return len(self.entries)


def clear_all() -> None:
    """Every cache emptied (a test that needs a cold process)."""
    for declared in REGISTRY:
        declared.clear()
