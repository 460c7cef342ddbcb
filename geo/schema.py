"""The incident and damage-area schema, and the checks that enforce it.

Incidents follow the spirit of ACLED and UCDP event data. One row per
incident, point geometry in EPSG:4326:

==================== ============ ==============================================
column               type         meaning
==================== ============ ==============================================
id                   str          unique identifier (default ``row-N``)
date                 datetime     day of the incident (may be missing)
time_precision       str          ``day``, ``week``, ``month`` or ``year``
time_of_day          str          free text, e.g. ``"evening"``
event_type           str          e.g. ``"air strike"``, ``"accidental explosion"``
actors               str          ``"; "``-separated
location             str          place name as reported
location_precision   Int64        1 exact site, 2 near/within a named town, 3 region only
uncertainty_m        float        radius in metres within which the site lies
fatalities_low/high  Int64        reported range; high missing = open-ended
fatalities_source    str          who claimed the figure
fatalities_text      str          the claim as worded, e.g. ``"at least 12"``
injuries_*           as above
weapons              str          ``"; "``-separated, e.g. ``"Su-34; FAB-500 bomb"``
sources              str          ``"; "``-separated source ids or names
notes                str
geometry             Point
==================== ============ ==============================================

Damage areas: ``id``, ``incident_id``, ``kind``, ``severity`` (one of
:data:`SEVERITIES`), ``description``, ``source``, polygon ``geometry``
(may be missing: damage reported but not located).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .errors import CRSMismatchError, InputError, MissingCRSError, RepairWarning, SchemaError

__all__ = [
    "INCIDENT_COLUMNS",
    "DAMAGE_COLUMNS",
    "TIME_PRECISIONS",
    "LOCATION_PRECISIONS",
    "DEFAULT_UNCERTAINTY_M",
    "SEVERITIES",
    "validate_incidents",
    "validate_damage",
    "ensure_wgs84",
]

TIME_PRECISIONS = ("day", "week", "month", "year")
LOCATION_PRECISIONS = {1: "exact site", 2: "near or within a named town", 3: "region only"}
#: Radius used when a precision is given without a radius: a site, a town, a region.
DEFAULT_UNCERTAINTY_M = {1: 100.0, 2: 5_000.0, 3: 50_000.0}
SEVERITIES = ("destroyed", "severe", "moderate", "light", "unknown")

_TEXT = "text"
_INT = "int"
_FLOAT = "float"
_DATE = "date"

INCIDENT_COLUMNS: dict[str, str] = {
    "id": _TEXT, "date": _DATE, "time_precision": _TEXT, "time_of_day": _TEXT,
    "event_type": _TEXT, "actors": _TEXT, "location": _TEXT,
    "location_precision": _INT, "uncertainty_m": _FLOAT,
    "fatalities_low": _INT, "fatalities_high": _INT, "fatalities_source": _TEXT, "fatalities_text": _TEXT,
    "injuries_low": _INT, "injuries_high": _INT, "injuries_source": _TEXT, "injuries_text": _TEXT,
    "weapons": _TEXT, "sources": _TEXT, "notes": _TEXT,
}

DAMAGE_COLUMNS: dict[str, str] = {
    "id": _TEXT, "incident_id": _TEXT, "kind": _TEXT, "severity": _TEXT,
    "description": _TEXT, "source": _TEXT,
}


def _rows(mask: np.ndarray | pd.Series, label: str = "row", limit: int = 5) -> str:
    positions = np.flatnonzero(np.asarray(mask)) + 1
    shown = ", ".join(str(p) for p in positions[:limit])
    more = f" and {positions.size - limit} more" if positions.size > limit else ""
    noun = label if positions.size == 1 else f"{label}s"
    return f"{noun} {shown}{more}"


def ensure_wgs84(frame: gpd.GeoDataFrame, *, source: str | None = None) -> gpd.GeoDataFrame:
    """Return ``frame`` in EPSG:4326, refusing a missing CRS.

    Raises
    ------
    MissingCRSError
        When ``frame.crs`` is None: geo never guesses what numbers mean.
    """
    if frame.crs is None:
        raise MissingCRSError(
            "the geometries have no coordinate reference system",
            source=source,
            hint="set one, e.g. frame.set_crs('EPSG:4326') for lon/lat degrees, "
                 "or pass --crs EPSG:4326 on the command line")
    if frame.crs.to_epsg() == 4326:
        return frame
    return frame.to_crs(4326)


def check_same_crs(frames: Iterable[gpd.GeoDataFrame], *, names: Iterable[str]) -> None:
    """Refuse layers whose CRSs differ (a report must not mix them silently)."""
    seen = [(name, frame.crs) for name, frame in zip(names, frames) if frame is not None and len(frame)]
    if len({str(crs) for _, crs in seen}) > 1:
        listing = "; ".join(f"{name}: {crs.to_string() if crs else None}" for name, crs in seen)
        raise CRSMismatchError(f"layers use different coordinate reference systems ({listing})",
                               hint="reproject them to one CRS first, e.g. frame.to_crs('EPSG:4326')")


def _coerce(frame: pd.DataFrame, column: str, kind: str, *, source: str | None) -> pd.Series:
    values = frame[column]
    if kind == _TEXT:
        return values.astype("string").fillna("").astype(object)
    if kind == _DATE:
        text = values.astype("string")
        parsed = pd.to_datetime(text, errors="coerce", format="mixed")
        bad = parsed.isna() & text.notna() & text.str.strip().ne("")
        if bad.any():
            example = text[bad].iloc[0]
            raise SchemaError(f"column 'date' has values that are not dates, e.g. {example!r}",
                              source=source, location=_rows(bad),
                              hint="write dates as YYYY-MM-DD")
        return parsed.astype("datetime64[ns]")
    numbers = pd.to_numeric(values, errors="coerce")
    bad = numbers.isna() & values.notna() & values.astype("string").str.strip().ne("")
    if bad.any():
        example = values[bad].iloc[0]
        raise SchemaError(f"column {column!r} must hold numbers, got {example!r}",
                          source=source, location=_rows(bad),
                          hint="use digits with a dot as decimal separator, or leave the cell empty")
    if not np.isfinite(numbers.dropna().to_numpy(dtype=float)).all():
        bad = ~np.isfinite(numbers.to_numpy(dtype=float)) & numbers.notna().to_numpy()
        raise SchemaError(f"column {column!r} holds an infinite value", source=source, location=_rows(bad))
    if kind == _INT:
        fractional = numbers.notna() & (numbers != np.floor(numbers.fillna(0)))
        if fractional.any():
            raise SchemaError(f"column {column!r} must hold whole numbers, got {numbers[fractional].iloc[0]}",
                              source=source, location=_rows(fractional))
        return numbers.astype("Int64")
    return numbers.astype("float64")


def _check_points(frame: gpd.GeoDataFrame, *, source: str | None) -> None:
    geoms = frame.geometry.values
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if missing.any():
        raise InputError("incident has no location (empty or missing geometry)", source=source,
                         location=_rows(missing),
                         hint="give lon/lat for every incident, or drop the row")
    not_point = shapely.get_type_id(geoms) != 0
    if not_point.any():
        kind = frame.geometry.iloc[np.flatnonzero(not_point)[0]].geom_type
        raise SchemaError(f"incidents must be points, got a {kind}", source=source,
                          location=_rows(not_point),
                          hint="load areas as damage areas, or use their centroid with a precision radius")
    x = shapely.get_x(geoms)
    y = shapely.get_y(geoms)
    _check_lonlat(x, y, source=source)


def _check_lonlat(x: np.ndarray, y: np.ndarray, *, source: str | None) -> None:
    finite = np.isfinite(x) & np.isfinite(y)
    if not finite.all():
        raise InputError("coordinate is not a finite number (NaN or infinity)", source=source,
                         location=_rows(~finite), hint="fix or drop the row")
    bad_lat = np.abs(y) > 90
    if bad_lat.any():
        i = np.flatnonzero(bad_lat)[0]
        swap = " (lon and lat look swapped)" if abs(x[i]) <= 90 else ""
        raise InputError(f"latitude {y[i]} is outside -90..90{swap}", source=source,
                         location=_rows(bad_lat),
                         hint="latitude is the north-south coordinate in degrees; check the column order")
    bad_lon = np.abs(x) > 180
    if bad_lon.any():
        i = np.flatnonzero(bad_lon)[0]
        raise InputError(f"longitude {x[i]} is outside -180..180", source=source,
                         location=_rows(bad_lon),
                         hint="wrap longitudes into -180..180, or check the CRS if these are metres")


def validate_incidents(frame: gpd.GeoDataFrame, *, source: str | None = None) -> gpd.GeoDataFrame:
    """Check and normalise an incidents frame to the documented schema.

    Missing optional columns are added empty; ``id`` defaults to ``row-N``;
    a ``location_precision`` without ``uncertainty_m`` gets
    :data:`DEFAULT_UNCERTAINTY_M`. Extra columns are kept as they are.

    Raises
    ------
    MissingCRSError, SchemaError, InputError
        Naming ``source``, the rows and the fix.
    """
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        raise SchemaError("incidents need a geometry column (or lon/lat columns)", source=source)
    frame = ensure_wgs84(frame, source=source).copy()
    if frame.empty:
        raise InputError("no incidents: the table has zero rows", source=source,
                         hint="add at least one row with lon/lat")
    _check_points(frame, source=source)
    if "id" not in frame:
        frame["id"] = [f"row-{i}" for i in range(1, len(frame) + 1)]
    for column, kind in INCIDENT_COLUMNS.items():
        if column not in frame:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="object")
        frame[column] = _coerce(frame, column, kind, source=source)
    _check_ids(frame, source=source)
    _check_incident_values(frame, source=source)
    defaults = frame["location_precision"].map(DEFAULT_UNCERTAINTY_M, na_action="ignore").astype("float64")
    frame["uncertainty_m"] = frame["uncertainty_m"].fillna(defaults)
    frame.loc[frame["time_precision"] == "", "time_precision"] = "day"
    ordered = [*INCIDENT_COLUMNS, *[c for c in frame.columns if c not in INCIDENT_COLUMNS]]
    return frame[ordered]


def _check_ids(frame: pd.DataFrame, *, source: str | None) -> None:
    ids = frame["id"]
    blank = ids.eq("")
    if blank.any():
        raise SchemaError("incident id is blank", source=source, location=_rows(blank),
                          hint="give every incident a unique id, or drop the id column to number rows")
    dup = ids.duplicated(keep=False)
    if dup.any():
        raise SchemaError(f"incident id {ids[dup].iloc[0]!r} is used more than once", source=source,
                          location=_rows(dup), hint="ids must be unique")


def _check_incident_values(frame: pd.DataFrame, *, source: str | None) -> None:
    precision = frame["time_precision"]
    bad = ~precision.isin(("", *TIME_PRECISIONS))
    if bad.any():
        raise SchemaError(f"time_precision must be one of {', '.join(TIME_PRECISIONS)}, "
                          f"got {precision[bad].iloc[0]!r}", source=source, location=_rows(bad))
    loc = frame["location_precision"]
    bad = loc.notna() & ~loc.isin(list(LOCATION_PRECISIONS))
    if bad.fillna(False).any():
        raise SchemaError(f"location_precision must be 1 (exact site), 2 (town) or 3 (region), "
                          f"got {loc[bad.fillna(False)].iloc[0]}", source=source, location=_rows(bad.fillna(False)))
    radius = frame["uncertainty_m"]
    bad = (radius < 0).fillna(False)
    if bad.any():
        raise SchemaError(f"uncertainty_m must be >= 0 metres, got {radius[bad].iloc[0]}",
                          source=source, location=_rows(bad))
    for claim in ("fatalities", "injuries"):
        low, high = frame[f"{claim}_low"], frame[f"{claim}_high"]
        negative = ((low < 0) | (high < 0)).fillna(False)
        if negative.any():
            raise SchemaError(f"{claim} cannot be negative", source=source, location=_rows(negative))
        reversed_ = (low > high).fillna(False)
        if reversed_.any():
            i = np.flatnonzero(reversed_)[0]
            raise SchemaError(f"{claim}_low ({low.iloc[i]}) is greater than {claim}_high ({high.iloc[i]})",
                              source=source, location=_rows(reversed_),
                              hint="low is the smallest reported figure; leave high empty if open-ended")


def validate_damage(frame: gpd.GeoDataFrame, *, source: str | None = None) -> gpd.GeoDataFrame:
    """Check and normalise a damage-areas frame.

    Invalid polygons are repaired with ``shapely.make_valid`` and a
    :class:`RepairWarning` naming the features; a missing geometry is allowed
    (damage reported but not located).
    """
    if not isinstance(frame, gpd.GeoDataFrame):
        raise SchemaError("damage areas need a geometry column", source=source)
    frame = ensure_wgs84(frame, source=source).copy() if len(frame) else frame.copy()
    if "id" not in frame:
        frame["id"] = [f"damage-{i}" for i in range(1, len(frame) + 1)]
    for column, kind in DAMAGE_COLUMNS.items():
        if column not in frame:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="object")
        frame[column] = _coerce(frame, column, kind, source=source)
    frame.loc[frame["severity"] == "", "severity"] = "unknown"
    bad = ~frame["severity"].isin(SEVERITIES)
    if bad.any():
        raise SchemaError(f"severity must be one of {', '.join(SEVERITIES)}, got {frame['severity'][bad].iloc[0]!r}",
                          source=source, location=_rows(bad, "feature"))
    _check_ids(frame, source=source)
    geoms = frame.geometry.values
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    polygonal = np.isin(shapely.get_type_id(geoms), (3, 6))
    if (present & ~polygonal).any():
        kind = frame.geometry.iloc[np.flatnonzero(present & ~polygonal)[0]].geom_type
        raise SchemaError(f"damage areas must be polygons, got a {kind}", source=source,
                          location=_rows(present & ~polygonal, "feature"),
                          hint="buffer points into circles with geo.geodesic_circle, or list them as incidents")
    invalid = present & ~shapely.is_valid(geoms)
    if invalid.any():
        reasons = {shapely.is_valid_reason(g) for g in geoms[invalid]}
        frame.loc[invalid, frame.geometry.name] = shapely.make_valid(geoms[invalid], method="structure")
        warnings.warn(f"{source or 'damage areas'}: {_rows(invalid, 'feature')} had invalid polygons "
                      f"({'; '.join(sorted(reasons))}); repaired with make_valid",
                      RepairWarning, stacklevel=2)
    return frame
