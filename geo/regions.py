"""First-level regions (oblasts, states, provinces) and the ones along a border.

Bundled regions come from DCW-GMT (the Digital Chart of the World, 1:1M):
Russia's 83 federal subjects (DCW also covers ARG, AUS, BRA, CAN, CHN, IND
and USA; ``data/build_regions.py`` can add them). Users add other countries
with :func:`register_regions`. Borders are Natural Earth's, a different
survey: where a region's edge and the border disagree,
a border piece counts for the nearest region within ``tolerance_m``
(:data:`SNAP_TOLERANCE_M`), and the length no region claims is reported as a
gap (``frame.attrs["gap_m"]``). See ``data/README.md``.

Every frame is EPSG:4326, (lon, lat); lengths and distances are metres on the
WGS84 ellipsoid.
"""

from __future__ import annotations

import difflib
import functools
import logging
import os
import re
import warnings
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from ._datafiles import data_file
from .errors import GeoWarning, InputError, MissingCRSError, PlaceNotFoundError, RepairWarning, SchemaError
from .geodesy import GEOD, geodesic_area
from .reference import _check_code, border, countries, land_borders, normalize_name

__all__ = ["regions", "register_regions", "unregister_regions", "border_regions", "locate_regions",
           "lookup_regions", "region_names", "SNAP_TOLERANCE_M"]

log = logging.getLogger(__name__)

#: How far (metres) a region's edge may lie from a Natural Earth border and
#: still count as touching it. The DCW regions (1:1M) and Natural Earth 10m
#: borders differ by up to 10.2 km along Russia-Ukraine (median 1.3 km); see data/README.md.
SNAP_TOLERANCE_M = 10_000.0

_COLUMNS = ["name", "name_alt", "code", "country", "source", "geometry"]
_STEP_M = 500.0        # border pieces are at most this long: finer than the tolerance
_CHUNK_M = 300_000.0   # one local projection per this much border: distortion < 0.02 %
_REGISTERED: dict[str, gpd.GeoDataFrame] = {}
_generation = [0]      # bumped on every (un)registration; keys the caches


# --------------------------------------------------------------------------- data

@functools.cache
def _bundled(path: str) -> gpd.GeoDataFrame:
    frame = gpd.read_parquet(path)
    return frame[_COLUMNS]


