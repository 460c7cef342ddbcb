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

from ._draft import draft_scenario, scenario_yaml
from ._extract import extract_incident, extract_page
from ._locate import town_radius_m
from ._merge import merge_drafts
from ._model import Claim, DamageReport, DateFinding, Extraction, IncidentLocation, PlaceMention, WeaponMention

__all__ = ["extract_incident", "extract_page", "draft_scenario", "merge_drafts", "scenario_yaml", "town_radius_m", "Extraction", "PlaceMention",
           "IncidentLocation", "DateFinding", "Claim", "WeaponMention", "DamageReport"]
