"""The columns of the bundled reference tables the extractor reads, without their geometries.

Country names and the list of land-border pairs are all the extractor needs
from the Natural Earth tables; reading those columns alone skips decoding
every outline (about a second of a fresh ``geo extract``).
"""

from __future__ import annotations

import functools

import numpy as np

from geo.reference._datafiles import arrow_numpy, data_file

__all__ = ["country_table", "border_pairs"]


@functools.cache
def country_table() -> dict[str, np.ndarray]:
    """``iso_a3``, ``name``, ``pop_est`` and every ``name_*`` column of the bundled countries, as NumPy arrays.

    Text columns hold Python strings (None where missing); shared: do not change.
    """
    import pyarrow.parquet as pq

    path = data_file("countries.parquet")
    names = [c for c in pq.ParquetFile(path).schema.names
             if c in ("iso_a3", "name", "pop_est") or c.startswith("name_")]
    table = pq.ParquetFile(path).read(columns=names, use_threads=False)  # read_table would import pandas
    return {name: arrow_numpy(table.column(name)) for name in names}


@functools.cache
def border_pairs() -> frozenset[str]:
    """Every land border as ``"AAA-BBB"`` (codes in alphabetical order)."""
    import pyarrow.parquet as pq

    column = pq.ParquetFile(data_file("borders.parquet")).read(columns=["countries"], use_threads=False).column("countries")
    return frozenset(str(v) for v in column.to_pylist())
