"""Nearest towns of each point, and how to say where a point lies from one."""

from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor

import geopandas as gpd
import numpy as np
import pandas as pd

from geo._format import compass_indices, compass_point, format_approx_distance
from geo.analysis import _segments
from geo.analysis._border_index import points_lonlat
from geo.analysis._nearest import ChordIndex
from geo.errors import InputError
from geo.geodesy import GEOD
from geo.reference.gazetteer import place_arrays, place_values

__all__ = ['nearest_places', 'place_phrase']

#: Point-town pairs from which geodesic measuring is split across the cores (pyproj releases the GIL while it
#: measures; below this, starting threads costs more than it saves).
_PARALLEL_PAIRS = 50_000

#: Up to this many distinct towns found, their names and countries are read from the gazetteer row groups
#: holding them (a few thousand rows each) instead of as columns of every town (200,000 Python strings,
#: most of a first map's nearest-town search).
_FEW_TOWNS = 1_000


@functools.lru_cache(maxsize=4)
def _town_tree(min_population: int) -> tuple[dict[str, np.ndarray], ChordIndex]:
    """The gazetteer's coordinates and populations as numpy arrays (converted once, not per call) and an
    index of its ECEF points."""
    columns = place_arrays("lon", "lat", "population", min_population=min_population)
    return columns, ChordIndex(_segments.ecef(columns["lon"], columns["lat"]))


def _town_labels(town: np.ndarray, min_population: int) -> tuple[np.ndarray, np.ndarray]:
    """(name, country) of each town row in ``town``: only those rows' row groups when there are few."""
    found, at = np.unique(town, return_inverse=True)
    if found.size <= _FEW_TOWNS:
        values = place_values(found, "name", "country")
        return values["name"][at], values["country"][at]
    columns = place_arrays("name", "country", min_population=min_population)
    return columns["name"][town], columns["country"][town]


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
    """:func:`place_phrase` of many points at once (same rounding, same words), as an object array of str.

    Distances round to a few hundred distinct labels and there are eight
    directions, so each distinct "34 km SW of " is worded once and the town
    name appended to it (one string concatenation per point).
    """
    d = np.asarray(distance_m, dtype="float64").ravel()
    finite = np.isfinite(d)
    safe = np.where(finite, d, 0.0)
    # One integer per distance wording: 0 "at", 1..950 metres (rounded to 100 m) + 1, 1001.. kilometres + 1000.
    size = np.where(safe < 950, np.round(safe, -2).astype("int64") + 1,
                    1000 + np.maximum(1, np.round(safe / 1000)).astype("int64"))
    size[safe < 50] = 0
    direction = compass_indices(bearing_deg)
    key = size * 9 + direction
    present = np.zeros(int(key.max(initial=0)) + 1, dtype=np.int64)
    present[key] = 1
    slot = np.cumsum(present) - 1
    words = np.array([_wording(int(k)) for k in np.flatnonzero(present)], dtype=object)
    out = words[slot[key]] + np.asarray(names, dtype=object).ravel()
    out[~finite] = ""
    return out


def _wording(key: int) -> str:
    """The words before the town name for one key of :func:`_place_phrases`."""
    size, direction = divmod(key, 9)
    point = _COMPASS_WORDS[direction]
    if size == 0:
        return "at "
    return f"{size - 1} m {point} of " if size <= 1000 else f"{size - 1000} km {point} of "


_COMPASS_WORDS = [*(compass_point(45.0 * i) for i in range(8)), ""]


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
    k = min(k, len(towns["lon"]))
    town, distance, bearing = _k_nearest_towns(lon, lat, k, towns, tree)
    names, countries = _town_labels(town, size)

    def text(values: np.ndarray) -> pd.Series:  # object columns as built: no conversion to another string type
        return pd.Series(values, dtype=object, copy=False)

    return pd.DataFrame({
        "point": np.repeat(np.asarray(points.index, dtype=object), k),
        "rank": np.tile(np.arange(1, k + 1), lon.size),
        "name": text(names),
        "country": text(countries),
        "population": towns["population"][town],
        "distance_m": distance,
        "bearing_deg": bearing,
        "phrase": text(_place_phrases(distance, bearing, names)),
        "lon": towns["lon"][town],
        "lat": towns["lat"][town],
    })


