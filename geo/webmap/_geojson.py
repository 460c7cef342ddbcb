"""Geometries as compact GeoJSON for Leaflet, split at the antimeridian.

Leaflet draws a segment from lon 179 to lon -179 across the whole world, so
any geometry with such a jump is split with the ``antimeridian`` package
first. Coordinates are rounded to 6 decimals (0.11 m), the rounding every geo
map uses, which also keeps output byte-stable.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import shapely

__all__ = ["geometry_json", "crosses_antimeridian", "DECIMALS"]

#: Decimal places of degrees in map output (1e-6 degree is 0.11 m or less).
DECIMALS = 6


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
