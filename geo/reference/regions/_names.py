"""Region names as people write them: Oblast/Krai, Cyrillic, and regions named with their border."""

from __future__ import annotations

import difflib
import functools
import warnings
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import GeoWarning, PlaceNotFoundError
from geo.reference._datafiles import data_file
from geo.reference._fold import fold
from geo.reference.countries import border, land_borders, parse_border
from geo.reference.regions._along_border import SNAP_TOLERANCE_M, border_shares
from geo.reference.regions._local import degree_margin
from geo.reference.regions._registry import _FILE, _REGISTERED, _bundled, _country_regions, _current, _generation

__all__ = ['lookup_regions']

_GENERIC = {
    "oblast", "oblasti", "obl", "krai", "kray", "region", "regions", "republic", "respublika", "of", "the",
    "autonomous", "avtonomnyy", "avtonomnaya", "avtonomna", "okrug", "ao", "province", "provinsi", "state",
    "territory", "federal", "city", "gorod", "misto", "oblastʹ", "voblasts", "governorate", "county",
    "department", "district", "prefecture", "canton", "emirate", "muhafazah", "vilayet", "area",
    "oblast'", "область", "край", "республика", "область'", "oblasts", "raion",
}


def _words(text: str) -> list[str]:
    return fold(text).split()


class _Index:
    """Every region's spellings, folded, in parts: own names, whole names, names without generic words, words.

    Each part is the index of one layer (the bundled regions, or a registered one) with the positions its rows
    take in the frame looked up: registering a layer re-uses the bundled regions' index (built once, ~0.6 s of
    CPU) rather than folding all 4,595 regions again.
    """

    def __init__(self, parts: list[tuple[tuple[dict, dict, dict, dict], np.ndarray | int]]) -> None:
        self._parts = parts  # (index, rows): rows an offset, or an array of positions (-1: row not in the frame)

    def get(self, kind: int, key) -> set[int]:
        """Rows under ``key`` in the ``kind``-th table (0 own names, 1 whole names, 2 names without generic
        words, 3 words)."""
        return self._placed(lambda index: index[kind].get(key, ()))

    def subset(self, key: frozenset) -> set[int]:
        """Rows whose names hold every word of ``key`` (a row lies in one part: matched within it)."""
        def within(index) -> set[int]:
            found = [index[3].get(w, set()) for w in key]
            return set.intersection(*found) if found and all(found) else set()
        return self._placed(within)

    def _placed(self, hits) -> set[int]:
        out: set[int] = set()
        for index, rows in self._parts:
            found = hits(index)
            if isinstance(rows, int):
                out.update(row + rows for row in found)
            else:
                out.update(int(rows[row]) for row in found if rows[row] >= 0)
        return out


def _fold_index(frame: gpd.GeoDataFrame) -> tuple[dict, dict, dict, dict]:
    """One layer's spellings, folded: own names, whole names, names without generic words, words -> rows.

    Bundled regions carry their folded spellings (``keys``, ``own_keys``, made
    when the data is built); a user's layer is folded here.
    """
    own: dict[str, set[int]] = {}
    whole: dict[str, set[int]] = {}
    core: dict[frozenset, set[int]] = {}
    words: dict[str, set[int]] = {}
    columns = zip(range(len(frame)), *(frame[c].to_numpy() for c in ("name", "name_alt", "keys", "own_keys")),
                  strict=True)
    for row, name, alt, keys, own_keys in columns:
        if not isinstance(keys, str):
            own_keys = "|".join(" ".join(_words(n)) for n in (name, alt) if isinstance(n, str))
            keys = own_keys
        for key in own_keys.split("|"):
            if key:
                own.setdefault(key, set()).add(row)
        for key in keys.split("|"):
            folded = key.split()
            if not folded:
                continue
            whole.setdefault(key, set()).add(row)
            stripped = frozenset(w for w in folded if w not in _GENERIC)
            if stripped:
                core.setdefault(stripped, set()).add(row)
            for word in stripped:
                words.setdefault(word, set()).add(row)
    return own, whole, core, words


