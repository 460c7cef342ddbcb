"""Proximity: exact geodesic distance to borders, distance bands, nearest towns, country of a point.

Every distance is measured on the WGS84 ellipsoid with GeographicLib's
algorithms (through :class:`pyproj.Geod`), never in degrees or a projection.
Coordinates are (lon, lat) in EPSG:4326; distances metres; azimuths degrees
clockwise from true north in [0, 360).

A border segment between two vertices is the **geodesic** between them. For
the Natural Earth 10m Russia-Ukraine border (segments up to 16 km, median
2 km) this differs from a straight line drawn in lon/lat by at most a few
metres, and by centimetres on most segments.

Examples
--------
>>> import geopandas as gpd, geo
>>> belgorod = gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.58091], [50.60343]), crs="EPSG:4326")
>>> result = geo.distance_to_border(belgorod, ("RUS", "UKR"))
>>> round(float(result["border_distance_m"].iloc[0]) / 1000, 1)
35.4
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import _segments
from .errors import InputError, MissingCRSError
from .geodesy import GEOD, compass_point, geodesic_area
from .reference import border as _country_border
from .reference import countries, country, land_borders, places
from .regions import locate_regions
from .schema import _rows

__all__ = ["distance_to_border", "border_bands", "classify_bands", "nearest_places", "locate", "place_phrase",
           "band_label", "border_lines"]

log = logging.getLogger(__name__)

BorderSpec = Any  # LineString | MultiLineString | GeoDataFrame | GeoSeries | (str, str) | str
#: Below this distance (m) a point is on the border and has no bearing to it.
ON_BORDER_M = 1e-3


# --------------------------------------------------------------------------- inputs

def _points_lonlat(points: gpd.GeoDataFrame | gpd.GeoSeries, *, what: str = "points"
                   ) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) arrays of a point layer, after checking CRS and geometry type."""
    if not isinstance(points, (gpd.GeoDataFrame, gpd.GeoSeries)):
        raise InputError(f"{what} must be a GeoDataFrame of points, got {type(points).__name__}",
                         hint="build one with geopandas.GeoDataFrame(df, geometry=geopandas.points_from_xy("
                              "df.lon, df.lat), crs='EPSG:4326') or read it with geo.read_table")
    geometry = points.geometry if isinstance(points, gpd.GeoDataFrame) else points
    if geometry.crs is None:
        raise MissingCRSError(f"{what} have no coordinate reference system",
                              hint="set one, e.g. frame.set_crs('EPSG:4326') for lon/lat degrees")
    if not geometry.crs.equals("EPSG:4326") and geometry.crs.to_epsg() != 4326:
        geometry = geometry.to_crs(4326)
    values = geometry.values
    missing = np.asarray(shapely.is_missing(values) | shapely.is_empty(values))
    if missing.any():
        raise InputError(f"{what} have missing or empty geometries", location=_rows(missing),
                         hint="drop those rows or give them coordinates")
    kinds = np.asarray(shapely.get_type_id(values))
    if (kinds != 0).any():
        bad = kinds != 0
        raise InputError(f"{what} must be Points; found {geometry[bad].geom_type.iloc[0]}", location=_rows(bad),
                         hint="use centroids (frame.geometry.centroid) or representative points for areas")
    coords = shapely.get_coordinates(values)
    lon, lat = coords[:, 0], coords[:, 1]
    bad = ~(np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90) & (np.abs(lon) <= 540))
    if bad.any():
        raise InputError(f"{what} have coordinates that are not valid lon/lat degrees", location=_rows(bad),
                         hint="check the CRS: lon must be -180..180 and lat -90..90")
    return lon, lat


def _check_lonlat_line(geometry: shapely.Geometry) -> None:
    coords = shapely.get_coordinates(geometry)
    if coords.size and (np.abs(coords[:, 1]).max() > 90 or np.abs(coords[:, 0]).max() > 540):
        raise InputError("border coordinates are not lon/lat degrees (shapely geometries carry no CRS)",
                         hint="pass a GeoDataFrame with its CRS, or reproject the line to EPSG:4326")


