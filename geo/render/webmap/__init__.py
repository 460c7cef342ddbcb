"""Interactive maps: offline, safe, reproducible, and fast with many incidents.

:class:`ImpactMap` is the public entry point; the private modules hold one
concern each: ``_assets`` (inlined Leaflet and geo's runtime), ``_payload``
(safe JSON embedding), ``_basemap`` (vector basemap), ``_layers`` and
``_records`` (frames to layer data), ``_tiles``, ``_geojson``,
``_document`` (the HTML skeleton).
"""

from __future__ import annotations

from .impact_map import ImpactMap

__all__ = ["ImpactMap"]
