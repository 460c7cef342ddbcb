"""Geodesy on the WGS84 ellipsoid: distances, bearings, circles, rings, areas.

Everything here uses :class:`pyproj.Geod` (GeographicLib's algorithms),
never degrees or Web Mercator. Coordinates are always (lon, lat) in degrees;
distances are metres; areas square metres; azimuths degrees clockwise from
true north in [0, 360).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pyproj
from numpy.typing import ArrayLike

from geo._format import compass_point, compass_points  # re-exported: directions are worded in one place
from geo.errors import InputError

if TYPE_CHECKING:  # shapely is imported by the functions that build or read shapes: distances need only pyproj
    import shapely

__all__ = [
    "GEOD",
    "geodesic_distance",
    "geodesic_inverse",
    "destination",
    "geodesic_circle",
    "geodesic_circles",
    "geodesic_ring",
    "geodesic_area",
    "geodesic_areas",
    "geodesic_length",
    "compass_point",
    "densify_segments",
    "Densified",
    "compass_points",
]

#: The WGS84 ellipsoid used for every measurement in geo.
GEOD = pyproj.Geod(ellps="WGS84")


def geodesic_inverse(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Distance (m) and forward azimuth (deg, [0, 360)) from point 1 to point 2.

    >>> d, az = geodesic_inverse(-71.0603, 42.3583, -70.2553, 43.6584)  # Boston -> Portland
    >>> round(float(d))
    158642
    """
    # Broadcast like destination(): one point against many, a row against a column.
    az, _, dist = GEOD.inv(*np.broadcast_arrays(np.asarray(lon1, dtype=float), np.asarray(lat1, dtype=float),
                                                np.asarray(lon2, dtype=float), np.asarray(lat2, dtype=float)))
    return np.asarray(dist, dtype=float), np.mod(np.asarray(az, dtype=float), 360.0)


def geodesic_distance(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike) -> np.ndarray:
    """Distance in metres on the WGS84 ellipsoid between (lon1, lat1) and (lon2, lat2)."""
    return geodesic_inverse(lon1, lat1, lon2, lat2)[0]


def destination(lon: ArrayLike, lat: ArrayLike, azimuth: ArrayLike, distance_m: ArrayLike
                ) -> tuple[np.ndarray, np.ndarray]:
    """The point ``distance_m`` metres from (lon, lat) along ``azimuth`` degrees."""
    lon2, lat2, _ = GEOD.fwd(*np.broadcast_arrays(np.asarray(lon, float), np.asarray(lat, float),
                                                  np.asarray(azimuth, float), np.asarray(distance_m, float)))
    return np.asarray(lon2), np.asarray(lat2)


def _ring_coords(lon: float, lat: float, radius_m: float, n: int) -> np.ndarray:
    # Azimuths decreasing so the ring runs counter-clockwise seen from above.
    azimuths = np.linspace(360.0, 0.0, n, endpoint=False)
    lons, lats = destination(np.full(n, lon), np.full(n, lat), azimuths, np.full(n, radius_m))
    return np.column_stack([lons, lats])


def geodesic_circle(lon: float, lat: float, radius_m: float, *, n: int = 256
                    ) -> shapely.Polygon | shapely.MultiPolygon:
    """All points within ``radius_m`` metres of (lon, lat), on the ellipsoid.

    The ring's ``n`` vertices lie exactly ``radius_m`` from the centre. A
    circle that crosses the antimeridian comes back split into a MultiPolygon
    with longitudes in [-180, 180]; one that encloses a pole is closed over it.

    Parameters
    ----------
    lon, lat:
        Centre in degrees.
    radius_m:
        Radius in metres, > 0.
    n:
        Number of vertices; 256 keeps the polygon's area within 0.01% of the
        true circle's.

    Examples
    --------
    >>> circle = geodesic_circle(36.58, 50.60, 10_000)
    >>> abs(geodesic_area(circle) / (np.pi * 10_000**2) - 1) < 1e-3
    True
    """
    import shapely

    if not np.isfinite(radius_m) or radius_m <= 0:
        raise InputError(f"radius_m must be a positive number of metres, got {radius_m}",
                         hint="give the radius in metres, e.g. 10_000 for 10 km")
    coords = _ring_coords(lon, lat, radius_m, n)
    north = geodesic_distance(lon, lat, lon, 90.0) < radius_m
    south = geodesic_distance(lon, lat, lon, -90.0) < radius_m
    unwrapped = np.degrees(np.unwrap(np.radians(coords[:, 0])))
    if not (north or south) and unwrapped.min() >= -180 and unwrapped.max() <= 180:
        return shapely.Polygon(coords)
    return _fix_antimeridian(shapely.Polygon(coords), north=bool(north), south=bool(south))


