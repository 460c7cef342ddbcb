"""The gazetteer as the extractor reads it: at the default setting, villages without a population figure too.

``geo.places()`` keeps places of ``settings.places_min_population`` (500)
or more people, which is right for maps and nearest-town notes. News names
villages GeoNames lists without a population (Bent Jbaïl and Marjayoûn in
southern Lebanon, Zurmi in Zamfara, Qila Abdullah in Balochistan are 0 in
``cities500``): at the default setting the extractor reads every place the
bundled file holds, so such a village is found rather than replaced by a
town the text only mentions. A larger setting (say 5,000) is honoured as
set. Rows are positions in this frame (places are sorted largest first).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from geo.reference import gazetteer
from geo.settings import settings

__all__ = ["min_population", "places", "candidates_for", "variant_candidates"]

#: The bundled gazetteer's own floor: at this setting the extractor reads every place it holds.
_BUNDLED_FLOOR = 500


def min_population() -> int:
    """Smallest place the extractor matches, read from ``geo.settings`` at call time."""
    wanted = int(settings.places_min_population)
    return 0 if wanted <= _BUNDLED_FLOOR else wanted


_COLUMNS = ["geonameid", "name", "country", "admin1code", "admin1", "population", "lon", "lat"]


def places() -> pd.DataFrame:
    """The places the extractor matches, largest first: plain NumPy columns, no geometry (shared: do not change).

    The rules look up columns thousands of times per article; Arrow-backed
    string columns would convert to NumPy on every lookup.
    """
    return _plain(min_population())


@functools.lru_cache(maxsize=4)
def _plain(floor: int) -> pd.DataFrame:
    frame = gazetteer.shared_places(min_population=floor, alternate_names=False)
    return pd.DataFrame({c: frame[c].to_numpy(dtype=object if frame[c].dtype.kind not in "iuf" else None)
                         for c in _COLUMNS if c in frame.columns})


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
