"""Reading and writing incident tables: CSV with lon/lat columns, any vector file.

Every failure is an :class:`~geo.errors.InputError` naming the file, the row
(counted from 1, the first row after a CSV header) or feature, and the fix;
every repair is a :class:`~geo.errors.RepairWarning` saying what changed.
Writes are atomic (see :func:`write_table`).
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo._atomic import atomic_path
from geo.errors import GeoWarning, InputError, MissingCRSError, RepairWarning, rows_label, short_value
from geo.input import _plausible
from geo.input._fast_csv import read_text_cells
from geo.input._numbers import to_numbers
from geo.input.csv_safety import neutralise_formulas
from geo.input.schema import _check_lonlat

__all__ = ["read_table", "write_table", "points_from_frame", "csv_frame", "LON_NAMES", "LAT_NAMES", "OUTPUT_FORMATS"]

log = logging.getLogger(__name__)

LON_NAMES = ("lon", "lng", "long", "longitude", "x")
LAT_NAMES = ("lat", "latitude", "y")
#: Output formats by file extension.
OUTPUT_FORMATS = {".csv": "CSV", ".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG",
                  ".parquet": "GeoParquet", ".geoparquet": "GeoParquet"}
_CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")
# What a file's first bytes say it is, checked against what its extension says.
_FAMILY_BY_SUFFIX = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".geojson": "json", ".json": "json",
                     ".gpkg": "sqlite", ".parquet": "parquet", ".geoparquet": "parquet", ".kml": "xml",
                     ".gml": "xml", ".shp": "shp", ".zip": "zip", ".fgb": "fgb"}
_FAMILY_NAMES = {"csv": ("CSV text", ".csv"), "json": ("GeoJSON", ".geojson"), "sqlite": ("a GeoPackage", ".gpkg"),
                 "parquet": ("Parquet", ".parquet"), "xml": ("XML (KML or GML)", ".kml"),
                 "shp": ("a shapefile's .shp part", ".shp"), "zip": ("a ZIP archive (.zip, .kmz, .xlsx)", ".zip"),
                 "fgb": ("FlatGeobuf", ".fgb"), "pdf": ("a PDF document", None),
                 "binary": ("binary data", None)}


def _find_column(columns: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {str(c).strip().lower(): c for c in columns}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def points_from_frame(frame: pd.DataFrame, *, source: str | None = None, crs: str | None = "EPSG:4326",
                      lon: str | None = None, lat: str | None = None, check_swap: bool = True) -> gpd.GeoDataFrame:
    """Point GeoDataFrame from a table with longitude and latitude columns.

    Recognises ``lon/lng/long/longitude/x`` and ``lat/latitude/y``
    (case-insensitive) unless ``lon``/``lat`` name the columns. Every input
    column is kept. Blank or non-numeric cells are errors that name the row;
    decimal commas (``36,58``) in degree columns are read as ``36.58`` with a
    :class:`RepairWarning`. Coordinates out of range are errors saying what
    they look like (metres, swapped axes); so are rows whose lon/lat
    contradict their own ``country`` or ``location`` column while the swapped
    pair fits it (``check_swap=False`` leaves that to a later
    :func:`~geo.input.schema.validate_incidents`, which runs it too).

    Examples
    --------
    >>> import pandas as pd
    >>> points_from_frame(pd.DataFrame({"lon": [36.58], "lat": [50.60]})).geometry.iat[0].wkt
    'POINT (36.58 50.6)'
    """
    columns = list(frame.columns)
    lon_col = lon or _find_column(columns, LON_NAMES)
    lat_col = lat or _find_column(columns, LAT_NAMES)
    if lon_col is None or lat_col is None or lon_col not in frame or lat_col not in frame:
        raise InputError(f"no longitude/latitude columns among {[short_value(c, 40) for c in columns[:12]]}",
                         source=source,
                         hint="name them lon and lat (or lng/longitude/x and latitude/y), "
                              "or pass --lon/--lat with the column names")
    degrees = crs is None or _is_wgs84(crs)
    x = _numeric(frame[lon_col], str(lon_col), source, degrees=degrees)
    y = _numeric(frame[lat_col], str(lat_col), source, degrees=degrees)
    if degrees:
        _check_lonlat(x, y, source=source)
        if check_swap:  # a loader that validates the incidents next leaves it to validate_incidents
            _plausible.check_swapped(frame, x, y, source=source)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(x, y), crs=crs)


def _is_wgs84(crs: object) -> bool:
    import pyproj

    try:
        return pyproj.CRS.from_user_input(crs).to_epsg() == 4326
    except pyproj.exceptions.CRSError:
        raise InputError(f"unknown coordinate reference system {short_value(crs)}",
                         hint="give an EPSG code such as EPSG:4326 (lon/lat degrees) or EPSG:3857") from None


def _numeric(column: pd.Series, name: str, source: str | None, *, degrees: bool) -> np.ndarray:
    values = to_numbers(column)
    failed = (values.isna() & column.notna()).to_numpy(dtype=bool)
    blank = column.isna().to_numpy(dtype=bool, copy=True)
    if failed.any():  # string checks only on the cells that did not parse: fast on clean tables
        text = column[failed].astype("string")
        blank[failed] = text.str.strip().eq("").to_numpy(dtype=bool)
    if blank.any():
        raise InputError(f"column {name!r} has an empty cell", source=source, location=rows_label(blank),
                         hint="fill in the coordinate or drop the row")
    if not failed.any():
        return values.to_numpy(dtype="float64")
    text = column.astype("string")
    bad = failed & ~text.str.strip().str.lower().isin(["nan", "-nan", "+nan"]).to_numpy(dtype=bool)
    comma = np.zeros(bad.size, bool)
    comma[bad] = text[bad].str.match(_DECIMAL_COMMA).fillna(False).to_numpy(dtype=bool)
    if degrees and (bad & comma).any() and not (bad & ~comma).any():
        # Unambiguous in degrees: |value| <= 180, so "36,58" cannot be thirty-six thousand.
        values = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
        example = text[bad & comma].iloc[0]
        warnings.warn(f"{source or 'input'}: {rows_label(bad & comma)} of column {name!r} used a decimal comma "
                      f"({example.strip()}); read it as a decimal point ({example.strip().replace(',', '.')})",
                      RepairWarning, stacklevel=4)
        bad = values.isna().to_numpy(dtype=bool) & ~bad
    if bad.any():
        example = text[bad].iloc[0]
        hint = ("this looks like a decimal comma in a projected (metres) column; use a dot, as in 4070000.5"
                if comma[bad].any() else "coordinates must be decimal degrees such as 36.58")
        raise InputError(f"column {name!r} has a value that is not a number: {short_value(example)}",
                         source=source, location=rows_label(bad), hint=hint)
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
    lon, lat:
        Column names of a CSV's longitude and latitude, when not the usual ones.

    Returns
    -------
    GeoDataFrame with every column of the file. Geographic coordinates are
    checked to be (lon, lat) degrees in range.

    Raises
    ------
    InputError
        Naming the file, the row or feature, the problem and the fix: empty
        file, zero rows, not UTF-8, extension that does not match the
        content, truncated or corrupt file, several layers and none chosen,
        coordinates out of range, in metres or swapped.
    MissingCRSError
        A file without a CRS (e.g. a shapefile without ``.prj``) and no ``crs``.

    Examples
    --------
    >>> import geo
    >>> geo.read_table("points.csv", crs="EPSG:4326")  # doctest: +SKIP
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
    _check_content_matches_extension(path)
    if suffix in _CSV_SUFFIXES:
        return _read_csv(path, crs=crs, lon=lon, lat=lat)
    if suffix in (".parquet", ".geoparquet"):
        frame = _read_parquet(path, crs=crs)
    else:
        frame = _read_vector(path, layer=layer, crs=crs)
    _check_degrees(frame, source)
    return frame


def _sniff(head: bytes) -> str | None:
    """The family of a file's content from its first bytes; None when unsure."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"SQLite format 3\x00"):
        return "sqlite"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"fgb"):
        return "fgb"
    if head.startswith(b"\x00\x00\x27\x0a"):
        return "shp"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text: the CSV reader says so precisely
    if stripped[:1] in (b"{", b"["):
        return "json"
    if stripped[:1] == b"<":
        return "xml"
    if b"\x00" in head[:64]:
        return "binary"
    first = stripped.split(b"\n", 1)[0]
    if any(sep in first for sep in (b",", b";", b"\t")):
        return "csv"
    return None


