"""Local azimuthal equidistant projections, for distances to region edges in metres."""

from __future__ import annotations

import functools

import numpy as np
import pyproj
import shapely

__all__ = ['aeqd', 'project', 'degree_margin']

@functools.lru_cache(maxsize=256)
def aeqd(lon: float, lat: float) -> pyproj.Transformer:
    """Azimuthal equidistant projection centred at (lon, lat): exact distances from the centre.

    Written as the pipeline PROJ chooses from EPSG:4326 (lon, lat) to ``+proj=aeqd +datum=WGS84``: the same
    transform, without searching PROJ's database for it (15 ms of CPU each time, 0.1 ms this way).
    """
    return pyproj.Transformer.from_pipeline(
        f"+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step +proj=aeqd +lat_0={lat} +lon_0={lon} +x_0=0 +y_0=0 +ellps=WGS84")


def project(geoms, transformer: pyproj.Transformer):
    return shapely.transform(geoms, lambda c: np.column_stack(transformer.transform(c[:, 0], c[:, 1])))


def degree_margin(metres: float, max_abs_lat: float) -> tuple[float, float]:
    # Only to pre-select candidates by bounding box; every distance is then measured in metres.
    dlat = metres / 110_000.0 + 0.01
    dlon = metres / (111_000.0 * max(np.cos(np.radians(min(max_abs_lat, 89.0))), 0.01)) + 0.01
    return dlon, dlat


