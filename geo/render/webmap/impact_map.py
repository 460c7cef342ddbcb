"""ImpactMap: an offline, safe, reproducible interactive map of a case.

Collect layers with the ``add_*`` methods (or all at once with
:meth:`ImpactMap.from_analysis`), then :meth:`~ImpactMap.save` one
self-contained HTML file: Leaflet and geo's runtime inlined, a vector
basemap from the bundled Natural Earth countries, and all data in one JSON
block that the page parses (never evaluates). Rendering only reads analysed
frames; it computes no distance, area or band itself.
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo._format import format_count, format_date
from geo.errors import InputError
from geo.render import style
from geo.render.webmap import _layers
from geo.render.webmap._basemap import basemap_payload, detail_box
from geo.render.webmap._tiles import resolve_tiles

if TYPE_CHECKING:
    from geo.analysis.case import CaseAnalysis
    from geo.render.webmap._fields import PendingFields

__all__ = ["ImpactMap"]

log = logging.getLogger(__name__)

# Drawing order, bottom to top; layers of one kind keep the order they were added in.
_ORDER = {"regions": 10, "bands": 20, "damage": 30, "density": 35, "lines": 36, "uncertainty": 40, "borders": 50,
          "border_lines": 60, "places": 70, "nearest": 75, "incidents": 80}
#: Up to this many incidents every incident gets its line and km label to the border, its uncertainty
#: circle and its nearest towns. Beyond it only the incident a reader hovers or clicks does, and a density
#: layer aggregates: a km label is ~40x18 px, so 100 labels already cover a tenth of a 1280x800 map and
#: lines start to merge into wedges (6,000 lines became one solid black wedge).
DECORATE_ALL_MAX = 100
# Layers whose extent the initial view fits; the rest (bands along a whole border) may spill out of view.
_FOCUS = ("incidents", "uncertainty", "damage", "lines", "border_lines", "places")


class ImpactMap:
    """An interactive map of incidents and their context.

    Parameters
    ----------
    title:
        Headline shown on the map and as the page title.
    subtitle:
        A line under the title (e.g. dates, counts).
    tiles:
        xyzservices name, http(s) URL template or ``"none"``; ``None`` reads
        ``geo.settings.tiles`` when the map is rendered.
    sources:
        The case's sources (``id``, ``name``, ``url``): incident popups show
        their names, as links when the URL is http(s), and the attribution
        names them.
    attribution:
        Extra attribution lines (plain text).

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> from geo import ImpactMap
    >>> points = gpd.GeoDataFrame({"id": ["a"], "event_type": ["shelling"]},
    ...                           geometry=[shapely.Point(36.58, 50.60)], crs="EPSG:4326")
    >>> page = ImpactMap("Example", tiles="none").add_incidents(points).to_html()
    >>> page.startswith("<!DOCTYPE html>") and "<script src" not in page and "<link" not in page
    True
    """

    def __init__(self, title: str = "", *, subtitle: str | None = None, tiles: str | None = None,
                 sources: pd.DataFrame | None = None, attribution: Sequence[str] = ()) -> None:
        self.title = str(title or "")
        self.subtitle = subtitle
        self.tiles = tiles
        self.sources = sources
        self.attribution = [str(a) for a in attribution]
        self._layers: list[tuple[str, dict[str, Any], tuple[float, float, float, float] | None]] = []
        self._days: list[np.ndarray] = []
        self._uses_geonames = False
        self._early_fields: PendingFields | None = None  # popup fields from_analysis started for add_incidents

    # ------------------------------------------------------------------ building
    @classmethod
    def from_analysis(cls, analysis: CaseAnalysis, *, tiles: str | None = None,
                      title: str | None = None) -> ImpactMap:
        """Every layer of an analysed case, as :func:`geo.analyze` returns it.

        ``tiles`` overrides the scenario's ``map.tiles``, which overrides
        ``geo.settings.tiles``.
        """
        scenario = analysis.scenario
        chosen_tiles = tiles if tiles is not None else scenario.map.tiles
        incidents = analysis.incidents
        fmap = cls(title if title is not None else scenario.title, subtitle=_subtitle(incidents),
                   tiles=chosen_tiles, sources=scenario.sources)
        located, unlocated = _split_damage(analysis.damage)
        drawn = _with_unlocated_damage(incidents, unlocated)
        # Many incidents' popup fields are started first: a child makes its share while the layers before them are
        # built (the same fields, in the same place on the page).
        few = len(incidents) <= DECORATE_ALL_MAX
        fields = None if few else _layers.early_fields(drawn)
        try:
            fmap._analysed_layers(analysis, located, few)
        except BaseException:
            if fields is not None:
                fields.discard()
            raise
        bands = list(analysis.bands["label"]) if analysis.bands is not None and len(analysis.bands) else None
        fmap._early_fields = fields  # add_incidents takes them (called here, it keeps warnings' stack levels)
        fmap.add_incidents(drawn, band_labels=bands)
        if not few:
            fmap.add_density()
        return fmap

    def _analysed_layers(self, analysis: CaseAnalysis, located: gpd.GeoDataFrame, few: bool) -> None:
        """The layers :meth:`from_analysis` draws under the incidents, in order."""
        fmap, incidents = self, analysis.incidents
        if analysis.regions is not None and len(analysis.regions):
            fmap.add_regions(_with_region_source(analysis.regions))
        if analysis.bands is not None and len(analysis.bands):
            fmap.add_bands(analysis.bands)
        if len(located):
            fmap.add_damage(located)
        if few and analysis.uncertainty is not None and len(analysis.uncertainty):
            fmap.add_uncertainty(analysis.uncertainty)
        if analysis.borders is not None and len(analysis.borders):
            fmap.add_borders(analysis.borders)
        if few and {"border_lon", "border_lat", "border_distance_m"} <= set(incidents.columns):
            fmap.add_border_lines(incidents)
        if analysis.places is not None and len(analysis.places):
            fmap.add_places(analysis.places)
        if few and analysis.nearest is not None and len(analysis.nearest):
            fmap.add_nearest_places(analysis.nearest)

    def _add(self, kind: str, layer: dict[str, Any], bounds: tuple[float, float, float, float] | None) -> ImpactMap:
        same = sum(1 for k, _, _ in self._layers if k == kind)
        layer["id"] = kind.replace("_", "-") + (f"-{same + 1}" if same else "")
        self._layers.append((kind, layer, bounds))
        return self

    def add_incidents(self, incidents: gpd.GeoDataFrame, *, name: str = "Incidents",
                      band_labels: Sequence[str] | None = None) -> ImpactMap:
        """Incidents as symbols: shape by ``event_type``, colour by ``fatalities_low``.

        Any columns of :mod:`geo.input.schema` and of :class:`~geo.analysis.CaseAnalysis`
        incidents are shown in the popup; other columns too, under their names.
        One canvas layer draws them, so 100,000 incidents stay interactive.
        The page's filters read ``date``, ``event_type``, ``actors``,
        ``fatalities_low``, ``location_precision`` and ``band`` (in the order of
        ``band_labels``, nearest first); hovering or clicking an incident draws
        its line to the border (``border_lon``/``border_lat``) and its
        uncertainty circle (``uncertainty_m``).
        """
        fields, self._early_fields = self._early_fields, None  # from_analysis started them on this frame
        layer, days = _layers.incidents_layer(incidents, layer_id="", name=name, sources=self._source_table(),
                                              band_labels=band_labels, fields=fields)
        if days is not None:
            self._days.append(days)
        if "nearest_phrase" in incidents:
            self._uses_geonames = True
        return self._add("incidents", layer, _layers.bounds_of(incidents))

    def add_density(self, *, name: str = "Density of incidents", show: bool = True) -> ImpactMap:
        """A hexbin density of the incidents added last, in events per 100 km².

        Each incident adds 1, spread evenly over the hexagons whose centres lie
        in its uncertainty circle (``uncertainty_m``), so an event known only to
        a region does not pile onto one town. Drawn under the incident symbols;
        it follows the page's filters.
        """
        if not any(kind == "incidents" for kind, _, _ in self._layers):
            raise InputError("add incidents before their density", hint="call add_incidents() first")
        of = [layer["id"] for kind, layer, _ in self._layers if kind == "incidents"][-1]
        layer = {"kind": "density", "id": "", "name": name, "of": of, "show": show,
                 "colors": list(style.DENSITY_COLOURS), "hex": 14,
                 "legendTitle": "Incidents per 100 km² (spread over each location's uncertainty)"}
        return self._add("density", layer, None)

    def add_border_lines(self, incidents: gpd.GeoDataFrame, *, name: str = "Distance to border") -> ImpactMap:
        """A line from each incident to its nearest border point (``border_lon``/``border_lat``), labelled in km."""
        layer = _layers.links_layer(incidents, layer_id="", name=name)
        ends = incidents[["border_lon", "border_lat"]].apply(pd.to_numeric, errors="coerce").dropna()
        points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(ends["border_lon"], ends["border_lat"]),
                                  crs="EPSG:4326")
        return self._add("border_lines", layer, _union(_layers.bounds_of(incidents), _layers.bounds_of(points)))

    def _shapes(self, kind: str, frame: gpd.GeoDataFrame, build: Any, name: str, *, show: bool = True) -> ImpactMap:
        features, styles, legend = build(frame, name=name)
        layer = _layers.shapes_layer(features, styles, layer_id="", name=name, legend=legend, show=show)
        return self._add(kind, layer, _layers.bounds_of(frame))

    def add_damage(self, damage: gpd.GeoDataFrame, *, name: str = "Damage areas") -> ImpactMap:
        """Damage polygons coloured by ``severity``; rows without geometry are skipped."""
        return self._shapes("damage", damage, _layers.damage_features, name)

    def add_lines(self, lines: gpd.GeoDataFrame, *, name: str = "Lines") -> ImpactMap:
        """Line features of data files (trenches, roads), every column in the popup."""
        return self._shapes("lines", lines, _layers.line_features, name)

    def add_bands(self, bands: gpd.GeoDataFrame, *, name: str = "Distance bands") -> ImpactMap:
        """Border distance bands (``label``, ``inner_m``, ``outer_m``, ``area_m2``), nearest darkest."""
        return self._shapes("bands", bands, _layers.band_features, name)

    def add_borders(self, borders: gpd.GeoDataFrame, *, name: str = "Borders analysed") -> ImpactMap:
        """The borders analysed (``countries``, ``length_m``) as thick red lines."""
        return self._shapes("borders", borders, _layers.border_features, name)

    def add_regions(self, regions: gpd.GeoDataFrame, *, name: str = "Regions") -> ImpactMap:
        """First-level regions (``name``, ``country``, ``border_length_m``, ``border_share``) as outlines.

        A ``source`` column, when present, is named in the attribution.
        """
        if "source" in regions:
            for source in dict.fromkeys(regions["source"].dropna().astype(str)):
                line = f"Regions: {source}"
                if line not in self.attribution:
                    self.attribution.append(line)
        return self._shapes("regions", regions, _layers.region_features, name)

    def add_uncertainty(self, circles: gpd.GeoDataFrame, *, name: str = "Location uncertainty") -> ImpactMap:
        """Geodesic circles (``incident_id``, ``radius_m``, ``area_m2``) within which each site lies."""
        return self._shapes("uncertainty", circles, _layers.uncertainty_features, name)

    def add_places(self, places: pd.DataFrame, *, name: str = "Places named") -> ImpactMap:
        """Labelled places (``name``, ``country``, ``population``; point geometry or lon/lat).

        A ``source`` column naming one of the bundled village lists (a village
        below GeoNames' 500 people) adds that list's credit line.
        """
        self._uses_geonames = True
        if "source" in places:
            from geo.reference.gazetteer import VILLAGES_ATTRIBUTION

            for source in dict.fromkeys(places["source"].dropna().astype(str)):
                line = VILLAGES_ATTRIBUTION.get(source)
                if line and line not in self.attribution:
                    self.attribution.append(line)
        layer = _layers.places_layer(places, layer_id="", name=name, colour=style.TOWN_COLOUR,
                                     legend="place named in the case")
        return self._add("places", layer, _points_bounds(layer))

    def add_nearest_places(self, nearest: pd.DataFrame, *, name: str = "Nearest towns") -> ImpactMap:
        """Towns nearest to the incidents (``name``, ``lon``, ``lat``, ``phrase``, ``incident_id``...).

        Each town is drawn once; its popup lists the incidents it is near.
        """
        _layers._need(nearest, ("name", "lon", "lat"), layer=name)
        self._uses_geonames = True
        layer = _layers.places_layer(_towns(nearest), layer_id="", name=name, colour="#636363",
                                     legend="nearest town (GeoNames)")
        return self._add("nearest", layer, None)

    # ------------------------------------------------------------------ output
    def _source_table(self) -> dict[str, dict[str, str | None]]:
        table: dict[str, dict[str, str | None]] = {}
        if self.sources is None or not len(self.sources) or "id" not in self.sources:
            return table
        for _, row in self.sources.iterrows():
            ident = _layers._str(row.get("id"))
            if ident:
                table[ident] = {"name": _layers._str(row.get("name")) or ident, "url": _layers._str(row.get("url"))}
        return table

    def _attribution(self) -> list[str]:
        from geo.reference.countries import natural_earth_version

        lines = [f"Land and borders: Natural Earth {natural_earth_version()} (public domain)"]
        if self._uses_geonames:
            lines.append("Towns: GeoNames (CC BY 4.0)")
        names = [v["name"] for v in self._source_table().values() if v["name"]]
        if names:
            shown = "; ".join(names[:6]) + (f"; and {len(names) - 6} more" if len(names) > 6 else "")
            lines.append(f"Incidents: {shown}")
        return lines + self.attribution

    def _data(self) -> dict[str, Any]:
        from geo.settings import settings

        ordered = sorted(enumerate(self._layers), key=lambda item: (_ORDER[item[1][0]], item[0]))
        layers = [layer for _, (_, layer, _) in ordered]
        everything = _union(*(b for _, _, b in self._layers))
        focus = _union(*(b for kind, _, b in self._layers if kind in _FOCUS)) or everything
        tiles_spec = self.tiles if self.tiles is not None else settings.tiles
        days = np.concatenate(self._days) if self._days else np.array([])
        days = days[np.isfinite(days)]
        return {
            "version": 1,
            "title": self.title, "subtitle": self.subtitle,
            "attribution": self._attribution(),
            "tiles": resolve_tiles(tiles_spec),
            "bounds": [round(v, 6) for v in _padded(focus)] if focus else None,
            "maxZoom": 12,
            "days": [int(days.min()), int(days.max())] if days.size else None,
            "basemap": basemap_payload(detail_box(everything), _padded(focus) if focus else None),
            "layers": layers,
        }

    def to_html(self) -> str:
        """The map as one self-contained HTML page (str).

        Byte-identical for the same inputs; makes no network request except
        for the web tiles, when chosen, and reads well without them.
        """
        from geo.render.webmap._document import build_document

        return build_document(self._page_data(), title=self.title)

    def html_parts(self) -> list[str]:
        """:meth:`to_html` as the strings it joins, in order: written one after another (UTF-8) they make the very
        same file, without the page of a large map (9 MB for 100,000 incidents) copied into one string first."""
        from geo.render.webmap._document import document_parts

        return document_parts(self._page_data(), title=self.title)

    def _page_data(self) -> dict[str, Any]:
        if not self._layers:
            log.info("rendering a map with no layers: only the basemap will show")
        return self._data()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`to_html` to ``path`` atomically; return the path.

        The page is built completely before anything is written, and the
        file is replaced in one step, so a failure leaves any old file intact.
        """
        from geo._atomic import write_text

        text = self.to_html()
        write_text(path, text)
        log.debug("wrote %s (%.1f MB)", path, len(text.encode("utf-8")) / 1e6)
        return Path(path)

    def _repr_html_(self) -> str:
        """Inline display in Jupyter: a sandboxed iframe holding the page."""
        page = html.escape(self.to_html(), quote=True)
        label = html.escape(self.title or "map", quote=True)
        return (f'<iframe srcdoc="{page}" title="{label}" style="width:100%;height:560px;border:0" '
                'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" allowfullscreen></iframe>')

    def __repr__(self) -> str:
        kinds = ", ".join(kind for kind, _, _ in self._layers) or "no layers"
        return f"ImpactMap({self.title!r}: {kinds})"


def _union(*boxes: tuple[float, float, float, float] | None) -> tuple[float, float, float, float] | None:
    present = [b for b in boxes if b is not None]
    if not present:
        return None
    arr = np.array(present, dtype=float)
    return (float(arr[:, 0].min()), float(arr[:, 1].min()), float(arr[:, 2].max()), float(arr[:, 3].max()))


def _padded(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    # A single point (or a line of points) would zoom to the maximum or give an
    # empty box: keep each side at least 0.1 degree (~10 km) wide.
    minx, miny, maxx, maxy = box
    half = 0.05
    if maxx - minx < 2 * half:
        cx = (minx + maxx) / 2
        minx, maxx = cx - half, cx + half
    if maxy - miny < 2 * half:
        cy = (miny + maxy) / 2
        miny, maxy = max(cy - half, -85.0), min(cy + half, 85.0)
    return (minx, miny, maxx, maxy)


def _points_bounds(layer: dict[str, Any]) -> tuple[float, float, float, float] | None:
    if not layer["features"]:
        return None
    lon = [f["lon"] for f in layer["features"]]
    lat = [f["lat"] for f in layer["features"]]
    return (min(lon), min(lat), max(lon), max(lat))


def _subtitle(incidents: pd.DataFrame) -> str | None:
    counted = format_count(len(incidents), "incident")
    dates = pd.to_datetime(incidents["date"], errors="coerce").dropna() if "date" in incidents else pd.Series([])
    if dates.empty:
        return counted
    first, last = format_date(dates.min()), format_date(dates.max())
    when = first if first == last else f"{first} to {last}"
    return f"{counted}, {when}; distances geodesic on WGS84"


def _with_region_source(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    # The analysis keeps a region's code, not its provenance: look it up for the attribution.
    if "source" in regions or "code" not in regions:
        return regions
    try:
        from geo.reference.regions import regions as known_regions

        table = known_regions()
        sources = dict(zip(table["code"], table["source"], strict=True))
    except Exception:  # provenance only; a map never fails for it
        log.debug("region sources unavailable", exc_info=True)
        return regions
    out = regions.copy()
    out["source"] = [sources.get(code) for code in out["code"]]
    return out


def _split_damage(damage: gpd.GeoDataFrame | None) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    if damage is None or not len(damage):
        return gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs="EPSG:4326")), pd.DataFrame()
    geoms = damage.geometry
    located = geoms.notna() & ~geoms.is_empty
    return damage.loc[located], pd.DataFrame(damage.loc[~located.to_numpy()])


def _with_unlocated_damage(incidents: gpd.GeoDataFrame, unlocated: pd.DataFrame) -> gpd.GeoDataFrame:
    # Damage reported without a place is still part of the record: list it in the incident's popup.
    if unlocated.empty or "incident_id" not in unlocated:
        return incidents
    lines: dict[str, list[str]] = {}
    for _, row in unlocated.iterrows():
        kind = _layers._str(row.get("kind")) or "damage"
        severity = _layers._str(row.get("severity"))
        text = _layers._str(row.get("description"))
        item = kind + (f" ({severity})" if severity and severity != "unknown" else "") + (f": {text}" if text else "")
        lines.setdefault(_layers._str(row.get("incident_id")) or "", []).append(item)
    out = incidents.copy()
    out["damage_reported"] = [("\n".join(lines[i]) + "\n(not located on the map)") if i in lines else None
                              for i in out["id"].astype(str)]
    return out


def _towns(nearest: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct town, with the incidents it is nearest to as ``detail``."""
    frame = nearest.copy()
    frame["_key"] = list(zip(frame["name"].astype(str), frame["lon"].round(5), frame["lat"].round(5), strict=True))
    rows = []
    for key, group in frame.groupby("_key", sort=True):
        first = group.iloc[0]
        phrases = [f"{i}: {p}" for i, p in zip(group.get("incident_id", pd.Series(["?"] * len(group))),
                                               group.get("phrase", pd.Series([""] * len(group))), strict=True)]
        detail = "\n".join(phrases[:10]) + (f"\nand {len(phrases) - 10} more incidents" if len(phrases) > 10 else "")
        rows.append({"name": key[0], "lon": float(first["lon"]), "lat": float(first["lat"]),
                     "country": first.get("country"), "population": first.get("population"), "detail": detail})
    return pd.DataFrame(rows, columns=["name", "lon", "lat", "country", "population", "detail"])
