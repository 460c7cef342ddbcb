"""What the static map draws: the view, each layer, the scale bar and the north arrow."""

from __future__ import annotations

import logging
import math
import warnings
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from geo._format import format_count, format_distance, format_lonlat
from geo.errors import InputError
from geo.geodesy import GEOD, destination
from geo.render import style

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from geo.analysis.case import CaseAnalysis

__all__ = ["View", "draw_base", "draw_bands", "draw_regions", "draw_borders", "draw_damage", "draw_towns",
           "draw_incidents", "north_arrow", "scale_bar"]

log = logging.getLogger(__name__)


# Colours, symbols and classes come from geo.render.style, shared with the interactive map.
#: Above this many incidents, circles, labels and border lines would hide the map.
_DETAIL_LIMIT = 200
_MIN_SPAN_M = 20_000.0
_TOWN_LABELS = 24
_TOWN_FONT_PT = 8.0
_COUNTRY_FONT_PT = 10.0
_TOWN_OFFSET_PT = (4.0, 3.0)



#: Beyond this distance from the centre of the view an azimuthal projection stretches shapes into wedges
#: (at 10,000 km a country is drawn twice its width); wider views use a world projection instead.
_LOCAL_RADIUS_M = 4_000_000.0


class View:
    """The map window: a local projection and its extent in projected metres.

    A view whose points lie within ``_LOCAL_RADIUS_M`` of its centre uses an
    azimuthal equidistant projection centred there (distances from the
    centre true, a view across 180° stays local). Wider views (both poles,
    several continents) use the Equal Earth world projection centred on
    Greenwich, whose edge is the antimeridian where geo's shapes are already
    split, so nothing is drawn as a wedge; a world map has no single scale,
    so it gets no scale bar or north arrow, and says so.
    """

    def __init__(self, lon0: float, lat0: float, bounds: tuple[float, float, float, float], *,
                 world: bool = False) -> None:
        self.lon0, self.lat0, self.world = lon0, lat0, world
        projection = "+proj=eqearth +lon_0=0" if world else f"+proj=aeqd +lat_0={lat0:.6f} +lon_0={lon0:.6f}"
        self.crs = pyproj.CRS.from_proj4(f"{projection} +datum=WGS84 +units=m")
        # The pipelines PROJ finds between EPSG:4326 (lon, lat) and this CRS, written out: the same transforms
        # without searching PROJ's database for them (25 ms of CPU for the two, twice a map).
        step = f"{projection} +x_0=0 +y_0=0 +ellps=WGS84"
        self.forward = pyproj.Transformer.from_pipeline(
            f"+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step {step}")
        self.inverse = pyproj.Transformer.from_pipeline(
            f"+proj=pipeline +step +inv {step} +step +proj=unitconvert +xy_in=rad +xy_out=deg")
        self.xmin, self.ymin, self.xmax, self.ymax = bounds
        self.area = shapely.box(-180.0, -90.0, 180.0, 90.0) if world else self._lonlat_window()

    @property
    def projection_name(self) -> str:
        if self.world:
            return "Equal Earth world projection"
        return f"azimuthal equidistant projection centred on {format_lonlat(self.lon0, self.lat0)}"

    @classmethod
    def fit(cls, analysis: CaseAnalysis, *, aspect: float) -> View:
        focus = _focus_points(analysis)
        lon0, lat0 = _centre(focus)
        _, _, reach = GEOD.inv(np.full(len(focus), lon0), np.full(len(focus), lat0), focus[:, 0], focus[:, 1])
        if float(np.max(reach)) > _LOCAL_RADIUS_M:
            return cls._world(aspect)
        probe = cls(lon0, lat0, (-1.0, -1.0, 1.0, 1.0))
        x, y = probe.forward.transform(focus[:, 0], focus[:, 1])
        xmin, xmax, ymin, ymax = float(np.min(x)), float(np.max(x)), float(np.min(y)), float(np.max(y))
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        half_w = max((xmax - xmin) * 0.62, _MIN_SPAN_M / 2)
        half_h = max((ymax - ymin) * 0.62, _MIN_SPAN_M / 2)
        # Room at the bottom for the legend and the scale bar.
        half_h *= 1.12
        if half_w / half_h < aspect:
            half_w = half_h * aspect
        else:
            half_h = half_w / aspect
        return cls(lon0, lat0, (cx - half_w, cy - half_h * 1.12, cx + half_w, cy + half_h * 0.88))

    @classmethod
    def _world(cls, aspect: float) -> View:
        probe = cls(0.0, 0.0, (-1.0, -1.0, 1.0, 1.0), world=True)
        x, _ = probe.forward.transform([-180.0, 180.0], [0.0, 0.0])
        _, y = probe.forward.transform([0.0, 0.0], [-90.0, 90.0])
        half_w, half_h = float(x[1]) * 1.02, float(y[1]) * 1.02
        half_h_with_legend = half_h * 1.25  # room at the bottom for the legend
        if half_w / half_h_with_legend < aspect:
            half_w = half_h_with_legend * aspect
        else:
            half_h_with_legend = half_w / aspect
        return cls(0.0, 0.0, (-half_w, half_h - 2 * half_h_with_legend, half_w, half_h), world=True)

    @property
    def width(self) -> float:
        return self.xmax - self.xmin

    def _lonlat_window(self) -> shapely.Geometry:
        """The view as (lon, lat) polygon(s), split at the antimeridian when it crosses it."""
        t = np.linspace(0.0, 1.0, 33)
        pad = 0.1
        x0, x1 = self.xmin - pad * self.width, self.xmax + pad * self.width
        y0, y1 = self.ymin - pad * (self.ymax - self.ymin), self.ymax + pad * (self.ymax - self.ymin)
        xs = np.concatenate([x0 + (x1 - x0) * t, np.full(33, x1), x1 - (x1 - x0) * t, np.full(33, x0)])
        ys = np.concatenate([np.full(33, y0), y0 + (y1 - y0) * t, np.full(33, y1), y1 - (y1 - y0) * t])
        lons, lats = self.inverse.transform(xs, ys)
        ok = np.isfinite(lons) & np.isfinite(lats)
        ring = np.column_stack([lons[ok], lats[ok]])
        if np.ptp(ring[:, 0]) > 180 or abs(self.lat0) > 80:
            import antimeridian

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fixed = antimeridian.fix_polygon(shapely.Polygon(ring), great_circle=False)
            return fixed if fixed.is_valid else shapely.make_valid(fixed)
        return shapely.Polygon(ring)

    def project(self, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """Rows of ``frame`` inside the view, clipped to it and projected."""
        if frame is None or len(frame) == 0:
            return gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=self.crs), crs=self.crs)
        frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
        hits = frame.sindex.query(self.area, predicate="intersects")
        clipped = frame.iloc[np.sort(hits)].copy()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clipped["geometry"] = shapely.intersection(clipped.geometry.to_numpy(), self.area)
        clipped = clipped[~clipped.geometry.is_empty]
        return clipped.set_crs(4326, allow_override=True).to_crs(self.crs)

    def xy(self, lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
        x, y = self.forward.transform(np.asarray(lon, float), np.asarray(lat, float))
        return np.asarray(x), np.asarray(y)


def _focus_points(analysis: CaseAnalysis) -> np.ndarray:
    """(lon, lat) points the view must show: incidents, their circles, border points, towns."""
    parts: list[np.ndarray] = []
    inc = analysis.incidents
    if len(inc):
        parts.append(shapely.get_coordinates(inc.geometry.to_numpy()))
        if len(inc) <= _DETAIL_LIMIT and {"border_lon", "border_lat"} <= set(inc.columns):
            pts = inc[["border_lon", "border_lat"]].to_numpy(dtype=float)
            parts.append(pts[np.isfinite(pts).all(axis=1)])
    for frame in (analysis.uncertainty, analysis.damage):
        if frame is not None and len(frame):
            geoms = frame.geometry[frame.geometry.notna()].to_numpy()
            parts.append(shapely.get_coordinates(shapely.envelope(geoms)))
    near = analysis.nearest
    if near is not None and len(near):
        # The nearest town frames the map; further ones are drawn when they fall inside it.
        first = near[near["rank"] == near["rank"].min()] if "rank" in near else near
        parts.append(first[["lon", "lat"]].to_numpy(dtype=float))
    if analysis.places is not None and len(analysis.places):
        parts.append(shapely.get_coordinates(analysis.places.geometry.to_numpy()))
    if not parts and len(analysis.borders):
        parts.append(shapely.get_coordinates(shapely.envelope(analysis.borders.geometry.to_numpy())))
    points = np.concatenate(parts) if parts else np.zeros((0, 2))
    points = points[np.isfinite(points).all(axis=1)]
    if not len(points):
        raise InputError("nothing to draw: the analysis holds no incidents, places or borders",
                         hint="add incidents, or name borders or places in the scenario")
    return points


def _centre(points: np.ndarray) -> tuple[float, float]:
    """Mid-point of the points' extent; longitudes unwrapped so 179 and -179 meet at 180."""
    lons = np.radians(points[:, 0])
    mean_lon = math.degrees(math.atan2(np.mean(np.sin(lons)), np.mean(np.cos(lons))))
    offsets = (points[:, 0] - mean_lon + 180.0) % 360.0 - 180.0
    lon0 = (mean_lon + (offsets.min() + offsets.max()) / 2 + 180.0) % 360.0 - 180.0
    lat0 = (points[:, 1].min() + points[:, 1].max()) / 2
    return float(lon0), float(lat0)


def draw_base(ax: Axes, view: View) -> None:
    from geo.reference.countries import countries

    ax.set_facecolor(style.SEA_COLOUR)
    world = view.project(countries())
    if len(world):
        world.plot(ax=ax, color=style.LAND_COLOUR, edgecolor=style.LAND_EDGE_COLOUR, linewidth=0.6, zorder=1)
    per_pt, least = view.width / _axes_width_pt(ax), 0.02 * view.width ** 2
    big = world[(world.area > least) & world.intersects(shapely.box(view.xmin, view.ymin, view.xmax, view.ymax))]
    for _, row in big.iterrows():  # only countries with room for a name can show one: the others are not cut
        name = str(row["name"]).upper()
        half = 0.35 * _COUNTRY_FONT_PT * len(name) * per_pt  # about half the label's width, bold capitals
        room = (view.xmin + half, view.ymin, view.xmax - half, view.ymax)  # where the whole name fits the frame
        shown = shapely.clip_by_rect(row.geometry, *room)
        if shown.is_empty or shown.area <= least:
            continue  # a whole name in the country's visible part, or none: never cut at the frame
        x, y = view.xy(row["label_lon"], row["label_lat"])
        if not shown.contains(shapely.Point(float(x), float(y))):
            point = shown.representative_point()  # "RUSSIA" over its part in view, not beyond the Urals
            x, y = point.x, point.y
        ax.text(float(x), float(y), name, fontsize=_COUNTRY_FONT_PT, color="#8a8378", ha="center",
                va="center", zorder=2, fontweight="bold", alpha=0.8, clip_on=True)


def draw_bands(ax: Axes, view: View, bands: gpd.GeoDataFrame) -> list[Any]:
    from matplotlib.patches import Patch

    handles = []
    bands = bands.sort_values("outer_m") if len(bands) and "outer_m" in bands else bands
    for i, (_, band) in enumerate(bands.iterrows()):
        colour = style.band_colour(i)
        shown = view.project(gpd.GeoDataFrame([band], geometry="geometry", crs=bands.crs))
        if len(shown):
            shown.plot(ax=ax, color=colour, alpha=style.BAND_OPACITY, linewidth=0, zorder=3)
        handles.append(Patch(facecolor=colour, alpha=style.BAND_OPACITY, label=f"{band['label']} from the border"))
    return handles


def draw_regions(ax: Axes, view: View, regions: gpd.GeoDataFrame) -> list[Any]:
    from matplotlib.lines import Line2D

    shown = view.project(regions)
    if not len(shown):
        return []
    shown.boundary.plot(ax=ax, color=style.REGION_COLOUR, linewidth=1.0, linestyle=(0, (4, 2)), zorder=4)
    # Named in the legend, not on the map: a region's label point tends to sit on the country's label.
    names = list(dict.fromkeys(str(n) for n in shown["name"]))
    label = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return [Line2D([], [], color=style.REGION_COLOUR, linestyle=(0, (4, 2)), linewidth=1.0, label=f"Region: {label}")]


def draw_borders(ax: Axes, view: View, borders: gpd.GeoDataFrame) -> list[Any]:
    from matplotlib.lines import Line2D

    shown = view.project(borders)
    if len(shown):
        shown.plot(ax=ax, color=style.BORDER_COLOUR, linewidth=2.0, zorder=5)
    if not len(borders):
        return []
    names = ", ".join(_pair_name(code) for code in borders["countries"])
    return [Line2D([], [], color=style.BORDER_COLOUR, linewidth=2.0, label=f"{names} border")]


def _pair_name(code: str) -> str:
    from geo.reference.countries import countries

    world = countries().set_index("iso_a3")["name"]
    return "–".join(str(world.get(part, part)) for part in str(code).split("-"))


def draw_damage(ax: Axes, view: View, damage: gpd.GeoDataFrame) -> list[Any]:
    from matplotlib.patches import Patch

    located = damage[damage.geometry.notna()] if len(damage) else damage
    shown = view.project(located)
    if not len(shown):
        return []
    severity = (shown["severity"] if "severity" in shown else pd.Series(["unknown"] * len(shown), index=shown.index))
    colours = [style.severity_colour(v if isinstance(v, str) else None) for v in severity]
    shown.plot(ax=ax, color=colours, alpha=style.DAMAGE_OPACITY, linewidth=0.8, hatch="///", zorder=6)
    used = set(colours)
    # One legend entry per severity drawn, in the interactive map's order and colours.
    return [Patch(facecolor=colour, alpha=style.DAMAGE_OPACITY, hatch="///", edgecolor=colour,
                  label=f"Damage area: {name}")
            for name, colour in style.SEVERITY_COLOURS.items() if colour in used]


def draw_towns(ax: Axes, view: View, analysis: CaseAnalysis) -> list[Any]:
    """Places named by the case first, then nearest towns; only the largest are labelled."""
    from matplotlib.lines import Line2D

    towns: dict[tuple[str, str], tuple[float, float, float]] = {}  # (name, country) -> lon, lat, rank key
    if analysis.places is not None and len(analysis.places):
        for row in analysis.places.itertuples():
            towns.setdefault((str(row.name), str(row.country)), (row.geometry.x, row.geometry.y, np.inf))
    if analysis.nearest is not None and len(analysis.nearest):
        near = analysis.nearest.drop_duplicates(["name", "country"])
        for name, country, lon, lat, pop in zip(near["name"], near["country"], near["lon"], near["lat"],
                                                near["population"], strict=True):
            towns.setdefault((str(name), str(country)), (float(lon), float(lat), float(pop)))
    if not towns:
        return []
    names = [name for name, _ in towns]
    lons, lats, keys = np.array(list(towns.values())).T
    x, y = view.xy(lons, lats)
    inside = (view.xmin < x) & (x < view.xmax) & (view.ymin < y) & (y < view.ymax)
    # Named places, then the most populous: beyond a couple of dozen labels a map stops reading.
    labelled = _uncrowded(names, x, y, [i for i in np.argsort(-keys, kind="stable") if inside[i]],
                          view.width / _axes_width_pt(ax), _TOWN_FONT_PT)[:_TOWN_LABELS]
    if len(analysis.incidents) > _DETAIL_LIMIT:  # with many incidents, unlabelled town dots are noise
        x, y = x[labelled], y[labelled]
        names = [names[i] for i in labelled]
        labelled = list(range(len(labelled)))
    ax.scatter(x, y, s=14, color="white", edgecolor=style.TOWN_COLOUR, linewidth=1.0, zorder=8)
    for i in labelled:
        ax.annotate(names[i], (x[i], y[i]), xytext=_TOWN_OFFSET_PT, textcoords="offset points", fontsize=_TOWN_FONT_PT,
                    color=style.TOWN_COLOUR,
                    zorder=9, path_effects=_halo())
    return [Line2D([], [], marker="o", color="white", markeredgecolor=style.TOWN_COLOUR, linestyle="", markersize=4.5,
                   label="Town (GeoNames)")]


def _axes_width_pt(ax: Axes) -> float:
    """The axes' width in typographic points (the view is fitted to the axes' aspect, so one scale serves)."""
    return ax.get_position().width * ax.figure.get_figwidth() * 72.0


def _uncrowded(names: list[str], x: np.ndarray, y: np.ndarray, order: list[int], per_pt: float,
               font_pt: float) -> list[int]:
    """The labels of ``order`` (most important first) that overlap no label kept before them.

    Each label's box is estimated from its length at ``font_pt`` (``per_pt``: projected metres per point), so
    the towns around a dense cluster of incidents do not print over one another.
    """
    kept: list[int] = []
    boxes: list[tuple[float, float, float, float]] = []
    for i in order:
        left, bottom = x[i] + _TOWN_OFFSET_PT[0] * per_pt, y[i] + _TOWN_OFFSET_PT[1] * per_pt
        box = (left, bottom - 0.3 * font_pt * per_pt, left + 0.6 * font_pt * len(names[i]) * per_pt,
               bottom + font_pt * per_pt)
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            kept.append(i)
            boxes.append(box)
    return kept


def _halo() -> list[Any]:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=2.5, foreground=style.HALO)]


