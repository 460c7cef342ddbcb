"""Many incidents: the vectorised analysis gives what the per-row code gave, for every row."""

from __future__ import annotations

import base64

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import geo
from geo.analysis import case as case_module
from geo.geodesy import geodesic_area, geodesic_circle, geodesic_circles
from geo.input.model import Scenario
from geo.reference._pointin import first_hit, first_hit_xy


def synthetic(n: int, seed: int = 7) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    precision = rng.choice([1, 2, 3], n)
    return gpd.GeoDataFrame(
        {"id": [f"ev-{i}" for i in range(n)],
         "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D"),
         "event_type": rng.choice(["Battles", "Explosions/Remote violence", "Protests"], n),
         "location_precision": precision,
         "uncertainty_m": np.choose(precision - 1, [100.0, 5_000.0, 50_000.0]),
         "fatalities_low": rng.integers(0, 12, n)},
        geometry=gpd.points_from_xy(rng.uniform(33, 40, n), rng.uniform(47, 52.3, n)), crs="EPSG:4326")


def test_band_of_matches_the_row_by_row_rule():
    bands = pd.DataFrame({"label": ["0–10 km", "10–25 km", "25–50 km"], "inner_m": [0.0, 1e4, 2.5e4],
                          "outer_m": [1e4, 2.5e4, 5e4]})
    distances = np.array([0.0, 9_999.9, 10_000.0, 24_999.0, 25_000.0, 49_999.0, 50_000.0, 8e5, np.nan, np.inf])
    expected = []
    for d in distances:
        hit = bands[(bands["inner_m"] <= d) & (d < bands["outer_m"])] if np.isfinite(d) else bands.iloc[0:0]
        expected.append(str(hit["label"].iloc[0]) if len(hit) else None)
    assert case_module._band_of(distances, bands).tolist() == expected


def test_geodesic_circles_equal_one_at_a_time_including_antimeridian_and_pole():
    lon = np.array([36.58, 179.99, -179.5, 10.0, 0.0])
    lat = np.array([50.60, 10.0, -20.0, 89.95, -89.99])
    radius = np.array([8_000.0, 30_000.0, 100.0, 20_000.0, 5_000.0])
    many = geodesic_circles(lon, lat, radius)
    for k in range(lon.size):
        one = geodesic_circle(lon[k], lat[k], radius[k])
        assert many[k].geom_type == one.geom_type
        assert geodesic_area(many[k]) == pytest.approx(geodesic_area(one), rel=1e-12)
    with pytest.raises(ValueError):
        geodesic_circles([0.0], [0.0], [0.0])


def test_first_hit_agrees_with_the_tree_predicates():
    rng = np.random.default_rng(3)
    boxes = shapely.buffer(shapely.points(rng.uniform(0, 10, 40), rng.uniform(0, 10, 40)), rng.uniform(0.3, 2, 40))
    tree = shapely.STRtree(boxes)
    points = shapely.points(rng.uniform(-1, 11, 5_000), rng.uniform(-1, 11, 5_000))
    for predicate in ("intersects", "within"):
        pt, geom = tree.query(points, predicate=predicate)
        expected = np.full(len(points), -1)
        for p, g in sorted(zip(pt.tolist(), geom.tolist(), strict=True), key=lambda pair: (pair[0], -pair[1])):
            expected[p] = g  # the lowest index wins
        assert (first_hit(tree, points, predicate=predicate) == expected).all()
        # on coordinates, without point geometries: the same answer, points on edges included
        on_edge = shapely.get_coordinates(shapely.boundary(boxes[:5]))[::7]
        x = np.r_[shapely.get_x(points), on_edge[:, 0]]
        y = np.r_[shapely.get_y(points), on_edge[:, 1]]
        assert (first_hit_xy(boxes, x, y, predicate=predicate)
                == first_hit(tree, shapely.points(x, y), predicate=predicate)).all()


@pytest.fixture(scope="module")
def many_case():
    frame = synthetic(1_500)
    frame.loc[[3, 700], "geometry"] = None  # unlocated rows keep their place
    return geo.analyze(Scenario(title="many", incidents=frame, borders=[("RUS", "UKR")]))


