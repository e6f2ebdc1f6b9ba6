"""Who asserts, denies or attacks: speakers, agents, holders, and places that act.

Precedence for a claim, a denial or a fortification: the sentence's speaker ("Russia
said", "according to Kyiv", "..., the ministry said"), else the frame's agent ("captured
by Russian forces", "Russian forces captured"), else the side the cue names ("under
Russian control"), else the source carried from the sentences before
(:mod:`geo.tag.discourse`).  For a strike it is the attacker: the agent, the speaker
speaking of its own forces, the side accused, and else the side that does not hold the
place struck.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Tag
from .clauses import Side, Structure
from .doc import Doc, PlaceSpan
from .frame import Frame
from .lexicon import lexicon

__all__ = ["Speaker", "acting_places", "agent", "attacker", "back_reference", "speakers"]

_OPPOSITE = {"RU": "UA", "UA": "RU"}
_PREPS = frozenset("in on at of from to against over near into across around towards toward for with".split())
_SELF = frozenset("it its we our they their itself".split())
_OFFICE = frozenset("governor mayor administration authorities officials official council police prosecutors "
                    "prosecutor head chief region's city's regional military-civil".split())
_NOUN_BEFORE = frozenset("the a an its their his her our russian ukrainian 's such these those no any immediate "
                          "further official public".split())
_DATELINE_AFTER = frozenset("( — – - :".split())


@dataclass(frozen=True, slots=True)
class Speaker:
    """A verb of speech at token ``verb`` and the side of its subject (``None`` when the
    subject is a role or pronoun whose side the text named before: ``role`` is then set)."""

    verb: int
    side: str | None
    role: bool


def speakers(doc: Doc, st: Structure) -> list[Speaker]:
    """The verbs of speech of a sentence with their speakers."""
    lex = lexicon()
    words = doc.words
    out: list[Speaker] = []
    s = st.sent
    for k in range(s.lo, s.hi):
        w = words[k]
        foreign_according = w in lex.foreign["according"]  # "nach Angaben des russischen Ministeriums", "selon"
        according = (w == "according" and k + 1 < s.hi and words[k + 1] == "to") or foreign_according
        if not according and ((lex.verb("speech", w) is None and w not in lex.foreign["speech"])
                              or doc.covered[k] >= 0):
            continue  # (a verb of speech in English, or in another language: "teilte das Ministerium mit")
        adjective = any(x.hi == k and words[k - 1].endswith(("ian", "-backed", "-installed")) for x in st.sides)
        if not according and k > s.lo and (words[k - 1] in _NOUN_BEFORE or adjective) and (not w.endswith(
                ("ed", "ing")) or words[k - 1] in ("'s", "the", "a", "an", "its", "their")):
            continue  # "the Russian claims", "its reports": nouns; "Moscow's reported gains": an adjective
        if not according and k > s.lo and (lex.verb("speech", words[k - 1]) or lex.verb("deny", words[k - 1])):
            continue  # "said reports of ...", "denied claims that ...": the object of the verb before
        if not according and all(words[j] in ('"', "“", "'", "‘") for j in range(s.lo, k)) and k + 1 < s.hi and (
                words[k + 1] in ("from", "by", "of", "about", "that")):
            continue  # "“Claims from Russian commanders that ...”: a noun opening the sentence
        if according:
            after = k + (1 if foreign_according else 2)
            side = _side_after(st, after, 8)
            role = side is None and _role_after(doc, after, s.hi)
            if side is not None or role or not foreign_according:  # not "según el informe": a source of no side
                out.append(Speaker(k, side, role))
            continue
        if w.endswith("ing") and k > s.lo and words[k - 1] == ",":
            # "..., calling the gains propaganda", "..., saying ...": the sentence's speaker goes on
            prev = out[-1] if out else None
            out.append(Speaker(k, prev.side if prev else None, prev.role if prev else True))
            continue
        side, role = _subject_side(doc, st, k)
        if side is None and not role and lex.verb("address", w) is None:  # "told the Russian leader": whom it told
            side = _side_after(st, k + 1, 5)
            role = side is None and _role_after(doc, k + 1, s.hi)
        if role and side is None:
            side = _office_side(doc, st, k)  # "..., the head of the Kherson regional administration said"
        if role and side is None:
            # "thanked the Russian army, after commanders told him": a role takes the side its
            # sentence named before it, if any
            before = [x for x in st.sides if x.hi <= k and x.side != "other"]
            pick = 0 if _closing_role(words, s.lo, k) else -1  # "..., the ministry said": the report's subject
            side = before[pick].side if before else None
            role = side is None
        if side is not None or role:
            out.append(Speaker(k, side, role))
    return out


def _office_side(doc: Doc, st: Structure, k: int) -> str | None:
    """The side of a local office that speaks before the verb at ``k``: "the governor of the
    Belgorod region", "the head of the Kherson Regional Military Administration", "Kharkiv's
    mayor" speak for the country that holds their place (Russia for Crimea)."""
    words = doc.words
    lo = k - 1
    while lo > st.sent.lo and k - lo < 10 and words[lo - 1] not in (",", ";", ":", "(", "“", '"'):
        lo -= 1
    if not any(words[j] in _OFFICE for j in range(lo, k)):
        return None
    named = False
    for j in range(lo, k):
        span = doc.place_at.get(j) or _named_elsewhere(doc, j)  # an office's name is no place of its own
        named = named or doc.toks[j].text[:1].isupper() and words[j] not in _OFFICE
        if span is not None and span.res.place is not None and span.res.place.kind != "country":
            return _holder(doc, span)
    if named:  # "the head of the Kherson Regional Military Administration": the sentence's places
        for span in doc.places_in(st.sent.lo, st.sent.hi):
            if span.res.place is not None and span.res.place.kind != "country":
                return _holder(doc, span)
    return None