@functools.lru_cache(maxsize=4)
def _all_regions(generation: int) -> gpd.GeoDataFrame:
    bundled = _bundled(str(data_file("regions.parquet")))
    keep = bundled[~bundled["country"].isin(list(_REGISTERED))]
    frames = [keep, *(_REGISTERED[c] for c in sorted(_REGISTERED))]
    frame = pd.concat(frames, ignore_index=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def _current() -> gpd.GeoDataFrame:
    return _all_regions(_generation[0])


def _country_code(code: str) -> str:
    return _check_code(code, countries()["iso_a3"])


def _no_regions(code: str) -> PlaceNotFoundError:
    have = ", ".join(sorted(set(_current()["country"])))
    return PlaceNotFoundError(
        f"no first-level regions known for {code}",
        hint=f"regions are bundled or registered for {have}; add {code}'s with "
             f"geo.register_regions('regions.gpkg', country={code!r}) (any vector file with a name column)")


def regions(country: str | None = None) -> gpd.GeoDataFrame:
    """First-level regions, bundled and user-registered.

    Parameters
    ----------
    country:
        ISO A3 code (``"RUS"``), case-insensitive; ``None`` for all.

    Returns
    -------
    GeoDataFrame
        ``name`` (English), ``name_alt`` (local-language or other name,
        romanised as DCW gives it), ``code`` (ISO 3166-2 where known,
        ``"RU-BEL"``), ``country`` (ISO A3), ``source`` and polygon
        ``geometry`` (EPSG:4326). A copy: change it freely.

    Raises
    ------
    UnknownCountryError
        For a code the bundled countries do not hold.
    PlaceNotFoundError
        When no regions are known for that country.

    Examples
    --------
    >>> import geo
    >>> oblasts = geo.regions("RUS")
    >>> len(oblasts), "Belgorod Oblast" in set(oblasts["name"])
    (83, True)
    """
    frame = _current()
    if country is None:
        return frame.copy()
    code = _country_code(country)
    subset = frame[frame["country"] == code]
    if subset.empty:
        raise _no_regions(code)
    return subset.reset_index(drop=True).copy()


def region_names(country: str | None = None) -> list[str]:
    """Names of the known regions (of one country), sorted."""
    return sorted(regions(country)["name"])


# --------------------------------------------------------------------------- user layers

def register_regions(source: str | os.PathLike[str] | gpd.GeoDataFrame, *, country: str,
                     name_column: str = "name", code_column: str | None = None, layer: str | None = None,
                     clip: bool = True) -> gpd.GeoDataFrame:
    """Add (or replace) the regions of one country from any polygon layer.

    Parameters
    ----------
    source:
        A vector file GDAL reads (GeoPackage, GeoJSON, shapefile, GeoParquet,
        ...) or a GeoDataFrame, with polygons and a CRS.
    country:
        ISO A3 code of the country the regions belong to. They replace any
        bundled or earlier registered regions of that country.
    name_column, code_column:
        Columns holding each region's name and (optionally) code. Features
        sharing a name are merged (multi-part regions).
    layer:
        Layer name for multi-layer files.
    clip:
        Cut away what lies inside another country's Natural Earth polygon, as
        for the bundled regions, so a region never reaches across a border.

    Returns
    -------
    GeoDataFrame
        The registered regions, as :func:`regions` will return them.

    Raises
    ------
    InputError, SchemaError, MissingCRSError
        Naming the file, the feature and the fix.

    Examples
    --------
    >>> import geopandas as gpd, shapely, geo
    >>> layer = gpd.GeoDataFrame({"name": ["Kharkiv Oblast"]},
    ...     geometry=[shapely.box(35.0, 49.0, 37.0, 50.3)], crs="EPSG:4326")
    >>> geo.register_regions(layer, country="UKR")["name"].tolist()
    ['Kharkiv Oblast']
    >>> geo.unregister_regions("UKR")
    """
    code = _country_code(country)
    frame, label = _read_layer(source, layer)
    frame = _validate_layer(frame, label, name_column=name_column, code_column=code_column)
    out = gpd.GeoDataFrame({
        "name": frame[name_column].astype(str).str.strip(),
        "name_alt": None,
        "code": frame[code_column].astype(str).str.strip() if code_column else None,
        "country": code,
        "source": label,
    }, geometry=frame.geometry.values, crs="EPSG:4326")
    out = _merge_same_name(out)
    if clip:
        out = _clip_to_country(out, code)
    _REGISTERED[code] = out[_COLUMNS].reset_index(drop=True)
    _generation[0] += 1
    log.info("registered %d regions for %s from %s", len(out), code, label)
    return _REGISTERED[code].copy()


def unregister_regions(country: str | None = None) -> None:
    """Forget registered regions (of one country, or all); bundled ones come back."""
    if country is None:
        _REGISTERED.clear()
    else:
        _REGISTERED.pop(_country_code(country), None)
    _generation[0] += 1


def _read_layer(source, layer: str | None) -> tuple[gpd.GeoDataFrame, str]:
    if isinstance(source, gpd.GeoDataFrame):
        if source.crs is None:
            raise MissingCRSError("the GeoDataFrame has no CRS", source="regions layer",
                                  hint="set one, e.g. frame.set_crs('EPSG:4326') for lon/lat degrees")
        return source, "regions layer"
    if isinstance(source, pd.DataFrame):
        raise InputError("a plain DataFrame has no polygons", source="regions layer",
                         hint="pass a GeoDataFrame or the path of a vector file")
    from .io import read_table

    path = Path(source)
    frame = read_table(path, layer=layer)
    return frame, path.name


def _validate_layer(frame: gpd.GeoDataFrame, label: str, *, name_column: str,
                    code_column: str | None) -> gpd.GeoDataFrame:
    for column, option in ((name_column, "name_column"), (code_column, "code_column")):
        if column is not None and column not in frame.columns:
            others = [c for c in frame.columns if c != frame.geometry.name]
            raise SchemaError(f"no column {column!r}; the columns are {', '.join(map(str, others[:15]))}",
                              source=label, hint=f"pass {option}= with the column that holds it")
    if frame.empty:
        raise InputError("has zero features", source=label, hint="add at least one region polygon")
    geoms = frame.geometry
    missing = geoms.isna() | geoms.is_empty
    if missing.any():
        raise InputError("feature has no geometry", source=label, location=_features(missing),
                         hint="draw the region's polygon or drop the feature")
    wrong = ~geoms.geom_type.isin(["Polygon", "MultiPolygon"])
    if wrong.any():
        kind = geoms[wrong].geom_type.iloc[0]
        raise InputError(f"feature is a {kind}, not a polygon", source=label, location=_features(wrong),
                         hint="regions need polygon geometries (export the areas, not their outlines or centres)")
    names = frame[name_column].astype("string").str.strip()
    blank = names.isna() | names.eq("")
    if blank.any():
        raise InputError(f"feature has an empty {name_column!r}", source=label, location=_features(blank),
                         hint="give every region a name")
    frame = frame.to_crs("EPSG:4326") if frame.crs.to_epsg() != 4326 else frame
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        warnings.warn(f"{label}: {_features(invalid)} had invalid polygons (e.g. self-intersections); "
                      "repaired with shapely.make_valid", RepairWarning, stacklevel=3)
        frame = frame.set_geometry(frame.geometry.make_valid())
    return frame


def _features(mask: pd.Series) -> str:
    where = [int(i) + 1 for i in np.flatnonzero(mask.to_numpy())]
    shown = ", ".join(map(str, where[:5])) + (f" and {len(where) - 5} more" if len(where) > 5 else "")
    return f"feature {shown}" if len(where) == 1 else f"features {shown}"


def _merge_same_name(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if not frame["name"].duplicated().any():
        return frame
    merged = frame.dissolve(by="name", aggfunc="first", sort=False).reset_index()
    log.info("merged features sharing a name into %d multi-part regions", len(merged))
    return gpd.GeoDataFrame(merged, geometry="geometry", crs="EPSG:4326")


def _clip_to_country(frame: gpd.GeoDataFrame, code: str) -> gpd.GeoDataFrame:
    world = countries()
    others = world[world["iso_a3"] != code]
    tree = shapely.STRtree(others.geometry.values)
    geoms = []
    for name, geom in zip(frame["name"], frame.geometry.values, strict=True):
        hits = tree.query(geom, predicate="intersects")
        if hits.size:
            cut = shapely.difference(geom, shapely.union_all(others.geometry.values[hits]))
            lost = geodesic_area(geom) - geodesic_area(cut)
            if lost > 1e6:
                log.info("%s: %.0f km2 lie in %s and were cut away", name, lost / 1e6,
                         ", ".join(sorted(others["iso_a3"].values[hits])))
            geom = cut
        geoms.append(geom)
    empty = [n for n, g in zip(frame["name"], geoms, strict=True) if g.is_empty]
    if empty:
        raise InputError(f"regions {', '.join(empty[:5])} lie wholly outside {code}", source=frame["source"].iat[0],
                         hint=f"check country={code!r} and the layer's CRS, or pass clip=False")
    return frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs="EPSG:4326"))


