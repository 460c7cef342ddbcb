"""Benchmark: exact distance to the Russia-Ukraine border for 1,000,000 points.

Times geo and the usual recipes on the same random points (fixed seed) in one
run, and measures each one's error against an independent GeographicLib
reference (tests/reference_distance.py) on a sample:

* geo.distance_to_border (exact, on the WGS84 ellipsoid)
* shapely.distance in degrees (x 111,320 m per degree, the common shortcut)
* geopandas in EPSG:3035 (LAEA Europe, an equal-area projection)
* nearest point found in lon/lat, then measured geodesically
* PostGIS ST_Distance(geography) when a server is reachable (libpq's PG*
  environment variables, or GEO_BENCH_POSTGIS="host=... dbname=..."); skipped
  cleanly otherwise

and geo's peak memory in a fresh process. Everything runs single-threaded.

Run from the repository root::

    .venv/bin/python benchmarks/distance.py            # 1,000,000 points
    .venv/bin/python benchmarks/distance.py --n 100000 --sample 50
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import geo  # noqa: E402
from geo.geodesy import GEOD  # noqa: E402

SEED = 20230420
METRES_PER_DEGREE = 111_320.0
PAIR = ("RUS", "UKR")


def make_points(n: int) -> tuple[np.ndarray, np.ndarray]:
    """n points uniform in lon/lat over the border's box widened by 3 degrees (fixed seed)."""
    x0, y0, x1, y1 = shapely.bounds(geo.border(*PAIR))
    rng = np.random.default_rng(SEED)
    return rng.uniform(x0 - 3, x1 + 3, n), rng.uniform(y0 - 3, y1 + 3, n)


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, np.asarray(result, dtype=float)


