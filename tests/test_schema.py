"""One test per schema rule; each fails if its rule is removed."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import geo
from geo.input.schema import DEFAULT_UNCERTAINTY_M


def frame(**columns) -> gpd.GeoDataFrame:
    n = len(next(iter(columns.values()))) if columns else 1
    lon = columns.pop("lon", [36.58] * n)
    lat = columns.pop("lat", [50.60] * n)
    return gpd.GeoDataFrame(pd.DataFrame(columns or {"id": [f"i{i}" for i in range(n)]}),
                            geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def test_valid_frame_gets_every_schema_column():
    out = geo.validate_incidents(frame(id=["a"]))
    assert list(out.columns[: len(geo.input.schema.INCIDENT_COLUMNS)]) == list(geo.input.schema.INCIDENT_COLUMNS)
    assert out["time_precision"].iat[0] == "day"


def test_rule_geometry_required():
    with pytest.raises(geo.SchemaError, match="geometry"):
        geo.validate_incidents(pd.DataFrame({"id": ["a"]}))


def test_rule_crs_required():
    bare = frame(id=["a"]).set_crs(None, allow_override=True)
    with pytest.raises(geo.MissingCRSError, match="EPSG:4326"):
        geo.validate_incidents(bare, source="incidents.csv")


def test_rule_other_crs_is_reprojected():
    projected = frame(id=["a"]).to_crs(3035)
    out = geo.validate_incidents(projected)
    assert out.crs.to_epsg() == 4326
    assert out.geometry.x.iat[0] == pytest.approx(36.58, abs=1e-7)


def test_rule_zero_rows():
    with pytest.raises(geo.InputError, match="zero rows"):
        geo.validate_incidents(frame(id=["a"]).iloc[:0])


def test_rule_points_only():
    gdf = gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.box(0, 0, 1, 1)], crs=4326)
    with pytest.raises(geo.SchemaError, match="must be points"):
        geo.validate_incidents(gdf)


def test_rule_missing_geometry_names_the_row():
    gdf = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[shapely.Point(1, 1), None], crs=4326)
    with pytest.raises(geo.InputError, match="row 2"):
        geo.validate_incidents(gdf)


@pytest.mark.parametrize(("lon", "lat", "message"), [
    (36.0, 91.0, "latitude 91.0 is outside"),
    (540.0, 50.0, "longitude 540.0 is outside"),
    (np.nan, 50.0, "not a finite number"),
    (36.0, np.inf, "not a finite number"),
])
def test_rule_coordinate_ranges(lon, lat, message):
    with pytest.raises(geo.InputError, match=message):
        geo.validate_incidents(frame(id=["a"], lon=[lon], lat=[lat]))


def test_rule_ids_unique():
    with pytest.raises(geo.SchemaError, match="used more than once") as info:
        geo.validate_incidents(frame(id=["a", "b", "a"]))
    assert "rows 1, 3" in str(info.value)


def test_rule_ids_default_to_row_numbers():
    out = geo.validate_incidents(frame(location=["x", "y"]))
    assert list(out["id"]) == ["row-1", "row-2"]


def test_rule_dates_parse():
    with pytest.raises(geo.SchemaError, match="not dates") as info:
        geo.validate_incidents(frame(id=["a", "b"], date=["2023-04-20", "Thursday-ish"]))
    assert "row 2" in str(info.value)


def test_rule_time_precision_vocabulary():
    with pytest.raises(geo.SchemaError, match="time_precision"):
        geo.validate_incidents(frame(id=["a"], time_precision=["fortnight"]))


def test_rule_location_precision_vocabulary():
    with pytest.raises(geo.SchemaError, match="location_precision"):
        geo.validate_incidents(frame(id=["a"], location_precision=[4]))


def test_rule_numbers_are_numbers():
    with pytest.raises(geo.SchemaError, match="must hold numbers"):
        geo.validate_incidents(frame(id=["a"], fatalities_low=["twelve"]))


def test_rule_counts_are_whole_numbers():
    with pytest.raises(geo.SchemaError, match="whole numbers"):
        geo.validate_incidents(frame(id=["a"], fatalities_low=[1.5]))


def test_rule_counts_not_negative():
    with pytest.raises(geo.SchemaError, match="cannot be negative"):
        geo.validate_incidents(frame(id=["a"], injuries_low=[-1]))


def test_rule_low_not_above_high():
    with pytest.raises(geo.SchemaError, match="fatalities_low \\(12\\) is greater than fatalities_high \\(3\\)"):
        geo.validate_incidents(frame(id=["a"], fatalities_low=[12], fatalities_high=[3]))


def test_rule_uncertainty_not_negative():
    with pytest.raises(geo.SchemaError, match="uncertainty_m"):
        geo.validate_incidents(frame(id=["a"], uncertainty_m=[-5]))


def test_rule_uncertainty_defaults_from_precision():
    out = geo.validate_incidents(frame(id=["a", "b", "c"], location_precision=[1, 2, 3]))
    assert list(out["uncertainty_m"]) == [DEFAULT_UNCERTAINTY_M[p] for p in (1, 2, 3)]


def test_rule_extra_columns_kept():
    out = geo.validate_incidents(frame(id=["a"], my_column=["kept"]))
    assert out["my_column"].iat[0] == "kept"


def test_damage_rule_polygons_only():
    gdf = gpd.GeoDataFrame({"id": ["d"]}, geometry=[shapely.Point(0, 0)], crs=4326)
    with pytest.raises(geo.SchemaError, match="must be polygons"):
        geo.validate_damage(gdf)


def test_damage_rule_severity_vocabulary():
    gdf = gpd.GeoDataFrame({"id": ["d"], "severity": ["apocalyptic"]}, geometry=[shapely.box(0, 0, 1, 1)], crs=4326)
    with pytest.raises(geo.SchemaError, match="severity"):
        geo.validate_damage(gdf)


def test_damage_rule_invalid_polygon_repaired_with_warning():
    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    gdf = gpd.GeoDataFrame({"id": ["d"]}, geometry=[bowtie], crs=4326)
    with pytest.warns(geo.RepairWarning, match="make_valid"):
        out = geo.validate_damage(gdf)
    assert out.geometry.is_valid.all()


def test_damage_rule_unlocated_allowed():
    gdf = gpd.GeoDataFrame({"id": ["d"], "kind": ["windows"]}, geometry=[None], crs=4326)
    out = geo.validate_damage(gdf)
    assert out.geometry.isna().all()


def test_columns_a_file_lacks_are_the_series_pandas_makes_of_empty_strings():
    """Absent text columns are built by Arrow: the very Series (dtype, values, index) of Python ``""`` cells."""
    from geo.input.schema import _blank_text

    for index in (pd.RangeIndex(0), pd.RangeIndex(1), pd.RangeIndex(100_000), pd.Index([7, 3, 9])):
        expected = pd.Series(np.full(len(index), "", dtype=object), index=index)
        pd.testing.assert_series_equal(_blank_text(index), expected)
        assert _blank_text(index).dtype == expected.dtype


def test_plain_dates_read_as_the_general_iso_path_reads_them():
    """The fast path for YYYY-MM-DD columns gives what the ISO 8601 path gives, and falls back for the rest."""
    from geo.input._dates import parse_dates as _dates

    cells = ["2023-01-01", " 2023-02-28 ", None, "", "2023-01-01Z", "2023-01-01T10:00:00+02:00", "2023-01", "2023",
             "2023-01-01\n", "\t2023-12-31"]
    plain = pd.Series(["2023-04-20", None, "", " 2024-02-29"], dtype="str")
    assert _dates(plain, "date", source="x").tolist()[0::3] == [pd.Timestamp("2023-04-20"), pd.Timestamp("2024-02-29")]
    mixed = _dates(pd.Series(cells, dtype="str"), "date", source="x").tolist()
    assert mixed[4] == pd.Timestamp("2023-01-01") and mixed[5] == pd.Timestamp("2023-01-01 10:00")
    assert mixed[6] == pd.Timestamp("2023-01-01") and pd.isna(mixed[2]) and pd.isna(mixed[3])
    for bad in ("2023-02-30", "2023-13-01", "0000-00-00"):
        with pytest.raises(geo.SchemaError, match="not dates"):
            _dates(pd.Series(["2023-01-01", bad], dtype="str"), "date", source="x")


@pytest.mark.parametrize("cells", [
    ["2023-04-20", None, "2024-02-29", "1677-09-22", "2262-04-11", "2000-12-31"],
    ["2023-01-01"] * 3,
    [None, "2023-06-30"],
    [None, None],
])
def test_plain_dates_in_arrow_text_are_read_in_c_as_pandas_reads_them(cells):
    """A column of plain YYYY-MM-DD days (Arrow text, as a CSV is read) is parsed from its bytes, giving the dates
    pandas' fixed-format parse gives; every other column is left to the general path."""
    from geo.input._dates import _plain_dates

    column = pd.Series(cells, dtype="str", index=pd.RangeIndex(10, 10 + len(cells)), name="date")
    fast = _plain_dates(column)
    assert fast is not None
    expected = pd.to_datetime(column, errors="coerce", format="%Y-%m-%d").astype("datetime64[ns]")
    pd.testing.assert_series_equal(fast, expected)
    for other in (["2023-01-01", " 2023-01-02"], ["2023-01-01", "2023-02-30"], ["2023-01-01", "2023-1-05x"],
                  ["2023-01-01", "2023-01-01Z"], ["2023-01-01", ""], ["1677-09-21", "2023-01-01"],
                  ["2262-04-12"], ["２０２３-01-01"], ["2023/01/01"]):
        assert _plain_dates(pd.Series(other, dtype="str")) is None, other
    assert _plain_dates(pd.Series(cells, dtype=object)) is None


