"""The dask engine: geo's distance engine over partitioned data, on one machine or a cluster.

Each partition goes through the unchanged single-machine engine; the border is
indexed once and broadcast to every worker. This package depends on the
engine, never the other way: :func:`geo.distance_to_border` hands a
``dask_geopandas.GeoDataFrame`` to :func:`distance_to_border_dask`.
Needs the ``dask`` extra (``pip install 'geo-impact[dask]'``); imported lazily.
"""

from __future__ import annotations

from geo._lazy import lazy_exports

_EXPORTS = {
    **dict.fromkeys(['INSTALL_HINT', 'compute_frame', 'dask_client', 'is_dask_frame'], '_cluster'),
    **dict.fromkeys(['DatasetSummary', 'check_dataset_output', 'dataset_rows', 'read_dataset', 'write_dataset'], '_dataset'),
    **dict.fromkeys(['distance_to_border_dask', 'prepare_border'], '_measure'),
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = ["distance_to_border_dask", "prepare_border", "read_dataset", "write_dataset", "check_dataset_output", "compute_frame",
           "dask_client", "dataset_rows", "is_dask_frame", "DatasetSummary", "INSTALL_HINT"]