def border_lines(border: BorderSpec) -> tuple[list[shapely.Geometry], list[str]]:
    """Resolve a border argument into line geometries (EPSG:4326) and their labels.

    Accepts a (Multi)LineString in lon/lat, a GeoDataFrame or GeoSeries of
    lines (any CRS; a ``countries`` column becomes the labels), a pair of ISO
    A3 codes such as ``("RUS", "UKR")``, the string ``"RUS-UKR"``, or
    ``"nearest"`` for every international land border.
    """
    if isinstance(border, str):
        text = border.strip()
        if text.lower() == "nearest":
            table = land_borders()
            return list(table.geometry), list(table["countries"])
        parts = [p for p in text.replace("_", "-").replace(",", "-").replace(" ", "-").split("-") if p]
        if len(parts) != 2:
            raise InputError(f"cannot read {border!r} as a border",
                             hint="give two ISO A3 codes such as 'RUS-UKR', or 'nearest'")
        return border_lines(tuple(parts))
    if isinstance(border, (tuple, list)) and len(border) == 2 and all(isinstance(c, str) for c in border):
        a, b = sorted(code.strip().upper() for code in border)
        return [_country_border(a, b)], [f"{a}-{b}"]
    if isinstance(border, (gpd.GeoDataFrame, gpd.GeoSeries)):
        series = border.geometry if isinstance(border, gpd.GeoDataFrame) else border
        if series.crs is None:
            raise MissingCRSError("the border lines have no coordinate reference system",
                                  hint="set one, e.g. lines.set_crs('EPSG:4326')")
        series = series.to_crs(4326)
        labels = (list(border["countries"].astype(str)) if isinstance(border, gpd.GeoDataFrame)
                  and "countries" in border.columns else [""] * len(series))
        keep = [i for i, g in enumerate(series) if g is not None and not g.is_empty]
        lines = [series.iloc[i] for i in keep]
        _check_line_types(lines)
        return lines, [labels[i] for i in keep]
    if isinstance(border, shapely.Geometry):
        _check_line_types([border])
        _check_lonlat_line(border)
        return [border], [""]
    raise InputError(f"cannot use a {type(border).__name__} as a border",
                     hint="pass a LineString, a GeoDataFrame of lines, ('RUS', 'UKR'), 'RUS-UKR' or 'nearest'")


def _check_line_types(lines: Sequence[shapely.Geometry]) -> None:
    for i, line in enumerate(lines):
        if line.geom_type not in ("LineString", "MultiLineString", "LinearRing"):
            hint = "use polygon.boundary for a polygon's outline" if "Polygon" in line.geom_type else None
            raise InputError(f"border feature {i + 1} is a {line.geom_type}, not a line", hint=hint)
    if not lines:
        raise InputError("the border has no line features", hint="pass at least one LineString")


@functools.lru_cache(maxsize=16)
def _cached_index(key: str) -> _segments.BorderIndex:
    lines, labels = border_lines(key)
    return _segments.build_index(lines, labels)


def _index_for(border: BorderSpec) -> _segments.BorderIndex:
    if isinstance(border, _segments.BorderIndex):  # prepared once, e.g. broadcast to dask workers
        return border
    if isinstance(border, str):
        key = border.strip()
        if key.lower() != "nearest":
            lines, labels = border_lines(key)  # validates codes and gives a canonical key
            key = labels[0]
        return _cached_index(key.lower() if key.lower() == "nearest" else key)
    if isinstance(border, (tuple, list)) and len(border) == 2 and all(isinstance(c, str) for c in border):
        return _index_for("-".join(border))
    lines, labels = border_lines(border)
    return _segments.build_index(lines, labels)


# --------------------------------------------------------------------------- distance