def geodesic_circles(lon: ArrayLike, lat: ArrayLike, radius_m: ArrayLike, *, n: int = 256) -> np.ndarray:
    """:func:`geodesic_circle` of many centres at once (an object array of polygons).

    All ring vertices come from one vectorised direct-problem call; only the
    rare circles that cross the antimeridian or enclose a pole go through
    :func:`geodesic_circle` one by one.

    >>> circles = geodesic_circles([36.58, 30.5], [50.60, 50.45], [10_000, 5_000])
    >>> [round(geodesic_area(c) / (np.pi * r**2), 3) for c, r in zip(circles, [10_000, 5_000])]
    [1.0, 1.0]
    """
    import shapely

    lon, lat, radius = np.broadcast_arrays(*(np.asarray(v, dtype="float64") for v in (lon, lat, radius_m)))
    lon, lat, radius = lon.ravel(), lat.ravel(), radius.ravel()
    bad = ~np.isfinite(radius) | (radius <= 0)
    if bad.any():
        raise InputError(f"radius_m must be a positive number of metres, got {radius[bad][0]}",
                         hint="give each radius in metres, > 0")
    m = lon.size
    out = np.empty(m, dtype=object)
    if not m:
        return out
    azimuths = np.linspace(360.0, 0.0, n, endpoint=False)
    lons, lats = destination(np.repeat(lon, n), np.repeat(lat, n), np.tile(azimuths, m), np.repeat(radius, n))
    lons, lats = np.asarray(lons).reshape(m, n), np.asarray(lats).reshape(m, n)
    unwrapped = np.degrees(np.unwrap(np.radians(lons), axis=1))
    to_north = np.asarray(GEOD.inv(lon, lat, lon, np.full(m, 90.0))[2])
    to_south = np.asarray(GEOD.inv(lon, lat, lon, np.full(m, -90.0))[2])
    simple = (to_north >= radius) & (to_south >= radius) & (unwrapped.min(axis=1) >= -180) & (unwrapped.max(axis=1) <= 180)
    if simple.any():
        coords = np.stack([lons[simple], lats[simple]], axis=-1)
        coords = np.concatenate([coords, coords[:, :1]], axis=1)  # closed rings
        out[simple] = shapely.polygons(coords)
    for i in np.flatnonzero(~simple):
        out[i] = geodesic_circle(float(lon[i]), float(lat[i]), float(radius[i]), n=n)
    return out


def _fix_antimeridian(polygon: shapely.Polygon, *, north: bool = False, south: bool = False):
    import antimeridian
    import shapely

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fixed = antimeridian.fix_polygon(polygon, force_north_pole=north, force_south_pole=south,
                                         great_circle=False)
    return shapely.make_valid(fixed) if not fixed.is_valid else fixed


def geodesic_ring(lon: float, lat: float, inner_m: float, outer_m: float, *, n: int = 256):
    """The annulus between ``inner_m`` and ``outer_m`` metres of (lon, lat)."""
    import shapely

    if not 0 <= inner_m < outer_m:
        raise InputError(f"need 0 <= inner_m < outer_m, got {inner_m} and {outer_m}",
                         hint="give the inner radius first, both in metres")
    outer = geodesic_circle(lon, lat, outer_m, n=n)
    if inner_m == 0:
        return outer
    return shapely.difference(outer, geodesic_circle(lon, lat, inner_m, n=n))


def geodesic_area(geometry: shapely.Geometry) -> float:
    """Area in square metres on the WGS84 ellipsoid (always >= 0).

    Rings of either orientation count as positive; holes are subtracted.
    """
    import shapely

    if geometry is None or geometry.is_empty:
        return 0.0
    total = 0.0
    for part in shapely.get_parts(geometry):
        if part.geom_type == "Polygon":
            total += _polygon_area(part)
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            total += geodesic_area(part)
    return total


