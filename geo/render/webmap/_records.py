"""Incident records as display text: what a popup says about an incident.

Every function takes frame columns and returns one string (or None) per row,
built column-wise so 100,000 incidents take a fraction of a second. Numbers
are formatted here once; the page only shows the text.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from geo._format import (
    compass_indices,
    compass_points,
    distance_codes,
    distance_range_codes,
    format_count_range,
    format_date,
    format_distance,
)
from geo.input._numbers import to_numbers
from geo.input.schema import INCIDENT_COLUMNS, LOCATION_PRECISIONS
from geo.render.claims_text import CLAIM_COLUMNS, claim_lines, effective_text, is_claimset

__all__ = ["incident_fields", "field_candidates", "has_values", "tip_and_heading", "ANALYSIS_COLUMNS", "Field",
           "Candidate", "Joined", "Coded"]

#: Columns :func:`geo.analysis.analyze` adds to incidents; shown by dedicated fields.
ANALYSIS_COLUMNS = ("border_distance_m", "border_lon", "border_lat", "border_bearing_deg", "border_distance_min_m",
                    "border_distance_max_m", "border_countries", "border_side", "border_side_uncertain", "band",
                    "country", "region", "nearest_phrase", "damage_reported")

@dataclass(frozen=True)
class Coded:
    """Display text per row as a code into the distinct texts (-1: no text).

    Incident tables repeat themselves (the same date, event type or claim on
    thousands of rows): each text is made once, and a page carries it once
    with a small integer per row, so nothing is spelt out 100,000 times.
    """

    codes: np.ndarray
    texts: list[str]

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, row: int) -> str | None:
        code = int(self.codes[row])
        return self.texts[code] if code >= 0 else None

    def tolist(self) -> list[str | None]:
        """Each row's text (None where it has none)."""
        return np.array([*self.texts, None], dtype=object)[self.codes].tolist()

    def any(self) -> bool:
        return bool((self.codes >= 0).any())


@dataclass(frozen=True)
class Joined:
    """Display text per row made of parts joined end to end (``None`` parts skipped; all ``None``: no text).

    A distance to the border is unique to its incident, but its pieces (``"35.4 km"``,
    ``" to the RUS-UKR border (nearest point lies NE)"``, ``"; on the UKR side"``)
    repeat across thousands of rows, so a map stores each piece's distinct values
    once and joins them when a popup opens.
    """

    parts: tuple[np.ndarray | Coded, ...]

    def joined(self) -> list[str | None]:
        """Each row's whole text (what the page shows)."""
        out: list[str | None] = []
        lists = [p.tolist() if isinstance(p, Coded) else p for p in self.parts]
        for pieces in zip(*lists, strict=True):
            present = [p for p in pieces if p is not None]
            out.append("".join(present) if present else None)
        return out

    def __len__(self) -> int:
        return len(self.parts[0])

    def __getitem__(self, row: int) -> str | None:
        present = [str(p[row]) for p in self.parts if p[row] is not None]
        return "".join(present) if present else None

    def any(self) -> bool:
        return any(p.any() if isinstance(p, Coded) else pd.notna(np.asarray(p, dtype=object)).any()
                   for p in self.parts)


#: (label, text per row or :class:`Joined`, kind) with kind "text", "sources" or "claims" (JSON claim lines).
Field = tuple[str, "list[Any] | Coded | Joined", str]


def _per_unique(columns: list[Any], build: Any) -> Coded:
    """``build(*values)`` once per distinct combination of the columns, as a code per row.

    Incident tables repeat themselves (the same date, claim or source on
    thousands of rows); formatting each combination once keeps 100,000 rows
    fast. A column may come :class:`Coded` already (its codes are used as they are).
    """
    if not len(columns[0]):
        return Coded(np.zeros(0, dtype=np.int64), [])
    # Factorise column by column, folding each into one small integer key.
    key = np.zeros(len(columns[0]), dtype=np.int64)
    distinct: list[Any] = []
    for column in columns:
        if isinstance(column, Coded):
            codes, uniques = column.codes, column.texts
        elif isinstance(column, np.ndarray) and column.dtype.kind == "f":
            # Numbers factorised as numbers (NaN: none), their distinct values as Python floats: what the same
            # numbers as objects give, without boxing 100,000 of them first (0.1 ms against 10 ms).
            codes, distinct_numbers = pd.factorize(column, use_na_sentinel=True)
            uniques = distinct_numbers.tolist()
        else:
            codes, uniques = pd.factorize(pd.Series(np.asarray(column, dtype=object)), use_na_sentinel=True)
        distinct.append((np.asarray(codes, dtype=np.int64), list(uniques) if isinstance(uniques, list) else uniques.tolist()))
        key = pd.factorize(key * (len(uniques) + 1) + (np.asarray(codes, dtype=np.int64) + 1))[0].astype(np.int64)
    first = np.full(int(key.max()) + 1, -1, dtype=np.int64)
    first[key[::-1]] = np.arange(len(key))[::-1]  # first row of each distinct combination
    results = np.empty(len(first), dtype=object)
    for group, row in enumerate(first.tolist()):
        values = []
        for codes, uniques in distinct:
            v = uniques[codes[row]] if codes[row] >= 0 else None
            values.append(None if (v is None or v is pd.NA or (isinstance(v, float) and v != v)) else v)
        results[group] = build(*values)
    text_codes, texts = pd.factorize(pd.Series(results, dtype=object), use_na_sentinel=True)
    return Coded(text_codes.astype(np.int64)[key], [str(t) for t in texts.tolist()])


