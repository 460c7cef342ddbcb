"""The case model: one scenario with its incidents, damage areas and context.

A :class:`Scenario` is what the loaders produce and what analysis and
rendering consume. Frames follow :mod:`geo.input.schema`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

__all__ = ["Scenario", "MapOptions", "empty_frame", "empty_damage", "empty_incidents", "SOURCE_COLUMNS"]

SOURCE_COLUMNS = ("id", "name", "url", "published", "note")


def empty_frame(columns: Mapping[str, Any], *, geometry: bool = True, index: pd.Index | None = None
                ) -> gpd.GeoDataFrame | pd.DataFrame:
    """A frame with no rows and these columns (name -> dtype, e.g. ``{"name": object, "area_m2": float}``).

    With ``geometry`` (the default) a GeoDataFrame with an empty geometry
    column in EPSG:4326; ``index`` gives the (empty) index to keep. The one
    way geo builds "nothing, but with the right columns", so an empty result
    has the same columns and dtypes as a full one.
    """
    index = pd.RangeIndex(0) if index is None else index
    data = {name: pd.Series([], dtype=dtype, index=index) for name, dtype in columns.items()}
    if not geometry:
        return pd.DataFrame(data, index=index)
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs="EPSG:4326", index=index), crs="EPSG:4326")


def empty_damage() -> gpd.GeoDataFrame:
    """A damage-areas frame with no rows and the schema's columns."""
    from geo.input.schema import DAMAGE_COLUMNS

    return empty_frame(dict.fromkeys(DAMAGE_COLUMNS, object))


def empty_incidents() -> gpd.GeoDataFrame:
    """An incidents frame with no rows and the schema's columns (a case of damage areas or lines only)."""
    from geo.input.schema import INCIDENT_COLUMNS

    return empty_frame({**dict.fromkeys(INCIDENT_COLUMNS, object), "date": "datetime64[ns]"})


@dataclass
class MapOptions:
    """How a scenario asks to be drawn.

    Attributes
    ----------
    tiles:
        xyzservices name, URL template or ``"none"``; ``None`` uses
        ``geo.settings.tiles``.
    bands_m:
        Border distance bands in metres, e.g. ``[10000, 25000, 50000]``.
    nearest_towns:
        How many nearest towns to show per incident.
    min_population:
        Smallest town shown among the nearest towns; ``None`` (the default)
        reads ``geo.settings`` when the case is analysed
        (``nearest_min_population``, never below ``places_min_population``).
    """

    tiles: str | None = None
    bands_m: list[float] = field(default_factory=lambda: [10_000.0, 25_000.0, 50_000.0])
    nearest_towns: int = 3
    min_population: int | None = None


@dataclass
class Scenario:
    """One case: what happened, where, with what context to analyse and draw.

    Attributes
    ----------
    title:
        Headline of the case.
    incidents:
        Validated incidents (see :func:`geo.input.schema.validate_incidents`).
    damage:
        Validated damage areas; geometry may be missing for damage reported
        but not located.
    borders:
        Country pairs whose land border to analyse, e.g. ``[("RUS", "UKR")]``.
    places:
        Place names to label on maps.
    regions:
        First-level region names to draw (e.g. ``"Belgorod Oblast"``).
    sources:
        ``id``, ``name``, ``url``, ``published``, ``note`` per source.
    files:
        The scenario file and every file it read (data, article), resolved:
        what a published map or report was made from.
    """

    title: str
    incidents: gpd.GeoDataFrame
    damage: gpd.GeoDataFrame = field(default_factory=empty_damage)
    borders: list[tuple[str, str]] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    sources: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(SOURCE_COLUMNS)))
    summary: str = ""
    caveats: list[str] = field(default_factory=list)
    published: dt.date | None = None
    map: MapOptions = field(default_factory=MapOptions)
    article: Path | None = None
    path: Path | None = None
    #: Line features of data files (trenches, roads): drawn and measured, not incidents.
    lines: gpd.GeoDataFrame | None = None
    #: Data files read with :func:`geo.input.load.load_events`, with the rows they set aside.
    loaded: list = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def source_name(self, ref: str) -> str:
        """The display name of a source id (the id itself when unknown)."""
        hit = self.sources.loc[self.sources["id"] == ref, "name"]
        return str(hit.iat[0]) if len(hit) else ref
