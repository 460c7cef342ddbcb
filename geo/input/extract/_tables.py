"""The columns of the bundled reference tables the extractor reads, without their geometries.

Country names and the list of land-border pairs are all the extractor needs
from the Natural Earth tables; reading those columns alone skips decoding
every outline (about a second of a fresh ``geo extract``).
"""

from __future__ import annotations

import functools

import numpy as np

from geo.reference import _columns_cache
from geo.reference._datafiles import arrow_numpy, data_file

__all__ = ["country_table", "border_pairs"]


@functools.cache
def country_table() -> dict[str, np.ndarray]:
    """``iso_a3``, ``name``, ``pop_est`` and every ``name_*`` column of the bundled countries, as NumPy arrays.

    Text columns hold Python strings (None where missing); shared: do not change.
    """
    return _columns_cache.columns(data_file("countries.parquet"), "country-names", _read_country_table)


def _read_country_table() -> dict[str, np.ndarray]:
    import pyarrow.parquet as pq

    path = data_file("countries.parquet")
    names = [c for c in pq.ParquetFile(path).schema.names
             if c in ("iso_a3", "name", "pop_est") or c.startswith("name_")]
    table = pq.ParquetFile(path).read(columns=names, use_threads=False)  # read_table would import pandas
    return {name: arrow_numpy(table.column(name)) for name in names}


@functools.cache
def border_pairs() -> frozenset[str]:
    """Every land border as ``"AAA-BBB"`` (codes in alphabetical order)."""
    path = data_file("borders.parquet")
    return frozenset(str(v) for v in _columns_cache.column(path, "countries", lambda: _read_border_pairs(path)).tolist())


def _read_border_pairs(path) -> np.ndarray:  # noqa: ANN001 - a Path
    import pyarrow.parquet as pq

    return arrow_numpy(pq.ParquetFile(path).read(columns=["countries"], use_threads=False).column("countries"))
