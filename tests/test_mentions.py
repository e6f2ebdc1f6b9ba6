"""Tests for geo.spot on the real gazetteer: what is a place name and what is not."""

from __future__ import annotations

import pytest

from geo.spot import article_language, find_mentions
from geo.model import Article, MatchKind
from geo.spot.filters import REJECTS, rejected
from geo.spot.runs import _longest
from geo.spot.scan import Candidate, Scan

# (text, the surfaces a careful reader marks as place names, in order)
CASES = [
    # multiword names
    ("A missile hit a factory in Kryvyi Rih on Monday.", ["Kryvyi Rih"]),
    ("Shelling continued in Chasiv Yar and near Kostiantynivka.", ["Chasiv Yar", "Kostiantynivka"]),
    ("Officials in Bila Tserkva and Ivano-Frankivsk reported power cuts.", ["Bila Tserkva", "Ivano-Frankivsk"]),
    ("The convoy passed Zaporizhzhia, then Melitopol and Berdiansk.", ["Zaporizhzhia", "Melitopol", "Berdiansk"]),
    # a surname seen after a first name is the person again alone; a club's city stays a city
    ("Pastor Andrew Brunson was freed. Brunson, a North Carolina native, flew home to Charlotte.",
     ["North Carolina", "Charlotte"]),
    ("Champion Shakhtar Donetsk cannot play in its home city of Donetsk.", ["Donetsk"]),
    # the noun of a division before its name (German), and a title alone, are no places
    ("Drohnen griffen im Gebiet Kursk an, sagte der Gouverneur.", ["Kursk"]),
    ("Ein Feuer brach in der Siedlung Ilski in der Region Krasnodar aus.", ["Ilski", "Krasnodar"]),
    # a short common word is no alternate name of a region
    ("Someone was shouting: 'Go here! Go to the basement!' as Kharkiv burned.", ["Kharkiv"]),
    # a name the article shows to be a person's is the person throughout; a place after "in" stays one
    ("Nine-year-old Georgia Stevens skates in Red Deer. Georgia wants to go to Tbilisi, Georgia's coach said.",
     ["Red Deer", "Tbilisi"]),
    ("\"I overdosed 17 times,\" said Mather, 22, who now lives in Vancouver. Mather is in treatment.", ["Vancouver"]),
    ("A 25-year-old Paris, Texas, man was arrested in Dallas.", ["Paris", "Texas", "Dallas"]),
    ("Nine-year-old Georgia Stevens moved from Australia. She was born in Georgia.", ["Australia", "Georgia"]),
    ("Survivors include Jeffrey Haskins and wife, Tonya, all of Dallas.", ["Dallas"]),
    # German: a compound noun of place is no first name; a front named by its towns
    ("Die Russen rücken auf die Kohlebergbaustadt Wuhledar vor.", ["Wuhledar"]),
    ("Entlang des Abschnitts Swatowe-Kreminna nehmen die russischen Truppen weiteres Gelände ein, berichtet das "
     "Institut in seinem Lagebericht, und die Lage bleibt für die ukrainischen Soldaten schwierig.",
     ["Swatowe", "Kreminna"]),
    # ships and companies named after places, and the White House in Portuguese
    ("Ukraine said it destroyed a landing warship, the Novocherkassk, in Feodosia.", ["Ukraine", "Feodosia"]),
    ("Grain left Odesa, according to London-based shipbroker Braemar.", ["Odesa", "London"]),
    ("O novo ocupante da Casa Branca falou com o líder russo em Moscovo.", ["Moscovo"]),
    # a person after a country is no village of a list ("for Russia, Putin said")
    ("Asked what victory would look like for Russia, Putin said the goals remain unchanged.", ["Russia"]),
    # villages only the settlement register knows, after a verb of taking or in a list
    ("Russian troops stormed Pryiutne, the ministry said.", ["Pryiutne"]),
    ("Ukrainian units retook Klishchiivka and then Novomykhailivka last week.", ["Klishchiivka", "Novomykhailivka"]),
    ("Fighting went on near Yampolivka – Novomykhailivka all week.", ["Yampolivka", "Novomykhailivka"]),
    ("The drone footage shows Yampolivka and then Pryiutne.", []),
    # two towns joined by a hyphen name a road or an area between them, each a place
    ("Traffic on the Sloviansk-Kramatorsk road was halted.", ["Sloviansk", "Kramatorsk"]),
    ("Refugees left the Gora-Podol area for Kharkiv.", ["Kharkiv"]),
    # Cyrillic
    ("Ракета влучила в Харків, повідомив мер.", ["Харків"]),
    ("Бои идут под Купянском и в Покровск.", ["Купянском", "Покровск"]),
    # possessives: the span is the name without 's
    ("Ukraine's air force said it downed twenty drones.", ["Ukraine"]),
    ("Kharkiv’s mayor said the city was hit again.", ["Kharkiv"]),
    # people
    ("Secretary of State Marco Rubio flew to Geneva. Rubio said the talks went well.", ["Geneva"]),
    ("President Lincoln once stayed in Richmond.", ["Richmond"]),
    ("Turkey's foreign minister Hakan Fidan spoke with Andrew Osborn in Ankara.", ["Turkey", "Ankara"]),
    ("Turkey's foreign minister Hakan Fidan met Andrew Osborn in Ankara.", ["Turkey", "Ankara"]),
    ("Governor Oleh Syniehubov said Izium was calm.", ["Izium"]),
    # organisations named after places
    ("The Kyiv Independent reported the strike on Poltava.", ["Poltava"]),
    ("The Washington Post and India Today both covered the attack on Dnipro.", ["Dnipro"]),
    # common words that GeoNames also lists as villages
    ("Peace talks stalled. Victory Day parades were held in Moscow.", ["Moscow"]),
    ("He bought a Mobile phone in Odesa.", ["Odesa"]),
    ("Hope remained in Uman.", ["Uman"]),
    # demonyms are not the country
    ("Russian forces attacked Ukrainian positions near Lyman.", ["Lyman"]),
    ("Ukrainian drones hit a Russian refinery.", []),
    # all-caps function words and shouting
    ("AND THEN the war came to Zhytomyr.", ["Zhytomyr"]),
    ("BREAKING: IN A STATEMENT, THE ARMY said Sumy was hit.", ["Sumy"]),
    # a capitalised adverb opening a sentence does not make the next name a surname
    ("Kramatorsk was shelled again. Later Sloviansk lost power.", ["Kramatorsk", "Sloviansk"]),
    # a month is not a place
    ("May brought heavy fighting. In May the troops moved to Orikhiv.", ["Orikhiv"]),
    # "St." names: one place, or a saint
    ("Envoys met in St. Petersburg and later in St Petersburg's Tauride Palace.", ["St. Petersburg", "St Petersburg"]),
    ("The church of St. Peter and St. Paul in Kherson was damaged.", ["Kherson"]),
    ("Doctors at St. Paul's Hospital in Vancouver treated him.", ["Vancouver"]),
    # a place before a known person's surname is his first name
    ("Russia's Vladimir Putin spoke of Kupiansk.", ["Russia", "Kupiansk"]),
    # a river named like a town is the river, or no place at all when the gazetteer lacks it
    ("Shelling hit Nikopol across the Dnipro river.", ["Nikopol", "Dnipro river"]),
    ("Troops crossed the Zhytomyr Canal near Kyiv.", ["Kyiv"]),
    # common words of the article's own language are words, but its names of countries, big
    # cities and regions (German "Krim") are places
    ("Die Orte am Meer wurden auch in der Nacht beschossen, sagte der Sprecher in Kiew. Auch die Krim "
     "und das Umland von Berlin sind nicht betroffen, hieß es.", ["Kiew", "Krim", "Berlin"]),
    # a word of the language that is only another name of a smaller city ("Bei" for Beibei) is the word
    ("Bei einem russischen Raketenangriff auf Charkiw wurden drei Menschen getötet, teilte die Verwaltung "
     "mit. Die Stadt liegt im Osten der Ukraine.", ["Charkiw", "Ukraine"]),
    # German capitalises nouns: a noun before a name is no first name; a settlement word before a
    # village of Ukraine's register names it
    ("Die Armee meldete am Morgen Kämpfe im Gebiet Charkiw und nahe der Ortschaft Ostapiwske, die von den "
     "Truppen nicht gehalten werden konnte, sagte der Sprecher.", ["Charkiw", "Ostapiwske"]),
    # settlements named by number, then listed after a colon
    ("Russia has seized 17 settlements: Berestok, Ivanivka and Novoselivka, all in the Donetsk region.",
     ["Russia", "Berestok", "Ivanivka", "Novoselivka", "Donetsk"]),
    # a Cyrillic name in another case is the large place it inflects, not a village with that odd alternate
    ("Взрывы прогремели в Новороссийске ночью, сообщил губернатор.", ["Новороссийске"]),
    # a settlement noun of another language before a name is no first name
    ("Russische Truppen haben die Stadt Pokrowsk erobert.", ["Pokrowsk"]),
    # a first name before an East Slavic surname is not the town of that name
    ("The statement was signed by Vladimir Kovalenko and Olha Petrenko in Sumy.", ["Sumy"]),
    ("Nobody was hurt in Tula, Governor Pavel Sokolov wrote.", ["Tula"]),
    # a place word after a name is part of it, not a town called "City" or "Front"
    ("Drones were seen over Tver City and along the Kharkiv Front overnight.", ["Tver", "Kharkiv"]),
    # a unit named after a direction, with its gloss
    ("Russia's Vostok (East) battle group said it advanced near Velyka Novosilka.", ["Russia", "Velyka Novosilka"]),
    # Russian and Ukrainian names in another case; countries named in other languages
    ("Линия обороны идёт от Константиновки до Славянска, сообщили в Харкові.",
     ["Константиновки", "Славянска", "Харкові"]),
    ("Der Präsident der Türkei sprach mit Russland und Polen über die Lage in der Ukraine, die sich "
     "nicht verbessert hat.", ["Türkei", "Russland", "Polen", "Ukraine"]),
    ("Orte and Meer are small towns that the press of Italy and Belgium covers.", ["Orte", "Meer", "Italy", "Belgium"]),
]


