"""Villages below GeoNames' cities500 floor (Myanmar: MIMU; Nigeria: OpenStreetMap) in the bundled gazetteer.

Reference coordinates are independent of the bundled lists where one was at
hand (Wikipedia / GeoNames' own feature pages, rounded); the test is that the
bundled village lies within a few kilometres of it, in the right region.
"""

from __future__ import annotations

import pytest

import geo
from geo.errors import PlaceNotFoundError
from geo.geodesy import geodesic_inverse
from geo.input.extract import draft_scenario, extract_incident
from geo.reference.gazetteer import BUNDLED_FLOOR, VILLAGES_ATTRIBUTION

MIMU = "MIMU 9.6"
OSM = "OpenStreetMap (ODbL) via safesignal-geo 0.2.0"


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(geodesic_inverse(a[0], a[1], b[0], b[1])[0]) / 1000


@pytest.mark.parametrize(("query", "country", "admin1", "source", "near"), [
    # Pa Zi Gyi, Kanbalu Township, Sagaing: the village of the April 2023 air strike.
    ("Pa Zi Gyi", "MMR", "Sagaing Region", MIMU, (95.92, 23.00)),
    # Debiro East (Hawul LGA) and Debiro West (Biu LGA), Borno: OSM nodes 501374552 and 3380142157.
    ("Debiro East", "NGA", "Borno State", OSM, (12.44, 10.58)),
    ("Debiro West", "NGA", "Borno State", OSM, (12.43, 10.58)),
])
def test_villages_below_the_floor_geocode(query, country, admin1, source, near):
    hit = geo.geocode(query)
    assert (hit.country, hit.admin1, hit.source, hit.population, hit.match) == (country, admin1, source, 0, "name")
    assert hit.geonameid < 0  # not a GeoNames id
    assert _km((hit.lon, hit.lat), near) < 3


def test_namesake_villages_are_all_candidates():
    # Two villages called Kaimari in Borno (Damboa and Nganzai LGAs), 174 km apart: both are candidates.
    rows = geo.reference.candidates_for("Kaimari", min_population=0)
    every = geo.places(min_population=0, alternate_names=False).iloc[rows]
    borno = every[(every["country"] == "NGA") & (every["admin1"] == "Borno State")]
    assert len(borno) == 2
    spots = sorted(zip(borno["lon"], borno["lat"], strict=True))
    assert _km(spots[0], (12.39, 11.31)) < 3 and _km(spots[1], (13.37, 12.55)) < 3
    assert (geo.geocode("Kaimari").lon, geo.geocode("Kaimari").lat) in spots


def test_a_town_keeps_its_name_against_village_namesakes():
    # MIMU and OpenStreetMap list villages whose names GeoNames towns carry too: the town answers.
    assert geo.geocode("Maiduguri").source == "GeoNames"
    assert geo.geocode("Monywa").source == "GeoNames"
    assert geo.geocode("Prudianka").source == "GeoNames"


def test_a_raised_floor_leaves_the_villages_out():
    assert geo.settings.places_min_population == BUNDLED_FLOOR
    with pytest.raises(PlaceNotFoundError, match="1,000"):
        geo.geocode("Pa Zi Gyi", min_population=1000)
    assert len(geo.reference.candidates_for("Pa Zi Gyi", min_population=1000)) == 0


def test_country_filter_applies_to_villages():
    assert geo.geocode("Kaimari", country="NG").country == "NGA"
    with pytest.raises(PlaceNotFoundError, match="the villages below"):
        geo.geocode("Pa Zi Gyi", country="NGA")


def test_places_lists_villages_only_when_asked():
    default = geo.places(alternate_names=False)
    assert set(default["source"]) == {"GeoNames"} and (default["population"] >= BUNDLED_FLOOR).all()
    every = geo.places(min_population=0, alternate_names=False)
    counts = every["source"].value_counts()
    assert counts[MIMU] > 50_000 and counts[OSM] > 20_000
    villages = every[every["source"] != "GeoNames"]
    assert (villages["population"] == 0).all() and (villages["geonameid"] < 0).all()
    assert every["geonameid"].is_unique
    assert set(villages["country"]) == {"MMR", "NGA"}
    # Every village lies in the country it is filed under (the bundled Natural Earth outlines).
    assert set(VILLAGES_ATTRIBUTION) == {MIMU, OSM}


def test_nearest_places_names_towns_not_villages_unless_asked():
    import geopandas as gpd

    village = geo.geocode("Pa Zi Gyi")
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy([village.lon], [village.lat]), crs="EPSG:4326")
    default = geo.nearest_places(points, k=1)
    assert default["name"].iloc[0] != "Pa Zi Gyi" and default["population"].iloc[0] >= BUNDLED_FLOOR
    asked = geo.nearest_places(points, k=1, min_population=0)
    assert asked["name"].iloc[0] == "Pa Zi Gyi" and asked["distance_m"].iloc[0] < 1


def test_extract_places_an_incident_in_a_village_below_the_floor():
    found = extract_incident(
        "Invented for tests. A military air strike hit the village of Pa Zi Gyi in Kanbalu township, Sagaing "
        "Region, on Tuesday morning, killing at least 40 people, residents said.", published="2023-04-12")
    loc = found.location
    assert (loc.place.name, loc.place.country) == ("Pa Zi Gyi", "MMR")
    assert _km((loc.lon, loc.lat), (95.92, 23.00)) < 3
    credit = [c for c in draft_scenario(found)["caveats"] if "village from a list" in c]
    assert credit and "MIMU" in credit[0]


def test_extract_narrows_namesake_villages_by_the_township_named():
    # Dozens of villages called Nyaung Kone in Sagaing Region; one in Pale Township (MIMU: 94.843 E, 21.896 N).
    found = extract_incident(
        "Invented for tests. At least nine civilians were killed on Thursday when a junta aircraft bombed houses "
        "in Nyaung Kone village, a resistance spokesman in Pale Township, Sagaing Region, said.",
        published="2024-05-17")
    loc = found.location
    assert (loc.place.name, loc.place.country, loc.precision) == ("Nyaung Kone", "MMR", 2)
    assert _km((loc.lon, loc.lat), (94.843, 21.896)) < 1
    # Two villages called Kaimari in Borno: the local government area says which.
    found = extract_incident(
        "Invented for tests. Insurgents killed seven farmers in Kaimari village, Damboa local government area of "
        "Borno State, on Saturday, a militia leader said.", published="2024-06-02")
    assert found.location.place.name == "Kaimari" and _km((found.location.lon, found.location.lat), (12.39, 11.31)) < 3


def test_extract_keeps_the_region_when_namesake_villages_are_not_told_apart():
    found = extract_incident(
        "Invented for tests. At least nine civilians were killed on Thursday when a junta aircraft bombed houses "
        "in Nyaung Kone village in Sagaing Region, a resistance spokesman said.", published="2024-05-17")
    loc = found.location
    assert loc.precision == 3 and loc.place.name != "Nyaung Kone"