def _k_nearest_towns(lon: np.ndarray, lat: np.ndarray, k: int, towns: dict[str, np.ndarray], tree: ChordIndex
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flat (town row, distance m, azimuth town->point) arrays, k per point, nearest first.

    The index gives the k + 1 nearest towns by chord; only the first k are
    measured on the ellipsoid. A chord never exceeds the geodesic, so when the
    k-th geodesic distance is below the (k+1)-th chord no other town can be
    nearer, and the k are the k nearest. Points where that is not proven
    (towns almost equidistant) are searched again, wider, measuring every
    candidate.
    """
    n_towns = len(towns["lon"])
    tlon, tlat = towns["lon"], towns["lat"]
    town = np.zeros((lon.size, k), dtype=np.int64)
    distance, bearing = np.zeros((lon.size, k)), np.zeros((lon.size, k))
    rows, width, measured = np.arange(lon.size), min(k + 1, n_towns), k
    while rows.size:
        chord, idx = tree.query(_segments.ecef(lon[rows], lat[rows]), k=width, workers=-1)
        chord, idx = chord.reshape(rows.size, width), idx.reshape(rows.size, width)
        cand = idx[:, :measured]
        az, dist = _inverse(tlon[cand].ravel(), tlat[cand].ravel(), np.repeat(lon[rows], measured),
                            np.repeat(lat[rows], measured))
        dist, az = dist.reshape(rows.size, measured), az.reshape(rows.size, measured)
        # Chord order is almost always geodesic order: sort only the rows where it is not.
        sort = np.flatnonzero((np.diff(dist, axis=1) < 0).any(axis=1)) if measured == k else np.arange(rows.size)
        if measured == k:
            town[rows], distance[rows], bearing[rows] = cand, dist, np.mod(az, 360.0)
        order = np.argsort(dist[sort], axis=1, kind="stable")[:, :k]
        town[rows[sort]] = np.take_along_axis(cand[sort], order, axis=1)
        distance[rows[sort]] = np.take_along_axis(dist[sort], order, axis=1)
        bearing[rows[sort]] = np.mod(np.take_along_axis(az[sort], order, axis=1), 360.0)
        proven = (measured >= n_towns) | (distance[rows, -1] <= chord[:, -1])
        rows = rows[~proven]
        width = min(n_towns, width * 8)
        measured = width
    return town.ravel(), distance.ravel(), bearing.ravel()


def _inverse(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(azimuth 1->2 in degrees, distance in m) on the WGS84 ellipsoid, the pairs split across the cores.

    The arrays are temporaries (overwritten in place). Each pair is measured by
    the same ``GEOD.inv`` call whichever part it falls in: the same values as
    one call over all of them.
    """
    parts = min(os.cpu_count() or 1, 4) if lon1.size >= _PARALLEL_PAIRS else 1
    if parts == 1:
        az, _, dist = GEOD.inv(lon1, lat1, lon2, lat2, inplace=True)
        return np.asarray(az), np.asarray(dist)
    bounds = np.linspace(0, lon1.size, parts + 1).astype(int)
    pieces = [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

    def measure(part: slice) -> None:  # in place: az into lon1, back azimuth into lat1, distance into lon2
        GEOD.inv(lon1[part], lat1[part], lon2[part], lat2[part], inplace=True)

    with ThreadPoolExecutor(parts, thread_name_prefix="geo-geodesic") as pool:
        list(pool.map(measure, pieces))
    return lon1, lon2


# --------------------------------------------------------------------------- countries

