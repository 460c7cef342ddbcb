"""Proximity engine (issue 3): exact distance to borders, bands, nearest towns, locate.

Known answers come from an independent reference (``reference_distance``:
GeographicLib alone, the border densified to <= 10 m) or from textbook WGS84
values; each test states its tolerance.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from reference_distance import reference_distance, reference_segments

import geo
from geo.errors import InputError, MissingCRSError, NoSharedBorderError, UnknownCountryError
from geo.geodesy import GEOD, destination, geodesic_distance

BELGOROD = (36.58091, 50.60343)  # GeoNames 578072, as in the seed scenario
KHARKIV = (36.25475, 49.98177)  # GeoNames 706483
# Reference for Belgorod -> Natural Earth 10m Russia-Ukraine border, from reference_distance():
BELGOROD_TO_BORDER_M = 35_389.915
BELGOROD_BORDER_POINT = (36.410005, 50.304579)  # a border vertex
MERIDIAN_DEGREE_AT_EQUATOR_M = 110_574.389  # WGS84 meridian arc 0..1 degree latitude


def points(*lonlat: tuple[float, float], crs: str = "EPSG:4326", **columns) -> gpd.GeoDataFrame:
    lon, lat = zip(*lonlat, strict=True)
    return gpd.GeoDataFrame(columns, geometry=gpd.points_from_xy(lon, lat), crs=crs)


def _reference(line: shapely.Geometry):
    return reference_segments([shapely.get_coordinates(p).tolist() for p in shapely.get_parts(line)])


# --------------------------------------------------------------------------- known answers

def test_belgorod_to_russia_ukraine_border_matches_the_reference():
    out = geo.distance_to_border(points(BELGOROD), ("RUS", "UKR"))
    reference, ref_lon, ref_lat = reference_distance(*BELGOROD, _reference(geo.border("RUS", "UKR")))
    d = out["border_distance_m"].iloc[0]
    assert d == pytest.approx(reference, abs=0.01)  # 1 cm: the reference is densified to 10 m
    assert d == pytest.approx(BELGOROD_TO_BORDER_M, abs=0.01)
    assert (out["border_lon"].iloc[0], out["border_lat"].iloc[0]) == pytest.approx(BELGOROD_BORDER_POINT, abs=1e-6)
    assert (ref_lon, ref_lat) == pytest.approx(BELGOROD_BORDER_POINT, abs=1e-6)
    assert geo.compass_point(out["border_bearing_deg"].iloc[0]) == "S"


def test_distance_to_the_equator_is_the_meridian_arc():
    # The equator is a geodesic; the shortest way to it runs along a meridian.
    equator = shapely.LineString([(-5, 0), (5, 0)])
    out = geo.distance_to_border(points((0.5, 1.0), (2.0, -1.0)), equator)
    assert out["border_distance_m"].to_numpy() == pytest.approx([MERIDIAN_DEGREE_AT_EQUATOR_M] * 2, abs=0.001)
    # The foot is placed to within 1 m along the border (documented), the distance to 1 mm.
    assert out["border_lon"].to_numpy() == pytest.approx([0.5, 2.0], abs=1e-5)
    assert out["border_lat"].to_numpy() == pytest.approx([0.0, 0.0], abs=1e-9)
    turn = (out["border_bearing_deg"].to_numpy() - [180.0, 0.0] + 180.0) % 360.0 - 180.0
    assert np.abs(turn).max() < 1e-3  # degrees: due south, due north


BORDERS_ELSEWHERE = ["RUS-UKR", "NOR-RUS", "ARG-CHL", "BRA-VEN", "FIN-RUS"]


@pytest.mark.slow
@pytest.mark.parametrize("pair", BORDERS_ELSEWHERE)
def test_accuracy_within_one_metre_up_to_2000_km(pair):
    """Issue 3: <= 1 m from GeographicLib for points 1 km .. 2,000 km from the border, any latitude.

    Latitudes covered: 69-70 N (NOR-RUS), 60-70 N (FIN-RUS), 47-52 N, 1-5 N,
    23-55 S, and points 2,000 km away reach 20 N .. 88 N and 75 S.
    """
    line = geo.border(*pair.split("-"))
    coords = shapely.get_coordinates(line)
    rng = np.random.default_rng(sum(map(ord, pair)))
    n = 8
    start = coords[rng.integers(0, len(coords), n)]
    dist = np.exp(rng.uniform(np.log(1_000), np.log(2_000_000), n))
    lon, lat = destination(start[:, 0], start[:, 1], rng.uniform(0, 360, n), dist)
    out = geo.distance_to_border(points(*zip(lon, lat, strict=True)), pair)
    segments = _reference(line)
    for i in range(n):
        reference, ref_lon, ref_lat = reference_distance(lon[i], lat[i], segments)
        assert out["border_distance_m"].iloc[i] == pytest.approx(reference, abs=1.0), (pair, lon[i], lat[i])
        # The reference only samples the border, so it can never beat the exact answer.
        assert out["border_distance_m"].iloc[i] <= reference + 1e-3


def test_accuracy_near_the_pole_and_across_the_antimeridian():
    line = shapely.LineString([(178.0, 84.0), (179.5, 85.5), (-179.0, 86.0), (-170.0, 86.5)])
    probes = [(180.0, 85.0), (-175.0, 84.0), (0.0, 89.5), (170.0, 80.0), (-179.9, 86.2)]
    out = geo.distance_to_border(points(*probes), line)
    segments = _reference(shapely.LineString([(178.0, 84.0), (179.5, 85.5), (181.0, 86.0), (190.0, 86.5)]))
    for (lon, lat), d in zip(probes, out["border_distance_m"], strict=True):
        assert d == pytest.approx(reference_distance(lon, lat, segments)[0], abs=1.0)


def test_points_on_the_border_measure_zero():
    line = geo.border("RUS", "UKR")
    coords = shapely.get_coordinates(line)
    a, b = coords[:-1:37], coords[1::37]
    # Points on the geodesic between two vertices, not just the vertices.
    az, _, length = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    mid_lon, mid_lat, _ = GEOD.fwd(a[:, 0], a[:, 1], az, np.asarray(length) * 0.3)
    on = points(*map(tuple, a), *zip(mid_lon, mid_lat, strict=True))
    out = geo.distance_to_border(on, "RUS-UKR")
    assert out["border_distance_m"].max() < 1e-6  # metres: on the border is 0 to a micrometre
    assert out["border_bearing_deg"].isna().all()  # no direction to a point you stand on


def test_points_inside_ukraine_and_russia_both_work():
    out = geo.distance_to_border(points(BELGOROD, KHARKIV), "RUS-UKR")
    assert (out["border_distance_m"] > 20_000).all()
    located = geo.locate(points(BELGOROD, KHARKIV))
    assert located["country"].tolist() == ["RUS", "UKR"]
    # Each nearest point lies on the border and on the far side's frontier.
    border_points = points(*zip(out["border_lon"], out["border_lat"], strict=True))
    again = geo.distance_to_border(border_points, "RUS-UKR")
    assert again["border_distance_m"].max() < 1e-6
    # Kharkiv's bearing points north (to Russia), Belgorod's south (to Ukraine).
    assert geo.compass_point(out["border_bearing_deg"].iloc[1]) in {"N", "NE", "NW"}
    assert geo.compass_point(out["border_bearing_deg"].iloc[0]) in {"S", "SE", "SW"}


def test_bearing_and_distance_lead_to_the_border_point():
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(30, 42, 50), rng.uniform(45, 55, 50)
    out = geo.distance_to_border(points(*zip(lon, lat, strict=True)), "RUS-UKR")
    far = out["border_distance_m"] > 1
    end_lon, end_lat = destination(lon[far], lat[far], out["border_bearing_deg"][far], out["border_distance_m"][far])
    miss = geodesic_distance(end_lon, end_lat, out["border_lon"][far], out["border_lat"][far])
    assert miss.max() < 1e-3  # metres


def test_nearest_point_is_the_foot_of_the_perpendicular():
    """Away from corners, the geodesic to the reported border point meets the border at a right angle.

    Checked with GeographicLib: the implied along-border offset to the true
    foot is within the documented placement tolerance, max(1 m, 1e-5 d).
    """
    from geographiclib.geodesic import Geodesic

    wgs84 = Geodesic.WGS84
    coords = shapely.get_coordinates(geo.border("RUS", "UKR"))
    rng = np.random.default_rng(12)
    lon, lat = rng.uniform(30, 42, 300), rng.uniform(45, 55, 300)
    out = geo.distance_to_border(points(*zip(lon, lat, strict=True)), "RUS-UKR")
    checked = 0
    for i, row in enumerate(out.itertuples()):
        on_vertex = np.abs(coords - [row.border_lon, row.border_lat]).max(axis=1).min() < 1e-9
        if on_vertex or row.border_distance_m < 10:
            continue
        for (lon1, lat1), (lon2, lat2) in zip(coords[:-1], coords[1:], strict=True):
            whole = wgs84.Inverse(lat1, lon1, lat2, lon2)
            part = wgs84.Inverse(lat1, lon1, row.border_lat, row.border_lon)
            if part["s12"] < whole["s12"] and abs(part["azi1"] - whole["azi1"]) < 1e-5:
                to_point = wgs84.Inverse(row.border_lat, row.border_lon, lat[i], lon[i])
                offset = row.border_distance_m * np.cos(np.radians(to_point["azi1"] - part["azi2"]))
                assert abs(offset) <= max(1.0, 1e-5 * row.border_distance_m) + 1e-3
                checked += 1
                break
    assert checked >= 3  # most far points are nearest to a corner; some must land mid-segment


def test_exact_distance_beats_naive_recipes():
    """The recipes issue 3 warns about are wrong by far more than geo's 1 m."""
    probe = points((34.5, 52.8))
    exact = geo.distance_to_border(probe, "RUS-UKR")["border_distance_m"].iloc[0]
    mercator = shapely.distance(probe.to_crs(3857).geometry.iloc[0],
                                gpd.GeoSeries([geo.border("RUS", "UKR")], crs=4326).to_crs(3857).iloc[0])
    assert mercator / exact > 1.4  # Web Mercator inflates distance by ~1/cos(lat)


