"""Benchmark: interactive maps of 100,000 incidents, geo against GeoDataFrame.explore().

Both draw the same random incidents (fixed seed; id, date, event type,
reported fatalities) over eastern Ukraine and southern Russia. In one run it
measures, for each:

* generation time: building the map and writing the HTML file, in a fresh
  process each time (imports are done before the clock starts; geo's one-off
  basemap preparation is inside the timing, explore() has no basemap);
* file size and the generating process's peak memory;
* in Debian's chromium with every network request blocked (tests/browser.py):
  time from navigation start until the map is interactive with every point
  drawn, and whether clicking points shows their records.

explore() writes a page that loads Leaflet, jQuery, Bootstrap and other
assets from CDNs. Offline those requests fail and the page stays blank; that
is reported as it happens. For a fair rendering comparison explore's page is
also opened with its two Leaflet files answered from the locally installed
xstatic-leaflet (same Leaflet version), everything else still blocked.

geo is finally asked for 1,000,000 incidents (generation, size, open in
Chromium with every point drawn); explore() is not run at that size.

Run from the repository root (needs the test extra: playwright, mapclassify)::

    .venv/bin/python benchmarks/render.py
    .venv/bin/python benchmarks/render.py --n 20000 --repeat 1 --no-million
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

SEED = 20230420
EVENT_TYPES = ["air strike", "shelling", "drone strike", "missile strike", "explosion", "armed clash"]


# --------------------------------------------------------------------------- data
def incidents(n: int):
    """``n`` reproducible incidents with a few attributes each."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(SEED)
    return gpd.GeoDataFrame(
        {"id": [f"ev-{i:07d}" for i in range(n)],
         "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
         "event_type": rng.choice(EVENT_TYPES, n),
         "fatalities_low": rng.integers(0, 40, n)},
        geometry=gpd.points_from_xy(rng.uniform(30.0, 40.0, n), rng.uniform(46.0, 52.0, n)), crs="EPSG:4326")


# --------------------------------------------------------------------------- generation (child process)
def _generate(tool: str, data: Path, out: Path) -> None:
    import geopandas as gpd

    frame = gpd.read_parquet(data)
    if tool == "geo":
        import geo.render.webmap._document  # noqa: F401  (folium, imported before the clock as for explore)
        from geo.render.webmap import ImpactMap

        start = time.perf_counter()
        ImpactMap("Benchmark", tiles="none").add_incidents(frame).save(out)
    else:
        import folium  # noqa: F401  (imported before the clock, like geo's modules)
        import mapclassify  # noqa: F401

        start = time.perf_counter()
        frame.explore().save(str(out))
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "bytes": out.stat().st_size, "peak_mb": peak_mb}))


