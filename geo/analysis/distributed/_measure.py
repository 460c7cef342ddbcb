"""The distance engine per partition: the border indexed once and broadcast to every worker."""

from __future__ import annotations

import dataclasses
import logging
import uuid
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.analysis import _segments
from geo.analysis._border_index import index_for, is_nearest
from geo.analysis._measure import measure_to_border, with_measured
from geo.analysis.distributed._cluster import _require
from geo.analysis.side import SideOnlyLabels
from geo.errors import GeoError, InputError, MissingCRSError
from geo.input.model import empty_frame

__all__ = ["distance_to_border_dask", "prepare_border"]

log = logging.getLogger(__name__)


def prepare_border(border: Any) -> Any:
    """Resolve and index a border once, to pass as ``border`` to :func:`distance_to_border_dask`.

    Raises the same errors as :func:`geo.distance_to_border` for a bad
    border, so a caller can check it before starting a cluster. The result is
    an opaque object (the engine's index, picklable, ~0.3 MB for RUS-UKR and
    ~40 MB for ``"nearest"``).

    >>> index = prepare_border("RUS-UKR")
    """

    if isinstance(border, _segments.BorderIndex):
        return border
    # distance_to_border adds border_countries for "nearest" and for line layers
    # with a countries column, not for a named pair: a prepared index must too.
    index = index_for(border)
    reports = not isinstance(border, (str, tuple, list)) or is_nearest(border)
    if not reports and any(index.labels):
        index = dataclasses.replace(index, labels=SideOnlyLabels(index.labels))
    return index


def _measured_meta(points_meta: pd.DataFrame, index: Any) -> pd.DataFrame:
    """Empty frame with the columns and dtypes the engine returns for these points."""
    columns = {"uncertainty_m": [0.0]} if "uncertainty_m" in getattr(points_meta, "columns", ()) else {}
    probe = gpd.GeoDataFrame(columns, geometry=gpd.points_from_xy(index.seg_lon[:1], index.seg_lat[:1]),
                             crs="EPSG:4326")
    sample = measure_to_border(probe, index).iloc[:0]
    return sample.set_axis(points_meta.index[:0], axis=0)


def _measure_partition(part: gpd.GeoDataFrame | gpd.GeoSeries, index: Any, *, dtypes: dict[str, Any],
                       keep_input: bool, source: str | None, partition_info: dict | None = None
                       ) -> pd.DataFrame:
    """One partition through the single-machine engine; errors say which partition."""
    if len(part) == 0:  # the columns an empty input would get from a non-empty one
        measured = empty_frame(dtypes, geometry=False, index=part.index)
    else:
        try:
            measured = measure_to_border(part, index)
        except GeoError as exc:
            number = (partition_info or {}).get("number")
            where = f"partition {number + 1}" if number is not None else None
            raise exc.with_context(source=source, location=where) from None
    if not keep_input:
        return measured
    return with_measured(part, measured, warn=False)  # the client warned once, on the metadata


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
        meta = with_measured(points._meta, measured_meta, source=source)
    name = f"geo-border-index-{uuid.uuid4().hex}"
    if client is not None:
        handle = dask.delayed(client.scatter(index, broadcast=True, hash=False), name=name)
    else:
        handle = dask.delayed(index, name=name)
    dtypes = dict(measured_meta.dtypes)
    return points.map_partitions(_measure_partition, handle, meta=meta, dtypes=dtypes, keep_input=keep_input,
                                 source=source, enforce_metadata=False)


# --------------------------------------------------------------------------- reading

