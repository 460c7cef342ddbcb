"""Which country and first-level region each point lies in."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.analysis._border_index import points_lonlat
from geo.reference.countries import country_at
from geo.reference.regions import locate_in_countries

__all__ = ['locate']

def locate(points: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.DataFrame:
    """The country each point lies in.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``points``, column ``country``: ISO A3 code of the
        Natural Earth 10m country containing the point, ``None`` at sea (or
        in Antarctica's ice shelves where Natural Earth has no land). A point
        exactly on a shared border gets the first code alphabetically.
        Polygon edges are read as straight lines in lon/lat, as Natural
        Earth draws them. Columns ``region`` and ``region_code``: the
        first-level region (Natural Earth admin-1 of the country the point
        lies in, e.g. ``"Kharkiv Oblast"``, ``"UA-63"``; Crimea's under the
        bundled point of view), ``None`` at sea.

    Examples
    --------
    >>> import geopandas as gpd, geo
    >>> pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.58, 36.23, 30.0], [50.60, 49.99, 43.0]),
    ...                        crs="EPSG:4326")
    >>> geo.locate(pts).country.tolist()
    ['RUS', 'UKR', None]
    >>> geo.locate(pts).region_code.tolist()
    ['RU-BEL', 'UA-63', None]
    """
    lon, lat = points_lonlat(points)
    wrapped = ((lon + 180.0) % 360.0) - 180.0
    values = country_at(wrapped, lat)
    names, codes = locate_in_countries(wrapped, lat, values)
    return pd.DataFrame({"country": pd.Series(values, index=points.index, dtype=object),
                         "region": pd.Series(names, index=points.index, dtype=object),
                         "region_code": pd.Series(codes, index=points.index, dtype=object)})
