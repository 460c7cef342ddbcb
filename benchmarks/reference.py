"""Reference data speed and memory, each against a peer measured in the same run (issue 14).

Run by hand (``python benchmarks/reference.py [--points 1000000] [--towns 100000] [--only NAME]``);
prints each figure and its ratio to the peer. Never part of the test suite.

- ``geocode``: a fresh process, ``import geo`` then the first ``geo.geocode()``,
  against ``import geo`` alone (budget: +0.3 s, 200 MB peak).
- ``map``: ``geo map seeds/belgorod-2023-04-20.yaml`` from process start to
  written file, against a minimal geopandas + folium script drawing the same
  point, circle and border line (budget: 1.5 s wall, 400 MB). Twice: with an
  empty cache folder (cold: a first run, or ``GEO_CACHE_DIR=off``) and with
  the one a first run filled (warm); medians of 5, interleaved with the peer.
- ``locate``: ``geo.locate`` (country and region) on N random points, against
  geopandas ``sjoin`` of the same points with the bundled countries and
  regions (budget: 1.5x, CPU seconds).
- ``nearest``: ``geo.nearest_places`` (k=3) on M points, against a KD-tree on
  unit-sphere coordinates of the same gazetteer plus ``pyproj.Geod.inv`` for
  the candidates (budget: 1.2x, CPU seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "belgorod-2023-04-20.yaml"
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), "GEO_PROGRESS": "0"}

_PROBE = """
import json, resource, sys, time
t0 = time.perf_counter(); c0 = time.process_time()
import geo
t1 = time.perf_counter(); c1 = time.process_time()
if sys.argv[1] == "geocode":
    geo.geocode("Belgorod")
