"""An incident layer's popup fields, encoded for the page; with many incidents half are made in a forked child.

Making the popup texts of 100,000 incidents (dates, figures, distances to the
border, nearest towns, ids) and encoding them is the largest part of writing
their map. The fields are independent of one another, so from
:data:`AHEAD_MIN_INCIDENTS` on, a forked child (:mod:`geo._ahead`) makes and
encodes about half of them while this process makes the rest: the very same
functions on the very same frame, so the page is the same byte for byte, and
whenever no child can run or none answers, this process makes them all.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from geo._ahead import start_ahead
from geo.render.webmap._payload import coded_column, codes_or_values
from geo.render.webmap._records import Coded, Joined, field_candidates, has_values, tip_and_heading

__all__ = ["encoded_fields", "PendingFields", "JOIN_IN_PAGE_MIN", "AHEAD_MIN_INCIDENTS"]

#: From this many incidents a display text made of parts (:class:`~geo.render.webmap._records.Joined`) travels as
#: its parts, each dictionary-encoded, and the page joins them: 100,000 distances to the border take 1.3 MB
#: instead of 12 MB. Fewer incidents carry the whole text, which is what a reader of the page source expects.
JOIN_IN_PAGE_MIN = 1_000
#: From this many incidents the fields in :data:`_AHEAD` are made in a forked child (~0.15 s sooner for
#: 100,000; a fork and the answer's pickling are not worth it for a few thousand).
AHEAD_MIN_INCIDENTS = 20_000
#: The fields the child makes: the larger texts (the others, and the layer's other columns, are made here). Timed
#: on 100,000 incidents from the fork (started before the map's other layers are built) to the answer, the child
#: also pays for the pages it copies and for pickling its answer (3.8 MB, ~0.03 s to read here); so split, it
#: answers about when this process asks (it was ~0.1 s late when forked after the other layers with Injuries too).
_AHEAD = frozenset({"Date", "Fatalities", "Near", "Distance to border", "Incident id"})


def _field_column(values: list[Any] | Coded | Joined) -> dict[str, Any]:
    if isinstance(values, Joined):
        if len(values.parts[0]) >= JOIN_IN_PAGE_MIN:
            return {"p": [_field_column(part) for part in values.parts]}
        values = values.joined()
    if isinstance(values, Coded):
        return coded_column(values.codes, values.texts)
    return codes_or_values(pd.Series(values, dtype=object))


def encoded_fields(frame: pd.DataFrame) -> tuple[list[dict[str, Any]], list[int], list[int]]:
    """The layer's ``fields`` (``{"label", "kind", "col"}`` each, in display order, only those with a value),
    and the indexes of the hover tooltip's and the heading's fields (see
    :func:`~geo.render.webmap._records.incident_fields`)."""
    return PendingFields(frame).result()


class PendingFields:
    """:func:`encoded_fields` started: with many incidents a child makes its share from now on, while the
    caller builds the layer's other columns; :meth:`result` makes the rest here and collects the child's."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.candidates = field_candidates(frame)
        self.there = [i for i, (label, _, _) in enumerate(self.candidates) if label in _AHEAD]
        self.ahead = (start_ahead(_made, self.candidates, self.there, what="popup fields")
                      if len(frame) >= AHEAD_MIN_INCIDENTS and self.there else None)

    def result(self) -> tuple[list[dict[str, Any]], list[int], list[int]]:
        """As :func:`encoded_fields` returns them."""
        count = len(self.candidates)
        try:
            made = _made(self.candidates, [i for i in range(count) if self.ahead is None or i not in self.there])
            if self.ahead is not None:
                ok, theirs = self.ahead.result()
                self.ahead = None
                made.update(theirs if ok else _made(self.candidates, self.there))
        except BaseException:
            self.discard()
            raise
        fields = [made[i] for i in range(count) if made[i] is not None]
        tip, heading = tip_and_heading([field["label"] for field in fields])
        return fields, tip, heading

    def discard(self) -> None:
        """End the child, if any, without its answer (the caller failed before it needed it)."""
        if self.ahead is not None:
            self.ahead.discard()
            self.ahead = None


def _made(candidates: list, which: list[int]) -> dict[int, dict[str, Any] | None]:
    """The candidates ``which`` made and encoded (None: no value on any row, not shown)."""
    out: dict[int, dict[str, Any] | None] = {}
    for i in which:
        label, make, kind = candidates[i]
        values = make()
        out[i] = ({"label": label, "kind": kind, "col": _field_column(values)}
                  if values is not None and has_values(values) else None)
    return out
