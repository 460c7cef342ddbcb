"""One country's regions as plain columns, for a quick look-up by name without geopandas."""

from __future__ import annotations

import sys

import numpy as np

from geo.reference._datafiles import arrow_numpy, data_file

__all__ = ["region_table"]

_FILE = "admin1.parquet"
_COLUMNS = ("name", "name_alt", "names", "geometry")


def region_table(country: str) -> dict[str, np.ndarray]:
    """One country's regions as NumPy columns, read without geopandas or pandas.

    The same regions as :func:`geo.regions` (registered ones replace the
    bundled), as ``name``, ``name_alt``, ``names`` (object arrays of str) and
    ``geometry`` (shapely polygons). Only the row groups of the bundled file
    that hold the country are read. Empty columns when no regions are known
    for ``country`` (an ISO A3 code, not checked against the countries).

    >>> table = region_table("UKR")
    >>> len(table["name"]), "Kharkiv Oblast" in set(table["name"])
    (27, True)
    """
    import pyarrow.parquet as pq
    import shapely

    code = str(country).strip().upper()
    registry = sys.modules.get("geo.reference.regions._registry")  # nothing is registered before it is imported
    if registry is not None and code in registry._REGISTERED:
        frame = registry._REGISTERED[code]
        return {c: np.asarray(frame.geometry.values if c == "geometry" else frame[c], dtype=object)
                for c in _COLUMNS if c == "geometry" or c in frame.columns}
    pf = pq.ParquetFile(data_file(_FILE))
    starts = np.cumsum([0] + [pf.metadata.row_group(i).num_rows for i in range(pf.metadata.num_row_groups)])
    rows = np.flatnonzero(arrow_numpy(pf.read(columns=["country"], use_threads=False).column("country")) == code)
    if rows.size == 0:
        return {c: np.empty(0, dtype=object) for c in _COLUMNS}
    groups = list(range(int(np.searchsorted(starts, rows[0], side="right")) - 1,
                        int(np.searchsorted(starts, rows[-1], side="right"))))
    table = pf.read_row_groups(groups, columns=["name", "name_local", "names", "geometry"], use_threads=False)
    keep = rows - starts[groups[0]]
    out = {"name": arrow_numpy(table.column("name"))[keep], "name_alt": arrow_numpy(table.column("name_local"))[keep],
           "names": arrow_numpy(table.column("names"))[keep]}
    out["geometry"] = np.asarray(shapely.from_wkb(arrow_numpy(table.column("geometry"))[keep]), dtype=object)
    return out
