"""analyze(): one scenario measured into the CaseAnalysis that maps and reports draw from."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import shapely

import geo
from geo.input.scenario import parse_scenario

BELGOROD_YAML = Path(__file__).resolve().parent.parent / "seeds" / "belgorod-2023-04-20.yaml"
BELGOROD_TO_BORDER_M = 35_389.915  # see test_proximity: GeographicLib reference


@pytest.fixture(scope="module")
def case():
    return geo.analyze(geo.load_scenario(BELGOROD_YAML))


def test_belgorod_incident_is_measured(case):
    row = case.incidents.iloc[0]
    assert row["border_distance_m"] == pytest.approx(BELGOROD_TO_BORDER_M, abs=0.01)
    assert row["border_distance_min_m"] == pytest.approx(BELGOROD_TO_BORDER_M - 8_000, abs=0.01)
    assert row["border_distance_max_m"] == pytest.approx(BELGOROD_TO_BORDER_M + 8_000, abs=0.01)
    assert row["border_countries"] == "RUS-UKR"
    assert geo.compass_point(row["border_bearing_deg"]) == "S"
    assert row["band"] == "25–50 km"
    assert row["country"] == "RUS"
    assert row["region"] == "Belgorod Oblast"  # as the scenario reports it
    assert row["nearest_phrase"] == "at Belgorod"
    # Every documented column is there, and the scenario's own columns are kept.
    for column in ["border_lon", "border_lat", "id", "fatalities_low", "geometry"]:
        assert column in case.incidents.columns


def test_borders_and_bands(case):
    assert case.borders["countries"].tolist() == ["RUS-UKR"]
    assert case.borders["length_m"].iloc[0] == pytest.approx(1_523_553, rel=1e-4)
    assert case.bands["label"].tolist() == ["0–10 km", "10–25 km", "25–50 km"]
    assert list(case.bands.columns) == ["label", "inner_m", "outer_m", "area_m2", "geometry"]
    land = shapely.union_all([geo.country("RUS"), geo.country("UKR")])
    for shape in case.bands.geometry:  # clipped to the two countries: no bands at sea
        assert shapely.area(shapely.difference(shape, land)) < 1e-9
    assert (case.bands["area_m2"] > 1e10).all()


def test_nearest_towns_and_uncertainty(case):
    assert case.nearest.columns.tolist() == ["incident_id", "rank", "name", "country", "population", "distance_m",
                                             "bearing_deg", "phrase", "lon", "lat"]
    assert case.nearest["incident_id"].unique().tolist() == ["belgorod-2023-04-20"]
    assert case.nearest["rank"].tolist() == [1, 2, 3]
    assert case.nearest["name"].iloc[0] == "Belgorod"
    assert case.nearest["distance_m"].is_monotonic_increasing
    assert (case.nearest["population"] >= 5_000).all()
    circle = case.uncertainty.iloc[0]
    assert (circle["incident_id"], circle["radius_m"]) == ("belgorod-2023-04-20", 8_000)
    assert circle["area_m2"] == pytest.approx(math.pi * 8_000**2, rel=2e-4)


def test_damage_regions_places_notes(case):
    assert (case.damage["area_m2"] == 0).all()  # reported but not located
    # The seed's damage items: the crater the governor reported, buildings, vehicles, windows, power.
    assert case.damage["id"].tolist() == ["crater", "buildings", "vehicles", "windows", "power"]
    # The scenario's regions: [Belgorod Oblast], measured along its borders: [RUS-UKR] (geo.reference.regions),
    # then the region across the border where the incident's nearest border point lies.
    assert case.regions["name"].tolist() == ["Belgorod Oblast", "Kharkiv Oblast"]
    assert {"name", "country", "border_length_m", "border_share", "geometry"} <= set(case.regions.columns)
    assert case.regions["border_with"].iat[0] == "UKR"
    assert 0.25 < case.regions["border_share"].iat[0] < 0.35
    assert case.incidents["region"].tolist() == ["Belgorod Oblast"]
    assert case.places["name"].tolist() == ["Belgorod", "Kharkiv", "Shebekino", "Staryy Oskol"]
    assert case.places["country"].tolist() == ["RUS", "UKR", "RUS", "RUS"]
    assert any("WGS84" in note for note in case.notes)


def test_scenario_without_borders_uses_the_nearest_and_measures_damage():
    data = {
        "title": "Two sites",
        "incidents": [{"id": "vyborg", "lon": 28.75, "lat": 60.71, "uncertainty_m": 500},
                      {"id": "chernihiv", "lon": 31.29, "lat": 51.49}],
        "damage": [{"id": "crater", "incident": "vyborg", "kind": "crater", "severity": "destroyed",
                    "circle": {"lon": 28.75, "lat": 60.71, "radius_m": 100}, "source": "x"}],
        "sources": [{"id": "x", "name": "test"}],
        "places": ["Nowhere-Such-Town"],
        "map": {"bands_km": [5, 20], "nearest_towns": 2},
    }
    case = geo.analyze(parse_scenario(data))
    assert case.incidents["border_countries"].tolist() == ["FIN-RUS", "BLR-UKR"]
    assert case.borders["countries"].tolist() == ["FIN-RUS", "BLR-UKR"]
    assert case.incidents["country"].tolist() == ["RUS", "UKR"]
    assert case.bands["label"].tolist() == ["0–5 km", "5–20 km"]
    explicit = geo.distance_to_border(case.incidents.iloc[[1]], "BLR-UKR")["border_distance_m"].iloc[0]
    assert case.incidents["border_distance_m"].iloc[1] == pytest.approx(explicit, abs=1e-6)
    assert np.isnan(case.incidents["border_distance_min_m"].iloc[1])  # no radius: no bounds
    assert len(case.nearest) == 4 and case.nearest["rank"].tolist() == [1, 2, 1, 2]
    assert case.damage["area_m2"].iloc[0] == pytest.approx(math.pi * 100**2, rel=1e-3)
    assert case.places.empty and any("Nowhere-Such-Town" in note for note in case.notes)


def test_several_borders_measure_to_the_nearest_of_them():
    data = {"title": "t", "borders": ["RUS-UKR", "BLR-UKR"],
            "incidents": [{"id": "a", "lon": 30.5, "lat": 51.3}, {"id": "b", "lon": 38.0, "lat": 49.5}]}
    case = geo.analyze(parse_scenario(data))
    assert case.incidents["border_countries"].tolist() == ["BLR-UKR", "RUS-UKR"]
    assert sorted(case.borders["countries"]) == ["BLR-UKR", "RUS-UKR"]
