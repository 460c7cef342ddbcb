"""Benchmark: distance to the Russia-Ukraine border on dask over a partitioned GeoParquet dataset.

Generates N points (default 10,000,000; fixed seed; uniform over the border's
box widened by 3 degrees, each with an ``uncertainty_m``) as a folder of P
GeoParquet files (default 20), then measures in one run on that same data:

* the single-machine engine: ``geo.distance_to_border`` on the whole dataset
  read with geopandas, in a fresh process (read time, compute time, peak RSS);
* the dask engine (``geo.analysis.distributed``) on a local cluster of 1, then 2 worker
  processes (one thread each): lazy read -> distances -> results gathered in
  this process, and (2 workers) the CLI's path of each worker writing its
  partitions as a GeoParquet dataset. Cluster start-up is timed apart.
  Peak memory per worker is each worker process's peak resident memory
  (Linux VmHWM, read on the worker after the run); CPU seconds are summed
  over the workers, so contention from other work shows as wall time, not CPU;
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
    """This process's peak resident memory. Linux VmHWM belongs to the process image, so unlike
    ru_maxrss it does not inherit the parent's peak across fork + exec (dask's spawned workers)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def cpu_seconds() -> float:
    return time.process_time()


def single_machine(folder: Path, out: Path) -> None:
    """Child process: whole dataset in memory, single-machine engine; results to .npy, figures as JSON."""
    import geo

    start, cpu = time.perf_counter(), cpu_seconds()
    points = gpd.read_parquet(folder)
    read_s = time.perf_counter() - start
    result = geo.distance_to_border(points, PAIR)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    np.save(out, result[COLUMNS].to_numpy())
    print(json.dumps({"rows": len(points), "read_s": read_s, "seconds": seconds, "cpu_s": cpu,
                      "peak": peak_rss_bytes()}))


def run_single(folder: Path, work: Path) -> tuple[dict, np.ndarray]:
    out = work / "single.npy"
    load = os.getloadavg()[0]
    done = subprocess.run([sys.executable, __file__, "--single", str(folder), str(out)], check=True,
                          capture_output=True, text=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["load"] = load
    return figures, np.load(out, mmap_mode="r")


def identical(frame: pd.DataFrame, expected: np.ndarray) -> bool:
    return all(np.array_equal(frame[c].to_numpy(), expected[:, i], equal_nan=True) for i, c in enumerate(COLUMNS))


def run_dask(folder: Path, workers: int, expected: np.ndarray, work: Path, *, write: bool) -> list[dict]:
    import geo.analysis.distributed as gd

    rows = []
    start = time.perf_counter()
    with gd.dask_client(n_workers=workers, threads_per_worker=1) as client:
        client.run(__import__, "geo.proximity")  # workers import geo once, as on any cluster
        startup_s = time.perf_counter() - start
        idle = sorted(client.run(peak_rss_bytes).values())
        runs = [("results gathered", False)] + ([("dataset written by workers", True)] if write else [])
        for label, to_dataset in runs:
            load = os.getloadavg()[0]
            cpu = client.run(cpu_seconds)
            start = time.perf_counter()
            lazy = gd.distance_to_border_dask(gd.read_dataset(folder), PAIR, keep_input=to_dataset, client=client)
            if to_dataset:
                target = work / f"out-{workers}"
                count = gd.write_dataset(lazy, target, client=client).rows
                seconds = time.perf_counter() - start
                same = identical(pd.read_parquet(target, columns=COLUMNS), expected)
                shutil.rmtree(target)
            else:
                result = gd.compute_frame(lazy, client=client)
                seconds = time.perf_counter() - start
                count, same = len(result), identical(result, expected)
                del result
            used = sum(t - cpu[w] for w, t in client.run(cpu_seconds).items())
            rows.append({"label": f"dask, {workers} worker{'s' if workers > 1 else ''}: {label}",
                         "seconds": seconds, "cpu_s": used, "rows": count, "identical": same, "load": load,
                         "worker_peak": sorted(client.run(peak_rss_bytes).values()), "startup_s": startup_s,
                         "worker_idle": idle})
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
    import geo.analysis.distributed as gd

    work = Path(tempfile.mkdtemp(prefix="geo-bench-dask-"))
    try:
        folder = work / "points"
        start = time.perf_counter()
        make_dataset(folder, args.n, args.partitions)
        size = sum(p.stat().st_size for p in folder.iterdir())
        print(f"geo {geo.__version__}, dask {dask.__version__}, distributed {distributed.__version__}, "
              f"{os.cpu_count()} CPU cores shared with other work (load average per row below)")
        print(f"dataset: {args.n:,} points in {args.partitions} GeoParquet files, {mib(size)}, "
              f"made in {time.perf_counter() - start:.1f} s (seed {SEED})")
        size_mb = len(pickle.dumps(gd.prepare_border(PAIR))) / 1e6
        print(f"border index ({PAIR}) sent once to each worker: {size_mb:.2f} MB pickled")
        print("times: read + measure, until every result is in this process (or written); "
              "CPU: seconds of CPU used by the engine's process(es)\n")

        single, expected = run_single(folder, work)
        rows = run_dask(folder, 1, expected, work, write=False) + run_dask(folder, 2, expected, work, write=True)

        base = single["seconds"]
        print(f"{'engine':<46} {'seconds':>8} {'vs single':>9} {'points/s':>10} {'CPU s':>7} {'load':>5}  "
              f"identical  peak memory")
        print(f"{'single machine (one process)':<46} {base:8.1f} {1.0:9.2f} {single['rows'] / base:10,.0f} "
              f"{single['cpu_s']:7.1f} {single['load']:5.1f}  reference  {mib(single['peak'])}")
        for row in rows:
            peaks = ", ".join(mib(p) for p in row["worker_peak"])
            print(f"{row['label']:<46} {row['seconds']:8.1f} {row['seconds'] / base:9.2f} "
                  f"{row['rows'] / row['seconds']:10,.0f} {row['cpu_s']:7.1f} {row['load']:5.1f}  "
                  f"{'yes' if row['identical'] else 'NO':<9}  per worker: {peaks}")
        print(f"\nsingle machine: reading the dataset took {single['read_s']:.1f} s of its {base:.1f} s")
        for row in rows[:1] + rows[1:2]:
            name = row["label"].split(":")[0]
            print(f"{name}: cluster start-up and imports {row['startup_s']:.1f} s (not in the times above); "
                  f"idle worker memory {', '.join(mib(p) for p in row['worker_idle'])}")
        ok = all(row["identical"] for row in rows)
        print(f"\nbit-for-bit identical to the single-machine engine: {'yes' if ok else 'NO'} "
              f"({len(COLUMNS)} columns x {single['rows']:,} rows, every dask run)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