def _text_coded(frame: pd.DataFrame, column: str) -> Coded:
    """A column as stripped text, no text where missing or blank: each distinct value stripped once."""
    if column not in frame:
        return Coded(np.full(len(frame), -1, dtype=np.int64), [])
    values = frame[column]
    codes, uniques = pd.factorize(values.to_numpy(dtype=object) if values.dtype == object else values,
                                  use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.int64)
    texts = [u if type(u) is str else str(u) for u in uniques.tolist()]  # a list: iterating an Index is slow
    if all(t and not t[0].isspace() and not t[-1].isspace() for t in texts):  # read as it comes: nothing to strip
        return Coded(codes, texts)
    stripped = pd.Series([t.strip() or None for t in texts], dtype=object)
    again, kept = pd.factorize(stripped, use_na_sentinel=True)
    again = np.append(again.astype(np.int64), -1)  # code -1 stays -1
    return Coded(again[codes], [str(t) for t in kept])


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64")


def _date_text(frame: pd.DataFrame) -> Coded | list[None]:
    if "date" not in frame:
        return [None] * len(frame)
    codes, days = pd.factorize(pd.to_datetime(frame["date"], errors="coerce"), use_na_sentinel=True)
    day = Coded(codes.astype(np.int64), [d.strftime("%Y-%m-%d") for d in pd.DatetimeIndex(days)])

    def build(day: str | None, precision: str | None, when: str | None) -> str | None:
        return None if day is None else format_date(day, precision, when)

    return _per_unique([day, _text_coded(frame, "time_precision"), _text_coded(frame, "time_of_day")], build)


def _claim_text(frame: pd.DataFrame, claim: str) -> Coded | list[str | None]:
    def build(text: str | None, low: float | None, high: float | None, source: str | None) -> str | None:
        figure = format_count_range(low, high) or None
        if text is None and figure is None:
            return None
        detail = [f"figure: {figure}"] if text and figure and figure not in text else []  # as the report words it
        if source:
            detail.append(f"claimed by {source}")
        head = text or figure
        return f"{head} ({'; '.join(detail)})" if detail else head

    flat = _per_unique([_text_coded(frame, f"{claim}_text"), _numbers(frame, f"{claim}_low"),
                        _numbers(frame, f"{claim}_high"), _text_coded(frame, f"{claim}_source")], build)
    if f"{claim}_claims" not in frame:
        return flat
    listed = frame[f"{claim}_claims"].tolist()
    return [effective_text(c) if is_claimset(c) else text for c, text in zip(listed, flat.tolist(), strict=True)]


def _range_tip(frame: pd.DataFrame, claim: str) -> list[str | None]:
    """The hover text of a figure with claims: its range and dispute mark only (the popup says who)."""
    if f"{claim}_claims" not in frame:
        return [None] * len(frame)
    flat = _claim_text(frame, claim)
    flat = flat.tolist() if isinstance(flat, Coded) else flat
    out = []
    for c, text in zip(frame[f"{claim}_claims"].tolist(), flat, strict=True):
        out.append(c.range_text + (" (disputed)" if c.disputed else "") if is_claimset(c) and c.range_text else text)
    return out


def _claims_panel(frame: pd.DataFrame, column: str) -> list[str | None]:
    """Every claim of a figure as JSON lines for the popup (the page writes them as text, never as HTML)."""
    if column not in frame:
        return [None] * len(frame)
    return [json.dumps([asdict(line) for line in claim_lines(c)], ensure_ascii=False) if is_claimset(c) else None
            for c in frame[column].tolist()]