def _id(c) -> str:
    return (c.values if hasattr(c, "values") else c)[0][:40]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[_id(c) for c in CASES])
def test_mentions_surfaces(gazetteer, text: str, expected: list[str]) -> None:
    got = find_mentions(Article("a", text), gazetteer)
    assert [m.text for m in got] == expected


@pytest.mark.parametrize(("text", "_expected"), [(c.values if hasattr(c, "values") else c) for c in CASES],
                         ids=[_id(c) for c in CASES])
def test_mentions_offsets_match_surface(gazetteer, text: str, _expected: list[str]) -> None:
    got = find_mentions(Article("a", text), gazetteer)
    for m in got:
        assert text[m.start:m.end] == m.text
        assert m.article_id == "a"
    assert all(a.end <= b.start for a, b in zip(got, got[1:]))


@pytest.mark.parametrize(
    ("text", "not_place"),
    [
        ("Russian forces pressed on towards Pokrovsk.", "Russia"),
        ("Ukrainian troops held the line at Siversk.", "Ukraine"),
        ("Marco Rubio arrived. Later, Rubio left for Bern.", "Rubio"),
        ("The Kyiv Independent said so.", "Kyiv"),
        ("WAR IS NOT OVER, the banner in Lviv read.", "IS"),
        ("The envoy, speaking in Russian, said talks in Geneva went well.", "Russian"),  # no typo of a place
        ("Shelling hit Kherson, Xinhua reported.", "Xinhua"),  # news agencies, not villages
        ("TASS said drones were downed over Bryansk.", "TASS"),
        ("A missile hit a building on Shevchenko Street in Kharkiv.", "Shevchenko"),  # a street, not the village
        ("They threw Molotov cocktails at the building.", "Molotov"),  # not Perm's old name
        ("Shelling hit Kharkiv. More than 180 people were injured.", "More"),  # not Møre og Romsdal
    ],
)
def test_mentions_reject(gazetteer, text: str, not_place: str) -> None:
    got = find_mentions(Article("a", text), gazetteer)
    assert not_place not in [m.text for m in got]
    assert not any(m.text.startswith(not_place) and m.text != m.text.rstrip() for m in got)


