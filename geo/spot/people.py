"""Names the article itself shows to be people, wherever they stand in it.

A reader who meets "Kati Mather, 22" or "said Mather, who ..." takes every later (and
earlier) "Mather" of the article for her, not for Mather, Pennsylvania.  The cues are
strong ones only: an age in apposition, "N-year-old X", "said X," a kinship
possessive ("Georgia's father") and a relative's name ("and wife, Tonya").  A name after a preposition of place ("in Georgia") is
still read as the place (see the ``person_named`` filter).
"""

from __future__ import annotations

import re

_NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"

# "Mather, 22, said", "Geneva Morgan, 82, of Glasgow": an age after a name.
_AGED = re.compile(rf"\b(?:({_NAME}) )?({_NAME}), (?:aged )?\d{{1,2}},")

# "Nine-year-old Georgia Stevens", "the 82-year-old Morgan"; not "a 25-year-old Paris, Missouri,
# man" nor "a 30-year-old Kyiv resident", where the name is the place the person is from.
_YEARS_OLD = re.compile(rf"\b(?:\d{{1,2}}|[A-Za-z]+)-year-old ({_NAME})\b(?: ({_NAME})\b)?"
                        r"(?!,\s*[A-Z]|\s+(?:man|woman|men|women|resident|residents|native|boy|girl|teen|teenager)\b)")

# "said Mather, who ...", "said Georgia." (the name right after a verb of saying, then a stop).
_SAID = re.compile(rf"\b(?:said|says|added|told|explained|recalled) ({_NAME})(?=[,.])")

# "Georgia's father", "Palma's cousin": kin of a person.
_KIN_WORDS = (r"(?:father|mother|wife|husband|son|daughter|brother|sister|family|parents|cousin|coach|lawyer|"
              r"grandmother|grandfather|children|friend|boyfriend|girlfriend)")
_KIN_AFTER = rf"['’]s {_KIN_WORDS}\b"
_KIN = re.compile(rf"\b({_NAME}){_KIN_AFTER}")


# "and wife, Tonya", "his son Pavlo": a relative's first name.
_RELATIVE_BEFORE = r"\b(?:wife|husband|son|daughter|brother|sister|mother|father|grandson|granddaughter),? "
_RELATIVE = re.compile(rf"{_RELATIVE_BEFORE}({_NAME})\b"
                       r"(?![ ,]+(?:[A-Z][a-z]+ )?(?:region|oblast|district|county|province))")


def people_named(text: str) -> frozenset[str]:
    """The single-word names ``text`` shows to be people.

    >>> sorted(people_named("Nine-year-old Georgia Stevens skates. Georgia's father said so."))
    ['Georgia', 'Stevens']
    """
    found: set[str] = set()
    for pattern, probe in _PATTERNS:
        if probe is None or probe.search(text):  # a cheap test first: most articles name no such person
            for m in pattern.finditer(text):
                found.update(g for g in m.groups() if g)
    return frozenset(found)


# Each pattern with a quick pattern every match of it contains (None: none): its part that
# needs no name, searched without the name's many starting points.
_PATTERNS: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...] = (
    (_AGED, re.compile(r", (?:aged )?\d{1,2},")), (_YEARS_OLD, re.compile("-year-old ")), (_SAID, None),
    (_KIN, re.compile(_KIN_AFTER)), (_RELATIVE, re.compile(_RELATIVE_BEFORE + "[A-Z]")))
