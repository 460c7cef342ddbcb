"""geo extract: from a news article to a draft scenario, offline, with evidence.

Reference points for "is the point in the right town" are city-centre
coordinates from the cities' Wikipedia infoboxes (rounded to about 100 m),
independent of the GeoNames gazetteer the extractor uses. A located
incident passes when that centre lies inside its uncertainty circle.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import shapely
import yaml
from click.testing import CliRunner

import geo
from geo.cli.main import cli
from geo.errors import InputError, PlaceNotFoundError
from geo.geodesy import geodesic_inverse
from geo.input.extract import draft_scenario, extract_incident, scenario_yaml, town_radius_m

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "articles"
SEED = ROOT / "seeds" / "belgorod-2023-04-21-article.txt"

# (lon, lat) of city centres, from Wikipedia infoboxes.
CENTRES = {
    "Belgorod": (36.5833, 50.6000), "Kharkiv": (36.2292, 49.9925), "Tripoli": (35.8497, 34.4367),
    "Hyderabad": (68.3667, 25.3792), "Zaporizhzhya": (35.1394, 47.8378), "Diyarbakır": (40.2181, 37.9100),
    "Mogadishu": (45.3419, 2.0392), "Goma": (29.2336, -1.6792), "Donetsk": (37.8028, 48.0089),
}


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(geodesic_inverse(a[0], a[1], b[0], b[1])[0])


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _evidence(node, inside: bool = False):
    """Every string found under an ``evidence`` key, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _evidence(value, inside or key == "evidence")
    elif isinstance(node, list):
        for item in node:
            yield from _evidence(item, inside)
    elif inside and isinstance(node, str):
        yield node


@pytest.fixture(scope="module")
def seed():
    return extract_incident(SEED.read_text(encoding="utf-8"), published="2023-04-21", source=str(SEED))


def _extract(name: str, published: str | None = None):
    path = ARTICLES / f"{name}.txt"
    return extract_incident(path.read_text(encoding="utf-8"), published=published, source=str(path))


# -- the seed article: the "done when" ---------------------------------------------------------------

def test_seed_is_belgorod_at_city_level_within_10_km_of_the_centre(seed):
    loc = seed.location
    assert (loc.place.name, loc.place.country, loc.place.kind, loc.precision) == ("Belgorod", "RUS", "town", 2)
    assert _distance((loc.lon, loc.lat), CENTRES["Belgorod"]) < 10_000
    # Belgorod's 345,289 people at 2,000 per km² -> a disc of 7.41 km, rounded up to 7.5 km.
    assert loc.uncertainty_m == 7_500
    assert "city of Belgorod" in loc.evidence


def test_seed_date_is_thursday_20_april_2023_evening(seed):
    assert seed.date.date == dt.date(2023, 4, 20)
    assert (seed.date.time_precision, seed.date.time_of_day) == ("day", "evening")
    assert "Thursday evening" in seed.date.evidence
    assert not seed.date.uncertain


def test_seed_casualties_are_ranges_attributed_to_the_defense_ministry(seed):
    killed, hurt = seed.fatalities, seed.injuries
    assert (killed.low, killed.high) == (12, None)
    assert killed.claimant == "Russian Defense Ministry"
    assert "at least 12" in killed.text
    assert (hurt.low, hurt.high) == (24, 99) and "dozens" in hurt.text
    assert hurt.claimant == "Russian Defense Ministry"
    assert not killed.uncertain and not hurt.uncertain


def test_seed_names_su34_and_the_bomb_and_the_damage(seed):
    assert [w.name for w in seed.weapons] == ["Su-34", "bomb"]  # written "SU-34" in the article
    damage = {d.kind: d for d in seed.damage}
    assert set(damage) == {"buildings", "vehicles", "windows", "power supply"}
    assert damage["windows"].severity == "light"
    assert damage["power supply"].description == "power knocked out"
    assert seed.event_type[0] == "accidental air strike"


