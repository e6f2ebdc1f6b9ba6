"""The named reject filters: a gazetteer name the text shows is not a place here.

Each filter is a function ``(scan, candidate) -> bool`` (True: not a place) named in
:data:`REJECTS` with the reason in words, in the order they are tried; the first that
rejects decides.  Some note what they learn for later names (a surname seen after a first
name) or, for a river, extend the candidate (see :func:`_water`).
"""

from __future__ import annotations

import re
from typing import Callable, NamedTuple

from ..gazetteer import Gazetteer
from ..text import Token
from ..gazetteer.translit import name_key
from .language import _named_in_language
from .runs import _in_spans
from .scan import Candidate, Scan
from .words import (_MEDIA_WORD, _MODIFIER_HEAD, _NAME_ABBREVIATIONS, _PERSON_TITLE, _PLACE_PREFIX, _PLACE_SUFFIX,
                    _SAINT_INSTITUTIONS, _is_upper_initial, _strip_possessive)

_COMMA_CAPITAL = re.compile(r",\s*[A-Z]")


# A surname after a first name is the person again when written alone later in the article,
# unless the name is also a town this big (a club's "Shakhtar Donetsk") or a country or region.
_SURNAME_TOWN_POP = 100_000


# The endings of East Slavic surnames (Rogov, Leontiev, Putin, Shevchenko, Kovalchuk, Zelenskyy,
# Stefanishyna, Shmyhal, Lukashevich) as romanised in news; towns end so too, but a town is
# seldom written right before another capitalised name.
_SURNAME = re.compile(r"[A-Z][a-z]{2,}(?:ov|ova|ev|eva|yov|yova|in|ina|yn|yna|enko|chuk|czuk|uk|yuk|iuk|sky|skyi|skyy|"
                      r"skiy|ski|skaya|ska|ych|ich|vich|yan|ian|ishvili|adze|ko)$")


# Things named after a place that are not there: a street of a city ("Shevchenko Street",
# "Odeska Street" in Zaporizhzhia) or a word ("Molotov cocktails").
_NAMESAKE_THING = re.compile(r" (?:Street|St\.|Avenue|Ave\.|Boulevard|Blvd\.?|Lane|Prospekt|Prospect|Embankment|"
                             r"[Cc]ocktails?)\b")


# A water body's word after a name ("the Dnipro river", "the Kakhovka Reservoir").
_WATER_AFTER = re.compile(r" (?:[Rr]iver|[Rr]eservoir|[Ee]stuary|[Cc]anal)\b")


_UNIT_NAME = re.compile(r"^(?:\s+\([^()]{1,20}\))?\s+(?:group|grouping|battlegroup|battle group|battle-group|"
                        r"task force|group of forces|brigade|battalion|regiment|division|"
                        r"corps|fleet|flotilla|squadron|nuclear power (?:plant|station)|nuclear plant|npp|"
                        r"hydroelectric (?:power )?(?:plant|station)|hpp)\b", re.I)


_ORG_HEAD = (r"(?:Ministry|Staff|Forces|Service|Bank|Council|Committee|Office|Guard|Navy|Army|Embassy|"
             r"Prosecutor(?:'s)?(?: General)?|Court|Administration|Agency|Department|Institute|University|Academy|"
             r"Church|Police|Bureau|Commissioner|Ombudsman|Command|Directorate|Corporation|Company|Association)")


_ORG_TAIL = re.compile(_ORG_HEAD + r"(?: (?:of|for) [A-Z][\w'’]*(?: [A-Z][\w'’]*)*)? of (?:the )?$")


# How every text that _ORG_TAIL matches ends ("$" also matches before a final line break).
_ORG_TAIL_ENDS = (" of ", " of the ", " of \n", " of the \n")


_ORG_REGIONAL = re.compile(r"^\s+(?:regional|oblast|city)\s+(?:(?:state|military|civil|civil-military)\s+)*"
                           r"administration\b", re.I)


