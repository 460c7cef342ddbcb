"""Reference data bundled with geo: countries, land borders, populated places and first-level regions.

The lowest layer above the foundation: it reads only files shipped in the
package and imports nothing from input, analysis or rendering.
"""

from __future__ import annotations

from geo._lazy import lazy_exports

_EXPORTS = {
    **dict.fromkeys(['border', 'check_code', 'countries', 'country', 'land_borders', 'natural_earth_version', 'parse_border'], 'countries'),
    **dict.fromkeys(['candidates_for', 'geocode', 'normalize_name', 'place_arrays', 'places'], 'gazetteer'),
    'Place': '_place',
    **dict.fromkeys(['SNAP_TOLERANCE_M', 'border_regions', 'locate_regions', 'lookup_regions', 'region_names', 'regions', 'register_region_frame', 'unregister_regions'], 'regions'),
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "countries", "country", "border", "parse_border", "land_borders", "natural_earth_version", "check_code",
    "places", "place_arrays", "geocode", "Place", "normalize_name", "candidates_for",
    "regions", "region_names", "register_region_frame", "unregister_regions", "border_regions", "locate_regions",
    "lookup_regions", "SNAP_TOLERANCE_M",
]
