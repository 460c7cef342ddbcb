"""What a source profile is, and how one turns a table into geo's incident fields.

A profile recognises an export by its header (ACLED, UCDP GED, HXL, an OSINT
monitor sheet, geo's own schema), maps its columns onto geo's fields and
derives the fields a dataset codes its own way (precision codes, date
precision, fatality estimates). Every column it does not use is kept, under
its own name, as an extra field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["Profile", "Reading", "FIELDS", "find", "numbers", "text", "iso_dates", "join_columns"]

#: Fields a column can be mapped to (``--columns FIELD=COLUMN``). ``fatalities`` and
#: ``injuries`` set both ends of the range from one figure.
FIELDS = ("id", "date", "date_end", "time_precision", "time_of_day", "event_type", "actors", "location", "country",
          "lon", "lat", "location_precision", "uncertainty_m", "fatalities", "fatalities_low", "fatalities_high",
          "fatalities_source", "fatalities_text", "injuries", "injuries_low", "injuries_high", "injuries_source",
          "injuries_text", "weapons", "sources", "notes")

#: Columns geo adds while analysing; a source column of that name is kept under a prefixed name.
_RESERVED = {"border_distance_m", "border_lon", "border_lat", "border_bearing_deg", "border_distance_min_m",
             "border_distance_max_m", "border_countries", "band", "region", "nearest_phrase", "damage_reported",
             "geometry", "row", "reason"}


@dataclass(frozen=True)
class Profile:
    """One kind of export.

    Attributes
    ----------
    name, title:
        Short key (``ucdp``) and the name shown to users (``UCDP GED``).
    detect:
        ``detect(columns, first_row)`` -> True when a header is this export's.
    columns:
        Default mapping ``{field: (candidate column names, ...)}``; the first
        candidate present in the header (case-insensitive) is used.
    derive:
        ``derive(frame, mapping, dataset)`` -> ``{field: values}`` for the
        fields the dataset codes its own way; it may read any mapped column.
        ``dataset`` names the file, for fatality claims sourced to it.
    derives:
        ``{field: explanation}`` of what ``derive`` produces, for ``geo inspect``.

    Mapping keys that are geo fields (:data:`FIELDS`) take their column's
    values (their column is then not repeated as an extra); other keys
    (``where_prec``) name columns that ``derive`` reads, which are kept as
    extra fields too, so the dataset's own codes stay visible.
    """

    name: str
    title: str
    detect: Callable[[list[str], list[str] | None], bool]
    columns: dict[str, tuple[str, ...]]
    derive: Callable[[pd.DataFrame, dict[str, str], str], dict[str, pd.Series]] | None = None
    derives: dict[str, str] = field(default_factory=dict)
    #: Data rows before the first record (HXL's hashtag row); row numbers count them.
    header_rows: int = 0


@dataclass
class Reading:
    """How a file was read: the profile, which column became which field, what is kept as extra."""

    profile: Profile
    mapping: dict[str, str]
    derived: dict[str, str]
    extra: list[str]
    overrides: dict[str, str] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        """Lines for ``geo inspect`` and ``-v``."""
        lines = [f"profile: {self.profile.title} ({self.profile.name})"]
        for name, column in self.mapping.items():
            how = " (--columns)" if name in self.overrides else ""
            lines.append(f"  {name:<20} <- {column}{how}")
        for name, how in self.derived.items():
            lines.append(f"  {name:<20} <- {how}")
        if self.extra:
            shown = [f"{c} (as {self.renamed[c]})" if c in self.renamed else c for c in self.extra]
            lines.append(f"  kept as extra fields ({len(self.extra)}): {', '.join(shown)}")
        lines += [f"  note: {note}" for note in self.notes]
        return lines


def find(columns: list[str], *names: str) -> str | None:
    """The first of ``names`` among ``columns`` (case- and space-insensitive), as spelt in the header."""
    lowered = {_key(c): c for c in columns}
    return next((lowered[_key(n)] for n in names if _key(n) in lowered), None)


def _key(name: object) -> str:
    return re.sub(r"[\s_\-]+", "_", str(name).strip().casefold())


def text(frame: pd.DataFrame, column: str | None) -> pd.Series:
    """A column as stripped text with missing cells as None (a missing column: all None)."""
    if column is None or column not in frame:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    values = frame[column].astype("string").str.strip()
    return values.astype(object).where(values.notna() & values.ne(""), None)


def numbers(frame: pd.DataFrame, column: str | None) -> pd.Series:
    """A column as floats; blanks NaN. Non-numbers stay as text so validation names their rows."""
    if column is None or column not in frame:
        return pd.Series(np.nan, index=frame.index, dtype=object)
    raw = frame[column]
    parsed = pd.to_numeric(raw, errors="coerce")
    bad = parsed.isna() & text(frame, column).notna()
    return parsed.astype(object).where(~bad, raw)


_MONTH_DATE = re.compile(r"^\s*\d{1,2}[\s\-/]+[A-Za-z]{3,9}\.?[\s\-/,]+\d{4}\s*$")


def iso_dates(values: pd.Series) -> pd.Series:
    """Dates as ISO text: ISO and timestamp forms as they are, '20 April 2023' / '20-Apr-2023'
    converted (month names are unambiguous); anything else unchanged, so validation names the row."""
    out = values.astype(object).copy()
    present = values.notna()
    textual = values[present].astype(str).str.strip()
    stamped = textual.str.match(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")
    out.loc[stamped[stamped].index] = textual[stamped].str.slice(0, 10)
    named = textual.str.match(_MONTH_DATE)
    if named.any():
        parsed = pd.to_datetime(textual[named].str.replace(r"[\-/,.]", " ", regex=True), format="%d %B %Y",
                                errors="coerce")
        short = parsed.isna()
        if short.any():
            parsed[short] = pd.to_datetime(textual[named][short].str.replace(r"[\-/,.]", " ", regex=True),
                                           format="%d %b %Y", errors="coerce")
        good = parsed.notna()
        out.loc[parsed[good].index] = parsed[good].dt.strftime("%Y-%m-%d")
    return out


def join_columns(frame: pd.DataFrame, columns: list[str | None], sep: str = "; ") -> pd.Series:
    """Several text columns joined with ``sep``, blanks skipped; None when all are blank (vectorised)."""
    parts = [text(frame, c) for c in columns if c is not None and c in frame]
    if not parts:
        return text(frame, None)
    joined = parts[0].astype(object)
    for part in parts[1:]:
        both = joined.notna() & part.notna()
        glued = joined.astype("string") + sep + part.astype("string")
        joined = glued.astype(object).where(both, joined.where(joined.notna(), part))
    return joined.where(joined.notna(), None).astype(object)