def _check_content_matches_extension(path: Path) -> None:
    expected = _FAMILY_BY_SUFFIX.get(path.suffix.lower())
    with path.open("rb") as handle:
        found = _sniff(handle.read(512))
    if expected is None or found is None or found == expected:
        return
    if expected == "csv" and found == "binary":
        return  # NUL-heavy text (UTF-16 without BOM): the CSV reader names the encoding
    what, suffix = _FAMILY_NAMES[found]
    expected_what = _FAMILY_NAMES[expected][0]
    hint = (f"rename it to {path.stem}{suffix}" if suffix else "this is not a data file; export the data again")
    raise InputError(f"content looks like {what}, not {expected_what} as the extension "
                     f"{path.suffix!r} says", source=str(path), hint=hint)


def _decode_csv(path: Path) -> str:
    source = str(path)
    raw = path.read_bytes()
    head = raw[:400]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") > len(head) // 4:
        raise InputError("is UTF-16 text, not UTF-8", source=source,
                         hint="re-save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8')")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at line {line})", source=source,
                         hint="re-save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8')") from None
    if "\x00" in text:
        # A stray NUL (a truncated export, a C tool's string end) means nothing in a name: drop it, say so.
        lines = sorted({text[:i].count("\n") + 1 for i in _positions(text, "\x00")})
        shown = ", ".join(map(str, lines[:5])) + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")
        warnings.warn(f"{source}: NUL characters at line{'s' if len(lines) > 1 else ''} {shown}; removed them",
                      RepairWarning, stacklevel=4)
        text = text.replace("\x00", "")
    return text


