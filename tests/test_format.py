"""One way to say each number (geo._format): the rules, one case per branch.

Known answers: Belgorod lies 35,389.9 m from the Russia–Ukraine border (see
test_proximity.py), which every renderer must print as "35.4 km".
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from geo._format import (
    MISSING,
    compass_point,
    compass_points,
    distance_codes,
    distance_range_codes,
    format_approx_distance,
    format_area,
    format_count,
    format_count_range,
    format_date,
    format_distance,
    format_distance_range,
    format_distance_range_parts,
    format_distances,
    format_lonlat,
    format_share,
    format_timestamp,
)


@pytest.mark.parametrize(("metres", "text"), [
    (0, "0 m"), (849.6, "850 m"), (999.4, "999 m"), (999.6, "1 km"), (3_420, "3.4 km"), (5_000, "5 km"),
    (8_000, "8 km"), (35_389.9, "35.4 km"), (99_940, "99.9 km"), (99_960, "100 km"), (1_523_553, "1,524 km"),
])
def test_distance(metres, text):
    assert format_distance(metres) == text


@pytest.mark.parametrize("missing", [None, math.nan, math.inf, pd.NA, "abc"])
def test_missing_numbers_read_unknown(missing):
    assert format_distance(missing) == MISSING
    assert format_area(missing) == MISSING
    assert compass_point(missing) == ""
    assert format_count_range(missing, missing) == ""


@pytest.mark.parametrize(("low", "high", "text"), [
    (27_389.9, 43_389.9, "27.4–43.4 km"), (600, 1_400, "600 m–1.4 km"), (0, 5_000, "0–5 km"),
    (200, 800, "200–800 m"), (10_000, 25_000, "10–25 km"), (50_000, 150_000, "50–150 km"),
])
def test_distance_range_names_the_unit_once(low, high, text):
    assert format_distance_range(low, high) == text


def test_approximate_distance_for_phrases():
    assert [format_approx_distance(m) for m in (20, 420, 960, 34_400, 1_234_567)] == \
        ["0 m", "400 m", "1 km", "34 km", "1,235 km"]


@pytest.mark.parametrize(("m2", "text"), [(12_345, "12,345 m²"), (282_743, "0.28 km²"), (2_345_678, "2.35 km²"),
                                          (45_600_000, "45.6 km²"), (201_041_700, "201 km²")])
def test_area(m2, text):
    assert format_area(m2) == text


def test_compass_scalar_and_vector_agree():
    azimuths = [0, 22.4, 22.6, 90, 180, 225, 337.4, 337.6, 359.9, -45, 405, np.nan, None]
    expected = ["N", "N", "NE", "E", "S", "SW", "NW", "N", "N", "NW", "NE", "", ""]
    assert [compass_point(a) for a in azimuths] == expected
    assert compass_points(azimuths).tolist() == expected


@pytest.mark.parametrize(("value", "precision", "when", "text"), [
    ("2023-04-20", "day", "evening", "20 April 2023 (evening)"),
    ("2023-04-05", "day", None, "5 April 2023"),  # no leading zero, on any platform
    (dt.date(2023, 4, 5), None, None, "5 April 2023"),
    (pd.Timestamp("2023-04-01"), "month", None, "April 2023"),
    ("2023-04-17", "week", None, "week of 17 April 2023"),
    ("2023-01-01", "year", "", "2023"),
    (None, "day", None, "date not reported"),
    (pd.NaT, "day", None, "date not reported"),
])
def test_dates_are_worded_to_their_precision(value, precision, when, text):
    assert format_date(value, precision, when) == text


def test_counts_and_ranges():
    assert format_count(1_234) == "1,234"
    assert format_count(1, "incident") == "1 incident"
    assert format_count(1_000, "incident") == "1,000 incidents"
    assert format_count(2, "person", "people") == "2 people"
    assert format_count_range(12, 12) == "12"
    assert format_count_range(24, 99) == "24–99"
    assert format_count_range(12, None) == "at least 12"
    assert format_count_range(np.nan, 99) == "up to 99"
    assert format_count_range(1_200, 3_400) == "1,200–3,400"


def test_share_position_and_timestamp():
    assert format_share(0.3004) == "30%"
    assert format_lonlat(36.58091, 50.60343) == "50.60°N 36.58°E"
    assert format_lonlat(-70.25, -33.87) == "33.87°S 70.25°W"
    stamp = dt.datetime(2023, 4, 21, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert format_timestamp(stamp) == "2023-04-21 12:00 UTC"


def test_distances_at_once_read_as_one_at_a_time():
    """The vectorised forms (maps of 100,000 incidents) say exactly what the scalar ones say, edges included."""
    rng = np.random.default_rng(7)
    values = np.concatenate([rng.uniform(-50, 2e6, 20_000), rng.integers(0, 200_000, 5_000).astype(float),
                             np.arange(0, 120_000, 50.0), [np.nan, np.inf, -0.4, 999.5, 999.49, 99_950, 99_949.9, -5]])
    assert format_distances(values).tolist() == [format_distance(v) for v in values]
    high = values + rng.uniform(0, 60_000, values.size)
    left, right = format_distance_range_parts(values, high)
    for lo, hi, a, b in zip(values, high, left, right, strict=True):
        if math.isfinite(lo) and math.isfinite(hi):
            assert f"{a}–{b}" == format_distance_range(lo, hi)
        else:
            assert a is None and b is None
    # coded forms (what a map carries): a code per value into distinct texts, -1 where missing
    codes, texts = distance_codes(values)
    assert [texts[c] if c >= 0 else None for c in codes] == [
        format_distance(v) if math.isfinite(v) else None for v in values]
    assert len(texts) < values.size // 2
    lc, lt, rc, rt = distance_range_codes(values, high)
    assert [lt[c] if c >= 0 else None for c in lc] == left.tolist()
    assert [rt[c] if c >= 0 else None for c in rc] == right.tolist()