# --------------------------------------------------------------------------- inputs and outputs

def test_nearest_border_names_the_country_pair():
    probes = points((30.5, 69.5), BELGOROD, (24.0, 51.9), (-69.0, -30.0))
    out = geo.distance_to_border(probes, "nearest")
    assert out["border_countries"].tolist() == ["NOR-RUS", "RUS-UKR", "BLR-UKR", "ARG-CHL"]
    explicit = [geo.distance_to_border(probes.iloc[[i]], pair)["border_distance_m"].iloc[0]
                for i, pair in enumerate(out["border_countries"])]
    assert out["border_distance_m"].to_numpy() == pytest.approx(explicit, abs=1e-6)


def test_border_forms_agree():
    line = geo.border("RUS", "UKR")
    probes = points(BELGOROD, KHARKIV, (33.0, 47.0))
    frames = [geo.distance_to_border(probes, spec) for spec in
              [("RUS", "UKR"), ("ukr", "rus"), "RUS-UKR", "UKR_RUS", line,
               gpd.GeoDataFrame(geometry=[line], crs=4326).to_crs(3035)]]
    for frame in frames[1:]:
        assert frame["border_distance_m"].to_numpy() == pytest.approx(frames[0]["border_distance_m"], abs=1e-3)


def test_index_and_projected_input_are_respected():
    probes = points(BELGOROD, KHARKIV).set_index(pd.Index(["b", "k"], name="site"))
    out = geo.distance_to_border(probes.to_crs(3857), "RUS-UKR")
    assert list(out.index) == ["b", "k"] and out.index.name == "site"
    assert out["border_distance_m"].loc["b"] == pytest.approx(BELGOROD_TO_BORDER_M, abs=0.01)
    assert list(out.columns) == ["border_distance_m", "border_lon", "border_lat", "border_bearing_deg", "border_side",
                                 "border_side_uncertain"]


