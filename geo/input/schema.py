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

from geo.errors import (
    CRSMismatchError,
    InputError,
    MissingCRSError,
    RepairWarning,
    SchemaError,
    current_row_numbers,
    rows_label,
    short_value,
)
from geo.input import _plausible, _repair
from geo.input._dates import parse_dates
from geo.input._numbers import to_numbers

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
    "check_same_crs",
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
    """Refuse layers whose CRSs differ (a report must not mix them silently).

    CRSs that differ only in axis order (EPSG:4326 and OGC:CRS84, the
    GeoParquet default) count as the same: geo always reads them as (lon, lat).

    Raises
    ------
    CRSMismatchError
        Listing every layer with its CRS.
    """
    seen = [(name, frame.crs) for name, frame in zip(names, frames, strict=False) if frame is not None and len(frame)]
    first = seen[0][1] if seen else None

    def same(crs: object) -> bool:
        if crs is None or first is None:
            return crs is first
        return crs.equals(first, ignore_axis_order=True)

    if not all(same(crs) for _, crs in seen):
        listing = "; ".join(f"{name}: {crs.to_string() if crs else None}" for name, crs in seen)
        raise CRSMismatchError(f"layers use different coordinate reference systems ({listing})",
                               hint="reproject them to one CRS first, e.g. frame.to_crs('EPSG:4326')")


def _coerce(values: pd.Series, column: str, kind: str, *, source: str | None) -> pd.Series:
    if kind == _TEXT:
        if values.dtype == object and values.isna().all():  # a column the file does not have: fast
            return _blank_text(values.index)
        return values.astype("string").fillna("").astype(object)
    if kind == _DATE:
        return parse_dates(values, column, source=source)
    if values.dtype == object and values.isna().all():
        numbers = pd.Series(np.nan, index=values.index, dtype="float64")
    else:
        numbers = to_numbers(values)
    bad = numbers.isna() & values.notna()
    if bad.any():  # text checks only on the cells that did not parse: fast on clean tables
        bad[bad] = values[bad].astype("string").str.strip().ne("").fillna(False).to_numpy(dtype=bool)
    if bad.any():
        example = values[bad].iloc[0]
        raise SchemaError(f"column {column!r} must hold numbers, got {short_value(example)}",
                          source=source, location=rows_label(bad),
                          hint="use digits with a dot as decimal separator, or leave the cell empty")
    if not np.isfinite(numbers.dropna().to_numpy(dtype=float)).all():
        bad = ~np.isfinite(numbers.to_numpy(dtype=float)) & numbers.notna().to_numpy()
        raise SchemaError(f"column {column!r} holds an infinite value", source=source, location=rows_label(bad))
    if kind == _INT:
        fractional = numbers.notna() & (numbers != np.floor(numbers.fillna(0)))
        if fractional.any():
            raise SchemaError(f"column {column!r} must hold whole numbers, got {numbers[fractional].iloc[0]}",
                              source=source, location=rows_label(fractional))
        return numbers.astype("Int64")
    return numbers.astype("float64")


def _absent(kind: str, index: pd.Index) -> pd.Series:
    """A column the table does not have, as :func:`_coerce` makes it of a column of missing cells."""
    if kind == _TEXT:
        return _blank_text(index)
    if kind == _INT:
        return pd.Series(pd.array(np.full(len(index), np.nan), dtype="Int64"), index=index)
    if kind == _DATE:
        return pd.Series(np.full(len(index), np.datetime64("NaT", "ns")), index=index)
    return pd.Series(np.full(len(index), np.nan), index=index)


def _columns(frame: pd.DataFrame, schema: dict[str, str], *, source: str | None) -> dict[str, pd.Series]:
    """The schema's columns of ``frame``, each checked and typed (:func:`_coerce`), those it lacks made empty.

    Gathered apart from the frame, which is assembled once with them (:func:`_assembled`): setting 20 columns
    one by one into a GeoDataFrame cost more than checking them for a table of a few rows.
    """
    present = set(frame.columns)
    return {column: _coerce(frame[column], column, kind, source=source) if column in present
            else _absent(kind, frame.index) for column, kind in schema.items()}


