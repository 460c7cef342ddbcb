"""Proximity beyond one machine: dask-geopandas over partitioned GeoParquet.

The per-point computation is exactly the single-machine engine's
(:func:`geo.distance_to_border` on each partition, a pandas GeoDataFrame), so
results are identical bit for bit. The border is resolved and indexed once,
on the client, and enters the task graph as **one** object that every
partition's task depends on: dask ships it once to each worker (or
:func:`distance_to_border_dask` with a ``client`` scatters it to every worker
up front), never once per task.

dask, dask-geopandas and dask.distributed are an optional extra, imported only
when this module's functions run: ``pip install 'geo-impact[dask]'``.

A *dataset* here is a folder of GeoParquet files (``part.0.parquet``, ...,
also hive-style subfolders such as ``year=2023/``), one partition per file, as
written by :func:`write_dataset`, dask-geopandas, GDAL or Spark/Sedona. Plain
Parquet with longitude/latitude columns is read as points too.

Examples
--------
>>> import dask_geopandas, geopandas as gpd, geo
>>> pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.58091, 36.25475], [50.60343, 49.98177]),
...                        crs="EPSG:4326")
>>> lazy = geo.distance_to_border(dask_geopandas.from_geopandas(pts, npartitions=2), "RUS-UKR")
>>> type(lazy).__name__, lazy.npartitions
('DataFrame', 2)
>>> (lazy.compute()["border_distance_m"] // 1000).tolist()
[35.0, 32.0]
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import logging
import math
import os
import uuid
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ._atomic import atomic_path
from .errors import GeoError, GeoWarning, InputError, MissingCRSError, MissingDependencyError

__all__ = ["distance_to_border_dask", "prepare_border", "read_dataset", "write_dataset", "compute_frame", "dask_client",
           "dataset_rows", "is_dask_frame", "DatasetSummary", "INSTALL_HINT"]

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'geo-impact[dask]'"
#: Rows per partition when a single in-memory file is split for dask.
DEFAULT_PARTITION_ROWS = 500_000
_PARQUET_SUFFIXES = (".parquet", ".geoparquet")


# --------------------------------------------------------------------------- optional dependency

def _require() -> None:
    """Import dask's pieces now, or say how to install them."""
    for module in ("dask", "dask.dataframe", "dask_geopandas", "distributed"):
        try:
            __import__(module)
        except ImportError as exc:
            raise MissingDependencyError(
                f"the dask engine needs dask-geopandas and dask.distributed ({exc.name or module} is missing)",
                hint=f"{INSTALL_HINT}, or use the single-machine engine (--engine exact)") from None


def is_dask_frame(obj: object) -> bool:
    """Whether ``obj`` is a dask (or dask-geopandas) collection, without importing dask."""
    module = type(obj).__module__ or ""
    return module.startswith(("dask_geopandas", "dask.dataframe", "dask_expr")) and hasattr(obj, "npartitions")


# --------------------------------------------------------------------------- the computation

def prepare_border(border: Any) -> Any:
    """Resolve and index a border once, to pass as ``border`` to :func:`distance_to_border_dask`.

    Raises the same errors as :func:`geo.distance_to_border` for a bad
    border, so a caller can check it before starting a cluster. The result is
    an opaque object (the engine's index, picklable, ~0.3 MB for RUS-UKR and
    ~40 MB for ``"nearest"``).

    >>> index = prepare_border("RUS-UKR")
    """
    from . import _segments, proximity

    if isinstance(border, _segments.BorderIndex):
        return border
    # distance_to_border adds border_countries for "nearest" and for line layers
    # with a countries column, not for a named pair: a prepared index must too.
    index = proximity._index_for(border)
    reports = not isinstance(border, (str, tuple, list)) or proximity._is_nearest(border)
    if not reports and any(index.labels):
        index = dataclasses.replace(index, labels=("",) * len(index.labels))
    return index