def test_each_incident_gets_its_own_band_phrase_and_country(many_case):
    inc = many_case.incidents
    assert len(inc) == 1_500 and inc.loc[[3, 700], "border_distance_m"].isna().all()
    # band from the exact distance, per row
    bands = many_case.bands
    for _, row in inc.sample(200, random_state=1).iterrows():
        d = row["border_distance_m"]
        hit = bands[(bands["inner_m"] <= d) & (d < bands["outer_m"])] if np.isfinite(d) else bands.iloc[0:0]
        expected = hit["label"].iloc[0] if len(hit) else None
        assert row["band"] == expected if expected is not None else pd.isna(row["band"])
    # nearest town phrase of each incident is its own rank-1 town
    first = many_case.nearest[many_case.nearest["rank"] == 1].set_index("incident_id")["phrase"]
    phrases = [None if pd.isna(p) else p for p in inc["nearest_phrase"]]
    assert phrases == [first.get(i) for i in inc["id"]]
    assert (many_case.nearest.groupby("incident_id").size() == 3).all()
    # country per row, as geo.locate says for that point alone
    sample = inc.dropna(subset=["border_distance_m"]).sample(50, random_state=2)
    alone = pd.concat([geo.locate(sample.iloc[[k]]) for k in range(len(sample))])
    assert sample["country"].tolist() == alone["country"].tolist()
    assert set(many_case.uncertainty["incident_id"]) == set(inc["id"]) - {"ev-3", "ev-700"}


def test_uncertainty_circles_beyond_the_limit_leave_a_note(monkeypatch):
    monkeypatch.setattr(case_module, "UNCERTAINTY_CIRCLES_MAX", 10)
    case = geo.analyze(Scenario(title="many", incidents=synthetic(40), borders=[("RUS", "UKR")]))
    assert len(case.uncertainty) == 0
    assert any("drawn for the incident a reader selects" in note for note in case.notes)


def test_bands_are_built_once_per_border_set_and_handed_out_as_copies(monkeypatch):
    from geo.analysis import _case_bands

    scenario = Scenario(title="few", incidents=synthetic(5), borders=[("RUS", "UKR")])
    built = []
    build = _case_bands.border_bands
    monkeypatch.setattr(_case_bands, "border_bands", lambda *a, **k: built.append(a) or build(*a, **k))
    monkeypatch.setattr(_case_bands, "_BUILT", {})
    monkeypatch.setattr(geo.settings, "processes", False)  # built here, where it is counted (test_ahead forks)
    first = geo.analyze(scenario)
    first.bands.loc[0, "label"] = "changed by a caller"
    second = geo.analyze(scenario)
    assert len(built) == 1
    assert second.bands["label"].iloc[0] == "0–10 km"


