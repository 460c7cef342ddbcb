"""The settings contract: read at call time, never frozen; shared frames are never handed out to be edited."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import geo
from geo.render.report.pdf import find_chromium
from geo.settings import settings

SEED = Path(__file__).resolve().parents[1] / "seeds" / "belgorod-2023-04-20.yaml"


@pytest.fixture
def restore_settings():
    saved = dict(vars(settings))
    yield settings
    for key, value in saved.items():
        setattr(settings, key, value)


@pytest.fixture(scope="module")
def scenario() -> geo.Scenario:
    return geo.load_scenario(SEED)


def _smallest_nearest(scenario) -> int:
    return int(geo.analyze(scenario).nearest["population"].min())


def test_analyze_reads_the_population_floor_at_call_time(scenario, restore_settings):
    assert scenario.map.min_population is None  # nothing frozen into the scenario's options
    default = geo.analyze(scenario).nearest
    assert (default["population"] >= settings.nearest_min_population).all()
    settings.places_min_population = 50_000  # raising the gazetteer's floor raises the nearest towns' too
    towns = geo.analyze(scenario).nearest
    assert (towns["population"] >= 50_000).all()
    assert set(towns["name"]) != set(default["name"])
    settings.places_min_population = 500
    settings.nearest_min_population = 300_000  # the nearest-town setting alone, read now
    assert _smallest_nearest(scenario) >= 300_000


def test_the_scenario_overrides_the_settings(scenario, restore_settings):
    settings.places_min_population = 500
    settings.nearest_min_population = 500
    scenario = geo.load_scenario(SEED)
    scenario.map.min_population = 100_000
    assert _smallest_nearest(scenario) >= 100_000


def test_chromium_comes_from_settings(tmp_path, restore_settings):
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    settings.chromium = fake
    assert find_chromium() == fake
    settings.chromium = tmp_path / "missing"
    assert find_chromium() is None


def test_geo_chromium_environment_variable_fills_the_setting(tmp_path):
    probe = "from geo.settings import settings; print(settings.chromium)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "GEO_CHROMIUM": str(tmp_path / "chrome")})
    assert out.stdout.strip() == str(tmp_path / "chrome")


def test_places_and_countries_are_copies():
    towns = geo.places()
    first = towns["name"].iat[0]
    towns.loc[towns.index[0], "name"] = "Edited"
    del towns["population"]
    again = geo.places()
    assert again["name"].iat[0] == first and "population" in again
    world = geo.countries()
    world.loc[world.index[0], "name"] = "Edited"
    assert geo.countries()["name"].iat[0] != "Edited"