def _holder(doc: Doc, place: PlaceSpan) -> str | None:
    """The side that holds a place (see :func:`_not_holder`)."""
    return _OPPOSITE.get(_not_holder(doc, place) or "")


def _named_elsewhere(doc: Doc, j: int) -> PlaceSpan | None:
    """A place of the article whose name is the capitalised word at token ``j`` ("Kherson" of
    "the Kherson Regional Military Administration")."""
    tok = doc.toks[j]
    if not tok.text[:1].isupper():
        return None
    return next((p for p in doc.places if p.hi - p.lo == 1 and doc.words[p.lo] == doc.words[j]), None)


def _closing_role(words: list[str], lo: int, k: int) -> bool:
    """ "..., a commander said", "..., the ministry said": a role closing the sentence after a
    comma, whose side is that of the report's subject, not of the forces named last."""
    j = k - 1
    while j > lo and k - j <= 4 and words[j] != ",":
        j -= 1
    return words[j] == "," and words[j + 1] in _CLOSING_DETERMINERS


_CLOSING_DETERMINERS = frozenset("a an one the its his their".split())


def back_reference(doc: Doc, st: Structure) -> str | None:
    """The side of a sentence that names the source of what came before it: "This was
    reported by the head of the regional administration", "The governor said this on
    Telegram", "Об этом сообщает ...".  The subject or object of its verb of speech is a
    pronoun standing for the report ("this", "it"), and no clause follows the verb."""
    lex = lexicon()
    words = doc.words
    s = st.sent
    back = lex.words["back_reference"]
    for k in range(s.lo, min(s.hi, s.lo + 12)):
        if lex.verb("speech", words[k]) is None and words[k] not in lex.foreign["speech"]:
            continue
        before = range(s.lo, k)
        passive = k + 1 < s.hi and words[k + 1] in ("by", "in") and any(back.at(words, j) for j in before) and (
            k - s.lo <= 4)  # "This was reported by ...", "It is stated in the report of ..."
        active = k + 1 < s.hi and back.at(words, k + 1) and (k + 2 >= s.hi or words[k + 2] in _AFTER_BACK)
        foreign = words[k] in lex.foreign["speech"] and any(back.at(words, j) for j in before)  # "Об этом сообщает"
        if not (passive or active or foreign):
            continue
        if any(words[j] in ("that", ":") for j in range(k + 1, s.hi)):
            return None  # "It was reported that ...": the report follows
        sides = [x for x in st.sides if x.lo > k] if passive or foreign else [x for x in st.sides if x.hi <= k]
        if not sides:
            return None  # "This was reported by CNN": a source that is no side
        return sides[0].side if passive or foreign else sides[-1].side
    return None


_AFTER_BACK = frozenset(". , on in at to ; during".split())


def _side_after(st: Structure, lo: int, n: int) -> str | None:
    for side in st.sides:
        if lo <= side.lo < lo + n:
            return side.side
    return None


def _role_after(doc: Doc, lo: int, hi: int) -> bool:
    roles = lexicon().words["role"]
    return any(doc.words[k] in roles for k in range(lo, min(hi, lo + 5)))