def _measured_meta(points_meta: pd.DataFrame, index: Any) -> pd.DataFrame:
    """Empty frame with the columns and dtypes the engine returns for these points."""
    from .proximity import distance_to_border

    columns = {"uncertainty_m": [0.0]} if "uncertainty_m" in getattr(points_meta, "columns", ()) else {}
    probe = gpd.GeoDataFrame(columns, geometry=gpd.points_from_xy(index.seg_lon[:1], index.seg_lat[:1]),
                             crs="EPSG:4326")
    sample = distance_to_border(probe, index).iloc[:0]
    return sample.set_axis(points_meta.index[:0], axis=0)


def _measure_partition(part: gpd.GeoDataFrame | gpd.GeoSeries, index: Any, *, dtypes: dict[str, Any],
                       keep_input: bool, source: str | None, partition_info: dict | None = None
                       ) -> pd.DataFrame:
    """One partition through the single-machine engine; errors say which partition."""
    from .proximity import distance_to_border

    if len(part) == 0:  # the columns an empty input would get from a non-empty one
        measured = pd.DataFrame({c: pd.Series([], dtype=d) for c, d in dtypes.items()}, index=part.index)
    else:
        try:
            measured = distance_to_border(part, index)
        except GeoError as exc:
            number = (partition_info or {}).get("number")
            where = f"partition {number + 1}" if number is not None else None
            location = ", ".join(p for p in (where, exc.location) if p) or None
            raise type(exc)(exc.message, source=exc.source or source, location=location, hint=exc.hint) from None
    if not keep_input:
        return measured
    result = part.drop(columns=[c for c in measured.columns if c in part.columns])
    for column in measured.columns:
        result[column] = measured[column]
    return result


def distance_to_border_dask(points: Any, border: Any, *, keep_input: bool = False, client: Any = None,
                            source: str | None = None) -> Any:
    """Lazy exact geodesic distance from each point of a dask-geopandas frame to a border.

    :func:`geo.distance_to_border` calls this for a dask input; the result
    columns, units and values are the single-machine engine's, computed
    partition by partition.

    Parameters
    ----------
    points:
        ``dask_geopandas.GeoDataFrame`` (or ``GeoSeries``) of Points in any
        CRS; an ``uncertainty_m`` column (metres) adds distance bounds.
    border:
        As for :func:`geo.distance_to_border`. Resolved and indexed now, on
        the client, so a bad country code fails here, not on a worker.
    keep_input:
        Return the input columns (and geometry) with the distance columns
        added, as a ``dask_geopandas.GeoDataFrame``; input columns with the
        same names are replaced.
    client:
        A ``distributed.Client``: the border index is scattered to every
        worker now (``broadcast=True``). Without one it travels inside the
        graph as a single task that each worker fetches once.
    source:
        Name of the data (file or folder) used in error messages.

    Returns
    -------
    dask.dataframe.DataFrame
        Lazy; one output partition per input partition, indexed like it.
        Distances in metres on the WGS84 ellipsoid, coordinates (lon, lat)
        degrees. Call ``.compute()``, :func:`compute_frame` or
        :func:`write_dataset`.

    Raises
    ------
    MissingDependencyError
        When dask-geopandas or dask.distributed is not installed.
    MissingCRSError, InputError
        As the single-machine engine; point errors name the partition
        (counted from 1) and the row within it, and are raised at compute time.

    Examples
    --------
    >>> import dask_geopandas, geopandas as gpd
    >>> pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.58091], [50.60343]), crs="EPSG:4326")
    >>> lazy = distance_to_border_dask(dask_geopandas.from_geopandas(pts, npartitions=1), "RUS-UKR")
    >>> round(float(lazy.compute()["border_distance_m"].iloc[0]))
    35390
    """
    _require()
    import dask
    import dask_geopandas

    if not isinstance(points, (dask_geopandas.GeoDataFrame, dask_geopandas.GeoSeries)):
        raise InputError(f"points must be a dask_geopandas GeoDataFrame, got {type(points).__name__}",
                         source=source, hint="wrap a dask DataFrame with dask_geopandas.from_dask_dataframe(df, "
                                             "geometry=dask_geopandas.points_from_xy(df, 'lon', 'lat', crs=4326))")
    if points.crs is None:
        raise MissingCRSError("points have no coordinate reference system", source=source,
                              hint="set one, e.g. frame.set_crs('EPSG:4326') for lon/lat degrees")
    keep_input = keep_input and isinstance(points, dask_geopandas.GeoDataFrame)
    index = prepare_border(border)
    measured_meta = _measured_meta(points._meta, index)
    meta = measured_meta
    if keep_input:
        clash = [c for c in measured_meta.columns if c in points.columns]
        if clash:
            warnings.warn(f"{source or 'points'}: replacing existing column(s) {', '.join(clash)} with new values",
                          GeoWarning, stacklevel=2)
        base = points._meta.drop(columns=clash)
        meta = base.assign(**{c: measured_meta[c] for c in measured_meta.columns})
    name = f"geo-border-index-{uuid.uuid4().hex}"
    if client is not None:
        handle = dask.delayed(client.scatter(index, broadcast=True, hash=False), name=name)
    else:
        handle = dask.delayed(index, name=name)
    dtypes = dict(measured_meta.dtypes)
    return points.map_partitions(_measure_partition, handle, meta=meta, dtypes=dtypes, keep_input=keep_input,
                                 source=source, enforce_metadata=False)


