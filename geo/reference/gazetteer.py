"""Populated places (GeoNames, 500+ people) and looking them up by name.

The gazetteer and its name index are precompiled when the data is built
(``data/build_gazetteer.py``): ``gazetteer.parquet`` holds one row per place,
largest first, and ``gazetteer_index.npz`` every name and alternate name
folded by :func:`geo.reference._fold.fold` (case, accents, Cyrillic script,
apostrophes) and sorted, with the rows each names, plus a looser index by
:func:`~geo.reference._fold.skeleton` that merges transliteration variants
(Graivoron and Grayvoron). Nothing is indexed at run time: a lookup is a
binary search over the bundled keys.
"""

from __future__ import annotations

import bisect
import functools
import json
import logging
import threading
from typing import TYPE_CHECKING

import numpy as np

from geo.errors import PlaceNotFoundError
from geo.reference import _columns_cache
from geo.reference._datafiles import arrow_numpy, data_file
from geo.reference._fold import fold, skeleton
from geo.reference._place import Place
from geo.settings import settings

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["Place", "places", "shared_places", "place_arrays", "geocode", "best_match", "normalize_name", "candidates_for",
           "read_index", "GEONAMES_ATTRIBUTION", "VILLAGES_ATTRIBUTION", "BUNDLED_FLOOR"]

log = logging.getLogger(__name__)

#: Credit line GeoNames' CC BY 4.0 licence asks for, shown on maps and reports.
GEONAMES_ATTRIBUTION = "Places: GeoNames (CC BY 4.0)"
#: Credit for the villages below GeoNames' floor (``source`` column), where a map or report names one.
VILLAGES_ATTRIBUTION = {"MIMU 9.6": "Villages: MIMU (Myanmar Information Management Unit)",
                        "OpenStreetMap (ODbL) via safesignal-geo 0.2.0": "Villages: © OpenStreetMap contributors (ODbL)"}

_CORE = ["geonameid", "name", "country", "country_a2", "admin1code", "admin1", "admin2", "feature_code",
         "population", "lon", "lat", "source"]
#: Text columns with few distinct values: read dictionary-encoded, each value becomes one Python string.
_CODED = ["country", "country_a2", "admin1code", "admin1", "admin2", "feature_code", "source"]
#: The bundled gazetteer's floor: GeoNames ``cities500``. At this setting (the default) a name that no
#: place of 500+ people carries is looked up among the places below it (villages without a population
#: figure): geocode finds them, nearest-town searches (which take a population floor) never list them.
BUNDLED_FLOOR = 500
#: Held while the columns or the name index are first read: a thread reading them ahead
#: (:func:`read_ahead`) and a look-up in the caller's thread never read the same data twice.
_READING = threading.RLock()
#: A match on a place's own name counts as this many times the population of an alternate-name match.
_PRIMARY_WEIGHT = 20.0


def normalize_name(text: str) -> str:
    """Fold a place name for matching: case, accents, Cyrillic script, apostrophes, dashes and spaces.

    >>> normalize_name("  Bélgorod "), normalize_name("Белгород"), normalize_name("Ivano-Frankivs'k")
    ('belgorod', 'belgorod', 'ivano frankivsk')
    """
    return fold(text)


# --------------------------------------------------------------------------- data

@functools.cache
def _file(path: str):
    import pyarrow.parquet as pq

    return pq.ParquetFile(path)


@functools.cache
def _column(path: str, name: str, lazy: bool = False) -> np.ndarray:
    """One column of every place (population, country codes): decoded from the cache, else read alone."""
    return _columns_cache.column(
        path, name, lambda: arrow_numpy(_coded_file(path).read(columns=[name], use_threads=False).column(name)),
        lazy=lazy)


@functools.cache
def _coded_file(path: str):
    """The gazetteer with its repetitive text columns read dictionary-encoded (for NumPy, not for pandas)."""
    import pyarrow.parquet as pq

    return pq.ParquetFile(path, read_dictionary=_CODED)


def _population(path: str) -> np.ndarray:
    return _column(path, "population")


