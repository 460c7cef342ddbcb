"""First-level regions (oblasts, states, provinces) and the ones along a border.

Split by concern: which regions geo knows (``_registry``), the regions along a
border with their share of it (``_along_border``), which region a point lies in
(``_locate``) and region names as people write them (``_names``). Every frame
is EPSG:4326, (lon, lat); lengths and distances are metres on the WGS84
ellipsoid. Reading a user's own region file is input's job
(:func:`geo.register_regions`).
"""

from __future__ import annotations

from geo._lazy import lazy_exports

_EXPORTS = {
    **dict.fromkeys(['SNAP_TOLERANCE_M', 'border_regions', 'regions_at_border'], '_along_border'),
    **dict.fromkeys(['locate_in_countries', 'locate_regions'], '_locate'),
    **dict.fromkeys(['lookup_regions'], '_names'),
    **dict.fromkeys(['region_names', 'regions', 'register_region_frame', 'unregister_regions'], '_registry'),
    'region_table': '_table',
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = ["locate_in_countries", "regions_at_border", "regions", "region_names", "region_table", "register_region_frame", "unregister_regions", "border_regions",
           "locate_regions", "lookup_regions", "SNAP_TOLERANCE_M"]
