"""geo: map capture claims, denials, strikes and fortified places in war reporting.

The stages (see each module): :mod:`geo.ingest` -> :mod:`geo.spot` ->
:mod:`geo.resolve` -> :mod:`geo.tag`, run on one article by :mod:`geo.analysis`;
:mod:`geo.engines` runs it on many (in this process with a result cache, or on Dask);
:mod:`geo.output` writes the GeoJSON, the map and the exports as one commit; :mod:`geo.api`
composes them (read -> analyse -> write).  Importing the package loads no data.
"""

from .ingest import parse_text, read_articles
from .errors import ConfigError, GazetteerError, GeoError, InputError, OutputError
from .gazetteer import GeoNamesGazetteer, load_gazetteer
from .model import Article, Claim, Mention, Place, Resolution, Tag
from .analysis import analyse
from .api import Result, build, extract, iter_mentions

__all__ = [
    "Article",
    "Claim",
    "ConfigError",
    "GazetteerError",
    "GeoError",
    "GeoNamesGazetteer",
    "InputError",
    "Mention",
    "OutputError",
    "Place",
    "Resolution",
    "Result",
    "Tag",
    "analyse",
    "build",
    "extract",
    "iter_mentions",
    "load_gazetteer",
    "parse_text",
    "read_articles",
]

__version__ = "0.1.0"
