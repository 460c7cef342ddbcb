"""Figures with several claims: the model, the scenario grammar and what every renderer shows.

A figure with three claims (one superseded) must read the same (range,
dispute, claimants) in the map payload, the HTML and Markdown reports and the
static map's caption; the one-claim form of older scenarios must load and
render as before; a bad claim is refused naming its key path.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner

import geo
from geo.cli.main import cli
from geo.input.claims import Claim, ClaimSet, range_claims, single_claim
from geo.input.scenario import parse_scenario
from geo.render.claims_text import claim_lines, effective_text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "belgorod-2023-04-20.yaml"
ONE_CLAIM = ROOT / "tests" / "data" / "scenarios" / "belgorod-one-claim.yaml"
SEED_ARTICLE = ROOT / "seeds" / "belgorod-2023-04-21-article.txt"
INVENTED = ROOT / "tests" / "data" / "articles" / "belgorod-no-casualties-invented.txt"
FIXED = "2023-04-21T12:00:00Z"

THREE = [
    {"id": "gov-2", "value": 2, "text": "two injured", "claimant": "Governor", "source": "wire", "said": "2023-04-20",
     "superseded_by": "gov-3"},
    {"id": "gov-3", "value": 3, "text": "three injured", "claimant": "Governor", "source": "wire",
     "said": "2023-04-21T08:00+03:00"},
    {"value": [12, None], "text": "at least 12 killed", "claimant": "Ministry", "source": "Daily Paper",
     "url": "https://example.org/paper", "said": "2023-04-21"},
]
EXPECTED = "3 to at least 12 (disputed): 3 per Governor, via Wire service · at least 12 per Ministry, via Daily Paper"


def _data(fatalities, **incident) -> dict:
    return {"title": "Claims test", "tiles": None,
            "sources": [{"id": "wire", "name": "Wire service", "url": "https://example.org/wire"}],
            "incidents": [{"id": "a", "date": "2023-04-20", "lon": 36.58091, "lat": 50.60343, "location_precision": 2,
                           "uncertainty_m": 8000, "location": "Belgorod", "fatalities": fatalities, **incident}],
            "borders": ["RUS-UKR"], "map": {"tiles": "none"}}


def _scenario(fatalities, **incident) -> geo.Scenario:
    data = _data(fatalities, **incident)
    data.pop("tiles")
    return parse_scenario(data, source="claims.yaml", base=ROOT)


# --- the model -------------------------------------------------------------------------------------------------

def test_range_is_across_standing_claims_never_an_average():
    claims = ClaimSet((Claim(low=2, high=2, claimant="G", status="superseded", superseded_by="b"),
                       Claim(id="b", low=3, high=3, claimant="G"),
                       Claim(low=24, high=99, claimant="M"),
                       Claim(low=500, high=500, claimant="R", status="retracted")))
    assert (claims.low, claims.high, claims.disputed) == (3, 99, True)
    assert [c.claimant for c in claims.low_by] == ["G"] and [c.claimant for c in claims.high_by] == ["M"]
    assert claims.range_text == "3–99"
    assert claims.superseded[0][1].low == 3 and [c.claimant for c in claims.retracted] == ["R"]


def test_overlapping_claims_are_not_disputed_unless_marked():
    agree = ClaimSet((Claim(low=3, high=5), Claim(low=4, high=10)))
    assert not agree.disputed and agree.range_text == "3–10"
    marked = ClaimSet((Claim(low=3, high=3, status="disputed"),))
    assert marked.disputed and not marked.disagree


def test_dataset_forms_are_single_claims():
    ucdp = range_claims(5, 3, 9, claimant="UCDP GED")
    assert (ucdp.low, ucdp.high, len(ucdp), ucdp.disputed) == (3, 9, 1, False)
    acled = single_claim(4.0, 4.0, claimant="ACLED")
    assert (acled.low, acled.high) == (4, 4)
    assert single_claim(float("nan")).low is None
    with pytest.raises(ValueError, match="status"):
        Claim(status="rumoured")



@pytest.mark.parametrize(("call", "key", "words"), [
    (lambda: Claim(status="rumoured"), "Claim.status", "status must be one of"),
    (lambda: Claim(low=-1), "Claim.low", "cannot be negative"),
    (lambda: Claim(low=5, high=2), "Claim.low", "greater than high"),
    (lambda: single_claim("many"), "low", "must be a number"),
    (lambda: range_claims(2.5, 1, 3), "best", "whole number"),
    (lambda: single_claim(1, float("inf")), "high", "whole number"),
    (lambda: geo.with_claims(gpd.GeoDataFrame(geometry=[]), "deaths", []), "kind", "'fatalities' or 'injuries'"),
], ids=["status", "negative", "low-over-high", "not-a-number", "fraction", "infinite", "kind"])
def test_claims_from_python_refuse_bad_values_with_input_errors(call, key, words):
    with pytest.raises(geo.InputError) as info:
        call()
    assert info.value.key == key and words in info.value.message and info.value.hint

# --- the scenario grammar --------------------------------------------------------------------------------------

def test_three_claims_load_with_effective_range():
    case = _scenario({"claims": THREE})
    row = case.incidents.iloc[0]
    claims = row["fatalities_claims"]
    assert row["fatalities_low"] == 3 and row["fatalities_high"] is pd.NA  # open-ended: "at least 12"
    assert row["fatalities_text"] == "3 to at least 12 (disputed)"
    assert claims.claims[0].superseded_by == "gov-3" and claims.claims[0].status == "superseded"
    assert claims.claims[1].source == "Wire service" and claims.claims[1].url == "https://example.org/wire"
    assert effective_text(claims) == EXPECTED


def test_old_one_claim_form_is_unchanged():
    case = geo.load_scenario(ONE_CLAIM)
    row = case.incidents.iloc[0]
    assert row["fatalities_low"] == 12 and row["fatalities_text"] == "at least 12 people killed"
    assert row["injuries_low"] == 24 and row["injuries_high"] == 99
    assert row["fatalities_source"] == "Russian Defense Ministry (as relayed by the article)"
    assert "fatalities_claims" not in case.incidents or case.incidents["fatalities_claims"].isna().all()


@pytest.mark.parametrize(("claim", "where", "message"), [
    ({"value": "twelve"}, "incidents[0].fatalities.claims[2].value", "must be a number"),
    ({"value": [5, 2]}, "incidents[0].fatalities.claims[2].value", "greater than"),
    ({"value": [1, 2, 3]}, "incidents[0].fatalities.claims[2].value", "a range is"),
    ({"value": 1, "status": "rumoured"}, "incidents[0].fatalities.claims[2].status", "status must be one of"),
    ({"value": 1, "said": "21/04/2023"}, "incidents[0].fatalities.claims[2].said", "not a date"),
    ({"value": 1, "superseded_by": "nope"}, "incidents[0].fatalities.claims[2].superseded_by", "names no claim"),
    ({"value": 1, "colour": "red"}, "incidents[0].fatalities.claims[2]", "unknown key"),
    ({"value": 1, "low": 1}, "incidents[0].fatalities.claims[2]", "either value or low/high"),
])
def test_claim_errors_name_the_key_path(claim, where, message):
    with pytest.raises(geo.ScenarioError, match=message) as info:
        _scenario({"claims": [THREE[1], THREE[2], claim]})
    assert info.value.location == where


def test_superseded_without_replacement_is_refused_or_inferred():
    with pytest.raises(geo.ScenarioError) as info:
        _scenario({"claims": [{"value": 1, "claimant": "X", "status": "superseded"}, {"value": 2, "claimant": "Y"}]})
    assert info.value.location == "incidents[0].fatalities.claims[0].status"
    case = _scenario({"claims": [{"value": 1, "claimant": "X", "status": "superseded", "said": "2023-04-20"},
                                 {"value": 2, "claimant": "X", "said": "2023-04-21"}]})
    claims = case.incidents.iloc[0]["fatalities_claims"]
    assert claims.replacement(claims.claims[0]).low == 2


# --- the same figure in every rendering ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def three_case() -> geo.CaseAnalysis:
    return geo.analyze(_scenario({"claims": THREE}))


def test_map_payload_shows_range_claimants_and_dispute(three_case):
    from geo.render.webmap._records import incident_fields

    fields, _, _ = incident_fields(three_case.incidents)
    by_label = {label: values[0] for label, values, _ in fields}
    assert by_label["Fatalities"] == EXPECTED
    assert by_label["Fatalities (range)"] == "3 to at least 12 (disputed)"  # the hover text
    panel = json.loads(by_label["Fatality claims"])
    assert [c["figure"] for c in panel] == ["2", "3", "at least 12"]
    assert panel[0]["struck"] and panel[0]["replaced_by"].startswith("3")
    page = geo.ImpactMap.from_analysis(three_case).to_html()
    assert json.dumps(EXPECTED, ensure_ascii=False)[1:-1] in page or EXPECTED in page
    assert '"disputedAny":true' in page.replace(" ", "")


def test_reports_show_the_same_range_and_claimants(three_case):
    page = geo.report_html(three_case, generated_at=FIXED)
    text = geo.report_markdown(three_case, generated_at=FIXED)
    assert html.escape(EXPECTED, quote=False) in page
    assert EXPECTED in text
    for name in ("Governor, via Wire service", "Ministry, via Daily Paper"):
        assert html.escape(name) in page and name in text
    assert "<s>" in page or "<del>" in page  # the superseded claim is struck through
    assert "~~" in text
    assert 'href="https://example.org/paper"' in page


def test_png_caption_shows_the_same_figure(three_case):
    fig = geo.static_map(three_case)
    shown = " ".join(" ".join(t.get_text() for t in fig.texts).split())
    assert f"Killed: {EXPECTED}" in shown
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any(label.startswith("Disputed figure") for label in legend)


def test_claim_lines_keep_only_http_links():
    claims = ClaimSet((Claim(low=1, high=1, url="javascript:alert(1)"), Claim(low=1, high=1, url="HTTPS://x.org")))
    assert [line.url for line in claim_lines(claims)] == [None, "HTTPS://x.org"]


# --- Belgorod, told honestly -----------------------------------------------------------------------------------

def test_belgorod_seed_shows_the_disagreement():
    case = geo.load_scenario(SEED)
    row = case.incidents.iloc[0]
    deaths, hurt = row["fatalities_claims"], row["injuries_claims"]
    assert deaths.disputed and deaths.low == 0 and deaths.open_low == 12
    assert any("Kommersant" in c.claimant for c in deaths.low_by)
    assert hurt.disputed and (hurt.low, hurt.high) == (3, 99)
    assert {c.claimant for c in hurt.low_by} == {"Governor Vyacheslav Gladkov (Telegram)"}
    old, new = hurt.superseded[0]
    assert (old.low, new.low) == (2, 3)
    assert row["fatalities_low"] == 0  # the colour follows the lowest standing claim
    assert case.article is not None and case.article.name == "belgorod-2023-04-21-article.txt"
    assert any(s.startswith("https://") for s in case.sources["url"].dropna())


# --- several articles, one draft -------------------------------------------------------------------------------

def test_extract_merges_two_reports_into_one_disputed_incident(tmp_path):
    out = tmp_path / "case.yaml"
    result = CliRunner().invoke(cli, ["extract", str(SEED_ARTICLE), str(INVENTED), "-o", str(out),
                                      "--published", "2023-04-21"])
    assert result.exit_code == 0, result.output
    case = geo.load_scenario(out)
    assert len(case.incidents) == 1
    claims = case.incidents.iloc[0]["fatalities_claims"]
    assert [(c.low, c.high) for c in claims] == [(12, None), (0, 0)]
    assert [c.source for c in claims] == [s for s in case.sources["name"]]
    assert claims.disputed
    import yaml

    draft = yaml.safe_load(out.read_text())
    assert "fatalities" in draft["incidents"][0]["uncertain"]
    assert all(c.get("evidence") for c in draft["incidents"][0]["fatalities"]["claims"])


def test_damage_and_location_claims_errors_name_their_key():
    data = _data({"claims": THREE})
    data.pop("tiles")
    data["damage"] = [{"id": "cars", "incident": "a", "kind": "vehicles",
                       "claims": [{"value": 4, "claimant": "Governor"}, {"value": -1}]}]
    with pytest.raises(geo.ScenarioError) as info:
        parse_scenario(data, source="claims.yaml", base=ROOT)
    assert info.value.location == "damage[0].claims[1].value"
    data["damage"][0]["claims"][1] = {"value": 6, "claimant": "Ministry"}
    case = parse_scenario(data, source="claims.yaml", base=ROOT)
    cars = case.damage.iloc[0]["claims"]
    assert (cars.low, cars.high, cars.disputed) == (4, 6, True)
    data["incidents"][0]["location"] = {"claims": [{"place": "a crossroads", "lon": 36.58, "lat": 95}]}
    with pytest.raises(geo.ScenarioError) as info:
        parse_scenario(data, source="claims.yaml", base=ROOT)
    assert info.value.location == "incidents[0].location.claims[0]"
    data["incidents"][0]["location"] = {"claims": [{"place": "a crossroads", "value": 3}]}
    with pytest.raises(geo.ScenarioError, match="unknown key 'value'"):
        parse_scenario(data, source="claims.yaml", base=ROOT)


def test_scenario_with_claims_fails_whole_on_bad_input(tmp_path):
    """The CLI exits 2 naming the claim's key, writes nothing, and leaves an existing output as it was."""
    bad = _data({"claims": [THREE[1], THREE[2], {"value": "twelve"}]})
    bad.pop("tiles")
    case = tmp_path / "bad.yaml"
    import yaml

    case.write_text(yaml.safe_dump(bad), encoding="utf-8")
    out = tmp_path / "map.html"
    out.write_text("before", encoding="utf-8")
    result = CliRunner().invoke(cli, ["map", str(case), "-o", str(out)])
    assert result.exit_code == 2
    assert "incidents[0].fatalities.claims[2].value" in result.output
    assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "before"


def test_python_frames_take_claims_like_scenarios():
    """A frame built in Python gets the same effective figure and wording as a scenario listing the claims."""
    import geopandas as gpd
    import shapely

    frame = gpd.GeoDataFrame({"id": ["a", "b"], "fatalities_low": [5, 7]},
                             geometry=[shapely.Point(36.58091, 50.60343), shapely.Point(36.2, 50.3)], crs=4326)
    three = _scenario({"claims": THREE}).incidents.iloc[0]["fatalities_claims"]
    out = geo.with_claims(frame, "fatalities", [three, None])
    assert out["fatalities_low"].tolist() == [3, 7]  # row b keeps its own figure
    assert out["fatalities_text"].iat[0] == "3 to at least 12 (disputed)"
    from geo.render.webmap._records import incident_fields

    fields, _, _ = incident_fields(geo.validate_incidents(out))
    assert {label: values for label, values, _ in fields}["Fatalities"][0] == EXPECTED
    with pytest.raises(ValueError, match="one \\(or None\\) per row"):
        geo.with_claims(frame, "fatalities", [three])
