"""Benchmark: exact distance to the Russia-Ukraine border for 1,000,000 points.

Times geo and the usual recipes on the same random points (fixed seed) in one
run, and measures each one's error against an independent GeographicLib
reference (tests/reference_distance.py) on a sample:

* geo.distance_to_border (exact, on the WGS84 ellipsoid)
* shapely.distance in degrees (x 111,320 m per degree, the common shortcut)
* geopandas in EPSG:3035 (LAEA Europe, an equal-area projection)
* nearest point found in lon/lat, then measured geodesically
* PostGIS ST_Distance(geography), one worker, when a server is reachable (libpq's PG*
  environment variables, or GEO_BENCH_POSTGIS="host=... dbname=..."); skipped
  cleanly otherwise

and geo's peak memory in a fresh process. Everything runs single-threaded.
Every method starts from the same ready-made points (a GeoDataFrame in
EPSG:4326; PostGIS: a loaded geography table); building them is not timed.

Run from the repository root::

    .venv/bin/python benchmarks/distance.py            # 1,000,000 points
    .venv/bin/python benchmarks/distance.py --n 100000 --sample 50 --repeat 1
    GEO_BENCH_POSTGIS="dbname=geo_bench" .venv/bin/python benchmarks/distance.py
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


def timed(func, repeat: int):
    """(best CPU seconds, best wall seconds, result) over ``repeat`` runs.

    CPU time is the fair measure on a shared machine: every method here is
    single-threaded, so other processes slow the wall clock, not the CPU count.
    """
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        result = func()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return min(cpu), min(wall), np.asarray(result, dtype=float)


def run_geo(points: gpd.GeoDataFrame) -> np.ndarray:
    from geo import proximity

    proximity._cached_index.cache_clear()  # count building the border index too
    return proximity.distance_to_border(points, PAIR)["border_distance_m"].to_numpy()


def run_shapely_degrees(points: gpd.GeoDataFrame, line) -> np.ndarray:
    return shapely.distance(points.geometry.values, line) * METRES_PER_DEGREE


def run_geopandas_3035(points: gpd.GeoDataFrame, line) -> np.ndarray:
    border = gpd.GeoSeries([line], crs="EPSG:4326").to_crs(3035).iloc[0]
    return points.geometry.to_crs(3035).distance(border).to_numpy()


def run_nearest_in_lonlat(points: gpd.GeoDataFrame, line) -> np.ndarray:
    ends = shapely.get_coordinates(shapely.shortest_line(points.geometry.values, line))[1::2]
    xy = shapely.get_coordinates(points.geometry.values)
    return GEOD.inv(xy[:, 0], xy[:, 1], ends[:, 0], ends[:, 1])[2]


def make_frame(lon: np.ndarray, lat: np.ndarray) -> gpd.GeoDataFrame:
    """The points every method starts from, built once and outside the timings (as PostGIS's table is)."""
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def postgis(lon, lat, line, sample: np.ndarray, repeat: int) -> tuple[float | None, float, np.ndarray] | str:
    """(server CPU seconds or None, wall seconds, distances at ``sample``), or why it was skipped.

    The server's CPU time comes from ``log_executor_stats`` (needs a
    superuser); without it only the wall time is known.
    """
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
                   f"CREATE TABLE geo_bench_border AS SELECT ST_GeogFromText('SRID=4326;{line.wkt}') AS g",
                   "VACUUM ANALYZE geo_bench_points")
        if load.returncode != 0:
            return "PostGIS load failed: " + load.stderr.strip()[:200]
    query = "SELECT sum(ST_Distance(p.g, b.g)) FROM geo_bench_points p, geo_bench_border b"
    cpu, wall = [], []
    for _ in range(repeat):
        # One worker, like every other method here (PostgreSQL would add parallel workers).
        serial = "SET max_parallel_workers_per_gather = 0"
        stats = sql(serial, "SET client_min_messages = log", "SET log_executor_stats = on", "\\timing on", query)
        if stats.returncode != 0:
            stats = sql(serial, "\\timing on", query)
        if stats.returncode != 0:
            return "PostGIS query failed: " + stats.stderr.strip()[:200]
        wall += [float(x.split()[1]) / 1000 for x in stats.stdout.splitlines() if x.startswith("Time:")][-1:]
        for text in stats.stderr.splitlines():
            if " s elapsed" in text:  # "!	12.345 s user, 0.012 s system, 12.400 s elapsed"
                parts = text.replace("!", "").replace(",", "").split()
                cpu.append(float(parts[0]) + float(parts[3]))
    ids = ",".join(str(i) for i in sample)
    picked = sql("SELECT ST_Distance(p.g, b.g) FROM geo_bench_points p, geo_bench_border b "
                 f"WHERE p.id IN ({ids}) ORDER BY p.id")
    sql("DROP TABLE IF EXISTS geo_bench_points, geo_bench_border")
    order = np.argsort(sample)
    values = np.empty(sample.size)
    values[order] = [float(v) for v in picked.stdout.split()]
    return (min(cpu) if cpu else None), min(wall), values


