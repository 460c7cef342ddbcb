"""Distance bands along a border: geodesic buffers and which band each point lies in."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo._format import format_distance_range
from geo.analysis._border_index import BorderSpec, border_lines, is_nearest, points_lonlat
from geo.errors import InputError
from geo.geodesy import GEOD, densify_segments, geodesic_area
from geo.reference._pointin import first_hit
from geo.reference.countries import country

__all__ = ['border_bands', 'classify_bands', 'band_label']

log = logging.getLogger(__name__)


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
        the union of each geodesic segment's offset strip and a geodesic
        circle at each vertex.

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
    buffers = [_geodesic_buffer(lines, r, circle_vertices) for r in outer]
    clip = None
    if codes:  # cut the (huge) country polygons to the bands' box first: 10x faster
        box = shapely.bounds(buffers[-1])
        clip = shapely.union_all([shapely.clip_by_rect(country(code), *box) for code in codes])
    rows = []
    for i, r in enumerate(outer):
        shape = buffers[i] if i == 0 else shapely.difference(buffers[i], buffers[i - 1])
        if clip is not None:
            shape = shapely.intersection(shape, clip)
        inner = 0.0 if i == 0 else outer[i - 1]
        rows.append({"label": band_label(inner, r), "inner_m": inner, "outer_m": r,
                     "area_m2": geodesic_area(shape), "geometry": shape})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _check_distances(distances_m: Sequence[float]) -> list[float]:
    try:
        values = [float(d) for d in distances_m]
    except (TypeError, ValueError):
        raise InputError(f"band distances must be numbers of metres, got {distances_m!r}") from None
    if not values or any(not np.isfinite(v) or v <= 0 for v in values) or sorted(set(values)) != values:
        raise InputError(f"band distances must be positive and increasing, got {values}",
                         hint="e.g. [10_000, 25_000, 50_000] (metres)")
    return values


def _geodesic_buffer(lines: Sequence[shapely.Geometry], radius_m: float, circle_vertices: int
                     ) -> shapely.Geometry:
    """Everything within ``radius_m`` of the lines: segment strips plus vertex circles, unioned."""
    # Strips need pieces short enough that their straight lon/lat edges follow
    # the curved offset line: radius/8, at most 5 km.
    step = min(radius_m / 8, 5_000.0)
    shapes = []
    ring_az = np.linspace(360.0, 0.0, circle_vertices, endpoint=False)
    for line in lines:
        for part in shapely.get_parts(line):
            coords = shapely.get_coordinates(part)
            if len(coords) < 2:
                continue
            lon, lat, original = _densify(coords, step)
            az, back, _ = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
            az, heading_end = np.asarray(az), np.asarray(back) + 180.0  # heading on arrival at B
            r = np.full(az.size, radius_m)
            starts = [np.column_stack(GEOD.fwd(lon[:-1], lat[:-1], az + side, r)[:2]) for side in (-90, 90)]
            ends = [np.column_stack(GEOD.fwd(lon[1:], lat[1:], heading_end + side, r)[:2]) for side in (-90, 90)]
            # Along one geodesic, neighbouring strips must share their edge exactly:
            # a 1e-9 degree mismatch leaves a crack that the union keeps.
            smooth = ~original[1:-1]
            for end, start in zip(ends, starts, strict=True):
                end[:-1][smooth] = start[1:][smooth]
            quads = np.stack([starts[0], ends[0], ends[1], starts[1]], axis=1)
            shapes.append(shapely.polygons(_unwrap_rings(quads)))
            vertices = coords[np.r_[True, np.any(np.diff(coords, axis=0) != 0, axis=1)]]
            n = len(vertices)
            clon, clat, _ = GEOD.fwd(np.repeat(vertices[:, 0], circle_vertices),
                                     np.repeat(vertices[:, 1], circle_vertices),
                                     np.tile(ring_az, n), np.full(n * circle_vertices, radius_m))
            rings = np.stack([np.asarray(clon), np.asarray(clat)], axis=-1).reshape(n, circle_vertices, 2)
            shapes.append(shapely.polygons(_unwrap_rings(rings)))
    shapes = shapely.make_valid(np.concatenate(shapes))
    # Snapping to ~1 cm closes the hairline cracks left where strips and circles meet.
    union = shapely.union_all(shapes, grid_size=1e-7)
    return _drop_slivers(union, (radius_m / 200) ** 2)


def _drop_slivers(shape: shapely.Geometry, min_hole_m2: float) -> shapely.Geometry:
    """Remove holes smaller than ``min_hole_m2``: pinholes where round caps nearly meet, not real gaps."""
    parts = []
    for polygon in shapely.get_parts(shape):
        if polygon.geom_type != "Polygon":
            continue
        holes = [ring for ring in polygon.interiors if geodesic_area(shapely.Polygon(ring)) >= min_hole_m2]
        parts.append(shapely.Polygon(polygon.exterior, holes))
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def _unwrap_rings(rings: np.ndarray) -> np.ndarray:
    """Keep each ring's longitudes continuous; refuse rings that cross the antimeridian."""
    lon = np.degrees(np.unwrap(np.radians(rings[..., 0]), axis=-1))
    if (lon.min() < -180) or (lon.max() > 180):
        raise InputError("distance bands that cross the antimeridian (180°) are not supported yet",
                         hint="use smaller distances, or split the border at 180°")
    return np.stack([lon, rings[..., 1]], axis=-1)


def _densify(coords: np.ndarray, step_m: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lon, lat, is_input_vertex) of a polyline with geodesic points added so no piece exceeds ``step_m``."""
    coords = coords[np.r_[True, np.any(np.diff(coords, axis=0) != 0, axis=1)]]
    dense = densify_segments(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1], step_m)
    starts = dense.offset_m == 0
    return np.r_[dense.lon, coords[-1, 0]], np.r_[dense.lat, coords[-1, 1]], np.r_[starts, True]


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

