"""An independent reference for point-to-border distance: GeographicLib only.

Shares no code with geo. Each border segment is the geodesic between its
vertices (GeographicLib's ``InverseLine``), densified to points at most
``spacing_m`` apart, and the answer is the smallest GeographicLib inverse
distance to any of those points. Densifying the whole border to 10 m would
take ~150,000 inverse problems per point, so sub-segments are split in halves
only while they could still hold a closer point: a sub-segment of length L
whose ends lie d1 and d2 from the point cannot come closer than
(d1 + d2 - L) / 2 (triangle inequality), and is dropped when that exceeds the
best distance found. What survives is densified to ``spacing_m``, so the
result equals the fully densified minimum.

The reference over-estimates the true distance by at most
sqrt(d^2 + (spacing/2)^2) - d: 2.5 m when d -> 0, 1.3 cm at 1 km, 0.1 mm at
100 km; compare against it from ~1 km out.
"""

from __future__ import annotations

import math

from geographiclib.geodesic import Geodesic

__all__ = ["reference_distance", "reference_segments"]

_WGS84 = Geodesic.WGS84
_CAPS = Geodesic.STANDARD | Geodesic.DISTANCE_IN  # a line that can place points by distance
_MASK = Geodesic.LATITUDE | Geodesic.LONGITUDE


def reference_segments(lines: list[list[tuple[float, float]]]) -> list:
    """GeographicLib geodesic lines for every segment of every polyline ((lon, lat) vertices)."""
    segments = []
    for coords in lines:
        for (lon1, lat1), (lon2, lat2) in zip(coords[:-1], coords[1:], strict=True):
            if (lon1, lat1) != (lon2, lat2):
                segments.append(_WGS84.InverseLine(lat1, lon1, lat2, lon2, _CAPS))
    return segments


def _distance(lon: float, lat: float, pos: dict) -> float:
    return _WGS84.Inverse(lat, lon, pos["lat2"], pos["lon2"], Geodesic.DISTANCE)["s12"]


def reference_distance(lon: float, lat: float, segments: list, *, spacing_m: float = 10.0
                       ) -> tuple[float, float, float]:
    """(distance m, lon, lat of the nearest densified border point) from (lon, lat)."""
    pending = []
    best = (math.inf, math.nan, math.nan)
    ends: dict[tuple[float, float], tuple[float, dict]] = {}  # a vertex ends one segment and starts the next

    def end(position: dict) -> tuple[float, dict]:
        key = (round(position["lat2"], 10), round(position["lon2"], 10))  # 1e-10 degree: ~0.01 mm
        if key not in ends:
            ends[key] = (_distance(lon, lat, position), position)
        return ends[key]

    for line in segments:
        (da, a), (db, b) = end(line.Position(0.0, _MASK)), end(line.Position(line.s13, _MASK))
        for d, pos in ((da, a), (db, b)):
            if d < best[0]:
                best = (d, pos["lon2"], pos["lat2"])
        pending.append((line, 0.0, line.s13, da, db))
    while pending:
        line, s1, s2, d1, d2 = pending.pop()
        if (d1 + d2 - (s2 - s1)) / 2 > best[0]:
            continue  # cannot hold a nearer point
        if s2 - s1 <= spacing_m:
            continue  # ends already measured: densified enough
        mid = (s1 + s2) / 2
        pos = line.Position(mid, _MASK)
        dm = _distance(lon, lat, pos)
        if dm < best[0]:
            best = (dm, pos["lon2"], pos["lat2"])
        pending.append((line, s1, mid, d1, dm))
        pending.append((line, mid, s2, dm, d2))
    return best
