"""Load an event file as it comes: profile, fields, row-level checks, rejected rows.

:func:`load_events` is what ``geo map``, ``geo distance`` and ``geo report``
(and a scenario's ``incidents_file:``) use to read a data file:

1. read the table (CSV/TSV, KML/KMZ, any vector file GDAL reads, GeoParquet);
2. recognise its profile from the header and map its columns onto geo's
   fields (:mod:`geo.input.profiles`), with ``columns`` overrides;
3. check every row: points become incidents, polygons damage areas, lines
   stay lines; a row that fails a check is set aside with its reason;
4. ``on_error="fail"`` (the default): any row set aside stops the load with
   an error naming every bad row and why; ``on_error="skip"``: the good rows
   go on and the others are returned in :attr:`Loaded.rejected` (write them
   with :func:`write_rejected`), each as it was in the file with its row
   number and reason. Rows read = rows kept + rows rejected, always.

Problems of the whole file (not UTF-8, no coordinates columns, no CRS)
stop the load in both modes: there is no good row to keep.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import GeoError, InputError
from geo.errors import numbered_rows as numbered
from geo.errors import row_spans as span_text
from geo.input.kml import KML_SUFFIXES, read_kml
from geo.input.profiles import HXL, Reading, apply_profile, detect_profile, parse_columns, profile_named

__all__ = ["Loaded", "load_events", "write_rejected", "rejected_path", "ON_ERROR"]

ON_ERROR = ("fail", "skip")
_CSV_SUFFIXES = {".csv", ".tsv", ".txt"}


@dataclass
class Loaded:
    """One file, read.

    Attributes
    ----------
    source:
        The file.
    reading:
        Profile and column mapping (``reading.describe()`` for people).
    incidents:
        Validated incidents (points), or None when the file has none. This
        frame and the two below are indexed by row position in :attr:`raw`.
    damage:
        Validated damage areas (polygons), or None.
    lines:
        Line features (EPSG:4326), or None: drawn and measured, not incidents.
    rejected:
        Rows set aside: ``row``, ``reason``, then the row's cells as read.
    rows:
        Records read (kept + rejected).
    """

    source: str
    reading: Reading
    incidents: gpd.GeoDataFrame | None
    damage: gpd.GeoDataFrame | None
    lines: gpd.GeoDataFrame | None
    rejected: pd.DataFrame
    rows: int
    #: The file's coordinate reference system as read (frames above are in EPSG:4326).
    crs: object = "EPSG:4326"
    #: The table as read, before any mapping; the frames above are indexed by its row positions.
    raw: pd.DataFrame | None = None

    @property
    def kept(self) -> int:
        """Records kept: incidents, damage areas and lines."""
        return sum(len(f) for f in (self.incidents, self.damage, self.lines) if f is not None)


def load_events(path: str | os.PathLike[str], *, layer: str | None = None, crs: str | None = None,
                lon: str | None = None, lat: str | None = None, columns: str | dict | None = None,
                profile: str | None = None, on_error: str = "fail") -> Loaded:
    """Read an event file as it comes (see the module notes).

    Parameters
    ----------
    path:
        CSV/TSV (ACLED, UCDP GED, HXL, monitor sheet, geo's schema), KML/KMZ,
        or any vector file.
    layer, crs, lon, lat:
        As for :func:`geo.read_table`; ``lon``/``lat`` also override a profile's columns.
    columns:
        ``"date=event_date,fatalities=best"`` or ``{"date": "event_date"}``.
    profile:
        Force a profile by name (``acled``, ``ucdp``, ``hxl``, ``monitor``, ``geo``).
    on_error:
        ``"fail"`` or ``"skip"``.

    Raises
    ------
    InputError
        File-level problems; with ``on_error="fail"`` also any bad row (all named).
    """
    if on_error not in ON_ERROR:
        raise InputError(f"on_error must be one of {', '.join(ON_ERROR)}, got {on_error!r}", source="--on-error")
    path = Path(path)
    source = str(path)
    overrides = parse_columns(columns)
    if lon:
        overrides.setdefault("lon", lon)
    if lat:
        overrides.setdefault("lat", lat)
    raw, first_row = _read_raw(path, layer=layer, crs=crs)
    chosen = profile_named(profile) if profile else detect_profile(
        [c for c in raw.columns if c != "geometry"], first_row)
    offset = 0
    if chosen is HXL:
        if first_row is not None and not isinstance(raw, gpd.GeoDataFrame):
            raw = raw.iloc[1:]
        offset = 1
    numbers = np.arange(1, len(raw) + 1) + offset
    raw = raw.reset_index(drop=True)
    if raw.empty:
        raise InputError("has no records after its HXL hashtag row", source=source, hint="add at least one row")
    with numbered(numbers):
        table, reading = apply_profile(raw, chosen, dataset=source, overrides=overrides, first_row=first_row)
    rejected: list[tuple[np.ndarray, str]] = []
    kinds = _kinds(table, mixed_ok=path.suffix.lower() in KML_SUFFIXES)
    parts: dict[str, object] = {}
    for kind, build in (("point", _incidents), ("polygon", _damage), ("line", _lines)):
        mask = kinds == kind
        if not mask.any():
            parts[kind] = None
            continue
        subset = table[mask] if kind != "point" or isinstance(table, gpd.GeoDataFrame) else table
        parts[kind], bad = _screen(subset, numbers[mask], lambda f, b=build: b(f, source=source, crs=crs))
        rejected += bad
    if rejected and on_error == "fail":
        _fail(rejected, len(raw), source)
    rejected_frame = _rejected_frame(raw, numbers, rejected)
    if rejected and all(parts[k] is None for k in parts):
        raise InputError(f"every one of the {len(raw):,} rows was rejected", source=source,
                         hint="see the reasons in the rejected file; fix the columns (geo inspect FILE shows how "
                              "they were read) or pass --columns FIELD=COLUMN")
    crs_read = raw.crs if isinstance(raw, gpd.GeoDataFrame) else (crs or "EPSG:4326")
    return Loaded(source, reading, parts["point"], parts["polygon"], parts["line"], rejected_frame, len(raw),
                  crs_read, raw)


def _read_raw(path: Path, *, layer: str | None, crs: str | None) -> tuple[pd.DataFrame, list | None]:
    from geo.input.io import _check_content_matches_extension, csv_frame, read_table

    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError("file not found", source=str(path), hint="check the path")
    if path.is_file() and suffix in _CSV_SUFFIXES:
        if path.stat().st_size == 0:
            raise InputError("file is empty (0 bytes)", source=str(path), hint="export the data again")
        _check_content_matches_extension(path)
        frame = csv_frame(path)
        return frame, frame.iloc[0].tolist() if len(frame) else None
    if suffix in KML_SUFFIXES:
        return read_kml(path, layer=layer), None
    frame = read_table(path, layer=layer, crs=crs)
    return frame, None


def _kinds(table: pd.DataFrame, *, mixed_ok: bool) -> np.ndarray:
    """Per row: "point" (incident), "polygon" (damage) or "line". Only KML mixes them in a folder by
    design; in any other layer a mix is checked as one kind, so the odd rows are named (or set aside)."""
    # Fixed-width text, not Python objects: 100,000 rows made and compared with each kind in 2 ms instead of 13.
    if not isinstance(table, gpd.GeoDataFrame):
        return np.full(len(table), "point", dtype="<U7")
    geoms = table.geometry.values
    ids = shapely.get_type_id(geoms)
    kinds = np.full(len(table), "point", dtype="<U7")  # missing geometry: checked (and named) as an incident
    kinds[np.isin(ids, [3, 6])] = "polygon"
    kinds[np.isin(ids, [1, 2, 5])] = "line"
    collection = ids == 7
    if collection.any():  # a collection of polygons is damage; anything else is named by the point checks
        parts = [shapely.get_parts(g) for g in geoms[collection]]
        kinds[np.flatnonzero(collection)[[bool(len(p)) and bool(np.isin(shapely.get_type_id(p), [3, 6]).all())
                                          for p in parts]]] = "polygon"
    present = set(kinds[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))].tolist())
    if not mixed_ok and len(present) > 1:
        kinds[:] = "point" if "point" in present else "polygon"
    return kinds


def _incidents(frame: pd.DataFrame, *, source: str, crs: str | None) -> gpd.GeoDataFrame:
    from geo.input.io import points_from_frame
    from geo.input.schema import validate_incidents

    if not isinstance(frame, gpd.GeoDataFrame):
        frame = points_from_frame(frame, source=source, crs=crs or "EPSG:4326", check_swap=False)
    return validate_incidents(frame, source=source)


def _damage(frame: gpd.GeoDataFrame, *, source: str, crs: str | None) -> gpd.GeoDataFrame:
    from geo.input.schema import validate_damage

    table = frame.rename(columns={"notes": "description"}) if "description" not in frame else frame
    return validate_damage(table, source=source)


def _lines(frame: gpd.GeoDataFrame, *, source: str, crs: str | None) -> gpd.GeoDataFrame:
    from geo.input.schema import ensure_wgs84

    out = ensure_wgs84(frame, source=source).copy()
    out.geometry.values[:] = shapely.force_2d(out.geometry.values)
    if "id" not in out:
        out.insert(0, "id", [f"line-{i}" for i in range(1, len(out) + 1)])
    return out


def _screen(frame: pd.DataFrame, numbers: np.ndarray, build) -> tuple[object, list[tuple[np.ndarray, str]]]:
    """``build(frame)``, setting aside the rows each row-level error names until the rest passes."""
    keep = np.arange(len(frame))
    rejected: list[tuple[np.ndarray, str]] = []
    while keep.size:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                with numbered(numbers[keep]):
                    result = build(frame.iloc[keep])
            except GeoError as exc:
                named = exc.rows
                drop = np.isin(numbers[keep], np.asarray(named or (), dtype=np.int64))
                if not named or not drop.any():
                    raise
                rejected.append((numbers[keep][drop], _reason(exc)))
                keep = keep[~drop]
                continue
        said = set()
        for note in caught:  # only the final, successful pass speaks, and says each thing once
            if str(note.message) not in said:
                said.add(str(note.message))
                warnings.warn_explicit(note.message, note.category, note.filename, note.lineno)
        return result, rejected
    return None, rejected


def _reason(exc: GeoError) -> str:
    return exc.message + (f" (fix: {exc.hint})" if exc.hint else "")


def _fail(rejected: list[tuple[np.ndarray, str]], total: int, source: str) -> None:
    count = sum(len(rows) for rows, _ in rejected)
    if len(rejected) == 1:
        rows, reason = rejected[0]
        noun = "row" if len(rows) == 1 else "rows"
        raise InputError(f"{noun} {span_text(rows)}: {reason}", source=source,
                         hint="fix those rows, or pass --on-error skip to keep the others and write these to "
                              "OUT.rejected.csv")
    lines = "\n".join(f"  {'row' if len(rows) == 1 else 'rows'} {span_text(rows)}: {reason}"
                      for rows, reason in rejected)
    raise InputError(f"{count:,} of {total:,} rows cannot be used:\n{lines}\n", source=source,
                     hint="fix those rows, or pass --on-error skip to keep the others and write these to "
                          "OUT.rejected.csv")


def _rejected_frame(raw: pd.DataFrame, numbers: np.ndarray, rejected: list[tuple[np.ndarray, str]]) -> pd.DataFrame:
    columns = [c for c in raw.columns if c != "geometry"]
    if not rejected:
        return pd.DataFrame(columns=["row", "reason", *map(str, columns)])
    order = {int(n): i for i, n in enumerate(numbers)}
    rows = [(int(n), reason) for found, reason in rejected for n in found]
    rows.sort()
    positions = [order[n] for n, _ in rows]
    cells = pd.DataFrame(raw[columns].iloc[positions]).reset_index(drop=True)
    if isinstance(raw, gpd.GeoDataFrame):
        cells["wkt"] = raw.geometry.iloc[positions].to_wkt().to_numpy()
    cells.insert(0, "reason", [reason for _, reason in rows])
    cells.insert(0, "row", [n for n, _ in rows])
    return cells


def rejected_path(output: str | os.PathLike[str]) -> Path:
    """Where the rejected rows of a run writing ``output`` go: ``out/map.html`` -> ``out/map.rejected.csv``."""
    output = Path(output)
    return output.with_name(f"{output.stem if output.suffix else output.name}.rejected.csv")


def write_rejected(rejected: pd.DataFrame, output: str | os.PathLike[str]) -> Path | None:
    """Write rejected rows beside ``output`` (atomically); None when there are none."""
    if rejected is None or rejected.empty:
        return None
    from geo.input.io import write_table

    # Through write_table: atomic, and whatever it does to keep cells from running as spreadsheet formulas.
    return write_table(rejected, rejected_path(output))
