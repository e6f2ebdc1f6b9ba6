"""The outlet table (``outlets.tsv`` beside this module): publishers, their aliases and sites.

The table is read once, when this module is imported.  A name matches an alias as a whole,
case-insensitively; a host matches a site or any of its subdomains.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from urllib.parse import urlsplit

__all__ = ["OUTLETS", "canonical_outlet", "outlet_for_url", "outlet_prefix"]


def _load_table() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """``(publisher -> aliases, site -> publisher)`` from the packaged ``outlets.tsv``."""
    text = resources.files(__package__).joinpath("outlets.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header, body = rows[0], rows[1:]
    if header != ["publisher", "aliases", "domains"] or any(len(row) != 3 for row in body):
        raise ValueError("outlets.tsv: expected three tab-separated columns: publisher, aliases, domains")
    outlets = {name: tuple(aliases.split("|")) for name, aliases, _ in body}
    sites = {site.lower(): name for name, _, domains in body for site in domains.split()}
    return outlets, sites


#: Canonical outlet name -> aliases (matched case-insensitively, whole string).
OUTLETS, _SITES = _load_table()


@functools.cache
def _outlet_index() -> dict[str, str]:
    """Lower-cased alias -> canonical outlet name."""
    index: dict[str, str] = {}
    for canonical, aliases in OUTLETS.items():
        for alias in (canonical, *aliases):
            index.setdefault(alias.lower(), canonical)
    return index


def canonical_outlet(name: str | None) -> str | None:
    """Canonical outlet for a name that is exactly an alias, else ``None``."""
    if not name:
        return None
    key = " ".join(name.split()).strip(" .,;:'\"()[]").lower()
    key = re.sub(r"\s+(?:staff|staff writers?|wire|news service|reporters?)$", "", key)
    return _outlet_index().get(key)


def outlet_prefix(text: str) -> str | None:
    """Canonical outlet whose alias starts ``text``, unless it is a photo credit."""
    index = _outlet_index()
    words = re.findall(r"[^\s/]+|/", text.strip())
    for n in range(min(6, len(words)), 0, -1):
        candidate = " ".join(words[:n]).rstrip(".,;:")
        hit = index.get(candidate.lower())
        if hit is not None:
            after = " ".join(words[n:]).lower()
            if after.startswith(("/", "photo", "image", "via", "video", "graphic")):
                return None  # "(c) AP Photo/Name" credits a picture, not the article
            return hit
    return None


def outlet_for_url(url: str | None) -> str | None:
    """Canonical outlet whose site hosts ``url`` (``www.reuters.com/...`` -> Reuters), else ``None``."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:  # a malformed address ("http://[::1")
        return None
    labels = host.rstrip(".").split(".")
    for i in range(len(labels) - 1):
        hit = _SITES.get(".".join(labels[i:]))
        if hit is not None:
            return hit
    return None
