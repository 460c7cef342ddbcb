"""Everything within a geodesic distance of a set of lines: the polygons behind distance bands.

The area within ``r`` of a polyline is the union of, for each segment, the
strip of points whose foot lies on the segment (perpendicular offsets of
``r`` on both sides), plus at each vertex where the line turns the slice of
the circle of radius ``r`` between the two strips on the outer side of the
turn, plus half circles at the line's ends. (A point on the inner side of a
turn, or beyond a strip's end, is in a neighbouring strip or slice: full
circles at every vertex would add nothing but work.)

Everything is placed on the WGS84 ellipsoid with :meth:`pyproj.Geod.fwd`:
strip edges are geodesic perpendicular offsets at points no more than
``radius/8`` (at most 5 km) apart, so their straight lon/lat edges follow the
curved offset line; arcs have a vertex every ``360/circle_vertices`` degrees.
Neighbouring pieces share their edges exactly (same points, same order), so
the union has no cracks and needs no snapping.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import shapely

from geo.errors import InputError
from geo.geodesy import GEOD, densify_segments, geodesic_area

__all__ = ["geodesic_buffer", "densify_polyline"]

log = logging.getLogger(__name__)

#: Turns smaller than this (degrees) need no slice: the strips' edges coincide to well under a millimetre.
_MIN_TURN_DEG = 1e-9


def geodesic_buffer(lines: Sequence[shapely.Geometry], radius_m: float, circle_vertices: int = 128
                    ) -> shapely.Geometry:
    """The polygon of everything within ``radius_m`` metres (geodesic, WGS84) of the lines.

    Parameters
    ----------
    lines:
        (Multi)LineStrings in EPSG:4326 (lon, lat degrees).
    radius_m:
        Distance in metres, > 0.
    circle_vertices:
        Vertices a full circle would have; arcs at corners and ends use the
        same angular spacing (128: each edge within 0.03% of ``radius_m``).

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        In EPSG:4326; pinholes where arcs nearly meet (smaller than
        ``(radius_m / 200)**2`` square metres) are closed.
    """
    step = min(radius_m / 8, 5_000.0)
    shapes = []
    for line in lines:
        for part in shapely.get_parts(line):
            coords = _distinct(shapely.get_coordinates(part))
            if len(coords) >= 2:
                shapes.extend(_part_shapes(coords, radius_m, step, 360.0 / circle_vertices))
    if not shapes:
        return shapely.Polygon()
    pieces = shapely.make_valid(np.concatenate(shapes))
    try:
        union = shapely.union_all(pieces)
    except shapely.errors.GEOSException:  # a robustness failure: snap to ~1 cm and try again
        log.debug("union of %d buffer pieces failed; snapping to 1e-7 degrees", pieces.size)
        union = shapely.union_all(pieces, grid_size=1e-7)
    return _drop_slivers(union, (radius_m / 200) ** 2)


def densify_polyline(coords: np.ndarray, step_m: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lon, lat, is_input_vertex) of a polyline with geodesic points added so no piece exceeds ``step_m``."""
    coords = _distinct(coords)
    dense = densify_segments(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1], step_m)
    starts = dense.offset_m == 0
    return np.r_[dense.lon, coords[-1, 0]], np.r_[dense.lat, coords[-1, 1]], np.r_[starts, True]


def _distinct(coords: np.ndarray) -> np.ndarray:
    """The coordinates without repeated consecutive points."""
    return coords[np.r_[True, np.any(np.diff(coords, axis=0) != 0, axis=1)]]