def _subject_side(doc: Doc, st: Structure, k: int) -> tuple[str | None, bool]:
    """The side of the subject before a verb at ``k`` ("Russia's defence ministry said",
    "the ministry said", "Zelensky has repeatedly said")."""
    lex = lexicon()
    words = doc.words
    roles = lex.words["role"]
    lo = st.sent.lo
    sides = {s.hi: s for s in st.sides}
    role = False
    j = k - 1
    steps = 0
    while j >= lo and steps < 10:
        w = words[j]
        side = sides.get(j + 1)
        if side is not None:
            if j + 1 < len(words) and side.lo > lo and words[side.lo - 1] in _PREPS - {"of"}:
                return None, role  # "in Russia said": not the subject
            return side.side, False
        if w == ",":
            # "DeepState, a Ukrainian monitoring group, said": the apposition describes the subject
            m = j - 1
            while m >= lo and j - m < 24 and words[m] != ",":
                m -= 1
            if m >= lo and words[m] == "," and words[m + 1] in ("a", "an", "the", "which", "who", "known") and m - 1 >= lo:
                before = sides.get(m)
                if before is not None:
                    return before.side, False
        if w in roles:
            role = True
        elif w in (";", ":", "(", ")") or (w == "," and steps > 0 and not role):
            break
        elif w == "," and role and words[j + 1] in _CLOSING_DETERMINERS and j not in sides:
            break  # "..., a commander said": not "Zelensky, the president, said"

        elif w in lex.words["clause_end"] and w not in ("that",):
            break
        j -= 1
        steps += 1
    return None, role


def speaker_side(speaker: Speaker | None, carried: str | None) -> str | None:
    """A speaker's side, a role's side carried from the text before."""
    if speaker is None:
        return None
    return speaker.side if speaker.side is not None else carried


def sentence_speaker(doc: Doc, st: Structure, spk: list[Speaker], cue: int) -> Speaker | None:
    """The speaker of a cue: the nearest verb of speech before it, else one closing the
    sentence after it (", the ministry said.")."""
    before = [s for s in spk if s.verb <= cue]  # "Ukraine denied": the cue may speak itself
    if before:
        return before[-1]
    lo, hi = st.clause_of(cue)
    # after the cue: in its clause, or closing the sentence after a comma or a quotation
    # (", the ministry said on Tuesday.", "...,” Syrskyi said.")
    words = doc.words
    after = [s for s in spk if cue < s.verb < hi or (
        s.verb >= st.sent.hi - 10 and _closing(words, max(cue, s.verb - 7), s.verb))
             or _after_quote(words, cue, s.verb)]
    return after[0] if after else None


def _acts(words: list[str], side: Side) -> bool:
    """Whether a side mention can act: a name ("Russia", "Shoigu"), or a side's adjective on a
    force, weapon or attack ("Russian forces", "Ukrainian drones", "Ukrainian shelling"), not on
    anything else."""
    if not words[side.hi - 1].endswith(("ian", "ians")) or words[side.hi - 1].endswith("ians"):
        return True
    lex = lexicon()
    force, weapon, strike = lex.words["force"], lex.nouns["weapon"], lex.nouns["strike"]
    return any(words[k] in force or weapon.at(words, k) or strike.at(words, k)  # "Ukrainian shelling hit X"
               for k in range(side.hi, min(len(words), side.hi + 3)))


def _after_quote(words: list[str], cue: int, verb: int) -> bool:
    """Whether a closing quotation mark stands a few words before a verb of speech after the
    cue ('"... this fortified area ...," Mr Putin told commanders, using ...')."""
    return any(words[k] in ("”", '"') and words[k - 1] == "," for k in range(max(cue + 1, verb - 5), verb))


def _closing(words: list[str], lo: int, verb: int) -> bool:
    """Whether a comma or quotation mark, then only the speaker's words, stand before ``verb``."""
    ends = lexicon().words["clause_end"]
    for k in range(verb - 1, lo - 1, -1):
        if words[k] in (",", "”", '"'):
            return True
        if words[k] in ends:
            return False
    return False


