"""Benchmark: many events end to end, as a user runs them (process start to written file).

In one run it measures, each in a fresh process timed from spawn to exit:

* ``geo map EVENTS.csv --border RUS-UKR -o map.html`` on ``--n`` incidents
  (default 100,000): reading, validating, the whole analysis (geodesic
  distance, bands, countries, regions, nearest towns) and the map;
* the peer, ``GeoDataFrame.explore()`` writing the same points from the same
  CSV (``pandas.read_csv`` + ``points_from_xy`` + ``explore().save``): no
  analysis at all; the ratio printed is explore's time over geo's;
* ``geo map`` on 1,000,000 incidents (time and peak memory of the process);
* the 100,000-incident map in offline Chromium: time until interactive with
  every point drawn, and the time a filter change takes to redraw;
* ``geo report`` on the real UCDP extract (when ``../shared`` is present).

Peak memory is the child's maximum resident set size (``wait4``).
The incidents are random (fixed seed) over eastern Ukraine and southern Russia,
in geo's schema with dates, event types, actors, location precision and
fatalities.

Run from the repository root::

    .venv/bin/python benchmarks/many_events.py
    .venv/bin/python benchmarks/many_events.py --n 20000 --no-million --no-browser
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

SEED = 20230420
EVENT_TYPES = ["Shelling/artillery/missile attack", "Air/drone strike", "Armed clash",
               "Remote explosive/landmine/IED", "Attack", "Disrupted weapons use"]
ACTORS = ["Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)", "Unidentified Armed Group"]
UCDP = ROOT.parent / "shared" / "data" / "real" / "ucdp-ged-ukraine.csv"

EXPLORE = """
import sys
import geopandas as gpd, pandas as pd
frame = pd.read_csv(sys.argv[1])
points = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame.pop("lon"), frame.pop("lat")), crs="EPSG:4326")
points.explore().save(sys.argv[2])
"""


def write_csv(n: int, path: Path) -> None:
    """``n`` reproducible incidents in geo's schema."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(SEED)
    precision = rng.choice([1, 2, 3], n, p=[0.3, 0.5, 0.2])
    pd.DataFrame({
        "id": [f"ev-{i:07d}" for i in range(n)],
        "date": (pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")).strftime("%Y-%m-%d"),
        "event_type": rng.choice(EVENT_TYPES, n),
        "actors": rng.choice(ACTORS, n),
        "location_precision": precision,
        "uncertainty_m": np.choose(precision - 1, [100.0, 5_000.0, 50_000.0]),
        "fatalities_low": rng.poisson(1.5, n),
        "lon": rng.uniform(33.0, 40.0, n).round(5),
        "lat": rng.uniform(47.0, 52.3, n).round(5),
    }).to_csv(path, index=False)


def timed(argv: list[str], out: Path) -> dict:
    """Run ``argv`` in a fresh process: wall seconds from spawn to exit, peak RSS (MB), output size."""
    if out.exists():
        out.unlink()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}):\n{stderr.decode()[-3000:]}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "bytes": out.stat().st_size}


def geo_map(csv: Path, out: Path) -> dict:
    return timed([sys.executable, "-m", "geo", "map", str(csv), "--border", "RUS-UKR", "--tiles", "none",
                  "-o", str(out)], out)


def explore(csv: Path, out: Path) -> dict:
    return timed([sys.executable, "-c", EXPLORE, str(csv), str(out)], out)


def browser(path: Path) -> dict:
    """Time to interactive with every point drawn; the slowest of a few filter redraws (ms)."""
    from browser import offline_browser

    with offline_browser() as session:
        page = session.open(path, wait="window.geoMap && window.geoMap.ready", timeout_ms=120_000)
        out = {"ready_ms": page.evaluate("geoMap.readyAt"), "drawn": page.evaluate("geoMap.layers.incidents.drawn")}
        has_filters = page.evaluate("!!(window.geoMap.filters)")
        if has_filters:
            out["filter_ms"] = page.evaluate("""() => {
                const f = geoMap.filters, times = [];
                const spec = f.spec();
                const runs = [
                  () => f.set({types: [spec.types[0].code]}),
                  () => f.set({types: null, fatalities: [1, 1e9]}),
                  () => f.set({fatalities: null, precision: [1]}),
                  () => f.set({precision: null, days: [spec.days[0], spec.days[0] + 30]}),
                  () => f.set({days: null}),
                ];
                for (const run of runs) { const t = performance.now(); run(); times.push(performance.now() - t); }
                return times;
            }""")
        out["errors"] = session.page_errors + session.console_errors
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="incidents (default 100,000)")
    parser.add_argument("--no-million", dest="million", action="store_false", help="skip 1,000,000 incidents")
    parser.add_argument("--no-browser", dest="browser", action="store_false", help="skip Chromium")
    parser.add_argument("--no-explore", dest="explore", action="store_false", help="skip the explore() peer")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="geo-bench-many-") as tmp:
        folder = Path(tmp)
        csv = folder / "events.csv"
        write_csv(args.n, csv)
        print(f"{args.n:,} incidents (seed {SEED}), each command in a fresh process, process start to file\n")
        g = geo_map(csv, folder / "geo.html")
        print("                               wall s    CPU s     file      peak memory")
        print(f"  geo map --border RUS-UKR     {g['seconds']:7.2f}  {g['cpu']:7.2f}  {g['bytes'] / 1e6:7.1f} MB   "
              f"{g['peak_mb']:6.0f} MB")
        if args.explore:
            e = explore(csv, folder / "explore.html")
            print(f"  GeoDataFrame.explore()       {e['seconds']:7.2f}  {e['cpu']:7.2f}  {e['bytes'] / 1e6:7.1f} MB   "
                  f"{e['peak_mb']:6.0f} MB")
            print(f"  explore / geo                {e['seconds'] / g['seconds']:7.2f}x {e['cpu'] / g['cpu']:7.2f}x "
                  "(goal >= 5x; on a shared machine CPU time is the fair measure)")
        if args.browser:
            b = browser(folder / "geo.html")
            print(f"\n  Chromium offline: interactive with {b['drawn']:,} points drawn after "
                  f"{b['ready_ms'] / 1000:.2f} s (goal < 3 s)")
            if "filter_ms" in b:
                print(f"  filter redraws (ms): {[round(t) for t in b['filter_ms']]}, slowest "
                      f"{max(b['filter_ms']):.0f} ms (goal < 200 ms)")
            print(f"  page errors: {len(b['errors'])}")
        if args.million:
            big = folder / "million.csv"
            write_csv(1_000_000, big)
            m = geo_map(big, folder / "million.html")
            print(f"\n1,000,000 incidents: geo map {m['seconds']:.1f} s wall, {m['cpu']:.1f} s CPU (goal < 60 s), "
                  f"peak {m['peak_mb']:.0f} MB "
                  f"(goal < 4,096 MB), {m['bytes'] / 1e6:.1f} MB file")
        if UCDP.exists():
            r = timed([sys.executable, "-m", "geo", "report", str(UCDP), "-o", str(folder / "ucdp.html")],
                      folder / "ucdp.html")
            print(f"\ngeo report on the UCDP extract (3,077 events): {r['seconds']:.1f} s (goal < 10 s), "
                  f"peak {r['peak_mb']:.0f} MB")
        else:
            print("\ngeo report on the UCDP extract: skipped (../shared/data/real absent)")


if __name__ == "__main__":
    main()
