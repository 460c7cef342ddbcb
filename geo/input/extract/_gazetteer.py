"""The gazetteer as the extractor reads it: at the default setting, villages without a population figure too.

``geo.places()`` keeps places of ``settings.places_min_population`` (500)
or more people, which is right for maps and nearest-town notes. News names
villages GeoNames lists without a population (Bent Jbaïl and Marjayoûn in
southern Lebanon, Zurmi in Zamfara, Qila Abdullah in Balochistan are 0 in
``cities500``): at the default setting the extractor reads every place the
bundled file holds, so such a village is found rather than replaced by a
town the text only mentions. A larger setting (say 5,000) is honoured as
set. Rows are positions in this table (places are sorted largest first).

The columns are plain NumPy arrays read straight from the bundled file: no
pandas, no point geometry, so a fresh ``geo extract`` does not pay for them.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Mapping

import numpy as np

from geo.reference import gazetteer
from geo.settings import settings

__all__ = ["Places", "min_population", "places", "candidates_for", "variant_candidates", "read_ahead"]

log = logging.getLogger(__name__)

#: The bundled gazetteer's own floor: at this setting the extractor reads every place it holds.
_BUNDLED_FLOOR = 500


def min_population() -> int:
    """Smallest place the extractor matches, read from ``geo.settings`` at call time."""
    wanted = int(settings.places_min_population)
    return 0 if wanted <= _BUNDLED_FLOOR else wanted


_COLUMNS = ("geonameid", "name", "country", "admin1code", "admin1", "admin2", "population", "lon", "lat")


class Places(Mapping):
    """Gazetteer columns by name, each a NumPy array (shared: do not change); rows are positions.

    ``places()["name"][rows]`` reads names, :meth:`row` one place as a dict,
    :meth:`take` a subset (a boolean mask or positions) as another table.
    """

    def __init__(self, columns: dict[str, np.ndarray]):
        self._columns = columns

    def __getitem__(self, name: str) -> np.ndarray:
        return self._columns[name]

    def __iter__(self):
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns["geonameid"])

    def row(self, i: int) -> dict:
        """Place ``i`` as ``{column: value}``."""
        return {name: values[i] for name, values in self._columns.items()}

    def take(self, which: np.ndarray) -> Places:
        """The places a boolean mask or an array of positions selects, in that order."""
        return Places({name: values[which] for name, values in self._columns.items()})


def places() -> Places:
    """The places the extractor matches, largest first: plain NumPy columns, no geometry (shared: do not change).

    The rules look up columns thousands of times per article; NumPy arrays
    of Python strings index without any conversion.
    """
    return _plain(min_population())


@functools.lru_cache(maxsize=4)
def _plain(floor: int) -> Places:
    columns = gazetteer.place_arrays(*_COLUMNS, min_population=floor, lazy=("name",))  # the rules read few names
    return Places({name: columns[name].astype("int64") if name in ("geonameid", "population") else columns[name]
                   for name in _COLUMNS})


def candidates_for(name: str) -> np.ndarray:
    """Rows of :func:`places` whose name or an alternate name matches ``name`` (case, accents, script folded)."""
    return gazetteer.candidates_for(name, min_population=min_population(), loose=False)


def variant_candidates(name: str) -> np.ndarray:
    """Rows whose name is a transliteration variant of ``name`` ("Graivoron" -> Grayvoron).

    Loose: worldwide, a variant of a village name is often another village in
    another country ("Sawana" -> Savana, Madagascar), so the caller keeps only
    rows in the article's countries and named regions.
    """
    return gazetteer.candidates_for(name, min_population=min_population(), loose=True)


def read_ahead() -> threading.Thread:
    """Start reading the places and the name index in a background thread; the first look-up waits for it.

    Most of that reading is Parquet decoding and zstd decompression, which
    release the GIL: with two or more cores it runs while the caller imports
    the extraction rules (compiling their regular expressions), so a fresh
    ``geo extract`` writes its draft sooner. The answers do not depend on it:
    whichever thread comes first reads the data, once
    (:mod:`geo.reference.gazetteer` holds a lock while it does). An error in
    the thread is left for the caller's first look-up to meet and report.

    Returns
    -------
    threading.Thread
        The started thread (not a daemon: the interpreter lets it finish).
    """
    thread = threading.Thread(target=_read, name="geo-gazetteer-read-ahead")
    thread.start()
    return thread


def _read() -> None:
    try:
        places()
        gazetteer.read_index()
    except Exception:  # noqa: BLE001 - the caller's own look-up reads again and raises it there
        log.debug("reading the gazetteer ahead failed", exc_info=True)