def test_seed_tells_the_incident_place_from_places_only_mentioned(seed):
    incident = {m.text for m in seed.mentions if m.role == "incident"}
    mentioned = {m.text for m in seed.mentions if m.role == "mentioned"}
    assert "Belgorod" in incident
    assert "eastern Ukraine" in mentioned
    assert [name for name, _ in seed.unresolved] == ["Crimea"]
    names = {m.text for m in seed.mentions}
    # NATO, "Vladimir" (Putin) and "Novaya" (Gazeta) are also GeoNames town names; none is a place here.
    assert not names & {"NATO", "Vladimir", "Novaya", "Dmitry", "Pavel"}
    assert seed.countries[:2] == ["RUS", "UKR"]


def test_seed_every_value_carries_a_sentence_of_the_article_as_evidence(seed):
    article = _flat(SEED.read_text(encoding="utf-8"))
    draft = draft_scenario(seed)
    flat = list(_evidence(draft))
    assert len(flat) >= 12
    for sentence in flat:
        assert _flat(sentence) in article, sentence
    incident = draft["incidents"][0]
    assert {"location", "date", "weapons", "event_type"} <= set(incident["evidence"])
    assert incident["fatalities"]["evidence"].startswith("A Russian fighter jet")


def test_seed_draft_is_a_valid_scenario_with_the_border_and_nearest_towns(seed, tmp_path):
    shutil.copy(SEED, tmp_path / SEED.name)
    draft = draft_scenario(seed, article=SEED.name, source=str(SEED))
    (tmp_path / "case.yaml").write_text(scenario_yaml(draft, source=str(SEED)), encoding="utf-8")
    case = geo.load_scenario(tmp_path / "case.yaml")
    assert case.borders == [("RUS", "UKR")]
    row = case.incidents.iloc[0]
    assert row["id"] == "belgorod-2023-04-20"
    assert row["date"] == dt.datetime(2023, 4, 20)
    assert (row["location_precision"], row["uncertainty_m"]) == (2, 7_500)
    assert (row["fatalities_low"], row["injuries_low"], row["injuries_high"]) == (12, 24, 99)
    assert "Russian Defense Ministry" in row["fatalities_source"]
    assert "Su-34" in row["weapons"]
    assert case.places[0] == "Belgorod" and {"Shebekino", "Kharkiv"} <= set(case.places)
    assert "Shebekino (RUS) 32 km SE" in row["notes"]
    assert list(case.sources["id"]) == ["article", "russian-defense-ministry"]
    assert case.article == (tmp_path / SEED.name).resolve()
    assert set(case.damage["kind"]) == {"buildings", "vehicles", "windows", "power supply"}


def test_seed_publication_date_from_its_date_line(seed):
    found = extract_incident(SEED.read_text(encoding="utf-8"))
    assert (found.published, found.published_from) == (dt.date(2023, 4, 21), "date line")
    assert found.date.date == dt.date(2023, 4, 20)


