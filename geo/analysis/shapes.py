"""Distance to a border for any geometry: points exactly, lines and polygons from their nearest point.

A polygon (a damage area) or a line (a trench, a road) is as close to a
border as its nearest point. geo samples each shape's edges at most
:data:`SAMPLE_DEG` apart (about 56 m) and measures every sample exactly
(:func:`geo.distance_to_border`); the smallest distance wins and its sample
is the shape's nearest point. The true nearest point of the shape lies
between two samples, so the distance is at most half a sample spacing
(about 28 m) too long; a shape that touches or crosses the border measures 0.
Sampling uses degrees only to place the samples; every distance is geodesic.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

__all__ = ["distance_to_border_any", "SAMPLE_DEG"]

#: Largest gap between samples along a shape's edges, degrees (about 56 m of latitude).
SAMPLE_DEG = 0.0005


def distance_to_border_any(frame: gpd.GeoDataFrame, border, *,  # noqa: ANN001 - a BorderSpec
                           progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """:func:`geo.distance_to_border` for points, lines and polygons alike.

    Returns the same columns, indexed like ``frame``. For lines and polygons
    ``border_lon``/``border_lat`` is the border point nearest the shape and
    ``border_nearest_lon``/``border_nearest_lat`` the shape's own nearest
    point; their ``uncertainty_m`` (if any) widens the min/max as for points.
    """
    from geo.analysis.distance import distance_to_border

    frame = frame.to_crs(4326) if frame.crs is not None and frame.crs.to_epsg() != 4326 else frame
    geoms = frame.geometry.values
    is_point = shapely.get_type_id(geoms) == 0
    if is_point.all():
        return distance_to_border(frame, border, progress=progress)
    shapes = np.flatnonzero(~is_point)
    samples, owner = _samples(geoms[shapes])
    extra = {"uncertainty_m": frame["uncertainty_m"].to_numpy()[shapes][owner]} if "uncertainty_m" in frame else {}
    probe = gpd.GeoDataFrame(extra, geometry=gpd.points_from_xy(samples[:, 0], samples[:, 1]), crs="EPSG:4326")
    if is_point.any():
        points = frame.iloc[np.flatnonzero(is_point)]
        probe = pd.concat([gpd.GeoDataFrame(
            {k: points[k].to_numpy() for k in extra}, geometry=points.geometry.values, crs="EPSG:4326"), probe],
            ignore_index=True)
    measured = distance_to_border(probe, border, progress=progress).reset_index(drop=True)
    out = pd.DataFrame(index=frame.index, columns=measured.columns, dtype=object)
    n_points = int(is_point.sum())
    if n_points:
        out.iloc[np.flatnonzero(is_point)] = measured.iloc[:n_points].to_numpy()
    shape_rows = measured.iloc[n_points:].reset_index(drop=True)
    best = pd.Series(shape_rows["border_distance_m"].to_numpy(dtype=float)).groupby(owner).idxmin()
    chosen = shape_rows.iloc[best.to_numpy()]
    out.iloc[shapes[best.index.to_numpy()]] = chosen.to_numpy()
    out["border_nearest_lon"] = np.nan
    out["border_nearest_lat"] = np.nan
    out.iloc[shapes[best.index.to_numpy()], out.columns.get_loc("border_nearest_lon")] = samples[best.to_numpy(), 0]
    out.iloc[shapes[best.index.to_numpy()], out.columns.get_loc("border_nearest_lat")] = samples[best.to_numpy(), 1]
    _touching(out, geoms, shapes, border)
    for column in out.columns:
        if column != "border_countries":
            out[column] = pd.to_numeric(out[column], errors="coerce")
    return out


def _samples(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points along every edge of each shape (at most SAMPLE_DEG apart) and the shape each belongs to."""
    dense = shapely.segmentize(shapely.boundary(geoms), SAMPLE_DEG)
    lines = np.where(np.isin(shapely.get_type_id(geoms), [1, 2, 5]), shapely.segmentize(geoms, SAMPLE_DEG), dense)
    coords, owner = shapely.get_coordinates(lines, return_index=True)
    return coords, owner


def _touching(out: pd.DataFrame, geoms: np.ndarray, shapes: np.ndarray, border) -> None:  # noqa: ANN001
    """Shapes that touch or cross the border measure 0 (the sampled edge may straddle it)."""
    from geo.analysis._border_index import border_lines

    lines, _ = border_lines(border) if not (isinstance(border, str) and border == "nearest") else ([], [])
    if not lines:
        return
    union = shapely.union_all(lines)
    hit = shapes[shapely.intersects(geoms[shapes], union)]
    if hit.size:
        out.loc[out.index[hit], "border_distance_m"] = 0.0
        if "border_distance_min_m" in out:
            out.loc[out.index[hit], "border_distance_min_m"] = 0.0
