"""A dask client (local or remote) and computing lazy frames on it, with errors that name the partition."""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd

from geo.errors import GeoError, InputError, MissingDependencyError

__all__ = ['dask_client', 'compute_frame', 'is_dask_frame', 'INSTALL_HINT']

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



def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[-1] if text else type(exc).__name__)[:200]




def _bokeh_available() -> bool:
    return importlib.util.find_spec("bokeh") is not None


#: How long to keep trying a scheduler address before saying it cannot be reached.
_SCHEDULER_TIMEOUT = "10s"


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
    >>> from geo.analysis.distributed import dask_client
    >>> with dask_client(n_workers=1) as client:  # doctest: +SKIP
    ...     len(client.scheduler_info()["workers"])
    1
    """
    _require()
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=_SCHEDULER_TIMEOUT)
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


