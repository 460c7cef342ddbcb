"""Distance bands along a border: geodesic buffers and which band each point lies in."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import _cache
from geo._format import format_distance_range
from geo.analysis._border_index import BorderSpec, border_lines, is_nearest, points_lonlat
from geo.analysis._buffer import geodesic_buffer
from geo.errors import InputError
from geo.geodesy import geodesic_area
from geo.reference._pointin import first_hit
from geo.reference.countries import country

__all__ = ['border_bands', 'classify_bands', 'band_label']

log = logging.getLogger(__name__)

#: Changes whenever the band polygons would come out differently for the same input (keys the cache).
_METHOD = "strips+slices/1"
#: Threads building the bands' buffers at once (0 on one core: no pool).
_BUFFER_THREADS = 0 if (os.cpu_count() or 1) < 2 else 4


def band_label(inner_m: float, outer_m: float) -> str:
    """``"10–25 km"`` for a band from 10 to 25 km, worded by :func:`geo._format.format_distance_range`."""
    return format_distance_range(inner_m, outer_m)


def border_bands(border: BorderSpec, distances_m: Sequence[float], *, clip_to: str | Sequence[str] | None = None,
                 circle_vertices: int = 128) -> gpd.GeoDataFrame:
    """Polygons of the areas within successive geodesic distances of a border.

    Parameters
    ----------
    border:
        As for :func:`distance_to_border` (not ``"nearest"``).
    distances_m:
        Increasing outer edges in metres, e.g. ``[10_000, 25_000, 50_000]``.
    clip_to:
        ISO A3 code (or several): keep only the part of each band inside
        that country (or those countries).
    circle_vertices:
        Vertices of the round caps at the border's corners; 128 keeps each
        band edge within 0.03% of its distance (15 m at 50 km) inside it.

    Returns
    -------
    GeoDataFrame
        One row per band: ``label`` (``"0–10 km"``, ``"10–25 km"``, ...),
        ``inner_m``, ``outer_m``, ``area_m2`` (ellipsoidal), polygon
        ``geometry`` in EPSG:4326. Band edges follow true geodesic distance:
        the union of each geodesic segment's offset strip, the slice of a
        geodesic circle on the outer side of each turn, and round caps at
        the ends (:mod:`geo.analysis._buffer`).

    Examples
    --------
    >>> import geo
    >>> bands = geo.border_bands("RUS-UKR", [10_000, 25_000], clip_to="RUS")
    >>> list(bands.label)
    ['0–10 km', '10–25 km']
    """
    outer = _check_distances(distances_m)
    if is_nearest(border):
        raise InputError("bands need one border, not 'nearest'", hint="name it, e.g. 'RUS-UKR'")
    lines, _ = border_lines(border)
    codes = [clip_to] if isinstance(clip_to, str) else list(clip_to or [])
    shapes, areas = _band_shapes(lines, outer, codes, int(circle_vertices))
    inner = [0.0, *outer[:-1]]
    return gpd.GeoDataFrame({"label": [band_label(a, b) for a, b in zip(inner, outer, strict=True)],
                             "inner_m": inner, "outer_m": outer, "area_m2": areas},
                            geometry=gpd.GeoSeries(shapes, crs="EPSG:4326"), crs="EPSG:4326")


def _band_shapes(lines: list[shapely.Geometry], outer: list[float], codes: list[str], circle_vertices: int
                 ) -> tuple[list[shapely.Geometry], list[float]]:
    """(polygon, ellipsoidal area m²) of each band, read from the on-disk cache when an earlier run built them.

    The key covers everything the polygons depend on: the lines' and clip
    countries' coordinates, the distances, the arc vertices and the method.
    """
    clips = [country(code) for code in codes]
    key = _cache.cache_key("bands", _METHOD, [shapely.to_wkb(line) for line in lines], outer, circle_vertices,
                           [shapely.to_wkb(c) for c in clips])

    def build() -> tuple[list[shapely.Geometry], list[float]]:
        shapes = _build_band_shapes(lines, outer, clips, circle_vertices)
        return shapes, [geodesic_area(shape) for shape in shapes]

    def pack(result: tuple[list[shapely.Geometry], list[float]]) -> dict[str, np.ndarray]:
        data, ends = _cache.pack_bytes([shapely.to_wkb(shape) for shape in result[0]])
        return {"wkb": data, "ends": ends, "area_m2": np.asarray(result[1], dtype=float)}

    def unpack(entry: dict[str, np.ndarray]) -> tuple[list[shapely.Geometry], list[float]]:
        shapes = list(shapely.from_wkb(_cache.unpack_bytes(entry["wkb"], entry["ends"])))
        areas = [float(a) for a in entry["area_m2"]]
        if not len(shapes) == len(areas) == len(outer):
            raise ValueError(f"{len(shapes)} shapes and {len(areas)} areas for {len(outer)} bands")
        return shapes, areas

    return _cache.cached("bands", key, build, pack, unpack)


def _build_band_shapes(lines: list[shapely.Geometry], outer: list[float], clips: list[shapely.Geometry],
                       circle_vertices: int) -> list[shapely.Geometry]:
    # One thread per distance: most of a buffer's time is GEOS's union, which releases the GIL, so on two or
    # more cores the buffers are built side by side (the same polygons, in the same order).
    if len(outer) > 1 and _BUFFER_THREADS:
        with ThreadPoolExecutor(min(len(outer), _BUFFER_THREADS), thread_name_prefix="geo-bands") as pool:
            buffers = list(pool.map(lambda r: geodesic_buffer(lines, r, circle_vertices), outer))
    else:
        buffers = [geodesic_buffer(lines, r, circle_vertices) for r in outer]
    clip = None
    if clips:  # cut the (huge) country polygons to the bands' box first: 10x faster
        box = shapely.bounds(buffers[-1])
        clip = shapely.union_all([shapely.clip_by_rect(c, *box) for c in clips])
    shapes = []
    for i in range(len(outer)):
        shape = buffers[i] if i == 0 else shapely.difference(buffers[i], buffers[i - 1])
        shapes.append(shape if clip is None else shapely.intersection(shape, clip))
    return shapes


def _check_distances(distances_m: Sequence[float]) -> list[float]:
    try:
        values = [float(d) for d in distances_m]
    except (TypeError, ValueError):
        raise InputError(f"band distances must be numbers of metres, got {distances_m!r}") from None
    if not values or any(not np.isfinite(v) or v <= 0 for v in values) or sorted(set(values)) != values:
        raise InputError(f"band distances must be positive and increasing, got {values}",
                         hint="e.g. [10_000, 25_000, 50_000] (metres)")
    return values


def classify_bands(points: gpd.GeoDataFrame | gpd.GeoSeries, bands: gpd.GeoDataFrame) -> pd.Series:
    """The band label each point falls in (``None`` outside every band).

    Uses the band polygons (as drawn on maps); a point on the line between
    two bands gets the inner one.

    >>> import geopandas as gpd, geo
    >>> bands = geo.border_bands("RUS-UKR", [10_000, 50_000])
    >>> pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.58091], [50.60343]), crs="EPSG:4326")
    >>> geo.classify_bands(pts, bands).tolist()
    ['10–50 km']
    """
    lon, lat = points_lonlat(points)
    index = points.index
    result = pd.Series([None] * lon.size, index=index, dtype=object, name="band")
    if bands.empty:
        return result
    order = np.argsort(bands["inner_m"].to_numpy(), kind="stable")
    geoms = bands.geometry.to_crs(4326).to_numpy()[order] if bands.crs is not None else bands.geometry.to_numpy()[order]
    labels = bands["label"].to_numpy()[order]
    result[:] = _first_hit_labels(shapely.STRtree(geoms), shapely.points(lon, lat), labels)
    return result


def _first_hit_labels(tree: shapely.STRtree, points: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per point, the label of the lowest-numbered tree geometry it lies in or on (None if none)."""
    first = first_hit(tree, points, predicate="intersects")
    hit = first >= 0
    values = np.full(len(points), None, dtype=object)
    values[hit] = labels[first[hit]]
    return values


# --------------------------------------------------------------------------- towns