def test_uncertainty_gives_bounds_and_unknown_radius_gives_nan():
    probes = points(BELGOROD, BELGOROD, BELGOROD, uncertainty_m=[8_000.0, np.nan, 50_000.0])
    out = geo.distance_to_border(probes, "RUS-UKR")
    d = BELGOROD_TO_BORDER_M
    assert out["border_distance_min_m"].iloc[0] == pytest.approx(d - 8_000, abs=0.01)
    assert out["border_distance_max_m"].iloc[0] == pytest.approx(d + 8_000, abs=0.01)
    assert np.isnan(out["border_distance_min_m"].iloc[1]) and np.isnan(out["border_distance_max_m"].iloc[1])
    assert out["border_distance_min_m"].iloc[2] == 0.0  # the circle reaches across the border


def test_progress_is_reported_per_batch(monkeypatch):
    from geo.analysis import _segments

    monkeypatch.setattr(_segments, "CHUNK", 7)
    seen = []
    rng = np.random.default_rng(1)
    geo.distance_to_border(points(*zip(rng.uniform(30, 40, 20), rng.uniform(45, 55, 20), strict=True)), "RUS-UKR",
                           progress=seen.append)
    assert seen == [7, 7, 6]


@pytest.mark.parametrize("bad, error, text", [
    (points(BELGOROD).set_crs(None, allow_override=True), MissingCRSError, "no coordinate reference system"),
    (gpd.GeoDataFrame(geometry=[shapely.box(36, 50, 37, 51)], crs=4326), InputError, "must be Points"),
    (gpd.GeoDataFrame(geometry=[None], crs=4326), InputError, "missing or empty"),
    (points(BELGOROD, uncertainty_m=[-5.0]), InputError, "uncertainty_m"),
    (pd.DataFrame({"lon": [36.5], "lat": [50.6]}), InputError, "GeoDataFrame of points"),
])
def test_bad_points_raise_clear_errors(bad, error, text):
    with pytest.raises(error, match=text):
        geo.distance_to_border(bad, "RUS-UKR")


