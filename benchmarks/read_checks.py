"""What geo.read_table's checks cost: geo vs a bare pandas + geopandas read, same file, same run.

geo.read_table checks every row (numbers, ranges, metres, swapped lon/lat
against a ``country`` or ``location`` column) before anything is drawn; the
peer reads the same CSV with ``pandas.read_csv`` and builds points with
``geopandas.points_from_xy``, checking nothing. Prints seconds, peak memory and
the ratio geo / peer for each table shape.

    .venv/bin/python benchmarks/read_checks.py [ROWS]
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

import geo

#: Real towns on both sides of the Russia-Ukraine border (GeoNames points), jittered by up to ~5 km.
TOWNS = [("Belgorod", "RUS", 36.58091, 50.60343), ("Kharkiv", "UKR", 36.25272, 49.98081),
         ("Kursk", "RUS", 36.19637, 51.73733), ("Sumy", "UKR", 34.79853, 50.9216),
         ("Shebekino", "RUS", 36.90, 50.41), ("Kupiansk", "UKR", 37.61667, 49.71667)]


def _table(rows: int, *, columns: str) -> pd.DataFrame:
    rng = np.random.default_rng(42)
    pick = rng.integers(0, len(TOWNS), rows)
    lon = np.array([TOWNS[i][2] for i in pick]) + rng.uniform(-0.05, 0.05, rows)
    lat = np.array([TOWNS[i][3] for i in pick]) + rng.uniform(-0.05, 0.05, rows)
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(rows)], "lon": lon.round(6), "lat": lat.round(6)})
    if "country" in columns:
        frame["country"] = [TOWNS[i][1] for i in pick]
    if "location" in columns:
        frame["location"] = [TOWNS[i][0] for i in pick]
    return frame


def _timed(func) -> tuple[float, float]:
    """Best of 3 wall-clock seconds, then peak Python memory (MiB) in a separate traced run:
    tracing slows Python-heavy code, so it never shares a run with the clock."""
    seconds = []
    for _ in range(3):
        start = time.perf_counter()
        func()
        seconds.append(time.perf_counter() - start)
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return min(seconds), peak


def _peer(path: Path) -> gpd.GeoDataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"].astype(float),
                                                               frame["lat"].astype(float)), crs="EPSG:4326")


def main(rows: int) -> None:
    print(f"{rows:,} rows; seconds: best of 3 runs; peak memory: tracemalloc, in a run of its own")
    print(f"{'columns':<28}{'geo s':>8}{'peer s':>8}{'ratio':>8}{'geo MiB':>10}{'peer MiB':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for columns in ("id,lon,lat", "id,lon,lat,country", "id,lon,lat,location", "id,lon,lat,country,location"):
            path = Path(tmp) / "points.csv"
            _table(rows, columns=columns).to_csv(path, index=False)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", geo.GeoWarning)
                geo.read_table(path)  # warm the country index and gazetteer caches, as a session would
                mine = _timed(lambda path=path: geo.read_table(path))
            peer = _timed(lambda path=path: _peer(path))
            print(f"{columns:<28}{mine[0]:>8.2f}{peer[0]:>8.2f}{mine[0] / peer[0]:>8.1f}{mine[1]:>10.0f}{peer[1]:>10.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