def distance_to_border(points: gpd.GeoDataFrame, border: BorderSpec, *,
                       progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """Exact geodesic distance from each point to the nearest point of a border.

    Parameters
    ----------
    points:
        GeoDataFrame (or GeoSeries) of Points in any CRS (reprojected to
        EPSG:4326). An ``uncertainty_m`` column (metres) adds distance bounds.
        A ``dask_geopandas.GeoDataFrame`` gives a lazy dask DataFrame of the
        same columns, computed per partition (see :mod:`geo.distributed`).
    border:
        A (Multi)LineString in (lon, lat); a GeoDataFrame of lines; a pair of
        ISO A3 codes such as ``("RUS", "UKR")`` or the string ``"RUS-UKR"``;
        or ``"nearest"`` for the nearest international land border of any
        country pair.
    progress:
        Called as ``progress(n)`` after each batch of ``n`` points.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``points``:

        ``border_distance_m``
            metres on the WGS84 ellipsoid to the nearest border point
            (accurate to millimetres; 0 on the border).
        ``border_lon``, ``border_lat``
            that nearest point, degrees (placed to within 1 m along the
            border; its distance is exact to 1 mm).
        ``border_bearing_deg``
            azimuth at the point towards it, degrees clockwise from north;
            NaN on the border (closer than 1 mm), where it is undefined.
        ``border_distance_min_m``, ``border_distance_max_m``
            only with ``uncertainty_m``: ``max(0, d - r)`` and ``d + r``, the
            bounds for a site anywhere within ``r`` of the point (the maximum is
            exact for a straight border, conservative for a bent one). NaN
            where the radius is missing: an unknown radius is not zero.
        ``border_countries``
            with ``border="nearest"`` (or lines with a ``countries`` column):
            the pair measured to, e.g. ``"RUS-UKR"``.

    Raises
    ------
    MissingCRSError
        If ``points`` has no CRS.
    InputError
        For non-point or missing geometries, a negative radius, or a border
        that cannot be read; UnknownCountryError / NoSharedBorderError for
        bad country codes.

    Examples
    --------
    >>> import geopandas as gpd, geo
    >>> pts = gpd.GeoDataFrame({"uncertainty_m": [8000.0]},
    ...                        geometry=gpd.points_from_xy([36.58091], [50.60343]), crs="EPSG:4326")
    >>> out = geo.distance_to_border(pts, "RUS-UKR")
    >>> float(round(out.border_distance_min_m.iloc[0] / 1000, 1)), geo.compass_point(out.border_bearing_deg.iloc[0])
    (27.4, 'S')
    >>> geo.distance_to_border(pts, "nearest").border_countries.iloc[0]
    'RUS-UKR'
    """
    from .distributed import is_dask_frame

    if is_dask_frame(points):
        from .distributed import distance_to_border_dask

        return distance_to_border_dask(points, border)
    lon, lat = _points_lonlat(points)
    radius = _uncertainty(points)
    index = _index_for(border)
    measured = _segments.measure(index, lon, lat, progress=progress)
    frame = pd.DataFrame({
        "border_distance_m": measured.distance_m,
        "border_lon": measured.lon,
        "border_lat": measured.lat,
        "border_bearing_deg": np.where(measured.distance_m < ON_BORDER_M, np.nan, measured.bearing_deg),
    }, index=points.index)
    if radius is not None:
        frame["border_distance_min_m"] = np.maximum(0.0, measured.distance_m - radius)
        frame["border_distance_max_m"] = measured.distance_m + radius
    if any(index.labels) and (not isinstance(border, (str, tuple, list)) or _is_nearest(border)):
        labels = np.asarray(index.labels, dtype=object)
        frame["border_countries"] = labels[measured.label]
    return frame


def _is_nearest(border: BorderSpec) -> bool:
    return isinstance(border, str) and border.strip().lower() == "nearest"


def _uncertainty(points: gpd.GeoDataFrame | gpd.GeoSeries) -> np.ndarray | None:
    if not isinstance(points, gpd.GeoDataFrame) or "uncertainty_m" not in points.columns:
        return None
    radius = pd.to_numeric(points["uncertainty_m"], errors="coerce").to_numpy(dtype=float)
    bad = (radius < 0) | np.isinf(radius)
    text_bad = points["uncertainty_m"].notna().to_numpy() & np.isnan(radius)
    if bad.any() or text_bad.any():
        raise InputError("uncertainty_m must be a number of metres >= 0", location=_rows(bad | text_bad),
                         hint="give the radius in metres (e.g. 5000), or leave it empty when unknown")
    return radius


# --------------------------------------------------------------------------- bands

def band_label(inner_m: float, outer_m: float) -> str:
    """``"10–25 km"`` for a band from 10 to 25 km (en dash, km with at most one decimal)."""
    def km(value: float) -> str:
        return f"{round(value / 1000, 1):g}"

    return f"{km(inner_m)}–{km(outer_m)} km"


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
    if _is_nearest(border):
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
    az, _, length = GEOD.inv(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])
    k = np.maximum(1, np.ceil(np.asarray(length) / step_m).astype(int))
    seg = np.repeat(np.arange(k.size), k)
    frac = (np.arange(seg.size) - np.repeat(np.r_[0, np.cumsum(k)[:-1]], k)) / k[seg]
    lon, lat, _ = GEOD.fwd(coords[seg, 0], coords[seg, 1], np.asarray(az)[seg], np.asarray(length)[seg] * frac)
    lon, lat = np.asarray(lon), np.asarray(lat)
    starts = frac == 0
    lon[starts], lat[starts] = coords[seg[starts], 0], coords[seg[starts], 1]
    return np.r_[lon, coords[-1, 0]], np.r_[lat, coords[-1, 1]], np.r_[starts, True]


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
    lon, lat = _points_lonlat(points)
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
    """Per point, the label of the lowest-numbered tree geometry it lies in (None if none)."""
    pt, geom = tree.query(points, predicate="intersects")
    first = np.full(len(points), np.iinfo(np.int64).max)
    np.minimum.at(first, pt, geom)
    hit = first < len(labels)
    values = np.full(len(points), None, dtype=object)
    values[hit] = labels[first[hit]]
    return values