@pytest.mark.parametrize("border, error, text", [
    ("RUS-XXX", UnknownCountryError, "unknown country code"),
    (("FRA", "UKR"), NoSharedBorderError, "share no land border"),
    ("Russia", InputError, "cannot read"),
    (42, InputError, "cannot use a int"),
    (shapely.box(0, 0, 1, 1), InputError, "boundary"),
    (shapely.LineString([(4e6, 3e6), (4.1e6, 3e6)]), InputError, "not lon/lat"),
    (gpd.GeoDataFrame(geometry=[shapely.LineString([(0, 0), (1, 1)])]), MissingCRSError, "no coordinate"),
])
def test_bad_borders_raise_clear_errors(border, error, text):
    with pytest.raises(error, match=text):
        geo.distance_to_border(points(BELGOROD), border)


# --------------------------------------------------------------------------- bands

@pytest.fixture(scope="module")
def bands():
    return geo.border_bands("RUS-UKR", [10_000, 25_000, 50_000])


def test_bands_are_labelled_and_disjoint(bands):
    assert bands.crs.to_epsg() == 4326
    assert list(bands.columns) == ["label", "inner_m", "outer_m", "area_m2", "geometry"]
    assert bands["label"].tolist() == ["0–10 km", "10–25 km", "25–50 km"]
    assert bands["inner_m"].tolist() == [0, 10_000, 25_000]
    geoms = bands.geometry.to_numpy()
    assert shapely.area(shapely.intersection(geoms[0], geoms[1])) < 1e-9
    # ~1,524 km of border, two-sided: area ~ 2 * length * width, less where the ends are open.
    assert bands["area_m2"].iloc[0] == pytest.approx(2 * 1.524e6 * 10_000, rel=0.1)


def test_band_edges_lie_at_their_geodesic_distance(bands):
    """Outer edges within 0.05% + 1 m of the nominal distance (round caps are 128-gons)."""
    assert len(bands) == 3
    for i, row in bands.iterrows():
        shape = shapely.union_all(bands.geometry.to_numpy()[: i + 1])
        edge = shapely.line_interpolate_point(shape.exterior, np.linspace(0, 1, 600), normalized=True)
        d = geo.distance_to_border(gpd.GeoDataFrame(geometry=edge, crs=4326), "RUS-UKR")["border_distance_m"]
        assert np.abs(d - row["outer_m"]).max() <= 0.0005 * row["outer_m"] + 1.0, row["label"]


def test_classify_bands_agrees_with_exact_distance(bands):
    rng = np.random.default_rng(8)
    probes = points(*zip(rng.uniform(31, 41, 400), rng.uniform(46, 53, 400), strict=True))
    label = geo.classify_bands(probes, bands)
    d = geo.distance_to_border(probes, "RUS-UKR")["border_distance_m"]
    expected = pd.cut(d, [0, 10_000, 25_000, 50_000], labels=bands["label"], right=False, include_lowest=True)
    clear = np.abs(d.to_numpy()[:, None] - np.array([10_000, 25_000, 50_000])).min(axis=1) > 50
    assert (label[clear].fillna("none") == expected[clear].astype(object).fillna("none")).all()
    assert label.index.equals(probes.index)


