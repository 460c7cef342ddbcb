"""Bundled reference data: countries, borders, gazetteer (issue: foundation)."""

from __future__ import annotations

import time

import pytest
import shapely

import geo
from geo.geodesy import geodesic_length


def test_countries_schema_and_crs():
    world = geo.countries()
    assert world.crs.to_epsg() == 4326
    assert {"iso_a3", "name", "geometry"} <= set(world.columns)
    assert world["iso_a3"].is_unique
    assert len(world) == 250
    assert set(world.geom_type) <= {"Polygon", "MultiPolygon"}
    assert world.geometry.is_valid.all()


def test_countries_codes_fill_natural_earth_gaps():
    codes = set(geo.countries()["iso_a3"])
    # ISO_A3 is -99 for these in Natural Earth; the build keeps usable codes.
    assert {"FRA", "NOR", "KOS", "RUS", "UKR", "FJI"} <= codes
    assert "-99" not in codes


def test_countries_returns_a_copy():
    world = geo.countries()
    world.loc[:, "name"] = "changed"
    assert "changed" not in set(geo.countries()["name"])


def test_countries_load_fast_after_first_read():
    geo.countries()
    start = time.perf_counter()
    geo.countries()
    # A cached copy; the file itself reads in ~0.3 s. Loose bound: a regression guard, not a benchmark.
    assert time.perf_counter() - start < 1.0


def test_crimea_is_ukrainian_in_the_bundled_point_of_view():
    simferopol = shapely.Point(34.10, 44.95)
    assert geo.country("UKR").contains(simferopol)
    assert not geo.country("RUS").contains(simferopol)


def test_border_russia_ukraine_is_the_shared_edge():
    line = geo.border("RUS", "UKR")
    assert line.geom_type in ("LineString", "MultiLineString")
    # Every vertex lies on both countries' boundaries (within 1e-9 degrees).
    coords = shapely.get_coordinates(line)
    points = shapely.points(coords)
    assert shapely.distance(points, geo.country("RUS").boundary).max() < 1e-9
    assert shapely.distance(points, geo.country("UKR").boundary).max() < 1e-9
    # Natural Earth 10m generalises the ~1,974 km border to ~1,524 km.
    assert 1_450_000 < geodesic_length(line) < 1_600_000


def test_border_is_symmetric_and_case_insensitive():
    assert geo.border("ukr", "RUS").equals(geo.border("RUS", "UKR"))


def test_border_is_the_bundled_row_of_each_pair():
    table = geo.land_borders()
    for a, b, line in zip(table["a"], table["b"], table.geometry, strict=True):
        assert geo.border(b, a).equals_exact(line, 0) and geo.border(a, b) is geo.border(b, a)


def test_border_unknown_code():
    with pytest.raises(geo.UnknownCountryError, match="XYZ"):
        geo.border("XYZ", "UKR")


def test_border_unknown_code_is_a_key_error_too():
    with pytest.raises(KeyError):
        geo.border("RUS", "ZZZ")


def test_border_without_shared_border_names_the_neighbours():
    with pytest.raises(geo.NoSharedBorderError, match="FRA and UKR share no land border") as info:
        geo.border("FRA", "UKR")
    assert "DEU" in str(info.value)


def test_border_same_country():
    with pytest.raises(geo.NoSharedBorderError):
        geo.border("RUS", "RUS")


def test_land_borders_pairs():
    borders = geo.land_borders()
    assert (borders["a"] < borders["b"]).all()
    assert {"RUS-UKR", "BLR-UKR", "CAN-USA"} <= set(borders["countries"])


def test_places_schema():
    towns = geo.places()
    assert towns.crs.to_epsg() == 4326
    assert {"name", "alternate_names", "country", "population", "lon", "lat", "geometry"} <= set(towns.columns)
    assert towns["population"].min() >= geo.settings.places_min_population
    assert towns["population"].is_monotonic_decreasing