# Words before a saint's name that make "St. X" a saint, not a town.
_SAINT_CONTEXT = re.compile(r"\b(?:church|cathedral|monastery|chapel|basilica|parish|feast|saints?|icon|relics|"
                            r"order)\s+of\s+(?:(?:the\s+)?(?:holy\s+)?(?:St|Ste|Saint)\.?\s+\w+\s+and\s+)?$", re.I)


def _followed_by_region(text: str, toks: list[Token], j: int, gazetteer: Gazetteer,
                        abbreviations: dict[str, str]) -> bool:
    """Whether ", <region>" follows token ``j`` ("Churchill, Man.", "Reading, Pennsylvania")."""
    if j + 1 >= len(toks):
        return False
    nxt = toks[j + 1]
    abbr = nxt.text if nxt.text.endswith(".") else text[nxt.start:nxt.end + 1]
    return abbr in abbreviations or _is_area(gazetteer, name_key(nxt.text))


def _is_area(gazetteer: Gazetteer, key: str) -> bool:
    return any(c.kind in ("country", "region") for c in gazetteer.lookup(key))


# A town this big keeps its name when hyphened to another such town: the pair names a road,
# a front or an urban area between the two, not one compound place.
_PAIRED_TOWN_POP = 15_000


def _is_town(gazetteer: Gazetteer, key: str) -> bool:
    return key not in gazetteer.common_words and any(
        c.kind == "city" and c.population >= _PAIRED_TOWN_POP for c in gazetteer.lookup(key))


def _big_enough(gazetteer: Gazetteer, key: str, loose: bool, population: int, *, regions: bool) -> bool:
    """Whether a word-like name names a country, a large city or (if allowed) a region."""
    cands = gazetteer.lookup_loose(key) if loose else gazetteer.lookup(key)
    kinds = ("country", "region", "other") if regions else ("country",)
    # A word of two or three letters is a region only by the region's own name: "Go" in a
    # quote is no short form of Gorno-Badakhshan.
    return any((c.kind in kinds and (len(key) > 3 or c.kind == "country" or name_key(c.name) == key))
               or (c.kind == "city" and c.population >= population) for c in cands)


_NAME_PAIR = re.compile(r"^[A-Z][a-z]+$")


# German compound nouns of a place before its name ("Kohlebergbaustadt Wuhledar", "Frontstadt Pokrowsk").
_NOUN_OF_PLACE = ("stadt", "dorf", "siedlung", "ortschaft", "gebiet", "metropole", "hafenstadt", "kleinstadt")


def _note_person(text: str, toks: list[Token], i: int, titled, has_key, person_tokens: set[str],
                 sentence_starts: set[int], common: frozenset[str]) -> None:
    """Remember the surname of an unknown capitalised pair ("Marco Rubio") or a titled name."""
    tok = toks[i]
    if _in_spans(tok.start, titled) or i + 1 >= len(toks):
        return
    nxt = toks[i + 1]
    if text[tok.end:nxt.start] != " " or not _NAME_PAIR.match(nxt.text):
        return
    if tok.text.lower() in _PLACE_PREFIX:
        return
    title = tok.text.rstrip(".").lower() in _PERSON_TITLE
    nk = name_key(nxt.text)
    if not title and (tok.start in sentence_starts or (has_key(nk) and nk not in common)):
        return  # "Later Sloviansk lost power": a sentence-initial word and a place, not a person
    if tok.text.rstrip(".").lower() in _PERSON_TITLE or _NAME_PAIR.match(tok.text):
        person_tokens.add(nxt.text)


def _spaced(scan: Scan, c: Candidate, *, before: bool) -> Token | None:
    """The token right before (or after) the name with one space between, else None; after,
    only when the name ends where its last token does."""
    if before:
        prev = c.prev
        return prev if prev is not None and scan.text[prev.end:c.start] == " " else None
    nxt = c.nxt
    ok = nxt is not None and c.end == scan.toks[c.j].end and scan.text[c.end:nxt.start] == " "
    return nxt if ok else None