def reference(lon, lat, line, sample: np.ndarray) -> np.ndarray:
    from reference_distance import reference_distance, reference_segments

    segments = reference_segments([shapely.get_coordinates(p).tolist() for p in shapely.get_parts(line)])
    return np.array([reference_distance(lon[i], lat[i], segments)[0] for i in sample])


def _high_water_mib() -> float:
    """This process's peak resident memory (VmHWM). Unlike ru_maxrss it is not
    inherited from the parent across exec, so a child started from this large
    process reports its own peak."""
    for text in Path("/proc/self/status").read_text().splitlines():
        if text.startswith("VmHWM:"):
            return int(text.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_memory(n: int) -> str:
    """geo's peak resident memory for n points, measured in a fresh process."""
    code = ("import sys; sys.path.insert(0, 'benchmarks'); import distance as b; "
            f"points = b.make_frame(*b.make_points({n})); before = b._high_water_mib(); b.run_geo(points); "
            "print(before, b._high_water_mib())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    before, peak = (float(v) for v in out.stdout.split())
    return (f"{peak:,.0f} MiB peak RSS of a fresh process that made the points and measured them "
            f"(before measuring, with libraries and data loaded: {before:,.0f} MiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="points (default 1,000,000)")
    parser.add_argument("--sample", type=int, default=200, help="points checked against the reference")
    parser.add_argument("--repeat", type=int, default=2, help="runs per method; the best is kept")
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

    import scipy.spatial  # noqa: F401  (a one-time import, not part of any measurement)

    frame = make_frame(lon, lat)
    rows = []
    cpu_geo, wall_geo, d_geo = timed(lambda: run_geo(frame), args.repeat)
    rows.append(("geo.distance_to_border (exact)", cpu_geo, wall_geo, d_geo[sample]))
    for name, func in [("shapely.distance in degrees x 111.32 km", run_shapely_degrees),
                       ("geopandas to_crs(3035).distance", run_geopandas_3035),
                       ("nearest point in lon/lat, then geodesic", run_nearest_in_lonlat)]:
        cpu, wall, d = timed(lambda func=func: func(frame, line), args.repeat)
        rows.append((name, cpu, wall, d[sample]))
    pg = postgis(lon, lat, line, sample, args.repeat)
    if isinstance(pg, str):
        rows.append(("PostGIS ST_Distance(geography)", None, None, pg))
    else:
        rows.append(("PostGIS ST_Distance(geography)", *pg))

    print(f"\nbest of {args.repeat} runs; ratios are the method's time over geo's "
          "(> 1: slower than geo); errors on the sample")
    print(f"{'method':<42} {'CPU s':>7} {'CPU/geo':>8} {'wall s':>7} {'wall/geo':>9} {'max err m':>11} "
          f"{'max err %':>10}")
    for name, cpu, wall, d in rows:
        if wall is None:
            print(f"{name:<42} skipped: {d}")
            continue
        err = np.abs(d - truth)
        cpu_text = f"{cpu:7.2f} {cpu / cpu_geo:8.2f}" if cpu is not None else f"{'n/a':>7} {'n/a':>8}"
        print(f"{name:<42} {cpu_text} {wall:7.2f} {wall / wall_geo:9.2f} {err.max():11.3f} "
              f"{100 * (err / np.maximum(truth, 1.0)).max():10.4f}")
    far = truth >= 1_000
    print(f"geo max error from 1 km out (reference bias < 1.3 cm there): {np.abs(d_geo[sample] - truth)[far].max():.4f} m")
    print(f"\ngeo memory for {args.n:,} points: {peak_memory(args.n)}")
    print(f"this benchmark process: {_high_water_mib():,.0f} MiB peak RSS")


if __name__ == "__main__":
    main()