def _precision_text(frame: pd.DataFrame) -> Coded:
    def build(level: float | None, radius: float | None) -> str | None:
        parts = []
        if level is not None:
            parts.append(f"{int(level)}: {LOCATION_PRECISIONS.get(int(level), 'unknown')}")
        if radius is not None and radius > 0:
            parts.append(f"site within {format_distance(radius)} of the point")
        return "; ".join(parts) or None

    return _per_unique([_numbers(frame, "location_precision"), _numbers(frame, "uncertainty_m")], build)


def _border_text(frame: pd.DataFrame) -> Joined | list[None]:
    """'35.4 km to the RUS-UKR border (nearest point lies NE); 27.4–43.4 km given the location uncertainty;
    on the UKR side', in parts (see :class:`Joined`), each part coded (see :class:`Coded`)."""
    dist = _numbers(frame, "border_distance_m")
    if not np.isfinite(dist).any():
        return [None] * len(frame)
    known = np.isfinite(dist)
    low, high = _numbers(frame, "border_distance_min_m"), _numbers(frame, "border_distance_max_m")
    head = Coded(*distance_codes(dist))

    def where(border: str | None, compass: str | None) -> str:
        text = f" to the {border} border" if border else " to the border"
        return text + (f" (nearest point lies {compass})" if compass else "")

    points = compass_indices(_numbers(frame, "border_bearing_deg"))
    compass = Coded(np.where(points < 8, points, -1), compass_points(np.arange(8) * 45.0).tolist())
    to = _per_unique([_text_coded(frame, "border_countries"), compass], where)
    with np.errstate(invalid="ignore"):
        ranged = known & np.isfinite(low) & np.isfinite(high) & (high - low >= 1)
    left, left_texts, right, right_texts = distance_range_codes(np.where(ranged, low, np.nan),
                                                                np.where(ranged, high, np.nan))
    left_part = Coded(left, ["; " + t for t in left_texts])
    right_part = Coded(right, ["–" + t + " given the location uncertainty" for t in right_texts])

    def side_text(side: str | None, unsure: Any) -> str | None:
        if not side:  # which of the pair holds the point (geo.analysis.side)
            return None
        return f"; on the {side} side" + (" (uncertain: within 2 km of the generalised 1:10m line)"
                                         if unsure is not None and bool(unsure) else "")

    unsure = (frame["border_side_uncertain"].astype(object) if "border_side_uncertain" in frame
              else pd.Series([None] * len(frame), dtype=object))
    side = _per_unique([_text_coded(frame, "border_side"), unsure], side_text)
    return Joined(tuple(Coded(np.where(known, p.codes, -1), p.texts) for p in (head, to, left_part, right_part, side)))


def _has_value(values: list[Any]) -> bool:
    """Whether any value is present (not None, NaN, NA or NaT): the first rows, then the whole column at once."""
    if any(not (v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)) for v in values[:64]):
        return True
    return bool(pd.Series(values, dtype=object).notna().any())


def _extra_text(values: pd.Series) -> Coded | list[str | None]:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y-%m-%d").astype(object).where(values.notna(), None).tolist()

    def build(value: Any) -> str | None:
        text = None if value is None else str(value).strip()
        return text or None

    return _per_unique([values.astype(object)], build)