def agent(doc: Doc, st: Structure, frame: Frame, spk: list[Speaker] | None = None) -> str | None:
    """The side acting in a frame: its passive agent, else the subject side before the cue
    in its clause ("Russian forces captured", "Ukraine's army liberated"), not a speaker's."""
    if frame.agent is not None:
        return frame.agent
    lo, _ = st.clause_of(frame.cue)
    words = doc.words
    if words[frame.cue].endswith("ing") and frame.cue - 1 == lo and words[lo] in ("after", "before", "since", "while",
                                                                                  "when", "by"):
        lo = st.sent.lo  # "Russian forces advanced after capturing X": the main clause's subject
    best: Side | None = None
    verbs = [s.verb for s in spk or ()]
    forces = lexicon().words["forces_foreign"]  # "Военные украинской армии атаковали": its forces strike
    for side in st.sides if frame.rule != "capture.fall" else ():  # a place falls: no side before it acts
        if any(side.lo < v < frame.cue for v in verbs) or side.kind == "media":
            continue  # "Russian channels said the drone attack ...": the speaker, not the attacker; media act not
        if side.hi == frame.cue:
            best = side  # "a Ukrainian strike", "Russian shelling"
            continue
        if frame.rule.endswith(".foreign"):
            # no word order is known in another language: a strike's attacker only by its adjective
            # ("unter russischem Beschuss"); a claim's by the first side the sentence names before it
            if frame.tag is not Tag.STRIKE and side.hi <= frame.cue:
                best = best or side
            elif side.hi < frame.cue <= side.hi + 2 and all(words[k] in forces for k in range(side.hi, frame.cue)):
                best = side
            continue
        if lo <= side.lo < frame.cue and not (side.lo > lo and words[side.lo - 1] in _PREPS):
            if any(a.lo <= side.lo < a.hi for a in frame.args):
                continue
            if not _acts(words, side):
                continue  # "a Russian warship appears damaged": an adjective of something else
            best = best or side  # the clause's subject comes first ("Russia has taken Ukrainian villages")
    if best is not None:
        return best.side
    if words[lo] in ("after", "when", "once", "before", "since", "as"):
        # "After Bakhmut fell, Russian forces moved on": the main clause's subject acted
        comma = next((k for k in range(frame.cue, st.sent.hi) if words[k] == ","), None)
        if comma is not None:
            nxt = [s for s in st.sides if comma < s.lo <= comma + 3]
            if nxt:
                return nxt[0].side
    if lo > st.sent.lo and any(words[k] in ("they", "it") for k in range(lo, min(frame.cue, lo + 3))):
        # "X, which they have been shelling": the pronoun stands for the side named before
        named = [s for s in st.sides if s.hi <= lo and not (s.lo > st.sent.lo and words[s.lo - 1] in _PREPS)]
        if named:
            return named[-1].side
    enemy = lexicon().nouns["enemy"]
    for k in range(lo, frame.cue):
        if enemy.at(words, k):
            return "enemy"
    return None


def attacker(doc: Doc, st: Structure, frame: Frame, place: PlaceSpan, spk: Speaker | None,
             carried: str | None, spk_all: list[Speaker] | None = None) -> str | None:
    """Who struck ``place`` in a strike frame (see the module docstring)."""
    words = doc.words
    for k in range(st.sent.lo, frame.cue):  # "accused Kyiv of shelling", "blamed Russia for"
        if words[k] in ("accused", "accuses", "blamed", "blames", "accusing", "blaming"):
            got = _side_after(st, k + 1, 4)
            if got is not None:
                return got
    side = agent(doc, st, frame, spk_all)
    if side == "enemy":
        side = _OPPOSITE.get(speaker_side(spk, carried) or "", None)
    if side is not None:
        return side
    words = doc.words
    s = st.sent
    for k in range(s.lo, frame.cue):  # "accused Kyiv of shelling", "blamed Russia for"
        if words[k] in ("accused", "accuses", "blamed", "blames", "accusing", "blaming"):
            got = _side_after(st, k + 1, 4)
            if got is not None:
                return got
    if spk is not None and spk.verb < frame.cue and _own_forces(words, spk.verb, frame.cue):
        own = speaker_side(spk, carried)
        if own is not None:
            return own  # "the ministry said its forces struck"
    installed = _installed(doc, st)
    if installed is not None and place.kind != "country":
        return _OPPOSITE[installed]  # "..., the head of the Moscow-backed administration said": Russia holds it
    return _not_holder(doc, place)


_INSTALLED = re.compile(r"(russian|russia|moscow|kremlin)-(backed|installed|appointed)$")


def _installed(doc: Doc, st: Structure) -> str | None:
    """The side whose installed authorities a sentence cites ("the Russian-installed
    governor", "the head of the Moscow-backed administration"): the side holding the places
    they speak for."""
    words = doc.words
    hi = st.sent.hi
    found = doc.once("installed", st.sent.lo, hi, lambda: any(
        _INSTALLED.match(words[k]) and any(words[j] in _OFFICE for j in range(k + 1, min(hi, k + 3)))
        for k in range(st.sent.lo, hi - 1)))
    return "RU" if found else None


