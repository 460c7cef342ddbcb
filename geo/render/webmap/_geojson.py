"""Geometries as compact GeoJSON for Leaflet, split at the antimeridian.

Leaflet draws a segment from lon 179 to lon -179 across the whole world, so
any geometry with such a jump is split with the ``antimeridian`` package
first. Coordinates are rounded to 6 decimals (0.11 m), the rounding every geo
map uses, which also keeps output byte-stable. :func:`encode_geometry` packs
each ring or line as delta-encoded integers (a third of the size of decimal
pairs); the page's ``geomap.js`` unpacks them.

Lines and polygons drawn on a map are simplified by at most
:data:`DISPLAY_TOLERANCE_DEG` (about 10 m, under a pixel up to zoom 13): the
analysis keeps the exact shapes, the picture does not need every vertex.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import shapely

__all__ = ["geometry_json", "encode_geometry", "encode_geometries", "crosses_antimeridian", "DECIMALS", "DISPLAY_TOLERANCE_DEG"]

#: Decimal places of degrees in map output (1e-6 degree is 0.11 m or less).
DECIMALS = 6
#: Simplification of drawn lines and polygons, in degrees.
DISPLAY_TOLERANCE_DEG = 0.0001
_SCALE = 10**DECIMALS


def crosses_antimeridian(geometry: shapely.Geometry) -> bool:
    """Whether any ring or line of ``geometry`` jumps more than 180 degrees of longitude between vertices."""
    parts = shapely.get_parts(geometry)
    polygonal = shapely.get_type_id(parts) == 3
    pieces = list(shapely.get_rings(parts[polygonal])) + list(parts[~polygonal])
    for piece in pieces:
        x = shapely.get_coordinates(piece)[:, 0]
        if len(x) > 1 and (np.abs(np.diff(x)) > 180).any():
            return True
    return False


def _round(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (int, float)):
            return [round(float(v), DECIMALS) for v in value[:2]]
        return [_round(v) for v in value]
    return value


def geometry_json(geometry: shapely.Geometry) -> dict[str, Any] | None:
    """GeoJSON geometry dict of ``geometry`` (lon, lat), or None when empty or missing.

    >>> geometry_json(shapely.LineString([(179, 10), (-179, 11)]))["type"]
    'MultiLineString'
    """
    if geometry is None or geometry.is_empty:
        return None
    if geometry.geom_type not in ("Point", "MultiPoint") and crosses_antimeridian(geometry):
        import antimeridian

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # winding notes: the fixed shape is what we draw
            mapping = antimeridian.fix_shape(geometry, great_circle=False)
    else:
        mapping = shapely.geometry.mapping(geometry)
    return {"type": mapping["type"], "coordinates": _round(mapping["coordinates"])}


def _pack(coords: Any) -> Any:
    # Innermost lists of [x, y] pairs become [x0, y0, dx1, dy1, ...] integers.
    if coords and isinstance(coords[0], (int, float)):
        return [round(float(v) * _SCALE) for v in coords[:2]]
    if coords and isinstance(coords[0], (list, tuple)) and coords[0] and isinstance(coords[0][0], (int, float)):
        xy = np.rint(np.asarray(coords, dtype="float64")[:, :2] * _SCALE).astype(np.int64)
        return np.vstack([xy[:1], np.diff(xy, axis=0)]).ravel().tolist()
    return [_pack(c) for c in coords]


def encode_geometry(geometry: shapely.Geometry, *, simplify: bool = True) -> dict[str, Any] | None:
    """``{"type", "d": packed coordinates}`` of ``geometry`` for the page, or None when empty.

    Coordinates are integers of 1e-6 degree; every ring or line is its first
    vertex followed by differences. ``simplify`` applies
    :data:`DISPLAY_TOLERANCE_DEG` to lines and polygons (topology preserved).

    >>> encode_geometry(shapely.LineString([(36.5, 50.0), (36.6, 50.1)]))
    {'type': 'LineString', 'd': [36500000, 50000000, 100000, 100000]}
    """
    if geometry is None or geometry.is_empty:
        return None
    if simplify and geometry.geom_type not in ("Point", "MultiPoint"):
        geometry = shapely.simplify(geometry, DISPLAY_TOLERANCE_DEG, preserve_topology=True)
    mapping = geometry_json(geometry)
    if mapping is None:
        return None
    return {"type": mapping["type"], "d": _pack(mapping["coordinates"])}


def _pack_polygon(polygon: shapely.Polygon) -> list[list[int]]:
    return [_pack_ring(shapely.get_coordinates(ring)) for ring in [polygon.exterior, *polygon.interiors]]


def _pack_ring(coords: np.ndarray) -> list[int]:
    xy = np.rint(coords[:, :2] * _SCALE).astype(np.int64)
    return np.vstack([xy[:1], np.diff(xy, axis=0)]).ravel().tolist()


def encode_geometries(geometries: Any, *, simplify: bool = True) -> list[dict[str, Any] | None]:
    """:func:`encode_geometry` for many geometries at once (vectorised simplification and checks).

    Polygons, multipolygons and lines that do not cross the antimeridian are
    packed straight from their coordinates; the rest take the general path.
    """
    geoms = np.asarray(geometries, dtype=object)
    if not len(geoms):
        return []
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    kinds = shapely.get_type_id(geoms)
    if simplify:
        shaped = ~empty & ~np.isin(kinds, (0, 4))  # not points
        geoms = geoms.copy()
        geoms[shaped] = shapely.simplify(geoms[shaped], DISPLAY_TOLERANCE_DEG, preserve_topology=True)
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    jump = np.zeros(len(geoms), dtype=bool)
    if len(coords) > 1:
        same = index[1:] == index[:-1]
        big = same & (np.abs(np.diff(coords[:, 0])) > 180)
        jump[index[1:][big]] = True
    out: list[dict[str, Any] | None] = []
    for geom, is_empty, kind, crosses in zip(geoms, empty, shapely.get_type_id(geoms), jump, strict=True):
        if is_empty:
            out.append(None)
        elif crosses or kind not in (1, 3, 6):
            out.append(encode_geometry(geom, simplify=False))
        elif kind == 3:
            out.append({"type": "Polygon", "d": _pack_polygon(geom)})
        elif kind == 6:
            out.append({"type": "MultiPolygon", "d": [_pack_polygon(p) for p in geom.geoms]})
        else:
            out.append({"type": "LineString", "d": _pack_ring(shapely.get_coordinates(geom))})
    return out
