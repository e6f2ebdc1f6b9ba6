"""HTML -> visible text (the story, not the page chrome) and the metadata its head states."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from html.parser import HTMLParser

from geo.ingest.meta import clean_field
from geo.ingest.outlets import canonical_outlet

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object"})
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
     "track", "wbr"}  # fmt: skip
)


# Page chrome around a story: menus, sidebars, footers, and blocks whose role, class or id
# says they are navigation, related links, sharing, ads or sign-up forms.  Their text is
# not the article's ("Drone attack on Odesa kills 2" in a related-stories list).
_CHROME_TAGS = frozenset({"nav", "aside", "footer", "button", "select", "dialog", "menu"})
_CHROME_ROLES = frozenset({"navigation", "complementary", "contentinfo", "search", "menu", "menubar", "dialog"})
_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|related|recommended|recommendations?|newsletter|share|sharing|social|"
    r"promo|advert|adverts|advertisement|ads?|sponsored|comments?|breadcrumbs?|subscribe|subscription|most-?read|"
    r"trending|sidebar|cookies?|popular|more-stories|read-more|paywall|signup|sign-up|teasers?)(?:$|[\s_-])", re.I)
_CONTENT_NAME = re.compile(r"(?:^|[\s_-])(?:article|body|content|main|story|text|post|entry)(?:$|[\s_-])", re.I)
# The story's own container; the biggest one is the article when it holds most of the page.
_STORY_TAGS = frozenset({"article", "main"})


def _is_chrome(tag: str, a: dict[str, str]) -> bool:
    """Page chrome by its element or role: skipped outright."""
    return tag in _CHROME_TAGS or a.get("role", "").strip().lower() in _CHROME_ROLES


def _named_chrome(tag: str, a: dict[str, str]) -> bool:
    """A block whose class or id says chrome ("related-stories", "share-tools"): dropped once
    read if it is mostly links or empty, kept if it holds prose (a "promo-wrapper" around
    the story itself)."""
    if tag in ("article", "main", "body", "html", "p", "h1"):
        return False
    name = f"{a.get('class', '')} {a.get('id', '')}"
    return bool(_CHROME_NAME.search(name)) and not _CONTENT_NAME.search(name)


class _Tentative:
    """An open block named like chrome: where its text starts, and the extractor's running
    counts when it opened (its own text and links, and the nested elements of its name, are
    what the counts grew by since: one update per piece of text, not one per open block)."""

    __slots__ = ("index", "links0", "start", "starts0", "tag", "total0", "used")

    def __init__(self, tag: str, start: int, index: int, total0: int, links0: int, starts0: int) -> None:
        self.tag, self.start, self.index = tag, start, index
        self.total0, self.links0, self.starts0, self.used = total0, links0, starts0, 0


class _TextExtractor(HTMLParser):
    """Collect visible text, the first ``<h1>`` and ``<meta>`` values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_stack: list[str] = []
        self.stories: list[tuple[int, int]] = []  # spans of self.parts inside <article>/<main>
        self._open_stories: list[tuple[str, int]] = []
        self._h1_at: int | None = None  # where the first <h1>'s text starts in self.parts
        self._tentative: list[_Tentative] = []  # open blocks named like chrome, innermost last
        self._tentative_by_tag: dict[str, list[_Tentative]] = {}  # the same, by element name
        self._total = 0  # characters of text read so far (stripped, outside skipped elements)
        self._links = 0  # ... of them inside links
        self._starts: dict[str, int] = {}  # start tags read so far, by name
        self._in_link = 0
        self.meta: dict[str, str] = {}
        self.h1_parts: list[str] | None = None
        self.h1: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and a.get("content", "").strip() and key not in self.meta:
                self.meta[key] = a["content"].strip()
            return
        if tag == "body":
            self.skip_stack = [t for t in self.skip_stack if t != "head"]  # </head> is optional
        if self.skip_stack:
            if tag not in _VOID_TAGS:
                self.skip_stack.append(tag)  # nested: its end tag must not end the skipping
            return
        if tag in _SKIP_TAGS or _is_chrome(tag, a):
            if tag not in _VOID_TAGS:
                self.skip_stack.append(tag)
            return
        if tag == "a":
            self._in_link += 1
        if self._tentative_by_tag.get(tag):
            self._starts[tag] = self._starts.get(tag, 0) + 1  # a nested element of the same name: its
            #                                                   end tag is not the block's (see _depth)
        if tag not in _VOID_TAGS and _named_chrome(tag, a):
            block = _Tentative(tag, len(self.parts), len(self._tentative), self._total, self._links,
                               self._starts.get(tag, 0))
            self._tentative.append(block)
            self._tentative_by_tag.setdefault(tag, []).append(block)
        if tag in _STORY_TAGS:
            self._open_stories.append((tag, len(self.parts)))
        if tag == "h1" and self.h1 is None:
            self.h1_parts = []
            self._h1_at = len(self.parts)
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS and tag not in _VOID_TAGS:
            return  # <svg/> and friends: nothing inside to skip
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_stack:
            if tag in self.skip_stack:
                while self.skip_stack and self.skip_stack.pop() != tag:
                    pass
            return
        if tag == "h1" and self.h1_parts is not None:
            self.h1 = " ".join("".join(self.h1_parts).split()) or None
            self.h1_parts = None
        if tag == "a" and self._in_link:
            self._in_link -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        same = self._tentative_by_tag.get(tag)
        if same:
            block = same[-1]  # the innermost open block of this name
            if self._starts.get(tag, 0) - block.starts0 - block.used > 0:
                block.used += 1  # the end of a nested element of the same name
            else:
                k = block.index
                for inner in self._tentative[k:]:  # an unclosed inner block ends with it
                    self._settle(inner)
                    self._tentative_by_tag[inner.tag].pop()
                del self._tentative[k:]
        if tag in _STORY_TAGS and any(t == tag for t, _ in self._open_stories):
            while self._open_stories:
                opened, start = self._open_stories.pop()
                self.stories.append((start, len(self.parts)))
                if opened == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.skip_stack:
            return
        if self.h1_parts is not None:
            self.h1_parts.append(data)
        if self._tentative:
            size = len(data.strip())
            self._total += size
            if self._in_link:
                self._links += size
        self.parts.append(data)

    def _settle(self, block: _Tentative) -> None:
        """Drop a block named like chrome that turned out to be mostly links (or empty)."""
        total, links = self._total - block.total0, self._links - block.links0
        if total and links * 2 < total:
            return  # prose: the story, whatever the block is called
        del self.parts[block.start:]
        self.stories = [(a, b) for a, b in self.stories if a < block.start]
        self._open_stories = [(t, a) for t, a in self._open_stories if a < block.start]
        if self._h1_at is not None and self._h1_at >= block.start:
            self._h1_at = None

    def text(self) -> str:
        """The visible text: blocks separated by blank lines, spaces collapsed.  When one
        ``<article>`` or ``<main>`` holds most of it, only that (and the ``<h1>`` above it)."""
        for block in reversed(self._tentative):  # blocks the page never closed
            self._settle(block)
        self._tentative = []
        self._tentative_by_tag = {}
        parts = self.parts
        spans = self.stories + [(start, len(parts)) for _, start in self._open_stories]
        if spans:
            words = _span_words(parts)
            size = words(0, len(parts))
            a, b = max(spans, key=lambda span: (words(*span), -span[0]))
            if words(a, b) >= 0.5 * size:
                head = parts[self._h1_at:] if self._h1_at is not None and self._h1_at < a else []
                h1 = [self.h1 or "", "\n\n"] if head else []
                parts = h1 + parts[a:b]
        out: list[str] = []
        for line in "".join(parts).split("\n"):
            line = " ".join(line.split())
            if line or (out and out[-1]):
                out.append(line)
        while out and not out[-1]:
            out.pop()
        return "\n".join(out)


