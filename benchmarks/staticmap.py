"""Benchmark: static PNG maps, geo.static_map_png against a plain GeoDataFrame.plot() of the same layers.

For the Belgorod case, and for 5,000 random incidents near the Russia–Ukraine
border, both draw countries, border, distance bands and incidents to a PNG of
the same size and dpi with matplotlib's Agg backend. The peer plots in
EPSG:4326 degrees with no legend, scale bar, north arrow, towns, uncertainty
circles or labels; geo projects every layer to a local azimuthal equidistant
projection and draws all of them. The analysis is done once, outside the
timing. Reported: best wall time of ``--repeat`` runs and the peak of Python
allocations (tracemalloc) of one run, with geo/peer ratios.

Run from the repository root::

    .venv/bin/python benchmarks/staticmap.py
    .venv/bin/python benchmarks/staticmap.py --repeat 1 --n 2000
"""

from __future__ import annotations

import argparse
import io
import time
import tracemalloc
from pathlib import Path

import geopandas as gpd
import numpy as np

import geo

ROOT = Path(__file__).resolve().parents[1]


def _peer_png(case: geo.CaseAnalysis) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9.0, 6.5), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    x0, y0, x1, y1 = case.incidents.total_bounds
    pad = max(x1 - x0, y1 - y0, 1.0) * 0.3
    world = geo.countries().cx[x0 - pad:x1 + pad, y0 - pad:y1 + pad]
    world.plot(ax=ax, color="#f6f4ef", edgecolor="#b8b1a5")
    case.bands.plot(ax=ax, alpha=0.4, column="label")
    case.borders.plot(ax=ax, color="#b2182b")
    case.incidents.plot(ax=ax, color="black", markersize=6)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _measure(func, repeat: int) -> tuple[float, float, int]:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    size = len(func())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak / 2**20, size


def _random_case(n: int) -> geo.CaseAnalysis:
    rng = np.random.default_rng(20230420)
    frame = gpd.GeoDataFrame({"id": [f"p{i}" for i in range(n)], "uncertainty_m": 1_000.0},
                             geometry=gpd.points_from_xy(rng.uniform(33, 40, n), rng.uniform(48, 52, n)),
                             crs="EPSG:4326")
    scenario = geo.Scenario(title=f"{n:,} random incidents", incidents=geo.validate_incidents(frame),
                            borders=[("RUS", "UKR")])
    return geo.analyze(scenario)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--n", type=int, default=5_000, help="incidents in the random case")
    args = parser.parse_args()
    geo.countries()  # load the bundled data once, outside every timing
    cases = {"Belgorod case": geo.analyze(geo.load_scenario(ROOT / "seeds" / "belgorod-2023-04-20.yaml")),
             f"{args.n:,} incidents": _random_case(args.n)}
    print(f"{'case':<18} {'tool':<22} {'best s':>7} {'peak MiB':>9} {'PNG KiB':>8}")
    for name, case in cases.items():
        ours = _measure(lambda case=case: geo.static_map_png(case), args.repeat)
        peer = _measure(lambda case=case: _peer_png(case), args.repeat)
        for tool, (secs, peak, size) in (("geo.static_map_png", ours), ("GeoDataFrame.plot", peer)):
            print(f"{name:<18} {tool:<22} {secs:7.2f} {peak:9.1f} {size / 1024:8.0f}")
        print(f"{name:<18} {'ratio geo/peer':<22} {ours[0] / peer[0]:7.2f} {ours[1] / peer[1]:9.2f}")


if __name__ == "__main__":
    main()