def draw_incidents(ax: Axes, view: View, analysis: CaseAnalysis) -> list[Any]:
    from matplotlib.patches import Patch

    inc = analysis.incidents
    if not len(inc):
        return []
    handles: list[Any] = []
    detailed = len(inc) <= _DETAIL_LIMIT
    circles = view.project(analysis.uncertainty) if detailed else []
    if len(circles):
        # A pale disc, not a tint: a tint over the bands would read as a smudge.
        circles.plot(ax=ax, facecolor="white", alpha=0.6, edgecolor="none", zorder=7)
        circles.boundary.plot(ax=ax, color=style.UNCERTAINTY_COLOUR, linewidth=1.2, linestyle="--", zorder=7)
        handles.append(Patch(facecolor="white", edgecolor=style.UNCERTAINTY_COLOUR, linestyle="--",
                             label="Where the incident may be (uncertainty)"))
    if detailed and _has_border_points(inc):
        handles += _draw_border_lines(ax, view, inc)
    x, y = view.xy(inc.geometry.x, inc.geometry.y)
    handles[:0] = _draw_symbols(ax, inc, x, y, detailed=detailed)
    if 1 < len(inc) <= 12:  # one incident needs no name tag: the legend says what the symbol is
        for label, xi, yi in zip(inc["id"].astype(str), x, y, strict=True):
            ax.annotate(label, (xi, yi), xytext=(6, -10), textcoords="offset points", fontsize=7.5,
                        color=style.INK, zorder=11, path_effects=_halo())
    return handles


