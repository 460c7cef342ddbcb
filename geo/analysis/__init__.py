"""Analysis: distances to borders, bands, nearest places, locating points, and a whole case.

Everything here is measured on the WGS84 ellipsoid. This layer reads
reference data and validated input; it never imports a renderer (folium,
matplotlib) and draws nothing.
"""

from __future__ import annotations

from geo._lazy import lazy_exports

_EXPORTS = {
    **dict.fromkeys(['band_label', 'border_bands', 'classify_bands'], 'bands'),
    **dict.fromkeys(['CaseAnalysis', 'analyze'], 'case'),
    **dict.fromkeys(['distance_to_border'], 'distance'),
    **dict.fromkeys(['locate'], 'locate'),
    **dict.fromkeys(['nearest_places', 'place_phrase'], 'places'),
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = ["analyze", "CaseAnalysis", "distance_to_border", "border_bands", "classify_bands", "band_label",
           "nearest_places", "place_phrase", "locate"]