def _own_forces(words: list[str], lo: int, hi: int) -> bool:
    """ "said its forces struck", "said it had hit", "we struck": the speaker attacked."""
    lex = lexicon()
    for k in range(lo, hi):
        if words[k] in _SELF and k + 1 < len(words):
            nxt = words[k + 1]
            if nxt in lex.words["force"] or lex.verb("strike", nxt) or (
                    nxt in ("had", "has", "have", "also") and k + 2 < len(words) and lex.verb("strike", words[k + 2])):
                return True
    return False


_OCCUPIED = re.compile(r"(?:russian|moscow|kremlin)?-?(?:occupied|held|controlled|annexed)$")


def _not_holder(doc: Doc, place: PlaceSpan) -> str | None:
    """The side that does not hold a place: Ukraine for Russia, Crimea and places the text
    calls occupied; Russia for the rest of Ukraine."""
    p = place.res.place
    assert p is not None
    words = doc.words
    k = place.lo - 1
    while k >= 0 and words[k] in ("the", "city", "town", "of", "village", "port", "temporarily"):
        k -= 1
    if k >= 0 and _OCCUPIED.match(words[k]) and not words[k].startswith(("ukrainian", "kyiv")):
        return "UA"
    if p.country == "RU" or p.admin1 in lexicon().held_admin1 or p.name in lexicon().held_admin1:
        return "UA"
    if p.country == "UA":
        return "RU"
    return None


def acting_places(doc: Doc, st: Structure) -> set[int]:
    """Token starts of the places that act in a sentence rather than being acted on: a
    speaker ("Kyiv said"), an owner ("Moscow's forces"), a leader ("Moscow-backed"), an
    office ("the Belgorod governor"), a dateline ("KYIV, Ukraine (AP) —")."""
    lex = lexicon()
    words = doc.words
    s = st.sent
    out: set[int] = set()
    owned = lex.words["force"]
    people = {x.lo for x in st.sides if x.kind == "people"}
    for span in doc.places_in(s.lo, s.hi):
        i, j = span.lo, span.hi
        tok = doc.toks[j - 1]
        m = span.res.mention
        if tok.end > m.end and doc.article.text[m.end:m.end + 1] == "-":
            out.add(i)  # "Moscow-backed"
            continue
        nxt = words[j] if j < s.hi else ""
        if nxt == "'s" and j + 1 < s.hi and (words[j + 1] in owned or words[j + 1] in lex.words["role"]
                                             or lex.nouns["claim"].at(words, j + 1)
                                             or j + 2 < s.hi and lex.nouns["claim"].at(words, j + 2)
                                             or words[j + 1] in ("defence", "defense", "foreign", "general")):
            out.add(i)
            continue
        if nxt in _OFFICE or nxt == "'s" and j + 1 < s.hi and words[j + 1] in _OFFICE:
            out.add(i)
            continue
        k = j
        while k < s.hi and k - j < 3 and (words[k] in ("has", "have", "had", "also", "again", "repeatedly", "later",
                                                       "earlier", "then", "now", "previously", "separately")
                                          or words[k].endswith("ly")):
            k += 1
        if k < s.hi and (lex.verb("speech", words[k]) or lex.verb("deny", words[k]) or (
                words[k] in lex.foreign["deny"] and (i == s.lo or words[i - 1] in (",", ";", ":")))) and span.kind != "region":
            out.add(i)
            continue
        if j in people:
            out.add(i)  # "Vladimir Saldo": a first name before a known surname is a person
            continue
        if i - 2 >= s.lo and words[i - 2] == "according" and words[i - 1] == "to":
            out.add(i)
            continue
        if i > s.lo and words[i - 1] in ("accused", "blamed", "accusing", "blaming", "between") or (
                i > s.lo + 1 and words[i - 1] == "by" and (lex.verb("speech", words[i - 2]) or lex.verb("deny", words[i - 2]))):
            out.add(i)
            continue
        if doc.line_start(i) and (nxt in _DATELINE_AFTER or nxt == "," and _dateline_tail(doc, j, s.hi)):
            out.add(i)
    return out


def _dateline_tail(doc: Doc, j: int, hi: int) -> bool:
    """ ", Ukraine (AP) —" after a place at a line's start."""
    words = doc.words
    k = j + 1
    while k < hi and k - j < 5 and words[k] not in _DATELINE_AFTER:
        k += 1
    return k < hi and words[k] in _DATELINE_AFTER and k - j < 5