# --------------------------------------------------------------------------- local projections

@functools.lru_cache(maxsize=256)
def _aeqd(lon: float, lat: float) -> pyproj.Transformer:
    """Azimuthal equidistant projection centred at (lon, lat): exact distances from the centre."""
    crs = pyproj.CRS.from_proj4(f"+proj=aeqd +lon_0={lon} +lat_0={lat} +datum=WGS84 +units=m")
    return pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def _project(geoms, transformer: pyproj.Transformer):
    return shapely.transform(geoms, lambda c: np.column_stack(transformer.transform(c[:, 0], c[:, 1])))


def _degree_margin(metres: float, max_abs_lat: float) -> tuple[float, float]:
    # Only to pre-select candidates by bounding box; every distance is then measured in metres.
    dlat = metres / 110_000.0 + 0.01
    dlon = metres / (111_000.0 * max(np.cos(np.radians(min(max_abs_lat, 89.0))), 0.01)) + 0.01
    return dlon, dlat


# --------------------------------------------------------------------------- border regions

def border_regions(a: str, b: str, *, within_m: float = 0.0, tolerance_m: float | None = None,
                   sort: str = "border") -> gpd.GeoDataFrame:
    """Regions of country ``a`` that touch (or lie within ``within_m`` of) its border with ``b``.

    The border is Natural Earth's line (:func:`geo.border`). It is cut into
    pieces of at most 500 m; each piece belongs to the region of ``a``
    nearest to it, if that region is within ``tolerance_m``. Pieces no region
    claims are the gap between the two surveys, reported in
    ``attrs["gap_m"]``.

    Parameters
    ----------
    a, b:
        ISO A3 codes; the regions listed are ``a``'s.
    within_m:
        Also list regions whose boundary lies within this many metres of the
        border, with ``border_length_m`` 0.
    tolerance_m:
        Largest gap between a region's edge and the border that still counts
        as touching; default :data:`SNAP_TOLERANCE_M` (10 km).
    sort:
        ``"border"``: along the border from its northern (or western) end,
        then the non-touching regions by distance; ``"share"``: longest
        shared border first.

    Returns
    -------
    GeoDataFrame
        ``name``, ``code``, ``country``, ``border_length_m`` (geodesic length
        of the border the region holds), ``border_share`` (fraction of the
        whole a-b border), ``distance_m`` (region boundary to border, 0 when
        touching), ``along_m`` (where its stretch starts, metres along the
        border), ``geometry``. ``attrs`` holds ``border_length_m`` (whole
        border), ``gap_m`` and ``tolerance_m``.

    Examples
    --------
    >>> import geo
    >>> geo.border_regions("RUS", "UKR")["name"].tolist()
    ['Bryansk Oblast', 'Kursk Oblast', 'Belgorod Oblast', 'Voronezh Oblast', 'Rostov Oblast']
    """
    a, b = _country_code(a), _country_code(b)
    if sort not in ("border", "share"):
        raise ValueError(f"sort must be 'border' or 'share', got {sort!r}")
    if not np.isfinite(within_m) or within_m < 0:
        raise ValueError(f"within_m must be a distance in metres >= 0, got {within_m}")
    tol = SNAP_TOLERANCE_M if tolerance_m is None else float(tolerance_m)
    if not np.isfinite(tol) or tol < 0:
        raise ValueError(f"tolerance_m must be a distance in metres >= 0, got {tolerance_m}")
    frame = _border_regions_cached(a, b, float(within_m), tol, _generation[0]).copy()
    frame.attrs = dict(frame.attrs)
    if sort == "share":
        frame = frame.sort_values(["border_length_m", "distance_m"], ascending=[False, True], ignore_index=True)
    return frame