def _positions(text: str, char: str) -> list[int]:
    found, start = [], text.find(char)
    while start != -1 and len(found) < 1000:
        found.append(start)
        start = text.find(char, start + 1)
    return found


def _separator(text: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    header = text.split("\n", 1)[0]
    header = re.sub(r'"[^"]*"', "", header)  # separators inside quoted names do not count
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv(path: Path, *, crs: str | None, lon: str | None, lat: str | None) -> gpd.GeoDataFrame:
    return points_from_frame(csv_frame(path), source=str(path), crs=crs or "EPSG:4326", lon=lon, lat=lat)


def csv_frame(path: str | os.PathLike[str]) -> pd.DataFrame:
    """A CSV/TSV as text cells (blank cells missing), checked as a table but not yet as points."""
    path = Path(path)
    source = str(path)
    text = _decode_csv(path)
    if not text or text.isspace():  # (a stripped copy of a 10 MB file cost 2 ms)
        raise InputError("file has no header row (only blank lines)", source=source,
                         hint="the first line must name the columns, e.g. id,lon,lat")
    separator = _separator(text, path.suffix.lower())
    try:
        # Arrow's reader for a plain rectangle of cells (several times faster); else pandas' C engine: no
        # field-size limit, so a 1 MB note is read like any other, and it names what is wrong with a file.
        frame = read_text_cells(text, separator)
        if frame is None:
            frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False, na_values=[""],
                                skip_blank_lines=True)
    except pd.errors.EmptyDataError:
        raise InputError("file has no header row", source=source,
                         hint="the first line must name the columns") from None
    except pd.errors.ParserError as exc:
        raise InputError(f"not a well-formed CSV: {str(exc).strip()}", source=source,
                         hint="a row has more fields than the header: quote names that contain the separator "
                              "(\"Kharkiv, Ukraine\") and use a dot as decimal separator") from None
    if not isinstance(frame.index, pd.RangeIndex):
        # pandas silently turns extra leading fields into an index: never read that as data.
        raise InputError("every row has more fields than the header", source=source, location="row 1",
                         hint="a decimal comma in a comma-separated file (36,58) or an unquoted separator in a "
                              "name; use dots for decimals or ';' as separator, and quote names")
    if frame.empty:
        raise InputError("file has a header but zero rows", source=source, hint="add at least one row")
    return frame