def _not_place(scan: Scan, c: Candidate) -> bool:
    return c.key in scan.gazetteer.not_places or name_key(c.surface) in scan.gazetteer.not_places


def _hyphened(scan: Scan, c: Candidate) -> bool:
    text, gaz = scan.text, scan.gazetteer
    prev, nxt = c.prev, c.nxt
    for other in (prev if prev is not None and text[prev.end:c.start] in ("-", "‑") else None,
                  nxt if nxt is not None and c.end == scan.toks[c.j].end and text[c.end:nxt.start] in ("-", "‑")
                  else None):
        if other is not None and _is_upper_initial(other):
            pair = c.key, name_key(other.text)
            if not (all(_is_area(gaz, k) for k in pair) or all(_is_town(gaz, k) for k in pair)):
                return True
    return False


def _after_title(scan: Scan, c: Candidate) -> bool:
    prev = _spaced(scan, c, before=True)
    return prev is not None and prev.text.rstrip(".").lower() in _PERSON_TITLE


def _titled_first_name(scan: Scan, c: Candidate) -> bool:
    prev, toks = _spaced(scan, c, before=True), scan.toks
    return (prev is not None and c.i > 1 and _is_upper_initial(prev) and scan.text[toks[c.i - 2].end:prev.start] == " "
            and toks[c.i - 2].text.rstrip(".").lower() in _PERSON_TITLE)


def _surname(scan: Scan, c: Candidate) -> bool:
    prev = _spaced(scan, c, before=True)
    if prev is None or not _is_upper_initial(prev) or c.in_title:
        return False
    pk, has_key, gaz = name_key(prev.text), scan.has_key, scan.gazetteer
    if scan.nouns and any(e.country in ("UA", "RU") for e in gaz.lookup(c.key)):
        return False  # German capitalises every noun: "des Abschnitts Swatowe" is no first name and surname
    if (prev.text.rstrip(".").lower() in _PLACE_PREFIX or _strip_possessive(prev.text)
            or prev.text.lower().endswith(_NOUN_OF_PLACE)  # "die Kohlebergbaustadt Wuhledar", "Frontstadt"
            or prev.start in scan.sentence_starts or pk in scan.nouns
            or not (not has_key(pk) or pk in gaz.common_words or pk in gaz.not_places)):
        return False
    if _NAME_PAIR.match(prev.text) and not has_key(pk) and pk not in gaz.common_words and c.j == c.i and not any(
            e.kind != "city" or e.population >= _SURNAME_TOWN_POP for e in gaz.lookup(c.key)):
        # and "Brunson" alone later is the same person; a city ("Shakhtar Donetsk") stays one
        scan.person_tokens.add(c.surface)
    return True


def _newspaper(scan: Scan, c: Candidate) -> bool:
    nxt = _spaced(scan, c, before=False)
    return nxt is not None and nxt.text.rstrip(".").lower() in _MEDIA_WORD and _is_upper_initial(nxt)


def _longer_name(scan: Scan, c: Candidate) -> bool:
    nxt = _spaced(scan, c, before=False)
    if nxt is None or not _is_upper_initial(nxt) or c.in_title:
        return False
    nk, head, gaz = name_key(nxt.text), nxt.text.rstrip(".").lower(), scan.gazetteer
    # "U.S. Transportation Department": still the US
    return (head not in _PLACE_SUFFIX and head not in _MODIFIER_HEAD
            and (not scan.has_key(nk) or nk in gaz.common_words or nk in gaz.not_places)
            and (not _is_area(gaz, c.key) or nk in gaz.not_places))


def _saint(scan: Scan, c: Candidate) -> bool:
    return scan.toks[c.i].text in _NAME_ABBREVIATIONS and bool(
        _SAINT_CONTEXT.search(scan.text[max(0, c.start - 50):c.start])
        or (c.end < scan.toks[c.j].end and c.nxt is not None and c.nxt.text in _SAINT_INSTITUTIONS))


