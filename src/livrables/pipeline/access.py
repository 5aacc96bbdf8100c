"""Who may use the preview's server: the address it was bound to, the session's token.

`Guard` for every request; `may_write` on top of it for a request that writes (the « Éditer »
pages' saves): the token in a header, which only the preview's own pages hold, on a JSON body
(a page elsewhere cannot send either without the browser asking this server first).
"""

from __future__ import annotations

import hmac
from http.cookies import CookieError, SimpleCookie
from typing import Any

MAX_BODY = 5_000_000  # a referential file's form, with room: anything larger is not ours
TOKEN_HEADER = "X-Livrables-Jeton"


COOKIE = "livrables-apercu"
REFUSED = (
    "Accès refusé : ouvrez l'aperçu par l'adresse que « livrables preview » affiche dans le "
    "terminal (elle porte le jeton de la session)."
)


class Guard:
    """Who may read the preview: a request to this very address (the `Host` it was bound to:
    DNS rebinding names another), from a page of the preview itself (no other origin), holding
    the session's token: in the address the command opens, then in a cookie only this address
    receives (another local user, or a page elsewhere, knows neither)."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.port = 0

    def hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def allows(self, headers: Any, query: dict[str, list[str]]) -> tuple[bool, bool]:
        """(allowed, whether the token came in the address: then a cookie is set)."""
        if headers.get("Host", "") not in self.hosts():
            return False, False
        origin = headers.get("Origin")
        if origin is not None and origin not in {f"http://{h}" for h in self.hosts()}:
            return False, False
        if headers.get("Sec-Fetch-Site", "same-origin") not in {"same-origin", "none"}:
            return False, False
        given = query.get("jeton", [""])[0]
        if given and hmac.compare_digest(given, self.token):
            return True, True
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("Cookie", ""))
        except CookieError:
            return False, False
        held = cookie.get(f"{COOKIE}-{self.port}")
        return held is not None and hmac.compare_digest(held.value, self.token), False

    def may_write(self, headers: Any) -> bool:
        """A write: JSON, of a sane size, with the session's token in its header."""
        kind = headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            return False
        try:
            length = int(headers.get("Content-Length", "-1"))
        except ValueError:
            return False
        given = headers.get(TOKEN_HEADER, "")
        return 0 <= length <= MAX_BODY and bool(given) and hmac.compare_digest(given, self.token)