def _draw_symbols(ax: Axes, inc: pd.DataFrame, x: np.ndarray, y: np.ndarray, *, detailed: bool) -> list[Any]:
    """Incidents as the interactive map draws them: symbol by event type, fill by reported fatalities.

    With few incidents an ink dot marks each reported position on top of its symbol.
    """
    from matplotlib.lines import Line2D

    n = len(inc)
    types = inc["event_type"] if "event_type" in inc else pd.Series([""] * n, index=inc.index)
    codes, symbols = style.event_type_classes(types)
    klass = style.fatality_class(inc["fatalities_low"] if "fatalities_low" in inc else pd.Series([np.nan] * n))
    fills = np.array([c[2] for c in style.FATALITY_CLASSES])[klass]
    size = 110 if detailed else 10
    for code, entry in enumerate(symbols):
        pick = codes == code
        if pick.any():
            ax.scatter(x[pick], y[pick], s=size, marker=style.MATPLOTLIB_MARKERS[entry["symbol"]], c=fills[pick],
                       edgecolors=entry["color"], linewidths=0.8 if detailed else 0.3, zorder=10)
    handles: list[Any] = []
    if detailed:
        ax.scatter(x, y, s=8, color=style.INK, linewidths=0, zorder=10.5)
        handles.append(Line2D([], [], marker="o", color=style.INK, linestyle="", markersize=3,
                              label="Incident (reported position)"))
    handles += [Line2D([], [], marker=style.MATPLOTLIB_MARKERS[e["symbol"]], color="white", markeredgecolor=e["color"],
                       linestyle="", markersize=8, label=e["label"]) for e in symbols]
    handles += [Line2D([], [], marker="o", color=colour, markeredgecolor=style.INK, linestyle="", markersize=7,
                       label=f"Fatalities: {label}") for label, colour in style.fatality_legend(klass)]
    if not detailed:
        handles.insert(0, Line2D([], [], linestyle="", label=format_count(n, "incident")))
    return handles