def test_without_any_publication_date_the_weekday_stays_unresolved_and_is_flagged():
    text = "\n".join(line for line in SEED.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    found = extract_incident(text)
    assert found.published is None
    assert found.date.date is None and found.date.uncertain
    assert "--published" in found.uncertain()["date"]
    assert "date" not in draft_scenario(found)["incidents"][0]  # no made-up date either


# -- further articles -------------------------------------------------------------------------------------

CASES = [
    # article, --published, town, country, precision, date, fatalities, injuries, claimant, weapons, borders
    ("kharkiv-missile-dateline", None, "Kharkiv", "UKR", 2, "2024-03-02", (5, None), (14, 14), "Regional governor",
     {"missile"}, {"RUS-UKR"}),
    ("tripoli-lebanon", "2023-06-07", "Tripoli", "LBN", 2, "2023-06-06", (2, 2), (8, 8),
     "Lebanon's state news agency", set(), {"LBN-SYR"}),
    ("hyderabad-pakistan", "2023-09-16", "Hyderabad", "PAK", 2, "2023-09-15", (3, 3), (11, None), "Police",
     {"bomb"}, set()),
    ("zaporizhzhia-cyrillic", "2024-05-12", "Zaporizhzhya", "UKR", 2, "2024-05-11", None, (7, 7),
     "Regional administration", {"drone"}, {"RUS-UKR"}),
    ("diyarbakir-car-bomb", "2022-11-15", "Diyarbakır", "TUR", 2, "2022-11-14", (1, 1), (9, 9), "Governor's office",
     {"car bomb"}, {"SYR-TUR", "IRQ-TUR"}),
    ("mogadishu-common-words", "2024-03-17", "Mogadishu", "SOM", 2, "2024-03-16", (20, None), None, "Police",
     set(), set()),
    ("donetsk-region-only", "2024-02-22", "Donetsk", "UKR", 3, "2024-02-21", (2, 2), (3, 3),
     "Regional administration", {"artillery"}, {"RUS-UKR"}),
    ("kursk-drone-offset", "2024-07-08", "Kursk", "RUS", 2, "2024-07-07", (0, 0), (0, 0), "Regional governor",
     {"drone"}, {"RUS-UKR"}),
    ("goma-outskirts", None, "Goma", "COD", 2, "2024-02-13", (8, None), (24, 99), "Aid workers", {"bomb"},
     {"COD-RWA"}),
]


@pytest.mark.parametrize(("name", "published", "town", "country", "precision", "date", "killed", "hurt", "claimant",
                          "weapons", "borders"), CASES, ids=[c[0] for c in CASES])
def test_article(name, published, town, country, precision, date, killed, hurt, claimant, weapons, borders):
    found = _extract(name, published)
    loc = found.location
    assert (loc.place.name, loc.place.country, loc.precision) == (town, country, precision)
    assert found.date.date == dt.date.fromisoformat(date)
    for claim, expected in ((found.fatalities, killed), (found.injuries, hurt)):
        if expected is None:
            assert claim is None
        else:
            assert (claim.low, claim.high) == expected
            assert claim.claimant == claimant
    assert {w.name for w in found.weapons} == weapons
    assert set(draft_scenario(found)["borders"]) == borders


@pytest.mark.parametrize("name", [c[0] for c in CASES if c[2] in CENTRES])
def test_the_true_town_centre_lies_inside_the_uncertainty_circle(name):
    published = next(c[1] for c in CASES if c[0] == name)
    loc = _extract(name, published).location
    centre = CENTRES[loc.place.name]
    assert _distance((loc.lon, loc.lat), centre) <= loc.uncertainty_m


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_every_draft_loads_as_a_scenario_through_the_cli(name, tmp_path):
    published = next(c[1] for c in CASES if c[0] == name)
    out = tmp_path / "drafts" / f"{name}.yaml"
    args = ["extract", str(ARTICLES / f"{name}.txt"), "-o", str(out)] + (["--published", published] if published
                                                                          else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    case = geo.load_scenario(out)
    assert case.article == (ARTICLES / f"{name}.txt").resolve()
    assert len(case.incidents) == 1
    raw = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert raw["incidents"][0]["evidence"]["location"]


def test_a_name_in_several_countries_follows_the_article_country():
    frame = geo.places()
    tripolis = frame[frame["name"] == "Tripoli"].set_index("country")["population"]
    assert tripolis["LBY"] > tripolis["LBN"]  # population alone would pick Libya
    assert _extract("tripoli-lebanon", "2023-06-07").location.place.country == "LBN"
    libya = extract_incident("Clashes between armed groups in Tripoli killed at least four people on Monday, "
                             "Libya's health ministry said.", published="2023-08-16")
    assert libya.location.place.country == "LBY"
    hyderabads = frame[frame["name"] == "Hyderabad"].set_index("country")["population"]
    assert hyderabads["IND"] > hyderabads["PAK"]
    assert _extract("hyderabad-pakistan", "2023-09-16").location.place.country == "PAK"


def test_non_english_place_names():
    cyrillic = _extract("zaporizhzhia-cyrillic", "2024-05-12")
    assert cyrillic.location.place.text == "Запоріжжя"
    assert _distance((cyrillic.location.lon, cyrillic.location.lat), CENTRES["Zaporizhzhya"]) < 10_000
    assert _extract("diyarbakir-car-bomb", "2022-11-15").location.place.text == "Diyarbakır"
    kharkiv = extract_incident("Обстріл: a Russian missile hit Харків on Monday, killing two people, "
                               "the governor said.", published="2024-05-08")
    assert kharkiv.location.place.name == "Kharkiv"


def test_capitalised_common_words_are_not_places():
    found = _extract("mogadishu-common-words", "2024-03-17")
    names = {m.text for m in found.mentions}
    # Of (Turkey), Mobile (USA), Nice (France) are GeoNames towns of 5,000+ people.
    assert not names & {"Of", "Mobile", "Nice", "Power"}
    assert {m.country for m in found.mentions} == {"SOM"}


def test_conflicting_figures_are_kept_and_marked_uncertain():
    found = _extract("mogadishu-common-words", "2024-03-17")
    assert [(c.low, c.high, c.claimant) for c in found.claims if c.kind == "fatalities"] == [
        (20, None, "Police"), (23, 23, "Hospital official")]
    assert found.fatalities.uncertain and "23" in found.fatalities.reason
    claim = draft_scenario(found)["incidents"][0]["fatalities"]
    assert claim["uncertain"] is True and claim["low"] == 20 and "high" not in claim


def test_near_a_town_widens_the_circle_and_is_flagged():
    found = _extract("goma-outskirts")
    loc = found.location
    assert loc.uncertainty_m == town_radius_m(loc.place.population) + 25_000
    assert loc.uncertain and "near Goma" in loc.reason
    assert found.published_from == "date line"
    assert "location" in draft_scenario(found)["incidents"][0]["uncertain"]


def test_a_district_of_a_city_is_in_the_city_not_near_it_nor_a_district_wide_circle():
    # "close to Mogadishu's local government offices, in the Bondhere district": the offices are a building, not
    # a local government area; the district (not in the gazetteer) is one of the city's.
    loc = _extract("mogadishu-district-of-city").location
    assert loc.description == "in the Bondhere district of Mogadishu"
    assert loc.uncertainty_m == town_radius_m(loc.place.population)
    assert loc.uncertain and "Bondhere" in loc.reason


def test_a_village_below_the_gazetteer_is_reported_and_located_by_the_town_it_is_near(monkeypatch):
    # Kozacha Lopan (1,200 people) is in the bundled gazetteer of 500+; above 5,000 it is not.
    monkeypatch.setattr(geo.settings, "places_min_population", 5000)
    found = extract_incident("Russian shelling hit the village of Kozacha Lopan near Kharkiv on Monday, killing "
                             "two people, the regional governor said.", published="2024-05-08")
    assert [name for name, _ in found.unresolved] == ["Kozacha Lopan"]
    loc = found.location
    assert (loc.place.name, loc.precision) == ("Kharkiv", 2)
    assert loc.uncertain and "Kozacha Lopan" in loc.reason
    # Kozacha Lopan, 50°20'N 36°12'E (Wikipedia), is 38 km from Kharkiv's centre: inside the "near" circle.
    assert _distance((loc.lon, loc.lat), (36.2, 50.3333)) <= loc.uncertainty_m
    assert any("Kozacha Lopan" in c for c in draft_scenario(found)["caveats"])


def test_a_village_near_the_city_of_a_town_is_near_it_and_named():
    # "Khirbet Umm Sahl village, which lies in farmland near the city of Homs": not in Homs, and not in the gazetteer
    loc = _extract("village-near-the-city-of", "2025-04-13").location
    assert (loc.place.name, loc.precision) == ("Homs", 2)
    assert loc.description.startswith("near Homs") and loc.uncertainty_m >= 25_000
    assert loc.uncertain and "Khirbet Umm Sahl" in loc.reason


def test_a_village_in_the_gazetteer_is_located_at_the_village():
    found = extract_incident("Russian shelling hit the village of Kozacha Lopan near Kharkiv on Monday, killing "
                             "two people, the regional governor said.", published="2024-05-08")
    assert found.unresolved == [] or [name for name, _ in found.unresolved] == []
    loc = found.location
    assert loc.place.name == "Kozacha Lopan"
    assert _distance((loc.lon, loc.lat), (36.2, 50.3333)) <= 2_000


def test_distance_and_direction_from_a_town_move_the_point_along_the_geodesic():
    found = _extract("kursk-drone-offset", "2024-07-08")
    loc = found.location
    kursk = geo.geocode("Kursk")
    distance, azimuth = geodesic_inverse(kursk["lon"], kursk["lat"], loc.lon, loc.lat)
    assert float(distance) == pytest.approx(20_000, abs=0.01)
    assert float(azimuth) == pytest.approx(0.0, abs=1e-6)
    assert loc.uncertainty_m == 6_000  # 30 % of the reported distance
    assert found.fatalities.text == "no casualties" and found.injuries.low == 0


def test_region_only_is_precision_3_with_a_region_sized_circle():
    loc = _extract("donetsk-region-only", "2024-02-22").location
    assert loc.precision == 3 and loc.region == "Donetsk region"
    assert geo.country("UKR").contains(shapely.Point(loc.lon, loc.lat))
    # Donetsk Oblast is about 26,500 km²: an equal-area disc has a 92 km radius.
    assert 92_000 <= loc.uncertainty_m <= 200_000
    assert _distance((loc.lon, loc.lat), CENTRES["Donetsk"]) < loc.uncertainty_m
    assert loc.uncertain and "region only" in loc.reason


def test_overnight_dates_are_flagged():
    found = _extract("zaporizhzhia-cyrillic", "2024-05-12")
    assert found.date.time_of_day == "night" and found.date.uncertain


# -- no usable location: a clear message and no made-up point --------------------------------------------

def test_no_location_gives_no_point_and_a_clear_error(tmp_path):
    found = _extract("no-location", "2024-01-10")
    assert found.location is None
    assert (found.fatalities.low, found.fatalities.claimant) == (4, "Defence ministry")  # claims are still read
    with pytest.raises(PlaceNotFoundError, match="no usable location"):
        draft_scenario(found, source="no-location.txt")
    out = tmp_path / "case.yaml"
    result = CliRunner().invoke(cli, ["extract", str(ARTICLES / "no-location.txt"), "-o", str(out),
                                      "--published", "2024-01-10"])
    assert result.exit_code == 2
    assert "no-location.txt" in result.output and "no usable location" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_country_alone_is_not_a_location():
    found = extract_incident("Shelling killed three people in eastern Ukraine on Monday, officials said.",
                             published="2024-05-08")
    assert found.location is None
    assert "only countries (Ukraine)" in found.notes[0]


# -- the command line -----------------------------------------------------------------------------------

def test_cli_writes_the_draft_and_a_clear_summary(tmp_path):
    article = tmp_path / SEED.name
    shutil.copy(SEED, article)
    out = tmp_path / "cases" / "case.yaml"
    result = CliRunner().invoke(cli, ["extract", str(article), "-o", str(out), "--published", "2023-04-21"])
    assert result.exit_code == 0, result.output
    for expected in ("Belgorod", "precision 2", "2023-04-20 (day, evening)", "12+", "24-99",
                     "Russian Defense Ministry", "Su-34", "RUS-UKR"):
        assert expected in result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Draft scenario written by `geo extract` from belgorod-2023-04-21-article.txt.")
    assert "&id" not in text  # no YAML anchors for analysts to trip over
    assert f"article: ../{SEED.name}" in text  # relative to the draft, so the pair can move together
    assert str(tmp_path) not in text


@pytest.mark.parametrize(("content", "args", "message"), [
    (b"", [], "empty"),
    (b"# only a note line\n", [], "empty"),
    (b"\xff\xfe caf\xe9 in Belgorod", [], "not UTF-8"),
    (b"The bomb hit Belgorod on Friday.", ["--published", "21/04/2023"], "not a date"),
])
def test_cli_bad_input_exits_2_without_output(tmp_path, content, args, message):
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    out = tmp_path / "case.yaml"
    result = CliRunner().invoke(cli, ["extract", str(article), "-o", str(out), *args])
    assert result.exit_code == 2
    assert message in result.output and "article.txt" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_cli_missing_article_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2 and "article not found" in result.output


def test_library_rejects_a_bad_published_date():
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        extract_incident("The bomb hit Belgorod.", published="yesterday")


def test_awkward_article_text_survives_the_yaml_round_trip(tmp_path):
    text = ('Missile hits Kharkiv: "a #1 target", officials say\n\n'
            'A missile struck a school in the city of Kharkiv on Monday, killing 3 people: "It\'s a war crime '
            '- key: value # not a comment", the mayor\'s office said.\n')
    found = extract_incident(text, published="2024-05-08")
    path = tmp_path / "case.yaml"
    path.write_text(scenario_yaml(draft_scenario(found)), encoding="utf-8")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert raw["title"] == 'Missile hits Kharkiv: "a #1 target", officials say'
    assert raw["incidents"][0]["fatalities"]["evidence"] == found.fatalities.evidence
    assert geo.load_scenario(path).incidents.iloc[0]["fatalities_low"] == 3


def test_town_radius_known_answers():
    assert town_radius_m(345_289) == 7_500  # Belgorod: sqrt(345,289 / 2,000 / pi) = 7.41 km
    assert town_radius_m(5_000) == 2_000  # floor: a small town still gets 2 km
    assert town_radius_m(20_000_000) == 30_000  # cap: metropolitan populations overstate a city core


# -- geo map on the draft ---------------------------------------------------------------------------------

@pytest.mark.browser
def test_geo_map_renders_the_belgorod_draft_offline(tmp_path):
    from browser import offline_browser

    draft, page_path = tmp_path / "case.yaml", tmp_path / "case.html"
    # A headline with markup: untrusted article text must reach the page as text, never as HTML.
    article = tmp_path / "article.txt"
    article.write_text('Bomb <img src=x onerror="alert(1)"> falls on Belgorod\n\n'
                       + SEED.read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["extract", str(article), "-o", str(draft), "--published", "2023-04-21"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["map", str(draft), "-o", str(page_path), "--tiles", "none"])
    assert result.exit_code == 0, result.output
    with offline_browser() as browser:
        page = browser.open(page_path, wait="window.geoMap && window.geoMap.ready")
        inside = page.evaluate("window.geoMap.map.getBounds().contains([50.60343, 36.58091])")
        payload = page.evaluate("JSON.stringify(window.geoMap.data)")
        title = page.evaluate("document.body.innerText")
        assert inside
        assert "belgorod-2023-04-20" in payload
        assert "onerror" in title  # shown as text
        assert browser.console_errors == [] and browser.page_errors == []
        assert browser.dialogs == [] and browser.blocked == []


def test_ids_fold_accents_and_as_reported_is_no_source():
    """ "Tëtkino" gives the id tetkino-..., and "As reported, the day before, ..." names no source called "As"."""
    text = (Path(__file__).parent / "data" / "articles" / "day-before-tyotkino.txt").read_text(encoding="utf-8")
    draft = draft_scenario(extract_incident(text, published="2024-06-04"), article="a.txt")
    assert draft["incidents"][0]["id"] == "tetkino-2024-06-04"
    names = [source["name"] for source in draft["sources"]]
    assert not any(name.split()[0] == "As" for name in names), names


def test_weapons_of_another_days_attack_are_left_out():
    """ "As reported, the day before, on June 3, a drone hit a car": the shelling's draft names artillery only."""
    text = (Path(__file__).parent / "data" / "articles" / "day-before-tyotkino.txt").read_text(encoding="utf-8")
    found = extract_incident(text, published="2024-06-04")
    assert [w.name for w in found.weapons] == ["artillery"]
    assert found.event_type[0] == "shelling"


def test_a_headline_labelled_updated_is_the_headline_not_a_date_line():
    # "UPDATED: Russian attack on X kills 1, injures 2" is the headline (its figures count when the body is vague);
    # "Updated: 3 March 2024" above the text stays a date line about the article.
    from geo.input.extract._text import read_article

    labelled = read_article("UPDATED: Russian attack on Chuhuiv district kills 1, injures 2\n\nA farmer died.")
    assert labelled.sentences[0].headline and labelled.sentences[0].text.startswith("UPDATED: Russian attack")
    dated = read_article("Updated: 3 March 2024\n\nA farmer died in the attack on the village.")
    assert [s.text for s in dated.sentences] == ["A farmer died in the attack on the village."]
    found = geo.extract_incident("UPDATED: Russian attack on Eskhar kills 1, injures 2\n\nA farmer died after "
                                 "the attack on the village of Eskhar, the governor said.", published="2025-05-10")
    assert (found.fatalities.low, found.injuries.low) == (1, 2)


def test_a_unit_word_before_a_province_is_not_the_provinces_word():
    # Invented wording, modelled on regional reports: the tehsil is in the province's district, not the province a tehsil.
    found = extract_incident("Five people were killed on Monday in an explosion near a police van in Mamund tehsil of "
                             "Khyber Pakhtunkhwa's Bajaur district, hospital officials said.", published="2024-01-09")
    assert found.location is not None and found.location.place.country == "PAK"
    assert "tehsil" not in (found.location.region or found.location.description)
    assert "Khyber Pakhtunkhwa tehsil" not in found.location.description


def test_a_day_of_the_month_before_died_is_no_count():
    # "wounded in the strike on Okhtyrka on May 2 died in hospital": the 2 is a day, not two dead
    from geo.input.extract._figures import casualties
    from geo.input.extract._text import read_article

    sentence = read_article("A woman wounded in the strike on Okhtyrka on May 2 died in hospital.").sentences[0]
    assert [low for kind, low, *_ in casualties(sentence) if kind == "fatalities"] == []
    sentence = read_article("On May 5 3 people died in the strike.").sentences[0]
    assert [low for kind, low, *_ in casualties(sentence) if kind == "fatalities"] == [3]


def test_a_town_the_gazetteer_lacks_is_named_in_the_draft_not_called_no_town():
    # Invented wording, modelled on regional reports: "the X town in <region>" names a town even when geo lacks it.
    found = extract_incident("Four civilians have been killed in Ethiopia's Amhara region after a drone strike hit a "
                             "minibus, according to witnesses. Two other people were injured in the incident that "
                             "happened in the Gashena town in North Wollo, witnesses said.", published="2024-01-10")
    assert found.location is not None and found.location.precision == 3
    assert "Gashena" in found.location.description and "no town named" not in found.location.description


def test_in_the_department_of_is_the_region_not_who_speaks():
    # Invented wording, modelled on a police statement: "killed in the X village, in the department of Huila" names
    # Colombia's department (GeoNames: "Huila Department") as the place, not a "Department of ..." that speaks.
    text = (Path(__file__).parent / "data" / "articles" / "betania-department-of-cauca.txt").read_text(encoding="utf-8")
    found = extract_incident(text)
    assert found.location is not None and found.location.precision == 3 and found.location.place.country == "COL"
    assert "village Betania" in found.location.description
    assert "part of who reported" not in found.location.reason


def test_a_village_the_attackers_struck_is_named_when_the_gazetteer_lacks_it():
    # Invented wording, modelled on a wire report of a UN note: "the attackers struck X, about 25 kilometres
    # northwest of Y" names the village X even where geo holds neither and places the story by its province;
    # "eastern Congo's" is the Democratic Republic of the Congo, not the town Congo in Brazil.
    found = extract_incident("Suspected rebels have killed at least 14 civilians in a village in eastern Congo's Ituri "
                             "province early on Sunday, according to an internal UN report. The report said the "
                             "attackers struck Malembuka, about 20 kilometres north of Bandiboli in Ituri province's "
                             "Irumu territory, at around 03:00 GMT.", published="2024-06-10")
    assert found.location is not None and found.location.precision == 3 and found.location.place.country == "COD"
    assert "Malembuka" in found.location.description + found.location.reason


def test_eastern_congo_is_the_democratic_republic_not_a_town_in_brazil():
    # Invented wording in wire style: "Congo" alone is the Democratic Republic of the Congo.
    found = extract_incident("Suspected rebels killed nine villagers in eastern Congo's Ituri province on Sunday, "
                             "a local official said.", published="2024-06-10")
    assert found.location is not None and found.location.place.country == "COD"
    assert found.location.precision == 3 and "Ituri" in found.location.description


@pytest.mark.parametrize(("name", "key"), [
    ("Jisr al-Shughour", "jsr shghr"), ("Jisr ash Shughūr", "jsr shghr"), ("Ḩalab", "hlb"), ("Hodeidah", "hdd"),
    ("Graivoron", "grvrn"), ("Grayvoron", "grvrn"), ("Белгород", "blgrd"), ("Kharkiv’s", "hrkvs"), ("Hawwara", "hr"),
    ("Bent Jbaïl", "bnt jbl"), ("ŁÓdź", "dz"), ("Straße", "strs")])
def test_consonant_keys_of_plain_and_accented_spellings(name, key):
    """The key transliteration variants are matched by: accents and Cyrillic folded, articles, vowels, a final -h
    after a vowel and doubled letters dropped (plain ASCII names take a shorter way to the same key)."""
    from geo.input.extract._variants import consonant_key

    assert consonant_key(name) == key
