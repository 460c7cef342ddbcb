"""Natural Earth countries and their shared land borders, bundled with geo."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import shapely

from geo.errors import InputError, NoSharedBorderError, UnknownCountryError
from geo.reference._datafiles import data_file, read_geoparquet
from geo.reference._pointin import holds_xy

__all__ = ['countries', 'country', 'country_at', 'border', 'land_borders', 'natural_earth_version', 'check_code',
           'parse_border', 'NEAREST', 'countries_near', 'simplified_world']

@functools.cache
def _countries_cached(path: str) -> gpd.GeoDataFrame:
    if not _country_shapes.cache_info().currsize:
        return read_geoparquet(path)
    # The polygons are decoded already (country_at, country()): read the other columns only.
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    names = [n for n in parquet.schema_arrow.names if n != _BBOX]
    frame = parquet.read(columns=[n for n in names if n != "geometry"]).to_pandas()
    geometry = gpd.GeoSeries(_country_shapes(path), index=frame.index, crs="EPSG:4326")
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")[names]


@functools.cache
def _country_codes(path: str) -> tuple[str, ...]:
    """The bundled ``iso_a3`` codes, read alone: naming a border needs no country shapes (``ParquetFile``, not
    ``read_table``, which imports and starts pyarrow's dataset machinery)."""
    import pyarrow.parquet as pq

    return tuple(pq.ParquetFile(path).read(columns=["iso_a3"]).column("iso_a3").to_pylist())


def countries() -> gpd.GeoDataFrame:
    """World countries at Natural Earth 10m.

    Returns
    -------
    GeoDataFrame
        One row per country or territory: ``iso_a3`` (unique three-letter
        code; ISO 3166-1 alpha-3 where one exists, else Natural Earth's
        ADM0_A3, e.g. ``KOS``), ``name``, ``name_long``, names in several
        languages (``name_ru``, ``name_uk``, ...), ``continent``, ``pop_est``,
        label point (``label_lon``, ``label_lat``) and ``geometry``
        (EPSG:4326). A copy: change it freely.

    Examples
    --------
    >>> import geo
    >>> world = geo.countries()
    >>> world.crs.to_epsg(), "RUS" in set(world.iso_a3)
    (4326, True)
    """
    return _countries_cached(str(data_file("countries.parquet"))).copy()


def countries_near(box: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """The rows of :func:`countries` whose polygon's bounding box meets ``box`` or whose label point lies in it.

    Only those countries' polygons are decoded (their row groups), unless
    every polygon is in memory already. Rows keep the file's order (by ``iso_a3``).

    Parameters
    ----------
    box:
        (min lon, min lat, max lon, max lat), degrees.
    """
    path = str(data_file("countries.parquet"))
    frame = _attributes(path)
    minx, miny, maxx, maxy = box
    bounds = _country_bounds(path)
    near = ((bounds[:, 0] <= maxx) & (bounds[:, 2] >= minx) & (bounds[:, 1] <= maxy) & (bounds[:, 3] >= miny)
            | (frame["label_lon"].between(minx, maxx) & frame["label_lat"].between(miny, maxy)).to_numpy())
    rows = np.flatnonzero(near)
    geometry = [_country_shape(path, int(row)) for row in rows]
    out = frame.iloc[rows]
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(geometry, index=out.index, crs="EPSG:4326"), crs="EPSG:4326")


@functools.cache
def _attributes(path: str):
    """Every column of the countries but their polygons (and boxes), as a pandas frame."""
    if _countries_cached.cache_info().currsize:
        return _countries_cached(path).drop(columns="geometry")
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    return parquet.read(columns=[n for n in parquet.schema_arrow.names if n not in ("geometry", _BBOX)]).to_pandas()


def simplified_world(tolerance_deg: float) -> tuple[np.ndarray, np.ndarray] | None:
    """(land polygons, land border lines) of the whole world simplified at ``tolerance_deg`` (lines at half of
    it), as ``data/build_countries.py`` bundles them for the basemap; ``None`` when the bundled ones were
    simplified at another tolerance (or are not there).

    They are what ``shapely.simplify(..., preserve_topology=False)`` makes of :func:`countries` and
    :func:`land_borders`, empty results dropped.
    """
    try:
        path = data_file("world_basemap.parquet")
    except InputError:
        return None
    layers = _simplified_world(str(path))
    land, lines, tolerance = layers
    return (land, lines) if tolerance == float(tolerance_deg) else None


@functools.cache
def _simplified_world(path: str) -> tuple[np.ndarray, np.ndarray, float]:
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path).read(columns=["kind", "tolerance_deg", "geometry"])
    kind = np.asarray(table.column("kind").to_pylist(), dtype=object)
    geoms = shapely.from_wkb(table.column("geometry").to_numpy(zero_copy_only=False))
    tolerance = table.column("tolerance_deg").to_numpy()
    land = kind == "land"
    return geoms[land], geoms[~land], float(tolerance[land][0]) if land.any() else float("nan")