t2 = time.perf_counter(); c2 = time.process_time()
print(json.dumps({"import_s": t1 - t0, "first_s": t2 - t1, "first_cpu_s": c2 - c1,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_PEER_MAP = """
import sys
import folium, geopandas as gpd
borders = gpd.read_parquet(sys.argv[1])
line = borders.loc[borders["countries"] == "RUS-UKR", "geometry"].iat[0]
fmap = folium.Map(location=[50.6, 36.6], zoom_start=8, tiles=None)
folium.GeoJson(gpd.GeoSeries([line], crs="EPSG:4326").__geo_interface__, color="red").add_to(fmap)
folium.Marker([50.60343, 36.58091]).add_to(fmap)
folium.Circle([50.60343, 36.58091], radius=5000).add_to(fmap)
fmap.save(sys.argv[2])
"""


def _child(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float, str]:
    """(wall s, CPU s, peak RSS MB, stdout) of a child process, from its start to its exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env or ENV, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = proc.stdout.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{args} failed: {proc.stderr.read()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def bench_geocode(repeat: int = 3) -> None:
    runs = {"import": [], "geocode": []}
    for _ in range(repeat):
        for what in runs:
            runs[what].append(json.loads(_child([sys.executable, "-c", _PROBE, what])[3]))
    med = {what: sorted(r, key=lambda x: x["import_s"] + x["first_s"])[len(r) // 2] for what, r in runs.items()}
    extra = med["geocode"]["first_s"]
    print(f"geocode: import geo {med['import']['import_s']:.2f} s ({med['import']['rss_mb']:.0f} MB); "
          f"first geocode() +{extra:.3f} s wall, +{med['geocode']['first_cpu_s']:.3f} s CPU "
          f"(budget +0.3 s); peak {med['geocode']['rss_mb']:.0f} MB (budget 200 MB)")


def bench_map(repeat: int = 5) -> None:
    """``geo map`` with an empty cache (cold: a first run, or GEO_CACHE_DIR=off) and a filled one (warm).

    geo's modules are byte-compiled first, as ``pip install`` does: with ``PYTHONDONTWRITEBYTECODE`` set,
    a checkout would otherwise compile them in every run (about 0.2 s), which no installed copy does.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "geo")], check=True, env=ENV,
                   stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        warm_dir = f"{tmp}/cache-warm"
        _child([sys.executable, "-m", "geo", "map", str(SEED), "-o", f"{tmp}/fill.html"],
               {**ENV, "GEO_CACHE_DIR": warm_dir})
        runs: dict[str, list] = {"cold": [], "warm": [], "peer": []}
        for i in range(repeat):
            for kind in ("cold", "warm"):
                cache = f"{tmp}/cache-cold-{i}" if kind == "cold" else warm_dir
                runs[kind].append(_child([sys.executable, "-m", "geo", "map", str(SEED), "-o", f"{tmp}/{kind}{i}.html"],
                                         {**ENV, "GEO_CACHE_DIR": cache}))
            runs["peer"].append(_child([sys.executable, "-c", _PEER_MAP, str(ROOT / "data" / "borders.parquet"),
                                        f"{tmp}/peer{i}.html"]))
    med = {kind: [sorted(r[j] for r in values)[len(values) // 2] for j in range(3)] for kind, values in runs.items()}
    p = med["peer"]
    print(f"map: geopandas+folium {p[0]:.2f} s wall, {p[1]:.2f} s CPU, {p[2]:.0f} MB (median of {repeat})")
    for kind in ("cold", "warm"):
        g = med[kind]
        print(f"map: geo map, {kind} cache: {g[0]:.2f} s wall, {g[1]:.2f} s CPU, {g[2]:.0f} MB; ratio "
              f"{g[0] / p[0]:.2f}x wall, {g[1] / p[1]:.2f}x CPU, {g[2] / p[2]:.2f}x memory (budget 1.5 s wall, 400 MB)")


def _random_points(n: int, seed: int = 14):
    import geopandas as gpd
    import numpy as np

    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(20.0, 60.0, n), rng.uniform(40.0, 60.0, n)  # Ukraine, Russia and their neighbours
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def bench_locate(n: int) -> None:
    import geopandas as gpd

    import geo

    pts = _random_points(n)
    world, regions = geo.countries()[["iso_a3", "geometry"]], geo.regions()[["name", "code", "geometry"]]
    geo.locate(pts.iloc[:1000])  # load data and trees for both
    gpd.sjoin(pts.iloc[:1000], world, predicate="within")
    gpd.sjoin(pts.iloc[:1000], regions, predicate="within")
    c0 = time.process_time()
    ours = geo.locate(pts)
    c1 = time.process_time()
    a = gpd.sjoin(pts, world, predicate="within", how="left")
    b = gpd.sjoin(pts, regions, predicate="within", how="left")
    c2 = time.process_time()
    same = (ours["country"].fillna("") == a.groupby(level=0)["iso_a3"].first().reindex(pts.index).fillna("")).mean()
    same_region = (ours["region_code"].fillna("") ==
                   b.groupby(level=0)["code"].first().reindex(pts.index).fillna("")).mean()
    print(f"locate: {n:,} points, geo.locate {c1 - c0:.2f} s CPU, sjoin countries+regions {c2 - c1:.2f} s CPU; "
          f"ratio {(c1 - c0) / (c2 - c1):.2f}x (budget 1.5x); same country {same:.4%}, same region {same_region:.4%}")


def bench_nearest(n: int, repeat: int = 5) -> None:
    import numpy as np
    from pyproj import Geod
    from scipy.spatial import cKDTree

    import geo

    pts = _random_points(n, seed=15)
    pts = pts.cx[30:40, 45:55]  # where towns are dense: Ukraine and western Russia
    pts = pts.iloc[:n] if len(pts) >= n else _random_points(n, seed=16)
    towns = geo.places(alternate_names=False)
    geo.nearest_places(pts.iloc[:10], k=3)  # warm: tree built, data read

    def xyz(lon, lat):
        lo, la = np.radians(lon), np.radians(lat)
        return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])

    tree = cKDTree(xyz(towns["lon"].to_numpy(), towns["lat"].to_numpy()))
    geod = Geod(ellps="WGS84")

    def peer():
        lon, lat = pts.geometry.x.to_numpy(), pts.geometry.y.to_numpy()  # both start from the same GeoDataFrame
        _, idx = tree.query(xyz(lon, lat), k=3)
        tl, tt = towns["lon"].to_numpy()[idx].ravel(), towns["lat"].to_numpy()[idx].ravel()
        return geod.inv(tl, tt, np.repeat(lon, 3), np.repeat(lat, 3))

    runs = []
    for _ in range(repeat):  # interleaved, median of each: the machine's load changes between runs
        w0, c0 = time.perf_counter(), time.process_time()
        ours = geo.nearest_places(pts, k=3)
        w1, c1 = time.perf_counter(), time.process_time()
        _, _, dist = peer()
        w2, c2 = time.perf_counter(), time.process_time()
        runs.append((c1 - c0, c2 - c1, w1 - w0, w2 - w1))
    mine, theirs, mine_wall, theirs_wall = (statistics.median(r[i] for r in runs) for i in range(4))
    agree = (ours["distance_m"].to_numpy()[::3] <= np.asarray(dist).reshape(-1, 3)[:, 0] + 1e-6).mean()
    # geo measures on every core (KD-tree queries and geodesics split across threads): wall time is what the user
    # waits, CPU time what the machine spends; both are printed.
    print(f"nearest: {len(pts):,} points, median of {repeat}: geo.nearest_places {mine_wall:.2f} s wall, "
          f"{mine:.2f} s CPU; KD-tree + Geod.inv (one thread) {theirs_wall:.2f} s wall, {theirs:.2f} s CPU; "
          f"ratio {mine_wall / theirs_wall:.2f}x wall, {mine / theirs:.2f}x CPU (budget 1.2x); "
          f"nearest no farther than the peer's for {agree:.2%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--towns", type=int, default=100_000)
    parser.add_argument("--only", choices=["geocode", "map", "locate", "nearest"])
    args = parser.parse_args()
    if args.only in (None, "geocode"):
        bench_geocode()
    if args.only in (None, "map"):
        bench_map()
    if args.only in (None, "locate"):
        bench_locate(args.points)
    if args.only in (None, "nearest"):
        bench_nearest(args.towns)


if __name__ == "__main__":
    main()