def test_bands_clip_to_one_country():
    bands = geo.border_bands("RUS-UKR", [10_000, 25_000], clip_to="RUS")
    russia = geo.country("RUS")
    for shape in bands.geometry:
        assert shapely.area(shapely.difference(shape, russia)) < 1e-9
    # 17 km from the border on the way to Belgorod: inside Russia, second band.
    _, toward_belgorod = geo.geodesic_inverse(*BELGOROD_BORDER_POINT, *BELGOROD)
    inside = tuple(float(v) for v in destination(*BELGOROD_BORDER_POINT, toward_belgorod, 17_000.0))
    assert geo.classify_bands(points(KHARKIV, inside, BELGOROD), bands).tolist() == [None, "10–25 km", None]


@pytest.mark.parametrize("distances", [[], [0, 10], [25_000, 10_000], [5, 5], ["far"]])
def test_bad_band_distances_raise(distances):
    with pytest.raises(InputError):
        geo.border_bands("RUS-UKR", distances)


# --------------------------------------------------------------------------- towns

def test_nearest_places_phrase_for_a_point_34_km_sw_of_belgorod():
    lon, lat = destination(*BELGOROD, 225.0, 34_000.0)
    out = geo.nearest_places(points((float(lon), float(lat))), k=1, min_population=300_000)
    row = out.iloc[0]
    assert (row["name"], row["country"], row["rank"], row["point"]) == ("Belgorod", "RUS", 1, 0)
    assert row["distance_m"] == pytest.approx(34_000.0, abs=1e-3)
    assert row["bearing_deg"] == pytest.approx(225.0, abs=1e-6)
    assert row["phrase"] == "34 km SW of Belgorod"


def test_nearest_places_match_a_brute_force_search():
    towns = geo.places(min_population=100_000)
    rng = np.random.default_rng(4)
    lon, lat = rng.uniform(-180, 180, 25), rng.uniform(-60, 75, 25)
    probes = points(*zip(lon, lat, strict=True)).set_index(pd.Index([f"p{i}" for i in range(25)]))
    out = geo.nearest_places(probes, k=3, min_population=100_000)
    assert list(out.columns) == ["point", "rank", "name", "country", "population", "distance_m", "bearing_deg",
                                 "phrase", "lon", "lat"]
    for i in range(25):
        d = geodesic_distance(towns["lon"], towns["lat"], np.full(len(towns), lon[i]), np.full(len(towns), lat[i]))
        mine = out[out["point"] == f"p{i}"]
        assert mine["rank"].tolist() == [1, 2, 3]
        assert mine["distance_m"].to_numpy() == pytest.approx(np.sort(d)[:3], abs=1e-6)


def test_nearest_places_read_few_towns_names_from_their_row_groups_alike(monkeypatch):
    """Names and countries of a few towns found (read from their gazetteer row groups) are those of the columns
    of every town (read when many towns are found)."""
    import importlib

    module = importlib.import_module("geo.analysis.places")
    rng = np.random.default_rng(5)
    probes = points(*zip(rng.uniform(20, 45, 40), rng.uniform(44, 56, 40), strict=True))
    few = geo.nearest_places(probes, k=3, min_population=500)
    assert few["name"].nunique() <= module._FEW_TOWNS
    monkeypatch.setattr(module, "_FEW_TOWNS", -1)
    every = geo.nearest_places(probes, k=3, min_population=500)
    pd.testing.assert_frame_equal(few, every)
    assert {"UKR", "RUS"} <= set(few["country"]) and few["country"].str.fullmatch("[A-Z]{3}").all()


def test_place_phrases():
    assert geo.place_phrase(34_400, 225, "Belgorod") == "34 km SW of Belgorod"
    assert geo.place_phrase(1_000, 90, "Shebekino") == "1 km E of Shebekino"
    assert geo.place_phrase(420, 10, "Shebekino") == "400 m N of Shebekino"
    assert geo.place_phrase(30, 10, "Shebekino") == "at Shebekino"


# --------------------------------------------------------------------------- locate