def natural_earth_version() -> str:
    """Version of the bundled Natural Earth data, e.g. ``"5.1.1"``."""
    try:
        return data_file("countries.VERSION.txt").read_text(encoding="utf-8").strip()
    except Exception:  # provenance only; never fail a map for it
        return "unknown"


def check_code(code: str, known: Iterable[str] | None = None) -> str:
    """``code`` upper case if ``known`` (default: the bundled countries' ``iso_a3``) holds it, else
    :class:`UnknownCountryError` naming the near ones."""
    if known is None:
        known = _country_codes(str(data_file("countries.parquet")))
    if not isinstance(code, str):
        raise UnknownCountryError(f"country code must be a string like 'RUS', got {code!r}")
    upper = code.strip().upper()
    known = set(known)
    if upper not in known:
        close = sorted(k for k in known if k[:2] == upper[:2])[:5]
        hint = f"did you mean {', '.join(close)}?" if close else "use an ISO 3166-1 alpha-3 code such as 'UKR'"
        raise UnknownCountryError(f"unknown country code {code!r}", hint=hint)
    return upper


def country(code: str) -> shapely.Geometry:
    """The polygon of one country, by ISO A3 code (case-insensitive).

    >>> import geo
    >>> geo.country("UKR").geom_type
    'MultiPolygon'
    """
    path = str(data_file("countries.parquet"))
    return _country_shape(path, _country_codes(path).index(check_code(code, _country_codes(path))))


#: GeoParquet 1.1 covering column of the bundled countries: each polygon's bounding box.
_BBOX = "bbox"


@functools.cache
def _country_shapes(path: str) -> np.ndarray:
    """Every country's polygon in file order (as :func:`_country_codes`), decoded from the geometry column
    alone: no DataFrame of the other 18 columns unless :func:`countries` has read it already."""
    if _countries_cached.cache_info().currsize:
        return _countries_cached(path).geometry.to_numpy()
    import pyarrow.parquet as pq

    column = pq.ParquetFile(path).read(columns=["geometry"]).column("geometry")
    return shapely.from_wkb(column.to_numpy(zero_copy_only=False))


@functools.cache
def _country_shape(path: str, row: int) -> shapely.Geometry:
    """One country's polygon, decoding only its row group (``data/build_countries.py`` writes about 16
    groups) unless every polygon is decoded already."""
    if _country_shapes.cache_info().currsize or _countries_cached.cache_info().currsize:
        return _country_shapes(path)[row]
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    meta, start = parquet.metadata, 0
    for group in range(meta.num_row_groups):
        size = meta.row_group(group).num_rows
        if row < start + size:
            wkb = parquet.read_row_group(group, columns=["geometry"]).column("geometry")[row - start].as_py()
            return shapely.from_wkb(wkb)
        start += size
    raise IndexError(f"no row {row} in {path}")