def _part_shapes(coords: np.ndarray, radius_m: float, step_m: float, arc_step_deg: float
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(strip per segment, slice per turning vertex and cap per end) of one polyline."""
    lon, lat, original = densify_polyline(coords, step_m)
    az, back, _ = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    az, heading = np.asarray(az, dtype=float), np.asarray(back, dtype=float) + 180.0  # heading on arrival
    n = az.size
    left = np.column_stack(GEOD.fwd(lon[:-1], lat[:-1], az - 90.0, np.full(n, radius_m))[:2])
    right = np.column_stack(GEOD.fwd(lon[:-1], lat[:-1], az + 90.0, np.full(n, radius_m))[:2])
    segment = np.cumsum(original[:-1]) - 1  # the input segment of each densified piece
    first = np.flatnonzero(original[:-1])
    last = np.r_[first[1:] - 1, n - 1]
    m = first.size
    end_lon, end_lat = lon[last + 1], lat[last + 1]
    end_left = np.column_stack(GEOD.fwd(end_lon, end_lat, heading[last] - 90.0, np.full(m, radius_m))[:2])
    end_right = np.column_stack(GEOD.fwd(end_lon, end_lat, heading[last] + 90.0, np.full(m, radius_m))[:2])
    start = np.column_stack([lon[first], lat[first]])
    end = np.column_stack([end_lon, end_lat])
    strips = _strips(segment, first, last, start, end, left, right, end_left, end_right)
    # Slices at the vertices between segments k and k + 1, on the outer side of the turn.
    turn = np.mod(az[first[1:]] - heading[last[:-1]] + 180.0, 360.0) - 180.0
    k = np.flatnonzero(np.abs(turn) > _MIN_TURN_DEG)
    turn = turn[k]
    outer_left = turn > 0  # turning right (clockwise): the outer side is the left
    apex = np.concatenate([end[k], start[:1], end[-1:]])
    corner0 = np.concatenate([np.where(outer_left[:, None], end_left[k], end_right[k]), right[:1], end_left[-1:]])
    corner1 = np.concatenate([np.where(outer_left[:, None], left[first[k + 1]], right[first[k + 1]]), left[:1],
                              end_right[-1:]])
    from_az = np.r_[heading[last[k]] + np.where(outer_left, -90.0, 90.0), az[0] + 90.0, heading[-1] - 90.0]
    sweep = np.r_[turn, 180.0, 180.0]  # the start cap runs behind the line, the end cap ahead of it
    return strips, _slices(apex, corner0, corner1, from_az, sweep, radius_m, arc_step_deg)


def _strips(segment: np.ndarray, first: np.ndarray, last: np.ndarray, start: np.ndarray, end: np.ndarray,
            left: np.ndarray, right: np.ndarray, end_left: np.ndarray, end_right: np.ndarray) -> np.ndarray:
    """One polygon per input segment: start, left offsets, end, right offsets back.

    The densified pieces of one geodesic share their offset points, so their
    strips are one polygon; the segment's own vertices are ring points, so a
    slice's straight edge from the vertex to its corner is exactly a strip edge.
    """
    m = first.size
    count = last - first + 1
    local = np.arange(segment.size) - first[segment]
    own = np.arange(m)
    ring = np.concatenate([own, segment, own, own, own, segment])
    order = np.concatenate([np.zeros(m), 1 + local, 1 + count, 2 + count, 3 + count,
                            4 + count[segment] + (count[segment] - 1 - local)])
    xy = np.concatenate([start, left, end_left, end, end_right, right])
    return _polygons(ring, order, xy, start[ring, 0])


def _slices(apex: np.ndarray, corner0: np.ndarray, corner1: np.ndarray, from_az: np.ndarray, sweep: np.ndarray,
            radius_m: float, arc_step_deg: float) -> np.ndarray:
    """Circle slices: apex, first corner, arc points every ``arc_step_deg`` over ``sweep`` degrees, last corner."""
    between = np.maximum(np.ceil(np.abs(sweep) / arc_step_deg).astype(np.int64) - 1, 0)
    which = np.repeat(np.arange(sweep.size), between)
    step = np.arange(which.size) - np.repeat(np.r_[0, np.cumsum(between)[:-1]], between) + 1
    arc_lon, arc_lat, _ = GEOD.fwd(apex[which, 0], apex[which, 1],
                                   from_az[which] + sweep[which] * step / (between[which] + 1),
                                   np.full(which.size, radius_m))
    own = np.arange(sweep.size)
    ring = np.concatenate([own, own, which, own])
    order = np.concatenate([np.zeros(own.size), np.ones(own.size), 1 + step, 2 + between])
    xy = np.concatenate([apex, corner0, np.column_stack([arc_lon, arc_lat]), corner1])
    return _polygons(ring, order, xy, apex[ring, 0])


def _polygons(ring: np.ndarray, order: np.ndarray, xy: np.ndarray, reference_lon: np.ndarray) -> np.ndarray:
    """Polygons from points tagged with their ring and place in it; longitudes kept near each ring's first."""
    # Whole turns only, so a point shared by two polygons keeps exactly the same longitude in both.
    xy = xy.copy()
    xy[:, 0] -= 360.0 * np.round((xy[:, 0] - reference_lon) / 360.0)
    if xy[:, 0].min() < -180 or xy[:, 0].max() > 180:
        raise InputError("distance bands that cross the antimeridian (180°) are not supported yet",
                         hint="use smaller distances, or split the border at 180°")
    sort = np.lexsort((order, ring))
    return shapely.polygons(shapely.linearrings(xy[sort], indices=ring[sort]))


def _drop_slivers(shape: shapely.Geometry, min_hole_m2: float) -> shapely.Geometry:
    """Remove holes smaller than ``min_hole_m2``: pinholes where round caps nearly meet, not real gaps."""
    parts = []
    for polygon in shapely.get_parts(shape):
        if polygon.geom_type != "Polygon":
            continue
        holes = [ring for ring in polygon.interiors if geodesic_area(shapely.Polygon(ring)) >= min_hole_m2]
        parts.append(shapely.Polygon(polygon.exterior, holes))
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
