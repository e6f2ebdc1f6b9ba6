"""geo: map capture claims, denials, strikes and fortified places in war reporting.

The stages (see each module): :mod:`geo.ingest` -> :mod:`geo.spot` ->
:mod:`geo.resolve` -> :mod:`geo.tag` -> :mod:`geo.geojson` / :mod:`geo.webmap`,
composed by :mod:`geo.pipeline`.  Importing the package loads no data.
"""

from .ingest import parse_text, read_articles
from .errors import ConfigError, GazetteerError, GeoError, InputError, OutputError
from .gazetteer import GeoNamesGazetteer, load_gazetteer
from .model import Article, Claim, Mention, Place, Resolution, Tag
from .pipeline import Result, analyse, build, extract, iter_mentions

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