def generate(tool: str, data: Path, out: Path) -> dict:
    run = subprocess.run([sys.executable, __file__, "--child", tool, str(data), str(out)],
                         capture_output=True, text=True, cwd=ROOT)
    if run.returncode != 0:
        raise RuntimeError(f"{tool} generation failed:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- browser
def open_geo(path: Path, n: int, *, clicks: int) -> dict:
    """Time to interactive of a geo map, and whether clicked points show their own records."""
    import numpy as np
    from browser import offline_browser

    with offline_browser() as browser:
        page = browser.open(path, wait="window.geoMap && window.geoMap.ready", timeout_ms=300_000)
        ready_ms = page.evaluate("geoMap.readyAt")
        drawn = page.evaluate("geoMap.layers.incidents.drawn")
        ok = 0
        rng = np.random.default_rng(1)
        box = page.locator(".geo-map").bounding_box()
        for i in rng.choice(n, clicks, replace=False).tolist():
            x, y = page.evaluate("""(i) => { const l = geoMap.layers.incidents, ll = l.latLngOf(i);
                geoMap.map.setView(ll, 14, {animate: false}); geoMap.map.closePopup();
                const p = geoMap.map.latLngToContainerPoint(ll); return [p.x, p.y]; }""", i)
            page.wait_for_function("document.querySelectorAll('.leaflet-popup').length === 0")  # faded out
            page.mouse.click(box["x"] + x, box["y"] + y)
            popup = page.locator(".leaflet-popup-content")
            popup.wait_for(timeout=10_000)
            ok += f"ev-{i:07d}" in popup.inner_text()
        return {"ready_ms": ready_ms, "drawn": drawn, "clicks_ok": ok, "clicks": clicks,
                "errors": browser.page_errors + browser.console_errors, "blocked": len(browser.blocked)}


def open_explore(path: Path, n: int, *, serve_leaflet: bool, timeout_s: float = 180.0) -> dict:
    """What explore()'s page does offline; optionally with Leaflet answered locally."""
    from browser import offline_browser

    from geo.render.webmap._assets import _leaflet_dir

    with offline_browser() as browser:
        page = browser.new_page()
        if serve_leaflet:
            folder = _leaflet_dir()
            page.route("**/leaflet@*/dist/leaflet.js",
                       lambda route: route.fulfill(path=str(folder / "leaflet.js"), content_type="text/javascript"))
            page.route("**/leaflet@*/dist/leaflet.css",
                       lambda route: route.fulfill(path=str(folder / "leaflet.css"), content_type="text/css"))
        result: dict = {"served_leaflet": serve_leaflet}
        try:
            page.goto(path.resolve().as_uri(), wait_until="load", timeout=timeout_s * 1000)
            result["load_ms"] = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            result["leaflet"] = page.evaluate("typeof L !== 'undefined'")
            if not result["leaflet"]:
                raise RuntimeError("Leaflet never loaded: the page stays blank")
            page.wait_for_function(f"document.querySelectorAll('path.leaflet-interactive').length >= {n}",
                                   timeout=timeout_s * 1000, polling=500)
            result["drawn_ms"] = page.evaluate("new Promise(r => requestAnimationFrame(() => r(performance.now())))")
            result["drawn"] = page.evaluate("document.querySelectorAll('path.leaflet-interactive').length")
        except Exception as exc:  # noqa: BLE001 - a benchmark reports what happened
            result["failed"] = str(exc).splitlines()[0][:200]
            try:
                result["drawn"] = page.evaluate("document.querySelectorAll('path.leaflet-interactive').length")
            except Exception:  # noqa: BLE001
                result["drawn"] = None
        result["page_errors"] = browser.page_errors[:3]
        result["blocked"] = len(browser.blocked)
        result["blocked_hosts"] = sorted({u.split("/")[2] for u in browser.blocked})
        return result


# --------------------------------------------------------------------------- report
def _mb(b: float) -> str:
    return f"{b / 1e6:,.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="incidents (default 100,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of geo (explore runs min(2, repeat) times)")
    parser.add_argument("--clicks", type=int, default=5, help="random points clicked in geo's map")
    parser.add_argument("--no-million", dest="million", action="store_false", help="skip the 1,000,000 run")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _generate(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return

    with tempfile.TemporaryDirectory(prefix="geo-bench-render-") as tmp:
        folder = Path(tmp)
        data = folder / "incidents.parquet"
        incidents(args.n).to_parquet(data)
        print(f"{args.n:,} incidents (seed {SEED}); each generation in a fresh process\n")

        geo_runs = [generate("geo", data, folder / "geo.html") for _ in range(args.repeat)]
        explore_runs = [generate("explore", data, folder / "explore.html") for _ in range(min(2, args.repeat))]
        geo_s = statistics.median(r["seconds"] for r in geo_runs)
        ex_s = statistics.median(r["seconds"] for r in explore_runs)
        geo_b, ex_b = geo_runs[-1]["bytes"], explore_runs[-1]["bytes"]
        print("generation (median)        geo                 explore()          ratio")
        print(f"  time                      {geo_s:8.2f} s          {ex_s:8.2f} s         {ex_s / geo_s:5.1f}x faster")
        print(f"  file size                 {_mb(geo_b):>10}          {_mb(ex_b):>10}         {ex_b / geo_b:5.1f}x smaller")
        print(f"  peak memory               {geo_runs[-1]['peak_mb']:7.0f} MB          "
              f"{explore_runs[-1]['peak_mb']:7.0f} MB")
        print(f"  all runs (s)              geo {[round(r['seconds'], 2) for r in geo_runs]}, "
              f"explore {[round(r['seconds'], 2) for r in explore_runs]}\n")

        print("Chromium, network blocked")
        loads = [open_geo(folder / "geo.html", args.n, clicks=args.clicks) for _ in range(args.repeat)]
        ready = statistics.median(r["ready_ms"] for r in loads)
        last = loads[-1]
        print(f"  geo: interactive with {last['drawn']:,} points drawn after {ready / 1000:.2f} s (median of "
              f"{len(loads)}: {[round(r['ready_ms'] / 1000, 2) for r in loads]}); clicked points showing their "
              f"own record: {last['clicks_ok']}/{last['clicks']}; errors: {len(last['errors'])}; "
              f"requests blocked: {last['blocked']}")
        for serve in (False, True):
            r = open_explore(folder / "explore.html", args.n, serve_leaflet=serve)
            label = "explore(), Leaflet served locally" if serve else "explore(), as written"
            if "drawn_ms" in r:
                print(f"  {label}: {r['drawn']:,} points drawn after {r['drawn_ms'] / 1000:.2f} s "
                      f"({r['drawn_ms'] / ready:.1f}x geo's time); load event at {r['load_ms'] / 1000:.2f} s; "
                      f"{r['blocked']} requests blocked ({', '.join(r['blocked_hosts'])})")
            else:
                print(f"  {label}: never interactive ({r.get('failed')}); points drawn: {r.get('drawn')}; "
                      f"Leaflet loaded: {r.get('leaflet')}; page errors: {r['page_errors']}; "
                      f"{r['blocked']} requests blocked ({', '.join(r['blocked_hosts'])})")

        if args.million:
            print("\n1,000,000 incidents (geo only)")
            million = folder / "million.parquet"
            incidents(1_000_000).to_parquet(million)
            g = generate("geo", million, folder / "geo-1m.html")
            r = open_geo(folder / "geo-1m.html", 1_000_000, clicks=2)
            print(f"  generation {g['seconds']:.2f} s, {_mb(g['bytes'])}, peak {g['peak_mb']:.0f} MB; "
                  f"in Chromium interactive with {r['drawn']:,} points drawn after {r['ready_ms'] / 1000:.2f} s; "
                  f"clicked points showing their own record: {r['clicks_ok']}/{r['clicks']}; "
                  f"errors: {len(r['errors'])}")


if __name__ == "__main__":
    main()