def _read_parquet(path: Path, *, crs: str | None) -> gpd.GeoDataFrame:
    source = str(path)
    try:
        frame = gpd.read_parquet(path)
    except ValueError as exc:  # plain parquet without geo metadata
        try:
            table = pd.read_parquet(path)
        except Exception:
            raise InputError(f"not a readable Parquet file: {exc}", source=source) from None
        return points_from_frame(table, source=source, crs=crs or "EPSG:4326")
    except Exception as exc:
        raise InputError(f"not a readable Parquet file: {_gdal_reason(exc)}", source=source,
                         hint="check the file is complete; export it again") from None
    if frame.empty:
        raise InputError("has zero rows", source=source, hint="add at least one row")
    return _with_crs(frame, crs, source)


def _read_vector(path: Path, *, layer: str | None, crs: str | None) -> gpd.GeoDataFrame:
    import pyogrio

    source = str(path)
    # GDAL refuses single GeoJSON objects above 200 MB of parsed JSON by default (a polygon of two million
    # vertices); a real outline of a coast or a border can be that large, and geo reads it whole anyway.
    pyogrio.set_gdal_config_options({"OGR_GEOJSON_MAX_OBJ_SIZE": "0"})
    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:
        raise InputError(f"not a readable vector file ({_gdal_reason(exc)})", source=source,
                         hint="check the file is complete and its extension matches its format "
                              "(.geojson, .gpkg, .shp, .kml, .csv, .parquet)") from None
    names = [str(name) for name, _ in layers]
    if not names:
        raise InputError("has no layers", source=source, hint="export the data again")
    if layer is None and len(names) > 1:
        raise InputError(f"has {len(names)} layers ({', '.join(names[:10])}); which one?", source=source,
                         hint=f"pass --layer NAME (Python: layer=...), e.g. --layer {names[0]!r}")
    if layer is not None and layer not in names:
        raise InputError(f"has no layer {layer!r}; it has {', '.join(names)}", source=source,
                         hint=f"pass one of them with --layer, e.g. --layer {names[0]!r}")
    with warnings.catch_warnings(record=True) as gdal_notes:
        warnings.simplefilter("always")
        try:
            frame = gpd.read_file(path, layer=layer, engine="pyogrio")
        except shapely.errors.GEOSException:
            frame = _read_vector_feature_by_feature(path, layer=layer)
        except UnicodeDecodeError as exc:
            raise InputError(f"has text that is not UTF-8 (byte 0x{exc.object[exc.start]:02x})", source=source,
                             hint="re-save the file as UTF-8") from None
        except Exception as exc:
            raise InputError(f"could not be read ({_gdal_reason(exc)})", source=source,
                             hint="check the file is complete; export it again") from None
    _relay(gdal_notes, source)
    if frame.empty:
        raise InputError("has zero features", source=source, hint="add at least one feature")
    if path.suffix.lower() in (".kml", ".kmz") and "id" in frame and frame["id"].isna().all():
        frame = frame.drop(columns="id")  # GDAL's placeholder: KML placemarks carry no ids (rows are numbered)
    return _with_crs(frame, crs, source)


def _relay(notes: list[warnings.WarningMessage], source: str) -> None:
    """GDAL's notes while reading, reworded as geo's warnings; M values dropped are a repair."""
    for note in notes:
        text = str(note.message)
        if "Measured (M)" in text:
            warnings.warn(f"{source}: the geometries had M (measure) values; dropped them: geo keeps (lon, lat) "
                          "only", RepairWarning, stacklevel=4)
        elif "Non closed ring" in text:
            continue  # reported feature by feature by _read_vector_feature_by_feature
        elif issubclass(note.category, (RepairWarning, GeoWarning)):
            warnings.warn(note.message, note.category, stacklevel=4)
        else:
            log.debug("%s: GDAL: %s", source, text)


