"""The scenario loader and the Belgorod seed case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

import geo

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BELGOROD = SEEDS / "belgorod-2023-04-20.yaml"
#: The Belgorod case in the one-claim form, as the seed article alone reports it (claims: tests/test_claims.py).
BELGOROD_ONE_CLAIM = Path(__file__).resolve().parent / "data" / "scenarios" / "belgorod-one-claim.yaml"


def write(tmp_path: Path, data: dict | str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


MINIMAL = {"title": "t", "incidents": [{"id": "a", "lon": 36.58, "lat": 50.6}]}


def test_belgorod_seed_matches_the_article():
    case = geo.load_scenario(BELGOROD_ONE_CLAIM)
    row = case.incidents.iloc[0]
    assert row["date"] == pd_timestamp("2023-04-20")
    assert row["time_of_day"] == "evening"
    assert row["location_precision"] == 2
    assert 5_000 <= row["uncertainty_m"] <= 15_000
    assert row["fatalities_low"] == 12 and "Defense Ministry" in row["fatalities_source"]
    assert row["injuries_text"] == "dozens injured"
    assert "Su-34" in row["weapons"]
    assert case.borders == [("RUS", "UKR")]
    assert case.published == dt.date(2023, 4, 21)
    assert case.article is not None and case.article.exists()
    assert set(case.damage["kind"]) >= {"buildings", "vehicles", "windows"}
    assert case.damage.geometry.isna().all()  # reported, not located


def pd_timestamp(text: str):
    import pandas as pd

    return pd.Timestamp(text)


def test_seed_article_kept_verbatim_with_provenance():
    text = (SEEDS / "belgorod-2023-04-21-article.txt").read_text(encoding="utf-8")
    assert text.startswith("# Source:")
    assert "accidental discharge" in text


def test_minimal_scenario(tmp_path):
    case = geo.load_scenario(write(tmp_path, MINIMAL))
    assert case.title == "t" and len(case.incidents) == 1


def test_place_is_geocoded(tmp_path):
    case = geo.load_scenario(write(tmp_path, {"title": "t", "incidents": [{"place": "Kharkiv"}]}))
    assert case.incidents.geometry.x.iat[0] == pytest.approx(36.25, abs=0.1)


def test_missing_title(tmp_path):
    with pytest.raises(geo.ScenarioError, match="missing required key 'title'"):
        geo.load_scenario(write(tmp_path, {"incidents": MINIMAL["incidents"]}))


def test_missing_incidents(tmp_path):
    with pytest.raises(geo.ScenarioError, match="incidents"):
        geo.load_scenario(write(tmp_path, {"title": "t"}))


def test_unknown_top_level_key_is_named(tmp_path):
    with pytest.raises(geo.ScenarioError, match="unknown key 'colour'") as info:
        geo.load_scenario(write(tmp_path, {**MINIMAL, "colour": "red"}))
    assert "case.yaml" in str(info.value)


def test_unknown_incident_key_is_named_with_its_path(tmp_path):
    data = {"title": "t", "incidents": [{"id": "a", "lon": 1, "lat": 2, "fatalaties": 3}]}
    with pytest.raises(geo.ScenarioError, match=r"incidents\[0\]: unknown key 'fatalaties'"):
        geo.load_scenario(write(tmp_path, data))


def test_wrong_type(tmp_path):
    data = {"title": "t", "incidents": [{"id": "a", "lon": "east", "lat": 2}]}
    with pytest.raises(geo.ScenarioError, match=r"incidents\[0\]\.lon: must be a number"):
        geo.load_scenario(write(tmp_path, data))


def test_bad_date(tmp_path):
    data = {"title": "t", "incidents": [{"id": "a", "lon": 1, "lat": 2, "date": "20/04/2023"}]}
    with pytest.raises(geo.ScenarioError, match=r"incidents\[0\]\.date: not a date") as info:
        geo.load_scenario(write(tmp_path, data))
    assert "YYYY-MM-DD" in str(info.value)


def test_missing_file_reference(tmp_path):
    with pytest.raises(geo.ScenarioError, match="missing file 'nowhere.csv'"):
        geo.load_scenario(write(tmp_path, {"title": "t", "incidents_file": "nowhere.csv"}))


def test_paths_are_relative_to_the_scenario(tmp_path):
    sub = tmp_path / "case"
    sub.mkdir()
    (sub / "points.csv").write_text("id,lon,lat\na,36.5,50.6\nb,36.6,50.5\n", encoding="utf-8")
    case = geo.load_scenario(write(sub, {"title": "t", "incidents_file": "points.csv"}))
    assert list(case.incidents["id"]) == ["a", "b"]


def test_unknown_iso_code(tmp_path):
    with pytest.raises(geo.ScenarioError, match=r"borders\[0\]: unknown country code 'RUX'"):
        geo.load_scenario(write(tmp_path, {**MINIMAL, "borders": ["RUS-RUX"]}))


def test_border_as_pair_list(tmp_path):
    case = geo.load_scenario(write(tmp_path, {**MINIMAL, "borders": [["ukr", "rus"]]}))
    assert case.borders == [("UKR", "RUS")]


def test_invalid_yaml_names_the_line(tmp_path):
    with pytest.raises(geo.ScenarioError, match="line 2"):
        geo.load_scenario(write(tmp_path, "title: t\n  incidents: [\n"))


def test_schema_errors_name_the_incident(tmp_path):
    data = {"title": "t", "incidents": [{"id": "a", "lon": 1, "lat": 2},
                                         {"id": "b", "lon": 1, "lat": 95}]}
    with pytest.raises(geo.ScenarioError, match=r"incidents\[1\]: latitude 95"):
        geo.load_scenario(write(tmp_path, data))


def test_claim_range_checked(tmp_path):
    data = {"title": "t", "incidents": [{"id": "a", "lon": 1, "lat": 2, "fatalities": {"low": 5, "high": 2}}]}
    with pytest.raises(geo.ScenarioError, match="fatalities_low"):
        geo.load_scenario(write(tmp_path, data))


def test_damage_circle_is_geodesic(tmp_path):
    data = {**MINIMAL, "damage": [{"id": "d", "incident": "a", "circle": {"radius_m": 500}}]}
    case = geo.load_scenario(write(tmp_path, data))
    area = geo.geodesic_area(case.damage.geometry.iat[0])
    assert area == pytest.approx(3.14159265 * 500**2, rel=1e-3)


def test_damage_unknown_incident(tmp_path):
    data = {**MINIMAL, "damage": [{"id": "d", "incident": "zzz", "circle": {"radius_m": 5}}]}
    with pytest.raises(geo.ScenarioError, match="unknown incident 'zzz'"):
        geo.load_scenario(write(tmp_path, data))


def test_map_bands_must_increase(tmp_path):
    with pytest.raises(geo.ScenarioError, match="bands_km must increase"):
        geo.load_scenario(write(tmp_path, {**MINIMAL, "map": {"bands_km": [25, 10]}}))
