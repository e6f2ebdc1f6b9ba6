"""Resolution: Mentions -> Resolutions (a Place, or None with the reason).

:mod:`~geo.resolve.candidates` looks up a mention's entries, :mod:`~geo.resolve.cues` and
:mod:`~geo.resolve.evidence` read what the text says around it, :mod:`~geo.resolve.context`
what the article's other names stand for and where they lie, :mod:`~geo.resolve.features`
scores a candidate (the weights in one place), :mod:`~geo.resolve.register` asks Ukraine's
settlement register, and :mod:`~geo.resolve.passes` decides by named passes in order;
:mod:`~geo.resolve.stage` runs the two readings of an article.
"""

from .passes import PASSES, Pass
from .stage import APPOSITIONS, resolve

__all__ = ["APPOSITIONS", "PASSES", "Pass", "resolve"]