def _assembled(frame: gpd.GeoDataFrame, columns: dict[str, pd.Series], *, order: list | None = None
               ) -> gpd.GeoDataFrame:
    """``frame`` with ``columns`` in place of its own: in ``order``, by default ``columns`` first, in their order,
    then the rest of ``frame``'s columns in theirs (its geometry among them)."""
    order = order if order is not None else [*columns, *[c for c in frame.columns if c not in columns]]
    data = {c: columns[c] if c in columns else frame[c] for c in order}
    out = gpd.GeoDataFrame(data, index=frame.index, geometry=frame.geometry.name, crs=frame.crs)
    out.attrs = frame.attrs
    return out


def _blank_text(index: pd.Index) -> pd.Series:
    """A column of empty strings, typed as pandas types a column of Python ``""`` (its ``str`` dtype, or object).

    Built by Arrow in C when pandas stores text in Arrow (0.3 ms for 100,000 rows where converting 100,000
    Python strings takes 6 ms; ten such columns per table); the same Series either way.
    """
    dtype = pd.Series(np.array([""], dtype=object)).dtype  # what pandas makes of Python strings here
    if len(index) and isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":  # (no rows: object)
        import pyarrow as pa

        blank = pa.repeat(pa.scalar("", pa.large_string()), len(index))
        return pd.Series(pd.array(blank, dtype=dtype), index=index)
    return pd.Series(np.full(len(index), "", dtype=object), index=index)


def _text_like(column: pd.Series, text: str) -> pd.Series:
    """``column`` with every cell set to ``text``, in its dtype (as ``frame.loc[:, name] = text`` leaves it,
    without the per-cell assignment: 12 ms for 100,000 cells)."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow" and len(column):
        import pyarrow as pa

        filled = pa.repeat(pa.scalar(text, pa.large_string()), len(column))
        return pd.Series(pd.array(filled, dtype=column.dtype), index=column.index, name=column.name)
    return pd.Series(np.full(len(column), text, dtype=object), index=column.index, name=column.name,
                     dtype=column.dtype)


def _strip_nul(frame: pd.DataFrame, columns: Iterable[str], *, source: str | None, label: str) -> None:
    """Remove NUL characters from text cells, in place, with a RepairWarning.

    NUL carries no meaning in a name and truncates text in C libraries,
    PDF output and terminals, so it is dropped rather than kept.
    """
    touched: list[str] = []
    mask = np.zeros(len(frame), bool)
    for column in columns:
        values = frame[column]
        if values.dtype != object and not isinstance(values.dtype, pd.StringDtype):
            continue
        if not _may_hold_nul(values):
            continue
        try:
            has = values.str.contains("\x00", regex=False, na=False).to_numpy(dtype=bool)  # non-text cells: False
        except AttributeError:  # an object column without any text (whole numbers from a profile): no NUL
            continue
        if has.any():
            frame[column] = values.map(lambda v: v.replace("\x00", "") if isinstance(v, str) else v)
            touched.append(str(column))
            mask |= has
    if touched:
        warnings.warn(f"{source or 'input'}: {rows_label(mask, label)} had NUL characters in {', '.join(touched)}; "
                      "removed them", RepairWarning, stacklevel=3)


def _may_hold_nul(values: pd.Series) -> bool:
    """False when a text column held in Arrow has no NUL byte anywhere in its character data (one memchr per
    chunk, ~0.1 ms for 100,000 cells where searching each cell takes ~6 ms); True otherwise, or when the
    column is not held in Arrow: then each cell is searched. UTF-8 encodes no other character with a 0 byte."""
    arrow = getattr(values.array, "__arrow_array__", None)
    if arrow is None:
        return True
    import pyarrow as pa

    chunked = arrow()
    chunks = chunked.chunks if isinstance(chunked, pa.ChunkedArray) else [chunked]
    for chunk in chunks:
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            return True
        data = chunk.buffers()[2]
        if data is not None and data.to_pybytes().find(b"\x00") >= 0:  # may lie outside the chunk's slice
            return True
    return False


def _check_points(frame: gpd.GeoDataFrame, *, source: str | None) -> None:
    geoms = frame.geometry.values
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if missing.any():
        raise InputError("incident has no location (empty or missing geometry)", source=source,
                         location=rows_label(missing),
                         hint="give lon/lat for every incident, or drop the row")
    not_point = shapely.get_type_id(geoms) != 0
    if not_point.any():
        kind = frame.geometry.iloc[np.flatnonzero(not_point)[0]].geom_type
        mixed = " (the layer mixes geometry types)" if (~not_point).any() else ""
        raise SchemaError(f"incidents must be points, got a {kind}{mixed}", source=source,
                          location=rows_label(not_point),
                          hint="load areas as damage areas, or use their centroid with a precision radius")
    x = shapely.get_x(geoms)
    y = shapely.get_y(geoms)
    _check_lonlat(x, y, source=source)


def _check_lonlat(x: np.ndarray, y: np.ndarray, *, source: str | None, label: str = "row",
                  metres_hint: str | None = None) -> None:
    _plausible.check_lonlat(x, y, source=source, label=label, metres_hint=metres_hint)


def validate_incidents(frame: gpd.GeoDataFrame, *, source: str | None = None) -> gpd.GeoDataFrame:
    """Check and normalise an incidents frame to the documented schema.

    Missing optional columns are added empty; ``id`` defaults to ``row-N``;
    a ``location_precision`` without ``uncertainty_m`` gets
    :data:`DEFAULT_UNCERTAINTY_M`. Extra columns are kept as they are.
    Z/M values are dropped and NUL characters removed from text, each with a
    :class:`RepairWarning`; rows whose (lon, lat) contradict their own
    ``country`` or ``location`` column while the swapped pair fits it are
    errors (geo never swaps silently). Dates must be ISO 8601 (YYYY-MM-DD).
    Rows are numbered from 1, the first row after a CSV header.

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
    geometry = frame.geometry.name
    frame[geometry] = gpd.GeoSeries(_repair.repair_points(frame.geometry.values, source=source),
                                    index=frame.index, crs=frame.crs)
    _check_points(frame, source=source)
    _plausible.check_swapped(frame, shapely.get_x(frame.geometry.values), shapely.get_y(frame.geometry.values),
                             source=source)
    _strip_nul(frame, [c for c in frame.columns if c != geometry], source=source, label="row")
    columns = _columns(frame, INCIDENT_COLUMNS, source=source)
    if "id" not in frame:
        columns["id"] = pd.Series([f"row-{i}" for i in current_row_numbers(len(frame))], index=frame.index,
                                  dtype=object)
    _check_ids(columns, source=source)
    _check_incident_values(columns, source=source)
    if columns["uncertainty_m"].isna().any():  # a radius for each precision given without one
        defaults = columns["location_precision"].map(DEFAULT_UNCERTAINTY_M, na_action="ignore").astype("float64")
        columns["uncertainty_m"] = columns["uncertainty_m"].fillna(defaults)
    blank = (columns["time_precision"] == "").to_numpy(dtype=bool)
    if blank.all():  # no time_precision column, or none given: a whole column of "day", typed as before
        columns["time_precision"] = _text_like(columns["time_precision"], "day")
    elif blank.any():
        columns["time_precision"] = columns["time_precision"].copy()
        columns["time_precision"].loc[blank] = "day"
    return _assembled(frame, columns)


