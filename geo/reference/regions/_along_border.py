"""Regions along a border, each with its share of the border line."""

from __future__ import annotations

import functools
import hashlib
import logging
import warnings

import geopandas as gpd
import numpy as np
import shapely

from geo import _cache
from geo._format import format_distance
from geo.errors import GeoWarning, InputError, PlaceNotFoundError
from geo.geodesy import GEOD, densify_segments
from geo.reference.countries import border
from geo.reference.regions._local import aeqd, degree_margin, project
from geo.reference.regions._registry import _country_code, _generation, regions

__all__ = ['border_regions', 'border_shares', 'regions_at_border', 'SNAP_TOLERANCE_M']

log = logging.getLogger(__name__)

#: How far (metres) a region's edge may lie from a Natural Earth border and
#: still count as touching it. The DCW regions (1:1M) and Natural Earth 10m
#: borders differ by up to 10.2 km along Russia-Ukraine (median 1.3 km); see data/README.md.
SNAP_TOLERANCE_M = 10_000.0

_COLUMNS = ["name", "name_alt", "code", "country", "source", "geometry"]
_STEP_M = 500.0        # border pieces are at most this long: finer than the tolerance
_CHUNK_M = 300_000.0   # one local projection per this much border: distortion < 0.02 %


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
        raise InputError(f"sort must be 'border' or 'share', got {sort!r}", hint="sort='border' lists regions "
                         "along the line; sort='share' by their share of it")
    if not np.isfinite(within_m) or within_m < 0:
        raise InputError(f"within_m must be a distance in metres >= 0, got {within_m}", hint="e.g. within_m=5_000")
    tol = SNAP_TOLERANCE_M if tolerance_m is None else float(tolerance_m)
    if not np.isfinite(tol) or tol < 0:
        raise InputError(f"tolerance_m must be a distance in metres >= 0, got {tolerance_m}",
                         hint="e.g. tolerance_m=10_000, or None for the default")
    frame = _border_regions_cached(a, b, float(within_m), tol, _generation[0]).copy()
    frame.attrs = dict(frame.attrs)
    if sort == "share":
        frame = frame.sort_values(["border_length_m", "distance_m"], ascending=[False, True], ignore_index=True)
    return frame


def border_shares(a: str, b: str) -> dict[str, tuple[float, float]]:
    """``{name: (border_length_m, border_share)}`` of the regions :func:`border_regions` lists for ``a`` and ``b``
    (default tolerance; the first row of a name), read from its cached frame without copying it: what
    :func:`geo.lookup_regions` asks of each region's borders. Any gap warning is given as there."""
    frame = _border_regions_cached(_country_code(a), _country_code(b), 0.0, SNAP_TOLERANCE_M, _generation[0])
    shares: dict[str, tuple[float, float]] = {}
    for name, length, share in zip(frame["name"].tolist(), frame["border_length_m"].tolist(),
                                   frame["border_share"].tolist(), strict=True):
        shares.setdefault(name, (float(length), float(share)))
    return shares


@functools.lru_cache(maxsize=64)
def _border_regions_cached(a: str, b: str, within_m: float, tol: float, generation: int) -> gpd.GeoDataFrame:
    line = border(a, b)
    mine = regions(a)
    lon, lat, piece_m = _pieces_of(*sorted((a, b)))  # the same line both ways: cut once
    total = float(piece_m.sum())
    owner = _owners(mine, lon, lat, piece_m, tol)
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
        warnings.warn(f"{format_distance(gap)} ({gap / total:.1%}) of the {a}-{b} border lie farther than "
                      f"{format_distance(tol)} from every region of {a}; border shares add up to "
                      f"{1 - gap / total:.1%}", GeoWarning, stacklevel=4)
    return out


