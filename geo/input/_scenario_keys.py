"""The keys a scenario file may use, level by level."""

from __future__ import annotations

from geo.input._claims_yaml import FIGURE_KEYS
from geo.input.model import SOURCE_COLUMNS

__all__ = ["SCENARIO_KEYS", "INCIDENTS_FILE_KEYS", "INCIDENT_KEYS", "CLAIM_KEYS", "DAMAGE_KEYS", "SOURCE_KEYS", "MAP_KEYS"]

SCENARIO_KEYS = {"title", "summary", "published", "article", "sources", "incidents", "incidents_file",
                 "columns", "profile", "on_error", "damage", "damage_file", "borders", "places", "regions", "map",
                 "caveats"}
#: Keys of ``incidents_file:`` when it is a mapping rather than a path.
INCIDENTS_FILE_KEYS = {"path", "layer", "columns", "profile", "on_error"}
INCIDENT_KEYS = {"id", "date", "time_precision", "time_of_day", "event_type", "actors", "location", "place",
                 "country", "lon", "lat", "location_precision", "uncertainty_m", "fatalities", "injuries",
                 "weapons", "sources", "notes", "region", "evidence", "uncertain"}
CLAIM_KEYS = FIGURE_KEYS  # the one-claim form; a `claims:` list has its own keys (geo.input._claims_yaml)
DAMAGE_KEYS = {"id", "incident", "kind", "severity", "description", "source", "circle", "wkt", "geojson",
               "file", "evidence", "claims"}
SOURCE_KEYS = set(SOURCE_COLUMNS) | {"evidence"}
MAP_KEYS = {"tiles", "bands_km", "nearest_towns", "min_population"}
