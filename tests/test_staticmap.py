"""Static maps: drawn from bundled vector data, checked on the rendered pixels and artists.

References: the scale bar and the north arrow are checked against pyproj's
Geod (WGS84, GeographicLib algorithms), independently of how they were drawn.
"""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyproj
import pytest
import shapely
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation
from report_cases import damage_data, scenario_from

import geo
from geo.input.model import Scenario

SEED = Path(__file__).resolve().parents[1] / "seeds" / "belgorod-2023-04-20.yaml"
GEOD = pyproj.Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def case() -> geo.CaseAnalysis:
    return geo.analyze(geo.load_scenario(SEED))


@pytest.fixture(scope="module")
def figure(case):
    return geo.static_map(case)


def _lonlat(ax, x, y):
    to_lonlat = pyproj.Transformer.from_crs(ax.geo_crs, 4326, always_xy=True)
    return to_lonlat.transform(x, y)


def test_png_is_reproducible_and_sized(case):
    first = geo.static_map_png(case, dpi=100)
    second = geo.static_map_png(case, dpi=100)
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert first == second  # same analysis, same bytes
    assert b"matplotlib" not in first  # no version stamp that would change the bytes on upgrade
    from PIL import Image

    image = Image.open(io.BytesIO(first))
    assert image.size == (900, 650)  # 9 x 6.5 inches at 100 dpi