def test_a_date_beyond_what_geo_keeps_is_named_with_its_row():
    """Years outside 1677-2262 (pandas' nanosecond dates) are a schema error naming the row, not a crash."""
    from geo.input._dates import parse_dates as _dates

    with pytest.raises(geo.SchemaError, match="outside the years 1677-2262") as err:
        _dates(pd.Series(["2023-01-01", "9999-12-31", None], dtype="str"), "date", source="x.csv")
    assert list(err.value.rows) == [2]
    with pytest.raises(geo.SchemaError, match="outside"):
        _dates(pd.Series(["1500-01-01T10:00", "2023-01-01"], dtype="str"), "date", source="x.csv")
    assert _dates(pd.Series(["2262-04-11", "1677-09-22"], dtype="str"), "date", source="x").notna().all()


def test_nul_found_in_arrow_text_whatever_its_chunks_and_slices():
    """The NUL check skips a column only when its Arrow bytes hold no NUL; a NUL in any chunk is still removed."""
    import pyarrow as pa

    from geo.input.schema import _may_hold_nul

    dtype = pd.StringDtype("pyarrow")
    clean = pd.Series(pd.array(pa.chunked_array([["a", "b"], ["c", None]]), dtype=dtype))
    dirty = pd.Series(pd.array(pa.chunked_array([["a", "b"], ["c", "d\x00e"]]), dtype=dtype))
    outside = pd.Series(pd.array(pa.array(["x\x00", "y", "z"]).slice(1), dtype=dtype))
    assert not _may_hold_nul(clean)
    assert _may_hold_nul(dirty)
    assert _may_hold_nul(outside)  # the NUL lies outside the slice: searched cell by cell, found in none
    assert _may_hold_nul(pd.Series(["a\x00"], dtype=object))  # not held in Arrow: always searched
    with pytest.warns(geo.RepairWarning, match="row 4 had NUL characters in notes"):
        out = geo.validate_incidents(frame(id=list("abcd"), notes=dirty))
    assert out["notes"].tolist() == ["a", "b", "c", "de"]
    outside_frame = frame(id=["a", "b"], notes=outside.reset_index(drop=True))
    assert geo.validate_incidents(outside_frame)["notes"].tolist() == ["y", "z"]


@pytest.mark.parametrize("given", [None, ["", ""], ["month", ""], ["week", "year"]])
def test_time_precision_defaults_to_day_in_the_columns_dtype(given):
    """A blank time precision is "day", whether the column is missing, blank, partly or fully given; the dtype is
    what assigning "day" to the blank cells leaves."""
    columns = {"id": ["a", "b"]} if given is None else {"id": ["a", "b"], "time_precision": given}
    out = geo.validate_incidents(frame(**columns))
    expected = ["day", "day"] if given is None else [g or "day" for g in given]
    assert out["time_precision"].tolist() == expected
    if given is None:  # the column made blank, as pandas types Python strings
        reference = pd.Series(np.array(["day"], dtype=object)).dtype
    else:  # the column given, untouched where no cell is blank
        reference = geo.validate_incidents(frame(id=["a", "b"], time_precision=["week", "week"]))["time_precision"].dtype
    assert out["time_precision"].dtype == reference
