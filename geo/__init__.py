"""geo: incident impact mapping.

Read and validate incidents, model them with their context, analyse
proximity on the WGS84 ellipsoid, and render offline maps and reports.
This module only re-exports the public names of the submodules, lazily
(PEP 562): ``import geo`` loads none of geopandas, folium, matplotlib,
scipy or dask, and each name imports its own submodule when first used.
"""

from __future__ import annotations

from ._lazy import lazy_exports
from ._version import __version__
from .settings import settings  # eager: the object, not the module, is ``geo.settings``

_EXPORTS = {
    **dict.fromkeys(["CaseAnalysis", "analyze", "band_label", "border_bands", "classify_bands", "distance_to_border",
                     "locate", "nearest_places", "place_phrase"], "analysis"),
    **dict.fromkeys(["dask_client", "read_dataset", "write_dataset"], "analysis.distributed"),
    **dict.fromkeys(["CRSMismatchError", "GeoError", "GeoWarning", "InputError", "MissingCRSError",
                     "MissingDependencyError", "NoSharedBorderError", "PlaceNotFoundError", "RepairWarning",
                     "ScenarioError", "SchemaError", "UnknownCountryError"], "errors"),
    **dict.fromkeys(["compass_point", "destination", "geodesic_area", "geodesic_areas", "geodesic_circle", "geodesic_distance",
                     "geodesic_inverse", "geodesic_length", "geodesic_ring"], "geodesy"),
    **dict.fromkeys(["Claim", "ClaimSet", "MapOptions", "Scenario", "load_scenario", "range_claims", "read_table",
                     "register_regions", "single_claim", "validate_damage", "validate_incidents", "with_claims",
                     "write_table"], "input"),
    **dict.fromkeys(["Extraction", "draft_scenario", "extract_incident", "extract_page", "merge_drafts",
                     "scenario_yaml"], "input.extract"),
    **dict.fromkeys(["Place", "border", "border_regions", "countries", "country", "geocode", "land_borders", "locate_regions",
                     "lookup_regions", "natural_earth_version", "parse_border", "places", "region_names", "regions",
                     "unregister_regions"], "reference"),
    **dict.fromkeys(["embed_snippet", "html_to_pdf", "report_html", "report_markdown", "write_report"],
                    "render.report"),
    **dict.fromkeys(["static_map", "static_map_png", "write_static_map"], "render.staticmap"),
    "ImpactMap": "render.webmap",
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "__version__",
    "settings",
    # errors
    "GeoError", "InputError", "SchemaError", "MissingCRSError", "CRSMismatchError", "ScenarioError",
    "UnknownCountryError", "NoSharedBorderError", "PlaceNotFoundError", "MissingDependencyError",
    "GeoWarning", "RepairWarning",
    # reference data
    "countries", "country", "border", "parse_border", "land_borders", "places", "geocode", "Place", "natural_earth_version",
    # first-level regions
    "regions", "register_regions", "unregister_regions", "border_regions", "locate_regions", "lookup_regions",
    "region_names",
    # input and model
    "read_dataset", "write_dataset", "dask_client",  # dask, beyond one machine (optional extra)
    "read_table", "write_table", "validate_incidents", "validate_damage", "load_scenario", "Scenario", "MapOptions",
    # geodesy
    "geodesic_distance", "geodesic_inverse", "destination", "geodesic_circle", "geodesic_ring", "geodesic_area",
    "geodesic_areas", "geodesic_length", "compass_point",
    # analysis
    "analyze", "CaseAnalysis",
    # proximity
    "distance_to_border", "border_bands", "classify_bands", "band_label", "nearest_places", "place_phrase",
    "locate",
    # interactive maps
    "ImpactMap",
    # reports and static maps
    "report_html", "report_markdown", "write_report", "html_to_pdf", "embed_snippet",
    "static_map", "static_map_png", "write_static_map",
    # from article to map
    "extract_incident", "extract_page", "draft_scenario", "merge_drafts", "scenario_yaml", "Extraction",
    # claims that disagree
    "Claim", "ClaimSet", "single_claim", "range_claims", "with_claims",
]
