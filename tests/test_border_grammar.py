"""One border grammar (geo.parse_border), used by the API, scenarios and the CLI alike.

Every form the README documents is accepted everywhere, and every refused
form is refused everywhere with the same clear error.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

import geo
from geo.cli.main import cli

ACCEPTED = ["RUS-UKR", "rus-ukr", " RUS-UKR ", "RUS UKR", "RUS/UKR", "RUS–UKR", "RUS_UKR", "RUS, UKR",
            "RUS,UKR", "RUS - UKR", "rus  ukr", ("RUS", "UKR"), ["rus", "ukr"]]
#: (spec, what the error must say)
REFUSED = [
    ("RUS", "two ISO A3 codes"),
    ("RUS-UKR-BLR", "two ISO A3 codes"),
    ("", "two ISO A3 codes"),
    ("RUS--UKR", "two ISO A3 codes"),
    ("RUS-RUS", "itself"),
    ("RUS-XYZ", "unknown country code 'XYZ'"),
    ("RU-UA", "unknown country code 'RU'"),
    (("RUS",), "two ISO A3 codes"),
    (("RUS", 5), "two ISO A3 codes"),
    (42, "two ISO A3 codes"),
]


@pytest.mark.parametrize("spec", ACCEPTED, ids=repr)
def test_accepted_forms_give_one_pair(spec):
    assert geo.parse_border(spec) == ("RUS", "UKR")


@pytest.mark.parametrize("spec", ["UKR-RUS", "ukr/rus", ("UKR", "RUS")], ids=repr)
def test_order_is_kept_as_written(spec):
    assert geo.parse_border(spec) == ("UKR", "RUS")


@pytest.mark.parametrize("spec", ["nearest", "NEAREST", " Nearest "])
def test_nearest(spec):
    assert geo.parse_border(spec) == "nearest"
    assert geo.parse_border(spec, allow_nearest=True) == "nearest"


def test_nearest_is_refused_where_a_pair_is_needed():
    with pytest.raises(geo.InputError, match="a pair of countries"):
        geo.parse_border("nearest", allow_nearest=False)


@pytest.mark.parametrize(("spec", "says"), REFUSED, ids=repr)
def test_refused_forms_say_why(spec, says):
    with pytest.raises(geo.InputError) as info:
        geo.parse_border(spec)
    assert says in str(info.value)
    assert info.value.hint  # every refusal says how to write it


def test_unknown_code_suggests_the_near_one():
    with pytest.raises(geo.UnknownCountryError, match="did you mean RUS"):
        geo.parse_border("RUX-UKR")


@pytest.mark.parametrize("spec", ["RUS UKR", "RUS/UKR", "ukr-rus", ("RUS", "UKR")], ids=repr)
def test_api_functions_share_the_grammar(spec):
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.58091], [50.60343]), crs="EPSG:4326")
    expected = geo.distance_to_border(pts, "RUS-UKR")["border_distance_m"].iat[0]
    assert expected == pytest.approx(35_389.9, abs=0.1)  # GeographicLib, see test_proximity
    assert geo.distance_to_border(pts, spec)["border_distance_m"].iat[0] == expected
    assert geo.lookup_regions(["Belgorod Oblast"], borders=[spec])["border_with"].tolist() == ["UKR"]


@pytest.mark.parametrize(("spec", "says"), [s for s in REFUSED if isinstance(s[0], str) and s[0]], ids=repr)
def test_api_functions_refuse_alike(spec, says):
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.58], [50.60]), crs="EPSG:4326")
    for call in (lambda: geo.distance_to_border(pts, spec), lambda: geo.lookup_regions(["Belgorod Oblast"],
                                                                                       borders=[spec])):
        with pytest.raises(geo.InputError) as info:
            call()
        assert says in str(info.value)


def _scenario(tmp_path: Path, borders: list) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump({"title": "t", "borders": borders,
                                    "incidents": [{"id": "a", "date": "2023-04-20", "lon": 36.58, "lat": 50.60}]}),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("spec", ["RUS UKR", "RUS/UKR", "rus-ukr", "RUS_UKR", ["RUS", "UKR"]], ids=repr)
def test_scenarios_accept_every_form(tmp_path, spec):
    assert geo.load_scenario(_scenario(tmp_path, [spec])).borders == [("RUS", "UKR")]


@pytest.mark.parametrize(("spec", "says"), [("RUS", "two ISO A3 codes"), ("RUS-XYZ", "unknown country code 'XYZ'"),
                                            ("nearest", "a pair of countries")], ids=repr)
def test_scenarios_refuse_with_the_key(tmp_path, spec, says):
    with pytest.raises(geo.ScenarioError) as info:
        geo.load_scenario(_scenario(tmp_path, [spec]))
    assert info.value.key == "borders[0]"
    assert says in str(info.value) and "borders[0]" in str(info.value)


def _cli_with_border(tmp_path, command: str, csv_text: str, spec: str, out_name: str):
    """Run ``geo -q <command> points.csv --border <spec> -o <out_name>``, assert it succeeded, return the output."""
    source = tmp_path / "points.csv"
    source.write_text(csv_text, encoding="utf-8")
    out = tmp_path / out_name
    result = CliRunner().invoke(cli, ["-q", command, str(source), "--border", spec, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("spec", ["RUS UKR", "RUS/UKR", "ukr-rus"])
def test_cli_map_accepts_every_form(tmp_path, spec):
    out = _cli_with_border(tmp_path, "map", "id,date,lon,lat\na,2023-04-20,36.58,50.60\n", spec, "map.html")
    assert out.exists()


@pytest.mark.parametrize("spec", ["RUS UKR", "RUS/UKR"])
def test_cli_distance_accepts_every_form(tmp_path, spec):
    out = _cli_with_border(tmp_path, "distance", "id,lon,lat\na,36.58091,50.60343\n", spec, "out.csv")
    written = pd.read_csv(out)
    assert written["border_distance_m"].iat[0] == pytest.approx(35_389.9, abs=0.1)  # Belgorod, 35.4 km from RUS-UKR


@pytest.mark.parametrize(("args", "says"), [
    (["map", "--border", "RUS"], "two ISO A3 codes"),
    (["map", "--border", "RUS-XYZ"], "unknown country code 'XYZ'"),
    (["distance", "--border", "RUS-UKR-BLR"], "two ISO A3 codes"),
])
def test_cli_refuses_with_exit_2_and_no_output(tmp_path, args, says):
    source = tmp_path / "points.csv"
    source.write_text("id,date,lon,lat\na,2023-04-20,36.58,50.60\n", encoding="utf-8")
    out = tmp_path / ("map.html" if args[0] == "map" else "out.csv")
    result = CliRunner().invoke(cli, [args[0], str(source), *args[1:], "-o", str(out)])
    assert result.exit_code == 2
    assert says in result.output and "--border" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
