"""One case analysed: everything maps and reports draw, computed once.

The flow is one way: a :class:`~geo.model.Scenario` goes in, a
:class:`CaseAnalysis` comes out, and renderers only read it. Nothing here
imports folium or matplotlib.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from .model import Scenario

__all__ = ["CaseAnalysis", "analyze"]

log = logging.getLogger(__name__)


@dataclass
class CaseAnalysis:
    """Results of :func:`analyze` for one scenario.

    Attributes
    ----------
    scenario:
        The scenario analysed.
    incidents:
        The scenario's incidents plus, per incident: ``border_distance_m``,
        ``border_lon``, ``border_lat``, ``border_bearing_deg``,
        ``border_distance_min_m``/``border_distance_max_m`` (from the
        uncertainty radius), ``border_countries`` (``"RUS-UKR"``),
        ``band`` (distance band label), ``country`` (ISO A3 the point lies in),
        ``region`` (first-level region, when known) and ``nearest_phrase``
        (e.g. ``"3 km NE of Belgorod"``).
    borders:
        One row per border analysed: ``countries``, ``length_m``, line ``geometry``.
    bands:
        Distance bands: ``label``, ``inner_m``, ``outer_m``, ``area_m2``, polygon ``geometry``.
    nearest:
        Nearest towns per incident: ``incident_id``, ``rank``, ``name``,
        ``country``, ``population``, ``distance_m``, ``bearing_deg``,
        ``phrase``, ``lon``, ``lat``.
    uncertainty:
        Geodesic circles of each incident's uncertainty radius: ``incident_id``,
        ``radius_m``, ``area_m2``, polygon ``geometry``.
    damage:
        The scenario's damage areas plus ``area_m2`` (ellipsoidal; 0 when not located).
    regions:
        Regions named by the scenario, with ``name``, ``country``,
        ``border_length_m``, ``border_share`` and polygon ``geometry`` (empty
        when no region data is available).
    places:
        Places named by the scenario, geocoded: ``name``, ``country``,
        ``population``, point ``geometry``.
    """

    scenario: Scenario
    incidents: gpd.GeoDataFrame
    borders: gpd.GeoDataFrame
    bands: gpd.GeoDataFrame
    nearest: pd.DataFrame
    uncertainty: gpd.GeoDataFrame
    damage: gpd.GeoDataFrame
    regions: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    notes: list[str] = field(default_factory=list)


def analyze(scenario: Scenario) -> CaseAnalysis:
    """Measure a scenario: borders, distances, bands, nearest towns, areas.

    Parameters
    ----------
    scenario:
        A loaded scenario (:func:`geo.load_scenario`).

    Returns
    -------
    CaseAnalysis
    """
    raise NotImplementedError("analyze() lands with the proximity engine")
