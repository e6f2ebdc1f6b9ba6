"""Constructions of striking: verbs and nouns of attack, launches, and the place of harm."""

from __future__ import annotations

from ..model import Tag
from .args import Finder
from .clauses import Structure
from .doc import Doc, PlaceSpan
from .frame import Frame, _NEAR, _anaphor_in, _by_agent, _list_after, _noun_use, _passive, _plural_settlements, _relative, _side_before, _targets
from .lexicon import lexicon


_STRIKE_PREPS = frozenset("in on at against targeting into of near across around".split())
# Verbs of damage after a strike noun: its place follows them.
_IMPACT = frozenset("killed kills hit hits struck damaged damages destroyed destroys injured injures wounded wounds "
                    "caused causes sparked sparks left leaves targeted set".split())
# Strike nouns that announce rather than report ("air raid alerts").
_ALERTS = frozenset("alert alerts alarm alarms siren sirens warning warnings".split())


# A participle of harm after a strike, naming where it fell ("..., killing one person in X").
_HARMING = frozenset("killing injuring wounding damaging destroying hitting".split())


def _coordinated(doc: Doc, find: Finder, j: int, hi: int) -> list[PlaceSpan]:
    """Further objects joined by "and" that name their place ("struck an oil terminal in X and
    an ammunition depot in occupied Y", "killed one person in X, injured one in Y, and another
    in Z"): Y and Z."""
    out: list[PlaceSpan] = []
    while True:
        more = _coordinated_one(doc, find, j, hi)
        if not more:
            return out
        out.extend(more)
        j = more[-1].hi


def _coordinated_one(doc: Doc, find: Finder, j: int, hi: int) -> list[PlaceSpan]:
    words = doc.words
    k = j
    while k + 1 < hi and k - j < 8 and words[k] not in (",", "and", ";") and doc.covered[k] < 0 and not (
            lexicon().verb("speech", words[k])):
        k += 1  # "shelled the region 23 times in a day, killing one person in X"
    if k + 1 < hi and words[k] == "," and words[k + 1] in _HARMING:
        j = k
    if j + 1 < hi and words[j] == "," and (words[j + 1] == "and" or words[j + 1] in _CONSEQUENCE | _HARMING):
        j += 1 if words[j + 1] == "and" else 0  # ", and another in Z", ", injuring one in Y"
    if not (j < hi and (words[j] == "and" or (words[j] == "," and words[j + 1] in _CONSEQUENCE | _HARMING))):
        return []
    for k in range(j + 1, min(hi, j + 8)):
        if words[k] in ("in", "at", "near") and k > j + 1:
            m = k + 1
            while m < hi and m - k < 4 and m not in doc.place_at and (
                    words[m] in find.bridge or words[m] in ("occupied", "russian-occupied")):
                m += 1
            span = find.place(m)
            return find.list_from(span, hi) if span is not None and span.kind != "country" else []
        if lexicon().verb("speech", words[k]) or words[k] in (",", ";"):
            return []
    return []


def _tally(doc: Doc, i: int, lo: int) -> bool:
    """A weapon in a tally of losses ("destroyed 20 drones", "shot down 5 missiles", "lost 300
    soldiers, two tanks and 15 drones"): back across the tally's list to its verb."""
    lex = lexicon()
    words = doc.words
    tally = lex.words["tally"]
    if not lex.nouns["weapon"].at(words, i):
        return False
    for k in range(i - 1, max(lo, i - 16) - 1, -1):
        if words[k] in tally:
            return True
        if words[k] in _TALLY_STOP or lex.verb("strike", words[k]) or lex.verb("speech", words[k]):
            return False
    return False


_TALLY_STOP = frozenset("but while which that who when after before ; : .".split())