# --------------------------------------------------------------------------- towns

@functools.lru_cache(maxsize=4)
def _town_tree(min_population: int):
    from scipy.spatial import cKDTree

    towns = places(min_population=min_population)
    xyz = _segments.ecef(towns["lon"].to_numpy(), towns["lat"].to_numpy())
    return towns, cKDTree(xyz)


def place_phrase(distance_m: float, bearing_deg: float, name: str) -> str:
    """How far and which way a point lies from a town: ``"34 km SW of Belgorod"``.

    ``bearing_deg`` is the azimuth from the town to the point. Under 1 km the
    distance is given in metres rounded to 100 m (``"400 m N of Belgorod"``);
    under 50 m the point is ``"at Belgorod"``.

    >>> place_phrase(34_200, 225, "Belgorod"), place_phrase(420, 10, "Shebekino"), place_phrase(20, 0, "Kharkiv")
    ('34 km SW of Belgorod', '400 m N of Shebekino', 'at Kharkiv')
    """
    if not np.isfinite(distance_m):
        return ""
    if distance_m < 50:
        return f"at {name}"
    direction = compass_point(bearing_deg)
    if distance_m < 950:
        return f"{int(round(distance_m, -2))} m {direction} of {name}"
    return f"{max(1, round(distance_m / 1000))} km {direction} of {name}"


def nearest_places(points: gpd.GeoDataFrame | gpd.GeoSeries, k: int = 3, *,
                   min_population: int | None = None) -> pd.DataFrame:
    """The ``k`` nearest gazetteer towns of each point, by geodesic distance.

    Parameters
    ----------
    points:
        Points in any CRS.
    k:
        Towns per point.
    min_population:
        Smallest town considered; defaults to ``geo.settings.places_min_population``.

    Returns
    -------
    pandas.DataFrame
        ``k`` rows per point, nearest first: ``point`` (index label of the
        input point), ``rank`` (1..k), ``name``, ``country`` (ISO A3),
        ``population``, ``distance_m`` (ellipsoidal), ``bearing_deg``
        (azimuth from the town to the point), ``phrase`` (see
        :func:`place_phrase`), town ``lon``, ``lat``.

    Examples
    --------
    >>> import geopandas as gpd, geo
    >>> pt = gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.3], [50.4]), crs="EPSG:4326")
    >>> geo.nearest_places(pt, k=1, min_population=100_000).phrase.iloc[0]
    '30 km SW of Belgorod'
    """
    from .settings import settings

    if int(k) < 1:
        raise InputError(f"k must be at least 1, got {k}")
    k = int(k)
    size = settings.places_min_population if min_population is None else int(min_population)
    lon, lat = _points_lonlat(points)
    towns, tree = _town_tree(size)
    k = min(k, len(towns))
    town, distance, bearing = _k_nearest_towns(lon, lat, k, towns, tree)
    names = towns["name"].to_numpy()[town]
    return pd.DataFrame({
        "point": np.repeat(np.asarray(points.index, dtype=object), k),
        "rank": np.tile(np.arange(1, k + 1), lon.size),
        "name": names,
        "country": towns["country"].to_numpy()[town],
        "population": towns["population"].to_numpy()[town],
        "distance_m": distance,
        "bearing_deg": bearing,
        "phrase": [place_phrase(d, b, name) for d, b, name in zip(distance, bearing, names, strict=True)],
        "lon": towns["lon"].to_numpy()[town],
        "lat": towns["lat"].to_numpy()[town],
    })