@functools.lru_cache(maxsize=64)
def _border_regions_cached(a: str, b: str, within_m: float, tol: float, generation: int) -> gpd.GeoDataFrame:
    line = border(a, b)
    mine = regions(a)
    lon, lat, piece_m = _border_pieces(line)
    total = float(piece_m.sum())
    owner = _assign_pieces(mine, lon, lat, piece_m, tol)
    along = np.concatenate([[0.0], np.cumsum(piece_m)[:-1]])
    length = np.bincount(owner[owner >= 0], weights=piece_m[owner >= 0], minlength=len(mine))
    start = np.full(len(mine), np.inf)
    np.minimum.at(start, owner[owner >= 0], along[owner >= 0])
    touching = length > 0
    distance = np.where(touching, 0.0, np.inf)
    if within_m > 0:
        near = _near_candidates(mine, line, within_m)
        for i in near[~touching[near]]:
            distance[i] = _boundary_distance(mine.geometry.iat[i], line)
    keep = touching | (distance <= within_m)
    out = mine.assign(border_length_m=length, border_share=length / total if total else 0.0,
                      distance_m=distance, along_m=np.where(touching, start, np.nan))[keep]
    out = out.sort_values(["along_m", "distance_m"], na_position="last", ignore_index=True)
    out = out[["name", "code", "country", "border_length_m", "border_share", "distance_m", "along_m", "geometry"]]
    gap = total - float(length.sum())
    out.attrs = {"border": f"{a}-{b}", "border_length_m": total, "gap_m": gap, "tolerance_m": tol}
    if total and gap / total > 0.01:
        warnings.warn(f"{gap / 1000:.1f} km ({gap / total:.1%}) of the {a}-{b} border lie farther than "
                      f"{tol / 1000:g} km from every region of {a}; border shares add up to "
                      f"{1 - gap / total:.1%}", GeoWarning, stacklevel=4)
    return out