@functools.lru_cache(maxsize=32)
def _pieces_of(a: str, b: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_border_pieces` of the a-b border, cached (read-only arrays)."""
    pieces = _border_pieces(border(a, b))
    for array in pieces:
        array.flags.writeable = False
    return pieces


def _border_pieces(line) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Midpoints (lon, lat) and geodesic lengths of <= 500 m pieces, from the north/west end."""
    parts = [np.asarray(p.coords)[:, :2] for p in shapely.get_parts(line) if not p.is_empty]
    first, last = parts[0][0], parts[-1][-1]
    mid_lat = np.radians((first[1] + last[1]) / 2)
    north_south = abs(first[1] - last[1]) >= abs(first[0] - last[0]) * np.cos(mid_lat)
    if (north_south and first[1] < last[1]) or (not north_south and first[0] > last[0]):
        parts = [p[::-1] for p in parts[::-1]]
    coords = np.concatenate(parts)
    last = np.cumsum([len(p) for p in parts])[:-1] - 1  # a part's last vertex starts no segment
    keep = np.setdiff1d(np.arange(len(coords) - 1), last)
    dense = densify_segments(coords[keep, 0], coords[keep, 1], coords[keep + 1, 0], coords[keep + 1, 1], _STEP_M,
                             at=0.5)  # each piece by its midpoint
    return dense.lon, dense.lat, dense.piece_m


def _owners(mine: gpd.GeoDataFrame, lon: np.ndarray, lat: np.ndarray, piece_m: np.ndarray, tol: float
            ) -> np.ndarray:
    """:func:`_assign_pieces`, read from the on-disk cache (``geo._cache``) when a run has computed it for the
    same border pieces, the same region outlines and the same tolerance."""
    outlines = hashlib.blake2b(digest_size=20)
    for wkb in shapely.to_wkb(mine.geometry.values):
        outlines.update(wkb)
    key = _cache.cache_key("border-pieces", _CHUNK_M, tol, lon.tobytes(), lat.tobytes(), outlines.digest(),
                           tuple(mine["code"].astype(str)))
    entry = _cache.load("border-regions", key)
    if entry is not None and entry.get("owner") is not None and entry["owner"].shape == lon.shape:
        return entry["owner"]
    owner = _assign_pieces(mine, lon, lat, piece_m, tol)
    _cache.store("border-regions", key, {"owner": owner})
    return owner


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
        dlon, dlat = degree_margin(tol, float(np.abs(lat[idx]).max()))
        box = (lon[idx].min() - dlon, lat[idx].min() - dlat, lon[idx].max() + dlon, lat[idx].max() + dlat)
        cand = tree.query(shapely.box(*box))
        if cand.size == 0:
            continue
        to_plane = aeqd(round(float(lon[centre]), 4), round(float(lat[centre]), 4))
        local = project(shapely.clip_by_rect(geoms[cand], *box), to_plane)
        points = shapely.points(np.column_stack(to_plane.transform(lon[idx], lat[idx])))
        (pi, gi), dist = shapely.STRtree(local).query_nearest(points, max_distance=tol, return_distance=True,
                                                              all_matches=False)
        owner[idx[pi]] = cand[gi]
    return owner


def _near_candidates(mine: gpd.GeoDataFrame, line, metres: float) -> np.ndarray:
    west, south, east, north = line.bounds
    dlon, dlat = degree_margin(metres, max(abs(south), abs(north)))
    return shapely.STRtree(mine.geometry.values).query(shapely.box(west - dlon, south - dlat,
                                                                   east + dlon, north + dlat))


def _boundary_distance(geom, line) -> float:
    """Geodesic distance (m) between a region and a border line, 0 if they meet."""
    if shapely.intersects(geom, line):
        return 0.0
    # The nearest pair in degrees only chooses where to centre a local projection;
    # the distance is measured there and then geodesically.
    lon_c, lat_c = shapely.shortest_line(line, geom).coords[0]
    to_plane = aeqd(round(lon_c, 4), round(lat_c, 4))
    pair = shapely.shortest_line(project(line, to_plane), project(geom, to_plane))
    (x0, y0), (x1, y1) = pair.coords
    lon0, lat0 = to_plane.transform(x0, y0, direction="INVERSE")
    lon1, lat1 = to_plane.transform(x1, y1, direction="INVERSE")
    return float(GEOD.inv(lon0, lat0, lon1, lat1)[2])



def regions_at_border(a: str, b: str, lon: np.ndarray, lat: np.ndarray) -> list[tuple[str, str]]:
    """The regions of both countries that meet the a-b border at these border points.

    Parameters
    ----------
    a, b:
        ISO A3 codes of the pair.
    lon, lat:
        Points on the border (e.g. each incident's nearest border point), degrees.

    Returns
    -------
    list of (country, region name)
        Without repeats, in the order first met; for each point, the region of
        each country whose edge is nearest to it (bundled regions share the
        border's vertices, so that is the region the point lies on the edge of).
    """
    found: dict[tuple[str, str], None] = {}
    points = shapely.points(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    points = points[~shapely.is_missing(points) & ~shapely.is_empty(points)]
    if points.size == 0:
        return []
    points = shapely.points(np.unique(shapely.get_coordinates(points), axis=0))
    for code in (_country_code(a), _country_code(b)):
        try:
            mine = regions(code)
        except PlaceNotFoundError:
            continue
        # Which polygon's edge is nearest only picks the region (the point is on that edge);
        # no distance is measured or reported in degrees.
        nearest = _nearest_polygon(shapely.STRtree(mine.geometry.values), points)
        _, first = np.unique(nearest, return_index=True)
        names = mine["name"].to_numpy(dtype=object)
        for i in nearest[np.sort(first)]:
            found.setdefault((code, names[int(i)]), None)
    return list(found)


#: Degrees within which a single polygon is taken as a point's nearest without measuring the others.
_ONLY_NEAR_DEG = 1e-3


def _nearest_polygon(tree: shapely.STRtree, points: np.ndarray) -> np.ndarray:
    """The tree index of the polygon nearest to each point (``query_nearest``, one match each).

    A point with exactly one polygon within :data:`_ONLY_NEAR_DEG` has that
    one as its nearest (any nearer one would be within too), found by a
    prepared within-distance test instead of measuring to the huge outlines
    near it; only the other points are measured.
    """
    pi, ri = tree.query(points, predicate="dwithin", distance=_ONLY_NEAR_DEG)
    count = np.bincount(pi, minlength=len(points))
    nearest = np.full(len(points), -1, dtype=np.int64)
    single = count[pi] == 1
    nearest[pi[single]] = ri[single]
    rest = np.flatnonzero(count != 1)
    if rest.size:
        _, nearest[rest] = tree.query_nearest(points[rest], all_matches=False)
    return nearest