# --------------------------------------------------------------------------- reading

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
    >>> import geo.distributed
    >>> points = geo.distributed.read_dataset("strikes/")  # doctest: +SKIP
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
        from .io import read_table

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

    from .io import LAT_NAMES, LON_NAMES

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


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[-1] if text else type(exc).__name__)[:200]


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

def _bokeh_available() -> bool:
    return importlib.util.find_spec("bokeh") is not None


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, *, n_workers: int | None = None, threads_per_worker: int = 1,
                memory_limit: str | float = "auto") -> Iterator[Any]:
    """A ``distributed.Client``: connected to ``scheduler``, or on a local cluster started and stopped here.

    Parameters
    ----------
    scheduler:
        Address of a running scheduler, e.g. ``"tcp://10.0.0.5:8786"``
        (start one with ``dask scheduler``; workers with ``dask worker
        ADDRESS``). ``None`` starts a local cluster of worker processes.
    n_workers:
        Local worker processes (default: one per CPU core).
    threads_per_worker, memory_limit:
        Passed to ``distributed.LocalCluster``. The computation holds the
        GIL for much of its time, so processes beat threads.

    The dashboard link is logged when the dashboard can run (it needs
    ``bokeh``); otherwise the log says so.

    Examples
    --------
    >>> from geo.distributed import dask_client
    >>> with dask_client(n_workers=1) as client:  # doctest: +SKIP
    ...     len(client.scheduler_info()["workers"])
    1
    """
    _require()
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(f"cannot reach the dask scheduler: {_reason(exc)}", source=scheduler,
                             hint="start one with 'dask scheduler' and workers with 'dask worker ADDRESS', "
                                  "check the address (tcp://host:8786), or leave out --scheduler "
                                  "for a local cluster") from None
        try:
            workers = len(client.scheduler_info().get("workers", {}))
            log.info("dask: connected to %s (%d workers)", scheduler, workers)
            _log_dashboard(client, remote=True)
            yield client
        finally:
            client.close()
        return
    workers = int(n_workers or os.cpu_count() or 1)
    dashboard = ":0" if _bokeh_available() else None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=threads_per_worker, processes=True,
                           memory_limit=memory_limit, dashboard_address=dashboard, silence_logs=logging.CRITICAL)  # errors reach the client; no worker tracebacks
    try:
        client = Client(cluster)
        try:
            log.info("dask: local cluster of %d worker process%s", workers, "es" if workers > 1 else "")
            _log_dashboard(client, remote=False)
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def _log_dashboard(client: Any, *, remote: bool) -> None:
    services = client.scheduler_info().get("services", {})
    if remote and "dashboard" in services:
        log.info("dask dashboard: %s", client.dashboard_link)
    elif not remote and _bokeh_available():
        log.info("dask dashboard: %s", client.dashboard_link)
    elif not remote:
        log.info("dask dashboard off (it needs bokeh: pip install 'bokeh>=3.1'); showing progress here")


