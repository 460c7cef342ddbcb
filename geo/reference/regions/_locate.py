"""Which region each point lies in, with a tolerance for points just outside every region."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import InputError, MissingCRSError
from geo.reference._pointin import first_hit
from geo.reference.countries import countries
from geo.reference.regions._along_border import SNAP_TOLERANCE_M
from geo.reference.regions._local import aeqd, degree_margin, project
from geo.reference.regions._registry import _current

__all__ = ['locate_regions']

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
    """Points inside a country that has regions, in none of them but within ``tol`` of one."""
    world = countries()
    world = world[world["iso_a3"].isin(set(frame["country"]))]
    inside = first_hit(shapely.STRtree(world.geometry.values), pts, predicate="within")
    pi = np.flatnonzero(inside >= 0)
    for p, c in zip(pi, inside[pi], strict=True):
        code = world["iso_a3"].iat[c]
        mine = frame[frame["country"] == code]
        lon, lat = pts[p].x, pts[p].y
        dlon, dlat = degree_margin(tol, abs(lat))
        cand = np.flatnonzero(shapely.intersects(mine.geometry.values,
                                                 shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)))
        if cand.size == 0:
            continue
        to_plane = aeqd(round(lon, 5), round(lat, 5))
        dist = shapely.distance(project(mine.geometry.values[cand], to_plane), shapely.Point(0.0, 0.0))
        best = int(np.argmin(dist))
        if dist[best] <= tol:
            yield p, mine["name"].iat[cand[best]]

