"""The columns of the bundled reference tables the extractor reads, without their geometries.

Country names and the list of land-border pairs are all the extractor needs
from the Natural Earth tables; reading those columns alone skips decoding
every outline (about a second of a fresh ``geo extract``).
"""

from __future__ import annotations

import functools

import pandas as pd

from geo.reference._datafiles import data_file

__all__ = ["country_table", "border_pairs"]


@functools.cache
def country_table() -> pd.DataFrame:
    """``iso_a3``, ``name``, ``pop_est`` and every ``name_*`` column of the bundled countries."""
    import pyarrow.parquet as pq

    path = data_file("countries.parquet")
    names = [c for c in pq.ParquetFile(path).schema.names
             if c in ("iso_a3", "name", "pop_est") or c.startswith("name_")]
    return pq.read_table(path, columns=names).to_pandas()


@functools.cache
def border_pairs() -> frozenset[str]:
    """Every land border as ``"AAA-BBB"`` (codes in alphabetical order)."""
    import pyarrow.parquet as pq

    column = pq.read_table(data_file("borders.parquet"), columns=["countries"]).column("countries")
    return frozenset(str(v) for v in column.to_pylist())
