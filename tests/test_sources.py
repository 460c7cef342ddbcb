"""Event files as they come: profiles, precision tables, countries, KML/KMZ, rows set aside.

Fixtures in tests/data/sources/ are written from the public codebooks (see
the README there); the real UCDP GED extract is used when ../shared is
present beside the project, and those tests skip otherwise.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import geo
from geo.errors import GeoWarning, InputError, RepairWarning
from geo.input.countries import resolve_countries, resolve_country, suggest_country
from geo.input.kml import html_to_text, read_kml
from geo.input.load import load_events, rejected_path, write_rejected
from geo.input.profiles import ACLED, UCDP, detect_profile, parse_columns
from geo.input.profiles.acled import GEO_PRECISION
from geo.input.profiles.ucdp import DATE_PREC, WHERE_PREC

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tests" / "data" / "sources"
REAL = ROOT.parent / "shared" / "data" / "real"
UCDP_FILE = REAL / "ucdp-ged-ukraine.csv"
needs_real = pytest.mark.skipif(not UCDP_FILE.exists(), reason="real data folder ../shared/data/real is absent")


def _quiet(func, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    return result, [str(w.message) for w in caught]


# --------------------------------------------------------------------------- countries

@pytest.mark.parametrize("name, code", [
    ("Ukraine", "UKR"), ("UKR", "UKR"), ("ukr", "UKR"), ("Russia (Soviet Union)", "RUS"), ("Crimea", "UKR"),
    ("Russian Federation", "RUS"), ("Україна", "UKR"), ("Côte d’Ivoire", "CIV"), ("Iran (Islamic Republic of)", "IRN"),
    ("DR Congo (Zaire)", "COD"), ("Yemen (North Yemen)", "YEM"), ("Bosnia-Herzegovina", "BIH"), ("Türkiye", "TUR"),
])
def test_country_aliases(name, code):
    assert resolve_country(name) == code


def test_unknown_and_blank_countries_do_not_crash():
    codes, unknown = resolve_countries(pd.Series(["Ukraine", None, "", "Belaurs", float("nan")], dtype=object))
    assert codes.tolist() == ["UKR", None, None, None, None]
    assert unknown.tolist() == [False, False, False, True, False]
    assert suggest_country("Belaurs") == "Belarus"


# --------------------------------------------------------------------------- profiles

def test_profiles_are_recognised_from_the_header():
    for name, expected in [("acled-format.csv", "acled"), ("hxl-events.csv", "hxl"), ("monitor-sheet.csv", "monitor"),
                           ("bad-rows.csv", "geo")]:
        frame = pd.read_csv(SOURCES / name, dtype=str)
        assert detect_profile(list(frame.columns), frame.iloc[0].tolist()).name == expected, name


def test_precision_tables_cover_every_code_with_sensible_radii():
    assert sorted(WHERE_PREC) == [1, 2, 3, 4, 5, 6, 7] and sorted(DATE_PREC) == [1, 2, 3, 4, 5]
    radii = [WHERE_PREC[k][1] for k in sorted(WHERE_PREC)]
    assert radii == sorted(radii) and WHERE_PREC[2] == (2, 25_000.0)   # the codebook's own 25 km
    assert [GEO_PRECISION[k][0] for k in (1, 2, 3)] == [2, 2, 3]
    assert {v[0] for v in WHERE_PREC.values()} <= {1, 2, 3}


def test_acled_file_keeps_dates_precision_and_fatalities():
    loaded, notes = _quiet(load_events, SOURCES / "acled-format.csv")
    inc = loaded.incidents.set_index("id")
    assert loaded.reading.profile.name == "acled" and len(inc) == 4 and loaded.rejected.empty
    assert inc.loc["RUS90001", "date"] == pd.Timestamp("2023-05-03")
    assert inc["time_precision"].tolist() == ["day", "week", "month", "day"]
    assert inc["location_precision"].tolist() == [2, 2, 3, 2]
    assert inc["uncertainty_m"].tolist() == [5_000.0, 25_000.0, 150_000.0, 5_000.0]
    assert inc.loc["RUS90002", "fatalities_low"] == 2 and inc.loc["RUS90002", "fatalities_high"] == 2
    assert inc.loc["RUS90002", "fatalities_source"] == "ACLED"
    assert inc.loc["RUS90002", "actors"] == "Military Forces of Ukraine (2019-); Civilians (Russia)"
    assert inc.loc["RUS90001", "sub_event_type"] == "Air/drone strike"       # extra columns kept
    assert "acled_region" in inc and inc.loc["RUS90001", "acled_region"] == "Europe"   # renamed, not lost


def test_hxl_columns_are_mapped_by_tag_and_rows_count_the_hashtag_row():
    loaded, _ = _quiet(load_events, SOURCES / "hxl-events.csv")
    inc = loaded.incidents.set_index("id")
    assert loaded.reading.profile.name == "hxl" and list(inc.index) == ["HXL-1", "HXL-2", "HXL-3"]
    assert inc.loc["HXL-3", "fatalities_low"] == 5 and inc.loc["HXL-3", "fatalities_source"] == "hxl-events.csv"
    assert inc.loc["HXL-2", "actors"] == "Military Forces of Ukraine; Civilians (Russia)"
    assert inc.loc["HXL-1", "geometry"].x == pytest.approx(36.5809)
    bad = SOURCES.parent.parent / "tmp-hxl-bad.csv"
    try:
        text = (SOURCES / "hxl-events.csv").read_text().replace("50.4785", "95.4785")
        bad.write_text(text)
        with pytest.raises(InputError, match="row 3"):   # header, hashtag row 1, records from row 2
            _quiet(load_events, bad)
    finally:
        bad.unlink(missing_ok=True)


def test_monitor_sheet_with_blank_and_unknown_countries():
    loaded, notes = _quiet(load_events, SOURCES / "monitor-sheet.csv")
    inc = loaded.incidents.set_index("id")
    assert loaded.reading.profile.name == "monitor" and len(inc) == 5 and loaded.rejected.empty
    assert any("Belaurs" in n and "row 3" in n and "Belarus" in n for n in notes), notes
    assert inc.loc["M-004", "geometry"].y == pytest.approx(51.7304)   # from the geolocation cell
    assert inc.loc["M-001", "sources"] == "https://example.org/posts/1"


def test_columns_override_wins_and_unknown_columns_are_named():
    assert parse_columns("date=event_date, fatalities=best") == {"date": "event_date", "fatalities": "best"}
    with pytest.raises(InputError, match="unknown field 'when'"):
        parse_columns("when=event_date")
    loaded, _ = _quiet(load_events, SOURCES / "acled-format.csv", columns="location=admin2")
    assert loaded.incidents["location"].iloc[0] == "Belgorodskiy"
    assert loaded.reading.overrides == {"location": "admin2"}
    with pytest.raises(InputError, match="no column 'nope'"):
        load_events(SOURCES / "acled-format.csv", columns="date=nope")


# --------------------------------------------------------------------------- KML / KMZ

def test_html_description_becomes_safe_text():
    text = html_to_text('<p>Fire at <b>depot</b></p><script>alert(1)</script><img src=x onerror=alert(2)>'
                        '<a href="https://example.org/v">video</a><a href="javascript:alert(3)">bad</a>')
    assert text == "Fire at depot\nvideo (https://example.org/v)bad"
    assert "<" not in text and "alert" not in text


@pytest.mark.parametrize("name", ["strikes.kml", "strikes.kmz"])
def test_kml_and_kmz_without_ids(name):
    loaded, notes = _quiet(load_events, SOURCES / name)
    inc, dmg = loaded.incidents, loaded.damage
    assert len(inc) == 2 and len(dmg) == 1 and loaded.rejected.empty
    assert inc["id"].tolist() == ["row-1", "row-2"]
    assert inc["folder"].tolist() == ["Strikes", "Strikes"] and dmg["folder"].tolist() == ["Damage"]
    assert inc["time_precision"].tolist() == ["day", "week"]
    assert inc["date"].dt.strftime("%Y-%m-%d").tolist() == ["2023-05-03", "2023-05-04"]
    assert inc["date_end"].tolist()[1] == "2023-05-06"
    assert "alert" not in inc["notes"].iloc[0] and "https://example.org/video/1" in inc["notes"].iloc[0]
    assert not any("Z (height)" in n for n in notes)   # KML's 0 heights are dropped silently


def test_lines_and_polygons_only_file_reads():
    loaded, _ = _quiet(load_events, SOURCES / "trench-line.kml")
    assert loaded.incidents is None and len(loaded.damage) == 1 and len(loaded.lines) == 1
    assert read_kml(SOURCES / "trench-line.kml")["folder"].iloc[0] == "Defensive line (example)"


# --------------------------------------------------------------------------- rows set aside

def test_on_error_fail_names_every_bad_row():
    with pytest.raises(InputError) as err:
        _quiet(load_events, SOURCES / "bad-rows.csv")
    text = str(err.value)
    for row in ("row 2", "row 4", "row 5", "row 7"):
        assert row in text, text
    assert "4 of 7 rows" in text and "--on-error skip" in text


def test_on_error_skip_keeps_good_rows_and_accounts_for_every_row(tmp_path):
    loaded, _ = _quiet(load_events, SOURCES / "bad-rows.csv", on_error="skip")
    assert loaded.incidents["id"].tolist() == ["ok-1", "ok-2", "ok-3"]
    assert loaded.rejected["row"].tolist() == [2, 4, 5, 7]
    assert loaded.rejected["id"].tolist() == ["bad-lat", "bad-date", "bad-coord", "bad-range"]
    assert len(loaded.incidents) + len(loaded.rejected) == loaded.rows == 7
    reasons = dict(zip(loaded.rejected["id"], loaded.rejected["reason"], strict=True))
    assert "latitude 95.4785" in reasons["bad-lat"] and "YYYY-MM-DD" in reasons["bad-date"]
    assert "not a number: 'abc'" in reasons["bad-coord"] and "greater than" in reasons["bad-range"]
    target = write_rejected(loaded.rejected, tmp_path / "out.html")
    assert target == rejected_path(tmp_path / "out.html") == tmp_path / "out.rejected.csv"
    back = pd.read_csv(target, dtype=str)
    assert back.columns[:2].tolist() == ["row", "reason"] and back["lat"].tolist()[0] == "95.4785"


# --------------------------------------------------------------------------- the real UCDP extract

@needs_real
def test_real_ucdp_file_reads_with_precision_dates_and_claims():
    loaded, notes = _quiet(load_events, UCDP_FILE)
    inc = loaded.incidents
    assert loaded.reading.profile.name == "ucdp" and len(inc) == 3077 and loaded.rejected.empty
    raw = pd.read_csv(UCDP_FILE)
    assert (inc["id"].astype(int).to_numpy() == raw["id"].to_numpy()).all()
    expected_r = raw["where_prec"].map(lambda p: WHERE_PREC[p][1]).to_numpy()
    assert np.array_equal(inc["uncertainty_m"].to_numpy(), expected_r)
    assert inc["time_precision"].value_counts().to_dict() == {
        "day": 2406, "week": 445 + 77, "month": 113, "year": 36}
    assert (inc["fatalities_low"] <= inc["fatalities_high"]).all()
    assert (inc["fatalities_source"] == "UCDP GED").all()
    odd = inc.set_index("id").loc["155425"]
    assert (odd["fatalities_low"], odd["fatalities_high"]) == (7, 7)
    assert odd["fatalities_text"] == "UCDP best estimate 7, low 7, high 6"
    assert any("out of order" in n and "codebook" in n for n in notes)
    assert inc["ucdp_region"].eq("Europe").all() and inc["where_prec"].notna().all()


@needs_real
def test_real_ucdp_country_alias_warns_nothing_and_checks_still_run():
    loaded, notes = _quiet(load_events, UCDP_FILE)
    assert not any("unknown country" in n for n in notes), notes


def test_geo_is_importable_with_profiles():
    assert ACLED.name == "acled" and UCDP.name == "ucdp"
    assert issubclass(RepairWarning, GeoWarning) and geo.__name__ == "geo"


# --------------------------------------------------------------------------- the commands

def _cli(*args: str):
    from click.testing import CliRunner

    from geo.cli.main import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_inspect_names_profile_fields_and_extras():
    result = _cli("inspect", str(SOURCES / "acled-format.csv"))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "profile: ACLED (acled)" in out and "id                   <- event_id_cnty" in out
    assert "location_precision   <- geo_precision" in out and "kept as extra fields (20)" in out
    assert "region (as acled_region)" in out and "rows: 4 read: 4 incidents; 0 rejected" in out


def test_verbose_map_says_how_the_file_was_read(tmp_path):
    out = tmp_path / "hxl.html"
    result = _cli("map", str(SOURCES / "hxl-events.csv"), "-o", str(out), "--tiles", "none", "-v")
    assert result.exit_code == 0, result.output
    assert "profile: HXL-tagged table (hxl)" in result.stderr and out.exists()


def test_cli_on_error_fail_and_skip_in_every_command(tmp_path):
    source = SOURCES / "bad-rows.csv"
    runs = {"map": ("out.html", ["--tiles", "none"]), "distance": ("out.csv", ["--border", "RUS-UKR"]),
            "report": ("out.md", ["--border", "RUS-UKR"])}
    for command, (name, extra) in runs.items():
        out = tmp_path / command / name
        out.parent.mkdir()
        failed = _cli(command, str(source), "-o", str(out), *extra)
        assert failed.exit_code == 2, (command, failed.output)
        assert all(f"row {n}" in failed.stderr for n in (2, 4, 5, 7)), failed.stderr
        assert not out.exists() and not (out.parent / "out.rejected.csv").exists()
        done = _cli(command, str(source), "-o", str(out), "--on-error", "skip", *extra)
        assert done.exit_code == 0, (command, done.output)
        assert "7 rows read: 3 used, 4 rejected" in done.stderr, done.stderr
        rejected = pd.read_csv(out.parent / "out.rejected.csv", dtype=str)
        assert rejected["row"].tolist() == ["2", "4", "5", "7"] and out.exists()
    kept = pd.read_csv(tmp_path / "distance" / "out.csv")
    assert kept["id"].tolist() == ["ok-1", "ok-2", "ok-3"] and "border_distance_m" in kept


def test_kml_with_two_folders_maps_and_measures(tmp_path):
    folders = ROOT / "tests" / "data" / "bad" / "two-folders.kml"
    out = tmp_path / "folders.csv"
    result = _cli("distance", str(folders), "--border", "RUS-UKR", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert set(pd.read_csv(out)["folder"]) == {"Incidents", "Damage"}


def test_polygon_distance_is_from_its_nearest_point(tmp_path):
    import geopandas as gpd
    import shapely

    from geo.analysis.shapes import distance_to_border_any
    from geo.geodesy import geodesic_distance

    square = shapely.Polygon([(36.30, 50.60), (36.40, 50.60), (36.40, 50.70), (36.30, 50.70)])
    line = shapely.LineString([(36.2, 50.45), (36.35, 50.40), (36.50, 50.38)])
    frame = gpd.GeoDataFrame(geometry=[shapely.Point(36.58091, 50.60343), square, line], crs=4326)
    out = distance_to_border_any(frame, "RUS-UKR")
    point_only = geo.distance_to_border(frame.iloc[:1], "RUS-UKR")
    assert out["border_distance_m"].iloc[0] == pytest.approx(point_only["border_distance_m"].iloc[0], abs=1e-6)
    # Brute force: every vertex of the shape densified to ~11 m, measured exactly; sampling makes geo's
    # answer at most ~28 m longer and never shorter than the truth (within the engine's millimetres).
    for i, shape in ((1, square), (2, line)):
        dense = shapely.segmentize(shapely.boundary(shape) if i == 1 else shape, 0.0001)
        xy = shapely.get_coordinates(dense)
        brute = geo.distance_to_border(gpd.GeoDataFrame(geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=4326),
                                       "RUS-UKR")["border_distance_m"].min()
        assert brute - 0.01 <= out["border_distance_m"].iloc[i] <= brute + 30.0
        back = geodesic_distance(out["border_nearest_lon"].iloc[i], out["border_nearest_lat"].iloc[i],
                                 out["border_lon"].iloc[i], out["border_lat"].iloc[i])
        assert float(back) == pytest.approx(out["border_distance_m"].iloc[i], abs=1.0)
    crossing = gpd.GeoDataFrame(geometry=[shapely.box(36.0, 50.0, 37.0, 51.0)], crs=4326)
    assert distance_to_border_any(crossing, "RUS-UKR")["border_distance_m"].iloc[0] == 0.0


def test_scenario_incidents_file_with_columns_and_on_error(tmp_path):
    import shutil

    shutil.copy(SOURCES / "acled-format.csv", tmp_path / "acled.csv")
    shutil.copy(SOURCES / "bad-rows.csv", tmp_path / "bad.csv")
    (tmp_path / "case.yaml").write_text(
        "title: ACLED case\nincidents_file: acled.csv\ncolumns: {location: admin2}\nborders: [RUS-UKR]\n")
    case, _ = _quiet(geo.load_scenario, tmp_path / "case.yaml")
    assert case.incidents["location"].iloc[0] == "Belgorodskiy" and case.loaded[0].reading.profile.name == "acled"
    (tmp_path / "bad.yaml").write_text("title: bad rows\nincidents_file: {path: bad.csv, on_error: skip}\n")
    case, _ = _quiet(geo.load_scenario, tmp_path / "bad.yaml")
    assert len(case.incidents) == 3 and len(case.loaded[0].rejected) == 4
    (tmp_path / "strict.yaml").write_text("title: bad rows\nincidents_file: bad.csv\n")
    with pytest.raises(InputError, match="4 of 7 rows"):
        _quiet(geo.load_scenario, tmp_path / "strict.yaml")
    out = tmp_path / "strict.html"
    result = _cli("map", str(tmp_path / "strict.yaml"), "-o", str(out), "--tiles", "none", "--on-error", "skip")
    assert result.exit_code == 0 and (tmp_path / "strict.rejected.csv").exists(), result.output


@needs_real
def test_real_ucdp_measures_with_min_max_from_where_prec(tmp_path):
    out = tmp_path / "ged.csv"
    result = _cli("distance", str(UCDP_FILE), "--border", "RUS-UKR", "-o", str(out))
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, low_memory=False)
    assert len(frame) == 3077 and frame["border_distance_max_m"].notna().all()
    spread = frame["border_distance_max_m"] - frame["border_distance_m"]
    radius = frame["where_prec"].map(lambda p: WHERE_PREC[p][1])
    assert np.allclose(spread, radius, atol=1e-6)
    assert (frame["fatalities_source"] == "UCDP GED").all() and frame["date"].notna().all()


@needs_real
def test_real_ucdp_reports_end_to_end(tmp_path):
    out = tmp_path / "ged.md"
    result = _cli("-q", "report", str(UCDP_FILE), "--border", "RUS-UKR", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "22 January 2014 to 23 February 2022" in text and "| UCDP GED | 3,077 |" in text
    assert "known only to a region" in text and (tmp_path / "ged-map.png").exists()