@pytest.mark.parametrize("text", ["", "   ", "no capitals here at all", "12345, 678."])
def test_mentions_empty(gazetteer, text: str) -> None:
    assert find_mentions(Article("a", text), gazetteer) == []


@pytest.mark.parametrize(
    ("text", "surface", "start"),
    [("Drones hit Sumy.", "Sumy", 11), ("«Київ» under fire", "Київ", 1)],
)
def test_mentions_offsets(gazetteer, text: str, surface: str, start: int) -> None:
    (m,) = find_mentions(Article("a", text), gazetteer)
    assert (m.text, m.start, m.end) == (surface, start, start + len(surface))


# --------------------------------------------------------------------------- tiny gazetteer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shelling hit Vyshneve and Yasnohirka.", ["Vyshneve", "Yasnohirka"]),
        ("Fighting near Krasnozirsk went on.", ["Krasnozirsk"]),
        # The span is the name; "region" in lower case is a cue for resolve, not part of it.
        ("Drones were seen over the Zorya region.", ["Zorya"]),
        ("Peace returned to Zorya.", ["Zorya"]),
        ("Вишневе і Ясногірка.", ["Вишневе", "Ясногірка"]),
        ("Troops left Kupyansk.", ["Kupyansk"]),  # a loose spelling of Kupiansk
    ],
)
def test_mentions_tiny_gazetteer(tiny_gazetteer, text: str, expected: list[str]) -> None:
    got = find_mentions(Article("a", text), tiny_gazetteer)
    assert [m.text for m in got] == expected
    assert all(text[m.start:m.end] == m.text for m in got)