def _border_pieces(line) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Midpoints (lon, lat) and geodesic lengths of <= 500 m pieces, from the north/west end."""
    parts = [np.asarray(p.coords)[:, :2] for p in shapely.get_parts(line) if not p.is_empty]
    first, last = parts[0][0], parts[-1][-1]
    mid_lat = np.radians((first[1] + last[1]) / 2)
    north_south = abs(first[1] - last[1]) >= abs(first[0] - last[0]) * np.cos(mid_lat)
    if (north_south and first[1] < last[1]) or (not north_south and first[0] > last[0]):
        parts = [p[::-1] for p in parts[::-1]]
    lons, lats, lengths = [], [], []
    for coords in parts:
        x0, y0, x1, y1 = coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1]
        az, _, dist = GEOD.inv(x0, y0, x1, y1)
        for k in range(len(dist)):  # split each segment into n equal geodesic pieces
            n = max(1, int(np.ceil(dist[k] / _STEP_M)))
            offsets = (np.arange(n) + 0.5) * dist[k] / n
            mx, my, _ = GEOD.fwd(np.full(n, x0[k]), np.full(n, y0[k]), np.full(n, az[k]), offsets)
            lons.append(mx)
            lats.append(my)
            lengths.append(np.full(n, dist[k] / n))
    return np.concatenate(lons), np.concatenate(lats), np.concatenate(lengths)


def _assign_pieces(mine: gpd.GeoDataFrame, lon: np.ndarray, lat: np.ndarray, piece_m: np.ndarray,
                   tol: float) -> np.ndarray:
    """Index (into ``mine``) of the region nearest each piece within ``tol``, else -1."""
    owner = np.full(lon.size, -1)
    geoms = mine.geometry.values
    tree = shapely.STRtree(geoms)
    chunk = (np.cumsum(piece_m) // _CHUNK_M).astype(int)
    for c in np.unique(chunk):
        idx = np.flatnonzero(chunk == c)
        centre = idx[idx.size // 2]
        dlon, dlat = _degree_margin(tol, float(np.abs(lat[idx]).max()))
        box = (lon[idx].min() - dlon, lat[idx].min() - dlat, lon[idx].max() + dlon, lat[idx].max() + dlat)
        cand = tree.query(shapely.box(*box))
        if cand.size == 0:
            continue
        to_plane = _aeqd(round(float(lon[centre]), 4), round(float(lat[centre]), 4))
        local = _project(shapely.clip_by_rect(geoms[cand], *box), to_plane)
        points = shapely.points(np.column_stack(to_plane.transform(lon[idx], lat[idx])))
        (pi, gi), dist = shapely.STRtree(local).query_nearest(points, max_distance=tol, return_distance=True,
                                                              all_matches=False)
        owner[idx[pi]] = cand[gi]
    return owner


def _near_candidates(mine: gpd.GeoDataFrame, line, metres: float) -> np.ndarray:
    west, south, east, north = line.bounds
    dlon, dlat = _degree_margin(metres, max(abs(south), abs(north)))
    return shapely.STRtree(mine.geometry.values).query(shapely.box(west - dlon, south - dlat,
                                                                   east + dlon, north + dlat))


def _boundary_distance(geom, line) -> float:
    """Geodesic distance (m) between a region and a border line, 0 if they meet."""
    if shapely.intersects(geom, line):
        return 0.0
    # The nearest pair in degrees only chooses where to centre a local projection;
    # the distance is measured there and then geodesically.
    lon_c, lat_c = shapely.shortest_line(line, geom).coords[0]
    to_plane = _aeqd(round(lon_c, 4), round(lat_c, 4))
    pair = shapely.shortest_line(_project(line, to_plane), _project(geom, to_plane))
    (x0, y0), (x1, y1) = pair.coords
    lon0, lat0 = to_plane.transform(x0, y0, direction="INVERSE")
    lon1, lat1 = to_plane.transform(x1, y1, direction="INVERSE")
    return float(GEOD.inv(lon0, lat0, lon1, lat1)[2])


# --------------------------------------------------------------------------- points in regions

def locate_regions(points: gpd.GeoSeries | gpd.GeoDataFrame, *, tolerance_m: float | None = None) -> pd.Series:
    """Name of the region each point lies in (``None`` where no region is known).

    A point in no region polygon but inside a country's Natural Earth polygon,
    within ``tolerance_m`` of one of that country's regions, gets that region:
    it lies in the sliver where the two surveys disagree (see module notes).

    Parameters
    ----------
    points:
        Points (or any geometries: their representative point is used), with a CRS.
    tolerance_m:
        Default :data:`SNAP_TOLERANCE_M`.

    Returns
    -------
    pandas.Series
        Named ``region``, with the index of ``points``.

    Examples
    --------
    >>> import geopandas as gpd, geo
    >>> pts = gpd.GeoSeries.from_xy([36.58091], [50.60343], crs="EPSG:4326")
    >>> geo.locate_regions(pts).tolist()
    ['Belgorod Oblast']
    """
    geoms = points.geometry if isinstance(points, gpd.GeoDataFrame) else points
    if not isinstance(geoms, gpd.GeoSeries):
        raise InputError(f"expected a GeoSeries or GeoDataFrame of points, got {type(points).__name__}",
                         hint="build one with geopandas.GeoSeries.from_xy(lon, lat, crs='EPSG:4326')")
    if geoms.crs is None:
        raise MissingCRSError("points have no CRS", hint="set one: points.set_crs('EPSG:4326') for lon/lat")
    tol = SNAP_TOLERANCE_M if tolerance_m is None else float(tolerance_m)
    geoms = geoms.to_crs("EPSG:4326") if geoms.crs.to_epsg() != 4326 else geoms
    valid = ~(geoms.isna() | geoms.is_empty).to_numpy()
    pts = np.empty(len(geoms), dtype=object)
    pts[valid] = shapely.point_on_surface(geoms.values[valid])
    frame = _current()
    names = frame["name"].to_numpy()
    result = np.full(len(geoms), None, dtype=object)
    tree = shapely.STRtree(frame.geometry.values)
    pi, ri = tree.query(pts[valid], predicate="within")
    where = np.flatnonzero(valid)
    result[where[pi[::-1]]] = names[ri[::-1]]  # reversed so the first match wins
    missing = np.flatnonzero(valid & pd.isna(result))
    if missing.size and tol > 0:
        for i, name in _snap_to_regions(pts[missing], frame, tol):
            result[missing[i]] = name
    return pd.Series(result, index=geoms.index, name="region", dtype=object)


def _snap_to_regions(pts: np.ndarray, frame: gpd.GeoDataFrame, tol: float):
    """Points inside a country that has regions, in none of them but within ``tol`` of one."""
    world = countries()
    world = world[world["iso_a3"].isin(set(frame["country"]))]
    pi, ci = shapely.STRtree(world.geometry.values).query(pts, predicate="within")
    for p, c in zip(pi, ci, strict=True):
        code = world["iso_a3"].iat[c]
        mine = frame[frame["country"] == code]
        lon, lat = pts[p].x, pts[p].y
        dlon, dlat = _degree_margin(tol, abs(lat))
        cand = np.flatnonzero(shapely.intersects(mine.geometry.values,
                                                 shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)))
        if cand.size == 0:
            continue
        to_plane = _aeqd(round(lon, 5), round(lat, 5))
        dist = shapely.distance(_project(mine.geometry.values[cand], to_plane), shapely.Point(0.0, 0.0))
        best = int(np.argmin(dist))
        if dist[best] <= tol:
            yield p, mine["name"].iat[cand[best]]


# --------------------------------------------------------------------------- names

_GENERIC = {
    "oblast", "oblast'", "obl", "krai", "kray", "region", "republic", "respublika", "of", "the",
    "autonomous", "avtonomnyy", "avtonomnaya", "okrug", "ao", "province", "state", "territory",
    "federal", "city", "gorod", "oblasti",
}
# Russian Cyrillic to Latin, close to BGN/PCGN, the romanisation DCW's local names use.
_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
}
_RU.update({"і": "i", "ї": "yi", "є": "ye", "ґ": "g"})  # Ukrainian letters, loosely


def _transliterate(text: str) -> str:
    out = []
    for k, ch in enumerate(text):
        if ch == "е" and (k == 0 or text[k - 1] in "аеёиоуыэюяйъь -"):
            out.append("ye")  # BGN/PCGN: е after a vowel or at a word start
        else:
            out.append(_RU.get(ch, ch))
    return "".join(out)


def _fold(text: str) -> str:
    # Transliterate before normalize_name strips diacritics: it would turn й into и.
    return normalize_name(_transliterate(str(text).casefold())).replace("'", "").replace("’", "")


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", _fold(text)) if w]


def _spellings(name: str, alt: object) -> list[str]:
    """A region's name, its alternative name, and bracketed parts ("Tyva Respublika [Tuva]")."""
    out = [name]
    if isinstance(alt, str) and alt:
        out.append(re.sub(r"\[.*?\]", " ", alt))
        out.extend(re.findall(r"\[(.*?)\]", alt))
    return out


