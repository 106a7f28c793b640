"""Tracked short links (``/r/<code>``): unguessable codes, and only known codes ever redirect."""
from __future__ import annotations

import hashlib
import secrets
import string

import regex

_ALPHABET = string.ascii_letters + string.digits
CODE_LENGTH = 10
_CODE = regex.compile(rf"^[A-Za-z0-9]{{{CODE_LENGTH}}}$")


def new_code() -> str:
    """A random base-62 code (~59 bits): not guessable, not sequential."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))


def is_code(value: str) -> bool:
    """Whether ``value`` has the shape of a code; the redirect looks up only such values."""
    return bool(_CODE.match(value))


def tracked_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/r/{code}"


#: User agents of crawlers, link previews (a post's card is fetched by the platform, not a
#: person) and command-line tools. Matched case-insensitively anywhere in the header.
_AUTOMATED_AGENT = regex.compile(
    r"bot\b|bot/|crawl|spider|slurp|preview|facebookexternalhit|facebot|embedly|whatsapp|skypeuripreview|"
    r"bitlybot|outbrain|pinterest|vkshare|w3c_validator|curl/|wget/|python-requests|python-urllib|"
    r"go-http-client|okhttp|java/|libwww|headless", regex.IGNORECASE)
_PREFETCH_HEADERS = ("sec-purpose", "purpose", "x-purpose", "x-moz")


def is_automated(method: str, headers: dict[str, str]) -> bool:
    """Whether a request to a tracked link is a machine (crawler, preview, prefetch, HEAD) rather
    than a person: such requests are redirected all the same, but not counted as clicks."""
    if method.upper() == "HEAD":
        return True
    agent = headers.get("user-agent", "")
    if not agent.strip() or _AUTOMATED_AGENT.search(agent):
        return True
    return any(word in headers.get(name, "").lower() for name in _PREFETCH_HEADERS
               for word in ("prefetch", "preview", "prerender"))


def visitor_key(address: str, user_agent: str, day: str) -> str:
    """Tells repeat clicks of one visitor on one day apart without storing the address."""
    return hashlib.sha256(f"{day}\x00{address}\x00{user_agent}".encode("utf-8")).hexdigest()[:16]
