"""First-level regions: building admin1.parquet, border regions, locating points, user layers (issues 9, 14)."""

from __future__ import annotations

import functools
import importlib.util
import sys
import warnings
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from click.testing import CliRunner
from common import BELGOROD, MOSCOW

import geo
from geo.cli.main import cli
from geo.errors import GeoWarning, InputError, MissingCRSError, PlaceNotFoundError, SchemaError, UnknownCountryError
from geo.geodesy import destination, geodesic_length

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "data" / "regions"
KHARKIV = (36.25, 49.99)  # Kharkiv city centre, Ukraine


@pytest.fixture(autouse=True)
def _no_user_layers():
    yield
    geo.unregister_regions()


@functools.cache
def _build_script():
    spec = importlib.util.spec_from_file_location("build_admin1", ROOT / "data" / "build_admin1.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_admin1"] = module
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- building admin1.parquet

def _feature(name, code, adm0, geom, type_en="Region", type_local="Oblast'", **names):
    props = {column: None for column in _build_script().NAME_COLUMNS}
    props.update({"name": name, "name_en": name, "iso_3166_2": code, "adm0_a3": adm0, "type_en": type_en,
                  "type": type_local, "gn_id": 1, "wikidataid": "Q1", "latitude": 0.0, "longitude": 0.0,
                  "name_alt": None, **names})
    return {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> gpd.GeoDataFrame:
    """A two-country world: Natural Earth files one AAA region under BBB, another reaches into BBB (built once for
    the tests that read it)."""
    import json

    tmp_path = tmp_path_factory.mktemp("built")
    countries = gpd.GeoDataFrame({"iso_a3": ["AAA", "BBB"]},
                                 geometry=[shapely.box(0, 0, 2, 2), shapely.box(2, 0, 4, 2)], crs="EPSG:4326")
    countries.to_parquet(tmp_path / "countries.parquet")
    features = [
        _feature("North", "AA-N", "AAA", shapely.box(0, 1, 2, 2)),
        _feature("Peninsula", "AA-P", "BBB", shapely.box(0, 0, 1, 1), type_en="Autonomous Republic",
                 type_local="Respublika", name_ru="Полуостров"),
        _feature("Kyiv", "AA-C", "AAA", shapely.box(1, 0, 1.5, 1), type_en="Municipality", type_local="Misto"),
        _feature("Kyiv", "AA-K", "AAA", shapely.box(1.5, 0, 2.25, 1)),  # a third of it lies in BBB
        _feature("East", "BB-E", "BBB", shapely.box(2.5, 0, 4, 2), type_en="State", type_local="State"),
    ]
    source = tmp_path / "build.json"
    source.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    _build_script().build(source, tmp_path / "admin1.parquet", tmp_path / "countries.parquet")
    return gpd.read_parquet(tmp_path / "admin1.parquet").set_index("code")


def test_build_gives_each_region_the_country_holding_it(built):
    # Natural Earth's filing (ne_adm0) is kept; the country is the bundled one holding the area.
    assert built.loc["AA-P", "country"] == "AAA" and built.loc["AA-P", "ne_adm0"] == "BBB"
    assert built.loc["BB-E", "country"] == "BBB"
    assert "Полуостров" in built.loc["AA-P", "names"].split("|")


def test_build_clips_a_region_to_its_country(built):
    kyiv = built.loc["AA-K"]
    assert kyiv["country"] == "AAA"
    assert kyiv.geometry.equals(shapely.box(1.5, 0, 2, 1).normalize()) or \
        shapely.symmetric_difference(kyiv.geometry, shapely.box(1.5, 0, 2, 1)).area < 1e-12
    assert kyiv["clipped_share"] == pytest.approx(1 / 3, abs=0.01)
    assert built.loc["AA-N", "clipped_share"] == 0


def test_build_names_oblasts_and_keeps_names_unique(built):
    assert built.loc["AA-N", "name"] == "North Oblast"
    assert built.loc["AA-K", "name"] == "Kyiv Oblast"  # no clash once Oblast is added
    assert built.loc["AA-C", "name"] == "Kyiv"
    assert built.loc["AA-P", "name"] == "Peninsula" and built.loc["BB-E", "name"] == "East"
    assert built.loc["AA-N", "name_local"] == "North"


# --------------------------------------------------------------------------- bundled data

def test_regions_exist_for_every_country_with_natural_earth_admin1():
    everything = geo.regions()
    assert len(everything) > 4500 and everything["country"].nunique() > 240
    assert set(everything["source"]) == {"Natural Earth 10m admin-1 (public domain)"}
    assert everything.geometry.is_valid.all()
    assert set(everything.geom_type) <= {"Polygon", "MultiPolygon"}
    nigeria = geo.regions("NGA")
    assert "Borno State" in set(nigeria["name"]) and len(nigeria) == 37


def test_ukraine_has_its_oblasts_with_crimea_and_sevastopol_under_the_bundled_point_of_view():
    oblasts = geo.regions("UKR")
    assert oblasts.crs.to_epsg() == 4326
    assert {"name", "name_alt", "code", "country", "type", "geometry"} <= set(oblasts.columns)
    assert oblasts["code"].is_unique and oblasts["name"].is_unique
    by_code = dict(zip(oblasts["code"], oblasts["name"], strict=True))
    assert by_code["UA-63"] == "Kharkiv Oblast" and by_code["UA-59"] == "Sumy Oblast"
    # Natural Earth files these two under RUS; the bundled countries (German point of view) hold
    # them in Ukraine, and the regions follow the countries (data/README.md).
    assert by_code["UA-43"] == "Autonomous Republic of Crimea" and by_code["UA-40"] == "Sevastopol"
    russia = geo.regions("RUS")
    assert not russia["code"].isin(["UA-43", "UA-40"]).any()
    assert "Belgorod Oblast" in set(russia["name"]) and russia["name"].is_unique


def test_bundled_regions_stay_inside_their_natural_earth_country():
    world = geo.countries()
    for code in ("RUS", "UKR"):
        oblasts = shapely.union_all(geo.regions(code).geometry.values)
        others = world[(world["iso_a3"] != code) & world.intersects(oblasts)]
        overlap = shapely.intersection(oblasts, shapely.union_all(others.geometry.values))
        assert geo.geodesic_area(overlap) < 1e6, code  # under 1 km2: shared edges only


def test_region_outlines_run_exactly_along_the_bundled_border():
    line = geo.border("RUS", "UKR")
    vertices = shapely.points(shapely.get_coordinates(line))
    for code in ("RUS", "UKR"):
        edge = shapely.union_all(geo.regions(code).geometry.values).boundary
        assert shapely.distance(vertices, edge).max() < 1e-9, code  # the same vertices, not a second line


def test_regions_of_an_unknown_or_uncovered_country_are_clear_errors():
    with pytest.raises(UnknownCountryError):
        geo.regions("XYZ")
    with pytest.raises(PlaceNotFoundError, match="register_regions"):
        geo.regions("SCR")  # Scarborough Reef: a Natural Earth country without admin-1 regions


# --------------------------------------------------------------------------- border regions

def test_border_regions_russia_ukraine_lists_the_five_oblasts_north_to_south():
    with warnings.catch_warnings():
        warnings.simplefilter("error", GeoWarning)  # the gap is below 1%: no warning
        found = geo.border_regions("RUS", "UKR")
    assert found["name"].tolist() == ["Bryansk Oblast", "Kursk Oblast", "Belgorod Oblast", "Voronezh Oblast",
                                      "Rostov Oblast"]
    assert (found["distance_m"] == 0).all()
    assert found["along_m"].is_monotonic_increasing
    total = geodesic_length(geo.border("RUS", "UKR"))
    assert found.attrs["border_length_m"] == pytest.approx(total, rel=1e-6)
    # Every metre of the border goes to one oblast or to the reported gap.
    assert found["border_length_m"].sum() + found.attrs["gap_m"] == pytest.approx(total, rel=1e-9)
    assert found.attrs["gap_m"] / total < 0.005
    # Shares of the generalised 1:10m line; the oblasts' official figures on the ground are
    # Belgorod 540 km, Rostov 660 km, Voronezh 125 km: the order and rough proportions must hold.
    share = dict(zip(found["name"], found["border_share"], strict=True))
    assert share["Rostov Oblast"] > share["Belgorod Oblast"] > share["Bryansk Oblast"] > share["Kursk Oblast"]
    assert share["Kursk Oblast"] > share["Voronezh Oblast"] > 0.03
    assert 0.25 < share["Belgorod Oblast"] < 0.35


def test_border_regions_sorted_by_share_and_within_a_distance():
    by_share = geo.border_regions("RUS", "UKR", sort="share")
    assert by_share["border_length_m"].is_monotonic_decreasing
    wider = geo.border_regions("RUS", "UKR", within_m=50_000)
    extra = wider[wider["border_length_m"] == 0]
    # Krasnodar Krai lies across Taganrog Bay, about 33 km from the line's southern end.
    assert extra["name"].tolist() == ["Krasnodar Krai"]
    assert 25_000 < extra["distance_m"].iat[0] < 45_000
    assert set(geo.border_regions("RUS", "UKR", within_m=80_000)["name"]) >= {"Krasnodar Krai", "Oryol Oblast"}


def test_bundled_regions_leave_no_gap_even_at_a_ten_metre_tolerance():
    with warnings.catch_warnings():
        warnings.simplefilter("error", GeoWarning)
        exact = geo.border_regions("UKR", "RUS", tolerance_m=10.0)
    # Natural Earth regions share the border's vertices; 10 m covers the pieces' geodesic
    # midpoints, which leave the straight lon/lat segment by a metre or two.
    assert exact.attrs["gap_m"] < 1.0
    assert exact["border_share"].sum() == pytest.approx(1.0, abs=1e-6)


def test_a_smaller_tolerance_leaves_a_larger_reported_gap():
    # A user layer drawn about 2 km inside the border: the tolerance decides what still touches it.
    halves = _ukraine_halves()
    halves = halves.set_geometry(halves.to_crs("EPSG:32636").buffer(-2_000).to_crs("EPSG:4326"))
    geo.reference.register_region_frame(halves, country="UKR", name_column="shapeName")
    with pytest.warns(GeoWarning, match="farther than 1 km"):
        strict = geo.border_regions("UKR", "RUS", tolerance_m=1_000)
    loose = geo.border_regions("UKR", "RUS")
    assert strict.attrs["gap_m"] > 10 * max(loose.attrs["gap_m"], 1.0)
    assert strict["border_share"].sum() < loose["border_share"].sum()


def test_border_regions_errors():
    with pytest.raises(geo.NoSharedBorderError):
        geo.border_regions("RUS", "FRA")
    with pytest.raises(ValueError, match="within_m"):
        geo.border_regions("RUS", "UKR", within_m=-1)
    with pytest.raises(ValueError, match="sort"):
        geo.border_regions("RUS", "UKR", sort="alphabet")


# --------------------------------------------------------------------------- locating points

def test_locate_regions_names_the_oblast_of_belgorod_city():
    pts = gpd.GeoDataFrame({"id": ["belgorod", "moscow", "kharkiv", "black-sea"]},
                           geometry=gpd.points_from_xy(*zip(BELGOROD, MOSCOW, KHARKIV, (33.0, 43.0), strict=True)),
                           crs="EPSG:4326", index=[10, 11, 12, 13])
    found = geo.locate_regions(pts)
    assert found.index.tolist() == [10, 11, 12, 13]
    assert found.tolist() == ["Belgorod Oblast", "Moscow", "Kharkiv Oblast", None]


def test_locate_regions_reprojects_and_requires_a_crs():
    pts = gpd.GeoSeries.from_xy([BELGOROD[0]], [BELGOROD[1]], crs="EPSG:4326").to_crs("EPSG:32637")
    assert geo.locate_regions(pts).tolist() == ["Belgorod Oblast"]
    with pytest.raises(MissingCRSError):
        geo.locate_regions(gpd.GeoSeries.from_xy([36.5], [50.6]))


# --------------------------------------------------------------------------- user layers

def _ukraine_halves(split_lon: float = 33.0) -> gpd.GeoDataFrame:
    """Ukraine's Natural Earth polygon cut at a meridian: a layer whose answers are known."""
    ukr = geo.country("UKR")
    west = shapely.intersection(ukr, shapely.box(20, 40, split_lon, 55))
    east = shapely.intersection(ukr, shapely.box(split_lon, 40, 45, 55))
    return gpd.GeoDataFrame({"shapeName": ["West of 33E", "East of 33E"], "iso": ["UA-W", "UA-E"]},
                            geometry=[west, east], crs="EPSG:4326")


def test_user_layer_from_a_file_answers_like_bundled_regions(tmp_path):
    path = tmp_path / "ukraine.gpkg"
    _ukraine_halves().to_file(path)
    added = geo.register_regions(path, country="ukr", name_column="shapeName", code_column="iso")
    assert added["name"].tolist() == ["West of 33E", "East of 33E"]
    assert set(geo.regions("UKR")["source"]) == {"ukraine.gpkg"}
    found = geo.border_regions("UKR", "RUS")
    line = geo.border("RUS", "UKR")
    west_part = shapely.intersection(line, shapely.box(20, 40, 33.0, 55))
    # Known answer: the layer was cut from the same polygons, so the west half holds exactly the
    # part of the line west of 33E (500 m pieces: within 1 km).
    west = found.set_index("name").loc["West of 33E"]
    assert west["border_length_m"] == pytest.approx(geodesic_length(west_part), abs=1_000)
    assert found["border_share"].sum() == pytest.approx(1.0, abs=1e-6)
    assert found.attrs["gap_m"] == pytest.approx(0.0, abs=1.0)
    assert geo.locate_regions(gpd.GeoSeries.from_xy([KHARKIV[0]], [KHARKIV[1]], crs=4326)).tolist() == [
        "East of 33E"]


def test_user_layer_replaces_bundled_regions_of_its_country_until_unregistered():
    layer = gpd.GeoDataFrame({"name": ["Belgorod area"]}, crs="EPSG:4326",
                             geometry=[shapely.box(35.3, 49.8, 39.3, 51.5)])
    geo.register_regions(layer, country="RUS")
    assert geo.regions("RUS")["name"].tolist() == ["Belgorod area"]
    geo.unregister_regions("RUS")
    assert len(geo.regions("RUS")) == 84


def test_caches_built_for_the_bundled_regions_serve_again_once_layers_are_removed_and_never_a_removed_layer():
    from geo.reference.regions import _names

    assert geo.lookup_regions(["Belgorod"])["name"].tolist() == ["Belgorod Oblast"]
    box = shapely.box(35.3, 49.8, 39.3, 51.5)
    geo.register_regions(gpd.GeoDataFrame({"name": ["First layer"]}, geometry=[box], crs="EPSG:4326"), country="RUS")
    assert geo.lookup_regions(["First layer"])["name"].tolist() == ["First layer"]
    geo.unregister_regions()
    built = _names._name_index.cache_info().misses
    assert geo.lookup_regions(["Belgorod"])["name"].tolist() == ["Belgorod Oblast"]
    assert _names._name_index.cache_info().misses == built  # the bundled index, not built again
    # A new layer after the removal is never answered from the removed layer's caches.
    geo.register_regions(gpd.GeoDataFrame({"name": ["Second layer"]}, geometry=[box], crs="EPSG:4326"), country="RUS")
    assert geo.regions("RUS")["name"].tolist() == ["Second layer"]
    assert geo.lookup_regions(["Second layer"])["name"].tolist() == ["Second layer"]
    with pytest.raises(PlaceNotFoundError):
        geo.lookup_regions(["First layer"])


def test_a_registered_layer_is_looked_up_beside_the_bundled_names_folded_once():
    """Registering a layer does not fold the 4,595 bundled regions' names again: their index is kept and the
    layer's rows answer beside it, the replaced country's bundled rows no longer do."""
    from geo.reference.regions import _names

    assert geo.lookup_regions(["Belgorod"])["name"].tolist() == ["Belgorod Oblast"]
    folded = _names._bundled_index.cache_info().misses
    box = shapely.box(35.3, 49.8, 39.3, 51.5)
    for n, layer in enumerate(["Belgorod area", "Border area"]):
        geo.register_regions(gpd.GeoDataFrame({"name": [layer, "Kursk area"]}, crs="EPSG:4326",
                                              geometry=[box, shapely.box(34.0, 51.5, 38.0, 52.5)]), country="RUS")
        found = geo.lookup_regions([layer, "Kursk area", "Kharkiv Oblast", "Hokkaido", "UA-63"])
        assert found["name"].tolist() == [layer, "Kursk area", "Kharkiv Oblast", "Hokkaidō", "Kharkiv Oblast"]
        assert found["country"].tolist() == ["RUS", "RUS", "UKR", "JPN", "UKR"]
        with pytest.raises(PlaceNotFoundError, match="no region called"):
            geo.lookup_regions(["Voronezh Oblast"])  # RUS's bundled regions are replaced by the layer
        assert _names._bundled_index.cache_info().misses == folded, n


def test_user_layer_is_clipped_to_its_country():
    # A box reaching over the border into Ukraine keeps only its Russian part.
    layer = gpd.GeoDataFrame({"name": ["Box"]}, geometry=[shapely.box(35.5, 50.0, 37.0, 51.0)], crs="EPSG:4326")
    clipped = geo.register_regions(layer, country="RUS").geometry.iat[0]
    assert not shapely.contains_xy(clipped, 36.0, 50.1)  # Ukraine, south of the line
    assert shapely.contains_xy(clipped, 36.58, 50.6)      # Belgorod city


def test_locate_snaps_points_in_a_gap_between_layer_and_country():
    # West half registered alone: a point in Ukraine 3 km east of the cut is in no region but
    # within the 10 km tolerance of "West of 33E"; one 50 km east is not.
    geo.register_regions(_ukraine_halves().iloc[:1], country="UKR", name_column="shapeName")
    lon, lat = destination(33.0, 49.5, 90.0, [3_000.0, 50_000.0])
    pts = gpd.GeoSeries.from_xy(lon, lat, crs="EPSG:4326")
    assert geo.locate_regions(pts).tolist() == ["West of 33E", None]
    assert geo.locate_regions(pts, tolerance_m=0).tolist() == [None, None]


def test_user_layer_errors_name_the_file_the_column_and_the_feature(tmp_path):
    path = tmp_path / "oblasts.geojson"
    _ukraine_halves().to_file(path)
    with pytest.raises(SchemaError, match=r"oblasts\.geojson.*no column 'name'.*shapeName.*name_column"):
        geo.register_regions(path, country="UKR")
    with pytest.raises(SchemaError, match="no column 'code'"):
        geo.register_regions(path, country="UKR", name_column="shapeName", code_column="code")
    points = gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=gpd.points_from_xy([30, 31], [50, 50]), crs=4326)
    points.to_file(tmp_path / "points.geojson")
    with pytest.raises(InputError, match=r"points\.geojson, features 1, 2: feature is a Point"):
        geo.register_regions(tmp_path / "points.geojson", country="UKR")
    blank = _ukraine_halves().assign(shapeName=["West", " "])
    with pytest.raises(InputError, match="feature 2: feature has an empty 'shapeName'"):
        geo.register_regions(blank, country="UKR", name_column="shapeName")
    with pytest.raises(MissingCRSError):
        geo.register_regions(_ukraine_halves().set_crs(None, allow_override=True), country="UKR",
                             name_column="shapeName")
    with pytest.raises(UnknownCountryError):
        geo.register_regions(_ukraine_halves(), country="XXX", name_column="shapeName")
    with pytest.raises(InputError, match="not found"):
        geo.register_regions(tmp_path / "missing.gpkg", country="UKR")


