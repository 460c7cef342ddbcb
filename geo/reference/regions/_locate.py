"""Which region each point lies in, with a tolerance for points just outside every region."""

from __future__ import annotations

import functools

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import InputError, MissingCRSError
from geo.geodesy import GEOD
from geo.reference._pointin import first_hit, first_hit_xy
from geo.reference.countries import countries
from geo.reference.regions._along_border import SNAP_TOLERANCE_M
from geo.reference.regions._registry import _country_regions, _current, _generation

__all__ = ['locate_regions', 'locate_in_countries']

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
    first = first_hit(_region_tree(frame), pts[valid], predicate="within")
    where = np.flatnonzero(valid)
    result[where[first >= 0]] = names[first[first >= 0]]  # the first region a point lies in wins
    missing = np.flatnonzero(valid & pd.isna(result))
    if missing.size and tol > 0:
        for i, name in _snap_to_regions(pts[missing], frame, tol):
            result[missing[i]] = name
    return pd.Series(result, index=geoms.index, name="region", dtype=object)


_TREE: list[tuple[gpd.GeoDataFrame, shapely.STRtree]] = []


def _region_tree(frame: gpd.GeoDataFrame) -> shapely.STRtree:
    """The STRtree of the region table ``frame``, built once while that table is the current one."""
    if not _TREE or _TREE[0][0] is not frame:
        _TREE[:] = [(frame, shapely.STRtree(frame.geometry.values))]
    return _TREE[0][1]


def _snap_to_regions(pts: np.ndarray, frame: gpd.GeoDataFrame, tol: float):
    """Points inside a country that has regions, in none of them but within ``tol`` of one.

    Yields (index into ``pts``, region name), the nearest region of the point's
    own country. Vectorised over the points: candidates by bounding box; the
    nearest edge point found in lon/lat scaled by the cosine of the point's
    latitude (1-degree bands, within 2% of true proportions there), and the
    distance to it measured on the ellipsoid.
    """
    world = countries()
    world = world[world["iso_a3"].isin(set(frame["country"]))]
    inside = first_hit(shapely.STRtree(world.geometry.values), pts, predicate="within")
    pi = np.flatnonzero(inside >= 0)
    if not pi.size:
        return
    code = world["iso_a3"].to_numpy()[inside[pi]]
    lon, lat = shapely.get_x(pts[pi]), shapely.get_y(pts[pi])
    dlat = tol / 110_000.0 + 0.01
    dlon = tol / (111_000.0 * np.maximum(np.cos(np.radians(np.minimum(np.abs(lat), 89.0))), 0.01)) + 0.01
    bi, ri = _region_tree(frame).query(shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat),
                                       predicate="intersects")
    keep = frame["country"].to_numpy()[ri] == code[bi]
    bi, ri = bi[keep], ri[keep]
    if not bi.size:
        return
    band = np.round(lat[bi])
    dist = np.full(bi.size, np.inf)
    regions = frame.geometry.values
    for b in np.unique(band):
        sel = np.flatnonzero(band == b)
        k = float(np.cos(np.radians(b)))
        squeeze = np.array([k, 1.0])
        used, where = np.unique(ri[sel], return_inverse=True)
        scaled = shapely.transform(regions[used], functools.partial(np.multiply, squeeze))
        points = shapely.points(lon[bi[sel]] * k, lat[bi[sel]])
        foot = shapely.get_point(shapely.shortest_line(scaled[where], points), 0)
        dist[sel] = GEOD.inv(shapely.get_x(foot) / k, shapely.get_y(foot), lon[bi[sel]], lat[bi[sel]])[2]
    order = np.lexsort((dist, bi))
    firsts = order[np.r_[True, bi[order][1:] != bi[order][:-1]]]
    names = frame["name"].to_numpy()
    for j in firsts[dist[firsts] <= tol]:
        yield int(pi[bi[j]]), names[ri[j]]


#: Countries with at most this many regions are searched on coordinates (:func:`first_hit_xy`), more
#: through the tree (Russia has 83, Ukraine 27; a registered layer of districts may have hundreds).
_XY_REGIONS = 128


def locate_in_countries(lon: np.ndarray, lat: np.ndarray, country: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Region name and code of points whose country is already known, searching only that country's regions.

    What :func:`geo.locate` uses: a point found in Ukraine is looked up among
    Ukraine's 27 regions, not the world's 4,595, and only the countries the
    points fall in are read (one country's regions load alone). Points in no
    region of their country get the nearest within :data:`SNAP_TOLERANCE_M`
    (:func:`locate_regions`' rule); ``None`` where the country is ``None`` or
    has no regions.

    Parameters
    ----------
    lon, lat:
        Points, degrees (EPSG:4326).
    country:
        ISO A3 code of the country holding each point, or ``None``.

    Returns
    -------
    (names, codes) : two object arrays
    """
    names = np.full(len(lon), None, dtype=object)
    codes = np.full(len(lon), None, dtype=object)
    country = np.asarray(country, dtype=object)
    present = [c for c in pd.unique(country[pd.notna(country)])]
    for code in present:
        mine, tree = _country_tree(str(code), _generation[0])
        if mine.empty:
            continue
        rows = np.flatnonzero(country == code)
        if len(mine) <= _XY_REGIONS:
            first = first_hit_xy(mine.geometry.values, lon[rows], lat[rows], predicate="within")
        else:
            first = first_hit(tree, shapely.points(lon[rows], lat[rows]), predicate="within")
        hit = first >= 0
        names[rows[hit]] = mine["name"].to_numpy()[first[hit]]
        codes[rows[hit]] = mine["code"].to_numpy()[first[hit]]
        missing = rows[~hit]
        if missing.size:
            pts = shapely.points(lon[missing], lat[missing])
            for i, name in _snap_to_regions(pts, mine.reset_index(drop=True), SNAP_TOLERANCE_M):
                names[missing[i]] = name
                codes[missing[i]] = mine.loc[mine["name"] == name, "code"].iat[0]
    return names, codes


@functools.lru_cache(maxsize=64)
def _country_tree(code: str, generation: int) -> tuple[gpd.GeoDataFrame, shapely.STRtree | None]:
    """One country's regions and their tree, while the registry stays at ``generation``."""
    mine = _country_regions(code).reset_index(drop=True)
    return mine, (shapely.STRtree(mine.geometry.values) if len(mine) else None)