def run_geo(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    from geo import proximity

    proximity._cached_index.cache_clear()  # count building the border index too
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    return proximity.distance_to_border(points, PAIR)["border_distance_m"].to_numpy()


def run_shapely_degrees(lon, lat, line) -> np.ndarray:
    return shapely.distance(shapely.points(lon, lat), line) * METRES_PER_DEGREE


def run_geopandas_3035(lon, lat, line) -> np.ndarray:
    points = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326").to_crs(3035)
    border = gpd.GeoSeries([line], crs="EPSG:4326").to_crs(3035).iloc[0]
    return points.distance(border).to_numpy()


def run_nearest_in_lonlat(lon, lat, line) -> np.ndarray:
    ends = shapely.get_coordinates(shapely.shortest_line(shapely.points(lon, lat), line))[1::2]
    return GEOD.inv(lon, lat, ends[:, 0], ends[:, 1])[2]


def postgis(lon, lat, line, sample: np.ndarray) -> tuple[float, np.ndarray] | str:
    """(seconds, distances at ``sample``) from PostGIS, or the reason it was skipped."""
    psql = shutil.which("psql")
    if psql is None:
        return "psql not installed"
    dsn = os.environ.get("GEO_BENCH_POSTGIS", "")
    base = [psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"] + ([dsn] if dsn else [])

    def sql(*commands: str, timeout: float = 900) -> subprocess.CompletedProcess:
        args = base + [arg for c in commands for arg in ("-c", c)]
        return subprocess.run(args, capture_output=True, text=True, timeout=timeout)

    probe = sql("SELECT postgis_full_version()", timeout=20)
    if probe.returncode != 0:
        return "no PostGIS server reachable (" + (probe.stderr.strip().splitlines() or ["?"])[-1][:120] + ")"
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "points.csv"
        np.savetxt(csv, np.column_stack([np.arange(lon.size), lon, lat]), fmt=["%d", "%.9f", "%.9f"], delimiter=",")
        load = sql("DROP TABLE IF EXISTS geo_bench_points, geo_bench_border",
                   "CREATE TABLE geo_bench_points (id int, lon float8, lat float8)",
                   f"\\copy geo_bench_points FROM '{csv}' WITH (FORMAT csv)",
                   "ALTER TABLE geo_bench_points ADD COLUMN g geography(Point, 4326)",
                   "UPDATE geo_bench_points SET g = ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography",
                   f"CREATE TABLE geo_bench_border AS SELECT ST_GeogFromText('SRID=4326;{line.wkt}') AS g")
        if load.returncode != 0:
            return "PostGIS load failed: " + load.stderr.strip()[:200]
    run = sql("\\timing on", "SELECT sum(ST_Distance(p.g, b.g)) FROM geo_bench_points p, geo_bench_border b")
    if run.returncode != 0:
        return "PostGIS query failed: " + run.stderr.strip()[:200]
    ms = [float(line.split()[1]) for line in run.stdout.splitlines() if line.startswith("Time:")]
    ids = ",".join(str(i) for i in sample)
    picked = sql("SELECT ST_Distance(p.g, b.g) FROM geo_bench_points p, geo_bench_border b "
                 f"WHERE p.id IN ({ids}) ORDER BY p.id")
    sql("DROP TABLE IF EXISTS geo_bench_points, geo_bench_border")
    order = np.argsort(sample)
    values = np.empty(sample.size)
    values[order] = [float(v) for v in picked.stdout.split()]
    return ms[-1] / 1000, values


def reference(lon, lat, line, sample: np.ndarray) -> np.ndarray:
    from reference_distance import reference_distance, reference_segments

    segments = reference_segments([shapely.get_coordinates(p).tolist() for p in shapely.get_parts(line)])
    return np.array([reference_distance(lon[i], lat[i], segments)[0] for i in sample])


def peak_memory(n: int) -> str:
    """geo's peak resident memory for n points, measured in a fresh process."""
    code = ("import resource, sys; sys.path.insert(0, 'benchmarks'); import distance as b; "
            "lon, lat = b.make_points(%d); "
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; b.run_geo(lon, lat); "
            "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; print(before, peak)" % n)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    before, peak = (int(v) / 1024 for v in out.stdout.split())
    return f"{peak:,.0f} MiB peak RSS (process with the points and libraries loaded: {before:,.0f} MiB)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="points (default 1,000,000)")
    parser.add_argument("--sample", type=int, default=200, help="points checked against the reference")
    args = parser.parse_args()

    line = geo.border(*PAIR)
    lon, lat = make_points(args.n)
    sample = np.random.default_rng(SEED + 1).choice(args.n, size=min(args.sample, args.n), replace=False)
    print(f"{args.n:,} random points around the {'-'.join(PAIR)} border (Natural Earth 10m, "
          f"{len(shapely.get_coordinates(line))} vertices), seed {SEED}; single-threaded")
    start = time.perf_counter()
    truth = reference(lon, lat, line, sample)
    print(f"reference: GeographicLib, border densified to <= 10 m, {sample.size} sample points "
          f"({time.perf_counter() - start:.0f} s); sample distances {truth.min() / 1000:.1f}"
          f"-{truth.max() / 1000:.1f} km")

    rows = []
    t_geo, d_geo = timed(lambda: run_geo(lon, lat))
    rows.append(("geo.distance_to_border (exact)", t_geo, d_geo[sample]))
    for name, func in [("shapely.distance in degrees x 111.32 km", run_shapely_degrees),
                       ("geopandas to_crs(3035).distance", run_geopandas_3035),
                       ("nearest point in lon/lat, then geodesic", run_nearest_in_lonlat)]:
        seconds, d = timed(lambda func=func: func(lon, lat, line))
        rows.append((name, seconds, d[sample]))
    pg = postgis(lon, lat, line, sample)
    if isinstance(pg, str):
        rows.append(("PostGIS ST_Distance(geography)", None, pg))
    else:
        rows.append(("PostGIS ST_Distance(geography)", pg[0], pg[1]))

    print(f"\n{'method':<42} {'time s':>8} {'time/geo':>9} {'max error m':>12} {'max error %':>12}")
    for name, seconds, d in rows:
        if seconds is None:
            print(f"{name:<42} skipped: {d}")
            continue
        err = np.abs(d - truth)
        print(f"{name:<42} {seconds:8.2f} {seconds / t_geo:9.2f} {err.max():12.3f} "
              f"{100 * (err / np.maximum(truth, 1.0)).max():12.4f}")
    print(f"\ngeo memory for {args.n:,} points: {peak_memory(args.n)}")
    print(f"this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB peak RSS")


if __name__ == "__main__":
    main()