def _copies_coordinates(frame: pd.DataFrame, column: Any, points: Callable[[], Any] | None = None) -> bool:
    """Whether an extra column only repeats the point's longitude or latitude (the popup states them already).

    ``points`` gives the frame's point coordinates, as :func:`_point_xy` does (a map asks once for all its
    extra columns)."""
    if not hasattr(frame, "geometry") or not len(frame) or pd.api.types.is_datetime64_any_dtype(frame[column]):
        return False
    xy = (points or functools.partial(_point_xy, frame))()
    if xy is None:  # not all points
        return False
    head = pd.to_numeric(frame[column].iloc[:64], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    for axis in xy:
        if np.allclose(head, axis[:64], rtol=0, atol=1e-9):  # a cheap look first: most columns differ at once
            values = to_numbers(frame[column]).to_numpy(dtype="float64", na_value=np.nan)
            if np.allclose(values, axis, rtol=0, atol=1e-9):
                return True
    return False


def _point_xy(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """The frame's point coordinates (x, y); None unless every geometry is a point."""
    try:
        return frame.geometry.values.x, frame.geometry.values.y
    except ValueError:  # not all points
        return None


def incident_fields(frame: pd.DataFrame, *, max_extra: int | None = None) -> tuple[list[Field], list[int], list[int]]:
    """The rows of an incident popup, which the hover tooltip shows, and the heading.

    Returns ``(fields, tip, heading)``: ``fields`` in display order, each
    ``(label, values, kind)``, kind ``"text"``, ``"sources"`` (``; ``-separated
    source ids), ``"claims"`` (every claim of a figure, JSON), ``"tip"`` (hover
    only: a disputed figure's range without who says it) or ``"heading"``
    (shown as the title, not as a row); only
    fields with at least one value are kept. ``tip`` indexes the fields shown
    on hover (date, event type, fatalities); ``heading`` the fields whose first
    present value titles the record (location, else id). Coordinates are added
    by the page from the drawn point. Columns outside the schema are shown
    too, under their own names: all of them, unless ``max_extra`` caps them,
    and then a last row names the columns left out (never a silent cut).
    """
    made = [(label, make(), kind) for label, make, kind in field_candidates(frame, max_extra=max_extra)]
    fields = [(label, values, kind) for label, values, kind in made if values is not None and has_values(values)]
    tip, heading = tip_and_heading([label for label, _, _ in fields])
    return fields, tip, heading


#: A popup field not yet made: (label, a function making its values, or None when it is no field, kind).
Candidate = tuple[str, Callable[[], "list[Any] | Coded | Joined | None"], str]


def field_candidates(frame: pd.DataFrame, *, max_extra: int | None = None) -> list[Candidate]:
    """Every field a popup may show, in display order, each made only when asked (see :func:`incident_fields`).

    Making them is most of the time a map of 100,000 incidents spends on its
    page; each is independent of the others, so a caller may make some of them
    elsewhere (the map makes about half in a forked child).
    """
    known = (set(INCIDENT_COLUMNS) | set(ANALYSIS_COLUMNS) | set(CLAIM_COLUMNS) | {"name"}
             | {frame.geometry.name if hasattr(frame, "geometry") else ""})
    text = functools.partial(_text_coded, frame)
    candidates: list[Candidate] = [
        ("Date", lambda: _date_text(frame), "text"),
        ("Event", lambda: text("event_type"), "text"),
        ("Fatalities", lambda: _claim_text(frame, "fatalities"), "text"),
        ("Injuries", lambda: _claim_text(frame, "injuries"), "text"),
        ("Fatality claims", lambda: _claims_panel(frame, "fatalities_claims"), "claims"),
        ("Injury claims", lambda: _claims_panel(frame, "injuries_claims"), "claims"),
        ("Location claims", lambda: _claims_panel(frame, "location_claims"), "claims"),
        ("Fatalities (range)", lambda: _range_tip(frame, "fatalities"), "tip"),
        ("Near", lambda: text("nearest_phrase"), "text"),
        ("Precision", lambda: _precision_text(frame), "text"),
        ("Distance to border", lambda: _border_text(frame), "text"),
        *((label, functools.partial(text, column), kind) for label, column, kind in _TEXT_FIELDS),
    ]
    extra = [c for c in frame.columns if c not in known]
    points = functools.cache(functools.partial(_point_xy, frame))  # read once for every extra column
    if max_extra is None:  # each extra column decides when made whether it only repeats the coordinates
        def extra_field(column: Any) -> Coded | list[str | None] | None:
            return None if _copies_coordinates(frame, column, points) else _extra_text(frame[column])

        return candidates + [(str(c), functools.partial(extra_field, c), "text") for c in extra]
    extra = [c for c in extra if not _copies_coordinates(frame, c, points)]
    left = [str(c) for c in extra[max_extra:]]
    candidates += [(str(c), functools.partial(_extra_text, frame[c]), "text") for c in extra[:len(extra) - len(left)]]
    if left:
        candidates.append((f"{len(left)} more columns, not shown", lambda: [", ".join(left)] * len(frame), "text"))
    return candidates


#: Fields that show a column's text as it is: (label, column, kind).
_TEXT_FIELDS = (("Border band", "band", "text"), ("Country", "country", "text"), ("Region", "region", "text"),
                ("Actors", "actors", "text"), ("Weapons", "weapons", "text"),
                ("Damage reported", "damage_reported", "text"), ("Sources", "sources", "sources"),
                ("Notes", "notes", "text"), ("Incident id", "id", "text"), ("Location", "location", "heading"),
                ("Name", "name", "heading"))


def has_values(values: list[Any] | Coded | Joined) -> bool:
    """Whether a field has a value on any row (a field without one is not shown)."""
    return values.any() if isinstance(values, (Joined, Coded)) else _has_value(values)


def tip_and_heading(labels: list[str]) -> tuple[list[int], list[int]]:
    """Indexes (into the shown fields' ``labels``) of the hover tooltip's fields and of the heading's."""
    short = "Fatalities (range)" if "Fatalities (range)" in labels else "Fatalities"
    tip = [labels.index(name) for name in ("Date", "Event", short) if name in labels]
    heading = [labels.index(name) for name in ("Location", "Name", "Incident id") if name in labels]
    return tip, heading