def _unit(scan: Scan, c: Candidate) -> bool:
    return bool(_UNIT_NAME.match(scan.text[c.end:c.end + 30]))


def _namesake_thing(scan: Scan, c: Candidate) -> bool:
    return bool(_NAMESAKE_THING.match(scan.text, c.end, c.end + 20))


def _water(scan: Scan, c: Candidate) -> bool:
    """A water word after the name: the river itself when the gazetteer knows it by that
    name (the candidate then takes the word in), else the water, and the word is skipped too
    ("Canal" is a village as well)."""
    water = _WATER_AFTER.match(scan.text, c.end) if c.end == scan.toks[c.j].end else None
    if water is None:
        return False
    water_key = name_key(scan.text[c.start:water.end()])
    if scan.has_key(water_key):
        c.end, c.key = water.end(), water_key
        c.surface = scan.text[c.start:c.end]
        return False
    c.j += 1
    return True


def _institution(scan: Scan, c: Candidate) -> bool:
    text, start = scan.text, c.start
    return bool((text.endswith(_ORG_TAIL_ENDS, max(0, start - 60), start)
                 and _ORG_TAIL.search(text[max(0, start - 60):start]))
                or _ORG_REGIONAL.match(text[c.end:c.end + 60]))


def _person_seen(scan: Scan, c: Candidate) -> bool:
    return c.surface in scan.person_tokens


_PLACE_PREPS = frozenset("in at from to near into across throughout outside around of".split())


def _person_named(scan: Scan, c: Candidate) -> bool:
    if c.surface not in scan.people or c.i != c.j:
        return False
    prev = c.prev
    return not (prev is not None and prev.text.lower() in _PLACE_PREPS)  # "in Georgia" stays the place


# A ship before or around its name ("the cruiser Moskva", "a landing warship, the Novocherkassk,"),
# and an organisation described by its base ("London-based shipbroker Braemar").
_VESSEL_BEFORE = re.compile(r"\b(?:warship|ship|vessel|cruiser|frigate|corvette|submarine|destroyer|tanker|"
                            r"boat|carrier|icebreaker|landing ship)s?,?\s+(?:the\s+)?$", re.I)
_BASED_BEFORE = re.compile(r"\w-based\s+(?:[a-z]+\s+){1,3}$")


def _vessel_or_company(scan: Scan, c: Candidate) -> bool:
    before = scan.text[max(0, c.start - 40):c.start]
    return bool(_VESSEL_BEFORE.search(before) or _BASED_BEFORE.search(before))


def _title_word(scan: Scan, c: Candidate) -> bool:
    return c.surface.lower() in _PERSON_TITLE


def _suffix_of_previous(scan: Scan, c: Candidate) -> bool:
    out = scan.out
    return bool(out) and scan.text[out[-1].end:c.start] == " " and c.surface.lower() in _PLACE_SUFFIX


def _first_name(scan: Scan, c: Candidate) -> bool:
    nxt = _spaced(scan, c, before=False)
    gaz = scan.gazetteer
    return (nxt is not None and bool(_SURNAME.match(nxt.text))
            and not any(e.kind == "country" for e in gaz.lookup(c.key)) and not _is_area(gaz, name_key(nxt.text)))


def _word_elsewhere(scan: Scan, c: Candidate) -> bool:
    return c.at_sentence_start and c.surface.lower() in scan.lower_words and " " not in c.surface


def _loose_at_start(scan: Scan, c: Candidate) -> bool:
    return c.loose and c.at_sentence_start


