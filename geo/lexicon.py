"""Word patterns the tagger reads: events, attribution, modality.

Kept apart from :mod:`geo.classify` so the rules there read as rules and the
vocabulary can grow without touching them.  Every pattern is compiled once, at
import (cheap: no data is loaded).

Scanning a sentence with one of the large case-insensitive alternations costs
tens of microseconds, and most sentences hold no cue.  :func:`may_match` answers
"could this pattern match here?" with a few substring tests on the
:func:`folded` sentence, using literal strings derived from the pattern itself
(so they follow the vocabulary as it grows).
"""

from __future__ import annotations

import importlib
import re
from typing import Any

__all__ = [
    "ACTOR_AFTER", "AFTERMATH", "DATELINE", "SOFT_DENIAL", "ACTOR_BEFORE", "CAPTURE", "DENIAL", "FORTIFIED", "HISTORY_WORDS", "INTERCEPT",
    "MODAL", "SIDES", "SPEECH", "STRIKE", "STRIKE_SUBJECT", "THIRD_PARTY", "folded", "may_match",
    "DISMISSAL", "LABELLED",
]

_I = re.I


def _parser() -> Any:
    try:
        return importlib.import_module("re._parser")  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        return importlib.import_module("sre_parse")


def scanner(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` for a pattern searched along a text, faster.

    ``re`` tries a large alternation at every position; a lookahead on the characters that
    every match starts with, read off the parsed pattern, rejects most positions at once.
    Matches are the same: the lookahead only restates what the pattern requires."""
    try:
        first = _first_chars(_parser().parse(pattern, flags))
    except Exception:  # pragma: no cover - an internal format we do not know: compile as is
        first = None
    if first:
        pattern = "(?=[" + "".join(re.escape(ch) for ch in sorted(first)) + "])" + pattern
    return re.compile(pattern, flags)


def _first_chars(items: Any) -> set[str] | None:
    """The characters that a match of the parsed sequence ``items`` can start with, or None
    when that is not known (or a match may be empty)."""
    items = list(items)
    for i, (op, av) in enumerate(items):
        name = getattr(op, "name", "")
        if name == "AT":
            continue  # \b, ^: zero-width
        if name == "LITERAL":
            return {chr(av)}
        if name == "IN":
            chars = set()
            for kind, value in av:
                if getattr(kind, "name", "") != "LITERAL":
                    return None  # a range, category or negation: not worth spelling out
                chars.add(chr(value))
            return chars
        if name == "SUBPATTERN":
            return _first_chars(av[-1])
        if name == "BRANCH":
            out: set[str] = set()
            for alt in av[1]:
                sub = _first_chars(alt)
                if sub is None:
                    return None
                out |= sub
            return out
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            sub = _first_chars(av[2])
            if sub is None or av[0] >= 1:
                return sub
            rest = _first_chars(items[i + 1:])  # optional: it or what follows
            return None if rest is None else sub | rest
        return None  # lookarounds, back references, any character: not known
    return None

CAPTURE = scanner(
    r"\b(?:captur(?:ed|ing|e of|es)|seiz(?:ed|ing|ure of|es)|(?:took|takes)(?: full| complete| total)? control|"
    r"liberates|retakes|recaptures|(?:forces|troops|army|units|soldiers) (?:liberate|capture|seize|retake|recapture)\b|"
    r"(?:taken|gained|won|established|seized|have|has|had) (?:full |complete |total )?control|"
    r"(?:full|complete|total) control (?:of|over)|"
    r"under (?:full |complete )?(?:russian|their|its|our|moscow['’]s) (?:full |complete )?control|"
    r"(?:back|returned|brought) (?:under|to) (?:full )?(?:ukrainian|kyiv['’]s) control|"
    r"regain(?:ed|ing)? (?:full )?control|re-?took control|"
    r"liberat(?:ed|ion of|ing)|retak(?:en|ing)|retook|recaptur(?:ed|ing)|re-?captur(?:ed|ing)|"
    r"cleared (?:completely|of)|is cleared|(?:has|have) (?:been )?cleared|"
    r"overr(?:an|un)|fell to(?= (?:the )?(?:russian|ukrainian|russia|ukraine|moscow|kyiv|enemy|invading|wagner|"
    r"separatist|pro-russian|pro-moscow)\b)|fall of|fell\b(?!\s+(?:on|onto|upon|near|into|in the|from|off|over|silent|ill|"
    r"short|behind|back|below|asleep|apart|down|out|through|sharply|slightly|by|victim|to|within|under|sick|"
    r"\d))|(?:has|had|have) (?:now |already |finally )?fallen\b(?! (?:silent|ill|short|behind|back|by|below|asleep))|(?:troops|forces|units|soldiers) (?:had |have |has )?(?:only )?(?:briefly )?entered|"
    r"entered (?:the )?(?:city|town|village)|"
    r"raised (?:a|the|their|its) (?:\w+ )?flags?|(?:flag|flags) (?:is|was|were|are) (?:already |now )?"
    r"(?:flying|raised|hoisted|in)|hoisted|wav(?:es|ed|ing) the (?:national|ukrainian|russian) flag|"
    r"took over|taken over|conquered|occupied by|(?:have|has|had) occupied|"
    r"now (?:fully )?control(?:s|led)?|(?:is|are|was|were) (?:now |fully |firmly )*in (?:full |complete )?control of|"
    r"took(?-i:(?= (?:the (?:city|town|village|settlement) of )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?"
    r"(?:\s*[,.;:)]|\s+(?:in|on|after|from|last|this|early|late|by|and|with|at|during|within|before|following|"
    r"earlier|back|itself)\b|\s*$)))|"
    r"(?:had|have|has)\s+(?:now\s+|already\s+|finally\s+)?taken\b(?!\s+(?:part|place|steps|measures|hold|"
    r"responsibility|over\b|into|to\b|a\b|an\b))|"
    r"(?:had|have|has) been taken\b(?!\s+(?:to|into|in|over|off|out|away|up|down|part|hostage|prisoner|captive|"
    r"ill|aback|seriously|for|as|into account))|"
    r"(?:was|were) taken by (?=(?:the )?(?:russian|ukrainian|russia|ukraine|moscow|kyiv)\b)|"
    r"pushed (?:\w+ )*?out of|driven out of|"
    r"control (?:of|over) (?:more than |about |around |nearly |almost )?\d+(?:\.\d+)?\s*(?:%|percent|per cent)|"
    r"(?:control(?:s|led)?|holds?|held|occupie[sd]) (?:about |around |nearly |almost |roughly |more than |over |"
    r"some )?(?:half|a third|two-thirds|three-quarters|\d+(?:\.\d+)?\s*(?:%|percent|per cent)|most|parts?|much) of)",
    _I)

DENIAL = scanner(
    r"\b(?:denied|denies|deny|denying|"
    r"(?:rejected|rejects|rejecting|refuted|refutes|refuting|dismissed|dismisses|dismissing|disputed|disputes|"
    r"disputing)(?:\s+[\w'’-]+){0,3}?\s+"
    r"(?:claims?|assertions?|reports?|statements?|allegations?|this|it|that|these|those)|"
    r"untrue|not true|"
    r"remain(?:s|ed)? (?:firmly |fully )?(?:under|in) ukrainian (?:control|hands)|"
    r"(?:are|is|were|was) (?:still )?holding(?: (?:their|its|the) (?:positions?|ground|line))?|"
    r"held (?:their|its|the) (?:positions?|ground|line)|"
    r"still (?:under|in) ukrainian (?:control|hands)|continues? to (?:hold|defend|control)|"
    r"continue to hold|still hold(?:s|ing)?|(?:are|is) (?:still )?holding|"
    r"(?:urban |street |heavy )?(?:combat|fighting|battles?|clashes) (?:was |is |are |were )?(?:still )?"
    r"(?:ongoing|continu(?:es|ed|ing))|which\s+\w+(?:\s+\w+)?\s+(?:denies|denied|disputes|disputed|rejects|rejected)|"
    r"a claim (?:that )?(?:[\w'’-]+\s+){1,3}?(?:has |have |had )?(?:rejected|denied|disputed|dismissed|refuted)|"
    r"failed to (?:capture|take|seize|encircle|break through)|"
    r"not been (?:lost|captured|taken|seized)|not under (?:russian|their|its|enemy|moscow['’]s) control|(?:has|had|have) not (?:fallen|been captured)|not captured|"
    r"clearing [\w\s]{0,40}? from|actively resisting)\b",
    _I)

# Words that deny when said of a claim ("the claims were false", "dismissed it as propaganda"),
# not otherwise ("Russian propaganda said"): see LABELLED.
DISMISSAL = scanner(r"\b(?:false(?! flag)|fake|fantasy|fantasies|propaganda|disinformation|misinformation|"
                    r"fabricat\w+|a lie|lies|nonsense)\b", _I)
# What comes before a DISMISSAL word that is said of a claim: a copula or a verb of labelling.
LABELLED = re.compile(r"\b(?:(?:is|are|was|were|be|been|as)\s+(?:[\w'’\"“-]+\s+){0,3}?|"
                      r"(?:called|calls|calling|branded|brands|described|describes|labell?ed|termed)"
                      r"(?!\s+(?:on|for|upon|in)\b)\s+(?:[\w'’\"“-]+\s+){0,5}?)[\"“']?$", _I)

# Denial cues that only deny when they answer a claim ("fighting still ongoing" after Moscow
# claimed the town); alone they report fighting.
SOFT_DENIAL = re.compile(
    r"\b(?:(?:are|is|were|was) (?:still )?holding|held (?:their|its|the)|combat|fighting|battles?|clashes|"
    r"clearing|actively resisting)", _I)

STRIKE = scanner(
    r"\b(?:strikes?|struck|striking|airstrikes?|air ?raids?(?! (?:alerts?|alarms?|sirens?|warnings?))|missiles?|"
    r"drones?|UAVs?|shell(?:ed|ing)|"
    r"artillery|bombard(?:ed|ment|ing)|bomb(?:ed|ing|s)|glide bombs?|rockets?|rocket fire|"
    r"attack(?:ed|s)?(?! on (?:ukraine|russia)\b)|hit|hits|explosions?|blasts?|came under (?:fire|attack)|"
    r"under fire|shrapnel|ATACMS|Storm Shadows?|Shaheds?|Iskanders?|Kalibrs?|HIMARS|mortar fire|shelled|"
    r"sank|sunk|sinking)\b",
    _I)

INTERCEPT = scanner(r"\b(?:intercept(?:ed|ing)?|shot down|downed|destroyed|repelled|repulsed|"
                       r"neutrali[sz]ed)\b", _I)

FORTIFIED = scanner(
    r"\b(?:fortress(?:es)?|stronghold|strongholds|bastion|bastions|fortified|fortifications?|"
    r"defensive (?:line|lines|belt|hub|bulwark|ring)|citadel|linchpin|bulwark|heavily defended|"
    r"well[- ]defended|entrenched|trenches|anti-tank (?:ditches|obstacles)|dragon['’]s teeth)\b", _I)

# Words before an event cue (same clause) that make it a forecast, plan, demand,
# threat, condition or question rather than a report.
MODAL = scanner(
    r"\b(?:would|will|could|might|may|shall|should|must|plans?|planned|planning|aims?|aimed|intends?|"
    r"intended|wants?|wanted|seeks?|sought|trying|tries|try|attempts?|attempting|in order|until|unless|"
    r"if|whether|demands?|demanded|demanding|threat(?:ens?|ened)?|ultimatum|expected|expects|goal|"
    r"hopes?|hoped|ready|prepar(?:es?|ed|ing)|pushing to|bid|effort|efforts|fail(?:ed|s)? to|"
    r"not yet|never|cannot|can't|won't|withdraw|retaliat\w*|vow(?:s|ed)?|warn(?:s|ed)?|"
    r"advancing on|advance on|approach(?:ing|es)?|encircl\w*|threaten\w*|ordered|order|"
    r"take|seize|capture|gain|establish|regain|retake|liberate|(?:with)?in (?:striking |firing |easy )?range|"
    r"work(?:s|ing|ed)? towards?|towards? (?:taking|capturing|seizing|gaining|establishing|full control)|"
    r"in reach|reach of)\b", _I)

HISTORY_WORDS = scanner(r"\b(?:in|back in|during|early|late|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
                           r"nov|dec)[a-z]*\.?(?:\s+\d{1,2},?)?)\s+((?:19|20)\d\d)\b", _I)

# Armed parties other than Russia and Ukraine: they can be a strike's attacker ("other").
_THIRD_PARTIES = (r"israel|israeli|israelis|idf|hamas|hezbollah|houthis?|iran|iranian|american|north korean|"
                  r"belarusian|syrian army")
THIRD_PARTY = re.compile(r"(?:" + _THIRD_PARTIES + r"|nato|pentagon|washington)\b", _I)

# Attribution: who asserts.  Order matters only for readability; the longest match
# at a position wins because alternatives are tried left to right per side.
SIDES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("RU", scanner(
        r"\b(?:russia|russian|russians|moscow|kremlin|putin|gerasimov|shoigu|belousov|peskov|zakharova|"
        r"ushakov|lavrov|konashenkov|medvedev|rossiyskaya|tass|ria novosti|russia['’]s|moscow['’]s|"
        r"putin['’]s|pro-russian|pro-moscow|separatists?|gladkov|kremlin['’]s)\b", _I)),
    ("UA", scanner(
        r"\b(?:ukraine|ukrainian|ukrainians|kyiv|kiev|zelensky|zelenskyy|zelenskiy|zelenskyi|syrskyi|"
        r"syrsky|budanov|umerov|shmyhal|sybiha|kuleba|yermak|brigade|corps|azov|khortytsia|"
        r"ukraine['’]s|kyiv['’]s|kiev['’]s|zelensky['’]s|general staff of ukraine|ukrinform|"
        r"lysak|vilkul|syniehubov|prokudin|fedorov)\b", _I)),
    ("other", scanner(
        r"\b(?:isw|institute for the study of war|deepstate|deepstatemap|analysts?|monitors?|observers?|"
        r"experts?|osint|military bloggers?|war bloggers?|united nations|the un|un |nato|pentagon|"
        r"white house|washington|rubio|trump|witkoff|pundits?|researchers?|" + _THIRD_PARTIES + r")\b", _I)),
)

# A reporting verb right after an actor makes it the speaker.
SPEECH = re.compile(
    r"^(?:,\s*[^,]{0,120},)?(?:\s+[\w'’.-]+){0,3}?,?\s+"
    r"(?:has\s+|have\s+|had\s+|also\s+|repeatedly\s+|on\s+\w+\s+)*(?:said|says|say|claimed|claims|claim|announced|announces|reported|reports|"
    r"stated|states|confirmed|confirms|asserted|asserts|insisted|insists|added|told|wrote|posted|"
    r"denied|denies|rejected|rejects|dismissed|maintains|declared|declares|according|acknowledged|acknowledges|"
    r"admitted|admits|conceded|concedes|"
    r"describe[sd]?|call(?:s|ed)?|dub(?:s|bed)?|consider(?:s|ed)?|view(?:s|ed)?|estimate[sd]?|assess(?:es|ed)?)\b",
    _I)

# An actor right before these makes it the attacker.
STRIKE_SUBJECT = re.compile(
    # "accused Kyiv of shelling", "blamed Russia for the strike"
    r"^\s+(?:of\s+(?:deliberately\s+)?(?:shelling|attacking|striking|bombing|hitting|targeting|firing)|"
    r"for\s+(?:the\s+)?(?:\w+\s+)?(?:strikes?|attacks?|shelling|bombing))\b|"
    r"^(?:['’]s)?\s*(?:(?:armed |air |military |naval )?(?:forces|military|army|navy|air force|general staff)\s+"
    r"(?:also\s+|earlier\s+|later\s+)?(?=said|says|claimed|claims|reported|announced))?"
    r"(?:(?:also\s+|earlier\s+|later\s+)?(?:said|says|claimed|claims|reported|announced)\s+"
    r"(?:(?:on|late on|early on|overnight on)\s+\w+\s+|overnight\s+)?(?:that\s+)?"
    r"(?:it|they|its\s+(?:\w+\s+)?(?:forces|troops|drones|military|army|navy|units))\s+(?:had\s+|have\s+|has\s+)?)?"
    r"\s*(?:(?:armed |air |military |army |naval )?(?:forces|troops|military|army|navy|air force|"
    r"units|aircraft|jets|warplanes|gunners)\s+)?(?:also\s+|again\s+|then\s+|reportedly\s+|have\s+|has\s+|had\s+)*"
    r"(?:struck|strikes|strike|attacked|attacks|attack|shelled|shells|hit|hits|launched|launches|fired|fires|"
    r"bombed|bombs|targeted|targets|carried out|pounded|pounds|used|sent|sank|sunk|"
    r"(?:military |missile |drone |artillery |air |glide bomb |rocket |ballistic |cruise |mortar )+"
    r"(?:strikes?|attacks?|fire|shelling|barrages?)|missiles?|drones?|strikes?|attacks?|artillery|shelling|"
    r"uavs?|rockets?|glide bombs?|bombs?|airstrikes?|air strikes?|air raids?|warplanes?|jets?)\b", _I)

# A place followed by these acts as a speaker or actor, not as an event place.
ACTOR_AFTER = re.compile(
    r"^-(?:installed|backed|based|led|controlled|appointed|allied|aligned|friendly|born|held|run|imposed|"
    r"sponsored|supported|brokered|made)\b"
    r"|^(?:['’]s\s+(?:armed\s+)?(?:forces|troops|army|military|men|soldiers|units|defen[cs]e ministry|ministry|"
    r"government|officials|claims?|assertions?|reported gains|gains|foreign ministry|envoys?|representatives?|"
    r"delegation|side|position|leadership|proposals?|plan|demands?|allies|authorities|offensive|invasion|war|"
    r"attacks?|strikes?|missiles?|drones?|negotiators?|president|leader|mayor|governor|governments?)\b"
    r"|(?:\s+and\s+(?-i:[A-Z])[\w'’-]+)?"  # "Kyiv and Moscow traded accusations"
    r"\s*(?:,\s*which[^,]{0,80},\s*)?(?:has\s+|had\s+|have\s+|is\s+|was\s+)?"
    r"(?:also\s+|repeatedly\s+|previously\s+|now\s+|quickly\s+|swiftly\s+|firmly\s+|again\s+|long\s+|later\s+|then\s+|earlier\s+|still\s+)?"
    r"(?:said|says|denied|denies|claimed|claims|announced|announces|rejected|rejects|accused|accuses|"
    r"insisted|insists|warned|warns|stated|confirmed|responded|dismissed|dismisses|refuted|blamed|blames|"
    r"demanded|demands|wants|refers|argued|argues|believes|maintains|considers|agreed|agrees|signed|"
    r"controls|holds|held|occupies|annexed|annexes|relies|relied|uses|used|continues|continued|needs|"
    r"seeks|sought|plans|planned|moved|moves|pushes|pushed|deployed|deploys|mobili[sz]ed|faces|faced|"
    r"prepares|prepared|expects|expected|insisted|lost|won|wins|gained|gains|"
    r"hopes|acknowledged|admitted|offered|proposed|launched|launches|sent|sends|fired|fires|struck|"
    r"strikes|attacked|attacks|hit|hits|shelled|carried out|responded|retaliated|has not yet commented|"
    r"vowed|vows|threatened|threatens|welcomed|condemned|condemns|called|calls|traded|exchanged|trade|exchange))\b", _I)

ACTOR_BEFORE = scanner(
    r"\b(?:according to|by|blam(?:ed|ing|es)|accus(?:ed|ing|es)|told|between|"
    r"sanctions on|pressure on|envoys? to|visit(?:ed|s)? to|talks in|talks with)\s+(?:the\s+)?$", _I)

# Damage and casualties: a sentence with these right after a strike report continues it
# ("Also Russia attacked settlements in the region. In Pavlohrad an enterprise was damaged.").
AFTERMATH = scanner(r"\b(?:damaged|destroyed|dead|killed|injured|wounded|casualties|rubble|"
                       r"fire (?:broke out|started)|blaze|were hit|was hit|came under)\b", _I)

# A dateline: "KYIV, Dec 3 (Reuters) -", "ISTANBUL (AA) -", "MOSCOW:" at the start of a line.
DATELINE = re.compile(r"^\s*(?:,\s*[A-Z][A-Za-z.'’]*(?:\s+[A-Z][A-Za-z.'’]*){0,2}(?=\s*[,(\-–—])\s*)?"  # ", Ukraine", ", N.Y."
                      r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)\s*)?"
                      r"(?:\([^()\n]{1,40}\)\s*)?[-–—:]\s")


def folded(text: str) -> str:
    """``text`` lower-cased for :func:`may_match`: every character that a case-insensitive
    pattern matches to an ASCII character becomes that character (the dotted ``İ``,
    dotless ``ı`` and long ``ſ`` included).  Offsets are not kept."""
    low = text.lower()
    if not low.isascii():
        low = low.replace("\u0307", "").replace("ı", "i").replace("ſ", "s")
    return low


def may_match(rx: re.Pattern[str], folded_text: str) -> bool:
    """False only when ``rx`` cannot match the text that ``folded_text`` was made from
    (:func:`folded`): every match of ``rx`` contains one of its anchors and none occurs."""
    known = _BY_ID.get(id(rx))
    if known is None or known[0] is not rx:
        known = _BY_ID[id(rx)] = (rx, _anchors(rx))
    anchors = known[1]
    if anchors is None:
        return True
    for a in anchors:  # a plain loop: any() over a generator costs twice as much here
        if a in folded_text:
            return True
    return False


def _anchors(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case ASCII strings of which every match of ``rx`` contains at least one,
    read off the parsed pattern; None when there are none (or the parser is unknown)."""
    key = (rx.pattern, rx.flags)  # not the pattern itself: hashing one hashes its whole program
    if key not in _ANCHORS:
        _ANCHORS[key] = _derive_anchors(rx)
    return _ANCHORS[key]


_ANCHORS: dict[tuple[str, int], tuple[str, ...] | None] = {}
# The same by the pattern object's id, which is cheaper to look up than (pattern, flags); each
# entry holds its pattern, so that id is not reused by another pattern meanwhile.
_BY_ID: dict[int, tuple[re.Pattern[str], tuple[str, ...] | None]] = {}


def _derive_anchors(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    try:
        return _required(_parser().parse(rx.pattern, rx.flags))
    except Exception:  # pragma: no cover - an internal format we do not know: always scan
        return None


def _required(items: Any) -> tuple[str, ...] | None:
    """Anchors of a sequence of parsed items: one of the sets that every match of it
    needs (a run of literal characters, or a required group's anchors), the most selective."""
    options: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        name = getattr(op, "name", "")
        if name == "LITERAL" and av < 128:
            run.append(chr(av).lower())
            continue
        if name == "AT":
            continue  # \b, ^, $: zero-width, the literals on both sides stay adjacent
        if run:
            options.append(("".join(run),))
            run = []
        sub = None
        if name == "SUBPATTERN":
            sub = _required(av[-1])
        elif name == "BRANCH":
            sub = _either(av[1])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            sub = _required(av[2])
        if sub:
            options.append(sub)
    if run:
        options.append(("".join(run),))
    if not options:
        return None
    # One long word beats a set of alternatives ("control" over "russian|ukrainian|...").
    return max(options, key=lambda a: (len(a) == 1 and len(a[0].strip()) >= 4, min(len(x.strip()) for x in a),
                                       -len(a)))


def _either(alternatives: Any) -> tuple[str, ...] | None:
    """Anchors of a branch: those of every alternative, without any that holds another."""
    out: set[str] = set()
    for alt in alternatives:
        sub = _required(alt)
        if sub is None:
            return None
        out.update(sub)
    return tuple(sorted(a for a in out if not any(b != a and b in a for b in out)))