def _data_error(exc: BaseException, number: int | None, source: str | None) -> InputError | None:
    """A worker's I/O or Parquet failure (a truncated file, a full disk) as an InputError; None otherwise."""
    if isinstance(exc, GeoError) or not (isinstance(exc, OSError) or type(exc).__module__.startswith("pyarrow")):
        return None
    return InputError(f"a partition failed: {_reason(exc)}", source=source,
                      location=f"partition {number + 1}" if number is not None else None,
                      hint="check that the input files are complete (export them again) and that the output "
                           "folder is writable with free space")


def _as_completed(client: Any, delayed_parts: list[Any], progress: Callable[[int], None] | None,
                  weight: Callable[[Any], int], source: str | None = None) -> list[Any]:
    """Compute one task per partition; report each as it finishes; results in partition order."""
    from distributed import as_completed

    futures = client.compute(delayed_parts)
    position = {future.key: i for i, future in enumerate(futures)}
    results: list[Any] = [None] * len(futures)
    try:
        for future in as_completed(futures, loop=client.loop):
            try:
                value = future.result()  # re-raises a worker's error here
            except Exception as exc:
                error = _data_error(exc, position[future.key], source)
                if error is None:
                    raise
                raise error from None
            results[position[future.key]] = value
            if progress is not None:
                progress(weight(value))
    except ModuleNotFoundError as exc:  # a worker machine without geo (or its dependencies)
        client.cancel(futures)
        raise MissingDependencyError(f"a dask worker cannot import {exc.name or 'a module'}",
                                     hint=f"install the same geo version on every worker machine ({INSTALL_HINT})"
                                     ) from None
    except BaseException:
        client.cancel(futures)
        raise
    return results


def _client_or_default(client: Any) -> Any:
    if client is not None:
        return client
    from distributed import default_client

    try:
        return default_client()
    except ValueError:
        return None


def _compute_here(tasks: list[Any], source: str | None) -> list[Any]:
    import dask

    try:
        return list(dask.compute(*tasks))
    except Exception as exc:
        error = _data_error(exc, None, source)
        if error is None:
            raise
        raise error from None


def compute_frame(lazy: Any, *, client: Any = None, progress: Callable[[int], None] | None = None,
                  source: str | None = None) -> pd.DataFrame:
    """Compute a lazy frame into one pandas (Geo)DataFrame, partitions in order.

    ``progress(n)`` is called as each partition of ``n`` rows arrives. Without
    a ``client`` (nor a default one) dask's local scheduler runs it. A
    partition that cannot be read raises :class:`~geo.errors.InputError`
    naming ``source`` and the partition.
    """
    _require()
    parts = lazy.to_delayed()
    client = _client_or_default(client)
    if client is None:
        frames = _compute_here(parts, source)
        if progress is not None:
            progress(sum(len(f) for f in frames))
    else:
        frames = _as_completed(client, parts, progress, len, source)
    frames = [f for f in frames if len(f)] or frames[:1]  # empty parts may carry other dtypes
    return pd.concat(frames)


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
    >>> import geo, geo.distributed as gd
    >>> points = gd.read_dataset("strikes/")                                 # doctest: +SKIP
    >>> gd.write_dataset(geo.distance_to_border(points, "RUS-UKR"), "out/")  # doctest: +SKIP
    """
    _require()
    import dask

    target = Path(path)
    _check_replaceable(target)
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


def _check_replaceable(target: Path) -> None:
    if target.is_file():
        raise InputError("exists and is a file, not a dataset folder", source=str(target),
                         hint="give a new folder name, or remove the file")
    if target.is_dir():
        other = [p for p in target.rglob("*") if p.is_file() and p.suffix.lower() not in _PARQUET_SUFFIXES]
        if other:
            raise InputError(f"is a folder holding other files ({other[0].name}); it will not be replaced",
                             source=str(target), hint="give a new folder name for the output dataset")