def _check_ids(frame: pd.DataFrame | dict[str, pd.Series], *, source: str | None) -> None:
    ids = frame["id"]
    blank = ids.eq("")
    if blank.any():
        raise SchemaError("incident id is blank", source=source, location=rows_label(blank),
                          hint="give every incident a unique id, or drop the id column to number rows")
    if not ids.hasnans and len(set(ids.tolist())) == len(ids):  # unique (a set of 100,000 ids: 9 ms, pandas' 30)
        return
    dup = ids.duplicated(keep=False)
    if dup.any():
        raise SchemaError(f"incident id {ids[dup].iloc[0]!r} is used more than once", source=source,
                          location=rows_label(dup), hint="ids must be unique")


def _check_incident_values(frame: pd.DataFrame | dict[str, pd.Series], *, source: str | None) -> None:
    precision = frame["time_precision"]
    bad = ~precision.isin(("", *TIME_PRECISIONS))
    if bad.any():
        raise SchemaError(f"time_precision must be one of {', '.join(TIME_PRECISIONS)}, "
                          f"got {precision[bad].iloc[0]!r}", source=source, location=rows_label(bad))
    loc = frame["location_precision"]
    bad = loc.notna() & ~loc.isin(list(LOCATION_PRECISIONS))
    if bad.fillna(False).any():
        raise SchemaError(f"location_precision must be 1 (exact site), 2 (town) or 3 (region), "
                          f"got {loc[bad.fillna(False)].iloc[0]}", source=source, location=rows_label(bad.fillna(False)))
    radius = frame["uncertainty_m"]
    bad = (radius < 0).fillna(False)
    if bad.any():
        raise SchemaError(f"uncertainty_m must be >= 0 metres, got {radius[bad].iloc[0]}",
                          source=source, location=rows_label(bad))
    for claim in ("fatalities", "injuries"):
        low, high = frame[f"{claim}_low"], frame[f"{claim}_high"]
        negative = ((low < 0) | (high < 0)).fillna(False)
        if negative.any():
            raise SchemaError(f"{claim} cannot be negative", source=source, location=rows_label(negative))
        reversed_ = (low > high).fillna(False)
        if reversed_.any():
            i = np.flatnonzero(reversed_)[0]
            raise SchemaError(f"{claim}_low ({low.iloc[i]}) is greater than {claim}_high ({high.iloc[i]})",
                              source=source, location=rows_label(reversed_),
                              hint="low is the smallest reported figure; leave high empty if open-ended")