@functools.cache
def _bundled_index(path: str) -> tuple[dict, dict, dict, dict]:
    """The bundled regions' index, rows in the bundled file's order; whatever layers are registered."""
    return _fold_index(_bundled(path))


@functools.lru_cache(maxsize=64)
def _name_index(generation: int, countries: tuple[str, ...] = ()) -> _Index:
    """The spellings of the regions of ``_frame_of(generation, countries)``, rows its positions.

    With ``countries``, only their regions (a scenario's border countries: a few
    dozen rows instead of 4,595, read alone). All regions: the bundled index
    (less the countries a layer replaces) and each registered layer's.
    """
    if countries:
        return _Index([(_fold_index(_frame_of(generation, countries)), 0)])
    bundled = _bundled(str(data_file(_FILE)))
    index = _bundled_index(str(data_file(_FILE)))
    layers = sorted(_REGISTERED)
    if not layers:
        return _Index([(index, 0)])
    kept = ~bundled["country"].isin(layers).to_numpy()
    parts = [(index, np.where(kept, np.cumsum(kept) - 1, -1))]
    offset = int(kept.sum())
    for code in layers:
        parts.append((_fold_index(_REGISTERED[code]), offset))
        offset += len(_REGISTERED[code])
    return _Index(parts)


@functools.lru_cache(maxsize=64)
def _frame_of(generation: int, countries: tuple[str, ...] = ()) -> gpd.GeoDataFrame:
    """All regions, or only those of ``countries`` (without reading the others)."""
    if not countries:
        return _current()
    parts = [_country_regions(c) for c in countries]
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs="EPSG:4326")


def _find(name: str, prefer: tuple[str, ...]) -> pd.Series:
    """The region a name means: among ``prefer``'s regions first, then all of them."""
    if prefer:
        frame = _frame_of(_generation[0], prefer)
        try:
            return frame.iloc[_resolve(name, frame, prefer)]
        except PlaceNotFoundError as exc:
            if "ambiguous" in exc.message:
                raise
    frame = _frame_of(_generation[0])
    return frame.iloc[_resolve(name, frame)]


def _resolve(name: str, frame: gpd.GeoDataFrame, prefer: tuple[str, ...] = ()) -> int:
    """Row of ``frame`` for a region name: code, exact, then without generic words, then by subset.

    Where a name fits regions of several countries, those of ``prefer`` (a
    scenario's border countries) win: "Kharkiv region" in a RUS-UKR scenario.
    """
    if not isinstance(name, str) or not name.strip():
        raise PlaceNotFoundError(f"region name must be a non-empty string, got {name!r}")
    by_code = np.flatnonzero(frame["code"].fillna("").str.upper().to_numpy() == name.strip().upper())
    if by_code.size == 1:
        return int(by_code[0])
    return _resolve_in(name, frame, _name_index(_generation[0], prefer), prefer)


def _resolve_in(name: str, frame: gpd.GeoDataFrame, index: _Index, prefer: tuple[str, ...]) -> int:
    folded = _words(name)
    full = " ".join(folded)
    key = frozenset(w for w in folded if w not in _GENERIC)
    countries = frame["country"].to_numpy()
    steps = (lambda: index.get(0, full), lambda: index.get(1, full), lambda: index.get(2, key) if key else set(),
             lambda: index.subset(key) if key else set())
    for step in steps:
        hits = sorted(step())
        if len(hits) > 1 and prefer:
            preferred = [i for i in hits if countries[i] in prefer]
            hits = preferred or hits
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            which = ", ".join(f"{frame['name'].iat[i]} ({frame['code'].iat[i] or frame['country'].iat[i]})"
                              for i in hits[:8])
            raise PlaceNotFoundError(f"region name {name!r} is ambiguous: {which}",
                                     hint="write the full name, e.g. with Oblast, Krai or Republic, or the code")
    names = list(frame["name"])
    close = difflib.get_close_matches(name.strip(), names, n=5, cutoff=0.6)
    if not close:
        by_key = {" ".join(_words(n)): n for n in names}
        close = [by_key[k] for k in difflib.get_close_matches(full, list(by_key), n=5, cutoff=0.6)]
    hint = (f"did you mean {', '.join(close)}?" if close
            else "list known names with `geo regions COUNTRY`, or add a layer with geo.register_regions()")
    raise PlaceNotFoundError(f"no region called {name!r}", hint=hint)