@pytest.mark.parametrize(("text", "surfaces"), [
    ("The Ministry of Defence of Ukraine said Sumy was hit.", ["Sumy"]),
    ("The head of the Poltava Regional Military Administration said Kremenchuk was hit.", ["Kremenchuk"]),
    ("The Sumy regional administration said the city was calm.", []),
])
def test_mentions_organisation_names_are_not_places(gazetteer, text: str, surfaces: list[str]) -> None:
    from geo.spot import article_language, find_mentions
    from geo.model import Article

    assert [m.text for m in find_mentions(Article("a", text), gazetteer)] == surfaces


@pytest.mark.parametrize(("text", "lang"), [
    ("Die Armee hat die Stadt nach eigenen Angaben erobert, und der Sprecher sagte, es sei nicht vorbei.", "de"),
    ("O exército disse que as tropas tomaram a cidade, mas não deu detalhes sobre os combates na região.", "pt"),
    ("The army said it had taken the town and that the fighting was over for now, with losses on both sides.", "en"),
    ("Kyiv Kharkiv Odesa Dnipro Lviv", None),  # too few words of any language
])
def test_article_language(text: str, lang: str | None) -> None:
    assert article_language(text.replace(",", " ").replace(".", " ").split()) == lang


# --------------------------------------------------------------------------- match kinds and filters


@pytest.mark.parametrize(
    ("text", "surface", "kind", "key"),
    [
        ("A missile hit a factory in Kryvyi Rih on Monday.", "Kryvyi Rih", MatchKind.EXACT, "kryvyi rih"),
        ("Russian forces captured the village of Zzyzxivka, the ministry said.", "Zzyzxivka", MatchKind.UNKNOWN,
         "zzyzxivka"),
        ("Shelling hit the Marganetska community overnight.", "Marganetska", MatchKind.NAMED_AREA, "marganets"),
        ("A storm hit Louisville, Ky. overnight.", "Ky.", MatchKind.ABBREVIATION, None),
    ],
)
def test_mentions_match_kind(gazetteer, text: str, surface: str, kind: MatchKind, key: str | None) -> None:
    hits = [m for m in find_mentions(Article("a", text), gazetteer) if m.text == surface]
    assert len(hits) == 1
    assert hits[0].kind is kind
    if key is not None:
        assert hits[0].key == key


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("The Kyiv Independent reported the strike.", "Kyiv", "newspaper"),
        ("Governor Kharkiv spoke.", "Kharkiv", "after_title"),
        ("Shelling hit Shevchenko Street in Zaporizhzhia.", "Shevchenko", "namesake_thing"),
        ("The Dnepr group of forces advanced.", "Dnepr", "unit"),
    ],
)
def test_mentions_reject_filter_names_the_reason(gazetteer, text: str, surface: str, name: str) -> None:
    article = Article("a", text)
    scan = Scan.of(article, gazetteer)
    assert scan is not None
    i = next(k for k, t in enumerate(scan.toks) if t.text == surface)
    found = _longest(scan.text, scan.toks, scan.upper, scan.run_end, i, scan.max_words, scan.has_key, scan.known)
    assert found is not None
    got = rejected(scan, Candidate.at(scan, i, found, False))
    assert got is not None and got.name == name and got.reason
    assert surface not in [m.text for m in find_mentions(article, gazetteer)]


@pytest.mark.parametrize("attr", ["name", "test"])
def test_mentions_reject_filters_are_named_once(attr: str) -> None:
    values = [getattr(r, attr) for r in REJECTS]
    assert len(values) == len(set(values))
