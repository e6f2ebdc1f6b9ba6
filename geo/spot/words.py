"""The words that tell a place name from other capitalised words: what may stand before and
after one, what makes a run of capitals a person, a title, a newspaper or an institution."""

from __future__ import annotations

from ..text import Token

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
    "region regionen gebiet gebiete gebieten gebiets oblast provinz "
    # settlement nouns of other languages before a name: "die Stadt Pokrowsk", "a cidade de", "la ville de"
    "stadt dorf dorfes ortschaft ortschaften siedlung siedlungen kleinstadt hauptstadt hafenstadt cidade aldeia vila "
    "ville village "
    "ciudad pueblo localidad город село посёлок поселок".split())


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


# Capitalised words that open a sentence without naming anything ("However, a village near ...").
_NOT_NAMES = frozenset("however meanwhile nearby there later earlier then also instead yesterday today tonight "
                       "overnight elsewhere separately still now here thus yet".split())


# "Klapaya village", "Borova settlement" written after: the same cue as "the village of X".
_SETTLEMENT_WORDS = frozenset({"village", "settlement", "hamlet", "khutir", "khutor"})


# What a saint's name with a possessive names ("St. Paul's Hospital"), rather than a town.
_SAINT_INSTITUTIONS = frozenset("Hospital Cathedral Church Chapel Basilica Abbey School College University Academy "
                                "Infirmary Clinic Hall Monastery Parish".split())


# "St. Petersburg", "Mt. Vernon": an abbreviated first word joins the next with ". ".
_NAME_ABBREVIATIONS = frozenset({"St", "Ste", "Mt", "Ft"})


_JOINERS = (" ", "-", "‑", "–")  # what may stand between the words of one name


_MAX_SPAN_WORDS = 6


def _is_upper_initial(tok: Token) -> bool:
    return tok.text[:1].isupper()


def _strip_possessive(s: str) -> int:
    """How many characters of a trailing possessive ('s, ’s) to drop."""
    return 2 if len(s) > 3 and s[-2] in "'’ʼ" and s[-1] in "sS" else 0


def folded(text: str) -> str:
    """``text`` lower-cased as ``re.I`` compares it with ASCII words: every character that a
    case-insensitive pattern matches to an ASCII character becomes that character (the dotted
    ``İ``, dotless ``ı`` and long ``ſ`` included).  Offsets are not kept."""
    low = text.lower()
    if not low.isascii():
        low = low.replace("\u0307", "").replace("ı", "i").replace("ſ", "s")
    return low
