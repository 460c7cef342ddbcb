"""Input: reading files, the incident schema and its checks, scenarios, and drafts from articles.

Everything that enters geo passes through here and leaves validated, in
EPSG:4326, with errors that name the file, the row or key, and the fix.
"""

from __future__ import annotations

from geo._lazy import lazy_exports

_EXPORTS = {
    **dict.fromkeys(['Claim', 'ClaimSet', 'range_claims', 'single_claim', 'with_claims'], 'claims'),
    **dict.fromkeys(['read_table', 'write_table'], 'io'),
    **dict.fromkeys(['MapOptions', 'Scenario'], 'model'),
    **dict.fromkeys(['register_regions'], 'regions_file'),
    **dict.fromkeys(['load_scenario', 'parse_scenario'], 'scenario'),
    **dict.fromkeys(['validate_damage', 'validate_incidents'], 'schema'),
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = ["Claim", "ClaimSet", "range_claims", "single_claim", "with_claims", "read_table", "write_table", "MapOptions", "Scenario", "register_regions", "load_scenario",
           "parse_scenario", "validate_damage", "validate_incidents"]
