"""From article to map: draft an incident scenario from a news report, offline.

Rule-based over the bundled gazetteer; no network and no model download.
Every extracted value keeps the sentence it came from, and values the rules
are unsure of are marked so the analyst checks them first.

>>> from geo.input.extract import extract_incident, draft_scenario
>>> found = extract_incident(open("seeds/belgorod-2023-04-21-article.txt").read(), published="2023-04-21")
>>> found.location.place.name, found.location.precision
('Belgorod', 2)
"""

from __future__ import annotations

from geo._lazy import lazy_exports

_EXPORTS = {
    **dict.fromkeys(['draft_scenario', 'scenario_yaml'], '_draft'),
    **dict.fromkeys(['extract_incident', 'extract_page'], '_extract'),
    **dict.fromkeys(['town_radius_m'], '_locate'),
    **dict.fromkeys(['merge_drafts'], '_merge'),
    **dict.fromkeys(['Claim', 'DamageReport', 'DateFinding', 'Extraction', 'IncidentLocation', 'PlaceMention', 'WeaponMention'], '_model'),
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = ["extract_incident", "extract_page", "draft_scenario", "merge_drafts", "scenario_yaml", "town_radius_m", "Extraction", "PlaceMention",
           "IncidentLocation", "DateFinding", "Claim", "WeaponMention", "DamageReport"]
