"""Borders as the engine needs them: resolved lines, a cached segment index, points in lon/lat."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.analysis import _segments
from geo.errors import InputError, MissingCRSError, rows_label
from geo.reference.countries import NEAREST, land_borders, parse_border
from geo.reference.countries import border as _country_border

__all__ = ['border_lines', 'index_for', 'is_nearest', 'points_lonlat', 'uncertainty_radius', 'BorderSpec']

BorderSpec = Any  # LineString | MultiLineString | GeoDataFrame | GeoSeries | (str, str) | str


def points_lonlat(points: gpd.GeoDataFrame | gpd.GeoSeries, *, what: str = "points"
                   ) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) arrays of a point layer, after checking CRS and geometry type."""
    if not isinstance(points, (gpd.GeoDataFrame, gpd.GeoSeries)):
        raise InputError(f"{what} must be a GeoDataFrame of points, got {type(points).__name__}",
                         hint="build one with geopandas.GeoDataFrame(df, geometry=geopandas.points_from_xy("
                              "df.lon, df.lat), crs='EPSG:4326') or read it with geo.read_table")
    geometry = points.geometry if isinstance(points, gpd.GeoDataFrame) else points
    if geometry.crs is None:
        raise MissingCRSError(f"{what} have no coordinate reference system",
                              hint="set one, e.g. frame.set_crs('EPSG:4326') for lon/lat degrees")
    if not geometry.crs.equals("EPSG:4326") and geometry.crs.to_epsg() != 4326:
        geometry = geometry.to_crs(4326)
    values = geometry.values
    missing = np.asarray(shapely.is_missing(values) | shapely.is_empty(values))
    if missing.any():
        raise InputError(f"{what} have missing or empty geometries", location=rows_label(missing),
                         hint="drop those rows or give them coordinates")
    kinds = np.asarray(shapely.get_type_id(values))
    if (kinds != 0).any():
        bad = kinds != 0
        raise InputError(f"{what} must be Points; found {geometry[bad].geom_type.iloc[0]}", location=rows_label(bad),
                         hint="use centroids (frame.geometry.centroid) or representative points for areas")
    coords = shapely.get_coordinates(values)
    lon, lat = coords[:, 0], coords[:, 1]
    bad = ~(np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90) & (np.abs(lon) <= 540))
    if bad.any():
        raise InputError(f"{what} have coordinates that are not valid lon/lat degrees", location=rows_label(bad),
                         hint="check the CRS: lon must be -180..180 and lat -90..90")
    return lon, lat


def _check_lonlat_line(geometry: shapely.Geometry) -> None:
    coords = shapely.get_coordinates(geometry)
    if coords.size and (np.abs(coords[:, 1]).max() > 90 or np.abs(coords[:, 0]).max() > 540):
        raise InputError("border coordinates are not lon/lat degrees (shapely geometries carry no CRS)",
                         hint="pass a GeoDataFrame with its CRS, or reproject the line to EPSG:4326")


def border_lines(border: BorderSpec) -> tuple[list[shapely.Geometry], list[str]]:
    """Resolve a border argument into line geometries (EPSG:4326) and their labels.

    Accepts a (Multi)LineString in lon/lat, a GeoDataFrame or GeoSeries of
    lines (any CRS; a ``countries`` column becomes the labels), a pair of ISO
    A3 codes in any form :func:`geo.parse_border` reads (``"RUS-UKR"``,
    ``"RUS UKR"``, ``("RUS", "UKR")``, ...), or ``"nearest"`` for every
    international land border.
    """
    if isinstance(border, (str, tuple, list)):
        pair = parse_border(border)
        if pair == NEAREST:
            table = land_borders()
            return list(table.geometry), list(table["countries"])
        a, b = sorted(pair)
        return [_country_border(a, b)], [f"{a}-{b}"]
    if isinstance(border, (gpd.GeoDataFrame, gpd.GeoSeries)):
        series = border.geometry if isinstance(border, gpd.GeoDataFrame) else border
        if series.crs is None:
            raise MissingCRSError("the border lines have no coordinate reference system",
                                  hint="set one, e.g. lines.set_crs('EPSG:4326')")
        series = series.to_crs(4326)
        labels = (list(border["countries"].astype(str)) if isinstance(border, gpd.GeoDataFrame)
                  and "countries" in border.columns else [""] * len(series))
        keep = [i for i, g in enumerate(series) if g is not None and not g.is_empty]
        lines = [series.iloc[i] for i in keep]
        _check_line_types(lines)
        return lines, [labels[i] for i in keep]
    if isinstance(border, shapely.Geometry):
        _check_line_types([border])
        _check_lonlat_line(border)
        return [border], [""]
    raise InputError(f"cannot use a {type(border).__name__} as a border",
                     hint="pass a LineString, a GeoDataFrame of lines, ('RUS', 'UKR'), 'RUS-UKR' or 'nearest'")


def _check_line_types(lines: Sequence[shapely.Geometry]) -> None:
    for i, line in enumerate(lines):
        if line.geom_type not in ("LineString", "MultiLineString", "LinearRing"):
            hint = "use polygon.boundary for a polygon's outline" if "Polygon" in line.geom_type else None
            raise InputError(f"border feature {i + 1} is a {line.geom_type}, not a line", hint=hint)
    if not lines:
        raise InputError("the border has no line features", hint="pass at least one LineString")


@functools.lru_cache(maxsize=16)
def _cached_index(key: str) -> _segments.BorderIndex:
    lines, labels = border_lines(key)
    return _segments.build_index(lines, labels)


@functools.lru_cache(maxsize=16)
def border_set_index(pairs: tuple[str, ...]) -> _segments.BorderIndex:
    """The distance index of several borders (``("RUS-UKR", "BLR-UKR")``), built once per set.

    Pass it to :func:`geo.distance_to_border` as the border; its labels are the pairs.
    """
    lines, labels = [], []
    for pair in pairs:
        found, names = border_lines(pair)
        lines += found
        labels += names
    return _segments.build_index(lines, labels)


def index_for(border: BorderSpec) -> _segments.BorderIndex:
    if isinstance(border, _segments.BorderIndex):  # prepared once, e.g. broadcast to dask workers
        return border
    if isinstance(border, (str, tuple, list)):
        pair = parse_border(border)  # one canonical key per border, however it was written
        return _cached_index(pair if pair == NEAREST else "-".join(sorted(pair)))
    lines, labels = border_lines(border)
    return _segments.build_index(lines, labels)


# --------------------------------------------------------------------------- distance

def is_nearest(border: BorderSpec) -> bool:
    return isinstance(border, str) and border.strip().casefold() == NEAREST


def uncertainty_radius(points: gpd.GeoDataFrame | gpd.GeoSeries) -> np.ndarray | None:
    if not isinstance(points, gpd.GeoDataFrame) or "uncertainty_m" not in points.columns:
        return None
    radius = pd.to_numeric(points["uncertainty_m"], errors="coerce").to_numpy(dtype=float)
    bad = (radius < 0) | np.isinf(radius)
    text_bad = points["uncertainty_m"].notna().to_numpy() & np.isnan(radius)
    if bad.any() or text_bad.any():
        raise InputError("uncertainty_m must be a number of metres >= 0", location=rows_label(bad | text_bad),
                         hint="give the radius in metres (e.g. 5000), or leave it empty when unknown")
    return radius


# --------------------------------------------------------------------------- bands