def test_incident_is_drawn_where_it_is(case, figure):
    """Read the rendered pixels at the incident's projected position: the star is ink-dark."""
    ax = figure.axes[0]
    figure.canvas.draw()
    pixels = np.asarray(figure.canvas.buffer_rgba())[..., :3].astype(int)
    to_map = pyproj.Transformer.from_crs(4326, ax.geo_crs, always_xy=True)
    point = case.incidents.geometry.iat[0]
    x, y = ax.transData.transform(to_map.transform(point.x, point.y))
    row, col = pixels.shape[0] - int(round(y)), int(round(x))
    patch = pixels[row - 2:row + 3, col - 2:col + 3]
    assert patch.sum(axis=2).min() < 150, "no dark star at the incident's position"
    # Far from any layer, the same map is light land colour.
    corner = pixels[pixels.shape[0] // 3, pixels.shape[1] // 2 + 200]
    assert corner.sum() > 600


def test_scale_bar_length_is_geodesic(figure):
    ax = figure.axes[0]
    bars = sorted((p for p in ax.patches if isinstance(p, Rectangle) and p.get_zorder() == 12),
                  key=lambda p: p.get_x())
    assert len(bars) == 2
    x0, y0 = bars[0].get_x(), bars[0].get_y()
    x1 = bars[1].get_x() + bars[1].get_width()
    label = next(t.get_text() for t in ax.texts if t.get_text().endswith(" km") and t.get_zorder() == 12)
    stated_m = float(label.split()[0]) * 1000
    lon0, lat0 = _lonlat(ax, x0, y0)
    lon1, lat1 = _lonlat(ax, x1, y0)
    measured = GEOD.inv(lon0, lat0, lon1, lat1)[2]
    assert abs(measured - stated_m) / stated_m < 0.005  # drawn length matches the label within 0.5 %


def test_north_arrow_points_to_true_north(figure):
    ax = figure.axes[0]
    arrow = next(t for t in ax.texts if isinstance(t, Annotation) and t.arrow_patch is not None)
    (tx, ty), (hx, hy) = arrow.xyann, arrow.xy
    lon0, lat0 = _lonlat(ax, tx, ty)
    lon1, lat1 = _lonlat(ax, hx, hy)
    azimuth = GEOD.inv(lon0, lat0, lon1, lat1)[0]
    assert abs(azimuth) < 0.5  # degrees from true north


def test_layers_and_legend(case, figure):
    ax = figure.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Russia–Ukraine border" in legend
    labels = case.bands["label"].tolist()
    assert labels  # the case has bands, so the loop below checks something
    for label in labels:
        assert f"{label} from the border" in legend
    assert "Shortest distance to the border" in legend
    assert "Where the incident may be (uncertainty)" in legend
    assert "Region: Belgorod Oblast, Kharkiv Oblast" in legend  # both sides of the analysed border
    texts = {t.get_text() for t in ax.texts}
    assert "35.4 km" in texts  # the drawn distance label agrees with the analysis
    assert {"Belgorod", "Kharkiv", "Shebekino"} <= texts
    assert "N" in texts
    credit = " ".join(t.get_text() for t in figure.texts)
    assert f"Natural Earth 10m v{geo.natural_earth_version()}" in credit and "GeoNames" in credit


def test_view_holds_every_focus_point(case, figure):
    ax = figure.axes[0]
    to_map = pyproj.Transformer.from_crs(4326, ax.geo_crs, always_xy=True)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    lons = [p.x for p in case.places.geometry] + [case.incidents["border_lon"].iat[0]]
    lats = [p.y for p in case.places.geometry] + [case.incidents["border_lat"].iat[0]]
    xs, ys = to_map.transform(lons, lats)
    assert np.all((x0 < np.asarray(xs)) & (np.asarray(xs) < x1) & (y0 < np.asarray(ys)) & (np.asarray(ys) < y1))


def _scenario(lons, lats, **kwargs) -> Scenario:
    incidents = gpd.GeoDataFrame({"id": [f"i{k}" for k in range(len(lons))], "uncertainty_m": 2000.0,
                                  "location_precision": 1},
                                 geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")
    return Scenario(title="Test case", incidents=geo.validate_incidents(incidents), **kwargs)


def test_antimeridian_view_stays_local():
    """Incidents either side of 180° are drawn 10 km apart, on a map centred near 180°, not around the globe."""
    case = geo.analyze(_scenario([179.9, -179.9], [65.0, 65.05]))
    fig = geo.static_map(case)
    ax = fig.axes[0]
    lon0, _ = _lonlat(ax, np.mean(ax.get_xlim()), np.mean(ax.get_ylim()))
    assert abs(lon0) > 160  # the view's centre lies across the antimeridian, not near Greenwich
    to_map = pyproj.Transformer.from_crs(4326, ax.geo_crs, always_xy=True)
    xs, ys = to_map.transform([179.9, -179.9], [65.0, 65.05])
    apart = float(np.hypot(xs[1] - xs[0], ys[1] - ys[0]))
    assert abs(apart - GEOD.inv(179.9, 65.0, -179.9, 65.05)[2]) < 50  # metres: the two sit side by side
    x0, x1 = ax.get_xlim()
    assert x0 < min(xs) and max(xs) < x1
    assert x1 - x0 < 3_000_000  # framed by the nearest town and border, not the whole globe
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)
    land = np.all(np.abs(pixels - (246, 244, 239)) < 4, axis=2).mean()
    assert land > 0.05, "Chukotka's land should be drawn"


def test_located_damage_is_drawn():
    case = geo.analyze(scenario_from(damage_data()))
    fig = geo.static_map(case)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Damage area: severe" in legend  # by severity, in the interactive map's colours
    hatched = [c for c in fig.axes[0].collections if c.get_hatch() == "///"]
    assert hatched, "the located damage area is drawn hatched"


def test_nothing_to_draw_is_a_clear_error():
    empty = gpd.GeoDataFrame({"id": []}, geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")
    case = geo.CaseAnalysis(scenario=Scenario(title="empty", incidents=empty), incidents=empty, borders=empty,
                            bands=empty, nearest=empty.drop(columns="geometry"), uncertainty=empty,
                            damage=empty, regions=empty, places=empty)
    with pytest.raises(ValueError, match="nothing to draw"):
        geo.static_map(case)


def test_write_static_map_is_atomic(case, tmp_path, monkeypatch):
    out = tmp_path / "map.png"
    assert geo.write_static_map(case, out, dpi=60) == out
    assert out.read_bytes()[:4] == b"\x89PNG"

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("geo.render.staticmap._figure.static_map_png", boom)
    with pytest.raises(RuntimeError):
        geo.write_static_map(case, tmp_path / "other.png")
    assert not (tmp_path / "other.png").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.png"]


def test_geometry_of_border_line_is_geodesic(case, figure):
    """The drawn shortest line ends on the border point the analysis found."""
    ax = figure.axes[0]
    lines = [ln for ln in ax.lines if ln.get_linestyle() not in ("-", "None") and len(ln.get_xdata()) > 10]
    assert lines
    x, y = lines[0].get_xdata(), lines[0].get_ydata()
    lon_end, lat_end = _lonlat(ax, x[-1], y[-1])
    row = case.incidents.iloc[0]
    assert GEOD.inv(lon_end, lat_end, row["border_lon"], row["border_lat"])[2] < 1.0
    lon_start, lat_start = _lonlat(ax, x[0], y[0])
    assert shapely.Point(lon_start, lat_start).distance(row.geometry) < 1e-6


def test_cli_map_png(tmp_path):
    from click.testing import CliRunner

    from geo.cli.main import cli

    html, png = tmp_path / "case.html", tmp_path / "case.png"
    result = CliRunner().invoke(cli, ["-q", "map", str(SEED), "-o", str(html), "--png", str(png)])
    assert result.exit_code == 0, result.output
    assert html.stat().st_size > 0 and png.read_bytes()[:4] == b"\x89PNG"
    assert png.read_bytes() == geo.static_map_png(geo.analyze(geo.load_scenario(SEED)))
    bad = CliRunner().invoke(cli, ["map", str(SEED), "-o", str(tmp_path / "x.html"), "--png", str(tmp_path / "x.jpg")])
    assert bad.exit_code == 2 and "PNG" in bad.output and "Traceback" not in bad.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.html", "case.png"]


def test_cli_map_png_failure_leaves_no_files(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from geo.cli.main import cli

    def boom(*args, **kwargs):
        raise geo.InputError("cannot draw", source="test")

    monkeypatch.setattr("geo.render.staticmap.static_map_png", boom)
    result = CliRunner().invoke(cli, ["map", str(SEED), "-o", str(tmp_path / "m.html"), "--png",
                                      str(tmp_path / "m.png")])
    assert result.exit_code == 2 and "cannot draw" in result.output
    assert list(tmp_path.iterdir()) == []  # no HTML without its PNG either


def test_legend_covers_no_data(case, figure):
    """The legend sits beside the map: its box meets neither the map's axes nor the drawn border or incident."""
    ax = figure.axes[0]
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    assert not legend.overlaps(ax.get_window_extent(renderer))
    assert figure.bbox.contains(legend.x0, legend.y0) and figure.bbox.contains(legend.x1, legend.y1)
    # Every drawn point of the border line and the incident (in display coordinates) lies outside the legend.
    to_map = pyproj.Transformer.from_crs(4326, ax.geo_crs, always_xy=True)
    line = shapely.segmentize(case.borders.geometry.iat[0], 0.01)
    lonlat = np.vstack([shapely.get_coordinates(line), shapely.get_coordinates(case.incidents.geometry.values)])
    shown = ax.transData.transform(np.column_stack(to_map.transform(lonlat[:, 0], lonlat[:, 1])))
    shown = shown[[ax.get_window_extent(renderer).contains(px, py) for px, py in shown]]
    assert len(shown) > 100  # the line crosses the map
    assert not any(legend.contains(px, py) for px, py in shown)
    assert min(t.get_fontsize() for t in ax.get_legend().get_texts()) >= 6.0  # still readable


def test_a_long_legend_fits_beside_a_world_map():
    """Four borders named in one entry: smaller type, then wrapped labels, never past the figure's edge."""
    scenario = Path(__file__).resolve().parent / "data" / "bad" / "hardening" / "worldwide.yaml"
    fig = geo.static_map(geo.analyze(geo.load_scenario(scenario)))
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    assert not legend.overlaps(ax.get_window_extent(renderer))
    assert fig.bbox.x0 <= legend.x0 and legend.x1 <= fig.bbox.x1 and fig.bbox.y0 <= legend.y0
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("Indonesia–Papua New Guinea" in t and "\n" in t for t in texts)  # wrapped, not cut off


@pytest.fixture(scope="module")
def crowded_figure():
    """300 incidents over the Donbas (as the UCDP extract clusters): a wide view, towns close together."""
    rng = np.random.default_rng(7)
    lons, lats = rng.uniform(37.3, 39.8, 300), rng.uniform(47.2, 49.0, 300)
    lons[:3], lats[:3] = [24.0, 30.5, 36.2], [49.8, 50.4, 51.7]  # Lviv, Kyiv and Kursk widen the view
    return geo.static_map(geo.analyze(_scenario(lons, lats, borders=[("RUS", "UKR")])))


def _drawn_labels(fig):
    from geo.render import style

    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    towns = [t.get_window_extent(renderer) for t in ax.texts
             if isinstance(t, Annotation) and t.get_text() and t.get_color() == style.TOWN_COLOUR]
    countries = [t for t in ax.texts if not isinstance(t, Annotation) and t.get_text().isupper() and t.get_text()
                 not in {"N"}]
    return ax.get_window_extent(renderer), towns, [(t.get_text(), t.get_window_extent(renderer)) for t in countries]


@pytest.mark.parametrize("which", ["crowded", "belgorod"])
def test_town_labels_do_not_print_over_one_another(which, crowded_figure, figure):
    _, towns, _ = _drawn_labels(crowded_figure if which == "crowded" else figure)
    assert len(towns) >= 3
    overlapping = [(a, b) for i, a in enumerate(towns) for b in towns[i + 1:] if a.overlaps(b)]
    assert overlapping == []


def test_country_names_are_whole_inside_the_map_frame(crowded_figure):
    frame, _, countries = _drawn_labels(crowded_figure)
    assert {"UKRAINE", "RUSSIA"} <= {name for name, _ in countries}
    cut = [name for name, box in countries
           if not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1)]
    assert cut == []  # no name cut at the frame or spilling over the legend column


@pytest.mark.parametrize(("lon0", "lat0", "world"), [(36.58, 50.6, False), (-179.99, -16.5, False), (0.0, 89.9, False),
                                                     (0.0, 0.0, True)])
def test_view_projects_as_proj_does_from_wgs84_to_its_crs(lon0, lat0, world):
    """The map's projection both ways is PROJ's own choice between EPSG:4326 and the view's CRS, bit for bit."""
    from geo.render.staticmap._layers import View

    view = View(lon0, lat0, (-1.0, -1.0, 1.0, 1.0), world=world)
    rng = np.random.default_rng(8)
    lon = np.concatenate([rng.uniform(-180, 180, 2_000), lon0 + rng.normal(0, 3, 2_000)])
    lat = np.concatenate([rng.uniform(-90, 90, 2_000), np.clip(lat0 + rng.normal(0, 3, 2_000), -90, 90)])
    forward = np.asarray(view.forward.transform(lon, lat))
    chosen = pyproj.Transformer.from_crs(4326, view.crs, always_xy=True)
    assert np.array_equal(forward, np.asarray(chosen.transform(lon, lat)), equal_nan=True)
    back = pyproj.Transformer.from_crs(view.crs, 4326, always_xy=True)
    assert np.array_equal(np.asarray(view.inverse.transform(*forward)), np.asarray(back.transform(*forward)),
                          equal_nan=True)
