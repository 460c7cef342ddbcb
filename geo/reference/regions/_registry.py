"""The regions geo knows: bundled ones and those a user registers, by country."""

from __future__ import annotations

import functools
import itertools
import logging
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import InputError, PlaceNotFoundError, RepairWarning, SchemaError
from geo.geodesy import geodesic_area
from geo.reference._datafiles import data_file, read_geoparquet
from geo.reference.countries import check_code, countries

__all__ = ["regions", "region_names", "register_region_frame", "unregister_regions"]

log = logging.getLogger(__name__)

_COLUMNS = ["name", "name_alt", "code", "country", "type", "names", "keys", "own_keys", "source", "geometry"]
#: Credit shown in the ``source`` column of every bundled region.
SOURCE = "Natural Earth 10m admin-1 (public domain)"
_REGISTERED: dict[str, gpd.GeoDataFrame] = {}
#: Keys the caches: 0 while only the bundled regions are in use (so caches built for them serve again after
#: every registered layer is removed), otherwise a number never used before, taken at each (un)registration.
_generation = [0]
_issued = itertools.count(1)
_FILE = "admin1.parquet"
_READ = ["name", "name_local", "code", "country", "type", "names", "keys", "own_keys", "geometry"]


# --------------------------------------------------------------------------- data

def _shape(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = frame.rename(columns={"name_local": "name_alt"}).assign(source=SOURCE)
    return frame[_COLUMNS]


@functools.cache
def _bundled(path: str) -> gpd.GeoDataFrame:
    """Every bundled region (Natural Earth admin-1, 4,595 of 247 countries)."""
    return _shape(read_geoparquet(path, columns=_READ))


@functools.lru_cache(maxsize=32)
def _bundled_country(path: str, code: str) -> gpd.GeoDataFrame:
    """One country's bundled regions, read alone (the file is sorted by country)."""
    if _bundled.cache_info().currsize:  # everything is in memory already
        frame = _bundled(path)
        return frame[frame["country"] == code].reset_index(drop=True)
    return _shape(read_geoparquet(path, columns=_READ, filters=[("country", "==", code)]))


@functools.lru_cache(maxsize=4)
def _all_regions(generation: int) -> gpd.GeoDataFrame:
    bundled = _bundled(str(data_file(_FILE)))
    keep = bundled[~bundled["country"].isin(list(_REGISTERED))]
    frames = [keep, *(_REGISTERED[c] for c in sorted(_REGISTERED))]
    frame = pd.concat(frames, ignore_index=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def _current() -> gpd.GeoDataFrame:
    return _all_regions(_generation[0])


def _changed() -> None:
    """The registered layers changed: key the caches anew (0 again once only bundled regions are left)."""
    _generation[0] = next(_issued) if _REGISTERED else 0


def _country_code(code: str) -> str:
    return check_code(code)


def _no_regions(code: str) -> PlaceNotFoundError:
    have = ", ".join(sorted(set(_current()["country"])))
    return PlaceNotFoundError(
        f"no first-level regions known for {code}",
        hint=f"regions are bundled or registered for {have}; add {code}'s with "
             f"geo.register_regions('regions.gpkg', country={code!r}) (any vector file with a name column)")


def regions(country: str | None = None) -> gpd.GeoDataFrame:
    """First-level regions, bundled and user-registered.

    Parameters
    ----------
    country:
        ISO A3 code (``"RUS"``), case-insensitive; ``None`` for all.

    Returns
    -------
    GeoDataFrame
        ``name`` (English, "Kharkiv Oblast"), ``name_alt`` (romanised local
        name, Natural Earth's "Kharkiv", "L'viv"), ``code`` (ISO 3166-2,
        ``"UA-63"``), ``country`` (ISO A3 of the bundled country it lies in,
        German point of view: Crimea is UKR), ``type`` ("Region", "State",
        ...), ``names`` (every spelling known, ``|``-separated, for
        matching), ``source`` and polygon ``geometry`` (EPSG:4326), edges
        exactly along the bundled borders. A copy: change it freely.

    Raises
    ------
    UnknownCountryError
        For a code the bundled countries do not hold.
    PlaceNotFoundError
        When no regions are known for that country.

    Examples
    --------
    >>> import geo
    >>> oblasts = geo.regions("UKR")
    >>> len(oblasts), oblasts.loc[oblasts["code"] == "UA-63", "name"].item()
    (27, 'Kharkiv Oblast')
    """
    if country is None:
        return _current().copy()
    code = _country_code(country)
    subset = _country_regions(code)
    if subset.empty:
        raise _no_regions(code)
    return subset.copy()


def _country_regions(code: str) -> gpd.GeoDataFrame:
    """One country's regions (registered ones replace the bundled), without reading the others."""
    if code in _REGISTERED:
        return _REGISTERED[code].reset_index(drop=True)
    return _bundled_country(str(data_file(_FILE)), code)


def region_names(country: str | None = None) -> list[str]:
    """Names of the known regions (of one country), sorted."""
    return sorted(regions(country)["name"])


# --------------------------------------------------------------------------- user layers

def unregister_regions(country: str | None = None) -> None:
    """Forget registered regions (of one country, or all); bundled ones come back."""
    if country is None:
        _REGISTERED.clear()
    else:
        _REGISTERED.pop(_country_code(country), None)
    _changed()





def register_region_frame(frame: gpd.GeoDataFrame, *, country: str, label: str = "regions layer",
                          name_column: str = "name", code_column: str | None = None,
                          clip: bool = True) -> gpd.GeoDataFrame:
    """Add (or replace) one country's regions from a polygon layer already read.

    :func:`geo.register_regions` reads a file and calls this; see there for
    the parameters. ``label`` names the layer in messages and in the
    ``source`` column.
    """
    code = _country_code(country)
    frame = _validate_layer(frame, label, name_column=name_column, code_column=code_column)
    out = gpd.GeoDataFrame({
        "name": frame[name_column].astype(str).str.strip(),
        "name_alt": None,
        "code": frame[code_column].astype(str).str.strip() if code_column else None,
        "country": code,
        "type": None,
        "names": None,
        "keys": None,  # folded when first looked up by name
        "own_keys": None,
        "source": label,
    }, geometry=frame.geometry.values, crs="EPSG:4326")
    out = _merge_same_name(out)
    if clip:
        out = _clip_to_country(out, code)
    _REGISTERED[code] = out[_COLUMNS].reset_index(drop=True)
    _changed()
    log.info("registered %d regions for %s from %s", len(out), code, label)
    return _REGISTERED[code].copy()


def _validate_layer(frame: gpd.GeoDataFrame, label: str, *, name_column: str,
                    code_column: str | None) -> gpd.GeoDataFrame:
    for column, option in ((name_column, "name_column"), (code_column, "code_column")):
        if column is not None and column not in frame.columns:
            others = [c for c in frame.columns if c != frame.geometry.name]
            raise SchemaError(f"no column {column!r}; the columns are {', '.join(map(str, others[:15]))}",
                              source=label, hint=f"pass {option}= with the column that holds it")
    if frame.empty:
        raise InputError("has zero features", source=label, hint="add at least one region polygon")
    geoms = frame.geometry
    missing = geoms.isna() | geoms.is_empty
    if missing.any():
        raise InputError("feature has no geometry", source=label, location=_features(missing),
                         hint="draw the region's polygon or drop the feature")
    wrong = ~geoms.geom_type.isin(["Polygon", "MultiPolygon"])
    if wrong.any():
        kind = geoms[wrong].geom_type.iloc[0]
        raise InputError(f"feature is a {kind}, not a polygon", source=label, location=_features(wrong),
                         hint="regions need polygon geometries (export the areas, not their outlines or centres)")
    names = frame[name_column].astype("string").str.strip()
    blank = names.isna() | names.eq("")
    if blank.any():
        raise InputError(f"feature has an empty {name_column!r}", source=label, location=_features(blank),
                         hint="give every region a name")
    frame = frame.to_crs("EPSG:4326") if frame.crs.to_epsg() != 4326 else frame
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        warnings.warn(f"{label}: {_features(invalid)} had invalid polygons (e.g. self-intersections); "
                      "repaired with shapely.make_valid", RepairWarning, stacklevel=3)
        frame = frame.set_geometry(frame.geometry.make_valid())
    return frame


def _features(mask: pd.Series) -> str:
    where = [int(i) + 1 for i in np.flatnonzero(mask.to_numpy())]
    shown = ", ".join(map(str, where[:5])) + (f" and {len(where) - 5} more" if len(where) > 5 else "")
    return f"feature {shown}" if len(where) == 1 else f"features {shown}"


def _merge_same_name(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if not frame["name"].duplicated().any():
        return frame
    merged = frame.dissolve(by="name", aggfunc="first", sort=False).reset_index()
    log.info("merged features sharing a name into %d multi-part regions", len(merged))
    return gpd.GeoDataFrame(merged, geometry="geometry", crs="EPSG:4326")


def _clip_to_country(frame: gpd.GeoDataFrame, code: str) -> gpd.GeoDataFrame:
    world = countries()
    others = world[world["iso_a3"] != code]
    tree = shapely.STRtree(others.geometry.values)
    geoms = []
    for name, geom in zip(frame["name"], frame.geometry.values, strict=True):
        hits = tree.query(geom, predicate="intersects")
        if hits.size:
            cut = shapely.difference(geom, shapely.union_all(others.geometry.values[hits]))
            lost = geodesic_area(geom) - geodesic_area(cut)
            if lost > 1e6:
                log.info("%s: %.0f km2 lie in %s and were cut away", name, lost / 1e6,
                         ", ".join(sorted(others["iso_a3"].values[hits])))
            geom = cut
        geoms.append(geom)
    empty = [n for n, g in zip(frame["name"], geoms, strict=True) if g.is_empty]
    if empty:
        raise InputError(f"regions {', '.join(empty[:5])} lie wholly outside {code}", source=frame["source"].iat[0],
                         hint=f"check country={code!r} and the layer's CRS, or pass clip=False")
    return frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs="EPSG:4326"))


