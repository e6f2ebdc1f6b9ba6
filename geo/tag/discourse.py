"""Across sentences: the source carried forward, and the claims a denial answers.

A report names its source once ("the Russian defence ministry said ...") and goes on
without it for a sentence or three; "the ministry said" names it by role.  A denial that
names no place ("Kyiv denied the claim") answers the capture claims just before it: all
of them when it speaks of claims in the plural, else the latest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Claim

__all__ = ["Discourse"]

_CARRY = 3  # sentences a source named without a role carries over
_ANSWER = 3  # sentences back a denial looks for the claims it answers
_CONTINUE = 2  # sentences a strike report's harm may follow it


@dataclass
class Discourse:
    """What the sentences so far have said."""

    source: str | None = None  # the side of the latest named speaker
    source_at: int = -100  # its sentence
    claims: list[tuple[int, Claim]] = field(default_factory=list)  # (sentence, capture claim)
    strike_at: int = -100  # the latest sentence that reported a strike
    strike_side: str | None = None  # and its attacker

    def continues_strike(self, si: int) -> bool:
        """Whether sentence ``si`` follows a strike report closely enough to go on with it
        ("... struck the region. In X an enterprise was damaged.")."""
        return si - self.strike_at <= _CONTINUE

    def carried(self, si: int, *, role: bool) -> str | None:
        """The source for sentence ``si``: any earlier one for a role ("the ministry said"),
        a recent one for a sentence that names none."""
        if self.source is None:
            return None
        return self.source if role or si - self.source_at <= _CARRY else None

    def heard(self, si: int, side: str | None) -> None:
        if side is not None:
            self.source, self.source_at = side, si

    def went_on(self, si: int, claimants: list[str | None]) -> None:
        """A sentence whose claims are the carried source's goes on with its report: the
        source reaches as far again from there (a ministry's list of places taken)."""
        if self.source is not None and self.source in claimants:
            self.source_at = max(self.source_at, si)

    def answered(self, si: int, denier: str | None, *, plural: bool) -> list[Claim]:
        """The capture claims a denial in sentence ``si`` answers."""
        recent = [(i, c) for i, c in self.claims if si - _ANSWER <= i <= si and c.claimant != denier]
        if not recent:
            return []
        if plural:
            return [c for _, c in recent]
        last = recent[-1][0]
        return [c for i, c in recent if i == last]
