"""The single-machine distance engine behind :func:`geo.distance_to_border`.

Also what each dask partition runs (:mod:`geo.analysis.distributed`), so both
engines give the same values bit for bit.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis import _segments
from geo.analysis._border_index import BorderSpec, index_for, is_nearest, points_lonlat, uncertainty_radius
from geo.analysis.side import SideOnlyLabels, border_side
from geo.errors import GeoWarning

__all__ = ["measure_to_border", "with_measured", "ON_BORDER_M"]

#: Below this distance (m) a point is on the border and has no bearing to it.
ON_BORDER_M = 1e-3


def measure_to_border(points: gpd.GeoDataFrame | gpd.GeoSeries, border: BorderSpec, *,
                      progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """:func:`geo.distance_to_border` for an in-memory frame (see there for the columns)."""
    lon, lat = points_lonlat(points)
    radius = uncertainty_radius(points)
    index = index_for(border)
    measured = _segments.measure(index, lon, lat, progress=progress)
    frame = pd.DataFrame({
        "border_distance_m": measured.distance_m,
        "border_lon": measured.lon,
        "border_lat": measured.lat,
        "border_bearing_deg": np.where(measured.distance_m < ON_BORDER_M, np.nan, measured.bearing_deg),
    }, index=points.index)
    labels = np.asarray(index.labels, dtype=object)
    if any(index.labels):  # a pair of countries: which of the two holds each point, next to the distance
        frame["border_side"], frame["border_side_uncertain"] = border_side(lon, lat, labels[measured.label],
                                                                           measured.distance_m)
    if radius is not None:
        frame["border_distance_min_m"] = np.maximum(0.0, measured.distance_m - radius)
        frame["border_distance_max_m"] = measured.distance_m + radius
    reports = not isinstance(index.labels, SideOnlyLabels)
    if reports and any(index.labels) and (not isinstance(border, (str, tuple, list)) or is_nearest(border)):
        frame["border_countries"] = labels[measured.label]
    return frame


def with_measured(points: Any, measured: Any, *, source: str | None = None, warn: bool = True) -> Any:
    """``points`` with the measured columns added; input columns of the same names are replaced.

    The one merge of measured columns into their input, for the CLI, the
    dask engine's partitions and its metadata. ``warn`` says which columns
    were replaced (a :class:`~geo.errors.GeoWarning` naming ``source``).
    """
    clash = [c for c in measured.columns if c in points.columns]
    if clash and warn:
        warnings.warn(f"{source or 'points'}: replacing existing column(s) {', '.join(map(str, clash))} "
                      "with new values", GeoWarning, stacklevel=3)
    result = points.drop(columns=clash)
    for column in measured.columns:
        result[column] = measured[column]
    return result