def test_place_phrases_of_many_points_read_as_one_at_a_time():
    from geo.analysis.places import _place_phrases, place_phrase

    rng = np.random.default_rng(0)
    distance = np.r_[rng.uniform(0, 3_000, 3_000), rng.uniform(0, 5e5, 3_000),
                     [np.nan, 49.9, 50, 949.9, 950, 1_499, 1_500, 2_500, 250, 350]]
    bearing = rng.uniform(-10, 370, distance.size)
    names = np.array(["Belgorod", "Kharkiv"] * (distance.size // 2))
    assert _place_phrases(distance, bearing, names).tolist() == [
        place_phrase(d, b, n) for d, b, n in zip(distance, bearing, names, strict=True)]


def test_points_in_the_survey_slivers_snap_to_the_region_a_local_projection_finds():
    """The vectorised snapping picks what measuring each point in its own aeqd projection picks."""
    from geo.reference.countries import countries
    from geo.reference.regions import _locate
    from geo.reference.regions._local import aeqd, degree_margin, project
    from geo.reference.regions._registry import _current

    rng = np.random.default_rng(5)
    pts = shapely.points(rng.uniform(30, 48, 2_000), rng.uniform(43, 56, 2_000))  # ~150 land in a sliver
    frame = _current()
    # Regions from another survey than the country outlines leave slivers between them: shrink the
    # bundled ones by ~3 km to make such slivers along every region edge.
    frame = frame[frame["country"].isin(["RUS", "UKR"])].copy()
    frame["geometry"] = shapely.buffer(frame.geometry.values, -0.03)
    frame = frame.reset_index(drop=True)
    missing = pts[_locate.first_hit(shapely.STRtree(frame.geometry.values), pts, predicate="within") < 0]
    tol = 10_000.0
    world = countries()
    world = world[world["iso_a3"].isin(set(frame["country"]))]
    expected = {}
    pi, ci = shapely.STRtree(world.geometry.values).query(missing, predicate="within")
    for p, c in zip(pi, ci, strict=True):
        mine = frame[frame["country"] == world["iso_a3"].iat[c]]
        lon, lat = missing[p].x, missing[p].y
        dlon, dlat = degree_margin(tol, abs(lat))
        cand = np.flatnonzero(shapely.intersects(mine.geometry.values,
                                                 shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)))
        if cand.size:
            dist = shapely.distance(project(mine.geometry.values[cand], aeqd(round(lon, 5), round(lat, 5))),
                                    shapely.Point(0.0, 0.0))
            if dist.min() <= tol:
                expected[int(p)] = mine["name"].iat[cand[int(np.argmin(dist))]]
    assert len(expected) > 20
    assert dict(_locate._snap_to_regions(missing, frame, tol)) == expected


def test_nearest_mode_draws_only_borders_nearest_for_a_meaningful_share():
    rng = np.random.default_rng(9)
    east = gpd.points_from_xy(rng.uniform(37.5, 39.5, 300), rng.uniform(47.5, 49.5, 300))
    west = gpd.points_from_xy([28.2, 24.0, 22.6], [47.0, 50.5, 48.3])  # near Moldova, Poland, Hungary/Slovakia
    frame = gpd.GeoDataFrame({"id": [f"e{i}" for i in range(303)]},
                             geometry=gpd.GeoSeries(list(east) + list(west), crs="EPSG:4326"), crs="EPSG:4326")
    case = geo.analyze(Scenario(title="nearest", incidents=frame))
    assert case.borders["countries"].tolist() == ["RUS-UKR"]
    truth = geo.distance_to_border(frame, "nearest")
    # every incident keeps its true nearest border and distance, drawn or not
    assert case.incidents["border_countries"].tolist() == truth["border_countries"].tolist()
    assert np.allclose(case.incidents["border_distance_m"], truth["border_distance_m"])
    dropped = set(truth["border_countries"]) - {"RUS-UKR"}
    assert len(dropped) >= 2
    note = next(n for n in case.notes if "not drawn" in n)
    assert all(pair in note for pair in dropped)


def test_popup_texts_are_coded_once_per_distinct_value_and_read_as_the_cells():
    """A map of many incidents carries each distinct popup text once with a code per row; the texts are the
    cells stripped, blank or missing cells have none, and the codes spell out exactly the rows."""
    from geo.render.webmap._fields import _field_column
    from geo.render.webmap._records import Coded, _text_coded

    cells = ["Shelling", " Shelling ", "", None, "Air strike", float("nan"), "  ", "Air strike"] * 5
    frame = pd.DataFrame({"event_type": cells, "plain": pd.array([c if isinstance(c, str) else None for c in cells],
                                                                 dtype="string")})
    expected = [c.strip() or None if isinstance(c, str) else None for c in cells]
    for column in ("event_type", "plain"):
        coded = _text_coded(frame, column)
        assert isinstance(coded, Coded) and coded.tolist() == expected
        assert [coded[i] for i in range(len(cells))] == expected
        assert sorted(coded.texts) == ["Air strike", "Shelling"]
        spec = _field_column(coded)
        assert spec["d"] == coded.texts and "i1" in spec["c"]  # dictionary-coded: 40 rows, 2 texts, 1 byte a code
    assert _text_coded(frame, "absent").tolist() == [None] * len(cells)
    # texts no row uses are left out and a text made twice (two inputs, one display) is written once
    spread = Coded(np.array([2, -1, 0, 2, 0, 3] * 10), ["5 km", "unused", "35.4 km", "5 km"])
    spec = _field_column(spread)
    assert spec["d"] == ["35.4 km", "5 km"]
    codes = np.frombuffer(base64.b64decode(spec["c"]["i1"]), dtype="<i1")
    assert [spec["d"][c] if c >= 0 else None for c in codes] == spread.tolist()


def test_uncertainty_circles_and_their_page_are_those_of_the_row_by_row_computation(tmp_path):
    """Circles are built and measured once per distinct (lon, lat, radius), areas read in one vectorised
    pass: the frame equals, bit for bit, one circle and one area per row, and so does the page drawn from it."""
    from geo.geodesy import geodesic_areas
    from geo.render.webmap import ImpactMap

    events = synthetic(300, seed=23)
    events.loc[events.index[::7], "geometry"] = events.geometry.iloc[0]  # repeated points, as sheets have
    events.loc[events.index[1::11], "uncertainty_m"] = np.nan  # no radius: no circle
    case = geo.analyze(Scenario(title="Circles", incidents=events, borders=[("RUS", "UKR")]))
    got = case.uncertainty
    keep = events["uncertainty_m"].notna().to_numpy()
    assert len(got) == keep.sum() > 200 and got["radius_m"].nunique() == 3
    rows = events[keep]
    circles = [geodesic_circle(p.x, p.y, r) for p, r in zip(rows.geometry, rows["uncertainty_m"], strict=True)]
    assert got["incident_id"].tolist() == rows["id"].tolist()
    assert got["area_m2"].tolist() == [geodesic_area(c) for c in circles]  # exact, not approximate
    assert all(shapely.equals_exact(a, b, tolerance=0) for a, b in zip(got.geometry, circles, strict=True))
    assert geodesic_areas(np.array(circles, dtype=object)).tolist() == [geodesic_area(c) for c in circles]
    reference = gpd.GeoDataFrame({"incident_id": rows["id"].to_numpy(dtype=object),
                                  "radius_m": rows["uncertainty_m"].to_numpy(dtype=float),
                                  "area_m2": [geodesic_area(c) for c in circles]},
                                 geometry=gpd.GeoSeries(circles, crs="EPSG:4326"), crs="EPSG:4326")
    pages = [ImpactMap.from_analysis(case, tiles="none").add_uncertainty(frame).save(tmp_path / f"{k}.html")
             for k, frame in enumerate([got, reference])]
    assert pages[0].read_bytes() == pages[1].read_bytes()
    assert b"Where the incident could be" in pages[0].read_bytes()


def test_geodesic_areas_of_mixed_geometries_equal_one_at_a_time():
    from geo.geodesy import geodesic_areas, geodesic_ring

    shapes = [geodesic_circle(36.0, 50.0, 9_000.0), geodesic_ring(36.0, 50.0, 2_000.0, 9_000.0),
              geodesic_circle(179.99, 10.0, 30_000.0), shapely.Polygon(), None, shapely.Point(1, 2),
              shapely.MultiPolygon([geodesic_circle(30.0, 50.0, 1_000.0), geodesic_circle(31.0, 50.0, 2_000.0)])]
    assert geodesic_areas(np.array(shapes, dtype=object)).tolist() == [geodesic_area(s) for s in shapes]
    assert geodesic_areas([]).size == 0


def test_a_map_of_many_incidents_asks_the_analysis_for_one_town_and_no_circles(monkeypatch, tmp_path):
    """The CLI sets analysis options; it does not edit the scenario. analyze() keeps its defaults, and the
    page of a map of many incidents is the same either way."""
    from click.testing import CliRunner

    from geo.cli.main import cli
    from geo.render.webmap import ImpactMap
    from geo.render.webmap.impact_map import DECORATE_ALL_MAX

    events = synthetic(DECORATE_ALL_MAX + 50, seed=5)
    scenario = Scenario(title="Many", incidents=events, borders=[("RUS", "UKR")])
    full = geo.analyze(scenario)
    assert scenario.map.nearest_towns == 3 and full.nearest["rank"].max() == 3 and len(full.uncertainty) == len(events)
    lean = geo.analyze(scenario, nearest_towns=1, uncertainty_circles=False)
    assert scenario.map.nearest_towns == 3  # not modified
    assert lean.nearest["rank"].max() == 1 and len(lean.uncertainty) == 0 and lean.notes == full.notes
    pd.testing.assert_frame_equal(lean.nearest.reset_index(drop=True),
                                  full.nearest[full.nearest["rank"] == 1].reset_index(drop=True))
    pd.testing.assert_frame_equal(lean.incidents, full.incidents)
    pages = [ImpactMap.from_analysis(c, tiles="none").save(tmp_path / f"{k}.html") for k, c in enumerate([full, lean])]
    assert pages[0].read_bytes() == pages[1].read_bytes()

    seen = []
    real = case_module.analyze
    monkeypatch.setattr(case_module, "analyze", lambda s, **options: seen.append(options) or real(s, **options))
    csv = tmp_path / "events.csv"
    pd.DataFrame({"id": events["id"], "lon": events.geometry.x, "lat": events.geometry.y,
                  "uncertainty_m": events["uncertainty_m"]}).to_csv(csv, index=False)
    for extra, expected in [([], {"nearest_towns": 1, "uncertainty_circles": False}),
                            (["--png", str(tmp_path / "m.png")], {"nearest_towns": None, "uncertainty_circles": True})]:
        result = CliRunner().invoke(cli, ["map", str(csv), "--border", "RUS-UKR", "--tiles", "none",
                                          "-o", str(tmp_path / "m.html"), *extra])
        assert result.exit_code == 0, result.output
        assert seen.pop() == expected


def test_the_analysis_leaves_the_scenarios_incidents_as_they_were():
    """The analysed incidents share the scenario's columns (copied on write), never change them: a region and a
    country the scenario gives stay in its frame while the analysis's frame has its own."""
    frame = synthetic(300, seed=4)
    frame["country"] = "XXX"
    frame["region"] = None
    frame.loc[0, "region"] = "Named Oblast"
    before = frame.copy()
    case = geo.analyze(Scenario(title="kept", incidents=frame, borders=[("RUS", "UKR")]))
    pd.testing.assert_frame_equal(frame, before)
    assert set(case.incidents["country"]) - {None} <= {"RUS", "UKR"} and case.incidents["region"].iloc[0] == "Named Oblast"
    case.incidents.loc[1, "event_type"] = "changed"
    case.incidents["fatalities_low"] = 0
    pd.testing.assert_frame_equal(frame, before)