def _row(path: str, row: int) -> dict:
    """One place's values, reading only the row group (8,192 places) that holds it."""
    pf = _file(path)
    size = pf.metadata.row_group(0).num_rows
    group = pf.read_row_group(row // size, columns=_CORE, use_threads=False)
    values = group.slice(row % size, 1).to_pylist()[0]  # plain values: no DataFrame machinery for one row
    values["lon"], values["lat"] = values["lon"] / 1e5, values["lat"] / 1e5
    return values


def _size(min_population: int | None) -> int:
    return settings.places_min_population if min_population is None else int(min_population)


def _count(min_population: int) -> int:
    """How many places (a prefix: they are sorted by population) have at least ``min_population``."""
    population = _population(str(data_file("gazetteer.parquet")))
    return int(np.searchsorted(-population, -min_population, side="right"))


@functools.lru_cache(maxsize=8)
def _places_cached(min_population: int, alternate_names: bool = True) -> gpd.GeoDataFrame:
    import geopandas as gpd  # only for the frame with point geometry: geocode and look-ups do without
    import pyarrow.parquet as pq

    path = str(data_file("gazetteer.parquet"))
    count = _count(min_population)
    frame = _core_frame(_file(path).read(columns=_CORE).slice(0, count))
    if alternate_names:
        alternates = pq.read_table(data_file("gazetteer_alternates.parquet")).column("alternate_names")
        frame.insert(2, "alternate_names", alternates.slice(0, count).to_numpy(zero_copy_only=False))
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")


def _core_frame(table) -> pd.DataFrame:
    frame = table.to_pandas()
    frame["geonameid"] = frame["geonameid"].astype("int64")
    frame["population"] = frame["population"].astype("int64")
    frame["lon"] = frame["lon"].to_numpy() / 1e5  # stored as integers of 1e-5 degree, GeoNames' precision
    frame["lat"] = frame["lat"].to_numpy() / 1e5
    return frame


def places(*, min_population: int | None = None, alternate_names: bool = True) -> gpd.GeoDataFrame:
    """The gazetteer: GeoNames places of 500+ people (``cities500``).

    Parameters
    ----------
    min_population:
        Smallest place kept; defaults to ``geo.settings.places_min_population``.
    alternate_names:
        False leaves the ``alternate_names`` column out (a third of the data;
        nearest-town searches do not need it).

    Returns
    -------
    GeoDataFrame
        ``geonameid``, ``name``, ``alternate_names`` (``|``-separated, in
        every script GeoNames holds), ``country`` (ISO A3), ``country_a2``,
        ``admin1code`` (GeoNames), ``admin1`` (its name), ``admin2`` (the
        township or local government area of a village from the lists below
        GeoNames' floor, "" elsewhere), ``feature_code``,
        ``population``, ``lon``, ``lat`` (degrees), ``source`` (``"GeoNames"``
        or the village list of a place below GeoNames' floor: ``"MIMU 9.6"``,
        ``"OpenStreetMap (ODbL) via safesignal-geo 0.2.0"``), point ``geometry``
        (EPSG:4326); largest places first. A copy, like :func:`geo.countries`:
        change it freely.

    Examples
    --------
    >>> import geo
    >>> towns = geo.places(min_population=500)
    >>> len(towns) > 190_000, towns["name"].iat[0] == "Shanghai"
    (True, True)
    """
    return _places_cached(_size(min_population), bool(alternate_names)).copy()


def shared_places(*, min_population: int | None = None, alternate_names: bool = True) -> gpd.GeoDataFrame:
    """:func:`places` without the copy, for geo's own read-only lookups (called per name, per article)."""
    return _places_cached(_size(min_population), bool(alternate_names))


def _arrays(min_population: int, columns: tuple[str, ...], lazy: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    with _READING:
        return _read_arrays(min_population, columns, lazy)


@functools.lru_cache(maxsize=16)
def _read_arrays(min_population: int, columns: tuple[str, ...], lazy: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    path = str(data_file("gazetteer.parquet"))
    count = _count(min_population)
    return {name: _degrees(name, _column(path, name, name in lazy)[:count]) for name in columns}


def _degrees(name: str, values: np.ndarray) -> np.ndarray:
    """``lon``/``lat`` in degrees (stored as integers of 1e-5 degree); other columns as they are."""
    return values / 1e5 if name in ("lon", "lat") else values


def _table_arrays(table, columns: tuple[str, ...]) -> dict[str, np.ndarray]:
    """``columns`` of a gazetteer table as NumPy, ``lon``/``lat`` in degrees (stored as integers of 1e-5 degree)."""
    return {name: _degrees(name, arrow_numpy(table.column(name))) for name in columns}


def place_arrays(*columns: str, min_population: int | None = None, lazy: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    """Columns of :func:`places` as numpy arrays (read once, shared: do not modify), without a GeoDataFrame.

    For geo's own bulk look-ups (nearest towns, plausibility checks): a tenth
    of the memory of :func:`places` (no point geometries, no alternate names).
    Text columns named in ``lazy`` come, when geo's cache holds them, as a
    :class:`~geo.reference._columns_cache.TextColumn` that decodes a value
    when it is read (for callers that read a few rows of 300,000 names).

    >>> import geo
    >>> towns = geo.reference.place_arrays("lon", "lat", "name", min_population=1_000_000)
    >>> towns["name"][0], towns["lon"].dtype.name
    ('Shanghai', 'float64')
    """
    unknown = [c for c in columns if c not in _CORE]
    if unknown:
        raise ValueError(f"no gazetteer column {unknown[0]!r}; the columns are {', '.join(_CORE)}")
    return _arrays(_size(min_population), tuple(columns), tuple(c for c in lazy if c in columns))


def place_values(rows: np.ndarray, *columns: str) -> dict[str, np.ndarray]:
    """Columns of :func:`places` at row positions (as :func:`candidates_for` gives them), reading only the
    row groups (8,192 places each) that hold those rows: a few names' towns without every town's columns.

    >>> import geo
    >>> geo.reference.gazetteer.place_values([0], "name")["name"].tolist()
    ['Shanghai']
    """
    unknown = [c for c in columns if c not in _CORE]
    if unknown:
        raise ValueError(f"no gazetteer column {unknown[0]!r}; the columns are {', '.join(_CORE)}")
    rows = np.asarray(rows, dtype=np.int64)
    path = str(data_file("gazetteer.parquet"))
    size = _coded_file(path).metadata.row_group(0).num_rows
    group = rows // size
    parts = {int(g): _group_arrays(path, int(g), tuple(columns)) for g in np.unique(group)}
    out = {}
    for name in columns:
        values = np.empty(rows.size, dtype=next(iter(parts.values()))[name].dtype if parts else object)
        for g, arrays in parts.items():
            at = group == g
            values[at] = arrays[name][rows[at] - g * size]
        out[name] = values
    return out


@functools.lru_cache(maxsize=32)
def _group_arrays(path: str, group: int, columns: tuple[str, ...]) -> dict[str, np.ndarray]:
    return _table_arrays(_coded_file(path).read_row_group(group, columns=list(columns), use_threads=False), columns)


# --------------------------------------------------------------------------- the name index

class _Keys:
    """Sorted UTF-8 keys packed in one buffer (a uint8 array, maybe memory-mapped), indexable for :mod:`bisect`."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray):
        self._blob, self._offsets = blob, offsets

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i: int) -> bytes:
        return self._blob[int(self._offsets[i]):int(self._offsets[i + 1])].tobytes()


class _Index:
    """One name index: sorted keys, and for each the rows (and how they match) it names."""

    def __init__(self, path: str, prefix: str):
        self._path, self._prefix = path, prefix
        self._loaded: tuple[_Keys, np.ndarray, np.ndarray, np.ndarray | None] | None = None

    def _decompress(self) -> dict[str, np.ndarray]:
        """This index's arrays from the bundled file (zstd frames inside the ``.npz``, read one by one)."""
        import pyarrow as pa

        out = {}
        with np.load(self._path) as npz:
            meta = json.loads(npz["meta"].tobytes())["arrays"]
            for name in ("len", "count", "kind", "blob", "rows"):
                key = f"{self._prefix}_{name}"
                if key not in meta:
                    continue
                dtype, size = meta[key]
                raw = pa.Codec("zstd").decompress(memoryview(npz[key]), decompressed_size=np.dtype(dtype).itemsize * size,
                                                  asbytes=True)
                out[name] = np.frombuffer(raw, dtype=dtype)
        return out

    @property
    def _tables(self) -> tuple[_Keys, np.ndarray, np.ndarray, np.ndarray | None]:
        tables = self._loaded
        if tables is None:
            with _READING:  # decompressed once, whichever thread comes first
                if self._loaded is None:
                    self._loaded = self._load()
                tables = self._loaded
        return tables

    def _load(self) -> tuple[_Keys, np.ndarray, np.ndarray, np.ndarray | None]:
        arrays = _columns_cache.mapped(self._path, f"index-{self._prefix}", self._build)
        return _Keys(arrays["blob"], arrays["offsets"]), arrays["starts"], arrays["rows"], arrays.get("kind")

    def _build(self) -> dict[str, np.ndarray]:
        """The index as searched: keys' byte offsets and each key's first row, from the bundled lengths and counts."""
        arrays = self._decompress()
        lengths, counts = arrays.pop("len"), arrays.pop("count")
        offsets = np.zeros(lengths.size + 1, dtype="int32")  # < 2**31 bytes and rows: half the memory of int64
        np.cumsum(lengths, out=offsets[1:], dtype="int32")
        starts = np.zeros(counts.size + 1, dtype="int32")
        np.cumsum(counts, out=starts[1:], dtype="int32")
        return {**arrays, "offsets": offsets, "starts": starts}

    def find(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """(rows, kinds) a folded key names; empty arrays when none."""
        keys, starts, rows, kind = self._tables
        encoded = key.encode("utf-8")
        i = bisect.bisect_left(keys, encoded)
        if i < len(keys) and keys[i] == encoded:
            hit = slice(int(starts[i]), int(starts[i + 1]))
            return rows[hit], (kind[hit] if kind is not None else np.full(hit.stop - hit.start, 2, "uint8"))
        return np.empty(0, dtype="int32"), np.empty(0, dtype="uint8")


def _index(path: str) -> tuple[_Index, _Index]:
    """The exact and the loose (skeleton) index; each read (from the cache, else decompressed) when first searched."""
    with _READING:
        return _open_index(path)


@functools.cache
def _open_index(path: str) -> tuple[_Index, _Index]:
    return _Index(path, "exact"), _Index(path, "loose")


def read_index() -> None:
    """Decompress both name indexes now (they are otherwise read by the first look-up that needs each)."""
    for index in _index(str(data_file("gazetteer_index.npz"))):
        index._tables  # noqa: B018 - the property reads and keeps them


def _lookup(name: str, min_population: int, loose: bool) -> tuple[np.ndarray, np.ndarray]:
    """Rows of places matching ``name`` and how: 0 own name, 1 alternate name, 2 transliteration variant."""
    exact, fuzzy = _index(str(data_file("gazetteer_index.npz")))
    key = fold(name)
    rows, kind = exact.find(key)
    if rows.size == 0 and loose and key:
        # Keys that are their own skeleton sit only in the exact index (the build leaves them out of the loose one).
        loose_key = skeleton(key)
        both = np.sort(np.concatenate([exact.find(loose_key)[0], fuzzy.find(loose_key)[0]]))
        rows = both[np.r_[True, both[1:] != both[:-1]]] if both.size else both  # np.union1d, without numpy.ma
        kind = np.full(rows.size, 2, dtype="uint8")
    keep = rows < _count(min_population)
    return rows[keep].astype("int64"), kind[keep]


def candidates_for(name: str, *, min_population: int | None = None, loose: bool = True) -> np.ndarray:
    """Row positions in :func:`places` whose name or an alternate name matches.

    Parameters
    ----------
    name:
        A place name in any script or spelling GeoNames holds.
    min_population:
        As in :func:`places`; rows are positions in ``places(min_population=...)``.
    loose:
        When no name matches exactly (after folding), accept transliteration
        variants: "Graivoron" finds Grayvoron.

    Examples
    --------
    >>> import geo
    >>> rows = geo.reference.candidates_for("Graivoron", min_population=500)
    >>> geo.places(min_population=500)["name"].iloc[rows].tolist()
    ['Grayvoron']
    """
    rows, _ = _lookup(name, _size(min_population), loose)
    return np.sort(rows)


def geocode(name: str, *, country: str | None = None, min_population: int | None = None) -> Place:
    """The best gazetteer match for a place name.

    Matches the name and every alternate name (any script; case, accents,
    apostrophes ignored; Cyrillic also matches its romanisation), then
    transliteration variants ("Graivoron" finds Grayvoron). A place's own
    name counts for 20 times its population against an alternate-name
    match, so "Kharkov" is the city of 1.4 million, not a village called so.
    At the default floor (``geo.settings.places_min_population`` 500) a
    name that no place of 500+ people carries is looked up among the
    villages below it: GeoNames places without a population figure and the
    bundled per-country village lists (Myanmar: MIMU; Nigeria: OpenStreetMap;
    ``source`` says which), so "Pa Zi Gyi" finds the village in Sagaing.

    Parameters
    ----------
    name:
        Place name, e.g. ``"Belgorod"``, ``"Белгород"``, ``"Prudianka"``.
    country:
        Restrict to one country (ISO A3 or A2).
    min_population:
        As in :func:`places`.

    Returns
    -------
    Place
        One row of :func:`places` without ``alternate_names``, as a read-only
        mapping with attribute access (``hit["name"]``, ``hit.name``):
        ``name``, ``country``, ``admin1``, ``population`` (int), ``lon``,
        ``lat`` (float, degrees), point ``geometry`` (shapely, built when first
        read), ...; ``match`` says how it matched (``"name"``, ``"alternate
        name"``, ``"transliteration"``). ``hit.to_series()`` gives the row as
        a ``pandas.Series``. Reading a place needs neither pandas nor shapely.

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
    >>> geo.geocode("Prudianka").admin1
    'Kharkiv'
    """
    row, kind = _best(name, country, _size(min_population))
    found = _row(str(data_file("gazetteer.parquet")), row)
    found["match"] = ("name", "alternate name", "transliteration")[kind]
    return Place(found, row)


def best_match(name: str, *, country: str | None = None, min_population: int | None = None) -> int:
    """The row in :func:`places` that :func:`geocode` returns for ``name``, without reading the row.

    For geo's own checks (does this name geocode back to this town?) with no
    pandas or shapely involved.

    Raises
    ------
    PlaceNotFoundError
        When nothing matches, as :func:`geocode`.
    """
    return _best(name, country, _size(min_population))[0]


def _matches(name: str, country: str | None, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows matching ``name`` (and ``country``) among places of ``size``+ people, and how each matched."""
    rows, kind = _lookup(name, size, loose=True)
    if country is not None and rows.size:
        code = str(country).strip().upper()
        path = str(data_file("gazetteer.parquet"))
        keep = _column(path, "country_a2" if len(code) == 2 else "country")[rows] == code
        rows, kind = rows[keep], kind[keep]
    return rows, kind


def _best(name: str, country: str | None, size: int) -> tuple[int, int]:
    """(row, how it matched) of the best match; see :func:`geocode`."""
    rows, kind = _matches(name, country, size)
    if rows.size == 0 and size == BUNDLED_FLOOR:
        rows, kind = _matches(name, country, 0)  # a village below the floor, when no town carries the name
    if rows.size == 0:
        where = f" in {country}" if country else ""
        held = f"places of {size:,}+ people" + (" and the villages below" if size == BUNDLED_FLOOR else "")
        raise PlaceNotFoundError(
            f"no place called {name!r}{where} in the gazetteer ({held})",
            hint="check the spelling, try another spelling or the local-language name, "
                 "lower geo.settings.places_min_population, or give lon/lat instead")
    population = _population(str(data_file("gazetteer.parquet")))[rows].astype(float)
    score = np.where(kind == 0, _PRIMARY_WEIGHT, 1.0) * (population + 1.0)
    best = int(np.lexsort((rows, -score))[0])
    return int(rows[best]), int(kind[best])