def _k_nearest_towns(lon: np.ndarray, lat: np.ndarray, k: int, towns: gpd.GeoDataFrame, tree: Any
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flat (town row, distance m, azimuth town->point) arrays, k per point, nearest first.

    Candidates come from the KD-tree by chord; a chord never exceeds the
    geodesic, so once the k-th geodesic distance is below the farthest
    candidate's chord, no town outside the candidates can be nearer. Points
    where that is not proven are searched again, wider.
    """
    tlon, tlat = towns["lon"].to_numpy(), towns["lat"].to_numpy()
    town = np.zeros((lon.size, k), dtype=np.int64)
    distance, bearing = np.zeros((lon.size, k)), np.zeros((lon.size, k))
    rows, width = np.arange(lon.size), min(k + 8, len(towns))
    while rows.size:
        chord, idx = tree.query(_segments.ecef(lon[rows], lat[rows]), k=width)
        chord, idx = chord.reshape(rows.size, width), idx.reshape(rows.size, width)
        az, _, dist = GEOD.inv(tlon[idx].ravel(), tlat[idx].ravel(), np.repeat(lon[rows], width),
                               np.repeat(lat[rows], width))
        dist, az = np.asarray(dist).reshape(rows.size, width), np.asarray(az).reshape(rows.size, width)
        order = np.argsort(dist, axis=1, kind="stable")[:, :k]
        town[rows] = np.take_along_axis(idx, order, axis=1)
        distance[rows] = np.take_along_axis(dist, order, axis=1)
        bearing[rows] = np.mod(np.take_along_axis(az, order, axis=1), 360.0)
        proven = (distance[rows, -1] <= chord[:, -1]) | (width >= len(towns))
        rows, width = rows[~proven], min(len(towns), width * 8)
    return town.ravel(), distance.ravel(), bearing.ravel()


# --------------------------------------------------------------------------- countries

@functools.lru_cache(maxsize=2)
def _country_tree(_: int = 0) -> tuple[np.ndarray, shapely.STRtree]:
    world = countries()
    order = np.argsort(world["iso_a3"].to_numpy(), kind="stable")
    geoms = world.geometry.to_numpy()[order]
    return world["iso_a3"].to_numpy()[order], shapely.STRtree(geoms)


def locate(points: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.DataFrame:
    """The country each point lies in.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``points``, column ``country``: ISO A3 code of the
        Natural Earth 10m country containing the point, ``None`` at sea (or
        in Antarctica's ice shelves where Natural Earth has no land). A point
        exactly on a shared border gets the first code alphabetically.
        Polygon edges are read as straight lines in lon/lat, as Natural
        Earth draws them. Column ``region``: the first-level region
        (:func:`geo.locate_regions`), ``None`` where no region is known.

    Examples
    --------
    >>> import geopandas as gpd, geo
    >>> pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.58, 36.23, 30.0], [50.60, 49.99, 43.0]),
    ...                        crs="EPSG:4326")
    >>> geo.locate(pts).country.tolist()
    ['RUS', 'UKR', None]
    """
    lon, lat = _points_lonlat(points)
    codes, tree = _country_tree()
    wrapped = ((lon + 180.0) % 360.0) - 180.0
    values = _first_hit_labels(tree, shapely.points(wrapped, lat), np.asarray(codes, dtype=object))
    region = locate_regions(gpd.GeoSeries(shapely.points(wrapped, lat), index=points.index, crs="EPSG:4326"))
    return pd.DataFrame({"country": pd.Series(values, index=points.index, dtype=object), "region": region})
