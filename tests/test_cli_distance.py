"""``geo distance``: files in, every column kept, distances added, clear errors out."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner

import geo
from geo.cli import cmd_distance
from geo.cli.main import cli

BELGOROD_TO_BORDER_M = 35_389.915  # see test_proximity: GeographicLib reference
NEW_COLUMNS = ["border_distance_m", "border_lon", "border_lat", "border_bearing_deg", "border_side",
               "border_side_uncertain"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def write_csv(tmp_path: Path, text: str, name: str = "points.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


CSV = "ID,Longitude,Latitude,note,uncertainty_m\na,36.58091,50.60343,Belgorod,8000\nb,36.25475,49.98177,\"Kharkiv, UA\",\n"


def test_csv_to_csv_keeps_every_column_and_adds_distances(tmp_path):
    source = write_csv(tmp_path, CSV)
    out = tmp_path / "out.csv"
    code, output = run("distance", str(source), "--border", "RUS-UKR", "-o", str(out))
    assert code == 0, output
    frame = pd.read_csv(out)
    assert frame.columns.tolist() == ["ID", "Longitude", "Latitude", "note", "uncertainty_m", *NEW_COLUMNS,
                                      "border_distance_min_m", "border_distance_max_m"]
    assert frame["note"].tolist() == ["Belgorod", "Kharkiv, UA"]
    assert frame["border_distance_m"].iloc[0] == pytest.approx(BELGOROD_TO_BORDER_M, abs=0.01)
    assert frame["border_distance_min_m"].iloc[0] == pytest.approx(BELGOROD_TO_BORDER_M - 8000, abs=0.01)
    assert pd.isna(frame["border_distance_min_m"].iloc[1])
    assert "wrote" in output


@pytest.mark.parametrize("header", ["lon,lat", "LNG,Lat", "x,Y", "longitude,LATITUDE"])
def test_coordinate_column_names_are_recognised(tmp_path, header):
    source = write_csv(tmp_path, f"{header}\n36.58091,50.60343\n")
    out = tmp_path / "out.csv"
    code, output = run("distance", str(source), "--border", "RUS-UKR", "-o", str(out))
    assert code == 0, output
    assert pd.read_csv(out)["border_distance_m"].iloc[0] == pytest.approx(BELGOROD_TO_BORDER_M, abs=0.01)


def test_named_coordinate_columns(tmp_path):
    source = write_csv(tmp_path, "site,east,north\nb,36.58091,50.60343\n")
    out = tmp_path / "out.csv"
    code, output = run("distance", str(source), "--lon", "east", "--lat", "north", "--border", "RUS-UKR",
                       "-o", str(out))
    assert code == 0, output
    assert pd.read_csv(out)["border_distance_m"].iloc[0] == pytest.approx(BELGOROD_TO_BORDER_M, abs=0.01)


@pytest.mark.parametrize("suffix", [".csv", ".geojson", ".gpkg", ".parquet"])
def test_every_output_format_round_trips(tmp_path, suffix):
    source = write_csv(tmp_path, CSV)
    out = tmp_path / f"out{suffix}"
    code, output = run("distance", str(source), "--border", "nearest", "-o", str(out))
    assert code == 0, output
    frame = pd.read_csv(out) if suffix == ".csv" else (
        gpd.read_parquet(out) if suffix == ".parquet" else gpd.read_file(out))
    assert frame["border_countries"].tolist() == ["RUS-UKR", "RUS-UKR"]
    assert frame["border_distance_m"].iloc[0] == pytest.approx(BELGOROD_TO_BORDER_M, abs=0.01)
    assert frame["ID"].tolist() == ["a", "b"]


def test_vector_input_in_a_projected_crs(tmp_path):
    points = gpd.GeoDataFrame({"name": ["Belgorod"]}, geometry=gpd.points_from_xy([36.58091], [50.60343]),
                              crs=4326).to_crs(3857)
    source = tmp_path / "points.geojson"
    points.to_file(source)
    out = tmp_path / "out.gpkg"
    code, output = run("distance", str(source), "--border", "UKR-RUS", "-o", str(out))
    assert code == 0, output
    assert gpd.read_file(out)["border_distance_m"].iloc[0] == pytest.approx(BELGOROD_TO_BORDER_M, abs=0.01)


def test_border_from_a_file_of_lines(tmp_path):
    lines = gpd.GeoDataFrame(geometry=[geo.border("RUS", "UKR")], crs=4326)
    border_file = tmp_path / "line.geojson"
    lines.to_file(border_file)
    source = write_csv(tmp_path, CSV)
    out = tmp_path / "out.csv"
    code, output = run("distance", str(source), "--border", str(border_file), "-o", str(out))
    assert code == 0, output
    assert pd.read_csv(out)["border_distance_m"].iloc[0] == pytest.approx(BELGOROD_TO_BORDER_M, abs=0.01)


def test_progress_bar_covers_every_point(tmp_path, monkeypatch):
    seen = {}

    from contextlib import contextmanager

    @contextmanager
    def fake_progress(total, description):
        seen["total"], seen["done"] = total, 0

        def advance(n):
            seen["done"] += n

        yield advance

    monkeypatch.setattr(cmd_distance, "progress", fake_progress)
    rows = "\n".join(f"{36 + i / 100},{50 + i / 200}" for i in range(300))
    source = write_csv(tmp_path, "lon,lat\n" + rows + "\n")
    code, output = run("distance", str(source), "--border", "RUS-UKR", "-o", str(tmp_path / "o.csv"))
    assert code == 0, output
    assert seen == {"total": 300, "done": 300}


@pytest.mark.parametrize("args, message", [
    (["--border", "RUS-FRA"], "share no land border"),
    (["--border", "RUS-XYZ"], "unknown country code"),
    (["--border", "missing-line.geojson"], "border file not found"),
    (["--engine", "warp"], "Invalid value for '--engine'"),
])
def test_bad_border_or_engine_exit_2_without_output(tmp_path, args, message):
    source = write_csv(tmp_path, CSV)
    out = tmp_path / "out.csv"
    code, output = run("distance", str(source), *args, "-o", str(out))
    assert code == 2
    assert message in output
    assert "Traceback" not in output
    assert not out.exists()


@pytest.mark.parametrize("text, message", [
    ("lon,lat\n36.5,abc\n", "not a number"),
    ("lon,lat\n36,5,50,6\n", "more fields"),
    ("name,place\nx,y\n", "no longitude/latitude columns"),
    ("lon,lat\n", "zero rows"),
])
def test_bad_input_files_exit_2_with_the_reason(tmp_path, text, message):
    source = write_csv(tmp_path, text)
    out = tmp_path / "out.csv"
    code, output = run("distance", str(source), "--border", "RUS-UKR", "-o", str(out))
    assert code == 2, output
    assert message in output and str(source) in output
    assert "Traceback" not in output and not out.exists()


def test_bad_output_extension_is_refused_before_any_work(tmp_path):
    source = write_csv(tmp_path, CSV)
    code, output = run("distance", str(source), "--border", "RUS-UKR", "-o", str(tmp_path / "out.xlsx"))
    assert code == 2 and "cannot write .xlsx" in output


def test_failed_run_leaves_an_existing_output_untouched(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("precious\n", encoding="utf-8")
    source = write_csv(tmp_path, CSV)
    code, _ = run("distance", str(source), "--border", "RUS-XYZ", "-o", str(out))
    assert code == 2
    assert out.read_text(encoding="utf-8") == "precious\n"


def test_debug_shows_the_traceback(tmp_path):
    source = write_csv(tmp_path, CSV)
    result = CliRunner().invoke(cli, ["--debug", "distance", str(source), "--border", "RUS-XYZ",
                                      "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 2
    assert "Traceback" in result.output


def test_help_has_examples():
    code, output = run("distance", "--help")
    assert code == 0
    assert "geo distance incidents.csv --border RUS-UKR" in output and "--engine" in output


def test_engine_errors_name_the_input_file(tmp_path):
    """Row-level errors raised inside the engine still say which file they are about."""
    import json

    features = [{"type": "Feature", "properties": {"id": 1}, "geometry": {"type": "Point", "coordinates": [36.5, 50.6]}},
                {"type": "Feature", "properties": {"id": 2}, "geometry": None}]
    source = tmp_path / "sites.geojson"
    source.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    out = CliRunner().invoke(cli, ["distance", str(source), "--border", "RUS-UKR", "-o", str(tmp_path / "out.csv")],
                             catch_exceptions=False)
    assert out.exit_code == 2
    assert "sites.geojson" in out.stderr and "row 2" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "out.csv").exists()
