"""One decoded body (text, Markdown or HTML) -> an article: front matter, visible text, metadata."""

from __future__ import annotations

import re

from geo.errors import ConfigError, InputError
from geo.ingest.decode import normalise_newlines, scrub
from geo.ingest.html import html_to_text
from geo.ingest.meta import clean_field, complete_metadata
from geo.model import Article

__all__ = ["parse_text"]

_PARSE_FORMATS = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md", "html": "html", "htm": "html"}


def parse_text(text: str, *, article_id: str, source_path: str = "", fmt: str = "txt") -> Article:
    """Build an :class:`~geo.model.Article` from a text, Markdown or HTML body.

    Newlines are normalised to ``\\n`` and a leading byte-order mark is
    dropped; otherwise the text is kept as given, so character offsets point
    into ``Article.text``.  Markdown/text front matter (``---`` / ``key: value``
    / ``---`` at the very top, keys ``title``, ``url``, ``publisher`` or
    ``source``, ``date``) is removed from the text and its values win over
    inferred ones.  HTML is reduced to its visible text.  Fields the body does
    not state are ``None`` (see the module docstring for the rules).

    Parameters
    ----------
    text
        The decoded body.
    article_id
        The id to give the article.
    source_path
        Where the text came from, for messages and ``Article.source_path``.
    fmt
        ``"txt"``, ``"md"`` (``"markdown"``) or ``"html"`` (``"htm"``).

    Returns
    -------
    Article

    Raises
    ------
    InputError
        If no text remains (empty body, or HTML without visible text).
    ConfigError
        If ``fmt`` is not one of the formats above.

    Examples
    --------
    >>> a = parse_text("Troops enter Kherson\\n\\nKHERSON, Nov 11 (AP) - Troops "
    ...                "entered the city on November 11, 2022.", article_id="k")
    >>> a.title, a.publisher, a.date
    ('Troops enter Kherson', 'Associated Press', '2022-11-11')
    """
    kind = _PARSE_FORMATS.get(fmt.lower())
    if kind is None:
        raise ConfigError(f"unknown article format {fmt!r}; expected one of: txt, md, html")
    where = source_path or article_id
    text = scrub(normalise_newlines(text.removeprefix("\ufeff")))
    given: dict[str, str | None] = {}
    if kind == "html":
        text, given = html_to_text(text)
    else:
        text, given = _split_front_matter(text)
    if not text.strip():
        raise InputError(f"{where}: no article text")
    meta = complete_metadata(given, text, markdown=kind == "md")
    return Article(id=article_id, text=text, source_path=source_path, **meta)


def _split_front_matter(text: str) -> tuple[str, dict[str, str | None]]:
    """Remove a leading ``---`` key/value block; return the rest and its fields."""
    if not text.startswith("---\n"):
        return text, {}
    lines = text.split("\n")
    end = None
    for i in range(1, min(len(lines), 100)):
        if lines[i].strip() in ("---", "..."):
            end = i
            break
    if end is None:
        return text, {}
    fields: dict[str, str | None] = {}
    for raw in lines[1:end]:
        if not raw.strip() or raw.lstrip().startswith("#") or raw[:1].isspace() or raw.startswith("- "):
            continue
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", raw)
        if m is None:
            return text, {}  # not front matter, e.g. a rule followed by prose
        key, value = m.group(1).lower(), m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        target = {
            "title": "title", "headline": "title", "url": "url", "link": "url",
            "canonical_url": "url", "publisher": "publisher", "source": "publisher",
            "site": "publisher", "site_name": "publisher", "date": "date",
            "published": "date", "pubdate": "date", "published_at": "date",
        }.get(key)  # fmt: skip
        if target is not None and target not in fields:
            fields[target] = clean_field(target, value)
    rest = "\n".join(lines[end + 1 :])
    return rest, fields
