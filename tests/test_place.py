"""``geo.geocode`` answers with a ``geo.Place``: the row of ``geo.places()`` it names, without pandas."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest
import shapely

import geo

NAMES = ["Prudianka", "Белгород", "Graivoron", "Kharkov", "Simferopol", "Maiduguri", "Paris", "Bessonovka"]
KEYS = ["geonameid", "name", "country", "country_a2", "admin1code", "admin1", "admin2", "feature_code",
        "population", "lon", "lat", "source", "geometry", "match"]


@pytest.fixture(scope="module")
def towns():
    return geo.places(alternate_names=False)


@pytest.mark.parametrize("query", NAMES)
def test_place_holds_the_row_of_places_it_names(query, towns):
    hit = geo.geocode(query)
    assert isinstance(hit, geo.Place) and list(hit) == KEYS and len(hit) == len(KEYS)
    row = towns.iloc[hit.row]
    for key in KEYS[:-2]:
        assert hit[key] == row[key] and getattr(hit, key) == row[key], key
    assert hit.geometry.equals_exact(row.geometry, 0)
    # Plain Python values, as the old object Series held (no numpy scalars).
    assert [type(hit[k]) for k in ("geonameid", "population", "lon", "lat", "name", "country")] == \
        [int, int, float, float, str, str]
    series = hit.to_series()
    assert isinstance(series, pd.Series) and series.dtype == object and series.name == hit.row
    assert series.index.tolist() == KEYS
    assert series.drop(["geometry", "match"]).tolist() == [row[k] for k in KEYS[:-2]]
    assert series["match"] == hit.match in ("name", "alternate name", "transliteration")
    assert series["geometry"].equals_exact(hit.geometry, 0)


def test_place_reads_like_a_mapping_and_like_an_object():
    hit = geo.geocode("Prudianka")
    assert [hit[key] for key in ("name", "country", "admin1")] == ["Prudianka", "UKR", "Kharkiv"]
    assert (hit.name, hit.population, hit.match) == ("Prudianka", 1924, "name")
    assert hit.get("admin1") == "Kharkiv" and hit.get("nothing") is None and "lon" in hit
    assert isinstance(hit.geometry, shapely.Point) and hit["geometry"] is hit.geometry
    assert (hit.geometry.x, hit.geometry.y) == (hit.lon, hit.lat)
    assert dict(hit) == hit.to_dict() and hit.to_dict()["name"] == "Prudianka"
    assert repr(hit) == ("Place(name='Prudianka', country='UKR', admin1='Kharkiv', population=1924, "
                         "lon=36.16835, lat=50.23606, match='name')")
    assert geo.geocode("Прудянка").geonameid == hit.geonameid
    assert hit == geo.geocode("prudianka") and hash(hit) == hash(geo.geocode("prudianka"))
    assert hit != geo.geocode("Kharkiv")
    assert pickle.loads(pickle.dumps(hit)) == hit
    assert pd.Series(hit).to_dict() == hit.to_series().to_dict()


def test_place_is_read_only():
    hit = geo.geocode("Kharkiv")
    with pytest.raises(TypeError):
        hit["name"] = "Elsewhere"  # type: ignore[index]
    with pytest.raises(AttributeError, match="read-only"):
        hit.name = "Elsewhere"
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        hit.nothing  # noqa: B018
    with pytest.raises(KeyError):
        hit["nothing"]
    assert hit.name == "Kharkiv"
