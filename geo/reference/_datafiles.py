"""Where the bundled reference data lives, installed or in a checkout."""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import InputError
from geo.settings import settings

if TYPE_CHECKING:
    import numpy as np

__all__: list[str] = []

#: GeoParquet CRS ids that are plain lon/lat on WGS84 (a file with no ``crs`` is OGC:CRS84 by the spec).
_LONLAT_IDS = {("EPSG", 4326), ("OGC", "CRS84")}

_CHECKOUT_DATA = Path(__file__).resolve().parents[2] / "data"


def data_file(name: str) -> Path:
    """Path of a bundled data file.

    Looks in ``settings.data_dir`` first, then inside the installed package
    (``geo/_data``, where a wheel puts it), then in the checkout's ``data/``.
    """
    candidates = []
    if settings.data_dir is not None:
        candidates.append(Path(settings.data_dir) / name)
    candidates.append(Path(str(resources.files("geo") / "_data" / name)))
    candidates.append(_CHECKOUT_DATA / name)
    for path in candidates:
        if path.is_file():
            return path
    raise InputError(
        f"bundled data file {name!r} not found; looked in " + ", ".join(str(p) for p in candidates),
        hint="reinstall geo, or set geo.settings.data_dir to a folder holding it "
             "(data/build_countries.py rebuilds it)")


def read_geoparquet(path: str | Path, *, columns: list[str] | None = None, filters: Any = None):
    """A GeoParquet file as a GeoDataFrame, like ``geopandas.read_parquet`` but faster for lon/lat files.

    geopandas parses the file's PROJJSON CRS on every read (about 20 ms each);
    bundled files are all EPSG:4326, so their frames share one CRS object.
    Any other CRS is read by geopandas as usual.
    """
    import geopandas as gpd
    import shapely

    table = _read_table(path, columns, filters)
    meta = json.loads((table.schema.metadata or {}).get(b"geo", b"{}"))
    name = meta.get("primary_column", "geometry")
    column = meta.get("columns", {}).get(name, {})
    crs = column.get("crs", {"id": {"authority": "OGC", "code": "CRS84"}})
    ident = crs.get("id", {}) if isinstance(crs, dict) else {}
    plain = (name == "geometry" and str(column.get("encoding", "WKB")).upper() == "WKB"
             and (ident.get("authority"), ident.get("code")) in _LONLAT_IDS)
    if not plain:
        return gpd.read_parquet(path, columns=columns, filters=filters)
    # A GeoParquet 1.1 covering column (each row's bounding box) is for readers of the file, as in geopandas.
    covering = {path[0] for path in column.get("covering", {}).get("bbox", {}).values() if path}
    names = [n for n in table.column_names if n not in covering or n == name]
    frame = table.select([n for n in names if n != name]).to_pandas()
    geometry = shapely.from_wkb(table.column(name).to_numpy(zero_copy_only=False))
    out = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, index=frame.index, crs=_wgs84()), crs=_wgs84())
    return out[names]


@functools.cache
def _wgs84():
    import pyproj

    return pyproj.CRS.from_epsg(4326)


def _read_table(path: str | Path, columns: list[str] | None, filters: Any):
    """``pyarrow.parquet.read_table``; one ``(column, "==", value)`` filter is applied here, from the row
    groups' statistics and a mask, because the general filter path imports and starts pyarrow's dataset
    machinery (about 0.15 s, more than reading one country's regions)."""
    import numpy as np
    import pyarrow.parquet as pq

    simple = (isinstance(filters, list) and len(filters) == 1 and len(filters[0]) == 3 and filters[0][1] == "=="
              and (columns is None or filters[0][0] in columns))
    if filters is None:
        return pq.ParquetFile(path).read(columns=columns)
    if not simple:
        return pq.read_table(path, columns=columns, filters=filters)
    name, _, value = filters[0]
    parquet = pq.ParquetFile(path)
    meta, at = parquet.metadata, parquet.schema_arrow.get_field_index(name)
    groups = []
    for i in range(meta.num_row_groups):
        stats = meta.row_group(i).column(at).statistics
        if stats is None or not stats.has_min_max or stats.min <= value <= stats.max:
            groups.append(i)
    table = parquet.read_row_groups(groups, columns=columns)
    return table.take(np.flatnonzero(table.column(name).to_numpy(zero_copy_only=False) == value))


def arrow_numpy(column) -> np.ndarray:
    """A pyarrow column as NumPy: numbers without a copy, text as Python str (bytes), None where missing.

    Does what ``to_numpy(zero_copy_only=False)`` does without it: that call
    imports pandas (a third of a second), which a fresh ``geo extract`` or a
    first ``geocode()`` does not otherwise need. Dictionary-encoded text
    (country codes, region names) is decoded once per distinct value.
    """
    import numpy as np

    chunks = column.chunks if hasattr(column, "chunks") else [column]
    if len(chunks) == 1:
        return _chunk_numpy(chunks[0])
    if not chunks:
        return _chunk_numpy(column.combine_chunks())
    return np.concatenate([_chunk_numpy(chunk) for chunk in chunks])


def _chunk_numpy(array) -> np.ndarray:
    import numpy as np
    import pyarrow as pa

    kind = array.type
    if pa.types.is_dictionary(kind):
        values = np.append(_chunk_numpy(array.dictionary), None)  # the last one stands for a missing value
        indices = array.indices
        dtype = np.dtype(indices.type.to_pandas_dtype())
        codes = np.frombuffer(indices.buffers()[1], dtype=dtype, count=len(indices), offset=indices.offset * dtype.itemsize)
        if indices.null_count:
            valid = np.unpackbits(np.frombuffer(indices.buffers()[0], dtype=np.uint8), bitorder="little")
            codes = np.where(valid[indices.offset:indices.offset + len(indices)].astype(bool), codes, len(values) - 1)
        return values[codes]
    if (pa.types.is_integer(kind) or pa.types.is_floating(kind)) and array.null_count == 0:
        dtype = np.dtype(kind.to_pandas_dtype())
        return np.frombuffer(array.buffers()[1], dtype=dtype, count=len(array), offset=array.offset * dtype.itemsize)
    if isinstance(kind, pa.ExtensionType):  # e.g. geoarrow.wkb: its plain storage
        return _chunk_numpy(array.storage)
    if any(test(kind) for test in (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary,
                                   pa.types.is_large_binary)):
        values = np.empty(len(array), dtype=object)
        values[:] = array.to_pylist()
        return values
    return array.to_numpy(zero_copy_only=False)
