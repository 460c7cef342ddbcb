"""Partitioned datasets in and out: GeoParquet folders, CSV globs, all-or-nothing writes."""

from __future__ import annotations

import dataclasses
import logging
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo._atomic import atomic_path
from geo.analysis.distributed._cluster import _as_completed, _client_or_default, _compute_here, _reason, _require
from geo.errors import InputError, MissingCRSError

__all__ = ['read_dataset', 'write_dataset', 'check_dataset_output', 'dataset_rows', 'DatasetSummary']

log = logging.getLogger(__name__)

DEFAULT_PARTITION_ROWS = 500_000
_PARQUET_SUFFIXES = (".parquet", ".geoparquet")



def _parquet_files(folder: Path) -> list[Path]:
    # pyarrow skips names starting with "_" or "." (_SUCCESS, _metadata, .crc): so do we.
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in _PARQUET_SUFFIXES and p.is_file()
                  and not any(part.startswith(("_", ".")) for part in p.relative_to(folder).parts))


def read_dataset(path: str | os.PathLike[str], *, crs: str | None = None, lon: str | None = None,
                 lat: str | None = None, layer: str | None = None, npartitions: int | None = None) -> Any:
    """Open points lazily as a ``dask_geopandas.GeoDataFrame``.

    Parameters
    ----------
    path:
        A folder of GeoParquet files (one partition per file, hive-style
        subfolders allowed) or a single ``.parquet`` file, read lazily; or any
        file :func:`geo.read_table` reads (CSV, GeoJSON, GPKG, ...), read and
        checked in memory, then split into partitions of
        :data:`DEFAULT_PARTITION_ROWS` rows.
    crs:
        CRS when the data does not say (plain Parquet or CSV: default EPSG:4326).
    lon, lat:
        Longitude/latitude columns of plain Parquet or CSV, when not the
        usual names (``lon``/``lng``/``longitude``/``x``, ``lat``/``latitude``/``y``).
    layer:
        Layer of a multi-layer file (GPKG, KML).
    npartitions:
        Repartition to this many partitions.

    Raises
    ------
    InputError
        Missing path, a folder without Parquet files, unreadable Parquet, no
        geometry and no lon/lat columns.
    MissingCRSError
        GeoParquet without a CRS and no ``crs``.

    Examples
    --------
    >>> import geo.analysis.distributed
    >>> points = geo.analysis.distributed.read_dataset("strikes/")  # doctest: +SKIP
    """
    _require()
    import dask_geopandas

    path = Path(path)
    source = str(path)
    if npartitions is not None and int(npartitions) < 1:
        raise InputError(f"the number of partitions must be at least 1, got {npartitions}", source=source)
    if not path.exists():
        raise InputError("not found", source=source, hint="give a folder of GeoParquet files or a file")
    if path.is_dir() or path.suffix.lower() in _PARQUET_SUFFIXES:
        frame = _read_parquet_dataset(path, crs=crs, lon=lon, lat=lat)
    else:
        from geo.input.io import read_table

        table = read_table(path, layer=layer, crs=crs, lon=lon, lat=lat)
        parts = npartitions or max(1, math.ceil(len(table) / DEFAULT_PARTITION_ROWS))
        return dask_geopandas.from_geopandas(table, npartitions=int(parts), sort=False)  # keep row order
    if npartitions is not None and int(npartitions) != frame.npartitions:
        frame = frame.repartition(npartitions=int(npartitions))
    return frame


def _read_parquet_dataset(path: Path, *, crs: str | None, lon: str | None, lat: str | None) -> Any:
    import dask.dataframe as dd
    import dask_geopandas

    source = str(path)
    if path.is_dir() and not _parquet_files(path):
        raise InputError("folder has no .parquet files", source=source,
                         hint="give a folder of GeoParquet files (part.0.parquet, part.1.parquet, ...)")
    try:
        frame = dask_geopandas.read_parquet(source)
    except Exception as exc:  # noqa: BLE001 - pyarrow and dask raise many kinds
        if "geo metadata" not in str(exc):
            raise InputError(f"not a readable GeoParquet dataset: {_reason(exc)}", source=source,
                             hint="check the files are complete; every file must have the same columns") from None
        frame = None  # plain Parquet: points from lon/lat columns, below
    if frame is None:
        try:
            table = dd.read_parquet(source)
        except Exception as exc:  # noqa: BLE001
            raise InputError(f"not a readable Parquet dataset: {_reason(exc)}", source=source) from None
        return _points_from_columns(table, crs=crs, lon=lon, lat=lat, source=source)
    if frame.crs is None:
        if crs is None:
            raise MissingCRSError("has no coordinate reference system", source=source,
                                  hint="pass --crs EPSG:4326 if the coordinates are lon/lat degrees")
        frame = frame.set_crs(crs)
    return frame


