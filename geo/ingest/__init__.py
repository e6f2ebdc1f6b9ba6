"""Read news articles from files, folders and JSON lines.

Two public entry points:

* :func:`read_articles` walks the given files and folders and yields one
  :class:`~geo.model.Article` per article, reporting each broken input as an
  :class:`~geo.errors.InputError` (to a callback, or by raising it).
* :func:`parse_text` turns one text, Markdown or HTML body into an
  :class:`~geo.model.Article`, inferring ``title``, ``publisher`` and ``date``
  from the text when they are stated there.

Metadata is never guessed: a field whose value the input does not state in a
recognisable form is ``None``.  The rules are:

title
    Plain text / Markdown: among the first lines, a headline-like line
    (3 to 30 words, at most 200 characters, no sentence-final full stop,
    not a date, byline, dateline or photo caption) that the page repeats
    further down; else the *first* non-empty line if it is headline-like.
    Markdown ``# heading`` and front matter ``title:`` also count.
    HTML: ``og:title`` meta, else ``<title>`` (minus a ``| Site`` suffix naming
    the site), else the first ``<h1>``.
publisher
    Only from a place that states who published the article, never from an
    outlet merely quoted in the text ("Rubio told Fox News"): a dateline
    (``MOSCOW, Dec 3 (Reuters) -``), a byline (``By Jane Doe, CNN``), a
    ``Source: X`` / ``Publisher: X`` label (also with X on the next line) in
    the first lines, or a copyright line (``© 2025 Reuters``).  The name must be
    in the curated outlet table :data:`OUTLETS` (``outlets.tsv``); it is returned
    in its canonical spelling.  HTML: ``og:site_name`` first.  When nothing states
    it, the article's own address (a record's ``url``, ``og:url`` or the canonical
    link) on a site of the outlet table names it (``www.reuters.com/...``).
date
    ISO ``YYYY-MM-DD``.  In order of preference, within the first lines:
    an explicit stamp (``Published Nov 27, 2024``, ``Date: 2025-12-11``,
    ``Time`` followed by ``2025-12-03 15:29:57``), then an ``Updated ...``
    stamp, then a line that is nothing but a date (``Tuesday, October 4,
    2022``), then a dateline date (``MOSCOW, Dec 3 (Reuters)``) whose missing
    year is taken from a full date elsewhere in the text that lies within a
    month of it.  Dates inside running text or photo captions are never used
    on their own, so an article with only caption dates gets ``None``.
"""

from __future__ import annotations

from geo.ingest.decode import MAX_BYTES
from geo.ingest.files import read_articles, read_inputs
from geo.ingest.outlets import OUTLETS
from geo.ingest.parse import parse_text
from geo.ingest.unread import Unread

__all__ = ["MAX_BYTES", "OUTLETS", "Unread", "parse_text", "read_articles", "read_inputs"]
