"""Fast paths of point lookups give the answers of the general (tree) path they skip."""

from __future__ import annotations

import importlib

import numpy as np
import shapely

countries = importlib.import_module("geo.reference.countries")
along_border = importlib.import_module("geo.reference.regions._along_border")


def _points(seed: int, n: int, west: float, east: float, south: float, north: float) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(west, east, n), rng.uniform(south, north, n)


def test_country_at_by_country_matches_the_tree(monkeypatch):
    lon, lat = _points(1, 20_000, 30.0, 42.0, 46.0, 53.0)  # Russia-Ukraine: few countries' envelopes
    lon[::9] = np.nan
    vertices = shapely.get_coordinates(countries.border("RUS", "UKR"))  # exactly on both outlines
    lon, lat = np.r_[lon, vertices[:, 0]], np.r_[lat, vertices[:, 1]]
    fast = countries.country_at(lon, lat)
    assert countries._country_at_few(lon, lat, _path()) is not None  # the fast path is taken
    monkeypatch.setattr(countries, "_FEW_COUNTRIES", -1)  # every point through the tree
    tree = countries.country_at(lon, lat)
    assert fast.tolist() == tree.tolist()
    assert {"RUS", "UKR", None} <= set(fast.tolist())


def test_country_at_falls_back_to_the_tree_for_spread_points():
    lon, lat = _points(2, 2_000, -180.0, 180.0, -90.0, 90.0)
    assert countries._country_at_few(lon, lat, _path()) is None
    assert countries._country_at_few(np.array([np.nan]), np.array([np.nan]), _path()) is None


def _path() -> str:
    return str(countries.data_file("countries.parquet"))


def test_bundled_boxes_are_the_polygons_bounds():
    """The ``bbox`` covering column the fast path reads instead of the polygons is theirs."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(_path())
    assert parquet.metadata.num_row_groups >= 8  # one country's polygon is read without the world's
    boxes = parquet.read(columns=["bbox"]).column("bbox").to_pylist()
    shapes = shapely.from_wkb(parquet.read(columns=["geometry"]).column("geometry").to_pylist())
    expected = shapely.bounds(shapes)
    assert np.array_equal([[b["xmin"], b["ymin"], b["xmax"], b["ymax"]] for b in boxes], expected)
    assert "bbox" not in countries.countries().columns


def test_one_country_and_a_few_points_decode_only_their_row_groups():
    """``country()`` and ``country_at`` on a few points, in a fresh process, decode no other country's polygon;
    the shapes are those of the whole file."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    code = ("import importlib\nimport numpy as np\nc = importlib.import_module('geo.reference.countries')\n"
            "ukr = c.country('UKR')\n"
            "hit = c.country_at(np.array([36.58, 36.23, 30.0]), np.array([50.60, 49.99, 43.0])).tolist()\n"
            "assert hit == ['RUS', 'UKR', None], hit\n"
            "assert c._country_shapes.cache_info().currsize == 0\n"
            "path = str(c.data_file('countries.parquet'))\n"
            "assert ukr.equals_exact(c._country_shapes(path)[c._country_codes(path).index('UKR')], 0)\n"
            "print('ok')")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root,
                         env={"PYTHONPATH": str(root), "PATH": ""})
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr


def test_nearest_region_matches_query_nearest():
    from geo.reference.regions import regions

    border = shapely.get_coordinates(countries.border("RUS", "UKR"))[::3]
    lon, lat = _points(3, 3_000, 30.0, 42.0, 44.0, 56.0)
    points = shapely.points(np.vstack([border, np.column_stack([lon, lat])]))
    for code in ("RUS", "UKR"):
        tree = shapely.STRtree(regions(code).geometry.values)
        _, expected = tree.query_nearest(points, all_matches=False)
        assert along_border._nearest_polygon(tree, points).tolist() == expected.tolist()