def test_geocode_belgorod():
    hit = geo.geocode("Belgorod")
    assert (hit["name"], hit["country"]) == ("Belgorod", "RUS")
    # GeoNames 578072; tolerance 1e-4 degrees (about 10 m).
    assert hit["lon"] == pytest.approx(36.58091, abs=1e-4)
    assert hit["lat"] == pytest.approx(50.60343, abs=1e-4)


@pytest.mark.parametrize("spelling", ["Белгород", "belgorod", "  BELGOROD ", "Bélgorod"])
def test_geocode_alternate_spellings(spelling):
    assert geo.geocode(spelling)["geonameid"] == 578072


def test_geocode_population_breaks_ties():
    # Several towns are called Paris; the largest wins unless a country is given.
    assert geo.geocode("Paris")["country"] == "FRA"
    assert geo.geocode("Paris", country="USA")["country"] == "USA"
    assert geo.geocode("Paris", country="US")["country"] == "USA"


def test_geocode_primary_name_beats_alternate_name():
    # "Kharkov" is an alternate name of Kharkiv; "Kharkiv" must not resolve elsewhere.
    assert geo.geocode("Kharkiv")["country"] == "UKR"
    assert geo.geocode("Kharkov")["name"] == "Kharkiv"


def test_geocode_nothing_matches():
    with pytest.raises(geo.PlaceNotFoundError, match="Xyzzyville") as info:
        geo.geocode("Xyzzyville")
    assert "spelling" in str(info.value)


def test_natural_earth_version():
    assert geo.natural_earth_version() == "5.1.1"


# --------------------------------------------------------------------------- the bundled gazetteer (issue 14)

@pytest.mark.parametrize("query, name, country, admin1", [
    ("Prudianka", "Prudianka", "UKR", "Kharkiv"),        # a village of 1,924 people
    ("Прудянка", "Prudianka", "UKR", "Kharkiv"),
    ("Graivoron", "Grayvoron", "RUS", "Belgorod Oblast"),  # transliteration variant, in no GeoNames list
    ("Kozacha Lopan", "Kozacha Lopan", "UKR", "Kharkiv"),
    ("Simferopol", "Simferopol", "UKR", "Crimea"),
])
def test_geocode_finds_villages_and_transliteration_variants(query, name, country, admin1):
    hit = geo.geocode(query)
    assert (hit["name"], hit["country"], hit["admin1"]) == (name, country, admin1)


def test_geocode_bessonovka_in_belgorod_oblast_among_two():
    # Two Russian Bessonovkas: the larger (Penza) wins; a country and the settings do not pick Belgorod's,
    # the candidates list holds both.
    assert geo.geocode("Bessonovka")["country"] == "RUS"
    rows = geo.reference.candidates_for("Bessonovka")
    towns = geo.places().iloc[rows]
    assert {"Belgorod Oblast", "Penza Oblast"} <= set(towns["admin1"])


def test_geocode_says_how_it_matched():
    assert geo.geocode("Kharkiv")["match"] == "name"
    assert geo.geocode("Kharkov")["match"] == "alternate name"
    assert geo.geocode("Graivoron")["match"] == "transliteration"
    # An exact match is never overridden by a transliteration variant.
    assert geo.reference.candidates_for("Grayvoron", loose=False).size >= 1
    assert geo.reference.candidates_for("Graivoron", loose=False).size == 0


def test_places_default_holds_villages_of_500_people():
    towns = geo.places()
    assert len(towns) > 190_000
    assert towns["population"].min() >= 500
    assert {"admin1", "feature_code"} <= set(towns.columns)


def test_normalize_name_folds_scripts_and_apostrophes():
    assert geo.reference.normalize_name("Белгород") == geo.reference.normalize_name("Belgorod") == "belgorod"
    assert geo.reference.normalize_name("Ivano-Frankivs'k") == "ivano frankivsk"