def _read_vector_feature_by_feature(path: Path, *, layer: str | None) -> gpd.GeoDataFrame:
    """Second reading after GEOS refused a geometry: find which, close unclosed rings, name the rest."""
    import pyogrio
    import pyogrio.raw

    source = str(path)
    meta, _, wkb, _ = pyogrio.raw.read(path, layer=layer)
    attributes = pyogrio.read_dataframe(path, layer=layer, read_geometry=False)
    strict = shapely.from_wkb(wkb, on_invalid="ignore")
    refused = np.array([w is not None for w in wkb]) & shapely.is_missing(strict)
    fixed = shapely.from_wkb(wkb, on_invalid="fix")
    unfixable = refused & shapely.is_missing(fixed)
    if unfixable.any():
        raise InputError("has a geometry GEOS cannot read (corrupt or degenerate)", source=source,
                         location=rows_label(unfixable, "feature"), hint="fix or drop that feature and export again")
    warnings.warn(f"{source}: {rows_label(refused, 'feature')} had polygon rings that were not closed; "
                  "closed them by repeating their first point", RepairWarning, stacklevel=5)
    return gpd.GeoDataFrame(attributes, geometry=gpd.GeoSeries(fixed, crs=meta["crs"]), crs=meta["crs"])


def _gdal_reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    # GDAL's own advice names configuration options a geo user cannot pass; keep only the reason.
    text = re.split(r"\.? ?(?:You may define|Set the|set the) [A-Z_]{6,}", text)[0]
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


def _check_degrees(frame: gpd.GeoDataFrame, source: str) -> None:
    """A geographic layer must hold degrees in range (GeoJSON is EPSG:4326 by definition,
    so metres written into one arrive labelled as degrees)."""
    if frame.crs is None or not frame.crs.is_geographic or frame.empty:
        return
    geoms = frame.geometry.values
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    bounds = np.zeros((len(frame), 4))
    bounds[present] = shapely.bounds(geoms[present])
    x = np.where(np.abs(bounds[:, 0]) > np.abs(bounds[:, 2]), bounds[:, 0], bounds[:, 2])
    y = np.where(np.abs(bounds[:, 1]) > np.abs(bounds[:, 3]), bounds[:, 1], bounds[:, 3])
    _check_lonlat(x, y, source=source, label="feature",
                  metres_hint=f"the file declares {frame.crs.to_string()} (GeoJSON always does) but holds metres; "
                              "export it again in EPSG:4326, or as a GeoPackage that keeps its projection")
    points = present & (shapely.get_type_id(geoms) == 0)
    if points.all() and frame.crs.to_epsg() == 4326:
        _plausible.check_swapped(frame, shapely.get_x(geoms), shapely.get_y(geoms), source=source, label="feature")


def write_table(frame: pd.DataFrame, path: str | os.PathLike[str], *, raw_csv: bool = False) -> Path:
    """Write a table by extension (.csv, .geojson, .gpkg, .parquet), atomically.

    CSV output carries geometry as ``lon``/``lat`` for points (WKT otherwise),
    and its text cells that a spreadsheet would run as formulas are
    neutralised (see :func:`neutralise_formulas`) unless ``raw_csv``.
    GeoJSON and GPKG layers are named after the file. A failure leaves any
    existing file at ``path`` byte-for-byte unchanged.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise InputError(f"cannot write {suffix or 'a file without extension'}", source=str(path),
                         hint=f"use one of {', '.join(OUTPUT_FORMATS)}")
    with atomic_path(path) as tmp:
        if suffix == ".csv":
            _to_csv(frame, tmp, raw=raw_csv)
        elif suffix in (".parquet", ".geoparquet"):
            frame.to_parquet(tmp, index=False)
        else:
            # GDAL would name the layer after the temporary file, which GPKG refuses.
            layer = re.sub(r"[^A-Za-z0-9_]", "_", path.stem) or "data"
            frame.to_file(tmp, driver=OUTPUT_FORMATS[suffix], engine="pyogrio", layer=layer)
    return path


def _to_csv(frame: pd.DataFrame, tmp: Path, *, raw: bool = False) -> None:
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
    if raw:
        frame.to_csv(tmp, index=False)
    else:  # OWASP: formula cells prefixed; a carriage return inside a cell would split its row unquoted
        safe = neutralise_formulas(frame)
        text = [c for c in safe.columns if safe[c].dtype == object or isinstance(safe[c].dtype, pd.StringDtype)]
        has_cr = any(safe[c].map(lambda v: isinstance(v, str) and "\r" in v).any() for c in text)
        safe.to_csv(tmp, index=False, quoting=csv.QUOTE_NONNUMERIC if has_cr else csv.QUOTE_MINIMAL)
