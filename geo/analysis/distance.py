"""Exact geodesic distance from points to a border, on one machine or (lazily) with dask.

Every distance is measured on the WGS84 ellipsoid with GeographicLib's
algorithms (through :class:`pyproj.Geod`), never in degrees or a projection.
Coordinates are (lon, lat) in EPSG:4326; distances metres; azimuths degrees
clockwise from true north in [0, 360).

A border segment between two vertices is the **geodesic** between them. For
the Natural Earth 10m Russia-Ukraine border (segments up to 16 km, median
2 km) this differs from a straight line drawn in lon/lat by at most a few
metres, and by centimetres on most segments.

Examples
--------
>>> import geopandas as gpd, geo
>>> belgorod = gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.58091], [50.60343]), crs="EPSG:4326")
>>> result = geo.distance_to_border(belgorod, ("RUS", "UKR"))
>>> round(float(result["border_distance_m"].iloc[0]) / 1000, 1)
35.4"""

from __future__ import annotations

import logging
from collections.abc import Callable

import geopandas as gpd
import pandas as pd

from geo.analysis._border_index import BorderSpec
from geo.analysis._measure import measure_to_border

__all__ = ["distance_to_border"]

log = logging.getLogger(__name__)




# --------------------------------------------------------------------------- distance

def distance_to_border(points: gpd.GeoDataFrame, border: BorderSpec, *,
                       progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """Exact geodesic distance from each point to the nearest point of a border.

    Parameters
    ----------
    points:
        GeoDataFrame (or GeoSeries) of Points in any CRS (reprojected to
        EPSG:4326). An ``uncertainty_m`` column (metres) adds distance bounds.
        A ``dask_geopandas.GeoDataFrame`` gives a lazy dask DataFrame of the
        same columns, computed per partition (see :mod:`geo.analysis.distributed`).
    border:
        A (Multi)LineString in (lon, lat); a GeoDataFrame of lines; a pair of
        ISO A3 codes such as ``("RUS", "UKR")`` or the string ``"RUS-UKR"``;
        or ``"nearest"`` for the nearest international land border of any
        country pair.
    progress:
        Called as ``progress(n)`` after each batch of ``n`` points.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``points``:

        ``border_distance_m``
            metres on the WGS84 ellipsoid to the nearest border point
            (accurate to millimetres; 0 on the border).
        ``border_lon``, ``border_lat``
            that nearest point, degrees (placed to within 1 m along the
            border; its distance is exact to 1 mm).
        ``border_bearing_deg``
            azimuth at the point towards it, degrees clockwise from north;
            NaN on the border (closer than 1 mm), where it is undefined.
        ``border_distance_min_m``, ``border_distance_max_m``
            only with ``uncertainty_m``: ``max(0, d - r)`` and ``d + r``, the
            bounds for a site anywhere within ``r`` of the point (the maximum is
            exact for a straight border, conservative for a bent one). NaN
            where the radius is missing: an unknown radius is not zero.
        ``border_countries``
            with ``border="nearest"`` (or lines with a ``countries`` column):
            the pair measured to, e.g. ``"RUS-UKR"``.
        ``border_side``, ``border_side_uncertain``
            when the border is a pair of countries: the one of the two whose
            polygon holds the point (``None`` at sea or in a third country),
            and True within 2 km of the line (:data:`geo.analysis.side.SIDE_UNCERTAIN_M`),
            where the 1:10m border may put a village on the wrong side.

    Raises
    ------
    MissingCRSError
        If ``points`` has no CRS.
    InputError
        For non-point or missing geometries, a negative radius, or a border
        that cannot be read; UnknownCountryError / NoSharedBorderError for
        bad country codes.

    Examples
    --------
    >>> import geopandas as gpd, geo
    >>> pts = gpd.GeoDataFrame({"uncertainty_m": [8000.0]},
    ...                        geometry=gpd.points_from_xy([36.58091], [50.60343]), crs="EPSG:4326")
    >>> out = geo.distance_to_border(pts, "RUS-UKR")
    >>> float(round(out.border_distance_min_m.iloc[0] / 1000, 1)), geo.compass_point(out.border_bearing_deg.iloc[0])
    (27.4, 'S')
    >>> geo.distance_to_border(pts, "nearest").border_countries.iloc[0]
    'RUS-UKR'
    """
    from geo.analysis.distributed import is_dask_frame

    if is_dask_frame(points):
        from geo.analysis.distributed import distance_to_border_dask

        return distance_to_border_dask(points, border)
    return measure_to_border(points, border, progress=progress)