def _strike(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    lex = lexicon()
    words = doc.words
    w = words[i]
    lemma = lex.verb("strike", w)
    n = lex.nouns["strike"].at(words, i)
    if lemma is None and not n:
        if w == "under" and i > lo and words[i - 1] in ("came", "come", "comes", "coming", "been", "was", "were",
                                                         "is", "are") and any(
                lex.nouns["strike"].at(words, k) or words[k] == "fire" for k in range(i + 1, min(hi, i + 4))):
            args = find.subjects(i - 1, lo)
            if args:
                return [Frame("strike.under_fire", Tag.STRIKE, i, i + 2, args)]
        return []
    if _mishap(doc, lo, hi):
        return []  # "an earthquake struck", "hit by a car", "a gas explosion"
    if (n or lemma == w) and i + max(n, 1) < hi and words[i + max(n, 1)] in _MODIFIES and w not in ("hit", "hits", "fire"):
        return []  # "search and strike operations", "drone units": what strikes, not a strike
    if w == "debris":  # "debris (from a downed drone) fell in X"
        j = i + 1
        while j < hi and j - i < 8 and not lex.verb("fall", words[j]):
            j += 1
        if j < hi and lex.verb("fall", words[j]):
            args = find.objects(j + 1, hi, preps=_STRIKE_PREPS, gap=6, loose=True)
            if args:
                return [Frame("strike.debris", Tag.STRIKE, i, j + 1, args)]
    if n and i + n < hi and words[i + n] in _ALERTS:
        return []
    if n and _tally(doc, i, lo):
        return []
    if w in ("explosion", "explosions", "blast", "blasts") and (not _armed(doc, st, i)
                                                                 or _mishap(doc, st.sent.lo, st.sent.hi)):
        return []  # explosions alone may be accidents; with a drone, a missile or an attacker, a strike
    if lemma == "target" and w in ("target", "targets"):
        lemma = None
    if w in ("hit", "hits") and i > lo and lex.nouns["weapon"].at(words, i - 1):
        n = 0  # "a missile hit X": the verb
    if lemma is not None and not (n and (_noun_use(words, i, lo) or _side_before(doc, st, i))):
        return _strike_verb(doc, st, find, i, lo, hi, lemma)
    if n:
        return _strike_noun(doc, st, find, i, lo, hi, n)
    return []


def _strike_verb(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int, lemma: str) -> list[Frame]:
    """A verb of striking: its object, a passive subject, the place of harm."""
    lex = lexicon()
    words = doc.words
    if lemma in ("launch", "fire"):
        return _launched(doc, st, find, i, lo, hi)
    if lemma == "reach":  # "the drones reached their targets in X": only so is reaching a strike
        j = i + 1 + (i + 1 < hi and words[i + 1] in ("its", "their", "the"))
        if not (j < hi and words[j] in ("target", "targets")):
            return []
        args = find.objects(j + 1, hi, preps=_STRIKE_PREPS, gap=6, loose=True)
        return [Frame("strike.verb", Tag.STRIKE, i, j + 1, args)] if args else []
    if lemma in ("destroy", "damage", "rock", "blast", "slam", "crash", "smash"):
        if i + 2 < hi and words[i + 1] in ("by", "during", "in", "after") and any(
                lex.nouns["strike"].at(words, k) for k in range(i + 2, min(hi, i + 6))):
            subjects = find.subjects(i, lo) if _passive(words, i, lo) and _armed(doc, st, i) else []
            if subjects:  # "Kyiv was rocked by explosions as Russia launched an attack"
                return [Frame("strike.passive", Tag.STRIKE, i, i + 1, subjects, agent=_by_agent(st, words, i, hi))]
            return _where(doc, find, st, i)  # "buildings damaged by a Russian strike, in X"
        if not _weapon_context(doc, st, i, lo):
            return []
    if _passive(words, i, lo):
        args = find.subjects(i, lo, pp_ok=True)
        if args:
            return [Frame("strike.passive", Tag.STRIKE, i, i + 1, args, agent=_by_agent(st, words, i, hi))]
    args = _list_after(doc, find, st, i + 1) if _plural_settlements(words, i + 1, hi) else []
    if not args:  # (above: "shelled 12 settlements in the Sumy region, including A and B": A and B)
        args = find.objects(i + 1, hi, preps=_STRIKE_PREPS | _NEAR, gap=10, loose=True, near=True, modifier_ok=True)
    if not args:
        args = _anaphor_in(find, i + 1, hi)  # "hit a shopping centre in the city"
    if args and _at_forces(doc, i + 1, args[0].lo):
        return []  # "targeting Ukrainian troops in X": fighting, not a strike on X
    if not args:
        args = _relative(doc, find, lo)  # "X, which they have been shelling"
    if args:
        return [Frame("strike.verb", Tag.STRIKE, i, i + 1, args + _coordinated(doc, find, args[-1].hi, hi))]
    return _fronted(doc, find, st, i, lo) or _where(doc, find, st, i)


def _strike_noun(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int, n: int) -> list[Frame]:
    """A noun of striking ("a drone attack on X", "shelling of X", "explosions were heard in X")."""
    lex = lexicon()
    words = doc.words
    w = words[i]
    if w in ("fire", "hit", "hits") and not (_noun_use(words, i, lo) or _side_before(doc, st, i)):
        return []
    j = i + n
    k = j
    while k < hi and words[k] in ("has", "have", "had", "also", "reportedly", "then", "later"):
        k += 1
    while k < hi and words[k] in ("were", "was", "been", "be"):
        k += 1
    if k < hi and words[k] in _HEARD and w in _BLASTS:  # "explosions were heard in X" (with a weapon named)
        args = [a for a in find.objects(k + 1, hi, preps=_STRIKE_PREPS, gap=6, loose=True) if a.kind != "country"]
        if args:
            return [Frame("strike.noun", Tag.STRIKE, i, j, args)]
    if k < hi and words[k] in _IMPACT:  # "a drone strike killed two people in X"
        args = [a for a in find.objects(k + 1, hi, preps=_STRIKE_PREPS, gap=12, loose=True) if a.kind != "country"]
        if args:
            return [Frame("strike.noun", Tag.STRIKE, i, j, args + _coordinated(doc, find, args[-1].hi, hi))]
    args = find.objects(j, hi, preps=_STRIKE_PREPS | _NEAR, gap=10, loose=True, near=True,
                        modifier_ok=True) if j < hi and (
        words[j] in _STRIKE_PREPS or words[j] in ("launched", "carried", "that", "which", "hit", "struck", "fell")
        or lex.verb("strike", words[j]) or words[j] == "also") else []
    # "Russia's attack on Ukraine" is the war; "an attack on energy facilities across Ukraine", strikes
    args = [a for a in args if a.kind != "country" or _targets(doc, j, a)]
    if args:
        return [Frame("strike.noun", Tag.STRIKE, i, j, args)]
    if w == "debris" and j < hi and lex.verb("fall", words[j]):
        args = find.objects(j + 1, hi, preps=_STRIKE_PREPS, gap=6, loose=True)
        if args:
            return [Frame("strike.debris", Tag.STRIKE, i, j + 1, args)]
    listed = _listed_after_colon(doc, find, st, i)
    if listed:  # "the following settlements came under drone attacks and shelling: A, B and C"
        return [Frame("strike.noun", Tag.STRIKE, i, j, listed)]
    return _fronted(doc, find, st, i, lo) or _where(doc, find, st, i)


def _listed_after_colon(doc: Doc, find: Finder, st: Structure, i: int) -> list[PlaceSpan]:
    """The places listed after a colon that closes a strike noun's clause, when the clause
    speaks of settlements ("The following settlements were under shelling: A, B, C")."""
    words = doc.words
    colon = next((k for k in range(i + 1, min(st.sent.hi, i + 12)) if words[k] in (":", ";")), None)
    if colon is None or words[colon] == ";" or not any(
            (lexicon().nouns["settlement"].at(words, k) or words[k] in ("communities", "localities"))
            and words[k - 1] not in ("from", "of") for k in range(st.sent.lo + 1, colon)):
        return []  # (not "firefighters came from three towns: A and B")
    return [p for p in find.in_clause(colon + 1, st.sent.hi) if p.kind != "country"]



_MODIFIES = frozenset("operation operations group groups capability capabilities unit units force potential "
                      "package brigade brigades battalion battalions regiment squadron systems system shelter shelters "
                      "squad squads disposal threat threats alert alerts warning warnings".split())
_BLASTS = frozenset("explosion explosions blast blasts".split())
_HEARD = frozenset("heard reported rang thundered occurred recorded".split())
_CONSEQUENCE = frozenset("killed kill kills died dead injured wounded damaged destroyed fire fires blaze outages outage "
                         "blackout blackouts casualties victims injuring killing damaging destroying electricity "
                         "power".split())
_OFFICES = frozenset("governor mayor administration authorities".split())
_FORCES = frozenset("troops forces soldiers units servicemen positions personnel fighters encampments formations "
                     "defenders garrison".split())


def _at_forces(doc: Doc, lo: int, hi: int) -> bool:
    return any(doc.words[k] in _FORCES for k in range(lo, hi))


def _where(doc: Doc, find: Finder, st: Structure, i: int) -> list[Frame]:
    """A strike whose verb or noun names no place, in a sentence that reports its harm:
    the place where it happened ("two killed in X after Russian shelling", a photo caption
    "... damaged by a Russian strike, in the town of X")."""
    words = doc.words
    s = st.sent
    harm = any(words[k] in _CONSEQUENCE for k in range(s.lo, s.hi))
    found = _harmed(doc, find, st, i) if harm else []  # "a fire broke out at the X refinery after a drone attack"
    if found:
        return found
    offices = [p for p in doc.places[find._first(s.lo):find._first(s.hi)] if _office(doc, p, s.hi)]
    # "the Belgorod governor said a drone hit a car": the place the governor speaks for
    return [Frame("strike.where", Tag.STRIKE, i, i + 1, offices[:1])] if offices else []


def _harmed(doc: Doc, find: Finder, st: Structure, i: int) -> list[Frame]:
    """The first place after "in" or "at" in a sentence that reports harm."""
    words = doc.words
    s = st.sent
    for k in range(s.lo, s.hi - 1):
        if words[k] in ("in", "at") and k != i:
            m = k + 1
            while m < s.hi and m - k < 6 and m not in doc.place_at and (
                    words[m] in find.bridge or words[m].endswith(("-occupied", "-held", "-controlled"))):
                m += 1
            span = find.place(m)
            if span is not None and span.kind != "country" and not find._is_locator(m):
                return [Frame("strike.where", Tag.STRIKE, i, i + 1, find.list_from(span, s.hi))]
    return []


def _office(doc: Doc, p: PlaceSpan, hi: int) -> bool:
    """ "the Belgorod governor", "Kherson's Moscow-installed authorities": a place an office speaks for."""
    words = doc.words
    if doc.toks[p.hi - 1].end > p.res.mention.end:
        return False  # "Moscow-installed": the place names who installed, not where
    k = p.hi
    while k < hi and (words[k] in ("'s", "regional", "region", "oblast", "city", "military")
                      or words[k].endswith(("-installed", "-backed", "-appointed"))):
        k += 1
    return k < hi and words[k] in _OFFICES


_ARMS = frozenset("strike attack shell bomb hit target launch".split())


def _armed(doc: Doc, st: Structure, i: int) -> bool:
    """Whether a sentence names a weapon or an attack besides an explosion at token ``i``."""
    lex = lexicon()
    words = doc.words
    return any(k != i and (lex.nouns["weapon"].at(words, k) or lex.verb("strike", words[k]) in _ARMS
                           or words[k] in ("attack", "attacks", "strike", "strikes", "shelling"))
               for k in range(st.sent.lo, st.sent.hi))


def _mishap(doc: Doc, lo: int, hi: int) -> bool:
    """Whether a clause tells of something that hits without an attacker."""
    lex = lexicon()
    words = doc.words
    return bool(doc.once("mishap", lo, hi, lambda: any(
        lex.words["mishap"].at(words, k) and not lex.nouns["weapon"].at(words, k)  # not "Storm Shadow"
        or words[k] == "by" and k + 2 < hi and words[k + 1] in ("a", "an", "the")
        and lex.words["vehicle"].at(words, k + 2) for k in range(lo, hi))))


def _weapon_context(doc: Doc, st: Structure, i: int, lo: int) -> bool:
    """Whether a weapon or strike noun stands before a damage verb in its clause."""
    lex = lexicon()
    words = doc.words
    return any(lex.nouns["strike"].at(words, k) for k in range(lo, i))


def _fronted(doc: Doc, find: Finder, st: Structure, i: int, lo: int) -> list[Frame]:
    """ "In Kharkiv, a missile hit a house": the place of a fronted "in X" is the strike's place."""
    words = doc.words
    s = st.sent.lo
    k = s
    while k < i and words[k] in ("also", "and", "meanwhile", "separately", "earlier", "later", '"', "“", ",",
                                  "overnight", "elsewhere"):
        k += 1
    if k < i and words[k] in ("in", "on", "at", "near"):
        k += 1
        while k < i and (k not in doc.place_at or doc.toks[k].end > doc.place_at[k].res.mention.end) and (
                words[k] in find.bridge or any(sd.lo == k for sd in st.sides)
                or words[k].endswith(("-occupied", "-held", "-controlled"))):
            k += 1
        span = find.place(k)
        if span is not None:
            args = find.list_from(span, i)
            end = args[-1].hi
            if any(words[m] == "," for m in range(end, min(i, end + 12))):
                return [Frame("strike.fronted", Tag.STRIKE, i, i + 1, args)]
    return []


def _launched(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    """ "launched 75 drones at Russia", "fired missiles on Kharkiv": the target after "at/on/against"."""
    words = doc.words
    lex = lexicon()
    j = i + 1
    while j < hi and j - i < 14 and words[j] not in ("at", "on", "against", "into", "toward", "towards", "targeting"):
        j += 1
    weapon = any(lex.nouns["strike"].at(words, k) for k in range(i + 1, j))
    # "the enemy fired at A, B and C", "opened fire on X": firing at a place needs no weapon named
    shot = j == i + 1 and words[j] in ("at", "on") and (words[i] in ("fired", "firing") or (
        words[i] == "fire" and i > lo and words[i - 1] in ("opened", "open", "opens", "opening", "to")))
    if j < hi and words[j] in ("at", "on", "against", "into", "targeting") and (weapon or shot):
        # a country too: "launched 120 drones against Ukraine"; fired at with no weapon: a place right there
        args = find.objects(j + 1, hi, gap=12, loose=True) if weapon else find.objects(j + 1, hi, gap=4)
        incl = next((k for k in range(j + 1, min(hi, j + 10)) if words[k] == "including"), None)
        if incl is not None and (not args or args[0].kind == "country"):
            # "fired 40 missiles at targets across Ukraine, including Kyiv and Lviv": the places named
            args = find.objects(incl + 1, hi, preps=frozenset({"in", "on", "at"}), gap=3) or args
        if args:
            return [Frame("strike.launch", Tag.STRIKE, i, j + 1, args)]
    return []