def geodesic_areas(geometries: ArrayLike) -> np.ndarray:
    """:func:`geodesic_area` of many geometries at once, in square metres (the same values, bit for bit).

    The vertices of every plain polygon (one ring, the common case: circles, bands' pieces) are read in
    one vectorised call; each ring's area is then one call into GeographicLib's polygon area (pyproj's
    :meth:`~pyproj.Geod.polygon_area_perimeter`), which is where the time goes (~1 µs per edge). Other
    geometries (holes, several parts, empty) go through :func:`geodesic_area`.

    >>> circles = geodesic_circles([36.58, 30.5], [50.60, 50.45], [10_000, 5_000])
    >>> [float(a) == geodesic_area(c) for a, c in zip(geodesic_areas(circles), circles)]
    [True, True]
    """
    import shapely

    geoms = np.asarray(geometries, dtype=object).ravel()
    out = np.zeros(geoms.size, dtype=float)
    if not geoms.size:
        return out
    plain = (shapely.get_type_id(geoms) == 3) & (shapely.get_num_interior_rings(geoms) == 0) & ~shapely.is_empty(geoms)
    rings = np.flatnonzero(plain)
    if rings.size:
        xy, owner = shapely.get_coordinates(shapely.get_exterior_ring(geoms[rings]), return_index=True)
        ends = np.searchsorted(owner, np.arange(rings.size + 1))
        for k, (a, b) in enumerate(zip(ends[:-1], ends[1:], strict=True)):
            out[rings[k]] = abs(GEOD.polygon_area_perimeter(xy[a:b, 0], xy[a:b, 1])[0])
    for i in np.flatnonzero(~plain):
        out[i] = geodesic_area(geoms[i])
    return out


def _polygon_area(polygon: shapely.Polygon) -> float:
    def ring(r) -> float:
        x, y = np.asarray(r.coords).T[:2]
        return abs(GEOD.polygon_area_perimeter(x, y)[0])

    return ring(polygon.exterior) - sum(ring(h) for h in polygon.interiors)


def geodesic_length(geometry: shapely.Geometry) -> float:
    """Length in metres of a line (or perimeter of a polygon) on the ellipsoid."""
    if geometry is None or geometry.is_empty:
        return 0.0
    return float(GEOD.geometry_length(geometry))


class Densified(NamedTuple):
    """Points placed along geodesic segments by :func:`densify_segments` (one entry per point)."""

    segment: np.ndarray   #: index of the segment the point lies on
    offset_m: np.ndarray  #: metres from the segment's start
    lon: np.ndarray
    lat: np.ndarray
    azimuth: np.ndarray   #: forward azimuth at the point, degrees clockwise from north (not wrapped)
    piece_m: np.ndarray   #: length of the equal piece the point belongs to, metres
    length_m: np.ndarray  #: per segment: its geodesic length, metres
    pieces: np.ndarray    #: per segment: how many equal pieces it was cut into


def densify_segments(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike, max_step_m: float, *,
                     at: float = 0.0) -> Densified:
    """Cut each geodesic segment into equal pieces of at most ``max_step_m`` metres.

    The one geodesic densification in geo: the distance engine, distance
    bands and border regions all place their points with it. Segment ``k``
    is cut into ``n_k = ceil(length_k / max_step_m)`` equal pieces (at least
    one); a point is placed at fraction ``at`` of each piece (0: the piece's
    start, the segment's own start vertex exactly; 0.5: its midpoint). The
    segment ends are not repeated.

    Parameters
    ----------
    lon1, lat1, lon2, lat2:
        Segment ends in degrees, one entry per segment.
    max_step_m:
        Longest piece, metres.
    at:
        Where in each piece its point lies, 0 <= at < 1.

    Examples
    --------
    >>> d = densify_segments([36.0], [50.0], [37.0], [50.0], 30_000)
    >>> int(d.pieces[0]), [round(float(o)) for o in d.offset_m]
    (3, [0, 23898, 47797])
    """
    lon1, lat1, lon2, lat2 = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    az0, _, length = GEOD.inv(lon1, lat1, lon2, lat2)
    az0, length = np.asarray(az0, dtype=float), np.asarray(length, dtype=float)
    pieces = np.maximum(1, np.ceil(length / max_step_m).astype(np.int64))
    segment = np.repeat(np.arange(pieces.size), pieces)
    step = np.arange(segment.size) - np.repeat(np.r_[0, np.cumsum(pieces)[:-1]], pieces)
    offset = length[segment] * (step + at) / pieces[segment]
    lon, lat, back = GEOD.fwd(lon1[segment], lat1[segment], az0[segment], offset)
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    azimuth = np.asarray(back, dtype=float) + 180.0
    if at == 0.0:  # a segment's first point is its start vertex, exactly
        start = step == 0
        lon[start], lat[start], azimuth[start] = lon1[segment[start]], lat1[segment[start]], az0[segment[start]]
    return Densified(segment, offset, lon, lat, azimuth, length[segment] / pieces[segment], length, pieces)
