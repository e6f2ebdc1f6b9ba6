"""Spotting: an article's tokens -> the spans that name places (:class:`~geo.model.Mention`).

:mod:`~geo.spot.runs` finds the longest gazetteer name each capitalised run starts,
:mod:`~geo.spot.cues` the settlements the text names that the gazetteer may lack,
:mod:`~geo.spot.filters` the named filters that reject a name the text shows is no place
here, and :mod:`~geo.spot.find` walks an article with them.
"""

from .cues import located_by
from .find import find_mentions
from .language import article_language
from .words import folded

__all__ = ["article_language", "find_mentions", "folded", "located_by"]
