"""Stage 3, tagging: resolved mentions over a parsed document -> Claims.

The language is data (``rules/``): a lexicon of words by class, the sides and their
people, and frames (one construction per rule, each with its examples).  The engine
matches frames over a :class:`~geo.tag.doc.Doc` made once per article; modifiers
(negation, modality, questions, history) apply to every frame in one place;
attribution finds who asserts, by named precedence; discourse links denials to the
claims they answer and carries sources across sentences.
"""

from .classify import classify, is_actor

__all__ = ["classify", "is_actor"]
