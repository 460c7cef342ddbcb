"""Source profiles: event exports read as they come (ACLED, UCDP GED, HXL, monitor sheets, geo's own).

:func:`detect_profile` recognises a table by its header; :func:`apply_profile`
turns it into geo's incident fields and says how (a :class:`Reading`:
which column became which field, what was derived from the dataset's codes,
what is kept as extra fields). ``--columns FIELD=COLUMN`` overrides any of it.
"""

from __future__ import annotations

import pandas as pd

from geo.errors import InputError

from ._base import _RESERVED, FIELDS, Profile, Reading, find, numbers
from .acled import ACLED
from .hxl import HXL, tag_columns
from .monitor import MONITOR
from .ucdp import UCDP

__all__ = ["PROFILES", "GEO", "ACLED", "UCDP", "HXL", "MONITOR", "Profile", "Reading", "FIELDS", "detect_profile", "apply_profile", "parse_columns",
           "profile_named"]


def _always(columns: list[str], first_row: list[str] | None) -> bool:
    return True


#: geo's own schema (see geo.schema): columns are used as they are.
GEO = Profile(name="geo", title="geo schema", detect=_always, columns={})
#: In the order they are tried; the first whose header test passes wins.
PROFILES: tuple[Profile, ...] = (HXL, UCDP, ACLED, MONITOR, GEO)


def profile_named(name: str) -> Profile:
    """A profile by its short name (``ucdp``), for ``--profile``."""
    for profile in PROFILES:
        if profile.name == name.strip().lower():
            return profile
    raise InputError(f"unknown profile {name!r}", source="--profile",
                     hint=f"use one of {', '.join(p.name for p in PROFILES)}")


def detect_profile(columns: list[str], first_row: list[object] | None = None) -> Profile:
    """The profile whose header test ``columns`` (and the first data row, for HXL) passes."""
    names = [str(c) for c in columns]
    row = [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in (first_row or [])]
    return next(p for p in PROFILES if p.detect(names, row or None))


def parse_columns(spec: str | dict | None, *, source: str = "--columns") -> dict[str, str]:
    """``"date=event_date,fatalities=best"`` (or a mapping) -> ``{"date": "event_date", ...}``."""
    if not spec:
        return {}
    if isinstance(spec, dict):
        pairs = [(str(k), str(v)) for k, v in spec.items()]
    else:
        pairs = []
        for part in str(spec).split(","):
            if not part.strip():
                continue
            if "=" not in part:
                raise InputError(f"expected FIELD=COLUMN, got {part.strip()!r}", source=source,
                                 hint="e.g. --columns date=event_date,fatalities=best")
            name, column = part.split("=", 1)
            pairs.append((name.strip(), column.strip()))
    unknown = [name for name, _ in pairs if name not in FIELDS]
    if unknown:
        raise InputError(f"unknown field {unknown[0]!r}", source=source, hint=f"fields: {', '.join(FIELDS)}")
    return dict(pairs)


def apply_profile(frame: pd.DataFrame, profile: Profile, *, dataset: str, overrides: dict[str, str] | None = None,
                  first_row: list[object] | None = None) -> tuple[pd.DataFrame, Reading]:
    """``frame`` in geo's incident fields, with every unused column kept, and how it was read.

    Parameters
    ----------
    frame:
        The table as read (text cells; a GeoDataFrame keeps its geometry).
    profile:
        From :func:`detect_profile` or :func:`profile_named`.
    dataset:
        The file, named in warnings and as the source of dataset claims.
    overrides:
        ``{field: column}`` from ``--columns`` or a scenario's ``columns:``; wins over the profile.
    first_row:
        HXL's hashtag row (already removed from ``frame``).

    Raises
    ------
    InputError
        An override naming a column the file does not have.
    """
    overrides = dict(overrides or {})
    geometry = frame.geometry.name if hasattr(frame, "geometry") and "geometry" in frame else None
    columns = [c for c in frame.columns if c != geometry]
    for name, column in list(overrides.items()):
        found = find([str(c) for c in columns], column)
        if found is None:
            raise InputError(f"--columns {name}={column}: the file has no column {column!r}", source=dataset,
                             hint=f"its columns: {', '.join(map(str, columns[:30]))}")
        overrides[name] = found
    mapping = _mapping(profile, [str(c) for c in columns], first_row)
    if profile is GEO and not overrides:
        from geo.input.io import LAT_NAMES, LON_NAMES

        known = {*FIELDS, *LON_NAMES, *LAT_NAMES}
        fields = {str(c): str(c) for c in columns if str(c).strip().lower() in known}
        return frame, Reading(profile, fields, {}, [str(c) for c in columns if str(c) not in fields])
    out: dict[str, object] = {}
    for key, column in mapping.items():
        if key in FIELDS:
            _copy(out, frame, key, column)
    derived = profile.derive(frame, mapping, dataset) if profile.derive else {}
    out.update(derived)
    for key, column in overrides.items():
        _copy(out, frame, key, column)
    mapping.update(overrides)
    used = {c for k, c in mapping.items() if k in FIELDS or k.startswith("actors")}
    extra = [str(c) for c in columns if c not in used]
    renamed = {c: f"{profile.name}_{c}" for c in extra if c.casefold() in FIELDS or c.casefold() in _RESERVED
               or c.casefold() in out}
    table = pd.DataFrame(out, index=frame.index)
    for column in extra:
        table[renamed.get(column, column)] = frame[column]
    if geometry is not None:
        import geopandas as gpd

        table = gpd.GeoDataFrame(table, geometry=frame.geometry.values, crs=frame.crs)
    explained = {k: v for k, v in profile.derives.items() if k not in overrides}
    shown = {k: v for k, v in mapping.items() if k in overrides or (
        k in FIELDS and k not in derived and f"{k}_low" not in derived)}
    return table, Reading(profile, shown, explained, extra, overrides=overrides, renamed=renamed)


def _mapping(profile: Profile, columns: list[str], first_row: list[object] | None) -> dict[str, str]:
    if profile is HXL:
        found = tag_columns(columns, first_row or [])
        mapping = {key: hits[0] for key, hits in found.items() if key != "actors"}
        for i, column in enumerate(found.get("actors", [])):
            mapping["actors" if i == 0 else f"actors+{i + 1}"] = column
        return mapping
    mapping = {}
    for key, candidates in profile.columns.items():
        column = find(columns, *candidates)
        if column is not None:
            mapping[key] = column
    return mapping


def _copy(out: dict[str, object], frame: pd.DataFrame, key: str, column: str) -> None:
    if key in ("fatalities", "injuries"):
        figure = numbers(frame, column)
        out[f"{key}_low"] = figure
        out[f"{key}_high"] = figure
    else:
        out[key] = frame[column]