def validate_damage(frame: gpd.GeoDataFrame, *, source: str | None = None) -> gpd.GeoDataFrame:
    """Check and normalise a damage-areas frame.

    Geometries go through the documented repairs of :mod:`geo.input._repair`
    (Z/M dropped, duplicate vertices removed, self-intersections fixed with
    ``shapely.make_valid``, antimeridian crossings split, outer rings made
    counter-clockwise), each with a :class:`RepairWarning` naming the
    features. A missing geometry is allowed (damage reported but not located).

    Raises
    ------
    MissingCRSError, SchemaError, InputError
        Non-polygons, rings of fewer than 4 points, holes outside their shell,
        coordinates that are not degrees; naming ``source`` and the features.

    Examples
    --------
    >>> import geopandas as gpd, shapely, warnings, geo
    >>> bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("always")
    ...     out = geo.validate_damage(gpd.GeoDataFrame(geometry=[bowtie], crs=4326))
    >>> out.geometry.iat[0].geom_type
    'MultiPolygon'
    """
    if not isinstance(frame, gpd.GeoDataFrame):
        raise SchemaError("damage areas need a geometry column", source=source)
    frame = ensure_wgs84(frame, source=source).copy() if len(frame) else frame.copy()
    columns = _columns(frame, DAMAGE_COLUMNS, source=source)
    if "id" not in frame:
        columns["id"] = pd.Series([f"damage-{i}" for i in range(1, len(frame) + 1)], index=frame.index, dtype=object)
    unsaid = (columns["severity"] == "").to_numpy(dtype=bool)
    if unsaid.any():
        columns["severity"] = columns["severity"].copy()
        columns["severity"].loc[unsaid] = "unknown"
    bad = ~columns["severity"].isin(SEVERITIES)
    if bad.any():
        raise SchemaError(f"severity must be one of {', '.join(SEVERITIES)}, "
                          f"got {columns['severity'][bad].iloc[0]!r}", source=source,
                          location=rows_label(bad, "feature"))
    _check_ids(columns, source=source)
    # The table's columns where they are, the schema's it lacks after them.
    frame = _assembled(frame, columns, order=[*frame.columns, *[c for c in DAMAGE_COLUMNS if c not in frame]])
    geometry = frame.geometry.name
    _strip_nul(frame, [c for c in frame.columns if c != geometry], source=source, label="feature")
    _check_polygon_degrees(frame.geometry.values, source=source)
    repaired = _repair.repair_polygons(frame.geometry.values, source=source, label="feature")
    frame[geometry] = gpd.GeoSeries(repaired, index=frame.index, crs=frame.crs)
    return frame


def _check_polygon_degrees(geoms: np.ndarray, *, source: str | None) -> None:
    """Each polygon's farthest corner must be lon/lat degrees (not metres mislabelled as EPSG:4326)."""
    bounds = np.zeros((geoms.size, 4))
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    bounds[present] = shapely.bounds(geoms[present])
    x = np.where(np.abs(bounds[:, 0]) > np.abs(bounds[:, 2]), bounds[:, 0], bounds[:, 2])
    y = np.where(np.abs(bounds[:, 1]) > np.abs(bounds[:, 3]), bounds[:, 1], bounds[:, 3])
    _check_lonlat(x, y, source=source, label="feature")
