"""Tests for geo.gazetteer on a tiny hand-made data folder (and a few on the real one)."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

from conftest import ADMIN1_TSV, COUNTRIES_TSV, write_tiny_data
from geo import gazetteer as gz
from geo.gazetteer import build, lookup, store
from geo.errors import GazetteerError
from geo.gazetteer import GeoNamesGazetteer
from geo.gazetteer.translit import loose_key, name_key


def _ids(entries) -> set:
    return {e.geonameid for e in entries}


@pytest.mark.parametrize(
    ("spelling", "geonameid"),
    [
        ("Yasnohirka", 9000003),
        ("Ясногірка", 9000003),  # the Cyrillic alternate itself
        ("Yasnogorka", 9000003),  # a Latin alternate
        ("Yasnohirka", 9000003),  # ua scheme of Ясногірка
        ("Jasnohirka", 9000003),  # sci / de scheme
        ("Yasnogirka", 9000003),  # bgn reads г as g
        ("YASNOHIRKA", 9000003),
        ("Kupiansk", 9000005),
        ("Kupjansk", 9000005),  # sci / de of Куп'янськ
        ("Купянск", 9000005),
        ("Lisky", 9000006),
        ("Liski", 9000006),  # bgn of Лиски
        ("Krasnozirsk", 9000003),  # curated alias of a renamed place
    ],
)
def test_gazetteer_lookup_every_spelling(tiny_gazetteer: GeoNamesGazetteer, spelling: str, geonameid: int) -> None:
    assert geonameid in _ids(tiny_gazetteer.lookup(name_key(spelling)))


@pytest.mark.parametrize("spelling", ["Vyshneve", "Вишневе", "Vishneve", "Wyschnewe"])
def test_gazetteer_lookup_namesakes(tiny_gazetteer: GeoNamesGazetteer, spelling: str) -> None:
    entries = tiny_gazetteer.lookup(name_key(spelling))
    assert _ids(entries) >= {9000001, 9000002}
    assert {e.admin1 for e in entries if e.geonameid in (9000001, 9000002)} == {"Zorya Oblast", "Stepna Oblast"}


@pytest.mark.parametrize("junk", ["IEV", "ya su"])
def test_gazetteer_skips_junk_alternates(tiny_gazetteer: GeoNamesGazetteer, junk: str) -> None:
    # Airport codes and romanised CJK alternates are not names English text uses.
    assert 9000003 not in _ids(tiny_gazetteer.lookup(name_key(junk)))


@pytest.mark.parametrize(
    ("spelling", "kind", "name"),
    [
        ("Zorya Oblast", "region", "Zorya Oblast"),
        ("Zorya region", "region", "Zorya Oblast"),
        ("Зорянська область", "region", "Zorya Oblast"),
        ("Old Stepna Land", "region", "Stepna Oblast"),  # alias of a region
        ("Ukraine", "country", "Ukraine"),
        ("Україна", "country", "Ukraine"),
        ("Russian Federation", "country", "Russia"),
    ],
)
def test_gazetteer_lookup_regions_and_countries(tiny_gazetteer: GeoNamesGazetteer, spelling: str, kind: str,
                                                name: str) -> None:
    assert (kind, name) in {(e.kind, e.name) for e in tiny_gazetteer.lookup(name_key(spelling))}


@pytest.mark.parametrize("spelling", ["Zorya", "Зоря"])
def test_gazetteer_region_short_name_equals_city(tiny_gazetteer: GeoNamesGazetteer, spelling: str) -> None:
    kinds = {(e.kind, e.name) for e in tiny_gazetteer.lookup(name_key(spelling))}
    # The city is named in Ukraine's national romanisation of its Cyrillic name (Зоря -> Zoria).
    assert ("city", "Zoria") in kinds
    if spelling == "Zorya":
        assert ("region", "Zorya Oblast") in kinds


@pytest.mark.parametrize(("geonames_name", "cyrillic", "expected"), [
    ("Slovyansk", "Слов'янськ", "Sloviansk"),
    ("Zaporizhzhya", "Запоріжжя", "Zaporizhzhia"),
    ("Kharkiv", "Харьков", "Kharkiv"),  # a Russian alternate is not the national spelling
])
def test_gazetteernational_name(geonames_name: str, cyrillic: str, expected: str) -> None:
    from geo.gazetteer.names import national_name

    assert national_name(geonames_name, [cyrillic]) == expected


def test_gazetteer_national_name_prefers_the_spelling_closest_to_geonames() -> None:
    from geo.gazetteer.names import national_name

    # Both romanise to the same loose key; the misspelt Запоріжя must not win on alphabetical order.
    assert national_name("Zaporizhzhya", ["Запоріжя", "Запоріжжя", "Запорожье"]) == "Zaporizhzhia"


@pytest.mark.parametrize(("geonameid", "region"), [(9000001, "Zorya Oblast"), (9000002, "Stepna Oblast"),
                                                    (9000004, "Zorya Oblast"), (9000006, "Lisova Oblast")])
def test_gazetteer_region_of(tiny_gazetteer: GeoNamesGazetteer, geonameid: int, region: str) -> None:
    entry = next(e for e in tiny_gazetteer.lookup(name_key("Vyshneve")) + tiny_gazetteer.lookup(name_key("Zorya"))
                 + tiny_gazetteer.lookup(name_key("Lisky")) if e.geonameid == geonameid)
    reg = tiny_gazetteer.region_of(entry)
    assert reg is not None and reg.kind == "region" and reg.name == region
    assert entry.admin1 == region


@pytest.mark.parametrize("code", ["UA-91", "UA-92", "RU-XX"])
def test_gazetteer_region_by_code(tiny_gazetteer: GeoNamesGazetteer, code: str) -> None:
    reg = tiny_gazetteer.region(code)
    assert reg is not None and reg.region_code == code
    assert tiny_gazetteer.region_of(reg) is reg


@pytest.mark.parametrize("code", ["UA-00", ""])
def test_gazetteer_unknown_region_is_none(tiny_gazetteer: GeoNamesGazetteer, code: str) -> None:
    assert tiny_gazetteer.region(code) is None


@pytest.mark.parametrize("variant", ["Kupyansk", "Kup'iansk", "Kupiansk"])
def test_gazetteer_lookup_loose(tiny_gazetteer: GeoNamesGazetteer, variant: str) -> None:
    assert 9000005 in _ids(tiny_gazetteer.lookup_loose(loose_key(variant)))


@pytest.mark.parametrize("key", ["peace"])
def test_gazetteer_not_places_loaded(tiny_gazetteer: GeoNamesGazetteer, key: str) -> None:
    assert key in tiny_gazetteer.not_places


@pytest.mark.parametrize("words", [3])
def test_gazetteer_max_words(tiny_gazetteer: GeoNamesGazetteer, words: int) -> None:
    # "Old Stepna Land", "Zorya Oblast"... the longest tiny name has three words.
    assert tiny_gazetteer.max_words() == words


# --------------------------------------------------------------------------- cache


@pytest.mark.parametrize("cache_name", ["cache"])
def test_gazetteer_cache_reused(tiny_data, tmp_path: Path, monkeypatch, cache_name: str) -> None:
    data, cities = tiny_data
    cache = tmp_path / cache_name
    first = GeoNamesGazetteer(data=data, cities=cities, cache=cache)
    assert list(cache.glob(f"gazetteer-{first.version}.index"))

    def boom(self):
        raise AssertionError("the index was rebuilt although the cache is valid")

    monkeypatch.setattr(build._Builder, "build", boom)
    second = GeoNamesGazetteer(data=data, cities=cities, cache=cache)
    assert second.version == first.version
    assert _ids(second.lookup("yasnohirka")) == {9000003}


@pytest.mark.parametrize("changed", ["admin1.tsv", "aliases.tsv"])
def test_gazetteer_changed_data_rebuilds(tiny_data, tmp_path: Path, changed: str) -> None:
    data, cities = tiny_data
    cache = tmp_path / "cache"
    first = GeoNamesGazetteer(data=data, cities=cities, cache=cache)
    path = data / changed
    if changed == "admin1.tsv":
        path.write_text(path.read_text(encoding="utf-8").replace("Stepna Oblast|Stepna|Stepna region",
                                                                 "Stepna Oblast|Stepna|Stepna region|Prairie Land"),
                        encoding="utf-8")
        probe, expect = "prairie land", "Stepna Oblast"
    else:
        path.write_text(path.read_text(encoding="utf-8") + "Zoryagrad\t9000004\t\tmade-up old name\n",
                        encoding="utf-8")
        probe, expect = "zoryagrad", "Zoria"
    second = GeoNamesGazetteer(data=data, cities=cities, cache=cache)
    assert second.version != first.version
    assert expect in {e.name for e in second.lookup(probe)}
    assert not first.lookup(probe)
    assert len(list(cache.glob("gazetteer-*.index"))) == 2


def _damage(data: bytes, how: str) -> bytes:
    """A cache file's bytes spoilt in one way."""
    if how == "flipped":  # one bit of the payload, far from the header
        i = len(data) * 2 // 3
        return data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1:]
    if how == "nul in a name":
        return data.replace("Yasnohirka".encode(), b"\0" * len("Yasnohirka"), 1)
    if how == "truncated":
        return data[:-5000]
    if how == "appended":
        return data + b"\0" * 8
    if how == "other data version":  # a whole index, but of other inputs, under this name
        header_end = data.index(b"}") + 1
        return data[:header_end].replace(b'"data_version": "', b'"data_version": "0') + data[header_end:]
    return {"empty": b"", "garbage": b"not an index"}[how]