# --------------------------------------------------------------------------- names in scenarios

@pytest.mark.parametrize("written", ["Belgorod Oblast", "Belgorod", "belgorod oblast", "Белгородская область",
                                     "Belgorodskaya oblast'", "RU-BEL", "Belgorod region"])
def test_lookup_regions_forgives_spelling_suffix_and_script(written):
    row = geo.lookup_regions([written], borders=["RUS-UKR"]).iloc[0]
    assert row["name"] == "Belgorod Oblast"
    assert row["query"] == written
    assert row["country"] == "RUS" and row["border_with"] == "UKR"
    expected = geo.border_regions("RUS", "UKR").set_index("name").loc["Belgorod Oblast"]
    assert row["border_length_m"] == pytest.approx(expected["border_length_m"])
    assert row["border_share"] == pytest.approx(expected["border_share"])


def test_lookup_regions_gives_each_border_regions_row_exactly():
    for a, b in (("RUS", "UKR"), ("UKR", "RUS"), ("UKR", "BLR")):
        listed = geo.border_regions(a, b)
        rows = geo.lookup_regions(listed["code"].tolist(), borders=[f"{a}-{b}"])
        assert rows["name"].tolist() == listed["name"].tolist()
        assert (rows["border_with"] == b).all()
        assert rows["border_length_m"].tolist() == listed["border_length_m"].tolist()
        assert rows["border_share"].tolist() == listed["border_share"].tolist()


