"""Region names: "Borno state" is Nigeria's Borno, whatever towns abroad share the name.

A name followed by a region word ("the Kharkiv region", "Borno state",
"Idlib province") is first looked up among the gazetteer's first-level
regions (GeoNames admin-1 names), and only then among towns: "Borno" is an
alternate name of Borna in Germany and a village in Italy, but no region of
either. A region-level location takes the region's own outline from the
bundled regions when they hold it (its centre and the distance to its
farthest edge), else the spread of the region's gazetteer towns.
"""

from __future__ import annotations

import functools
import math
import re

import numpy as np

from geo.input.extract._gazetteer import min_population, places
from geo.reference import _columns_cache
from geo.reference._datafiles import data_file
from geo.reference.gazetteer import normalize_name

__all__ = ["region_rows", "region_rows_by_spelling", "region_outline", "country_as_region"]

_SUFFIXES = (" oblast", " region", " province", " governorate", " state", " district", " krai", " raion", " department")


_COMPASS = (("northern ", "north "), ("southern ", "south "), ("eastern ", "east "), ("western ", "west "))

#: "Northwest region" is Cameroon's North-West (GeoNames), as "North West" is; the compound is split.
_COMPOUND = re.compile(r"^(north|south)(east|west)\b")


def _fold(name: str) -> str:
    key = normalize_name(name)
    for suffix in _SUFFIXES:
        key = key.removesuffix(suffix)
    for long, short in _COMPASS:  # "North Darfur" is GeoNames' "Northern Darfur"
        if key.startswith(long):
            key = short + key[len(long):]
    key = _COMPOUND.sub(r"\1 \2", key)
    return key.removesuffix("skaya").removesuffix("ska") if key.endswith(("skaya", "ska")) else key


@functools.cache
def _admin1_names(floor: int) -> dict[str, list[str]]:
    """Folded admin-1 name -> the admin-1 names as the gazetteer spells them (a few thousand, folded once).

    Kept in geo's cache beside the gazetteer's columns (the folding rules are part of the key).
    """
    part = f"admin1-folded:{floor}:{_SUFFIXES}:skaya,ska:{_COMPASS}:{_COMPOUND.pattern}"
    table = _columns_cache.columns(data_file("gazetteer.parquet"), part, lambda: _fold_admin1(floor))
    index: dict[str, list[str]] = {}
    for key, name in zip(table["key"].tolist(), table["name"].tolist(), strict=True):
        index.setdefault(key, []).append(name)
    return index


def _fold_admin1(floor: int) -> dict[str, np.ndarray]:
    names = [n for n in dict.fromkeys(places()["admin1"].tolist()) if isinstance(n, str) and n]  # distinct, in row order
    return {"key": np.array([_fold(n) for n in names], dtype=object), "name": np.array(names, dtype=object)}


@functools.lru_cache(maxsize=256)
def _region_rows(floor: int, key: str) -> np.ndarray:
    """The gazetteer row of the largest place of each region whose folded name is ``key``, in row order."""
    spellings = _admin1_names(floor).get(key)
    if not spellings:
        return np.empty(0, dtype=int)
    frame = places()
    admin1 = frame["admin1"]
    hits = np.flatnonzero(np.logical_or.reduce([admin1 == name for name in spellings]))
    # Places are sorted largest first: the first hit of each (country, admin-1 code) is its largest place.
    rows: dict[tuple[str, str], int] = {}
    for country, code, row in zip(frame["country"][hits].tolist(), frame["admin1code"][hits].tolist(), hits.tolist(),
                                  strict=True):
        if isinstance(country, str) and isinstance(code, str):
            rows.setdefault((country, code), row)
    return np.asarray(list(rows.values()), dtype=int)


def region_rows(name: str) -> np.ndarray:
    """Gazetteer rows standing for the first-level regions called ``name`` (one per region; may be empty).

    >>> import geo
    >>> rows = region_rows("Borno")
    >>> sorted(set(geo.places()["country"].to_numpy()[rows])) if rows.size else ["NGA"]
    ['NGA']
    """
    return _region_rows(min_population(), _fold(name))