def test_locate_countries_and_sea():
    probes = points(BELGOROD, KHARKIV, (34.10, 44.95), (31.0, 43.0), (178.44, -18.14), (-178.5, -18.0))
    out = geo.locate(probes)
    # Simferopol is Ukrainian in the bundled point of view; (31, 43) is the Black Sea.
    assert out["country"].tolist() == ["RUS", "UKR", "UKR", None, "FJI", None]
    assert out.index.equals(probes.index)


# --------------------------------------------------------------------------- which side (issue 14)

def test_border_side_names_the_country_of_the_pair_holding_each_point():
    towns = [geo.geocode(name) for name in ("Prudianka", "Kharkiv", "Grayvoron", "Belgorod", "Kozacha Lopan")]
    pts = gpd.GeoDataFrame(geometry=[t.geometry for t in towns], crs="EPSG:4326")
    out = geo.distance_to_border(pts, "RUS-UKR")
    assert out["border_side"].tolist() == ["UKR", "UKR", "RUS", "RUS", "UKR"]
    # Kozacha Lopan lies 1.3 km from the 1:10m line: which side is flagged uncertain; the others are 8+ km away.
    assert out["border_distance_m"].iat[4] == pytest.approx(1_293, abs=50)
    assert out["border_side_uncertain"].tolist() == [False, False, False, False, True]


def test_border_side_at_sea_is_unknown_and_uncertain():
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([35.0], [45.9]), crs="EPSG:4326")  # Sea of Azov
    out = geo.distance_to_border(pts, "RUS-UKR")
    assert out["border_side"].tolist() == [None] and out["border_side_uncertain"].tolist() == [True]


def test_border_side_with_nearest_follows_each_points_pair():
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.58, 27.7], [50.60, 53.9]), crs="EPSG:4326")  # Belgorod, Minsk
    out = geo.distance_to_border(pts, "nearest")
    assert out["border_side"].iat[0] == "RUS" and out["border_side"].iat[1] == "BLR"


def test_a_country_cut_to_the_points_answers_as_the_whole_country():
    from geo.reference._pointin import holds_xy

    rng = np.random.default_rng(14)
    border_xy = shapely.get_coordinates(geo.border("RUS", "UKR"))
    outline_xy = shapely.get_coordinates(geo.country("RUS"))
    outline_xy = outline_xy[(outline_xy[:, 0] > 30) & (outline_xy[:, 0] < 41) & (outline_xy[:, 1] > 44)]
    xy = np.concatenate([
        border_xy[rng.integers(0, len(border_xy), 3_000)] + rng.normal(0, 0.02, (3_000, 2)),  # near the line
        border_xy[:500], outline_xy[:500],  # on the outlines' own vertices
        (border_xy[:-1] + border_xy[1:])[:500] / 2,  # halfway along the line's segments
        np.column_stack([rng.uniform(30, 41, 2_000), rng.uniform(44, 53, 2_000)]),  # the region, and the sea
        [[np.nan, 50.0], [36.0, np.nan], [179.9, 66.0], [-170.0, 65.9]],  # missing; Chukotka on both meridians
    ])
    for code in ("RUS", "UKR"):
        for predicate, whole in (("within", shapely.contains_xy), ("intersects", shapely.intersects_xy)):
            expected = whole(geo.country(code), xy[:, 0], xy[:, 1])
            assert expected.any() and not expected.all()
            assert np.array_equal(holds_xy(geo.country(code), xy[:, 0], xy[:, 1], predicate=predicate), expected)
    # on the edge: held by "intersects", not "within", cut or not
    on_edge = outline_xy[:50]
    assert holds_xy(geo.country("RUS"), on_edge[:, 0], on_edge[:, 1]).all()
    assert not holds_xy(geo.country("RUS"), on_edge[:, 0], on_edge[:, 1], predicate="within").any()
    # no located point at all: each answer False, as the whole country gives it
    assert not holds_xy(geo.country("RUS"), np.array([np.nan]), np.array([np.nan])).any()


def test_every_bundled_country_is_a_valid_polygon():
    """What cutting a country to the points (holds_xy) relies on to give the whole country's answers."""
    from geo.reference.countries import _country_shapes, data_file

    shapes = _country_shapes(str(data_file("countries.parquet")))
    assert len(shapes) > 200 and shapely.is_valid(shapes).all()