@functools.cache
def _country_bounds(path: str) -> np.ndarray:
    """(min lon, min lat, max lon, max lat) of every country in file order, from the ``bbox`` covering column
    when the file has one (no polygon decoded), else from the polygons."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    if _BBOX not in parquet.schema_arrow.names or _country_shapes.cache_info().currsize:
        return shapely.bounds(_country_shapes(path))
    boxes = parquet.read(columns=[_BBOX]).column(_BBOX).combine_chunks()
    return np.column_stack([boxes.field(name).to_numpy(zero_copy_only=False)
                            for name in ("xmin", "ymin", "xmax", "ymax")]).astype(float)


@functools.cache
def _borders_cached(path: str) -> gpd.GeoDataFrame:
    return read_geoparquet(path)


@functools.cache
def _border_lines(path: str) -> dict[str, shapely.Geometry]:
    """Each border's line by ``"A-B"`` (``a < b``), the first row of each: :func:`border` is asked for the same
    lines again and again (16 times in a map of one border), and a dictionary answers at once where selecting
    the row of the table took ~2 ms each time."""
    table = _borders_cached(path)
    lines: dict[str, shapely.Geometry] = {}
    for pair, line in zip(table["countries"].tolist(), table.geometry.values, strict=True):
        lines.setdefault(pair, line)
    return lines


def land_borders() -> gpd.GeoDataFrame:
    """Every land border between two countries.

    Returns
    -------
    GeoDataFrame
        Columns ``a``, ``b`` (ISO A3, ``a < b``), ``countries`` (``"A-B"``)
        and ``geometry`` (LineString or MultiLineString, EPSG:4326).
    """
    return _borders_cached(str(data_file("borders.parquet"))).copy()


def border(a: str, b: str) -> shapely.LineString | shapely.MultiLineString:
    """The land border two countries share, computed from their polygons.

    Parameters
    ----------
    a, b:
        ISO A3 codes, case-insensitive, in any order.

    Returns
    -------
    LineString or MultiLineString
        In EPSG:4326, (lon, lat) order.

    Raises
    ------
    UnknownCountryError
        For a code the bundled countries do not hold.
    NoSharedBorderError
        When the two share no land border (e.g. ``("FRA", "UKR")``).

    Examples
    --------
    >>> import geo
    >>> line = geo.border("RUS", "UKR")
    >>> line.geom_type
    'LineString'
    """
    known = _country_codes(str(data_file("countries.parquet")))
    a = check_code(a, known)
    b = check_code(b, known)
    if a == b:
        raise NoSharedBorderError(f"a border needs two different countries, got {a} twice")
    lo, hi = sorted((a, b))
    path = str(data_file("borders.parquet"))
    line = _border_lines(path).get(f"{lo}-{hi}")
    if line is None:
        table = _borders_cached(path)
        neighbours = sorted(set(table.loc[table["a"] == a, "b"]) | set(table.loc[table["b"] == a, "a"]))
        hint = (f"{a} shares land borders with {', '.join(neighbours)}" if neighbours
                else f"{a} has no land border in Natural Earth 10m")
        raise NoSharedBorderError(f"{a} and {b} share no land border", hint=hint)
    return line


#: The border spec meaning "each point's nearest international land border".
NEAREST = "nearest"
#: Between the two codes: a hyphen or en/em dash, a slash, a comma, an underscore, or spaces.
_SEPARATOR = re.compile(r"\s*[-\u2013\u2014/,_]\s*|\s+")
_FORMS = "two ISO A3 codes such as 'RUS-UKR' ('RUS UKR', 'RUS/UKR', 'RUS, UKR' and ('RUS', 'UKR') also work)"


def parse_border(spec: str | tuple[str, str] | list[str], *, allow_nearest: bool = True) -> tuple[str, str] | str:
    """Read a border as written by a person: the one grammar of the API, scenarios and the CLI.

    Accepted forms, case-insensitive, surrounding spaces ignored:

    - two ISO 3166-1 alpha-3 codes (as bundled: ``countries().iso_a3``)
      joined by one separator: ``"RUS-UKR"``, ``"RUS–UKR"`` (en dash),
      ``"RUS/UKR"``, ``"RUS, UKR"``, ``"RUS_UKR"``, ``"RUS UKR"``;
    - a pair ``("RUS", "UKR")`` or ``["RUS", "UKR"]``;
    - ``"nearest"``: each point's nearest international land border (only
      where ``allow_nearest``).

    Parameters
    ----------
    spec:
        The border as written.
    allow_nearest:
        Whether ``"nearest"`` is accepted (it is not a pair of countries).

    Returns
    -------
    tuple of str or str
        The two codes, upper case, in the order written (a border has no
        direction: ``"UKR-RUS"`` and ``"RUS-UKR"`` are the same line; sort
        them for a key), or :data:`NEAREST`.

    Raises
    ------
    InputError
        Not two codes (``"RUS"``, ``"RUS-UKR-BLR"``, ``"RUS--UKR"``), the
        same code twice, or ``"nearest"`` where a pair is needed.
    UnknownCountryError
        A code the bundled countries do not hold (with the near ones).

    Examples
    --------
    >>> parse_border("rus/ukr"), parse_border(("UKR", "RUS")), parse_border(" Nearest ")
    (('RUS', 'UKR'), ('UKR', 'RUS'), 'nearest')
    """
    if isinstance(spec, str) and spec.strip().casefold() == NEAREST:
        if not allow_nearest:
            raise InputError("'nearest' is not a pair of countries; here the border must be a pair of countries",
                             hint=f"write {_FORMS}")
        return NEAREST
    if isinstance(spec, str):
        parts = _SEPARATOR.split(spec.strip())
    elif isinstance(spec, (tuple, list)) and all(isinstance(p, str) for p in spec):
        parts = [p.strip() for p in spec]
    else:
        parts = []
    if len(parts) != 2 or not all(parts):
        also = ", or 'nearest'" if allow_nearest else ""
        raise InputError(f"cannot read {spec!r:.60} as a border: it must be two ISO A3 codes",
                         hint=f"write {_FORMS}{also}")
    known = _country_codes(str(data_file("countries.parquet")))
    a, b = (check_code(p, known) for p in parts)
    if a == b:
        raise InputError(f"{spec!r:.60} names {a} twice; a country has no border with itself",
                         hint="name the two countries either side of the border, e.g. 'RUS-UKR'")
    return a, b


#: Points spread over at most this many countries' envelopes are tested country by country on their
#: coordinates (no point geometries: a third of the time on 100,000 incidents); more go through the tree.
_FEW_COUNTRIES = 16


def _country_at_few(lon: np.ndarray, lat: np.ndarray, path: str) -> np.ndarray | None:
    """:func:`country_at` for points whose bounding box meets few countries' envelopes, else None.

    The same answer as the tree: each country (in code order) tests the points
    inside its envelope not yet placed, with the same boundary-inclusive
    predicate, so the alphabetically first country holding a point wins. Only
    the countries tested are decoded (their row groups; see :func:`_country_shape`).
    """
    finite = np.isfinite(lon) & np.isfinite(lat)
    if not finite.any():
        return None
    codes = np.array(_country_codes(path), dtype=object)
    order = np.argsort(codes, kind="stable")
    codes, box = codes[order], _country_bounds(path)[order]
    west, east = float(lon[finite].min()), float(lon[finite].max())
    south, north = float(lat[finite].min()), float(lat[finite].max())
    near = np.flatnonzero((box[:, 0] <= east) & (box[:, 2] >= west) & (box[:, 1] <= north) & (box[:, 3] >= south))
    if near.size > _FEW_COUNTRIES:
        return None
    out = np.full(lon.size, None, dtype=object)
    for i in near:
        rows = np.flatnonzero(finite & (out == None) & (lon >= box[i, 0]) & (lon <= box[i, 2])  # noqa: E711
                              & (lat >= box[i, 1]) & (lat <= box[i, 3]))
        if rows.size:
            # cut to the points near it, then prepared: Russia's 36,000 vertices are not walked per point
            shape = _country_shape(path, int(order[i]))
            out[rows[holds_xy(shape, lon[rows], lat[rows])]] = codes[i]
    return out


@functools.cache
def _country_tree(path: str) -> tuple[np.ndarray, shapely.STRtree]:
    """Countries sorted by ISO A3 code, prepared once, in an STR tree."""
    codes = np.array(_country_codes(path), dtype=object)
    order = np.argsort(codes, kind="stable")
    geoms = _country_shapes(path)[order]
    shapely.prepare(geoms)  # once: unprepared, every query would prepare Russia's 10m outline again
    return codes[order], shapely.STRtree(geoms)


def country_at(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """ISO A3 code of the country each (lon, lat) lies in, ``None`` at sea.

    The one answer to "which country is this point in" (used by
    :func:`geo.locate` and the input plausibility checks). Longitudes are
    wrapped into -180..180; a point on a shared border (or in overlapping
    polygons) gets the alphabetically first code. Polygon edges are straight
    lines in lon/lat, as Natural Earth draws them.

    >>> country_at(np.array([36.58, 36.23, 30.0]), np.array([50.60, 49.99, 43.0])).tolist()
    ['RUS', 'UKR', None]
    """
    lon = ((np.asarray(lon, dtype=float) + 180.0) % 360.0) - 180.0
    lat = np.asarray(lat, dtype=float)
    path = str(data_file("countries.parquet"))
    out = np.full(lon.size, None, dtype=object)
    if lon.size == 0:
        return out
    by_country = _country_at_few(lon, lat, path)
    if by_country is not None:
        return by_country
    codes, tree = _country_tree(path)
    points = shapely.points(lon, lat)
    # Envelope candidates first, then the exact test on the prepared countries: a predicate inside
    # query() would prepare the points instead and walk Russia's 36,000 vertices for each one.
    pt, poly = tree.query(points)
    inside = shapely.intersects(tree.geometries.take(poly), points.take(pt))
    first = np.full(lon.size, np.iinfo(np.int64).max)
    np.minimum.at(first, pt[inside], poly[inside])  # tree order is code order: the first code wins
    hit = first < len(codes)
    out[hit] = codes[first[hit]]
    return out