def _points_from_columns(table: Any, *, crs: str | None, lon: str | None, lat: str | None, source: str) -> Any:
    import dask_geopandas

    from geo.input.io import LAT_NAMES, LON_NAMES

    columns = [str(c) for c in table.columns]
    lowered = {c.strip().lower(): c for c in columns}
    x = lon or next((lowered[n] for n in LON_NAMES if n in lowered), None)
    y = lat or next((lowered[n] for n in LAT_NAMES if n in lowered), None)
    if x not in columns or y not in columns:
        raise InputError(f"Parquet without geometry and without longitude/latitude columns among {columns[:12]}",
                         source=source, hint="write GeoParquet, or name the columns lon and lat (or pass --lon/--lat)")
    geometry = dask_geopandas.points_from_xy(table, x=x, y=y, crs=crs or "EPSG:4326")
    frame = dask_geopandas.from_dask_dataframe(table, geometry=geometry)
    return frame if frame.crs is not None else frame.set_crs(crs or "EPSG:4326")  # from_dask_dataframe drops it




def dataset_rows(path: str | os.PathLike[str]) -> int | None:
    """Number of rows of a Parquet folder or file, from the files' footers (no data read); None otherwise."""
    path = Path(path)
    if not (path.is_dir() or path.suffix.lower() in _PARQUET_SUFFIXES):
        return None
    import pyarrow.parquet as pq

    files = _parquet_files(path) if path.is_dir() else [path]
    try:
        return sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    except Exception:  # noqa: BLE001 - only a progress total: reading reports the real error
        return None


# --------------------------------------------------------------------------- running



@dataclasses.dataclass(frozen=True)
class DatasetSummary:
    """What :func:`write_dataset` wrote: files, rows, and the range of ``border_distance_m`` (m) if present."""

    path: Path
    files: int
    rows: int
    distance_min_m: float = math.nan
    distance_max_m: float = math.nan


def _write_partition(part: pd.DataFrame, path: str) -> tuple[int, float, float]:
    """Runs on a worker: one GeoParquet file, and its rows and distance range for the summary."""
    if isinstance(part, gpd.GeoDataFrame):
        if part.index.name is not None or any(n is not None for n in part.index.names):
            part = part.reset_index()  # a named index is data; a default one is not
        part.to_parquet(path, index=False)
    else:
        pd.DataFrame(part).to_parquet(path, index=False)
    if "border_distance_m" in part.columns and len(part):
        d = part["border_distance_m"].to_numpy(dtype=float)
        return len(part), float(np.nanmin(d)), float(np.nanmax(d))
    return len(part), math.nan, math.nan


def write_dataset(lazy: Any, path: str | os.PathLike[str], *, client: Any = None,
                  progress: Callable[[int], None] | None = None, source: str | None = None) -> DatasetSummary:
    """Write a lazy (Geo)DataFrame as a GeoParquet dataset folder, one ``part.N.parquet`` per partition.

    Each worker writes its own partitions into a temporary folder beside
    ``path`` that replaces ``path`` only when every partition is written: a
    failure leaves no partial output (and an existing ``path`` untouched).
    On a real cluster ``path`` must be on storage that every worker and this
    machine see (a shared mount). An existing ``path`` is replaced only if it
    is a dataset (Parquet files only). ``progress`` and ``source`` as for
    :func:`compute_frame`.

    Examples
    --------
    >>> import geo, geo.analysis.distributed as gd
    >>> points = gd.read_dataset("strikes/")                                 # doctest: +SKIP
    >>> gd.write_dataset(geo.distance_to_border(points, "RUS-UKR"), "out/")  # doctest: +SKIP
    """
    _require()
    import dask

    target = Path(path)
    check_dataset_output(target)
    parts = lazy.to_delayed()
    width = max(5, len(str(len(parts) - 1)))
    with atomic_path(target) as tmp:
        tmp.mkdir(parents=True)
        names = [str(tmp / f"part.{i:0{width}d}.parquet") for i in range(len(parts))]
        tasks = [dask.delayed(_write_partition, pure=False)(part, name) for part, name in zip(parts, names, strict=True)]
        client = _client_or_default(client)
        if client is None:
            stats = _compute_here(tasks, source)
            if progress is not None:
                progress(sum(s[0] for s in stats))
        else:
            stats = _as_completed(client, tasks, progress, lambda s: s[0], source)
        missing = [n for n in names if not Path(n).exists()]
        if missing:
            raise InputError(f"{len(missing)} of {len(names)} partition files written by the workers are not "
                             "visible here", source=str(target),
                             hint="on a cluster, write to a folder every worker and this machine share")
    rows = sum(s[0] for s in stats)
    lows = [s[1] for s in stats if not math.isnan(s[1])]
    highs = [s[2] for s in stats if not math.isnan(s[2])]
    return DatasetSummary(target, len(names), rows, min(lows, default=math.nan), max(highs, default=math.nan))


def check_dataset_output(target: str | os.PathLike[str]) -> None:
    """Refuse an output path :func:`write_dataset` would not replace: a file, or a folder holding other files.

    Callers check before starting a cluster, so a bad output is said in a
    second, not after the computation.
    """
    target = Path(target)
    if target.is_file():
        raise InputError("exists and is a file, not a dataset folder", source=str(target),
                         hint="give a new folder name, or remove the file")
    if target.is_dir():
        other = [p for p in target.rglob("*") if p.is_file() and p.suffix.lower() not in _PARQUET_SUFFIXES]
        if other:
            raise InputError(f"is a folder holding other files ({other[0].name}); it will not be replaced",
                             source=str(target), hint="give a new folder name for the output dataset")
