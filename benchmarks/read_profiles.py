"""Reading event files of each profile: rows per second against bare pandas + points_from_xy.

The real UCDP GED extract (../shared/data/real/ucdp-ged-ukraine.csv, beside
the project) is repeated to N rows (default 1,000,000; ids made unique) and
written in each profile's format: UCDP GED as it is, ACLED columns, HXL
(UCDP columns plus a hashtag row), an OSINT monitor sheet and geo's own
schema. Each reading runs in a fresh process and is timed from process
start to the loaded frame (imports included), the way a user's command runs:

- geo: ``geo.input.load.load_events(path)`` (profile detection, column
  mapping, precision tables, every row-level check, country aliases);
- peer, same process model, same file: ``pandas.read_csv`` then
  ``geopandas.points_from_xy`` on its longitude/latitude (no checks at all).

Run by hand (never part of the tests)::

    .venv/bin/python benchmarks/read_profiles.py                 # 1,000,000 rows, a few minutes
    .venv/bin/python benchmarks/read_profiles.py --rows 100000   # quick look
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
UCDP = ROOT.parent / "shared" / "data" / "real" / "ucdp-ged-ukraine.csv"
_LON_LAT = {"ucdp": ("longitude", "latitude"), "acled": ("longitude", "latitude"), "hxl": ("longitude", "latitude"),
            "monitor": ("longitude", "latitude"), "geo": ("lon", "lat")}


def _repeat(rows: int) -> pd.DataFrame:
    base = pd.read_csv(UCDP, dtype=str, keep_default_na=False)
    copies = -(-rows // len(base))
    frame = pd.concat([base] * copies, ignore_index=True).iloc[:rows].copy()
    frame["id"] = frame["id"] + "-" + (frame.index // len(base)).astype(str)
    return frame


def _formats(ged: pd.DataFrame) -> dict[str, pd.DataFrame]:
    where = ged["where_prec"].astype(int)
    date_prec = ged["date_prec"].astype(int)
    acled = pd.DataFrame({
        "event_id_cnty": "UKR" + ged["id"], "event_date": pd.to_datetime(ged["date_start"]).dt.strftime("%d %B %Y"),
        "year": ged["year"], "time_precision": date_prec.map({1: 1, 2: 2, 3: 2, 4: 3, 5: 3}),
        "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": ged["side_a"], "actor2": ged["side_b"],
        "country": ged["country"], "admin1": ged["adm_1"], "admin2": ged["adm_2"], "location": ged["where_description"],
        "latitude": ged["latitude"], "longitude": ged["longitude"], "geo_precision": where.clip(upper=3),
        "source": ged["source_office"], "notes": ged["source_headline"], "fatalities": ged["best"]})
    monitor = pd.DataFrame({
        "id": ged["id"], "date": ged["date_start"], "title": ged["conflict_name"], "description": ged["source_headline"],
        "latitude": ged["latitude"], "longitude": ged["longitude"], "location": ged["where_description"],
        "country": ged["country"], "link": "https://example.org/ged/" + ged["id"], "geolocation": "verified"})
    geo_schema = pd.DataFrame({
        "id": ged["id"], "date": ged["date_start"], "event_type": "state-based conflict",
        "actors": ged["side_a"] + "; " + ged["side_b"], "location": ged["where_description"],
        "lon": ged["longitude"], "lat": ged["latitude"], "location_precision": where.map(lambda p: 2 if p <= 2 else 3),
        "fatalities_low": ged["best"], "fatalities_high": ged["best"], "fatalities_source": "UCDP GED",
        "sources": ged["source_office"], "country": ged["country"]})
    return {"ucdp": ged, "acled": acled, "hxl": ged, "monitor": monitor, "geo": geo_schema}


def _write(name: str, frame: pd.DataFrame, folder: Path) -> Path:
    path = folder / f"{name}.csv"
    frame.to_csv(path, index=False)
    if name == "hxl":
        tags = {"id": "#event+id", "date_start": "#date+start", "latitude": "#geo+lat", "longitude": "#geo+lon",
                "country": "#country+name", "best": "#affected+killed", "where_description": "#loc+name",
                "side_a": "#group+name", "side_b": "#group+name", "adm_1": "#adm1+name"}
        with path.open() as handle:
            header = handle.readline()
            rest = handle.read()
        path.write_text(header + ",".join(tags.get(c, "") for c in frame.columns) + "\n" + rest)
    return path


def _child(mode: str, path: str, profile: str) -> None:
    """Runs in the fresh process: read the file, print rows read."""
    if mode == "geo":
        import warnings

        from geo.input.load import load_events

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loaded = load_events(path)
        assert loaded.reading.profile.name == profile, loaded.reading.profile.name
        print(json.dumps({"rows": len(loaded.incidents), "rejected": len(loaded.rejected)}))
    else:
        import geopandas as gpd

        lon, lat = _LON_LAT[profile]
        frame = pd.read_csv(path, skiprows=[1] if profile == "hxl" else None)
        points = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame[lon], frame[lat]), crs="EPSG:4326")
        print(json.dumps({"rows": len(points), "rejected": 0}))


def _timed(mode: str, path: Path, profile: str) -> tuple[float, dict]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(path), profile], env=env,
                          capture_output=True, text=True, check=True)
    return time.perf_counter() - start, json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "PATH", "PROFILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    if not UCDP.exists():
        sys.exit(f"needs the real UCDP extract at {UCDP.relative_to(ROOT.parent)} beside the project")
    with tempfile.TemporaryDirectory() as tmp:
        ged = _repeat(args.rows)
        files = {name: _write(name, frame, Path(tmp)) for name, frame in _formats(ged).items()}
        del ged
        print(f"{args.rows:,} rows per file; each reading in a fresh process, from process start to the loaded frame")
        print(f"{'profile':<9} {'MB':>6} {'geo s':>7} {'geo rows/s':>11} {'pandas s':>9} {'pandas rows/s':>14} "
              f"{'geo/pandas':>10}")
        for name, path in files.items():
            geo_s, geo_out = _timed("geo", path, name)
            peer_s, peer_out = _timed("pandas", path, name)
            assert geo_out["rows"] + geo_out["rejected"] == peer_out["rows"] == args.rows, (geo_out, peer_out)
            print(f"{name:<9} {path.stat().st_size / 1e6:>6.0f} {geo_s:>7.1f} {args.rows / geo_s:>11,.0f} "
                  f"{peer_s:>9.1f} {args.rows / peer_s:>14,.0f} {geo_s / peer_s:>10.2f}")


if __name__ == "__main__":
    main()
