"""Incident records as display text: what a popup says about an incident.

Every function takes frame columns and returns one string (or None) per row,
built column-wise so 100,000 incidents take a fraction of a second. Numbers
are formatted here once; the page only shows the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..schema import INCIDENT_COLUMNS, LOCATION_PRECISIONS

__all__ = ["incident_fields", "headings", "join_lines", "km_text", "area_text", "ANALYSIS_COLUMNS", "Field"]

#: Columns :func:`geo.analysis.analyze` adds to incidents; shown by dedicated fields.
ANALYSIS_COLUMNS = ("border_distance_m", "border_lon", "border_lat", "border_bearing_deg", "border_distance_min_m",
                    "border_distance_max_m", "border_countries", "band", "country", "region", "nearest_phrase",
                    "damage_reported")
_COMPASS = np.array(["N", "NE", "E", "SE", "S", "SW", "W", "NW"])

#: (label, text per row, kind) with kind "text" or "sources".
Field = tuple[str, list[Any], str]


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    values = frame[column].astype("string").str.strip()
    return values.mask(values.eq("")).astype(object).where(values.notna() & values.ne(""), None)


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64")


def km_text(metres: float) -> str:
    """``62.3 km`` below 100 km, ``1,234 km`` above; metres below 1 km.

    >>> km_text(62_345), km_text(850), km_text(123_456)
    ('62.3 km', '850 m', '123 km')
    """
    if metres < 1000:
        return f"{metres:.0f} m"
    km = metres / 1000
    return f"{km:.1f} km" if km < 100 else f"{km:,.0f} km"


def area_text(square_metres: float) -> str:
    """``12.3 km²`` or ``4.5 ha`` (hectares below 1 km²)."""
    if square_metres >= 1e6:
        km2 = square_metres / 1e6
        return f"{km2:,.1f} km²" if km2 < 1000 else f"{km2:,.0f} km²"
    return f"{square_metres / 1e4:.1f} ha"


def _date_text(frame: pd.DataFrame) -> list[str | None]:
    dates = pd.to_datetime(frame["date"], errors="coerce") if "date" in frame else pd.Series(pd.NaT, index=frame.index)
    precision = _text(frame, "time_precision").fillna("day")
    day = dates.dt.strftime("%Y-%m-%d")
    text = day.where(precision.eq("day"))
    text = text.fillna(dates.dt.strftime("%Y-%m").where(precision.eq("month")) + " (month known)")
    text = text.fillna(dates.dt.strftime("%Y").where(precision.eq("year")) + " (year known)")
    text = text.fillna("week of " + day.where(precision.eq("week")))
    text = text.fillna(day)
    when = _text(frame, "time_of_day")
    joined = [None if d is None or d is pd.NA or d != d else (f"{d}, {w}" if w else str(d))
              for d, w in zip(text.astype(object), when)]
    return joined


def _range_text(low: np.ndarray, high: np.ndarray) -> list[str | None]:
    out: list[str | None] = []
    for lo, hi in zip(low, high):
        if lo != lo and hi != hi:
            out.append(None)
        elif hi != hi:
            out.append(f"{lo:,.0f} or more")
        elif lo != lo:
            out.append(f"up to {hi:,.0f}")
        elif lo == hi:
            out.append(f"{lo:,.0f}")
        else:
            out.append(f"{lo:,.0f}–{hi:,.0f}")
    return out


def _claim_text(frame: pd.DataFrame, claim: str) -> list[str | None]:
    figures = _range_text(_numbers(frame, f"{claim}_low"), _numbers(frame, f"{claim}_high"))
    out: list[str | None] = []
    for text, figure, source in zip(_text(frame, f"{claim}_text"), figures, _text(frame, f"{claim}_source")):
        if text is None and figure is None:
            out.append(None)
            continue
        head = text or figure
        detail = [f"figure: {figure}"] if text and figure else []
        if source:
            detail.append(f"claimed by {source}")
        out.append(f"{head} ({'; '.join(detail)})" if detail else head)
    return out


def _precision_text(frame: pd.DataFrame) -> list[str | None]:
    level = _numbers(frame, "location_precision")
    radius = _numbers(frame, "uncertainty_m")
    out: list[str | None] = []
    for lv, r in zip(level, radius):
        parts = []
        if lv == lv:
            parts.append(f"{int(lv)}: {LOCATION_PRECISIONS.get(int(lv), 'unknown')}")
        if r == r and r > 0:
            parts.append(f"site within {km_text(r)} of the point")
        out.append("; ".join(parts) or None)
    return out


def _border_text(frame: pd.DataFrame) -> list[str | None]:
    dist = _numbers(frame, "border_distance_m")
    low, high = _numbers(frame, "border_distance_min_m"), _numbers(frame, "border_distance_max_m")
    bearing = _numbers(frame, "border_bearing_deg")
    compass = np.where(np.isfinite(bearing), _COMPASS[(np.nan_to_num(bearing) % 360 + 22.5).astype(int) // 45 % 8], "")
    border = _text(frame, "border_countries")
    out: list[str | None] = []
    for d, lo, hi, c, b in zip(dist, low, high, compass, border):
        if d != d:
            out.append(None)
            continue
        text = km_text(d) + (f" to the {b} border" if b else " to the border")
        if c:
            text += f" (nearest point lies {c})"
        if lo == lo and hi == hi and hi - lo >= 1:
            text += f"; {_span_text(lo, hi)} given the location uncertainty"
        out.append(text)
    return out


def _span_text(low: float, high: float) -> str:
    """``27.4–43.4 km`` (one unit when both ends share it)."""
    a, b = km_text(low), km_text(high)
    if a.endswith(" km") and b.endswith(" km"):
        return f"{a[:-3]}–{b}"
    return f"{a}–{b}"


def _coordinates_text(lon: np.ndarray, lat: np.ndarray) -> list[str]:
    return [f"{y:.5f}, {x:.5f} (lat, lon)" for x, y in zip(lon, lat)]


def _extra_text(values: pd.Series) -> list[str | None]:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y-%m-%d").astype(object).where(values.notna(), None).tolist()
    return [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) or str(v).strip() == ""
            else str(v) for v in values.astype(object)]


def incident_fields(frame: pd.DataFrame, lon: np.ndarray, lat: np.ndarray, *,
                    max_extra: int = 20) -> tuple[list[Field], list[int]]:
    """The rows of an incident popup and which of them the hover tooltip shows.

    Returns ``(fields, tip)``: ``fields`` in display order, each
    ``(label, values, kind)``; only fields with at least one value are kept.
    ``tip`` indexes the fields shown on hover (date, event type, fatalities).
    Columns outside the schema are shown too, under their own names.
    """
    known = set(INCIDENT_COLUMNS) | set(ANALYSIS_COLUMNS) | {frame.geometry.name if hasattr(frame, "geometry") else ""}
    candidates: list[Field] = [
        ("Date", _date_text(frame), "text"),
        ("Event", _text(frame, "event_type").tolist(), "text"),
        ("Fatalities", _claim_text(frame, "fatalities"), "text"),
        ("Injuries", _claim_text(frame, "injuries"), "text"),
        ("Near", _text(frame, "nearest_phrase").tolist(), "text"),
        ("Precision", _precision_text(frame), "text"),
        ("Distance to border", _border_text(frame), "text"),
        ("Border band", _text(frame, "band").tolist(), "text"),
        ("Country", _text(frame, "country").tolist(), "text"),
        ("Region", _text(frame, "region").tolist(), "text"),
        ("Actors", _text(frame, "actors").tolist(), "text"),
        ("Weapons", _text(frame, "weapons").tolist(), "text"),
        ("Damage reported", _text(frame, "damage_reported").tolist(), "text"),
        ("Sources", _text(frame, "sources").tolist(), "sources"),
        ("Notes", _text(frame, "notes").tolist(), "text"),
        ("Incident id", _text(frame, "id").tolist(), "text"),
        ("Coordinates", _coordinates_text(lon, lat), "text"),
    ]
    extra = [c for c in frame.columns if c not in known][:max_extra]
    candidates += [(str(c), _extra_text(frame[c]), "text") for c in extra]
    fields = [f for f in candidates if any(v is not None for v in f[1])]
    labels = [f[0] for f in fields]
    tip = [labels.index(name) for name in ("Date", "Event", "Fatalities") if name in labels]
    return fields, tip


def headings(frame: pd.DataFrame) -> list[str]:
    """Popup heading per incident: the reported location, else the id."""
    location, ident = _text(frame, "location"), _text(frame, "id")
    return [loc or i or "Incident" for loc, i in zip(location, ident)]


def join_lines(items: Sequence[str]) -> str:
    """Several short statements as one cell."""
    return "\n".join(items)
