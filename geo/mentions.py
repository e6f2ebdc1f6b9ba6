"""Stage 1: Article -> place-name Mentions (character spans).

Requires a :class:`~geo.gazetteer.Gazetteer`; produces :class:`~geo.model.Mention`
objects sorted by offset, without overlaps.

A candidate is the longest run of words, starting and ending with a capitalised
word, whose name key the gazetteer knows.  Candidates are then dropped when the
text shows they are not places: part of a longer proper name ("Kyiv Independent",
"Washington Post"), a person ("President Lincoln", "Marco Rubio" and later
"Rubio"), a curated not-place ("Peace", "Victory"), or a sentence-initial common
word the article also writes in lower case.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from operator import and_
from typing import Sequence
from weakref import WeakKeyDictionary

from .gazetteer import Gazetteer
from .lexicon import folded, scanner
from .model import Article, Mention
from .text import Token, sentences, tokens
from .gazetteer.translit import cyrillic_nominatives, loose_key, name_key

__all__ = ["find_mentions"]

# Words after a place name that keep it a place ("Kursk Airport", "Kherson Oblast").
_PLACE_SUFFIX = frozenset(
    "oblast oblasts region regions province provinces krai kray raion district districts county "
    "city town village airport airbase port river square street avenue bridge station refinery "
    "plant dam bay sea coast front direction axis sector area areas governorate state territory "
    "peninsula community hromada reservoir lake island islands mountains metro".split())

# Capitalised heads that a place name modifies while staying a place ("Winnipeg Police",
# "Kharkiv Regional Administration", "Toronto General Hospital", "Calgary MLA").
_MODIFIER_HEAD = frozenset(
    "police department government council hospital university college school station premier mayor "
    "governor mla mp minister ministry court army military forces team zoo museum church cathedral "
    "harbour harbor international general regional municipal city state provincial national county "
    "district central north south east west northern southern eastern western metropolitan public "
    "transit fire emergency health energy administration authority authorities officials residents "
    "prosecutor prosecutors legislature parliament assembly senate gov senator sen rep president "
    "vice prime secretary ambassador envoy consul embassy consulate election elections border coast "
    "coastguard navy marines congress congressman congresswoman delegation mission".split())

# Words after a name that make it a newspaper, broadcaster or company ("Kyiv Independent",
# "India Today", "Washington Post"): the name is not a place there, even a country's.
_MEDIA_WORD = frozenset(
    "post times today independent herald journal tribune gazette telegraph express star sun mirror "
    "observer chronicle inquirer examiner courier dispatch standard guardian review bulletin register "
    "record daily weekly magazine pravda news radio tv television broadcasting airlines airways railways "
    "insider monitor".split())

# Capitalised words that may precede a place without making it part of another name.
_PLACE_PREFIX = frozenset(
    "the in on at from to of and for by with near into outside inside around across over under "
    "northern southern eastern western central north south east west northeastern northwestern "
    "southeastern southwestern greater occupied liberated frontline front-line embattled besieged "
    "downtown rural upper lower old new as but while after before since both all about via "
    "between toward towards through if when where although though however meanwhile also only "
    "even yet so then now today yesterday "
    # the division before its name in German and in titles: "die Region Krasnodar", "Oblast Kursk"
    "region gebiet oblast provinz".split())

# Words before a capitalised name that make it a person.
_PERSON_TITLE = frozenset(
    "mr mrs ms miss dr president presidents secretary minister envoy aide spokesman spokeswoman "
    "spokesperson senator sen governor gov mayor colonel col general gen commander chancellor pope "
    "king queen prince princess sheikh sir lord lady lieutenant lt captain capt sergeant sgt major "
    "maj admiral adm premier chairman chairwoman ambassador justice judge rep representative "
    "congressman congresswoman deputy director prosecutor saint-like emir ayatollah rabbi father "
    "brother sister uncle aunt professor prof journalist correspondent reporter photographer "
    "analyst expert blogger "
    # German, Portuguese, Spanish, French
    "präsident präsidentin sprecher sprecherin ministerin gouverneur bürgermeister bürgermeisterin kanzler "
    "kanzlerin regionalgouverneur presidente ministro ministra governador governadora prefeito porta-voz "
    "gobernador alcalde portavoz président ministre gouverneur maire porte-parole".split())

_MAX_SPAN_WORDS = 6


def _is_upper_initial(tok: Token) -> bool:
    return tok.text[:1].isupper()


def _title_case_lines(text: str, words: list[str], upper: list[bool], starts: list[int]) -> list[tuple[int, int]]:
    """Spans of lines written in Title Case (headlines), where capitals say nothing
    (``words``, ``upper``, ``starts``: the tokens' texts, capitalisation and start offsets)."""
    # Running counts of the words longer than three letters, and of those capitalised:
    # each sentence's share is then two subtractions.
    long_ = list(map((3).__lt__, map(len, words)))
    n_long = [0, *accumulate(long_)]
    n_upper = [0, *accumulate(map(and_, long_, upper))]
    spans = []
    for s in sentences(text):
        lo, hi = bisect.bisect_left(starts, s.start), bisect.bisect_left(starts, s.end)
        n = n_long[hi] - n_long[lo]
        if n < 4:
            continue
        ratio = (n_upper[hi] - n_upper[lo]) / n
        # A headline has no closing full stop; a sentence crowded with names has one.
        if ratio >= 0.9 or (ratio >= 0.75 and not s.text.rstrip("\"”’' ").endswith(".")):
            spans.append((s.start, s.end))
    return spans


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies in one of ``spans`` (sorted, not overlapping): a binary search,
    as an article of many short lines has thousands of them."""
    k = bisect.bisect_right(spans, (pos, _AFTER_ANY))
    return k > 0 and spans[k - 1][0] <= pos < spans[k - 1][1]


_AFTER_ANY = float("inf")


_JOINERS = (" ", "-", "‑", "–")  # what may stand between the words of one name


# Words before a saint's name that make "St. X" a saint, not a town.
_SAINT_CONTEXT = scanner(r"\b(?:church|cathedral|monastery|chapel|basilica|parish|feast|saints?|icon|relics|"
                            r"order)\s+of\s+(?:(?:the\s+)?(?:holy\s+)?(?:St|Ste|Saint)\.?\s+\w+\s+and\s+)?$", re.I)

# What a saint's name with a possessive names ("St. Paul's Hospital"), rather than a town.
_SAINT_INSTITUTIONS = frozenset("Hospital Cathedral Church Chapel Basilica Abbey School College University Academy "
                                "Infirmary Clinic Hall Monastery Parish".split())

# "St. Petersburg", "Mt. Vernon": an abbreviated first word joins the next with ". ".
_NAME_ABBREVIATIONS = frozenset({"St", "Ste", "Mt", "Ft"})


def _strip_possessive(s: str) -> int:
    """How many characters of a trailing possessive ('s, ’s) to drop."""
    return 2 if len(s) > 3 and s[-2] in "'’ʼ" and s[-1] in "sS" else 0


# "Klapaya village", "Borova settlement" written after: the same cue as "the village of X".
_SETTLEMENT_WORDS = frozenset({"village", "settlement", "hamlet", "khutir", "khutor"})

_SETTLEMENT_BEFORE = scanner(r"\b(?:(?:village|town|city|settlement|hamlet|villages|towns|settlements) of|"
                                r"khutor|khutors|khutori|khutir|"
                                # German: "die Ortschaft X", "das Dorf X", "die Orte X und Y"
                                r"Ortschaft|Ortschaften|Dorf|Dörfern?|Siedlung|Siedlungen|Orte|Ort|Kleinstadt|"
                                # Portuguese, Spanish, French, Italian: "a aldeia de X", "la localidad de X"
                                r"(?:aldeia|aldeias|vila|povoado|localidade|localidades|pueblo|localidad|"
                                r"localidades|aldea|village|villages|localité|localités|villaggio|località|"
                                r"cittadina) de)\s+$", re.I)


# The last words of every match of _SETTLEMENT_BEFORE, but for space: a token not
# preceded by one of them and white space is not searched.  Keep them in step.
_SETTLEMENT_BEFORE_ENDS = ("of", "khutor", "khutors", "khutori", "khutir", "schaft", "chaften", "dorf", "dorfer",
                           "dorfern", "dörfer", "örfern", "iedlung", "dlungen", "orte", "ort", "einstadt", "de")


# After a name: "X, a village south of Y", "X, a small town near Y": the text places X by Y.
_LOCATED_AFTER = re.compile(
    r",\s+an?\s+(?:(?:small|tiny|frontline|front-line|key|strategic|nearby|neighbouring|neighboring)\s+)?"
    r"(?:village|settlement|hamlet|town)\s+(?:just\s+|about\s+|some\s+|roughly\s+)?"
    r"(?:\d+(?:\.\d+)?\s*(?:km|kilometers|kilometres|miles)\s+(?:\([^)]{0,30}\)\s+)?)?"
    r"(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+of|near|outside|close\s+to)\s+(?:the\s+)?"
    r"(?=[A-Z])")


def located_by(text: str, end: int) -> int | None:
    """Where the place that locates a settlement starts, when the text after offset ``end``
    says "X, a village south of Y" (``end`` is X's end); else ``None``."""
    m = _LOCATED_AFTER.match(text, end)
    return m.end() if m else None
# Capitalised words that open a sentence without naming anything ("However, a village near ...").
_NOT_NAMES = frozenset("however meanwhile nearby there later earlier then also instead yesterday today tonight "
                       "overnight elsewhere separately still now here thus yet".split())


def _run_lasts(upper: list[bool], run_end: list[int]) -> list[int]:
    """For each token ``i``, the last token of the run of capitalised words starting at ``i``
    (computed from the end in one pass: walking each run from each of its words would take
    time quadratic in the run's length)."""
    lasts = list(range(len(upper)))
    for j in range(len(upper) - 2, -1, -1):
        if j < run_end[j] and upper[j + 1]:
            lasts[j] = lasts[j + 1]
    return lasts


def _located_settlement(text: str, toks: list[Token], i: int, last: int, lower_words: set[str]) -> bool:
    """Whether the capitalised run of tokens ``i``..``last`` is a settlement the text places
    by another ("Klishchiivka, a village south of Bakhmut"), not an ordinary word."""
    end = toks[last].end
    if not text.startswith(", a", end) or not _LOCATED_AFTER.match(text, end):
        return False
    first = toks[i].text.lower()
    return first not in _NOT_NAMES and not (last == i and first in lower_words)


def _taken_settlement(text: str, toks: list[Token], i: int, last: int, gazetteer: Gazetteer) -> bool:
    """Whether tokens ``i``..``last`` follow a capture verb or a preposition of place
    ("captured Ostapivske", "fighting near Ostapivske") and name a settlement of Ukraine's
    register that is not also an English word."""
    if not _TAKEN_BEFORE.search(text, max(0, toks[i].start - 40), toks[i].start):
        return False
    known = getattr(gazetteer, "has_settlement", None)
    key = name_key(text[toks[i].start:toks[last].end])
    return known is not None and key not in gazetteer.common_words and known(key)


def _listed_settlement(text: str, prev: Mention, toks: list[Token], i: int, last: int, gazetteer: Gazetteer) -> bool:
    """Whether tokens ``i``..``last`` continue a list of places ("the villages of Ostapivske and
    Klapaia", "captured Pokrovsk, Ostapivske and ...") and name a settlement of the register."""
    if not _LIST_JOIN.match(text, prev.end, toks[i].start):
        return False
    known = getattr(gazetteer, "has_settlement", None)
    return known is not None and known(name_key(text[toks[i].start:toks[last].end]))


# "X, Y", "X and Y", "X and then Y", "X as well as Y", and the dash of a direction ("X – Y")
_LIST_JOIN = re.compile(r"(?:,\s*|,?\s+and\s+(?:then\s+)?|\s+or\s+|\s+as\s+well\s+as\s+|\s*[–—]\s*|\s+-\s+)$")


# The last words of every match of _TAKEN_BEFORE: a name after any other word is not searched.
_TAKEN_LAST = frozenset({"captured", "seized", "liberated", "retook", "recaptured", "retaken", "taken", "took",
                         "entered", "overtook", "overran", "stormed", "surrounded", "encircled", "including",
                         "of", "over", "near", "outside", "around", "towards", "toward", "in", "at", "from"})
# A capture verb or a preposition of place right before a name: "captured", "took control of",
# "fighting near", "shelling in".
_TAKEN_BEFORE = re.compile(r"\b(?:captured|seized|liberated|retook|recaptured|retaken|taken|took|entered|"
                           r"overtook|overran|stormed|surrounded|encircled|including|"
                           r"(?:took|taken|seized|established|gained) (?:full |complete )?control (?:of|over)|"
                           r"near|outside|around|towards?|in|at|from|(?:outskirts|approaches|north|south|east|west) of)"
                           r"\s+(?:the\s+)?$", re.I)


def _settlement_before(text: str, prev: Token, tok: Token) -> bool:
    """Whether :data:`_SETTLEMENT_BEFORE` matches right before ``tok`` (``prev``: the word before it)."""
    return (text[prev.end:tok.start].isspace() and folded(prev.text[-7:]).endswith(_SETTLEMENT_BEFORE_ENDS)
            and bool(_SETTLEMENT_BEFORE.search(text[max(0, tok.start - 30):tok.start])))


def find_mentions(article: Article, gazetteer: Gazetteer, *, unknown: bool = True) -> list[Mention]:
    """Find the place names in an article.

    Parameters
    ----------
    article : Article
        The article; offsets refer to ``article.text``.
    gazetteer : Gazetteer
        Supplies the name keys (``has_key``/``lookup``/``lookup_loose``) and the
        curated ``not_places`` keys.
    unknown : bool
        Also return names the gazetteer lacks in any spelling where the text says
        they are settlements ("the village of X", "khutor X"); their key starts
        with ``?``.  Resolution asks the online fallback when there is one, else
        places them at the town of the district the sentence opens with.

    Returns
    -------
    list of Mention
        Sorted by ``start``, non-overlapping; ``text == article.text[start:end]``.

    Examples
    --------
    >>> from geo.model import Article
    >>> ms = find_mentions(Article("a", "Russia struck Kharkiv overnight."), gaz)  # doctest: +SKIP
    >>> [m.text for m in ms]                                                      # doctest: +SKIP
    ['Russia', 'Kharkiv']
    """
    text = article.text
    toks = tokens(text)
    if not toks:
        return []
    words = [t.text for t in toks]
    starts_list = [t.start for t in toks]
    upper = [w[0].isupper() for w in words]  # _is_upper_initial of each token
    run_end = _run_ends(text, toks, words)
    run_last = _run_lasts(upper, run_end)
    titled = _title_case_lines(text, words, upper, starts_list)
    # Offsets of each sentence's first word (after any opening quote, bracket or bullet).
    sentence_starts = set()
    for s_ in sentences(text):
        k = bisect.bisect_left(starts_list, s_.start)
        if k < len(toks) and toks[k].start < s_.end:
            sentence_starts.add(toks[k].start)
    lower_words = set(filter(str.islower, words))
    has_key = gazetteer.has_key
    known = _known_names(gazetteer)
    not_places = gazetteer.not_places
    common = gazetteer.common_words
    abbreviations = gazetteer.abbreviations
    max_words = min(gazetteer.max_words(), _MAX_SPAN_WORDS)
    language = article_language(words)
    foreign = getattr(gazetteer, "foreign_words", {}).get(language or "", frozenset())
    # German capitalises its nouns: "Gebiet Saporischschja" is no first name and surname.
    nouns = getattr(gazetteer, "language_words", {}).get(language or "", frozenset())

    person_tokens: set[str] = set()
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        if not upper[i]:
            i += 1
            continue
        tok = toks[i]
        last = run_last[i] if unknown else i
        located = unknown and _located_settlement(text, toks, i, last, lower_words)
        if unknown and (located or (i and _settlement_before(text, toks[i - 1], tok))
                        or (last + 1 < len(toks) and words[last + 1] in _SETTLEMENT_WORDS
                            and text[toks[last].end:toks[last + 1].start] == " ")
                        or (i and words[i - 1].lower() in _TAKEN_LAST and _taken_settlement(text, toks, i, last, gazetteer))
                        or (out and toks[i].start - out[-1].end <= 16
                            and _listed_settlement(text, out[-1], toks, i, last, gazetteer))):
            j = last
            end = toks[j].end - _strip_possessive(toks[j].text)
            run = name_key(text[tok.start:end])
            if not has_key(run) and ((located and " " in run and not gazetteer.lookup_loose(loose_key(run))) or (
                    _longest(text, toks, upper, run_end, i, max_words, has_key, known) is None
                    and _loose(text, toks, upper, run_end, i, gazetteer, min_words=1) is None)):
                # "Novoselivka Persha, a village near Avdiivka": the whole name, though "Novoselivka" alone is known
                # "the village of Stara Shchinka": a settlement the gazetteer lacks in any spelling
                key = "?" + run
                if j == i and end == tok.end and len(tok.text) >= 6 and tok.text[1:].islower() and not getattr(
                        gazetteer, "has_settlement", lambda k: False)(run) and gazetteer.lookup_fuzzy(loose_key(tok.text)):
                    key = "≈" + loose_key(tok.text)  # "the town of Dobrophillya": a misspelt town, if the text agrees
                out.append(Mention(article.id, tok.start, end, text[tok.start:end], key))
                i = j + 1
                continue
        abbr = tok.text if tok.text.endswith(".") else text[tok.start:tok.end + 1]
        if abbr.endswith(".") and abbr in abbreviations and (i == 0 or text[toks[i - 1].end:tok.start] != "-"):
            out.append(Mention(article.id, tok.start, tok.start + len(abbr), abbr, "@" + abbreviations[abbr]))
            i += 1
            continue
        if i > 0 and _strip_possessive(toks[i - 1].text) and _CITY_DISTRICT.match(text[tok.end:tok.end + 20]) \
                and has_key(name_key(toks[i - 1].text[:-2])):
            i += 1  # "Kharkiv's Kyivskyi district": a district of the city just named, not another place
            continue
        unit = _admin_unit(text, toks, i, has_key) if not _known(known, tok.text, has_key) else None
        if unit is None and text.startswith(" ", tok.end) and _AXIS_AFTER.match(text[tok.end:tok.end + 20]):
            unit = _axis_town(toks, i, gazetteer)
        if unit is not None:  # "the Marganetska community", "Shebekinsky District": the town's area
            out.append(Mention(article.id, tok.start, tok.end, tok.text, "^" + unit))
            i += 1
            continue
        found = _longest(text, toks, upper, run_end, i, max_words, has_key, known)
        loose = False
        # A loose match replaces a one-word exact one only when it is longer.
        alt = (_loose(text, toks, upper, run_end, i, gazetteer, min_words=1 if found is None else 2)
               if found is None or found[0] == i else None)
        if alt is not None and (found is None or alt[0] > found[0]):
            found, loose = alt, True
        if found is None and _fuzzy_ok(text, toks, i, sentence_starts, person_tokens, (common, not_places)):
            lk = loose_key(tok.text)
            if gazetteer.lookup_fuzzy(lk):
                out.append(Mention(article.id, tok.start, tok.end, tok.text, "≈" + lk))
                i += 1
                continue
        if found is None and tok.text[:1].isupper() and not tok.text.isupper():
            base = _cyrillic_base(gazetteer, tok.text)
            if base is not None:  # "от Константиновки", "города Дружковку": the town in another case
                out.append(Mention(article.id, tok.start, tok.end, tok.text, base))
                i += 1
                continue
        if found is None:
            _note_person(text, toks, i, titled, has_key, person_tokens, sentence_starts, common)
            i += 1
            continue
        j, end, key = found
        start = tok.start
        in_title = _in_spans(start, titled)
        reject = key in not_places or name_key(text[start:end]) in not_places
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        at_sentence_start = start in sentence_starts
        for other in (prev if prev is not None and text[prev.end:start] in ("-", "‑") else None,
                      nxt if nxt is not None and end == toks[j].end and text[end:nxt.start] in ("-", "‑") else None):
            # "Gora-Podol" is one name, not Podil; "Russia-Ukraine" names two countries and
            # "the Sloviansk-Kramatorsk agglomeration" two towns.
            if not reject and other is not None and _is_upper_initial(other):
                pair = key, name_key(other.text)
                reject = not (all(_is_area(gazetteer, k) for k in pair) or all(_is_town(gazetteer, k) for k in pair))
        if not reject and prev is not None and text[prev.end:start] == " ":
            p = prev.text.rstrip(".").lower()
            if p in _PERSON_TITLE:
                reject = True
            elif (i > 1 and _is_upper_initial(prev) and text[toks[i - 2].end:prev.start] == " "
                  and toks[i - 2].text.rstrip(".").lower() in _PERSON_TITLE):
                reject = True  # "Governor Pavel Malkov", "President Vladimir Putin": a title, a first name, a surname
            elif (_is_upper_initial(prev) and not in_title and p not in _PLACE_PREFIX
                  and not _strip_possessive(prev.text) and prev.start not in sentence_starts
                  and name_key(prev.text) not in nouns and (not has_key(name_key(prev.text)) or name_key(prev.text) in common
                       or name_key(prev.text) in not_places)):
                reject = True  # "Andrew Osborn", "Marco Rubio"
                pk = name_key(prev.text)
                if _NAME_PAIR.match(prev.text) and not has_key(pk) and pk not in common and j == i and not any(
                        c.kind != "city" or c.population >= _SURNAME_TOWN_POP for c in gazetteer.lookup(key)):
                    # and "Brunson" alone later is the same person; a city ("Shakhtar Donetsk") stays one
                    person_tokens.add(text[start:end])
        if not reject and nxt is not None and end == toks[j].end and text[end:nxt.start] == " ":
            nk = name_key(nxt.text)
            head = nxt.text.rstrip(".").lower()
            if head in _MEDIA_WORD and _is_upper_initial(nxt):
                reject = True
            elif (_is_upper_initial(nxt) and not in_title and head not in _PLACE_SUFFIX
                    and head not in _MODIFIER_HEAD and (not has_key(nk) or nk in common or nk in not_places)
                    and (not _is_area(gazetteer, key) or nk in not_places)):  # "U.S. Transportation Department": still the US
                reject = True  # "Kyiv Independent", "Washington Post", "India Today"
        surface = text[start:end]
        if not reject and tok.text in _NAME_ABBREVIATIONS and (
                _SAINT_CONTEXT.search(text[max(0, start - 50):start])
                or (end < toks[j].end and nxt is not None and nxt.text in _SAINT_INSTITUTIONS)):
            reject = True  # "the church of St. Peter and St. Paul", "St. Paul's Hospital": a saint
        if not reject and _UNIT_NAME.match(text[end:end + 30]):
            reject = True  # "the Dnepr group", "the Kherson battalion": a military unit's name
        if not reject and _NAMESAKE_THING.match(text, end, end + 20):
            reject = True  # "Shevchenko Street", "Molotov cocktails": named after the place, not in it
        water = _WATER_AFTER.match(text, end) if not reject and end == toks[j].end else None
        if water is not None:
            water_key = name_key(text[start:water.end()])
            if has_key(water_key):  # "the Dnipro river": the river itself
                end, key = water.end(), water_key
                surface = text[start:end]
            else:
                reject = True  # "across the Dnipro river": water, not the town named after it
                j += 1  # nor is the water word a place of its own ("Canal" is a village too)
        if not reject and ((text.endswith(_ORG_TAIL_ENDS, max(0, start - 60), start)
                            and _ORG_TAIL.search(text[max(0, start - 60):start]))
                           or _ORG_REGIONAL.match(text[end:end + 60])):
            reject = True  # "the Ministry of Defence of Ukraine", "the Poltava Regional Military Administration"
        if not reject and surface in person_tokens:
            reject = True
        if not reject and surface.lower() in _PERSON_TITLE:
            reject = True  # "sagte der Gouverneur", "the Governor": a title, not Gouverneur, New York
        if not reject and out and text[out[-1].end:start] == " " and surface.lower() in _PLACE_SUFFIX:
            reject = True  # "Ryazan City", "the Zaporizhzhia Front": part of the name before it
        if not reject and nxt is not None and end == toks[j].end and text[end:nxt.start] == " " and \
                _SURNAME.match(nxt.text) and not any(c.kind == "country" for c in gazetteer.lookup(key)) \
                and not _is_area(gazetteer, name_key(nxt.text)):
            reject = True  # "Vladimir Rogov", "Olha Stefanishyna": a first name before an East Slavic surname
        if not reject and at_sentence_start and surface.lower() in lower_words and " " not in surface:
            reject = True  # "Also", "Peace" written as an ordinary word elsewhere
        if not reject and loose and at_sentence_start:
            reject = True
        located = bool(_COMMA_CAPITAL.match(text, end, end + 3)) and _followed_by_region(
            text, toks, j, gazetteer, abbreviations)
        if not reject and not located and (key in common or (surface.isupper() and len(surface) > 1)):
            # "Secretary", "Still", "WAR", "IS": a word, unless it names somewhere big.
            reject = not _big_enough(gazetteer, key, loose, 1_000_000 if at_sentence_start else 100_000,
                                     regions=not surface.isupper())
        if not reject and foreign and " " not in surface and name_key(surface) in foreign:
            # "die Orte Nowoprokopiwka", "Meer", "Auch" in a German text: words of its language
            reject = not _named_in_language(gazetteer, name_key(surface))
        if reject:
            i = j + 1
            continue
        out.append(Mention(article.id, start, end, surface, ("~" if loose else "") + key))
        i = j + 1
    return out


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
_ORG_TAIL = scanner(_ORG_HEAD + r"(?: (?:of|for) [A-Z][\w'’]*(?: [A-Z][\w'’]*)*)? of (?:the )?$")
# How every text that _ORG_TAIL matches ends ("$" also matches before a final line break).
_ORG_TAIL_ENDS = (" of ", " of the ", " of \n", " of the \n")
_ORG_REGIONAL = re.compile(r"^\s+(?:regional|oblast|city)\s+(?:(?:state|military|civil|civil-military)\s+)*"
                           r"administration\b", re.I)
_CITY_DISTRICT = re.compile(r"^\s+(?:district|raion|neighbou?rhood|microdistrict)\b", re.I)
_UNIT_AFTER = re.compile(r"^\s+(?:territorial\s+)?(?:community|hromada|district|raion|rayon|municipality|"
                         r"municipal district|urban district|okrug)\b", re.I)
_ADJ_ENDINGS = ("ivskyi", "ivskiy", "ivska", "ivske", "ovskyi", "ovskiy", "ovsky", "ovskaya", "ovska", "inskyi",
                "inskiy", "insky", "inska", "ynskyi", "ynska", "skyi", "skiy", "sky", "skaya", "ska", "ske", "skoye",
                "skoe", "ka")
_STEM_TAILS = ("", "o", "a", "e", "ka", "ivka", "ovka", "ino", "yno", "ne", "ske", "sk", "ivske")


# Front-line axes named after a town with a Russian or Ukrainian adjective ("the Konstantinovskiy
# direction", "the Pokrovske axis" -> Kostiantynivka, Pokrovsk).
_AXIS_AFTER = re.compile(r"^\s+(?:direction|axis|sector|bridgehead|salient)\b", re.I)


def _stem_keys(word: str, endings: tuple[str, ...]):
    """Name keys of the towns an adjective may be formed from ("Marganetska" -> "marganets", ...)."""
    for end in endings:
        if word.lower().endswith(end) and len(word) - len(end) >= 4:
            stem = word[: len(word) - len(end)]
            for tail in _STEM_TAILS:
                yield name_key(stem + tail)


def _admin_unit(text: str, toks: list[Token], i: int, has_key) -> str | None:
    """The key of the town an adjectival district or community is named after, if any."""
    tok = toks[i]
    if not tok.text[1:].islower() or not _UNIT_AFTER.match(text[tok.end:tok.end + 40]):
        return None
    return next((key for key in _stem_keys(tok.text, _ADJ_ENDINGS) if has_key(key)), None)


def _axis_town(toks: list[Token], i: int, gazetteer: Gazetteer) -> str | None:
    """The key of the town of 10,000 or more of Ukraine or Russia a front's axis is named after with
    an adjective ("the Konstantinovskiy direction": Kostiantynivka), the biggest when several."""
    tok = toks[i]
    if not tok.text[1:].islower():
        return None
    best, size = None, 9_999
    for key in _stem_keys(tok.text, _ADJ_ENDINGS[:-1]):  # "Novopavlivka direction" is the town's own name
        pop = max((c.population for c in gazetteer.lookup(key) if c.country in ("UA", "RU")), default=0)
        if pop > size:
            best, size = key, pop
    return best


_LOCATIVE = scanner(r"\b(?:in|near|of|at|from|outside|over|into)\s+(?:the\s+)?$", re.I)


def _fuzzy_ok(text: str, toks: list[Token], i: int, sentence_starts: set[int], person_tokens: set[str],
              words: tuple[frozenset[str], ...]) -> bool:
    """Whether an unknown word may be tried as a misspelt place: a capitalised, lower-case-tailed
    word of 6+ letters after a locative preposition, not a name seen before, nor in any of the
    ``words`` sets (common words, demonyms, known non-places: "from Russian" is no typo of Rushon)."""
    tok = toks[i]
    w = tok.text
    if len(w) < 6 or not w[1:].islower() or tok.start in sentence_starts or w in person_tokens:
        return False
    key = name_key(w)
    if any(key in ws for ws in words):
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is not None and text[tok.end:nxt.start] == " " and _is_upper_initial(nxt):
        return False
    return bool(_LOCATIVE.search(text[max(0, tok.start - 20):tok.start]))


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
_PAIRED_TOWN_POP = 20_000


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


# The commonest short words of each language the foreign word lists cover, and of English:
# an article is in the language whose words are most of these it holds.
_FUNCTION_WORDS = {
    "en": frozenset("the and of to is was that for on with are were has have by from it its this".split()),
    "de": frozenset("der die das und ist nicht mit von den dem des ein eine zu im auf sich für wurde hatte".split()),
    "es": frozenset("el los las del que por una para con se lo como más fue al su sus".split()),
    "fr": frozenset("le les des est une dans pour qui sur au du pas avec ont été par aux".split()),
    "it": frozenset("il della che per sono del nel alla gli non con dei delle anche è".split()),
    "pt": frozenset("os das dos que uma para com não foi pelo pela em ao na no da mas sobre".split()),
}


def article_language(words: Sequence[str]) -> str | None:
    """The language of a text from its words, when it is clearly one of :data:`_FUNCTION_WORDS`'s
    ("en" included), else ``None`` (too short or mixed)."""
    counts = dict.fromkeys(_FUNCTION_WORDS, 0)
    for w in words:
        low = w.lower()
        for lang, common in _FUNCTION_WORDS.items():
            if low in common:
                counts[lang] += 1
    best = max(counts, key=lambda k: (counts[k], k == "en"))
    second = max(v for k, v in counts.items() if k != best)
    return best if counts[best] >= 5 and counts[best] >= 2 * second and counts[best] * 25 >= len(words) else None


def _named_in_language(gazetteer: Gazetteer, key: str) -> bool:
    """Whether a common word of the article's language is a place name in it as well: a
    country, a large city ("Berlin"), or a region by a name not its own (German "Krim" for
    Crimea), not a village or region whose own name the word is ("Orte", "Landes")."""
    return any(c.kind == "country" or (c.kind == "city" and c.population >= 100_000)
               or (c.kind in ("region", "other") and name_key(c.name) != key) for c in gazetteer.lookup(key))


def _cyrillic_base(gazetteer: Gazetteer, word: str) -> str | None:
    """The name key of the nominative of a Cyrillic name in another case (Russian or Ukrainian)
    that names a country, a region or a town of the former Soviet Union, else ``None``."""
    for cand in cyrillic_nominatives(word):
        key = name_key(cand)
        if key not in gazetteer.not_places and any(
                c.kind in ("country", "region") or c.country in _CASE_COUNTRIES for c in gazetteer.lookup(key)):
            return key
    return None


_CASE_COUNTRIES = frozenset({"UA", "RU", "BY"})


def _run_ends(text: str, toks: list[Token], words: list[str]) -> list[int]:
    """For each token ``k``, the last token of the run from ``k`` on whose gaps may all join
    the words of one name (a space or a hyphen; ". " after "St", "Mt" ...): ``k`` itself
    when the gap after it may not."""
    ends = list(range(len(toks)))
    for k in range(len(toks) - 2, -1, -1):
        gap = text[toks[k].end:toks[k + 1].start]
        if gap in _JOINERS or (gap == ". " and words[k] in _NAME_ABBREVIATIONS):
            ends[k] = ends[k + 1]
    return ends


#: Per gazetteer, the name key of each surface string asked about, or "" when the
#: gazetteer lacks it (see :func:`_known`): the same few thousand words recur in every article.
_KNOWN: WeakKeyDictionary[Gazetteer, dict[str, str]] = WeakKeyDictionary()


def _known_names(gazetteer: Gazetteer) -> dict[str, str]:
    """The :func:`_known` memo of ``gazetteer`` (a fresh one when it cannot be weakly referenced)."""
    try:
        memo = _KNOWN.get(gazetteer)
        if memo is None:
            memo = _KNOWN[gazetteer] = {}
    except TypeError:
        return {}
    if len(memo) >= 200_000:
        memo.clear()
    return memo


def _known(memo: dict[str, str], surface: str, has_key) -> str:
    """The name key of ``surface`` when the gazetteer has it, else "" (memoised in ``memo``)."""
    key = memo.get(surface)
    if key is None:
        key = name_key(surface)
        key = memo[surface] = key if key and has_key(key) else ""
    return key


def _longest(text: str, toks: list[Token], upper: list[bool], run_end: list[int], i: int, max_words: int,
             has_key, known: dict[str, str]) -> tuple[int, int, str] | None:
    """The longest gazetteer name starting at token ``i``: (last token, end offset, key).

    ``upper`` holds :func:`_is_upper_initial` of each token, ``run_end`` :func:`_run_ends`;
    ``known`` is the gazetteer's :func:`_known` memo."""
    start = toks[i].start
    for j in range(min(run_end[i], i + max_words - 1), i - 1, -1):
        if not upper[j] and j != i:
            continue
        tj = toks[j]
        cut = _strip_possessive(tj.text)
        for end in ((tj.end - cut, tj.end) if cut else (tj.end,)):  # without, then with, a possessive
            surface = text[start:end]
            key = known.get(surface)
            if key is None:
                key = _known(known, surface, has_key)
            if key:
                return j, end, key
    return None


def _loose(text: str, toks: list[Token], upper: list[bool], run_end: list[int], i: int, gazetteer: Gazetteer,
           min_words: int = 1) -> tuple[int, int, str] | None:
    """A loose-key match of one or two capitalised words (romanisation variants), of at
    least ``min_words`` words; ``upper`` and ``run_end`` as for :func:`_longest`."""
    for n in ((2, 1) if min_words <= 1 else (2,)):
        j = i + n - 1
        if j >= len(toks) or (n == 2 and not (upper[j] and run_end[i] > i)):
            continue
        end = toks[j].end - _strip_possessive(toks[j].text)
        surface = text[toks[i].start:end]
        if len(surface) < 5:
            continue
        lk = loose_key(surface)
        if gazetteer.lookup_loose(lk):
            return j, end, lk
    return None


_NAME_PAIR = re.compile(r"^[A-Z][a-z]+$")


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