def test_lookup_regions_without_borders_uses_the_longest_land_border():
    rows = geo.lookup_regions(["Tuva", "Moscow", "Еврейская автономная область"])
    assert rows["border_with"].tolist() == ["MNG", None, "CHN"]
    assert rows.loc[1, "border_length_m"] == 0.0


def test_lookup_regions_unknown_and_ambiguous_names():
    with pytest.raises(PlaceNotFoundError, match=r"no region called 'Belgorodd Oblast'.*Belgorod Oblast"):
        geo.lookup_regions(["Belgorodd Oblast"])
    with pytest.raises(PlaceNotFoundError, match="ambiguous.*Altai Republic.*Altai Krai"):
        geo.lookup_regions(["Altai"])


# --------------------------------------------------------------------------- CLI

def test_cli_lists_border_oblasts_and_writes_them(tmp_path):
    out = tmp_path / "oblasts.geojson"
    result = CliRunner().invoke(cli, ["regions", "RUS", "--border", "UKR", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if "Oblast" in line]
    assert [line.split()[1] for line in lines] == ["Bryansk", "Kursk", "Belgorod", "Voronezh", "Rostov"]
    written = gpd.read_file(out)
    assert len(written) == 5 and "border_share" in written.columns


def test_cli_lists_a_country_and_uses_a_user_layer(tmp_path):
    result = CliRunner().invoke(cli, ["regions", "RUS"])
    assert result.exit_code == 0 and "Belgorod Oblast" in result.stdout
    path = tmp_path / "ukraine.gpkg"
    _ukraine_halves().to_file(path)
    result = CliRunner().invoke(cli, ["regions", "UKR", "--from", str(path), "--name-column", "shapeName",
                                      "--border", "RUS"])
    assert result.exit_code == 0, result.output
    assert "East of 33E" in result.stdout and "West of 33E" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["regions", "XYZ"], "unknown country code"),
    (["regions", "SCR"], "no first-level regions known for SCR"),
    (["regions", "RUS", "--within-km", "5"], "only apply with --border"),
])
def test_cli_errors_exit_2_without_traceback(args, message):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_cli_bad_output_extension_writes_nothing(tmp_path):
    out = tmp_path / "oblasts.txt"
    result = CliRunner().invoke(cli, ["regions", "RUS", "--border", "UKR", "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()


# --------------------------------------------------------------------------- known answers (issue 14)

def test_locate_gives_country_region_and_code_anywhere():
    hits = [geo.geocode(name) for name in ("Kharkiv", "Simferopol", "Belgorod", "Sevastopol", "Maiduguri")]
    pts = gpd.GeoDataFrame(geometry=[h.geometry for h in hits], crs="EPSG:4326", index=list("abcde"))
    found = geo.locate(pts)
    assert found.index.tolist() == list("abcde")
    assert found["region_code"].tolist() == ["UA-63", "UA-43", "RU-BEL", "UA-40", "NG-BO"]
    # Simferopol: Crimea under the bundled (German) point of view, in Ukraine, as the country says.
    assert found["country"].tolist() == ["UKR", "UKR", "RUS", "UKR", "NGA"]
    assert found["region"].tolist()[:3] == ["Kharkiv Oblast", "Autonomous Republic of Crimea", "Belgorod Oblast"]


def test_border_regions_ukraine_russia_lists_the_oblasts_along_the_line_with_shares():
    found = geo.border_regions("UKR", "RUS")
    assert found["name"].tolist() == ["Chernihiv Oblast", "Sumy Oblast", "Kharkiv Oblast", "Luhansk Oblast",
                                      "Donetsk Oblast"]
    assert found["border_share"].sum() == pytest.approx(1.0, abs=1e-6)
    share = dict(zip(found["name"], found["border_share"], strict=True))
    # Sumy, Luhansk and Kharkiv hold the longest stretches; Donetsk only the short southern end.
    assert min(share["Sumy Oblast"], share["Luhansk Oblast"], share["Kharkiv Oblast"]) > share["Donetsk Oblast"]
    assert all(0.02 < s < 0.4 for s in share.values())


def test_region_names_resolve_as_people_write_them():
    rows = geo.lookup_regions(["the Kharkiv region", "Borno state", "Харківська область", "Crimea"])
    assert rows["code"].tolist() == ["UA-63", "NG-BO", "UA-63", "UA-43"]
    # Within a scenario's borders a bare name prefers those countries.
    assert geo.lookup_regions(["Kharkiv"], borders=["RUS-UKR"])["code"].tolist() == ["UA-63"]


def test_analysis_names_the_regions_on_both_sides_of_the_border():
    case = geo.analyze(geo.load_scenario(ROOT / "seeds" / "belgorod-2023-04-20.yaml"))
    sides = dict(zip(case.regions["country"], case.regions["name"], strict=True))
    assert sides == {"RUS": "Belgorod Oblast", "UKR": "Kharkiv Oblast"}
    assert case.incidents["border_side"].tolist() == ["RUS"]


def test_each_country_s_bundled_regions_sit_in_one_row_group():
    """``data/build_admin1.py`` writes row groups of whole countries, so one country's regions are read from one
    group (by its ``country`` statistics), not a third of the world's."""
    import pyarrow.parquet as pq

    from geo.reference._datafiles import data_file

    parquet = pq.ParquetFile(data_file("admin1.parquet"))
    meta, at = parquet.metadata, parquet.schema_arrow.get_field_index("country")
    assert meta.num_row_groups >= 6
    seen: dict[str, int] = {}
    for group in range(meta.num_row_groups):
        for code in set(parquet.read_row_group(group, columns=["country"]).column("country").to_pylist()):
            assert code not in seen, f"{code} in row groups {seen[code]} and {group}"
            seen[code] = group
    stats = [meta.row_group(g).column(at).statistics for g in range(meta.num_row_groups)]
    for code in ("RUS", "UKR", "NGA"):
        holding = [g for g, s in enumerate(stats) if s.min <= code <= s.max]
        assert holding == [seen[code]], (code, holding)


def test_regions_at_a_border_looked_up_together_as_one_by_one_and_a_failing_one_noted(monkeypatch):
    """An analysis looks up the regions along a border in one call; where one of them cannot be read back, the
    others are looked up one by one and drawn, and a note names the one not drawn."""
    import geo.analysis.case as case_module

    events = gpd.GeoDataFrame({"id": ["a", "b", "c"]}, geometry=gpd.points_from_xy([36.58, 35.2, 33.9],
                                                                                   [50.6, 51.3, 52.2]),
                              crs="EPSG:4326")
    scenario = geo.Scenario(title="t", incidents=geo.validate_incidents(events), borders=[("RUS", "UKR")])
    whole = geo.analyze(scenario).regions
    assert len(whole) >= 3
    calls, refused = [], whole["code"].iat[1]
    real = case_module.lookup_regions

    def lookup(names, *, borders=None):
        calls.append(list(names))
        if refused in names:
            raise PlaceNotFoundError(f"no region called {refused!r}")
        return real(names, borders=borders)

    monkeypatch.setattr(case_module, "lookup_regions", lookup)
    case = geo.analyze(scenario)
    assert len(calls[0]) == len(whole) and len(calls) == 1 + len(whole)  # together, then one by one
    kept = whole[whole["code"] != refused].reset_index(drop=True)
    assert case.regions.equals(kept)
    name = whole.loc[whole["code"] == refused, "name"].item()
    assert f"Region {name!r} at the RUS-UKR border not drawn: no region called {refused!r}." in case.notes


@pytest.mark.parametrize("centre", [(36.5812, 50.5997), (-179.9999, 0.0), (180.0, -89.9999), (0.0, 90.0),
                                    (-70.1234, -33.0)])
def test_local_projection_is_the_one_proj_finds_for_wgs84_to_aeqd(centre):
    """The local azimuthal equidistant projection (distances to region edges) gives what PROJ's own choice from
    EPSG:4326 to ``+proj=aeqd +datum=WGS84`` gives, bit for bit, both ways."""
    import numpy as np
    import pyproj

    from geo.reference.regions._local import aeqd

    lon, lat = centre
    crs = pyproj.CRS.from_proj4(f"+proj=aeqd +lon_0={lon} +lat_0={lat} +datum=WGS84 +units=m")
    chosen = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    rng = np.random.default_rng(5)
    x = np.concatenate([rng.uniform(-180, 180, 2_000), lon + rng.normal(0, 2, 2_000)])
    y = np.concatenate([rng.uniform(-90, 90, 2_000), np.clip(lat + rng.normal(0, 2, 2_000), -90, 90)])
    forward = np.asarray(aeqd(lon, lat).transform(x, y))
    assert np.array_equal(forward, np.asarray(chosen.transform(x, y)), equal_nan=True)
    back = [np.asarray(t.transform(*forward, direction="INVERSE")) for t in (aeqd(lon, lat), chosen)]
    assert np.array_equal(*back, equal_nan=True)
