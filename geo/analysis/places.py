"""Nearest towns of each point, and how to say where a point lies from one."""

from __future__ import annotations

import functools
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo._format import compass_point, compass_points, format_approx_distance
from geo.analysis import _segments
from geo.analysis._border_index import points_lonlat
from geo.errors import InputError
from geo.geodesy import GEOD
from geo.reference.gazetteer import shared_places as places

__all__ = ['nearest_places', 'place_phrase']

@functools.lru_cache(maxsize=4)
def _town_tree(min_population: int):
    from scipy.spatial import cKDTree

    towns = places(min_population=min_population, alternate_names=False)
    xyz = _segments.ecef(towns["lon"].to_numpy(), towns["lat"].to_numpy())
    return towns, cKDTree(xyz)


def place_phrase(distance_m: float, bearing_deg: float, name: str) -> str:
    """How far and which way a point lies from a town: ``"34 km SW of Belgorod"``.

    ``bearing_deg`` is the azimuth from the town to the point. Under 1 km the
    distance is given in metres rounded to 100 m (``"400 m N of Belgorod"``);
    under 50 m the point is ``"at Belgorod"``.

    >>> place_phrase(34_200, 225, "Belgorod"), place_phrase(420, 10, "Shebekino"), place_phrase(20, 0, "Kharkiv")
    ('34 km SW of Belgorod', '400 m N of Shebekino', 'at Kharkiv')
    """
    if not np.isfinite(distance_m):
        return ""
    if distance_m < 50:
        return f"at {name}"
    return f"{format_approx_distance(distance_m)} {compass_point(bearing_deg)} of {name}"


def _place_phrases(distance_m: np.ndarray, bearing_deg: np.ndarray, names: np.ndarray) -> np.ndarray:
    """:func:`place_phrase` of many points at once (same rounding, same words)."""
    d = np.asarray(distance_m, dtype="float64")
    name = pd.Series(names, dtype=object).astype(str).to_numpy(dtype=object)
    finite = np.isfinite(d)
    safe = np.where(finite, d, 0.0)
    direction = compass_points(bearing_deg).astype(object)
    metres = np.round(safe, -2).astype("int64").astype(str).astype(object)
    km = np.maximum(1, np.round(safe / 1000)).astype("int64").astype(str).astype(object)
    out = np.where(safe < 950, metres + " m ", km + " km ") + direction + " of " + name
    out = np.where(safe < 50, "at " + name, out)
    return np.where(finite, out, "").astype(object)


def nearest_places(points: gpd.GeoDataFrame | gpd.GeoSeries, k: int = 3, *,
                   min_population: int | None = None) -> pd.DataFrame:
    """The ``k`` nearest gazetteer towns of each point, by geodesic distance.

    Parameters
    ----------
    points:
        Points in any CRS.
    k:
        Towns per point.
    min_population:
        Smallest town considered; defaults to ``geo.settings.places_min_population``.

    Returns
    -------
    pandas.DataFrame
        ``k`` rows per point, nearest first: ``point`` (index label of the
        input point), ``rank`` (1..k), ``name``, ``country`` (ISO A3),
        ``population``, ``distance_m`` (ellipsoidal), ``bearing_deg``
        (azimuth from the town to the point), ``phrase`` (see
        :func:`place_phrase`), town ``lon``, ``lat``.

    Examples
    --------
    >>> import geopandas as gpd, geo
    >>> pt = gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.3], [50.4]), crs="EPSG:4326")
    >>> geo.nearest_places(pt, k=1, min_population=100_000).phrase.iloc[0]
    '30 km SW of Belgorod'
    """
    from geo.settings import settings

    if int(k) < 1:
        raise InputError(f"k must be at least 1, got {k}")
    k = int(k)
    size = settings.places_min_population if min_population is None else int(min_population)
    lon, lat = points_lonlat(points)
    towns, tree = _town_tree(size)
    k = min(k, len(towns))
    town, distance, bearing = _k_nearest_towns(lon, lat, k, towns, tree)
    names = towns["name"].to_numpy()[town]
    return pd.DataFrame({
        "point": np.repeat(np.asarray(points.index, dtype=object), k),
        "rank": np.tile(np.arange(1, k + 1), lon.size),
        "name": names,
        "country": towns["country"].to_numpy()[town],
        "population": towns["population"].to_numpy()[town],
        "distance_m": distance,
        "bearing_deg": bearing,
        "phrase": _place_phrases(distance, bearing, names),
        "lon": towns["lon"].to_numpy()[town],
        "lat": towns["lat"].to_numpy()[town],
    })


def _k_nearest_towns(lon: np.ndarray, lat: np.ndarray, k: int, towns: gpd.GeoDataFrame, tree: Any
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flat (town row, distance m, azimuth town->point) arrays, k per point, nearest first.

    Candidates come from the KD-tree by chord; a chord never exceeds the
    geodesic, so once the k-th geodesic distance is below the farthest
    candidate's chord, no town outside the candidates can be nearer. Points
    where that is not proven are searched again, wider.
    """
    tlon, tlat = towns["lon"].to_numpy(), towns["lat"].to_numpy()
    town = np.zeros((lon.size, k), dtype=np.int64)
    distance, bearing = np.zeros((lon.size, k)), np.zeros((lon.size, k))
    rows, width = np.arange(lon.size), min(k + 8, len(towns))
    while rows.size:
        chord, idx = tree.query(_segments.ecef(lon[rows], lat[rows]), k=width)
        chord, idx = chord.reshape(rows.size, width), idx.reshape(rows.size, width)
        az, _, dist = GEOD.inv(tlon[idx].ravel(), tlat[idx].ravel(), np.repeat(lon[rows], width),
                               np.repeat(lat[rows], width))
        dist, az = np.asarray(dist).reshape(rows.size, width), np.asarray(az).reshape(rows.size, width)
        order = np.argsort(dist, axis=1, kind="stable")[:, :k]
        town[rows] = np.take_along_axis(idx, order, axis=1)
        distance[rows] = np.take_along_axis(dist, order, axis=1)
        bearing[rows] = np.mod(np.take_along_axis(az, order, axis=1), 360.0)
        proven = (distance[rows, -1] <= chord[:, -1]) | (width >= len(towns))
        rows, width = rows[~proven], min(len(towns), width * 8)
    return town.ravel(), distance.ravel(), bearing.ravel()


# --------------------------------------------------------------------------- countries

