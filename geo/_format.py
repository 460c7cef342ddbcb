"""One way to say each number: distances, areas, ranges, directions, dates, counts.

Every renderer (interactive map, static map, report) and the extractor call
these functions, so the same figure reads the same everywhere: 35,389.9 m is
"35.4 km" in a popup, on a PNG and in a report; 5,000 m is "5 km".

Rules, chosen for readers rather than for machines:

- distances below 1 km in whole metres ("850 m"); below 100 km in km to one
  decimal with a trailing ".0" dropped ("35.4 km", "5 km"); from 100 km in
  whole km with thousands separators ("1,524 km");
- areas below 0.1 km² in whole m² ("12,345 m²"); then km² to 2, 1 or 0
  decimals (below 10, 100 and above);
- a range names its unit once when both ends share it ("27.4–43.4 km") and
  starts at a bare "0" ("0–5 km"); the dash is an en dash;
- dates are worded to their precision ("20 April 2023 (evening)",
  "April 2023", "week of 17 April 2023", "2023"), never with
  platform-specific ``strftime`` flags;
- counts have thousands separators; count ranges read "12", "24–99",
  "at least 12", "up to 99".

Nothing here measures: inputs are metres, square metres, degrees and dates
that geo already computed.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np

__all__ = [
    "format_distance",
    "format_distances",
    "format_distance_range",
    "format_distance_range_parts",
    "distance_codes",
    "distance_range_codes",
    "format_approx_distance",
    "format_area",
    "compass_point",
    "compass_points",
    "compass_indices",
    "format_date",
    "format_count",
    "format_count_range",
    "format_share",
    "format_lonlat",
    "format_timestamp",
    "MISSING",
    "DISTANCE_RULES",
]

#: What a formatter returns for a missing or non-finite number.
MISSING = "unknown"
_DASH = "–"
_COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
_COMPASS_ARRAY = np.array(_COMPASS)


def _finite(value: Any) -> float | None:
    """``value`` as a finite float, or None (None, NaN, ±inf, pd.NA, text that is not a number)."""
    if value is None:
        return None
    try:  # float() refuses pd.NA with a TypeError
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


#: The distance rules as data, first match wins: the value in ``unit`` (metres / ``per_m``) is used
#: when its magnitude is below ``below`` (None: always), rounded to ``decimals`` (half to even, as
#: Python's ``format``), with thousands separators, ``".0"`` dropped where ``trim``. The map's
#: measure tool reads this same table (``geo.render.webmap``), so the browser says it the same way.
DISTANCE_RULES: tuple[dict[str, Any], ...] = (
    {"unit": "m", "per_m": 1, "below": 999.5, "decimals": 0, "trim": False},
    {"unit": "km", "per_m": 1_000, "below": 99.95, "decimals": 1, "trim": True},
    {"unit": "km", "per_m": 1_000, "below": None, "decimals": 0, "trim": False},
)


def _rule_text(value: float, rule: dict[str, Any]) -> str:
    """``value`` (already in the rule's unit) as the rule writes it, e.g. "35.4"."""
    text = f"{value:,.{rule['decimals']}f}"
    if rule["trim"]:
        text = text.removesuffix(".0")
    if text.startswith("-") and float(text[1:].replace(",", "")) == 0:
        text = text[1:]  # a negative value that rounds to zero reads "0", not "-0"
    return text


def _distance_parts(metres: float) -> tuple[str, str]:
    """(number, unit) of a distance, e.g. ("35.4", "km"), by the first rule of :data:`DISTANCE_RULES` that fits."""
    for rule in DISTANCE_RULES:
        value = metres / rule["per_m"]
        if rule["below"] is None or abs(value) < rule["below"]:
            break
    return _rule_text(value, rule), rule["unit"]


def format_distance(metres: Any) -> str:
    """A distance in metres as text: ``850 m``, ``5 km``, ``35.4 km``, ``1,524 km``.

    Parameters
    ----------
    metres:
        Distance in metres (a number; None or NaN reads :data:`MISSING`).

    Examples
    --------
    >>> format_distance(35_389.9), format_distance(5_000), format_distance(849.6), format_distance(1_523_553)
    ('35.4 km', '5 km', '850 m', '1,524 km')
    """
    value = _finite(metres)
    if value is None:
        return MISSING
    number, unit = _distance_parts(value)
    return f"{number} {unit}"


def format_distance_range(low_m: Any, high_m: Any) -> str:
    """A distance range with the unit once when both ends share it.

    >>> format_distance_range(27_389.9, 43_389.9), format_distance_range(600, 1_400), format_distance_range(0, 5_000)
    ('27.4–43.4 km', '600 m–1.4 km', '0–5 km')
    """
    low, high = _finite(low_m), _finite(high_m)
    if low is None or high is None:
        return f"{format_distance(low_m)}{_DASH}{format_distance(high_m)}"
    (a, unit_a), (b, unit_b) = _distance_parts(low), _distance_parts(high)
    if unit_a == unit_b or a == "0":
        return f"{a}{_DASH}{b} {unit_b}"
    return f"{a} {unit_a}{_DASH}{b} {unit_b}"


def _floats(values: Any) -> np.ndarray:
    """Numbers as a flat float array, NaN where missing or not a number (None, pd.NA, text)."""
    try:
        return np.asarray(values, dtype="float64").ravel()
    except (TypeError, ValueError):
        import pandas as pd

        return pd.to_numeric(pd.Series(np.asarray(values, dtype=object).ravel()), errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan)


def _step_codes(values: np.ndarray, steps: int, text: Any) -> tuple[np.ndarray, list[str]]:
    """``text(v)`` of each value as (a code per value, the distinct texts), formatted once per display step.

    ``text`` rounds to the step (``1 / steps`` of a unit) as Python's format
    does (half to even on the exact binary value). A value's step is
    ``rint(v * steps)`` except within 1e-6 of a half step, where float
    rounding in ``v * steps`` could tip it: those few are formatted one by one
    (each its own code). Every other value shares its step's text, formatted
    from the step itself (``k / steps`` prints as k's digits).
    """
    scaled = values * steps
    tie = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    codes = np.empty(values.size, dtype=np.int64)
    texts: list[str] = []
    plain = ~tie
    if plain.any():
        keys, inverse = np.unique(np.rint(scaled[plain]), return_inverse=True)
        texts = [text(k / steps) for k in keys.tolist()]
        codes[plain] = inverse.ravel()
    if tie.any():
        codes[tie] = np.arange(len(texts), len(texts) + int(tie.sum()))
        texts += [text(v) for v in values[tie].tolist()]
    return codes, texts


def _distance_codes(values: np.ndarray) -> tuple[np.ndarray, list[str], list[str]]:
    """:func:`_distance_parts` of every value at once: (code per value, -1 where missing; numbers; units).

    The same rules and the same Python format specifications as the scalar
    form, applied per size class and formatted once per distinct display value
    (100,000 distances in ~20 ms instead of ~0.5 s).
    """
    codes = np.full(values.size, -1, dtype=np.int64)
    numbers: list[str] = []
    units: list[str] = []
    left = np.isfinite(values)
    for rule in DISTANCE_RULES:
        scaled = values / rule["per_m"]
        with np.errstate(invalid="ignore"):
            take = left & (np.abs(scaled) < rule["below"]) if rule["below"] is not None else left.copy()
        if take.any():
            found, texts = _step_codes(scaled[take], 10 ** rule["decimals"], lambda v, rule=rule: _rule_text(v, rule))
            codes[take] = found + len(numbers)
            numbers += texts
            units += [rule["unit"]] * len(texts)
        left &= ~take
    return codes, numbers, units


def format_distances(metres: Any) -> np.ndarray:
    """:func:`format_distance` of each value, as an object array of str (:data:`MISSING` where missing).

    >>> format_distances([35_389.9, 5_000, float("nan")]).tolist()
    ['35.4 km', '5 km', 'unknown']
    """
    codes, texts = distance_codes(metres)
    return np.array([*texts, MISSING], dtype=object)[codes]


def distance_codes(metres: Any) -> tuple[np.ndarray, list[str]]:
    """:func:`format_distance` of each value as a code per value (-1 where missing) into distinct texts.

    What a page of 100,000 incidents carries: each distinct text once.

    >>> codes, texts = distance_codes([35_389.9, 5_000, float("nan"), 35_410])
    >>> codes.tolist(), texts
    ([1, 0, -1, 1], ['5 km', '35.4 km'])
    """
    codes, numbers, units = _distance_codes(_floats(metres))
    return codes, [f"{number} {unit}" for number, unit in zip(numbers, units, strict=True)]


def distance_range_codes(low_m: Any, high_m: Any) -> tuple[np.ndarray, list[str], np.ndarray, list[str]]:
    """:func:`format_distance_range_parts` as codes: (left codes, left texts, right codes, right texts).

    Codes are -1 where either end is missing; ``left + "–" + right`` is the range's text.

    >>> left, lt, right, rt = distance_range_codes([27_389.9, 600], [43_389.9, 1_400])
    >>> [lt[k] for k in left], [rt[k] for k in right]
    (['27.4', '600 m'], ['43.4 km', '1.4 km'])
    """
    a, numbers_a, units_a = _distance_codes(_floats(low_m))
    b, numbers_b, units_b = _distance_codes(_floats(high_m))
    ok = (a >= 0) & (b >= 0)
    unit_a = np.array([*units_a, ""], dtype=object)[a]
    unit_b = np.array([*units_b, ""], dtype=object)[b]
    zero_a = np.array([n == "0" for n in numbers_a] + [False], dtype=bool)[a]
    one_unit = (unit_a == unit_b) | zero_a
    left = np.where(ok, a + np.where(one_unit, 0, len(numbers_a)), -1)
    left_texts = [*numbers_a, *(f"{n} {u}" for n, u in zip(numbers_a, units_a, strict=True))]
    right_texts = [f"{n} {u}" for n, u in zip(numbers_b, units_b, strict=True)]
    return left, left_texts, np.where(ok, b, -1), right_texts


def format_distance_range_parts(low_m: Any, high_m: Any) -> tuple[np.ndarray, np.ndarray]:
    """:func:`format_distance_range` of each pair, split at the dash: ``("27.4", "43.4 km")``.

    The two halves repeat far more than whole ranges do, so a map can store
    each once; ``low + "–" + high`` is the range's text. Pairs with a missing
    end give ``None`` in both.

    >>> [a.tolist() for a in format_distance_range_parts([27_389.9, 600], [43_389.9, 1_400])]
    [['27.4', '600 m'], ['43.4 km', '1.4 km']]
    """
    left, left_texts, right, right_texts = distance_range_codes(low_m, high_m)
    return (np.array([*left_texts, None], dtype=object)[left], np.array([*right_texts, None], dtype=object)[right])


def format_approx_distance(metres: Any) -> str:
    """A rounded distance for phrases such as "34 km SW of Belgorod".

    Below 950 m, metres to the nearest 100 (``400 m``); above, whole
    kilometres, at least 1 (``34 km``).

    >>> format_approx_distance(34_400), format_approx_distance(420), format_approx_distance(960)
    ('34 km', '400 m', '1 km')
    """
    value = _finite(metres)
    if value is None:
        return MISSING
    if value < 950:
        return f"{int(round(value, -2))} m"
    return f"{max(1, round(value / 1_000)):,} km"


def format_area(square_metres: Any) -> str:
    """An area in square metres as text: ``12,345 m²``, ``0.28 km²``, ``45.6 km²``, ``201 km²``.

    >>> format_area(12_345), format_area(282_743), format_area(2_345_678), format_area(201_041_700)
    ('12,345 m²', '0.28 km²', '2.35 km²', '201 km²')
    """
    value = _finite(square_metres)
    if value is None:
        return MISSING
    if value < 100_000:
        return f"{value:,.0f} m²"
    km2 = value / 1e6
    if km2 < 10:
        return f"{km2:.2f} km²"
    if km2 < 100:
        return f"{km2:.1f} km²"
    return f"{km2:,.0f} km²"


def compass_point(azimuth: Any) -> str:
    """Eight-point compass name of an azimuth in degrees clockwise from north: 0 -> "N", 225 -> "SW".

    A missing or non-finite azimuth gives ``""``.

    >>> compass_point(0), compass_point(225), compass_point(359)
    ('N', 'SW', 'N')
    """
    value = _finite(azimuth)
    if value is None:
        return ""
    return _COMPASS[int(((value % 360) + 22.5) // 45) % 8]


def compass_points(azimuths: Any) -> np.ndarray:
    """:func:`compass_point` of each azimuth (``""`` where missing), as an array of str."""
    return np.append(_COMPASS_ARRAY, "")[compass_indices(azimuths)]


def compass_indices(azimuths: Any) -> np.ndarray:
    """Index of each azimuth's compass point in ``N NE E SE S SW W NW`` (0-7), 8 where missing."""
    values = np.asarray(azimuths)
    if values.dtype.kind in "fiu":  # numbers already: no parsing
        values = values.astype("float64", copy=False).ravel()
    else:
        import pandas as pd

        values = pd.to_numeric(pd.Series(np.asarray(azimuths, dtype=object).ravel()), errors="coerce")
        values = values.to_numpy(dtype="float64")
    ok = np.isfinite(values)
    index = ((np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0) % 360 + 22.5) // 45).astype(int) % 8
    return np.where(ok, index, 8)


def format_date(value: Any, precision: Any = "day", time_of_day: Any = None, *,
                missing: str = "date not reported") -> str:
    """A date worded to its precision: ``20 April 2023 (evening)``, ``April 2023``, ``2023``.

    Parameters
    ----------
    value:
        A date (``str`` in ISO 8601, ``datetime.date``, ``pandas.Timestamp``).
    precision:
        ``"day"`` (default), ``"week"``, ``"month"`` or ``"year"``, as in the schema.
    time_of_day:
        Optional words appended in brackets ("evening").
    missing:
        Text for a missing date.

    >>> format_date("2023-04-20", "day", "evening"), format_date("2023-04-01", "month"), format_date("2023-04-17", "week")
    ('20 April 2023 (evening)', 'April 2023', 'week of 17 April 2023')
    """
    if value is None:
        return missing
    stamp = _plain_date(value)
    if stamp is None:  # anything else (Timestamps, NaT, other spellings) as pandas reads it
        import pandas as pd

        if not isinstance(value, str) and pd.isna(value):
            return missing
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return missing
    precision = precision if isinstance(precision, str) else "day"
    day = f"{stamp.day} {stamp:%B} {stamp.year}"  # stamp.day, not %-d: that flag is glibc-only
    text = {"year": f"{stamp.year}", "month": f"{stamp:%B} {stamp.year}", "week": f"week of {day}"}.get(precision, day)
    words = "" if not isinstance(time_of_day, str) and _missing(time_of_day) else str(time_of_day).strip()
    if words:
        text += f" ({words})"
    return text


def _plain_date(value: Any) -> dt.date | None:
    """``value`` as a date when it is a ``datetime.date``/``datetime`` or an ISO ``YYYY-MM-DD`` text; else None."""
    if type(value) in (dt.date, dt.datetime):  # exact types: pandas' Timestamp and NaT go the pandas way
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _missing(value: Any) -> bool:
    """pandas' notion of missing (NaN, NaT, pd.NA, None) for a value that is not text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    import pandas as pd

    return bool(pd.isna(value))


def format_count(count: Any, noun: str | None = None, plural: str | None = None) -> str:
    """A count with thousands separators, optionally with its noun: ``1,234 incidents``, ``1 incident``.

    >>> format_count(1234), format_count(1, "incident"), format_count(3, "incident"), format_count(2, "person", "people")
    ('1,234', '1 incident', '3 incidents', '2 people')
    """
    value = _finite(count)
    if value is None:
        return MISSING
    number = f"{value:,.0f}"
    if noun is None:
        return number
    return f"{number} {noun if value == 1 else (plural or noun + 's')}"


def format_count_range(low: Any, high: Any) -> str:
    """A reported count range: ``12``, ``24–99``, ``at least 12``, ``up to 99`` (``""`` if neither is known).

    >>> format_count_range(12, 12), format_count_range(24, 99), format_count_range(12, None), format_count_range(None, 99)
    ('12', '24–99', 'at least 12', 'up to 99')
    """
    lo, hi = _finite(low), _finite(high)
    if lo is not None and hi is not None:
        return f"{lo:,.0f}" if lo == hi else f"{lo:,.0f}{_DASH}{hi:,.0f}"
    if lo is not None:
        return f"at least {lo:,.0f}"
    if hi is not None:
        return f"up to {hi:,.0f}"
    return ""


def format_share(fraction: Any) -> str:
    """A fraction as a whole percentage: 0.3004 -> ``30%``.

    >>> format_share(0.3004)
    '30%'
    """
    value = _finite(fraction)
    return MISSING if value is None else f"{value:.0%}"


def format_lonlat(lon: float, lat: float, *, decimals: int = 2) -> str:
    """A position with hemispheres, latitude first: ``50.60°N 36.58°E``.

    >>> format_lonlat(36.58091, 50.60343)
    '50.60°N 36.58°E'
    """
    return (f"{abs(lat):.{decimals}f}°{'N' if lat >= 0 else 'S'} "
            f"{abs(lon):.{decimals}f}°{'E' if lon >= 0 else 'W'}")


def format_timestamp(stamp: dt.datetime) -> str:
    """A UTC time to the minute: ``2023-04-21 12:00 UTC``."""
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.UTC)
    return stamp.strftime("%Y-%m-%d %H:%M UTC")
