"""The reference data an analysis of named borders reads first, read in a thread while the input is read.

``geo map events.csv --border RUS-UKR`` knows its borders before it reads a
row. An analysis then starts by reading bundled data that depends on those
borders alone: the border lines, their distance index and the two countries'
first-level regions (a Parquet row group of a few megabytes, decoded from
WKB). Parquet decoding, zstd and shapely's WKB parsing release the GIL, so a
thread reads them while this one reads and checks the input, and the analysis
finds them in the caches it would have filled itself (the same functions, the
same keys): the same results, sooner. The thread leaves alone what the input
checks use meanwhile (they prepare country polygons in place) and changes no
warning filter (those are process-wide).

The caller joins the thread before anything forks (:mod:`geo._ahead` forks
only a process running no other Python thread). A failure in the thread is
only logged: the analysis reads the same data again and reports any error
where it always did.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable

__all__ = ["ReferenceAhead", "read_reference_ahead"]

log = logging.getLogger(__name__)


class ReferenceAhead:
    """Reference data being read in a thread; :meth:`join` waits for it (call it before any fork)."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs
        self._thread = threading.Thread(target=self._read, name="geo-reference-ahead", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        from geo.analysis._border_index import border_set_index
        from geo.errors import GeoError
        from geo.reference.countries import border
        from geo.reference.regions import regions

        try:
            labels = tuple(f"{a}-{b}" for a, b in self.pairs)
            for a, b in self.pairs:
                border(a, b)
            border_set_index(labels)  # keyed as analyze() asks for it
            for code in sorted({code for pair in self.pairs for code in pair}):
                with contextlib.suppress(GeoError):  # a country without regions: analyze() says so
                    regions(code)
        except Exception as exc:  # noqa: BLE001 - the analysis reads them again and reports the error
            log.debug("reading reference data ahead failed (%s); the analysis reads it", exc)

    def join(self) -> None:
        """Wait until the thread has finished."""
        self._thread.join()


def read_reference_ahead(pairs: Iterable[tuple[str, str]]) -> ReferenceAhead | None:
    """Start reading what an analysis of the borders ``pairs`` (``[("RUS", "UKR")]``) reads first.

    Pairs are taken as :func:`geo.analyze` takes a scenario's ``borders``
    (upper-cased, each sorted, repeats dropped). Returns None when there is
    none; otherwise call :meth:`ReferenceAhead.join` before analysing (and
    before any fork), also when reading the input failed.
    """
    unique = list(dict.fromkeys(tuple(sorted((a.upper(), b.upper()))) for a, b in pairs))
    return ReferenceAhead(unique) if unique else None
