"""One way to say each number: distances, ranges, areas and dates, for every renderer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    pass

__all__ = ['format_distance', 'format_range', 'format_area', 'format_date']

def format_distance(metres: float) -> str:
    """``850 m``, ``3.4 km``, ``35 km``: precision falls with size, as a reader expects.

    >>> format_distance(35389.9), format_distance(3420), format_distance(850.4)
    ('35 km', '3.4 km', '850 m')
    """
    if metres is None or not np.isfinite(metres):
        return "unknown"
    if metres < 1_000:
        return f"{metres:,.0f} m"
    if metres < 10_000:
        return f"{metres / 1_000:.1f}".removesuffix(".0") + " km"
    return f"{metres / 1_000:,.0f} km"


def format_range(low_m: float, high_m: float) -> str:
    """A distance range with the unit once when both ends share it: ``27–43 km``, ``600 m–1.4 km``.

    >>> format_range(27_389.9, 43_389.9), format_range(600, 1_400)
    ('27–43 km', '600 m–1.4 km')
    """
    low, high = format_distance(low_m), format_distance(high_m)
    if low.endswith(" km") and high.endswith(" km") or low.endswith(" m") and high.endswith(" m"):
        return f"{low.rsplit(' ', 1)[0]}–{high}"
    return f"{low}–{high}"


def format_area(square_metres: float) -> str:
    """``12,300 m²`` below a tenth of a km², then km² to two significant decimals.

    >>> format_area(12_345), format_area(2_345_678), format_area(201_061_930)
    ('12,345 m²', '2.35 km²', '201 km²')
    """
    if square_metres is None or not np.isfinite(square_metres):
        return "unknown"
    if square_metres < 100_000:
        return f"{square_metres:,.0f} m²"
    km2 = square_metres / 1e6
    if km2 < 10:
        return f"{km2:.2f} km²"
    if km2 < 100:
        return f"{km2:.1f} km²"
    return f"{km2:,.0f} km²"


def format_date(value: Any, precision: Any = "day", time_of_day: Any = None) -> str:
    """A date worded to its precision: ``20 April 2023 (evening)``, ``April 2023``, ``2023``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "date not reported"
    stamp = pd.Timestamp(value)
    precision = precision if isinstance(precision, str) else "day"
    text = {"year": f"{stamp.year}", "month": f"{stamp:%B} {stamp.year}",
            "week": f"week of {stamp.day} {stamp:%B} {stamp.year}"}.get(precision, f"{stamp.day} {stamp:%B} {stamp.year}")
    if _text(time_of_day):
        text += f" ({_text(time_of_day)})"
    return text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) and pd.isna(value):
        return ""
    return str(value).strip()