def _has_border_points(inc: pd.DataFrame) -> bool:
    return {"border_lon", "border_lat", "border_distance_m"} <= set(inc.columns)


def _draw_border_lines(ax: Axes, view: View, inc: pd.DataFrame) -> list[Any]:
    """The shortest line from each incident to the border, drawn as the geodesic it is."""
    from matplotlib.lines import Line2D

    drawn = False
    for point, blon, blat, dist in zip(inc.geometry, inc["border_lon"], inc["border_lat"], inc["border_distance_m"],
                                       strict=True):
        if not (np.isfinite(blon) and np.isfinite(blat) and np.isfinite(dist)) or point is None:
            continue
        path = [(point.x, point.y), *GEOD.npts(point.x, point.y, blon, blat, 32), (blon, blat)]
        lons, lats = np.array(path).T
        x, y = view.xy(lons, lats)
        mid = (float(x[len(x) // 2]), float(y[len(y) // 2]))
        if view.world:  # break the line where it leaves one edge of the world map and enters the other
            jumps = np.flatnonzero(np.abs(np.diff(lons)) > 180.0) + 1
            x, y = np.insert(x, jumps, np.nan), np.insert(y, jumps, np.nan)
        ax.plot(x, y, color=style.INK, linewidth=1.1, linestyle=(0, (2, 1.5)), zorder=9)
        ax.scatter([x[-1]], [y[-1]], s=12, color=style.BORDER_COLOUR, zorder=9)
        ax.annotate(format_distance(dist), mid, xytext=(5, 0), textcoords="offset points", fontsize=8,
                    fontweight="bold", color=style.INK, zorder=11, path_effects=_halo())
        drawn = True
    if not drawn:
        return []
    return [Line2D([], [], color=style.INK, linewidth=1.1, linestyle=(0, (2, 1.5)),
                   label="Shortest distance to the border")]


def _nice_length(target_m: float) -> float:
    exponent = math.floor(math.log10(target_m))
    for step in (5, 2, 1):
        if step * 10 ** exponent <= target_m:
            return float(step * 10 ** exponent)
    return float(10 ** exponent)


def scale_bar(ax: Axes, view: View) -> None:
    """A bar whose stated length is geodesic: its end is placed with the ellipsoid, then projected.

    A world map has no one scale: it says so instead of drawing a bar.
    """
    if view.world:
        ax.text(view.xmax - 0.02 * view.width, view.ymin + 0.03 * (view.ymax - view.ymin),
                "World map: the scale varies across it; north is toward the top along each meridian",
                fontsize=6.5, ha="right", color="#555555", zorder=12)
        return
    x0 = view.xmax - 0.30 * view.width
    y0 = view.ymin + 0.05 * (view.ymax - view.ymin)
    lon0, lat0 = view.inverse.transform(x0, y0)
    length = _nice_length(0.2 * view.width)
    lon1, lat1 = destination(lon0, lat0, 90.0, length)
    x1, y1 = view.xy(lon1, lat1)
    bar = float(np.hypot(x1 - x0, y1 - y0))
    half = bar / 2
    for start, colour in ((0.0, style.INK), (half, "white")):
        ax.add_patch(_rect(x0 + start, y0, half, 0.008 * view.width, colour))
    ax.text(x0, y0 + 0.016 * view.width, "0", fontsize=7.5, ha="center", zorder=12)
    ax.text(x0 + bar, y0 + 0.016 * view.width, format_distance(length), fontsize=7.5, ha="center", zorder=12)
    ax.text(x0 + half, y0 - 0.018 * view.width, "scale at this point (WGS84)", fontsize=6.5, ha="center",
            color="#555555", zorder=12)


def _rect(x: float, y: float, w: float, h: float, colour: str) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=colour, edgecolor=style.INK, linewidth=0.8, zorder=12)


def north_arrow(ax: Axes, view: View) -> None:
    """An arrow to true north at its own position (north is not 'up' everywhere in the projection)."""
    if view.world:
        return  # meridians converge differently across a world map; the scale note says where north is
    x0 = view.xmax - 0.05 * view.width
    y0 = view.ymax - 0.16 * (view.ymax - view.ymin)
    lon, lat = view.inverse.transform(x0, y0)
    nlon, nlat = destination(lon, lat, 0.0, 0.01 * view.width)
    nx, ny = view.xy(nlon, nlat)
    dx, dy = float(nx - x0), float(ny - y0)
    scale = 0.06 * view.width / math.hypot(dx, dy)
    ax.annotate("", xy=(x0 + dx * scale, y0 + dy * scale), xytext=(x0, y0),
                arrowprops={"arrowstyle": "-|>", "color": style.INK, "linewidth": 1.6, "mutation_scale": 16},
                zorder=12)
    ax.text(x0 + dx * scale * 1.25, y0 + dy * scale * 1.25, "N", fontsize=10, fontweight="bold",
            ha="center", va="center", zorder=12)


