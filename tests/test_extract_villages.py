"""Villages the bundled gazetteer lacks: the draft names them and locates them only as far as the text allows.

The articles are the invented ones in ``tests/data/articles/`` whose expected
answers carry ``village:``: a village named as the incident's place that no
bundled list holds. The draft must name it (in the location's description,
which the YAML draft and the caveats show), keep the region (or the
district's town) the text places it in, and never put it at a town the
article only mentions.
"""

from __future__ import annotations

import pytest
from extract_scoring import extracted, fold, load_expected

EXPECTED = load_expected()
VILLAGES = sorted(name for name, entry in EXPECTED.items() if entry.get("village"))


def extract(name: str, entry: dict):
    """The extraction of an article, the one test_extract_scoring scores: made once a test process for both files
    (tests/conftest.py hands them out together)."""
    return extracted(name, entry.get("published"))


def test_there_are_villages_to_check():
    assert len(VILLAGES) >= 3


@pytest.mark.parametrize("name", VILLAGES)
def test_the_draft_names_the_village_and_says_how_far_it_is_located(name):
    entry = EXPECTED[name]
    found = extract(name, entry)
    loc = found.location
    assert loc is not None
    assert fold(entry["village"]) in fold(loc.description), loc.description
    assert "not in the bundled gazetteer" in loc.description or "villages called" in loc.description
    assert loc.uncertain and fold(entry["village"]) in fold(loc.reason)
    assert loc.evidence and entry["village"].split()[0] in loc.evidence
    if "region" in entry:
        assert loc.precision == 3 and fold(entry["region"]) in fold(loc.region or loc.place.text)


def test_a_village_with_its_district_is_located_near_the_district_town():
    """ "the village of Hlushkivka in the Kupiansk district": around Kupyansk, as wide as a district, the village named."""
    found = extract("hlushkivka-kupiansk-district", EXPECTED["hlushkivka-kupiansk-district"])
    assert found.location.place.name == "Kupyansk" and found.location.precision == 2
    assert "village Hlushkivka" in found.location.description
    assert "in the Kupiansk district, around Kupyansk" in found.location.description
    # no district outlines are bundled: the circle covers a district (60 km), not just the town and its outskirts
    assert found.location.uncertainty_m == 60_000.0
    assert "Kupiansk district, whose outline is not in the bundled data" in found.location.reason


def test_a_village_of_another_attack_does_not_stand_in():
    """ "the other border village of X" / "In the second attack ... the village of X": not the incident's."""
    from geo.input.extract import extract_incident

    text = ("# Invented.\nRussian shelling kills man in Kharkiv region town\n\n"
            "Russian troops shelled the town of Vovchansk in the Kharkiv region on Monday, killing a 60-year-old "
            "man, the regional governor said.\n\n"
            "In the second attack, a drone struck a house in the village of Zelenyi Hai, the governor said.\n")
    loc = extract_incident(text, source="invented").location
    assert loc.place.name == "Vovchansk" and "Zelenyi" not in loc.description


def test_a_distance_after_a_respelt_town_says_where_that_town_is():
    """ "in the town of Muqdadiya, 90 km (55 miles) northeast of Baghdad": Muqdadiya is found only as a respelling
    (Al Miqdadiyah) after the first pass, yet the distance is still where Muqdadiya lies, not the incident's offset
    from Baghdad."""
    from geo.input.extract._places import find_matches
    from geo.input.extract._text import read_article

    article = read_article("# Invented.\nPolice said the bomber targeted a crowded market in the town of Muqdadiya, "
                           "90 km (55 miles) northeast of Baghdad, killing 12 people.\n")
    matches, unresolved = find_matches(article)
    baghdad = next(m for m in matches if m.text == "Baghdad")
    assert baghdad.context != "offset" and baghdad.offset is None
    assert any(m.text == "Muqdadiya" for m in unresolved)


def test_a_place_after_a_prior_attack_is_background():
    """ "It was the second attack in less than a week after ... in the northwestern city of Mardan"."""
    from geo.input.extract._places import find_matches
    from geo.input.extract._text import read_article

    article = read_article("# Invented.\nIt was the second attack in less than a week after Taliban rebels killed "
                           "four people in a car bomb in the northwestern city of Mardan.\n")
    mardan = next(m for m in find_matches(article)[0] if m.text == "Mardan")
    assert mardan.background


def test_a_village_in_a_listed_district_is_located_to_that_districts_villages():
    """ "Dufuna Gari village located in Hawul district of Borno state": the bundled Nigerian village list gives
    Hawul's villages; the circle holds them (tens of km), not all of Borno State (hundreds)."""
    from geo.geodesy import geodesic_inverse
    from geo.input.extract._gazetteer import places

    found = extract("hawul-district-listed-villages", EXPECTED["hawul-district-listed-villages"])
    loc = found.location
    assert "Hawul district" in loc.description and loc.precision == 3
    frame = places()
    rows = [i for i, (c, a) in enumerate(zip(frame["country"], frame["admin2"], strict=True))
            if c == "NGA" and a == "Hawul"]
    lon = [float(frame["lon"][i]) for i in rows]
    lat = [float(frame["lat"][i]) for i in rows]
    metres = geodesic_inverse([loc.lon] * len(rows), [loc.lat] * len(rows), lon, lat)[0]
    assert max(metres) <= loc.uncertainty_m < 100_000.0


def test_a_village_in_a_community_is_not_a_namesake_far_from_the_communitys_seat():
    """ "the village of Popivka in the Myropillia community": the Popivka 150 km away is another village."""
    found = extract("community-village-namesake-popivka", EXPECTED["community-village-namesake-popivka"])
    assert found.location.precision == 3 and "village Popivka" in found.location.description


def test_a_community_found_only_by_another_spelling_does_not_move_its_village():
    """ "Bilozerska" is read as a respelling of towns in Russia: no seat to measure "the village of Kizomys" from."""
    from geo.input.extract import extract_incident

    text = ("Russian troops shelled the village of Kizomys of the Bilozerska community in the Kherson region, "
            "killing a man and a woman, the head of the regional military administration said.")
    found = extract_incident(text, published="2024-05-13")
    assert found.location.place.name == "Kizomys" and found.location.precision == 2
