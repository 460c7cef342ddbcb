"""Input: reading files, the incident schema and its checks, scenarios, and drafts from articles.

Everything that enters geo passes through here and leaves validated, in
EPSG:4326, with errors that name the file, the row or key, and the fix.
"""

from __future__ import annotations

from .claims import Claim, ClaimSet, range_claims, single_claim, with_claims
from .io import read_table, write_table
from .model import MapOptions, Scenario
from .regions_file import register_regions
from .scenario import load_scenario, parse_scenario
from .schema import validate_damage, validate_incidents

__all__ = ["Claim", "ClaimSet", "range_claims", "single_claim", "with_claims", "read_table", "write_table", "MapOptions", "Scenario", "register_regions", "load_scenario",
           "parse_scenario", "validate_damage", "validate_incidents"]
