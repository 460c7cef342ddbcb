"""Interactive maps without a browser: data embedding, determinism, assets, tiles, CLI.

What the page does with this data is proven in Chromium by
``test_map_browser.py`` and ``test_map_escaping.py``.
"""

from __future__ import annotations

import base64
import html
import json
import re
import subprocess
import sys
import warnings
from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

import geo
from geo.cli.main import cli
from geo.errors import GeoWarning, InputError, MissingCRSError, SchemaError
from geo.render.style import FATALITY_CLASSES, SYMBOLS, fatality_class, symbol_classes
from geo.render.webmap import ImpactMap, _payload
from geo.render.webmap._basemap import basemap_payload, detail_box
from geo.render.webmap._geojson import encode_geometry
from geo.render.webmap._tiles import resolve_tiles

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "belgorod-2023-04-20.yaml"


def incidents_frame(n: int = 3, **columns) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(7)
    data = {"id": [f"ev-{i}" for i in range(n)], "date": [f"2023-04-{1 + i % 28:02d}" for i in range(n)],
            "event_type": ["air strike", "shelling", "drone strike"] * (n // 3) + ["air strike"] * (n % 3),
            "fatalities_low": rng.integers(0, 30, n)}
    data.update(columns)
    return gpd.GeoDataFrame(data, geometry=gpd.points_from_xy(rng.uniform(36, 37, n), rng.uniform(50, 51, n)),
                            crs="EPSG:4326")


def page_data(page: str) -> dict:
    """The JSON data block of a saved map, parsed the way the page parses it."""
    match = re.search(r'<script type="application/json" id="geo-data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def belgorod_case():
    return geo.analyze(geo.load_scenario(SEED))


# --------------------------------------------------------------------------- safe embedding
CORPUS = ["</script><script>window.__pwned=1</script>", "<img src=x onerror=alert(1)>", "a & b < c > d",
          "line\u2028separator\u2029para", "`${alert(1)}`", "\\`; alert(1); //", "\"quoted\" 'single'"]


@pytest.mark.parametrize("text", CORPUS)
def test_json_block_escapes_markup_and_round_trips(text):
    block = _payload.script_block({"t": text, "k": {text: [text]}}, element_id="geo-data")
    inner = block[len('<script type="application/json" id="geo-data">'):-len("</script>")]
    assert not set(inner) & {"<", ">", "&", "\u2028", "\u2029"}
    assert block.lower().count("</script") == 1  # only the block's own end tag
    assert json.loads(inner) == {"t": text, "k": {text: [text]}}


def test_json_nan_becomes_null_and_element_id_is_checked():
    assert json.loads(_payload.dumps({"x": [1.5, float("nan"), float("inf")]})) == {"x": [1.5, None, None]}
    with pytest.raises(ValueError):
        _payload.script_block({}, element_id='x" onload="alert(1)')


def test_typed_columns_use_the_narrowest_integers():
    assert set(_payload.typed(np.array([0, 5, 127]))) == {"i1", "scale"}
    assert set(_payload.typed(np.array([0, np.nan, 19_000]))) == {"i2", "scale"}  # days since 1970
    assert set(_payload.typed(np.array([-128, 1]))) == {"i2", "scale"}  # -128 marks "missing" in int8
    with pytest.raises(ValueError):
        _payload.typed(np.array([3e9]))


def test_typed_columns_round_trip_with_missing_values():
    spec = _payload.typed(np.array([36.58091, np.nan, -179.999999]), scale=1e6)
    ints = np.frombuffer(base64.b64decode(spec["i4"]), dtype="<i4")
    assert ints.tolist() == [36580910, _payload.MISSING_INT, -179999999]


def test_text_columns_dictionary_encode_when_values_repeat():
    coded = _payload.codes_or_values(pd.Series(["a", "b", None] * 20))
    codes = np.frombuffer(base64.b64decode(coded["c"]["i1"]), dtype="<i1")  # few codes: one byte each
    assert coded["d"] == ["a", "b"] and codes[:3].tolist() == [0, 1, -1]
    assert _payload.codes_or_values(pd.Series(["x", None])) == {"v": ["x", None]}


# --------------------------------------------------------------------------- the page
def test_page_is_self_contained_with_leaflet_inlined(tmp_path):
    page = ImpactMap("t", tiles="none").add_incidents(incidents_frame()).to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "<script src" not in page and "<link" not in page  # nothing fetched
    for host in ("cdn.jsdelivr", "cdnjs", "unpkg", "code.jquery", "bootstrapcdn", "googleapis"):
        assert host not in page
    assert "Leaflet 1.9" in page and "GeoMap.render(map_geo" in page
    assert "url(images/" not in page and "data:image/png;base64," in page  # Leaflet's images inlined
    assert "sourceMappingURL" not in page
    assert "jquery" not in page.lower() and "bootstrap" not in page.lower()


def test_same_inputs_give_byte_identical_pages(belgorod_case):
    first = ImpactMap.from_analysis(belgorod_case).to_html()
    second = ImpactMap.from_analysis(belgorod_case).to_html()
    assert first == second
    assert not re.search(r"[0-9a-f]{32}", first)  # no uuid-style element ids


def test_same_scenario_gives_identical_files_across_processes(tmp_path):
    """This process (CliRunner) and a fresh one (the real command; its own hash seed) write the same bytes."""
    here, there = tmp_path / "a.html", tmp_path / "b.html"
    result = CliRunner().invoke(cli, ["-q", "map", str(SEED), "-o", str(here)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    run = subprocess.run([sys.executable, "-m", "geo", "-q", "map", str(SEED), "-o", str(there)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert here.read_bytes() == there.read_bytes()


def test_belgorod_page_carries_every_layer_and_attribution(belgorod_case):
    data = page_data(ImpactMap.from_analysis(belgorod_case).to_html())
    kinds = {layer["id"]: layer["kind"] for layer in data["layers"]}
    assert kinds == {"regions": "shapes", "bands": "shapes", "uncertainty": "shapes", "borders": "shapes",
                     "border-lines": "links", "places": "places", "nearest": "places", "incidents": "points"}
    assert [layer["id"] for layer in data["layers"]][-1] == "incidents"  # drawn on top
    text = " ".join(data["attribution"])
    assert "Natural Earth" in text and "GeoNames" in text and "Russian Defense Ministry" in text
    assert "Regions: Natural Earth 10m admin-1 (public domain)" in text
    assert data["tiles"] is None  # the scenario asks for map.tiles: none
    assert data["title"] == "Su-34 accidentally drops a bomb on Belgorod"


def test_belgorod_record_states_distance_range_and_claims():
    # The one-claim form of the case (the seed article's claims); several claims: tests/test_claims.py.
    belgorod_case = geo.analyze(geo.load_scenario(ROOT / "tests" / "data" / "scenarios" / "belgorod-one-claim.yaml"))
    layer = next(lay for lay in page_data(ImpactMap.from_analysis(belgorod_case).to_html())["layers"]
                 if lay["id"] == "incidents")
    record = {f["label"]: (f["col"].get("v") or f["col"]["d"])[0] for f in layer["fields"]}
    # 35.4 km from the analysis, widened by the 8 km uncertainty radius: 27.4 to 43.4 km.
    assert record["Distance to border"].startswith("35.4 km to the RUS-UKR border")
    assert "27.4–43.4 km given the location uncertainty" in record["Distance to border"]
    assert record["Fatalities"].startswith("at least 12 people killed (claimed by Russian")
    assert record["Date"] == "20 April 2023 (evening)"
    assert "power knocked out" in record["Damage reported"]  # reported damage without a polygon is not lost
    assert record["Sources"] == "article; mod"
    assert layer["sources"]["mod"]["name"].startswith("Russian Defense Ministry")


def test_fatality_classes_and_symbols():
    classes = fatality_class(pd.Series([None, 0, 1, 4, 5, 19, 20, 99, 100, 5000]))
    labels = [FATALITY_CLASSES[c][0] for c in classes]
    assert labels == ["not reported", "0", "1–4", "1–4", "5–19", "5–19", "20–99", "20–99", "100 or more",
                      "100 or more"]
    types = pd.Series([f"type {k}" for k in range(9) for _ in range(9 - k)] + [""])
    codes, legend = symbol_classes(types)
    assert len(legend) == len(SYMBOLS) and legend[-1]["label"] == "4 other types"  # types 6, 7, 8 and the blank one
    assert legend[0] == {"label": "type 0", "symbol": "circle"}  # most frequent first
    assert codes[-1] == len(SYMBOLS) - 1  # the blank type is among the rarest, drawn as "other"


# --------------------------------------------------------------------------- geometry
def test_geometries_crossing_the_antimeridian_are_split():
    line = encode_geometry(shapely.LineString([(179.5, 10), (-179.5, 11)]))
    assert line["type"] == "MultiLineString"
    starts = [part[0] / 1e6 for part in line["d"]]
    assert sorted(starts) == [-180.0, 179.5]


def test_detail_box_and_basemap_decode_inside_the_world():
    assert detail_box((36.0, 50.0, 37.0, 51.0)) == (34.0, 48.0, 39.0, 53.0)
    assert detail_box((-170.0, -60.0, 170.0, 60.0)) is None
    base = basemap_payload(detail_box((36.0, 50.0, 37.0, 51.0)), (35.5, 49.5, 37.5, 51.5))
    assert base["land"] and base["lines"] and all(group["r"] for group in base["land"])
    for group in base["land"] + base["lines"]:
        for ring in group["r"][:200]:
            xy = np.cumsum(np.asarray(ring).reshape(-1, 2), axis=0) / group["s"]
            assert (np.abs(xy[:, 0]) <= 180).all() and (np.abs(xy[:, 1]) <= 90).all()
    names = {label[0] for label in base["labels"]}
    assert {"Russia", "Ukraine"} <= names


def test_bundled_world_basemap_is_what_the_map_would_compute():
    """The world layer simplified at data-build time is the one a map computes from the bundled files."""
    import importlib

    basemap = importlib.import_module("geo.render.webmap._basemap")
    from geo.reference.countries import simplified_world

    bundled = simplified_world(basemap.WORLD_TOLERANCE_DEG)
    assert bundled is not None, "data/world_basemap.parquet missing or simplified at another tolerance"
    computed = basemap._simplified_world()
    for ours, theirs in zip(bundled, computed, strict=True):
        assert len(ours) == len(theirs)
        assert all(a.equals_exact(b, 0) for a, b in zip(ours, theirs, strict=True))
    assert simplified_world(basemap.WORLD_TOLERANCE_DEG / 2) is None  # another tolerance: computed, not bundled


@pytest.mark.parametrize("bounds", [(36.0, 50.0, 37.0, 51.0), (13.0, 11.5, 14.5, 12.5), (-79.8, 8.8, -79.3, 9.2),
                                    (178.0, -19.0, 179.9, -16.0), (5.9, 45.8, 10.5, 47.8)])
def test_basemap_from_the_countries_near_the_box_is_that_of_every_country(bounds, monkeypatch):
    """Reading only the countries whose box meets the map's gives the payload reading every country gives."""
    import importlib

    basemap = importlib.import_module("geo.render.webmap._basemap")
    reference = importlib.import_module("geo.reference.countries")
    box = detail_box(bounds)
    focus = (bounds[0] - 0.5, bounds[1] - 0.5, bounds[2] + 0.5, bounds[3] + 0.5)
    near = basemap._build_payload(box, focus)
    monkeypatch.setattr(reference, "countries_near", lambda reach: reference.countries())
    assert basemap._build_payload(box, focus) == near


# --------------------------------------------------------------------------- tiles
def test_tiles_resolve_names_urls_and_none():
    assert resolve_tiles("none") is None and resolve_tiles("") is None
    osm = resolve_tiles("openstreetmap.mapnik")
    assert osm["url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png" and "OpenStreetMap" in osm["attribution"]
    custom = resolve_tiles("https://tiles.example.org/{z}/{x}/{y}.png", allow_hosts=["tiles.example.org"])
    assert custom["url"].startswith("https://tiles.example.org/")
    with pytest.raises(InputError, match="--allow-tile-host tiles.example.org"):  # a host nobody allowed
        resolve_tiles("https://tiles.example.org/{z}/{x}/{y}.png")


@pytest.mark.parametrize("spec, words", [
    ("OpenStreetMap.Mapnk", "did you mean OpenStreetMap.Mapnik"),
    ("javascript:alert(1)//{z}{x}{y}", "http(s) template"),
    ("https://example.org/tiles.png", "{z}"),
])
def test_bad_tiles_are_clear_errors(spec, words):
    with pytest.raises(InputError) as info:
        resolve_tiles(spec)
    assert words in str(info.value)


def test_tiles_default_is_read_from_settings_at_render_time(monkeypatch):
    fmap = ImpactMap("t").add_incidents(incidents_frame())
    monkeypatch.setattr(geo.settings, "tiles", "none")
    assert page_data(fmap.to_html())["tiles"] is None
    monkeypatch.setattr(geo.settings, "tiles", "OpenStreetMap.Mapnik")
    assert page_data(fmap.to_html())["tiles"]["url"].startswith("https://tile.openstreetmap.org")


# --------------------------------------------------------------------------- bad input
def test_incidents_need_a_crs_and_points():
    frame = incidents_frame().set_crs(None, allow_override=True)
    with pytest.raises(MissingCRSError):
        ImpactMap().add_incidents(frame)
    lines = incidents_frame()
    lines.loc[1, "geometry"] = shapely.LineString([(36, 50), (37, 51)])
    with pytest.raises(SchemaError, match="row 2"):
        ImpactMap().add_incidents(lines)
    with pytest.raises(SchemaError, match="border_lon"):
        ImpactMap().add_border_lines(incidents_frame())


def test_unlocated_incidents_are_left_out_with_a_warning():
    frame = incidents_frame()
    frame.loc[0, "geometry"] = None
    with pytest.warns(GeoWarning, match="1 row"):
        fmap = ImpactMap(tiles="none").add_incidents(frame)
    assert page_data(fmap.to_html())["layers"][0]["n"] == 2


def test_projected_input_is_drawn_in_lon_lat():
    frame = incidents_frame().to_crs(3857)
    data = page_data(ImpactMap(tiles="none").add_incidents(frame).to_html())
    lon = np.frombuffer(base64.b64decode(data["layers"][0]["lon"]["i4"]), dtype="<i4") / 1e6
    assert np.allclose(lon, incidents_frame().geometry.x, atol=1e-6)


# --------------------------------------------------------------------------- files
def test_save_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("old map", encoding="utf-8")
    fmap = ImpactMap("t", tiles="none").add_incidents(incidents_frame())

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("geo.render.webmap._document.build_document", broken)
    with pytest.raises(RuntimeError):
        fmap.save(target)
    assert target.read_text(encoding="utf-8") == "old map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]  # no temporary left behind


def test_jupyter_display_is_a_sandboxed_iframe():
    fmap = ImpactMap("<b>t</b>", tiles="none").add_incidents(incidents_frame())
    shown = fmap._repr_html_()
    assert shown.startswith("<iframe srcdoc=\"") and 'sandbox="allow-scripts' in shown
    assert "allow-same-origin" not in shown
    srcdoc = re.search(r'srcdoc="([^"]*)"', shown).group(1)
    assert html.unescape(srcdoc) == fmap.to_html()
    assert "<b>t</b>" not in shown


# --------------------------------------------------------------------------- CLI
def run_geo(*args: str) -> SimpleNamespace:
    """``geo ARGS`` in this process (CliRunner): the exit status and the streams, without a new interpreter's
    start-up. The process boundary itself is tested by test_same_scenario_gives_identical_files_across_processes."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def test_cli_maps_data_files_with_border_and_title(tmp_path):
    csv = tmp_path / "strikes.csv"
    csv.write_text("id,date,lon,lat,event_type,fatalities_low,sources\n"
                   "s1,2023-05-01,36.60,50.55,shelling,2,Local channel\n"
                   "s2,2023-05-03,36.95,50.45,drone strike,,Local channel\n", encoding="utf-8")
    damage = tmp_path / "damage.geojson"
    gpd.GeoDataFrame({"id": ["d1"], "incident_id": ["s1"], "kind": ["house"], "severity": ["destroyed"]},
                     geometry=[shapely.box(36.599, 50.549, 36.601, 50.551)], crs=4326).to_file(damage)
    out = tmp_path / "out.html"
    run = run_geo("map", str(csv), str(damage), "--border", "RUS-UKR", "--title", "Strikes", "-o", str(out))
    assert run.returncode == 0, run.stderr
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["title"] == "Strikes" and data["days"] == [19478, 19480]  # 2023-05-01 .. 2023-05-03
    ids = [layer["id"] for layer in data["layers"]]
    assert {"damage", "borders", "border-lines", "incidents"} <= set(ids)
    assert "Incidents: strikes.csv, damage.geojson" in data["attribution"]


@pytest.mark.parametrize("args, words", [
    (["--border", "RUS-XXX"], "unknown country code 'XXX'"),
    (["--tiles", "Nope.Nothing"], "unknown tile provider"),
    (["--bands", "25,10"], "increasing"),
])
def test_cli_errors_exit_2_without_output_or_traceback(tmp_path, args, words):
    out = tmp_path / "out.html"
    run = run_geo("map", str(SEED), *args, "-o", str(out))
    assert run.returncode == 2
    assert words in run.stderr and "Traceback" not in run.stderr
    assert not out.exists()


def test_cli_duplicate_ids_across_files_name_both_files(tmp_path):
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text("id,lon,lat\nx1,36.6,50.6\n", encoding="utf-8")
    run = run_geo("map", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"), "-o", str(tmp_path / "m.html"))
    assert run.returncode == 2 and "a.csv" in run.stderr and "b.csv" in run.stderr
    assert not (tmp_path / "m.html").exists()


def test_cli_failure_keeps_the_previous_map(tmp_path):
    out = tmp_path / "m.html"
    out.write_text("previous", encoding="utf-8")
    run = run_geo("map", str(SEED), "--tiles", "Nope.Nothing", "-o", str(out))
    assert run.returncode == 2 and out.read_text(encoding="utf-8") == "previous"


def test_map_warnings_are_geo_warnings():
    frame = incidents_frame()
    frame.loc[0, "geometry"] = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ImpactMap(tiles="none").add_incidents(frame)
    assert caught and all(issubclass(w.category, GeoWarning) for w in caught)
    assert caught[0].filename == __file__  # stacklevel points at the caller


def test_the_parts_the_command_writes_make_the_same_page_as_to_html():
    fmap = ImpactMap("Parts <of> a page", tiles="none").add_incidents(incidents_frame())
    parts = fmap.html_parts()
    assert len(parts) > 3 and all(isinstance(part, str) for part in parts)
    assert "".join(parts) == fmap.to_html()
