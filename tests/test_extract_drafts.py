"""What a draft from ``geo extract`` says in its own words: the title and the incident id.

A region-level location rests on the region's largest town in the gazetteer (its point stands in for the
region's name); the draft must not name that town, which the article never gave.
"""

from __future__ import annotations

import pytest
from extract_scoring import extracted, fold, load_expected

from geo.input.extract import draft_scenario

EXPECTED = load_expected()
REGION_ONLY = sorted(name for name, entry in EXPECTED.items() if entry.get("precision") == 3 and "region" in entry)


def test_there_are_region_level_articles():
    assert len(REGION_ONLY) >= 10


@pytest.mark.parametrize("name", REGION_ONLY)
def test_a_region_level_draft_names_the_region_not_its_largest_town(name):
    """ "a drone strike ... in West Kordofan State", "the village of X" unlisted: "Drone strike in West Kordofan
    state", id "west-kordofan-state-...", never "An Nuhud" (the town whose gazetteer row stands for the region)."""
    entry = EXPECTED[name]
    found = extracted(name, entry.get("published"))
    draft = draft_scenario(found)
    town = fold(found.location.place.name)
    region = fold(entry["region"])
    incident_id = fold(draft["incidents"][0]["id"].replace("-", " "))
    assert region in incident_id, incident_id
    if town not in region:  # "Idlib" is the region's name and its town's
        assert town not in incident_id, incident_id
        assert town not in fold(draft["title"]), draft["title"]
    if not found.title:  # a title made from the place (a headline is the article's own words)
        assert region in fold(draft["title"]), draft["title"]