def _common_word(scan: Scan, c: Candidate) -> bool:
    gaz, surface = scan.gazetteer, c.surface
    located = bool(_COMMA_CAPITAL.match(scan.text, c.end, c.end + 3)) and _followed_by_region(
        scan.text, scan.toks, c.j, gaz, gaz.abbreviations)
    if located or not (c.key in gaz.common_words or (surface.isupper() and len(surface) > 1)):
        return False
    return not _big_enough(gaz, c.key, c.loose, 1_000_000 if c.at_sentence_start else 100_000,
                           regions=not surface.isupper())


def _foreign_word(scan: Scan, c: Candidate) -> bool:
    if not scan.foreign or " " in c.surface or name_key(c.surface) not in scan.foreign:
        return False
    return not _named_in_language(scan.gazetteer, name_key(c.surface))


class Reject(NamedTuple):
    """A named filter and the reason it gives in words."""

    name: str
    reason: str
    test: Callable[[Scan, Candidate], bool]


#: The filters in the order they are tried.
REJECTS: tuple[Reject, ...] = (
    Reject("not_place", "a curated not-place (\"Peace\", \"Victory\")", _not_place),
    Reject("hyphened", "one name with the capitalised word hyphened to it (\"Gora-Podol\"), unless both are "
                       "areas or towns (\"Russia-Ukraine\", \"Sloviansk-Kramatorsk\")", _hyphened),
    Reject("after_title", "a person after a title (\"President Lincoln\")", _after_title),
    Reject("titled_first_name", "a surname after a title and a first name (\"Governor Pavel Malkov\")",
           _titled_first_name),
    Reject("surname", "a surname after an unknown first name (\"Andrew Osborn\", \"Marco Rubio\")", _surname),
    Reject("newspaper", "a newspaper, broadcaster or company (\"Kyiv Independent\", \"India Today\")", _newspaper),
    Reject("longer_name", "part of a longer proper name (\"Washington Post\")", _longer_name),
    Reject("saint", "a saint (\"the church of St. Peter and St. Paul\", \"St. Paul's Hospital\")", _saint),
    Reject("unit", "a military unit or a plant named after it (\"the Dnepr group\", \"the Kherson battalion\")",
           _unit),
    Reject("namesake_thing", "named after the place, not in it (\"Shevchenko Street\", \"Molotov cocktails\")",
           _namesake_thing),
    Reject("water", "water, not the town named after it (\"across the Dnipro river\")", _water),
    Reject("institution", "an institution's name (\"the Ministry of Defence of Ukraine\", \"the Poltava Regional "
                          "Military Administration\")", _institution),
    Reject("vessel_or_company", "a ship or a company named after a place (\"the cruiser Moskva\", "
                                "\"London-based shipbroker Braemar\")", _vessel_or_company),
    Reject("person_seen", "a surname seen after a first name earlier in the article", _person_seen),
    Reject("person_named", "a name the article shows to be a person's (\"Mather, 22,\", \"said Mather,\", "
                           "\"nine-year-old Georgia\")", _person_named),
    Reject("title_word", "a title (\"sagte der Gouverneur\", \"the Governor\")", _title_word),
    Reject("suffix_of_previous", "part of the name before it (\"Ryazan City\", \"the Zaporizhzhia Front\")",
           _suffix_of_previous),
    Reject("first_name", "a first name before an East Slavic surname (\"Vladimir Rogov\")", _first_name),
    Reject("word_elsewhere", "a sentence's first word the article writes in lower case elsewhere (\"Also\", "
                             "\"Peace\")", _word_elsewhere),
    Reject("loose_at_start", "only a loose spelling, at a sentence's start", _loose_at_start),
    Reject("common_word", "a common word or one in capitals (\"Secretary\", \"WAR\") that names nowhere big",
           _common_word),
    Reject("foreign_word", "a word of the article's language (\"Meer\", \"Auch\" in German)", _foreign_word),
)


def rejected(scan: Scan, c: Candidate) -> Reject | None:
    """The first of :data:`REJECTS` that rejects ``c``, or None: a place."""
    for r in REJECTS:
        if r.test(scan, c):
            return r
    return None