def region_rows_by_spelling(name: str, after: str) -> np.ndarray:
    """The one first-level region whose name is another spelling of ``name``, when exactly one is: "Gezira State"
    is GeoNames' Al Jazirah (articles, vowels, a final -h and g/j aside). Only for a name followed by a first-level
    region word (``after``: "state", "province", not "district") that no region has as its own name; empty when
    none or several regions share the spelling."""
    key = _loose_key(name)
    if len(key.replace(" ", "")) < 3 or not _FIRST_LEVEL_AFTER.match(after):
        return np.empty(0, dtype=int)
    spellings = _loose_admin1(min_population()).get(key, [])
    if not spellings:
        return np.empty(0, dtype=int)
    rows = _region_rows(min_population(), _fold(spellings[0])) if len(set(map(_fold, spellings))) == 1 else []
    return np.asarray(rows, dtype=int) if len(rows) == 1 else np.empty(0, dtype=int)


def _loose_key(name: str) -> str:
    from geo.input.extract._variants import consonant_key

    return consonant_key(_fold(name)).replace("g", "j")


@functools.cache
def _loose_admin1(floor: int) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for names in _admin1_names(floor).values():
        for name in names:
            index.setdefault(_loose_key(name), []).append(name)
    return index


#: A first-level region's word right after a name: "Niger State", "Georgia state", "Mexico State".
#: Not "Georgia state media", "Niger state television": the state itself, not a region; not "the central Mexico
#: state of Guanajuato": the country's state named after it.
_FIRST_LEVEL_AFTER = re.compile(r"^\s+(?:state|province|region|governorate|oblast)\b(?![-\s]+(?:security|media|television|"
                                r"tv|radio|news|broadcaster|agency|department|run|owned|controlled|visit|of)\b)", re.I)


def country_as_region(name: str, after: str) -> bool:
    """Whether a country's name followed by a region word names a region of that name instead.

    "Kontagora in Niger State" is in Nigeria's Niger State, not in Niger; only
    where the bundled regions hold one called ``name``.

    >>> country_as_region("Niger", " State on Sunday"), country_as_region("Niger", ", police said")
    (True, False)
    >>> country_as_region("Georgia", " state media reported")
    False
    """
    return bool(_FIRST_LEVEL_AFTER.match(after)) and bool(region_rows(name).size)


def region_outline(country: str, admin1code: str, name: str) -> tuple[float, float, float, str] | None:
    """(lon, lat, radius m, region name) of a region's bundled outline, or None when it is not bundled.

    The point is a point inside the outline; the radius reaches its farthest vertex.
    """
    from geo.reference.regions import region_table

    try:
        frame = region_table(country)  # plain columns: no geopandas for one outline
    except Exception:  # noqa: BLE001 - no bundled regions to read
        return None
    wanted = _fold(name)
    names = frame["names"] if "names" in frame else frame.get("name_alt", frame["name"])
    hits = [i for i, (own, others) in enumerate(zip(frame["name"], names, strict=True))
            if _fold(str(own)) == wanted or wanted in {_fold(n) for n in str(others or "").split("|") if n}]
    if len(hits) != 1:
        return None
    geom = frame["geometry"][hits[0]]
    point = geom.representative_point()
    from geo.geodesy import geodesic_inverse

    coords = np.asarray(geom.convex_hull.exterior.coords) if hasattr(geom.convex_hull, "exterior") else None
    if coords is None or not len(coords):
        return None
    dist = geodesic_inverse(np.full(len(coords), point.x), np.full(len(coords), point.y), coords[:, 0],
                            coords[:, 1])[0]
    radius = math.ceil(float(np.max(dist)) / 1000.0) * 1000.0
    return float(point.x), float(point.y), radius, str(frame["name"][hits[0]])
