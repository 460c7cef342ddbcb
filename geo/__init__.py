"""geo: incident impact mapping.

Read and validate incidents, model them with their context, analyse
proximity on the WGS84 ellipsoid, and render offline maps and reports.
This module only re-exports the public names of the submodules.
"""

from __future__ import annotations

from ._version import __version__
from .analysis import (
    CaseAnalysis,
    analyze,
    band_label,
    border_bands,
    classify_bands,
    distance_to_border,
    locate,
    nearest_places,
    place_phrase,
)
from .analysis.distributed import dask_client, read_dataset, write_dataset
from .errors import (
    CRSMismatchError,
    GeoError,
    GeoWarning,
    InputError,
    MissingCRSError,
    MissingDependencyError,
    NoSharedBorderError,
    PlaceNotFoundError,
    RepairWarning,
    ScenarioError,
    SchemaError,
    UnknownCountryError,
)
from .geodesy import (
    compass_point,
    destination,
    geodesic_area,
    geodesic_circle,
    geodesic_distance,
    geodesic_inverse,
    geodesic_length,
    geodesic_ring,
)
from .input import (
    Claim,
    ClaimSet,
    MapOptions,
    Scenario,
    load_scenario,
    range_claims,
    read_table,
    register_regions,
    single_claim,
    validate_damage,
    validate_incidents,
    with_claims,
    write_table,
)
from .input.extract import Extraction, draft_scenario, extract_incident, extract_page, merge_drafts, scenario_yaml
from .reference import (
    border,
    border_regions,
    countries,
    country,
    geocode,
    land_borders,
    locate_regions,
    lookup_regions,
    natural_earth_version,
    parse_border,
    places,
    region_names,
    regions,
    unregister_regions,
)
from .render.report import embed_snippet, html_to_pdf, report_html, report_markdown, write_report
from .render.staticmap import static_map, static_map_png, write_static_map
from .render.webmap import ImpactMap
from .settings import settings

__all__ = [
    "__version__",
    "settings",
    # errors
    "GeoError", "InputError", "SchemaError", "MissingCRSError", "CRSMismatchError", "ScenarioError",
    "UnknownCountryError", "NoSharedBorderError", "PlaceNotFoundError", "MissingDependencyError",
    "GeoWarning", "RepairWarning",
    # reference data
    "countries", "country", "border", "parse_border", "land_borders", "places", "geocode", "natural_earth_version",
    # first-level regions
    "regions", "register_regions", "unregister_regions", "border_regions", "locate_regions", "lookup_regions",
    "region_names",
    # input and model
    "read_dataset", "write_dataset", "dask_client",  # dask, beyond one machine (optional extra)
    "read_table", "write_table", "validate_incidents", "validate_damage", "load_scenario", "Scenario", "MapOptions",
    # geodesy
    "geodesic_distance", "geodesic_inverse", "destination", "geodesic_circle", "geodesic_ring", "geodesic_area",
    "geodesic_length", "compass_point",
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