@pytest.mark.parametrize("how", ["empty", "garbage", "truncated", "appended", "flipped", "nul in a name",
                                 "other data version"])
def test_gazetteer_damaged_cache_rebuilt(tiny_data, tmp_path: Path, how: str) -> None:
    data, cities = tiny_data
    cache = tmp_path / "cache"
    version = GeoNamesGazetteer(data=data, cities=cities, cache=cache).version
    path = cache / f"gazetteer-{version}.index"
    good = path.read_bytes()
    spoilt = _damage(good, how)
    assert spoilt != good
    path.write_bytes(spoilt)
    with pytest.raises(store.DamagedIndex):
        store.read_index(path, version)
    again = GeoNamesGazetteer(data=data, cities=cities, cache=cache)
    assert _ids(again.lookup("yasnohirka")) == {9000003}
    assert again.names_of(9000003)[0] == "Yasnohirka"
    assert path.read_bytes() == good  # rebuilt and written again, byte for byte


class _Planted:
    """Unpickling this would create ``path``: what an index read with pickle would run."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


@pytest.mark.parametrize("magic", [b"GEOIDX\x00\x01", store.MAGIC])
def test_gazetteer_cache_file_never_runs_code(tiny_data, tmp_path: Path, magic: bytes) -> None:
    """An index file holding a pickle (the old format's header, or the new magic before one) is
    refused without being unpickled, and rebuilt."""
    data, cities = tiny_data
    cache = tmp_path / "cache"
    version = GeoNamesGazetteer(data=data, cities=cities, cache=cache).version
    marker = tmp_path / "ran"
    payload = pickle.dumps({"columns": _Planted(marker)})
    (cache / f"gazetteer-{version}.index").write_bytes(magic + len(payload).to_bytes(8, "little") + payload)
    again = GeoNamesGazetteer(data=data, cities=cities, cache=cache)
    assert not marker.exists()
    assert _ids(again.lookup("yasnohirka")) == {9000003}


@pytest.mark.parametrize("module", ["build", "columns", "lookup", "store"])
def test_gazetteer_index_code_uses_no_pickle(module: str) -> None:
    tree = ast.parse((Path(gz.__file__).parent / f"{module}.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names} | {node.module for node in ast.walk(tree)
                                            if isinstance(node, ast.ImportFrom) and node.module}
    assert not imported & {"pickle", "marshal", "shelve", "dill", "cloudpickle"}


@pytest.mark.parametrize("env", ["GEO_CACHE_DIR"])
def test_gazetteer_cache_dir_from_env(tiny_data, tmp_path: Path, monkeypatch, env: str) -> None:
    data, cities = tiny_data
    monkeypatch.setenv(env, str(tmp_path / "envcache"))
    g = GeoNamesGazetteer(data=data, cities=cities)
    assert (tmp_path / "envcache" / f"gazetteer-{g.version}.index").exists()


# --------------------------------------------------------------------------- bad data


@pytest.mark.parametrize(
    ("file", "content", "where"),
    [
        ("admin1.tsv", ADMIN1_TSV + "UA\tUA-93\tBroken Oblast\toblast\tnorth\t33.0\t93\tBroken\n", "admin1.tsv:5"),
        # A short row (missing columns) reads as None, not as a bad number.
        ("countries.tsv", COUNTRIES_TSV + "PL\tPOL\tPoland\t52.1\n", "countries.tsv:4"),
        ("countries.tsv", COUNTRIES_TSV + "PL\tPOL\tPoland\t52.1\tx\tPoland\n", "countries.tsv:4"),
        ("aliases.tsv", "alias\tgeonameid\tregion_code\tnote\nNowhere\t123\t\tpoints at nothing\n", "aliases.tsv:2"),
    ],
)
def test_gazetteer_bad_row_names_path_and_line(tmp_path: Path, file: str, content: str, where: str) -> None:
    data, cities = write_tiny_data(tmp_path)
    (data / file).write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError) as info:
        GeoNamesGazetteer(data=data, cities=cities, use_cache=False)
    assert where in str(info.value)
    assert str(data) in str(info.value)


@pytest.mark.parametrize("missing", ["countries.tsv"])
def test_gazetteer_missing_data_folder(tmp_path: Path, missing: str) -> None:
    with pytest.raises(GazetteerError, match=missing):
        GeoNamesGazetteer(data=tmp_path / "nowhere", use_cache=False)


@pytest.mark.parametrize("content", ["{not json", "[1, 2"])
def test_gazetteer_bad_cities_file(tmp_path: Path, content: str) -> None:
    data, cities = write_tiny_data(tmp_path)
    cities.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError, match="cities500"):
        GeoNamesGazetteer(data=data, cities=cities, use_cache=False)


# --------------------------------------------------------------------------- real gazetteer


@pytest.mark.parametrize(
    ("spelling", "name", "admin1"),
    [
        ("Krasnoarmeysk", "Pokrovsk", "Donetsk Oblast"),
        ("Kupjansk", None, "Kharkiv Oblast"),
        ("Харків", None, "Kharkiv Oblast"),
        ("Charkiw", None, "Kharkiv Oblast"),
        ("Zaporozhye", None, "Zaporizhzhia Oblast"),
    ],
)
def test_gazetteer_real_lookup(gazetteer, spelling: str, name: str | None, admin1: str) -> None:
    entries = gazetteer.lookup(name_key(spelling))
    cities = [e for e in entries if e.kind == "city" and e.admin1 == admin1 and e.country == "UA"]
    assert cities, entries
    if name:
        assert name in {e.name for e in cities}


@pytest.mark.parametrize("call", ["load_gazetteer"])
def test_gazetteer_default_loaded_once(gazetteer, call: str) -> None:
    assert getattr(gz, call)() is gazetteer


def test_compact_regions_are_the_small_ones(gazetteer: GeoNamesGazetteer) -> None:
    """A London borough's point can stand for a town; an oblast's or a state's cannot."""
    enfield = [c for c in gazetteer.lookup("enfield") if c.kind == "region"]
    assert enfield and enfield[0].region_code in gazetteer.compact_regions
    for key in ("donetsk oblast", "texas", "belgorod oblast"):
        regions = [c for c in gazetteer.lookup(key) if c.kind == "region"]
        assert regions and regions[0].region_code not in gazetteer.compact_regions


def test_post_soviet_display_names_drop_sign_marks(gazetteer: GeoNamesGazetteer) -> None:
    """GeoNames writes the soft sign as ’ (Ryazan’, Tver’); English text does not."""
    for key, shown in (("ryazan", "Ryazan"), ("tver", "Tver")):
        cities = [c for c in gazetteer.lookup(key) if c.kind == "city" and c.country == "RU"]
        assert cities and max(cities, key=lambda c: c.population).name == shown


@pytest.mark.parametrize("cache_name", ["cache"])
def test_gazetteer_packed_index_answers_every_key(tiny_data, tmp_path: Path, cache_name: str) -> None:
    data, cities = tiny_data
    built = GeoNamesGazetteer(data=data, cities=cities, cache=tmp_path / cache_name)
    loaded = GeoNamesGazetteer(data=data, cities=cities, cache=tmp_path / cache_name)  # from the mapped index file
    assert isinstance(loaded._lat, memoryview) and not isinstance(built._lat, memoryview)
    keys = list(loaded.name_keys())
    assert keys == sorted(keys) and len(keys) > 20
    for key in keys:
        assert loaded.has_key(key)
        assert loaded.lookup(key) == built.lookup(key) != ()
        loose = loose_key(key)
        assert loaded.lookup_loose(loose) == built.lookup_loose(loose)
    for missing in ("", "kupians", "kupianskk", "stepna land x"):
        assert not loaded.has_key(missing) and loaded.lookup(missing) == ()
    # Several places sharing a key come back together, in index order.
    shared = [k for k in keys if len(loaded.lookup(k)) > 1]
    assert shared, "the tiny data has at least one name shared by two places"


# --------------------------------------------------------------------------- settlement register


def test_settlement_register_is_asked_apart(register_gazetteer: GeoNamesGazetteer) -> None:
    g = register_gazetteer
    for spelling in ("ostapivske", "остапівське", "ostapovskoye", "ostapivskie"):  # national, Cyrillic, Russian, loose
        got = g.lookup_settlement(spelling)
        assert [(e.name, e.region_code, e.lat, e.lon) for e in got] == [("Ostapivske", "UA-91", 48.7, 37.4)], spelling
        assert g.has_settlement(spelling)
    assert g.lookup("ostapivske") == () and not g.has_key("ostapivske")  # never a name the matcher finds alone
    assert {e.region_code for e in g.lookup_settlement("bratske")} == {"UA-91", "UA-92"}
    assert g.lookup_settlement("kupiansk") == () and not g.has_settlement("nowhere")


def test_settlement_register_is_part_of_the_version(tiny_data, tmp_path: Path) -> None:
    data, cities = tiny_data
    before = gz.gazetteer_version(data, cities)
    (data / "ua_settlements.tsv").write_text(
        "name\tname_uk\tregion_code\thromada\tlat\tlon\tcentre\nOstapivske\tОстапівське\tUA-91\tY\t48.7\t37.4\tY\n",
        encoding="utf-8")
    assert gz.gazetteer_version(data, cities) != before
    assert GeoNamesGazetteer(data=data, cities=cities, use_cache=False).has_settlement("ostapivske")


def test_settlement_register_bad_row(tiny_data) -> None:
    data, cities = tiny_data
    (data / "ua_settlements.tsv").write_text(
        "name\tname_uk\tregion_code\thromada\tlat\tlon\tcentre\nX\tХ\tUA-99\tY\t48.7\t37.4\tY\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="ua_settlements.tsv:2"):
        GeoNamesGazetteer(data=data, cities=cities, use_cache=False)


UA_GEONAMES_TSV = """\
# tiny GeoNames extract
geonameid\tname\tfeature\tadmin1\tadmin2\tlat\tlon\tpopulation\tnames
8000001\tBratske\tPPL\t91\t9101\t48.7500\t37.3000\t0\tBratskaya|Братське|Братское
8000002\tBratske\tPPL\t92\t9201\t49.6000\t37.9000\t0\t
8000003\tOstapivske\tPPLX\t91\t9101\t48.7100\t37.4100\t0\t
8000004\tVyshneve\tPPL\t91\t9102\t47.0000\t35.0000\t0\t
"""


def test_settlement_register_takes_its_geonames_point(tmp_path: Path) -> None:
    """A register settlement is at the point of its GeoNames namesake in the same oblast near its
    community's centre; one whose namesakes are sections of a place, in another oblast or far
    from the centre stays at the centre, without a GeoNames id."""
    data, cities = write_tiny_data(tmp_path / "geonames", settlements=True)
    (data / "ua_geonames.tsv").write_text(UA_GEONAMES_TSV, encoding="utf-8")
    g = GeoNamesGazetteer(data=data, cities=cities, use_cache=False)
    got = {(e.region_code, e.lat, e.lon, e.geonameid) for e in g.lookup_settlement("bratske")}
    # Yasnohirska's Bratske takes 8000001 (about 8 km off); Zorianska's (over 70 km from it) and
    # Kupianska's (in UA-92 but 22 km from 8000002: matched) are told apart.
    assert ("UA-91", 48.75, 37.3, 8000001) in got
    assert ("UA-91", 48.0, 37.8, None) in got
    assert ("UA-92", 49.6, 37.9, 8000002) in got
    assert [e.geonameid for e in g.lookup_settlement("ostapivske")] == [None]  # a PPLX is no settlement
    assert [e.geonameid for e in g.lookup_settlement("vyshneve")] == [None]  # 300 km from its centre
    assert [e.geonameid for e in g.lookup_settlement("bratskaya")] == [8000001]  # GeoNames' alternate
    assert gz.gazetteer_version(data, cities) != gz.gazetteer_version(*write_tiny_data(tmp_path / "plain",
                                                                                         settlements=True))


def test_ua_geonames_derivation_is_reproducible() -> None:
    """ua_geonames.tsv is what data/derive_ua_geonames.py makes of GeoNames' UA.zip (when at hand)."""
    zip_path = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "geonames" / "UA.zip"
    if not zip_path.exists():
        pytest.skip("GeoNames' UA.zip is not at hand")
    import importlib.util
    spec = importlib.util.spec_from_file_location("derive_ua_geonames", Path(__file__).resolve().parent.parent / "data"
                                                  / "derive_ua_geonames.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = mod.rows(zip_path.read_bytes())
    text = mod.HEADER + "\t".join(mod.COLUMNS) + "\n" + "".join(r + "\n" for r in rows)
    assert text == (gz.data_dir() / "ua_geonames.tsv").read_text(encoding="utf-8")


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("enhels", "enhles", True),   # two neighbouring letters swapped
    ("shebekino", "shbekino", True),  # one letter dropped
    ("kupiansk", "kupiansc", True),  # one letter changed
    ("abcd", "badc", False),  # two swaps
    ("abcd", "dbca", False),  # letters far apart exchanged
    ("same", "same", False),
])
def test_gazetteer_edit1(a: str, b: str, expected: bool) -> None:
    assert lookup._edit1(a, b) is expected
    assert lookup._edit1(b, a) is expected


@pytest.mark.parametrize("spelling", ["grigorovka", "hryhorivka"])
def test_settlement_register_russian_form_reaches_every_namesake(tmp_path: Path, spelling: str) -> None:
    """A Russian spelling that GeoNames lists as an alternate of one namesake only still finds
    the others through the Russian name form of the register's Ukrainian name."""
    data, cities = write_tiny_data(tmp_path, settlements=True)
    (data / "ua_settlements.tsv").write_text(
        "name\tname_uk\tregion_code\thromada\tlat\tlon\tcentre\n"
        "Hryhorivka\tГригорівка\tUA-91\tYasnohirska\t48.7000\t37.4000\tYasnohirka\n"
        "Hryhorivka\tГригорівка\tUA-92\tKupianska\t49.7100\t37.6100\tKupiansk\n", encoding="utf-8")
    (data / "ua_geonames.tsv").write_text(
        "geonameid\tname\tfeature\tadmin1\tadmin2\tlat\tlon\tpopulation\tnames\n"
        "8000011\tHryhorivka\tPPL\t91\t9101\t48.7200\t37.4200\t0\tGrigorovka|Григоровка\n"
        "8000012\tHryhorivka\tPPL\t92\t9201\t49.7000\t37.6000\t0\t\n", encoding="utf-8")
    g = GeoNamesGazetteer(data=data, cities=cities, use_cache=False)
    assert sorted(e.geonameid for e in g.lookup_settlement(spelling)) == [8000011, 8000012]


# --------------------------------------------------------------------------- names_of


@pytest.mark.parametrize(("geonameid", "expected"), [
    (9000003, ("Yasnohirka", "Ясногірка", "Yasnogorka", "Krasnozirsk")),  # junk alternates left out; alias last
    (9000005, ("Kupiansk", "Куп'янськ", "Купянск")),
    (123, ()),
])
def test_gazetteer_names_of(tiny_gazetteer: GeoNamesGazetteer, geonameid: int, expected: tuple) -> None:
    assert tiny_gazetteer.names_of(geonameid) == expected


@pytest.mark.parametrize(("geonameid", "own", "names"), [
    (713174, "Bakhmut", {"Artemovsk", "Artemivsk", "Бахмут", "Артемовск"}),
    (704422, "Pokrovsk", {"Krasnoarmeysk", "Krasnoarmiisk", "Покровськ", "Красноармейск"}),
])
def test_gazetteer_names_of_real(gazetteer: GeoNamesGazetteer, geonameid: int, own: str, names: set) -> None:
    """The old and Russian names a map search finds a place by, though articles use its own."""
    found = gazetteer.names_of(geonameid)
    assert found[0] == own
    assert names <= set(found) and len(found) == len(set(found))


@pytest.mark.parametrize(("name", "region"), [("Donetsk People's Republic", "Donetsk Oblast"),
                                              ("Luhansk People’s Republic", "Luhansk Oblast"),
                                              ("Донецкая Народная Республика", "Donetsk Oblast")])
def test_occupation_entity_names_are_their_oblast(gazetteer, name: str, region: str) -> None:
    from geo.gazetteer.translit import name_key

    found = gazetteer.lookup(name_key(name))
    assert [e.name for e in found] == [region]
