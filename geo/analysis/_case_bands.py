"""An analysis's border bands: built once per border set and process, the first time in a forked child.

Bands around a border (geodesic buffers clipped to its countries) are the
slowest step of a map of a few incidents that no earlier run has made (about
a quarter of a second for the Belgorod case with an empty cache). Nothing else
in the analysis depends on them until its last line, so when no child finds
the places (a map of many incidents) and this process has not built them yet,
:func:`start_bands` has a forked child make them (:mod:`geo._ahead`: the same
function on the same borders, which reads the on-disk cache or builds them and
fills it) while this process measures the distances and names the regions
along the border. A thread shared one core with that work (Parquet reads and
Python hold the GIL); the child has the other to itself. When no child can be
forked, or it gives no answer, a thread or this process builds them, as before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

import geopandas as gpd

from geo._ahead import Ahead, start_ahead
from geo.analysis._nearest import tree_used
from geo.analysis.bands import border_bands
from geo.reference.countries import border

__all__ = ["BandsAhead", "cached_bands", "start_bands"]


#: Bands built in this process (or by its child), by border set and distances: at most :data:`_KEPT`.
_BUILT: dict[tuple[tuple[str, ...], tuple[float, ...]], gpd.GeoDataFrame] = {}
_KEPT = 8


def cached_bands(pairs: Iterable[str], bands_m: Iterable[float]) -> gpd.GeoDataFrame:
    """Bands around a set of borders, clipped to their countries: built once per border set and distances.

    Building them (geodesic buffers, country clipping) is the slowest step of an
    analysis of a few incidents; every map, report and test of the same borders
    reuses them. Callers copy what they get.
    """
    key = _key(pairs, bands_m)
    if key not in _BUILT:
        lines, codes = _lines_and_countries(key[0])
        _keep(key, border_bands(lines, list(key[1]), clip_to=codes))
    return _BUILT[key]


def _key(pairs: Iterable[str], bands_m: Iterable[float]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """What bands are kept under: the border pairs and the distances, as the analysis gives them."""
    return tuple(pairs), tuple(float(b) for b in bands_m)


def _keep(key: tuple[tuple[str, ...], tuple[float, ...]], bands: gpd.GeoDataFrame) -> None:
    while len(_BUILT) >= _KEPT:
        del _BUILT[next(iter(_BUILT))]  # the oldest
    _BUILT[key] = bands


def _lines_and_countries(pairs: tuple[str, ...]) -> tuple[gpd.GeoDataFrame, list[str]]:
    lines = gpd.GeoDataFrame({"countries": list(pairs)}, geometry=[border(*p.split("-")) for p in pairs],
                             crs="EPSG:4326")
    return lines, sorted({code for pair in pairs for code in pair.split("-")})


class BandsAhead:
    """Bands being built in a forked child, collected as a :class:`~concurrent.futures.Future` gives them."""

    def __init__(self, ahead: Ahead, build: Callable[[], gpd.GeoDataFrame],
                 key: tuple[tuple[str, ...], tuple[float, ...]]) -> None:
        self._ahead, self._build, self._key = ahead, build, key
        self._value: gpd.GeoDataFrame | None = None

    def result(self) -> gpd.GeoDataFrame:
        """The child's bands (kept for this process's later analyses), or those built here when it gave none."""
        if self._value is None:
            ok, value = self._ahead.result()
            if ok:
                _keep(self._key, value.copy())
            self._value = value if ok else self._build()
        return self._value

    def exception(self) -> None:
        """None: a child shares nothing with this process (a thread's work is waited for so)."""
        return None

    def discard(self) -> None:
        """End the child without its answer (the analysis failed before it needed it)."""
        self._ahead.discard()


def start_bands(build: Callable[[gpd.GeoDataFrame, list[float]], gpd.GeoDataFrame], borders: gpd.GeoDataFrame,
                bands_m: list[float]) -> BandsAhead | None:
    """``build(borders, bands_m)`` started in a forked child when this process has not built these bands yet and
    a child can run (no KD-tree has started OpenMP's threads here, no other thread runs); else None.

    The child reads the bands from the on-disk cache when an earlier run built them (a warm run pays only the
    fork, a few milliseconds), or builds them and fills the cache, exactly as this process would.
    """
    key = _key(borders["countries"], bands_m or ())
    if not key[0] or not key[1] or key in _BUILT or tree_used():
        return None
    ahead = start_ahead(build, borders, bands_m, what="the border bands")
    return None if ahead is None else BandsAhead(ahead, functools.partial(build, borders, bands_m), key)
