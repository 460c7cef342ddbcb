"""The map's own distance text (the measure tool) says each distance as geo._format does, run in Chromium.

The browser formats one number itself: the length the reader measures. Its
formatter reads geo._format.DISTANCE_RULES from the page; this test runs it
over a table of distances (every rule's edges, ties that JavaScript's toFixed
rounds up and Python rounds to even, negatives, thousands, non-finite
values) and compares each text with ``format_distance`` for the same float.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from browser import offline_browser

from geo._format import DISTANCE_RULES, MISSING, format_distance
from geo.render.webmap._assets import geo_js, inline_script, leaflet_js

pytestmark = pytest.mark.browser

EDGES = [0.0, -0.0, 0.4, 0.5, 1.5, 2.5, 3.5, 849.6, 850.5, 851.5, 999.4, 999.49999, 999.5, 999.6, 1_000.0, 1_049.99,
         1_050.0, 1_150.0, 1_250.0, 3_420.0, 5_000.0, 8_000.0, 35_250.0, 35_350.0, 35_389.9, 99_940.0, 99_949.99,
         99_950.0, 99_960.0, 100_500.0, 101_500.0, 999_500.0, 1_523_553.0, 12_345_678.9, 40_075_016.686, -0.4,
         -0.5, -2.5, -999.6, -35_250.0, -1_523_553.0, math.nan, math.inf, -math.inf,
         math.nextafter(999.5, 0.0), math.nextafter(99_950.0, 0.0), math.nextafter(99_950.0, math.inf)]


def _table() -> list[float]:
    rng = np.random.default_rng(2023)
    quarters = np.arange(-400, 4_000) / 4  # every x.25, x.5, x.75: exact binary ties at 0 and 1 decimals
    kilometre_ties = np.arange(1_000, 100_000, 50, dtype=float)  # x.x5 km: 1,050 m, 1,150 m, ...
    spread = np.concatenate([rng.uniform(0, 1_200, 2_000), rng.uniform(900, 120_000, 3_000),
                             10 ** rng.uniform(0, 7.6, 2_000)])
    return EDGES + quarters.tolist() + kilometre_ties.tolist() + spread.tolist()


def _js_number(value: float) -> str:
    """The float as JavaScript's Number() reads it back exactly (repr() round-trips; inf and nan have other names)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(value)


def test_measure_tool_formats_distances_exactly_as_python(tmp_path):
    values = _table()
    expected = [format_distance(v) for v in values]
    assert {"850 m", "5 km", "35.4 km", "1,524 km", "0 m", "2 m", "35.2 km", MISSING} <= set(expected)
    assert len({text.split()[-1] for text in expected if text != MISSING}) == len({r["unit"] for r in DISTANCE_RULES})
    page_file = tmp_path / "format.html"
    page_file.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'>" + inline_script(leaflet_js())
                         + inline_script(geo_js()) + "</head><body></body></html>", encoding="utf-8")
    with offline_browser() as browser:
        page = browser.open(page_file, wait="window.GeoMap && window.GeoMap.format")
        # Both sides format the very same double.
        got = page.evaluate("(texts) => texts.map(t => GeoMap.format.distance(Number(t)))",
                            [_js_number(v) for v in values])
        assert browser.page_errors == [] and browser.console_errors == [] and browser.blocked == []
    assert len(got) == len(values)
    wrong = [(v, want, have) for v, want, have in zip(values, expected, got, strict=True) if want != have]
    assert wrong == [], wrong[:10]
