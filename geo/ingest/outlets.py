"""The outlet table: canonical publisher names and their aliases."""

from __future__ import annotations

import functools
import re

#: Canonical outlet name -> aliases (matched case-insensitively, whole string).
OUTLETS: dict[str, tuple[str, ...]] = {
    "Reuters": ("Reuters", "Thomson Reuters"),
    "Associated Press": ("AP", "Associated Press", "The Associated Press", "AP News"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "AFP News"),
    "CGTN": ("CGTN", "China Global Television Network"),
    "BBC": ("BBC", "BBC News", "BBC World Service"),
    "CNN": ("CNN",),
    "Al Jazeera": ("Al Jazeera", "Al Jazeera English", "Aljazeera"),
    "The Kyiv Independent": ("Kyiv Independent", "The Kyiv Independent"),
    "Ukrainska Pravda": ("Ukrainska Pravda", "Ukrainian Pravda", "UP"),
    "TASS": ("TASS", "ITAR-TASS"),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Interfax": ("Interfax", "Interfax-Ukraine"),
    "Ukrinform": ("Ukrinform",),
    "The Moscow Times": ("Moscow Times", "The Moscow Times"),
    "Meduza": ("Meduza",),
    "The Guardian": ("Guardian", "The Guardian"),
    "The New York Times": ("New York Times", "The New York Times", "NYT"),
    "The Washington Post": ("Washington Post", "The Washington Post"),
    "The Wall Street Journal": ("Wall Street Journal", "The Wall Street Journal", "WSJ"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "DW": ("DW", "Deutsche Welle", "DW News"),
    "France 24": ("France 24", "France24"),
    "Euronews": ("Euronews",),
    "NBC News": ("NBC", "NBC News"),
    "CBS News": ("CBS", "CBS News"),
    "ABC News": ("ABC", "ABC News"),
    "Fox News": ("Fox News",),
    "Sky News": ("Sky News",),
    "India Today": ("India Today",),
    "NDTV": ("NDTV",),
    "The Times of India": ("Times of India", "The Times of India", "TOI"),
    "Hindustan Times": ("Hindustan Times", "HT"),
    "The Independent": ("The Independent",),
    "The Telegraph": ("The Telegraph", "Telegraph"),
    "Financial Times": ("Financial Times", "FT"),
    "Politico": ("Politico", "POLITICO Europe"),
    "Newsweek": ("Newsweek",),
    "Kyiv Post": ("Kyiv Post", "KyivPost"),
    "RFE/RL": ("RFE/RL", "Radio Free Europe/Radio Liberty", "Radio Free Europe", "Radio Liberty"),
    "Anadolu Agency": ("Anadolu", "Anadolu Agency", "AA"),
    "Xinhua": ("Xinhua", "Xinhua News Agency"),
    "Sputnik": ("Sputnik",),
    "RT": ("RT",),
    "Al Arabiya": ("Al Arabiya",),
    "Arab News": ("Arab News",),
    "UNIAN": ("UNIAN",),
    "Novaya Gazeta": ("Novaya Gazeta",),
    "Kommersant": ("Kommersant",),
    "Izvestia": ("Izvestia",),
    "EFE": ("EFE",),
    "dpa": ("dpa", "Deutsche Presse-Agentur"),
    "ANSA": ("ANSA",),
    "Kyodo News": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap", "Yonhap News Agency"),
    "PTI": ("PTI", "Press Trust of India"),
    "ANI": ("ANI",),
    "UPI": ("UPI", "United Press International"),
    "The Hill": ("The Hill",),
    "Axios": ("Axios",),
    "NPR": ("NPR",),
    "PBS": ("PBS", "PBS NewsHour"),
    "Le Monde": ("Le Monde",),
    "Der Spiegel": ("Der Spiegel", "Spiegel"),
    "The Economist": ("The Economist", "Economist"),
    "Global Times": ("Global Times",),
    "South China Morning Post": ("South China Morning Post", "SCMP"),
    "The Times": ("The Times",),
    "Daily Mail": ("Daily Mail", "MailOnline"),
    "Voice of America": ("VOA", "Voice of America"),
    "Babel": ("Babel",),
    "Hromadske": ("Hromadske",),
    "NV": ("NV", "New Voice of Ukraine"),
    "Suspilne": ("Suspilne",),
}


@functools.cache
def _outlet_index() -> dict[str, str]:
    """Lower-cased alias -> canonical outlet name."""
    index: dict[str, str] = {}
    for canonical, aliases in OUTLETS.items():
        for alias in (canonical, *aliases):
            index.setdefault(alias.lower(), canonical)
    return index


def canonical_outlet(name: str | None) -> str | None:
    """Canonical outlet for a name that is exactly an alias, else ``None``."""
    if not name:
        return None
    key = " ".join(name.split()).strip(" .,;:'\"()[]").lower()
    key = re.sub(r"\s+(?:staff|staff writers?|wire|news service|reporters?)$", "", key)
    return _outlet_index().get(key)


def outlet_prefix(text: str) -> str | None:
    """Canonical outlet whose alias starts ``text``, unless it is a photo credit."""
    index = _outlet_index()
    words = re.findall(r"[^\s/]+|/", text.strip())
    for n in range(min(6, len(words)), 0, -1):
        candidate = " ".join(words[:n]).rstrip(".,;:")
        hit = index.get(candidate.lower())
        if hit is not None:
            after = " ".join(words[n:]).lower()
            if after.startswith(("/", "photo", "image", "via", "video", "graphic")):
                return None  # "(c) AP Photo/Name" credits a picture, not the article
            return hit
    return None
