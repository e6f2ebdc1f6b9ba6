"""One decoded body (text, Markdown or HTML) -> an article: front matter, visible text, metadata."""

from __future__ import annotations

import datetime as _dt
import re

import frontmatter
import yaml

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


#: Front matter key -> the metadata field it states.
_FRONT_KEYS = {
    "title": "title", "headline": "title", "url": "url", "link": "url",
    "canonical_url": "url", "publisher": "publisher", "source": "publisher",
    "site": "publisher", "site_name": "publisher", "date": "date",
    "published": "date", "pubdate": "date", "published_at": "date",
}  # fmt: skip
#: A front matter block closes within this many lines.
_FRONT_LINES = 100


def _split_front_matter(text: str) -> tuple[str, dict[str, str | None]]:
    """Remove a leading ``---`` block of ``key: value`` pairs (closed by ``---`` or ``...``
    within :data:`_FRONT_LINES` lines); return the rest and the fields it states.

    The block is YAML, read by python-frontmatter's safe loader; a block YAML refuses only
    for an unquoted colon in a value (``title: Ukraine war: day 1000``) is read one
    ``key: value`` line at a time.  A block that is not a mapping (a rule, then prose) is
    not front matter.  Of the values, strings, numbers and dates count; lists do not.
    """
    if not text.startswith("---\n"):
        return text, {}
    lines = text.split("\n", _FRONT_LINES)
    end = next((i for i in range(1, min(len(lines), _FRONT_LINES)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return text, {}
    block = lines[1:end]
    try:
        data = frontmatter.YAMLHandler().load("\n".join(block))
    except yaml.YAMLError:
        data = _plain_pairs(block)
    if not isinstance(data, dict):
        return text, {}
    fields: dict[str, str | None] = {}
    for key, value in data.items():
        target = _FRONT_KEYS.get(str(key).lower())
        if target is None or target in fields:
            continue
        if isinstance(value, (_dt.date, _dt.datetime)):
            value = value.isoformat()
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            fields[target] = clean_field(target, value)
    return "\n".join(lines[end + 1 :]), fields


def _plain_pairs(block: list[str]) -> dict[str, str] | None:
    """``key: value`` lines as plain strings (quotes stripped); ``None`` if a line is neither
    that, nor a comment, nor indented, nor a list item."""
    pairs: dict[str, str] = {}
    for raw in block:
        if not raw.strip() or raw.lstrip().startswith("#") or raw[:1].isspace() or raw.startswith("- "):
            continue
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", raw)
        if m is None:
            return None
        value = m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        pairs.setdefault(m.group(1), value)
    return pairs
