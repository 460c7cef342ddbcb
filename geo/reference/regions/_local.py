"""Local azimuthal equidistant projections, for distances to region edges in metres."""

from __future__ import annotations

import functools

import numpy as np
import pyproj
import shapely

__all__ = ['aeqd', 'project', 'degree_margin']

@functools.lru_cache(maxsize=256)
def aeqd(lon: float, lat: float) -> pyproj.Transformer:
    """Azimuthal equidistant projection centred at (lon, lat): exact distances from the centre."""
    crs = pyproj.CRS.from_proj4(f"+proj=aeqd +lon_0={lon} +lat_0={lat} +datum=WGS84 +units=m")
    return pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def project(geoms, transformer: pyproj.Transformer):
    return shapely.transform(geoms, lambda c: np.column_stack(transformer.transform(c[:, 0], c[:, 1])))


def degree_margin(metres: float, max_abs_lat: float) -> tuple[float, float]:
    # Only to pre-select candidates by bounding box; every distance is then measured in metres.
    dlat = metres / 110_000.0 + 0.01
    dlon = metres / (111_000.0 * max(np.cos(np.radians(min(max_abs_lat, 89.0))), 0.01)) + 0.01
    return dlon, dlat


