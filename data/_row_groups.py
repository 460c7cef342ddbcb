"""Writing a bundled GeoParquet table in row groups that geo can read one at a time.

geo reads one country's polygon or regions from the row groups holding it (by
their column statistics), not the whole file; ``build_countries.py`` and
``build_admin1.py`` both write their tables this way.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["group_bounds", "write_in_row_groups"]


def group_bounds(sizes: np.ndarray, share: float, keys: np.ndarray | None = None) -> list[tuple[int, int]]:
    """(start, stop) row ranges of consecutive rows of at most ``share`` of the total ``sizes`` each.

    Rows with equal consecutive ``keys`` (a country's regions) stay in one group; without keys every
    row is its own run. A run larger than the share gets a group alone.
    """
    if keys is None:
        firsts = np.arange(len(sizes))
    else:
        firsts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    lasts = np.r_[firsts[1:], len(sizes)]
    target, groups, start, size = sizes.sum() * share, [], 0, 0
    for first, last in zip(firsts, lasts, strict=True):
        own = int(sizes[first:last].sum())
        if first > start and size + own > target:
            groups.append((start, int(first)))
            start, size = int(first), 0
        size += own
    groups.append((start, len(sizes)))
    return groups


def write_in_row_groups(table: pa.Table, out: Path, share: float, key: str | None = None) -> None:
    """Write ``table`` to ``out`` (zstd level 19) in the row groups :func:`group_bounds` gives for the
    WKB sizes of its ``geometry`` column, never splitting a run of equal ``key`` values."""
    sizes = np.array([len(wkb) for wkb in table.column("geometry").to_pylist()])
    keys = None if key is None else np.asarray(table.column(key).to_pylist(), dtype=object)
    with pq.ParquetWriter(out, table.schema, compression="zstd", compression_level=19) as writer:
        for a, b in group_bounds(sizes, share, keys):
            writer.write_table(table.slice(a, b - a))
