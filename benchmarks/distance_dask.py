"""Benchmark: distance to the Russia-Ukraine border on dask over a partitioned GeoParquet dataset.

Generates N points (default 10,000,000; fixed seed; uniform over the border's
box widened by 3 degrees, each with an ``uncertainty_m``) as a folder of P
GeoParquet files (default 20), then measures in one run on that same data:

* the single-machine engine: ``geo.distance_to_border`` on the whole dataset
  read with geopandas, in a fresh process (read time, compute time, peak RSS);
* the dask engine (``geo.distributed``) on a local cluster of 1, then 2 worker
  processes (one thread each): lazy read -> distances -> results gathered in
  this process, and (2 workers) the CLI's path of each worker writing its
  partitions as a GeoParquet dataset. Cluster start-up is timed apart.
  Peak memory per worker is each worker process's peak RSS (``ru_maxrss``,
  read on the worker after the run);
* whether every output column matches the single-machine engine bit for bit
  (``numpy.array_equal``, NaN equal to NaN).

Times are also given as ratios to the single-machine engine measured in the
same run. Run from the repository root (takes minutes; the machine's other
load slows every row alike)::

    .venv/bin/python benchmarks/distance_dask.py
    .venv/bin/python benchmarks/distance_dask.py --n 400000 --partitions 8
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

SEED = 20230420
PAIR = "RUS-UKR"
COLUMNS = ["border_distance_m", "border_lon", "border_lat", "border_bearing_deg", "border_distance_min_m",
           "border_distance_max_m"]


def make_dataset(folder: Path, n: int, partitions: int) -> None:
    """P GeoParquet files, part.00.parquet ..., written one at a time (bounded memory)."""
    import geo

    x0, y0, x1, y1 = shapely.bounds(geo.border("RUS", "UKR"))
    rng = np.random.default_rng(SEED)
    bounds = np.linspace(0, n, partitions + 1).astype(np.int64)
    width = len(str(partitions - 1))
    folder.mkdir(parents=True)
    for i in range(partitions):
        m = int(bounds[i + 1] - bounds[i])
        frame = gpd.GeoDataFrame(
            {"site": np.arange(bounds[i], bounds[i + 1]), "uncertainty_m": rng.uniform(0, 10_000, m)},
            geometry=gpd.points_from_xy(rng.uniform(x0 - 3, x1 + 3, m), rng.uniform(y0 - 3, y1 + 3, m)),
            crs="EPSG:4326")
        frame.to_parquet(folder / f"part.{i:0{width}d}.parquet")


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def single_machine(folder: Path, out: Path) -> None:
    """Child process: whole dataset in memory, single-machine engine; results to .npy, figures as JSON."""
    import geo

    start = time.perf_counter()
    points = gpd.read_parquet(folder)
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    result = geo.distance_to_border(points, PAIR)
    compute_s = time.perf_counter() - start
    np.save(out, result[COLUMNS].to_numpy())
    print(json.dumps({"rows": len(points), "read_s": read_s, "compute_s": compute_s,
                      "peak_rss": peak_rss_bytes()}))


def run_single(folder: Path, work: Path) -> tuple[dict, np.ndarray]:
    out = work / "single.npy"
    done = subprocess.run([sys.executable, __file__, "--single", str(folder), str(out)], check=True,
                          capture_output=True, text=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return figures, np.load(out, mmap_mode="r")


def run_dask(folder: Path, workers: int, expected: np.ndarray, work: Path, *, write: bool) -> list[dict]:
    import geo.distributed as gd

    rows = []
    start = time.perf_counter()
    with gd.dask_client(n_workers=workers, threads_per_worker=1) as client:
        client.run(__import__, "geo.proximity")  # workers import geo once, as on any cluster
        startup_s = time.perf_counter() - start
        base = client.run(peak_rss_bytes)
        start = time.perf_counter()
        points = gd.read_dataset(folder)
        lazy = gd.distance_to_border_dask(points, PAIR, client=client)
        result = gd.compute_frame(lazy, client=client)
        gather_s = time.perf_counter() - start
        peaks = client.run(peak_rss_bytes)
        same = all(np.array_equal(result[c].to_numpy(), expected[:, i], equal_nan=True)
                   for i, c in enumerate(COLUMNS))
        rows.append({"label": f"dask, {workers} worker{'s' if workers > 1 else ''}: results gathered",
                     "seconds": gather_s, "startup_s": startup_s, "rows": len(result), "identical": same,
                     "worker_peak": sorted(peaks.values()), "worker_idle": sorted(base.values())})
        del result
        if write:
            target = work / f"out-{workers}"
            start = time.perf_counter()
            lazy = gd.distance_to_border_dask(gd.read_dataset(folder), PAIR, keep_input=True, client=client)
            summary = gd.write_dataset(lazy, target, client=client)
            write_s = time.perf_counter() - start
            back = pd.read_parquet(target, columns=COLUMNS)
            same = all(np.array_equal(back[c].to_numpy(), expected[:, i], equal_nan=True)
                       for i, c in enumerate(COLUMNS))
            rows.append({"label": f"dask, {workers} workers: dataset written by workers", "seconds": write_s,
                         "startup_s": startup_s, "rows": summary.rows, "identical": same,
                         "worker_peak": sorted(client.run(peak_rss_bytes).values()), "worker_idle": []})
            del back
            shutil.rmtree(target)
    return rows


def mib(value: float) -> str:
    return f"{value / 2**20:,.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000_000, help="points (default 10,000,000)")
    parser.add_argument("--partitions", type=int, default=20, help="GeoParquet files (default 20)")
    parser.add_argument("--single", nargs=2, metavar=("FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.single:
        single_machine(Path(args.single[0]), Path(args.single[1]))
        return

    import dask
    import distributed

    import geo
    import geo.distributed as gd

    work = Path(tempfile.mkdtemp(prefix="geo-bench-dask-"))
    try:
        folder = work / "points"
        start = time.perf_counter()
        make_dataset(folder, args.n, args.partitions)
        size = sum(p.stat().st_size for p in folder.iterdir())
        print(f"geo {geo.__version__}, dask {dask.__version__}, distributed {distributed.__version__}, "
              f"{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f}")
        print(f"dataset: {args.n:,} points in {args.partitions} GeoParquet files, {mib(size)}, "
              f"made in {time.perf_counter() - start:.1f} s (seed {SEED})")
        size_mb = len(pickle.dumps(gd.prepare_border(PAIR))) / 1e6
        print(f"border index ({PAIR}) sent once to each worker: {size_mb:.2f} MB pickled\n")

        single, expected = run_single(folder, work)
        base_s = single["read_s"] + single["compute_s"]
        rows = run_dask(folder, 1, expected, work, write=False) + run_dask(folder, 2, expected, work, write=True)

        print(f"{'engine':<48} {'seconds':>8} {'vs single':>9} {'points/s':>11}  identical  peak memory")
        print(f"{'single machine (read ' + format(single['read_s'], '.1f') + ' s + compute)':<48} "
              f"{base_s:8.1f} {1.0:9.2f} {single['rows'] / base_s:11,.0f}  (reference) {mib(single['peak_rss'])}")
        for row in rows:
            peaks = ", ".join(mib(p) for p in row["worker_peak"])
            print(f"{row['label']:<48} {row['seconds']:8.1f} {row['seconds'] / base_s:9.2f} "
                  f"{row['rows'] / row['seconds']:11,.0f}  {'yes' if row['identical'] else 'NO':<9}  "
                  f"per worker: {peaks}")
        print(f"\nsingle-machine compute alone: {single['compute_s']:.1f} s "
              f"({single['rows'] / single['compute_s']:,.0f} points/s, one core)")
        for row in rows:
            if row["worker_idle"]:
                print(f"{row['label'].split(':')[0]}: cluster start-up and imports {row['startup_s']:.1f} s (not in the times "
                      f"above); idle worker RSS {', '.join(mib(p) for p in row['worker_idle'])}")
        ok = all(row["identical"] for row in rows)
        print(f"\nbit-for-bit identical to the single-machine engine: {'yes' if ok else 'NO'} "
              f"({len(COLUMNS)} columns x {single['rows']:,} rows)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