def lookup_regions(names: Iterable[str], *, borders: Iterable[str] | None = None) -> gpd.GeoDataFrame:
    """Regions named as a scenario writes them, with their share of a border.

    Names match whatever the spelling: ``"Belgorod Oblast"``, ``"Belgorod"``,
    ``"belgorodskaya oblast'"``, ``"Белгородская область"`` or the code
    ``"RU-BEL"``; words like Oblast, Krai, Republic are optional.

    Parameters
    ----------
    names:
        Region names.
    borders:
        Borders of interest as ``"AAA-BBB"`` (a scenario's ``borders:``). A
        region of AAA is measured against BBB; otherwise against the
        neighbour it shares most border with.

    Returns
    -------
    GeoDataFrame
        ``query`` (the name as given), ``name``, ``code``, ``country``,
        ``border_with`` (ISO A3 or ``None``), ``border_length_m``,
        ``border_share`` (fraction of the whole border), ``source`` (the
        region data's credit) and polygon ``geometry``.

    Raises
    ------
    PlaceNotFoundError
        For an unknown or ambiguous name, listing close matches.

    Examples
    --------
    >>> import geo
    >>> row = geo.lookup_regions(["Белгородская область"], borders=["RUS-UKR"]).iloc[0]
    >>> row["name"], row["border_with"], f"{row['border_share']:.0%}"
    ('Belgorod Oblast', 'UKR', '29%')
    """
    if isinstance(names, str):
        names = [names]
    pairs = [_pair(p) for p in (borders or [])]
    prefer = tuple(sorted({c for pair in pairs for c in pair}))
    rows = []
    for name in names:
        region = _find(name, prefer)
        neighbour, length, share = _region_border(region, pairs)
        rows.append({"query": name, "name": region["name"], "code": region["code"], "country": region["country"],
                     "border_with": neighbour, "border_length_m": length, "border_share": share,
                     "source": region["source"], "geometry": region.geometry})
    columns = ["query", "name", "code", "country", "border_with", "border_length_m", "border_share", "source",
               "geometry"]
    frame = gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")
    for column in ("code", "border_with"):  # None, not NaN, where unknown
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _pair(text: str | tuple[str, str]) -> tuple[str, str]:
    return parse_border(text, allow_nearest=False)


def _region_border(region: pd.Series, pairs: list[tuple[str, str]]) -> tuple[str | None, float, float]:
    """(neighbour, border length m, share) for the scenario's borders, else the longest land border."""
    code = region["country"]
    named = [b if a == code else a for a, b in pairs if code in (a, b)]
    best = _longest_border(region, code, named)
    if best[0] is None:
        table = land_borders()
        others = sorted(set(table.loc[table["a"] == code, "b"]) | set(table.loc[table["b"] == code, "a"]))
        best = _longest_border(region, code, [o for o in others if o not in named])
    return best


def _longest_border(region: pd.Series, code: str, others: list[str]) -> tuple[str | None, float, float]:
    best: tuple[str | None, float, float] = (None, 0.0, 0.0)
    west, south, east, north = region.geometry.bounds
    dlon, dlat = degree_margin(SNAP_TOLERANCE_M, max(abs(south), abs(north)))
    reach = shapely.box(west - dlon, south - dlat, east + dlon, north + dlat)
    for other in others:
        if not shapely.intersects(border(code, other), reach):
            continue  # this border passes nowhere near the region
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", GeoWarning)  # the gap is reported by border_regions itself
            shares = border_shares(code, other)
        hit = shares.get(region["name"])
        if hit is not None and hit[0] > best[1]:
            best = (other, *hit)
    return best
