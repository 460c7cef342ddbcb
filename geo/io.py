"""Reading and writing incident tables: CSV with lon/lat columns, any vector file.

Every failure is an :class:`~geo.errors.InputError` naming the file, the row
and the fix; writes are atomic (see :func:`write_table`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from ._atomic import atomic_path
from .errors import InputError, MissingCRSError
from .schema import _check_lonlat, _rows

__all__ = ["read_table", "write_table", "points_from_frame", "LON_NAMES", "LAT_NAMES", "OUTPUT_FORMATS"]

LON_NAMES = ("lon", "lng", "long", "longitude", "x")
LAT_NAMES = ("lat", "latitude", "y")
#: Output formats by file extension.
OUTPUT_FORMATS = {".csv": "CSV", ".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG",
                  ".parquet": "GeoParquet", ".geoparquet": "GeoParquet"}
_VECTOR_SUFFIXES = {".geojson", ".json", ".gpkg", ".shp", ".kml", ".fgb", ".gml", ".zip", ".geojsonl", ".gdb"}
_DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")


def _find_column(columns: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {str(c).strip().lower(): c for c in columns}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def points_from_frame(frame: pd.DataFrame, *, source: str | None = None, crs: str | None = "EPSG:4326",
                      lon: str | None = None, lat: str | None = None) -> gpd.GeoDataFrame:
    """Point GeoDataFrame from a table with longitude and latitude columns.

    Recognises ``lon/lng/long/longitude/x`` and ``lat/latitude/y``
    (case-insensitive) unless ``lon``/``lat`` name the columns. Every input
    column is kept. Blank, non-numeric or decimal-comma cells are errors that
    name the row; so are coordinates out of range, with a hint when lon and lat
    look swapped.
    """
    columns = list(frame.columns)
    lon_col = lon or _find_column(columns, LON_NAMES)
    lat_col = lat or _find_column(columns, LAT_NAMES)
    if lon_col is None or lat_col is None:
        raise InputError(f"no longitude/latitude columns among {columns[:12]}", source=source,
                         hint="name them lon and lat (or lng/longitude/x and latitude/y), "
                              "or pass --lon/--lat with the column names")
    x = _numeric(frame[lon_col], lon_col, source)
    y = _numeric(frame[lat_col], lat_col, source)
    if crs is None or str(crs).upper() == "EPSG:4326":
        _check_lonlat(x, y, source=source)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(x, y), crs=crs)


def _numeric(column: pd.Series, name: str, source: str | None) -> np.ndarray:
    text = column.astype("string")
    blank = text.isna() | text.str.strip().eq("")
    if blank.any():
        raise InputError(f"column {name!r} has an empty cell", source=source, location=_rows(blank),
                         hint="fill in the coordinate or drop the row")
    values = pd.to_numeric(column, errors="coerce")
    bad = values.isna()
    if bad.any():
        example = text[bad].iloc[0]
        comma = bool(_DECIMAL_COMMA.match(str(example)))
        hint = ("this looks like a decimal comma; use a dot (36.58, not 36,58), "
                "or save the CSV with ';' as separator and ',' decimals converted" if comma
                else "coordinates must be decimal degrees such as 36.58")
        raise InputError(f"column {name!r} has a value that is not a number: {example!r}",
                         source=source, location=_rows(bad), hint=hint)
    return values.to_numpy(dtype="float64")


def read_table(path: str | os.PathLike[str], *, layer: str | None = None, crs: str | None = None,
               lon: str | None = None, lat: str | None = None) -> gpd.GeoDataFrame:
    """Read a CSV with lon/lat columns or any vector file GDAL reads.

    Parameters
    ----------
    path:
        ``.csv``/``.tsv``/``.txt``; ``.parquet`` (GeoParquet); or a vector file
        (GeoJSON, GPKG, shapefile, KML, FlatGeobuf, ...).
    layer:
        Layer name for multi-layer files (GPKG, KML); required when there are several.
    crs:
        CRS of the coordinates when the file does not say (CSV: default EPSG:4326).

    Returns
    -------
    GeoDataFrame with every column of the file.
    """
    path = Path(path)
    source = str(path)
    if path.is_dir():
        raise InputError("is a folder, not a file", source=source,
                         hint="give a file; partitioned datasets need --engine dask")
    if not path.exists():
        raise InputError("file not found", source=source, hint="check the path")
    if path.stat().st_size == 0:
        raise InputError("file is empty (0 bytes)", source=source, hint="export the data again")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return _read_csv(path, crs=crs, lon=lon, lat=lat)
    if suffix in (".parquet", ".geoparquet"):
        return _read_parquet(path, crs=crs)
    return _read_vector(path, layer=layer, crs=crs)


def _read_csv(path: Path, *, crs: str | None, lon: str | None, lat: str | None) -> gpd.GeoDataFrame:
    source = str(path)
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at line {line})", source=source,
                         hint="re-save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8')") from None
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise InputError(f"contains a NUL byte at line {line}; this is not a text file", source=source,
                         hint="export the table again as CSV")
    sep = "\t" if path.suffix.lower() == ".tsv" else None
    try:
        frame = pd.read_csv(path, sep=sep, engine="python", dtype=str, keep_default_na=False,
                            encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise InputError("file has no header row", source=source, hint="the first line must name the columns") from None
    except pd.errors.ParserError as exc:
        raise InputError(f"not a well-formed CSV: {exc}", source=source) from None
    if frame.empty:
        raise InputError("file has a header but zero rows", source=source, hint="add at least one row")
    frame = frame.replace("", pd.NA)
    return points_from_frame(frame, source=source, crs=crs or "EPSG:4326", lon=lon, lat=lat)


def _read_parquet(path: Path, *, crs: str | None) -> gpd.GeoDataFrame:
    source = str(path)
    try:
        frame = gpd.read_parquet(path)
    except ValueError as exc:  # plain parquet without geo metadata
        import pandas as pd
        try:
            table = pd.read_parquet(path)
        except Exception:
            raise InputError(f"not a readable Parquet file: {exc}", source=source) from None
        return points_from_frame(table, source=source, crs=crs or "EPSG:4326")
    except Exception as exc:
        raise InputError(f"not a readable Parquet file: {exc}", source=source,
                         hint="check the file is complete; export it again") from None
    return _with_crs(frame, crs, source)


def _read_vector(path: Path, *, layer: str | None, crs: str | None) -> gpd.GeoDataFrame:
    import pyogrio

    source = str(path)
    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:
        raise InputError(f"not a readable vector file ({_gdal_reason(exc)})", source=source,
                         hint="check the file is complete and its extension matches its format "
                              "(.geojson, .gpkg, .shp, .kml, .csv, .parquet)") from None
    names = [str(name) for name, _ in layers]
    if layer is None and len(names) > 1:
        raise InputError(f"has {len(names)} layers ({', '.join(names[:10])}); which one?", source=source,
                         hint=f"pass --layer NAME (Python: layer=...), e.g. --layer {names[0]!r}")
    if layer is not None and layer not in names:
        raise InputError(f"has no layer {layer!r}; it has {', '.join(names)}", source=source)
    try:
        frame = gpd.read_file(path, layer=layer)
    except Exception as exc:
        raise InputError(f"could not be read ({_gdal_reason(exc)})", source=source,
                         hint="check the file is complete; export it again") from None
    if frame.empty:
        raise InputError("has zero features", source=source, hint="add at least one feature")
    return _with_crs(frame, crs, source)


def _gdal_reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _with_crs(frame: gpd.GeoDataFrame, crs: str | None, source: str) -> gpd.GeoDataFrame:
    if frame.crs is None:
        if crs is None:
            raise MissingCRSError("has no coordinate reference system (e.g. a shapefile without .prj)",
                                  source=source,
                                  hint="pass --crs EPSG:4326 if the coordinates are lon/lat degrees, "
                                       "or the EPSG code of the projection they are in")
        frame = frame.set_crs(crs)
    return frame


def write_table(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a table by extension (.csv, .geojson, .gpkg, .parquet), atomically.

    CSV output carries geometry as ``lon``/``lat`` for points (WKT otherwise).
    A failure leaves any existing file at ``path`` unchanged.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise InputError(f"cannot write {suffix or 'a file without extension'}", source=str(path),
                         hint=f"use one of {', '.join(OUTPUT_FORMATS)}")
    with atomic_path(path) as tmp:
        if suffix == ".csv":
            _to_csv(frame, tmp)
        elif suffix in (".parquet", ".geoparquet"):
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_file(tmp, driver=OUTPUT_FORMATS[suffix], engine="pyogrio")
    return path


def _to_csv(frame: pd.DataFrame, tmp: Path) -> None:
    if isinstance(frame, gpd.GeoDataFrame):
        geom = frame.geometry
        plain = pd.DataFrame(frame.drop(columns=geom.name))
        if len(frame) and (geom.geom_type == "Point").all():
            lower = {str(c).lower() for c in plain.columns}
            if not (lower & set(LON_NAMES) and lower & set(LAT_NAMES)):
                plain["lon"] = geom.x.to_numpy()
                plain["lat"] = geom.y.to_numpy()
        else:
            plain["wkt"] = geom.to_wkt()
        frame = plain
    frame.to_csv(tmp, index=False)