def _span_words(parts: list[str]) -> Callable[[int, int], int]:
    """``words(a, b)``: ``len("".join(parts[a:b]).split())`` in constant time, from running
    counts (joining each span of a page of thousands of nested stories takes quadratic time):
    the words of each part, less one wherever two non-empty parts meet without a space."""
    n = len(parts)
    counts = [0] * (n + 1)
    joins = [0] * (n + 1)
    joined = [0] * n  # 1 where part j's first word continues the last word of the part before
    ends_word = False
    for j, part in enumerate(parts):
        if part:
            joined[j] = int(ends_word and not part[0].isspace())
            ends_word = not part[-1].isspace()
        counts[j + 1] = counts[j] + len(part.split())
        joins[j + 1] = joins[j] + joined[j]
    first = [n] * (n + 1)  # the first non-empty part from j on
    for j in range(n - 1, -1, -1):
        first[j] = j if parts[j] else first[j + 1]

    def words(a: int, b: int) -> int:
        if a >= b:
            return 0
        f = first[a]
        return counts[b] - counts[a] - (joins[b] - joins[a]) + (joined[f] if f < b else 0)

    return words


def html_to_text(html: str) -> tuple[str, dict[str, str | None]]:
    """Visible text of a HTML page and the metadata the page states.

    The text is this module's (see :class:`_TextExtractor`).  Title, date and address come
    from trafilatura's reading of the page (``og:title``, ``<title>`` less the site's name,
    the first ``<h1>``; the published date of its meta tags, JSON-LD or address; ``og:url``
    or the canonical link).  The publisher is only the site name the page states
    (``og:site_name``): trafilatura's, taken from the host name when the page states none,
    would be a guess.
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    site = parser.meta.get("og:site_name") or parser.meta.get("application-name")
    title, date, url = _page_metadata(html)
    fields = {
        "title": clean_field("title", title),
        "publisher": clean_field("publisher", canonical_outlet(site) or site),
        "date": clean_field("date", date),
        "url": clean_field("url", url),
    }
    return parser.text(), fields


#: Characters of a page read for its metadata: the head and the top of the body.
_META_CHARS = 1_000_000
#: htmldate's bounds: fixed (not "today"), so that a page's date never depends on when it is read.
_DATE_CONFIG = {"original_date": True, "extensive_search": False, "min_date": "1900-01-01",
                "max_date": "2100-12-31"}


def _page_metadata(html: str) -> tuple[str | None, str | None, str | None]:
    """``(title, date, url)`` of a page, as trafilatura reads them from its first
    :data:`_META_CHARS` characters."""
    from trafilatura.metadata import extract_metadata  # imported on the first page: it is slow to load

    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).addHandler(logging.NullHandler())  # untrusted pages: no warnings on stderr
    try:
        found = extract_metadata(html[:_META_CHARS], date_config=dict(_DATE_CONFIG))
    except (ValueError, TypeError, LookupError):  # a page lxml cannot read
        return None, None, None
    return found.title, found.date, found.url
