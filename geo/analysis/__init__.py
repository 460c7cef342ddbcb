"""Analysis: distances to borders, bands, nearest places, locating points, and a whole case.

Everything here is measured on the WGS84 ellipsoid. This layer reads
reference data and validated input; it never imports a renderer (folium,
matplotlib) and draws nothing.
"""

from __future__ import annotations

from .bands import band_label, border_bands, classify_bands
from .case import CaseAnalysis, analyze
from .distance import distance_to_border
from .locate import locate
from .places import nearest_places, place_phrase

__all__ = ["analyze", "CaseAnalysis", "distance_to_border", "border_bands", "classify_bands", "band_label",
           "nearest_places", "place_phrase", "locate"]
