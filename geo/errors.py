"""Errors raised by the pipeline.

::

    GeoError
    ├── ConfigError(GeoError, ValueError)   unknown option value, bad engine name
    ├── InputError(GeoError)                unreadable/empty article, bad JSON-lines record
    ├── GazetteerError(GeoError)            data file missing or malformed (path:line)
    └── OutputError(GeoError, OSError)      cannot write the output folder

"Not found" is not an error: resolving an unknown name returns ``None``.
"""

from __future__ import annotations

__all__ = ["ConfigError", "GazetteerError", "GeoError", "InputError", "OutputError"]


class GeoError(Exception):
    """Root of every error this package raises on purpose."""


class ConfigError(GeoError, ValueError):
    """A bad option: the message names the value and lists the valid ones."""


class InputError(GeoError):
    """An article that cannot be read; the message names the file (and line)."""


class GazetteerError(GeoError):
    """Gazetteer data missing or malformed."""


class OutputError(GeoError, OSError):
    """An output file that cannot be written."""
