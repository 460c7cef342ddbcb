"""HXL-tagged tables (Humanitarian Exchange Language): a row of hashtags under the header.

HDX files carry, under their column names, a row such as ``#date``,
``#geo+lat``, ``#geo+lon``, ``#affected+killed``, ``#adm1+name``. geo maps
columns by those tags (a tag matches when its hashtag is the same and it
has at least the listed attributes), not by the names above them:

===================== =====================================================
geo field             HXL tags, first match wins
===================== =====================================================
lat, lon              ``#geo+lat``, ``#geo+lon``
date                  ``#date+occurred``, ``#date+start``, ``#date``
date_end              ``#date+end``
id                    ``#event+id``, ``#event+code``, ``#meta+id``
event_type            ``#event+type``
actors                every ``#group+name`` and ``#org+name``, joined
location              ``#loc+name``, ``#loc``
country               ``#country+code``, ``#country+name``, ``#country``
fatalities            ``#affected+killed``, ``#affected+dead``
injuries              ``#affected+injured``
notes                 ``#description``
sources               ``#meta+source``, ``#meta+url``
===================== =====================================================

Other tagged columns (``#adm1+name``, ``#event+type+sub``...) are kept as extra
fields under their column names. The hashtag row itself is not a record:
row numbers in messages count it, so they match the data rows of the file
after its header (the first record is row 2).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ._base import Profile, iso_dates, join_columns, numbers, text

__all__ = ["HXL", "TAGS", "is_hashtag_row", "parse_tag"]

#: geo field -> tag patterns, first match wins ("#hashtag+attr+attr").
TAGS: dict[str, tuple[str, ...]] = {
    "lat": ("#geo+lat",), "lon": ("#geo+lon",),
    "date": ("#date+occurred", "#date+start", "#date"), "date_end": ("#date+end",),
    "id": ("#event+id", "#event+code", "#meta+id"), "event_type": ("#event+type",),
    "location": ("#loc+name", "#loc"), "country": ("#country+code", "#country+name", "#country"),
    "fatalities": ("#affected+killed", "#affected+dead"), "injuries": ("#affected+injured",),
    "notes": ("#description",), "sources": ("#meta+source", "#meta+url"),
}
_TAG = re.compile(r"^\s*#[A-Za-z][\w]*(\s*\+\s*[A-Za-z][\w]*)*\s*$")


def parse_tag(cell: object) -> tuple[str, frozenset[str]] | None:
    """``'#geo +lat'`` -> ``('geo', {'lat'})``; None when the cell is not a hashtag."""
    if not isinstance(cell, str) or not _TAG.match(cell):
        return None
    parts = [p.strip().casefold() for p in cell.strip().lstrip("#").split("+")]
    return parts[0], frozenset(parts[1:])


def is_hashtag_row(cells: list[object] | None) -> bool:
    """True when most non-blank cells are HXL hashtags (and at least one is)."""
    if not cells:
        return False
    filled = [c for c in cells if isinstance(c, str) and c.strip()]
    tags = [c for c in filled if parse_tag(c)]
    return bool(tags) and len(tags) * 2 >= len(filled)


def _detect(columns: list[str], first_row: list[str] | None) -> bool:
    return is_hashtag_row(first_row)


def tag_columns(columns: list[str], tags: list[object]) -> dict[str, list[str]]:
    """Field -> the columns whose tag matches, in the order of :data:`TAGS` patterns."""
    parsed = [parse_tag(t) for t in tags]
    found: dict[str, list[str]] = {}
    for name, patterns in TAGS.items():
        for pattern in patterns:
            want = parse_tag(pattern)
            hits = [c for c, t in zip(columns, parsed, strict=False) if t and t[0] == want[0] and want[1] <= t[1]]
            if hits:
                found[name] = hits
                break
    actors = [c for c, t in zip(columns, parsed, strict=False) if t and t[0] in ("group", "org") and "name" in t[1]]
    if actors:
        found["actors"] = actors
    return found


def _derive(frame: pd.DataFrame, mapping: dict[str, str], dataset: str) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    if "date" in mapping:
        out["date"] = iso_dates(text(frame, mapping["date"]))
    actors = [c for key, c in mapping.items() if key == "actors" or key.startswith("actors+")]
    if actors:
        out["actors"] = join_columns(frame, actors)
    name = Path(dataset).name
    for claim in ("fatalities", "injuries"):
        if claim in mapping:
            figure = numbers(frame, mapping[claim])
            given = pd.to_numeric(figure, errors="coerce")
            out[f"{claim}_low"] = figure
            out[f"{claim}_high"] = figure
            out[f"{claim}_source"] = pd.Series(np.where(given.notna(), name, None), index=frame.index, dtype=object)
    return out


HXL = Profile(
    name="hxl",
    title="HXL-tagged table",
    detect=_detect,
    columns={},  # found from the hashtag row by tag_columns
    derive=_derive,
    derives={"date": "#date (ISO or '20 April 2023')", "actors": "#group+name; #org+name",
             "fatalities_low/high": "#affected+killed, source: the file"},
    header_rows=1,
)