def _resolve(name: str, frame: gpd.GeoDataFrame) -> int:
    """Row of ``frame`` for a region name: exact, then without generic words, then by subset."""
    if not isinstance(name, str) or not name.strip():
        raise PlaceNotFoundError(f"region name must be a non-empty string, got {name!r}")
    by_code = np.flatnonzero(frame["code"].fillna("").str.upper().to_numpy() == name.strip().upper())
    if by_code.size == 1:
        return int(by_code[0])
    spellings = [_spellings(n, a) for n, a in zip(frame["name"], frame["name_alt"], strict=True)]
    full = " ".join(_words(name))
    key = {w for w in _words(name) if w not in _GENERIC}
    steps = (
        lambda s: full in {" ".join(_words(x)) for x in s},
        lambda s: bool(key) and any(key == {w for w in _words(x) if w not in _GENERIC} for x in s),
        lambda s: bool(key) and any(key <= set(_words(x)) for x in s),
    )
    for matches in steps:
        hits = [i for i, s in enumerate(spellings) if matches(s)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            which = ", ".join(f"{frame['name'].iat[i]} ({frame['code'].iat[i] or frame['country'].iat[i]})"
                              for i in hits[:8])
            raise PlaceNotFoundError(f"region name {name!r} is ambiguous: {which}",
                                     hint="write the full name, e.g. with Oblast, Krai or Republic, or the code")
    names = list(frame["name"])
    close = difflib.get_close_matches(name.strip(), names, n=5, cutoff=0.6)
    if not close:
        by_key = {" ".join(_words(n)): n for n in names}
        close = [by_key[k] for k in difflib.get_close_matches(full, list(by_key), n=5, cutoff=0.6)]
    hint = (f"did you mean {', '.join(close)}?" if close
            else "list known names with `geo regions COUNTRY`, or add a layer with geo.register_regions()")
    raise PlaceNotFoundError(f"no region called {name!r}", hint=hint)


def lookup_regions(names: Iterable[str], *, borders: Iterable[str] | None = None) -> gpd.GeoDataFrame:
    """Regions named as a scenario writes them, with their share of a border.

    Names match whatever the spelling: ``"Belgorod Oblast"``, ``"Belgorod"``,
    ``"belgorodskaya oblast'"``, ``"Белгородская область"`` or the code
    ``"RU-BEL"``; words like Oblast, Krai, Republic are optional.

    Parameters
    ----------
    names:
        Region names.
    borders:
        Borders of interest as ``"AAA-BBB"`` (a scenario's ``borders:``). A
        region of AAA is measured against BBB; otherwise against the
        neighbour it shares most border with.

    Returns
    -------
    GeoDataFrame
        ``query`` (the name as given), ``name``, ``code``, ``country``,
        ``border_with`` (ISO A3 or ``None``), ``border_length_m``,
        ``border_share`` (fraction of the whole border), polygon ``geometry``.

    Raises
    ------
    PlaceNotFoundError
        For an unknown or ambiguous name, listing close matches.

    Examples
    --------
    >>> import geo
    >>> row = geo.lookup_regions(["Белгородская область"], borders=["RUS-UKR"]).iloc[0]
    >>> row["name"], row["border_with"], f"{row['border_share']:.0%}"
    ('Belgorod Oblast', 'UKR', '30%')
    """
    if isinstance(names, str):
        names = [names]
    pairs = [_pair(p) for p in (borders or [])]
    frame = _current()
    rows = []
    for name in names:
        i = _resolve(name, frame)
        region = frame.iloc[i]
        neighbour, length, share = _region_border(region, pairs)
        rows.append({"query": name, "name": region["name"], "code": region["code"], "country": region["country"],
                     "border_with": neighbour, "border_length_m": length, "border_share": share,
                     "geometry": region.geometry})
    columns = ["query", "name", "code", "country", "border_with", "border_length_m", "border_share", "geometry"]
    frame = gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")
    for column in ("code", "border_with"):  # None, not NaN, where unknown
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _pair(text: str | tuple[str, str]) -> tuple[str, str]:
    parts = list(text) if isinstance(text, (tuple, list)) else re.split(r"[-–/, ]+", str(text).strip())
    if len(parts) != 2:
        raise InputError(f"a border is written 'AAA-BBB', got {text!r}", hint="e.g. 'RUS-UKR'")
    return _country_code(parts[0]), _country_code(parts[1])


def _region_border(region: pd.Series, pairs: list[tuple[str, str]]) -> tuple[str | None, float, float]:
    """(neighbour, border length m, share) for the scenario's borders, else the longest land border."""
    code = region["country"]
    named = [b if a == code else a for a, b in pairs if code in (a, b)]
    best = _longest_border(region, code, named)
    if best[0] is None:
        table = land_borders()
        others = sorted(set(table.loc[table["a"] == code, "b"]) | set(table.loc[table["b"] == code, "a"]))
        best = _longest_border(region, code, [o for o in others if o not in named])
    return best


def _longest_border(region: pd.Series, code: str, others: list[str]) -> tuple[str | None, float, float]:
    best: tuple[str | None, float, float] = (None, 0.0, 0.0)
    west, south, east, north = region.geometry.bounds
    dlon, dlat = _degree_margin(SNAP_TOLERANCE_M, max(abs(south), abs(north)))
    reach = shapely.box(west - dlon, south - dlat, east + dlon, north + dlat)
    for other in others:
        if not shapely.intersects(border(code, other), reach):
            continue  # this border passes nowhere near the region
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", GeoWarning)  # the gap is reported by border_regions itself
            touching = border_regions(code, other)
        hit = touching[touching["name"] == region["name"]]
        if not hit.empty and hit["border_length_m"].iat[0] > best[1]:
            best = (other, float(hit["border_length_m"].iat[0]), float(hit["border_share"].iat[0]))
    return best
