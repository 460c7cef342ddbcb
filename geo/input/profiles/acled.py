"""ACLED (Armed Conflict Location & Event Data) exports, in ACLED's column names.

Precision codes follow the ACLED codebook:

============= ==================================================== ========= =======
geo_precision ACLED codebook                                       precision radius
============= ==================================================== ========= =======
1             the source names the town or site; its coordinates    2         5 km
2             the source says "near" a town or names a small part   2         25 km
              of a region; the nearest named town's coordinates
3             only a larger region is named; a natural feature or    3         150 km
              the region's capital stands in for the region
============= ==================================================== ========= =======

Why: 1 is a named town, not a street, so it gets geo's town radius (5 km);
2 is "near" that town, for which ACLED gives no distance, so geo uses the
25 km that UCDP's codebook gives for the same wording; 3 puts the point at a
provincial capital, which can lie anywhere in its province, so the radius is
that of a province (about 25,000 km², centre to edge with room for its shape).

``time_precision`` 1, 2, 3 (the day; the week or weekend; only the month:
ACLED then codes a day inside that week or month) becomes ``day``, ``week``
and ``month``. ``event_date`` may be ISO (``2023-04-20``, the API) or
``20 April 2023`` (the export tool). ``fatalities`` is ACLED's own figure (a
conservative estimate, the codebook says) and becomes a claim with ACLED as
its source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._base import Profile, find, iso_dates, join_columns, numbers, text

__all__ = ["ACLED", "GEO_PRECISION", "TIME_PRECISION"]

#: geo_precision -> (geo location precision, radius in metres).
GEO_PRECISION: dict[int, tuple[int, float]] = {1: (2, 5_000.0), 2: (2, 25_000.0), 3: (3, 150_000.0)}
#: time_precision -> geo time precision.
TIME_PRECISION: dict[int, str] = {1: "day", 2: "week", 3: "month"}


def _detect(columns: list[str], first_row: list[str] | None) -> bool:
    return bool(find(columns, "event_id_cnty") and find(columns, "event_date") and find(columns, "latitude"))


def _code(frame: pd.DataFrame, column: str | None, table: dict) -> pd.Series:
    raw = text(frame, column)
    values = pd.to_numeric(raw, errors="coerce")
    mapped = values.map(lambda v: table.get(int(v)) if v == v and float(v).is_integer() else None)
    return mapped.astype(object)


def _derive(frame: pd.DataFrame, mapping: dict[str, str], dataset: str) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {"date": iso_dates(text(frame, mapping.get("date")))}
    raw_precision = text(frame, mapping.get("time_precision"))
    precision = _code(frame, mapping.get("time_precision"), TIME_PRECISION)
    # A code ACLED does not define stays as typed, so validation names the row.
    out["time_precision"] = precision.where(precision.notna() | raw_precision.isna(), raw_precision)
    where = _code(frame, mapping.get("geo_precision"), GEO_PRECISION)
    out["location_precision"] = where.map(lambda v: v[0] if v else None).astype(object)
    out["uncertainty_m"] = where.map(lambda v: v[1] if v else np.nan).astype(float)
    out["actors"] = join_columns(frame, [mapping.get("actor1"), mapping.get("actor2")])
    figure = numbers(frame, mapping.get("fatalities"))
    given = pd.to_numeric(figure, errors="coerce")
    out["fatalities_low"] = figure
    out["fatalities_high"] = figure
    out["fatalities_source"] = pd.Series(np.where(given.notna(), "ACLED", None), index=frame.index, dtype=object)
    out["fatalities_text"] = given.map(lambda v: f"ACLED: {v:,.0f} reported fatalities" if v == v else None
                                       ).astype(object)
    return out


ACLED = Profile(
    name="acled",
    title="ACLED",
    detect=_detect,
    columns={"id": ("event_id_cnty",), "date": ("event_date",), "time_precision": ("time_precision",),
             "event_type": ("event_type",), "actor1": ("actor1",), "actor2": ("actor2",),
             "location": ("location",), "country": ("country",), "lat": ("latitude",), "lon": ("longitude",),
             "geo_precision": ("geo_precision",), "sources": ("source",), "notes": ("notes",),
             "fatalities": ("fatalities",)},
    derive=_derive,
    derives={"date": "event_date (ISO or '20 April 2023')",
             "time_precision": "time_precision (1 day, 2 week, 3 month)",
             "location_precision": "geo_precision (ACLED codebook table)",
             "uncertainty_m": "geo_precision (5 km, 25 km, 150 km)",
             "actors": "actor1; actor2",
             "fatalities_low/high": "fatalities, source ACLED"},
)
