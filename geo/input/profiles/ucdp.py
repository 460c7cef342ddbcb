"""UCDP Georeferenced Event Dataset (GED): the CSV export, in GED's own column names.

Precision codes follow the GED codebook. ``where_prec`` says how closely the
coordinates locate the event; geo keeps the code (as an extra field) and
turns it into a location precision and a radius that should hold the site:

========== ============================================== ========= ==========
where_prec GED codebook                                   precision radius
========== ============================================== ========= ==========
1          exact location: a named place's coordinates    2         5 km
2          within about 25 km of a known point             2         25 km
3          only the second-order region (ADM2) is known   3         50 km
4          only the first-order region (ADM1) is known    3         150 km
5          a part of the country larger than ADM1, or a   3         250 km
           line (border, road, river) or between places
6          only the country is known (its centroid)       3         500 km
7          international waters or airspace               3         500 km
========== ============================================== ========= ==========

Why these radii: 1 is a named place, not a street address, so it gets the
radius geo uses for a town (5 km); 2 is the codebook's own 25 km; ADM2 and
ADM1 centroids get the distance from centre to edge of a typical district
(about 2,000 km²) and province (about 25,000 km², e.g. a Ukrainian oblast)
with room for their elongated shapes; 5-7 have no extent at all in the
codebook, so 250 km and 500 km only say "not locally known": treat distances
of such events as indications, never as measurements.

``date_prec`` (1 exact day; 2 within 2-6 days; 3 the week; 4 8-30 days or the
month; 5 more than a month, within the year) becomes ``day``, ``week``,
``week``, ``month`` and ``year``; ``date_start`` is the date and
``date_end`` is kept.

Fatalities: GED's ``best`` is the sum of ``deaths_a``, ``deaths_b``,
``deaths_civilians`` and ``deaths_unknown``; ``low`` and ``high`` are the
lowest and highest reasonable estimates, so by the codebook's definitions
``low <= best <= high``. A few published rows break that (``high`` below
``best``). geo keeps every figure in the claim's text and widens the range
to hold the best estimate (low = min(low, best), high = max(high, best)),
with a warning naming the rows; such rows are never rejected. The claim's
source is the dataset ("UCDP GED").
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from geo.errors import RepairWarning

from ._base import Profile, find, iso_dates, join_columns, numbers, text

__all__ = ["UCDP", "WHERE_PREC", "DATE_PREC", "VIOLENCE_TYPES"]

#: where_prec -> (geo location precision, radius in metres).
WHERE_PREC: dict[int, tuple[int, float]] = {1: (2, 5_000.0), 2: (2, 25_000.0), 3: (3, 50_000.0),
                                           4: (3, 150_000.0), 5: (3, 250_000.0), 6: (3, 500_000.0),
                                           7: (3, 500_000.0)}
#: date_prec -> geo time precision.
DATE_PREC: dict[int, str] = {1: "day", 2: "week", 3: "week", 4: "month", 5: "year"}
VIOLENCE_TYPES: dict[int, str] = {1: "state-based conflict", 2: "non-state conflict", 3: "one-sided violence"}
_SIGNATURE = ("date_start", "where_prec", "best", "latitude", "longitude")


def _detect(columns: list[str], first_row: list[str] | None) -> bool:
    return all(find(columns, name) for name in _SIGNATURE)


def _codes(frame: pd.DataFrame, column: str | None, table: dict) -> pd.Series:
    values = pd.to_numeric(text(frame, column), errors="coerce")
    return values.map({float(k): v for k, v in table.items()}).astype(object).where(lambda s: s.notna(), None)


def _derive(frame: pd.DataFrame, mapping: dict[str, str], dataset: str) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    where = _codes(frame, mapping.get("where_prec"), WHERE_PREC)
    out["location_precision"] = where.map(lambda v: v[0] if v else None).astype(object)
    out["uncertainty_m"] = where.map(lambda v: v[1] if v else np.nan).astype(float)
    out["time_precision"] = _codes(frame, mapping.get("date_prec"), DATE_PREC).astype(object)
    out["date"] = iso_dates(text(frame, mapping.get("date")))
    kind = _codes(frame, mapping.get("type_of_violence"), VIOLENCE_TYPES)
    out["event_type"] = kind.where(kind.notna(), text(frame, mapping.get("type_of_violence"))).astype(object)
    out["actors"] = join_columns(frame, [mapping.get("side_a"), mapping.get("side_b")])
    out["sources"] = _articles(text(frame, mapping.get("source_article")))
    out.update(_fatalities(frame, mapping, dataset))
    return out


def _articles(values: pd.Series) -> pd.Series:
    """GED's ``"article one";"article two"`` as ``article one; article two`` (a '; ' inside an article
    becomes ', ' so the list splits where GED meant it to)."""
    text_ = values.astype("string").str.replace("; ", ", ", regex=False).str.replace('";"', "; ", regex=False)
    cleaned = text_.str.strip().str.strip('"').str.strip()
    return cleaned.astype(object).where(cleaned.notna() & cleaned.ne(""), None)


def _fatalities(frame: pd.DataFrame, mapping: dict[str, str], dataset: str) -> dict[str, pd.Series]:
    best = pd.to_numeric(numbers(frame, mapping.get("best")), errors="coerce")
    low = pd.to_numeric(numbers(frame, mapping.get("low")), errors="coerce")
    high = pd.to_numeric(numbers(frame, mapping.get("high")), errors="coerce")
    if not low.notna().any() and not high.notna().any():
        low, high = best, best
    wrong = ((low > best) | (high < best) | (low > high)).fillna(False).to_numpy(dtype=bool)
    if wrong.any():
        from geo.errors import rows_label as _rows

        warnings.warn(f"{dataset}: {_rows(wrong)}: the UCDP low/best/high estimates are out of order "
                      "(the codebook defines low <= best <= high); kept all three in the claim's text and "
                      "widened the range to hold the best estimate", RepairWarning, stacklevel=4)
    low_out = np.fmin(low.to_numpy(dtype=float), best.to_numpy(dtype=float))
    high_out = np.fmax(high.to_numpy(dtype=float), best.to_numpy(dtype=float))

    given = _figure_text(best, low, high)
    # Non-numbers stay as typed so validation names the row.
    raw_low = numbers(frame, mapping.get("low") or mapping.get("best"))
    bad = pd.Series(low_out, index=frame.index).isna() & text(frame, mapping.get("low") or mapping.get("best")).notna()
    return {"fatalities_low": pd.Series(low_out, index=frame.index, dtype=object).where(~bad, raw_low),
            "fatalities_high": pd.Series(high_out, index=frame.index, dtype=object),
            "fatalities_text": given,
            "fatalities_source": pd.Series(np.where(given.notna(), "UCDP GED", None), index=frame.index,
                                           dtype=object)}


def _figure_text(best: pd.Series, low: pd.Series, high: pd.Series) -> pd.Series:
    """``UCDP best estimate 7, low 7, high 6`` per row (each figure formatted once per distinct value)."""
    parts = []
    for label, values in (("best estimate", best), ("low", low), ("high", high)):
        distinct = values.dropna().unique()
        words = values.map({v: f"{label} {v:,.0f}" for v in distinct})
        parts.append(words.astype(object).where(words.notna(), None))
    joined = join_columns(pd.DataFrame({"b": parts[0], "l": parts[1], "h": parts[2]}, index=best.index),
                          ["b", "l", "h"], sep=", ")
    return ("UCDP " + joined.astype("string")).astype(object).where(joined.notna(), None)


UCDP = Profile(
    name="ucdp",
    title="UCDP GED",
    detect=_detect,
    columns={"id": ("id",), "date": ("date_start",), "date_end": ("date_end",), "date_prec": ("date_prec",),
             "where_prec": ("where_prec",), "location": ("where_description",), "country": ("country",),
             "lat": ("latitude",), "lon": ("longitude",), "best": ("best",), "low": ("low",), "high": ("high",),
             "side_a": ("side_a",), "side_b": ("side_b",), "type_of_violence": ("type_of_violence",),
             "source_article": ("source_article",)},
    derive=_derive,
    derives={"date": "date_start (ISO)", "time_precision": "date_prec (1 day, 2-3 week, 4 month, 5 year)",
             "location_precision": "where_prec (GED codebook table)",
             "uncertainty_m": "where_prec (5 km to 500 km)",
             "event_type": "type_of_violence (1 state-based, 2 non-state, 3 one-sided)",
             "actors": "side_a; side_b",
             "fatalities_low/high": "low, high (widened to hold best), source UCDP GED",
             "fatalities_text": "best, low, high", "sources": "source_article"},
)
