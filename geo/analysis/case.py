"""One case analysed: everything maps and reports draw, computed once.

The flow is one way: a :class:`~geo.input.model.Scenario` goes in, a
:class:`CaseAnalysis` comes out, and renderers only read it. Nothing here
imports folium or matplotlib.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import warnings
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo._ahead import Ahead, start_ahead
from geo.analysis._border_index import border_set_index
from geo.analysis._case_bands import BandsAhead, cached_bands, start_bands
from geo.analysis._nearest import one_core_per_query, tree_used
from geo.analysis.distance import distance_to_border
from geo.analysis.locate import locate
from geo.analysis.places import nearest_places
from geo.errors import GeoError, GeoWarning, PlaceNotFoundError
from geo.geodesy import geodesic_areas, geodesic_circles, geodesic_length
from geo.input.model import Scenario, empty_frame
from geo.input.schema import ensure_wgs84
from geo.reference.countries import border, natural_earth_version
from geo.reference.gazetteer import geocode
from geo.reference.regions import lookup_regions, regions, regions_at_border
from geo.settings import settings

__all__ = ["CaseAnalysis", "analyze"]

log = logging.getLogger(__name__)

_COPY_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3

#: Beyond this many located incidents ``CaseAnalysis.uncertainty`` stays empty (with a note): maps draw the
#: circle of the incident a reader selects, and 5,000 circles already fill any map (the map's shape cap).
UNCERTAINTY_CIRCLES_MAX = 5_000
#: With no border named, a border is drawn and banded only when it is the nearest for at least this share of
#: the incidents: 6,000 events in eastern Ukraine should not draw Ukraine's borders with Poland and Moldova
#: (and Bulgaria-Romania) because a handful of them lie nearer to those.
NEAREST_MIN_SHARE = 0.02
#: At most this many regions per analysed border are added to those the scenario names.
MAX_BORDER_REGIONS = 12
#: From this many located incidents, their countries, regions and nearest towns are found in a forked child
#: while the distances are measured here: ~0.4 s sooner for 100,000, and not worth a fork for a few hundred.
AHEAD_MIN_INCIDENTS = 20_000


@dataclass
class CaseAnalysis:
    """Results of :func:`analyze` for one scenario.

    Attributes
    ----------
    scenario:
        The scenario analysed.
    incidents:
        The scenario's incidents plus, per incident: ``border_distance_m``,
        ``border_lon``, ``border_lat``, ``border_bearing_deg``,
        ``border_distance_min_m``/``border_distance_max_m`` (from the
        uncertainty radius), ``border_countries`` (``"RUS-UKR"``),
        ``border_side`` (the country of that pair holding the point) and
        ``border_side_uncertain`` (within 2 km of the 1:10m line),
        ``band`` (distance band label), ``country`` (ISO A3 the point lies in),
        ``region`` (first-level region, when known) and ``nearest_phrase``
        (e.g. ``"3 km NE of Belgorod"``).
    borders:
        One row per border analysed: ``countries``, ``length_m``, line ``geometry``.
    bands:
        Distance bands: ``label``, ``inner_m``, ``outer_m``, ``area_m2``, polygon ``geometry``.
    nearest:
        Nearest towns per incident: ``incident_id``, ``rank``, ``name``,
        ``country``, ``population``, ``distance_m``, ``bearing_deg``,
        ``phrase``, ``lon``, ``lat``.
    uncertainty:
        Geodesic circles of each incident's uncertainty radius: ``incident_id``,
        ``radius_m``, ``area_m2``, polygon ``geometry``.
    damage:
        The scenario's damage areas plus ``area_m2`` (ellipsoidal; 0 when not located).
    regions:
        Regions named by the scenario, then those on both sides of each
        analysed border where the incidents' nearest border points lie
        (Belgorod Oblast and Kharkiv Oblast for the Belgorod case), with
        ``name``, ``code``, ``country``, ``border_with``,
        ``border_length_m``, ``border_share`` and polygon ``geometry``.
    places:
        Places named by the scenario, geocoded: ``name``, ``country``,
        ``population``, point ``geometry``.
    """

    scenario: Scenario
    incidents: gpd.GeoDataFrame
    borders: gpd.GeoDataFrame
    bands: gpd.GeoDataFrame
    nearest: pd.DataFrame
    uncertainty: gpd.GeoDataFrame
    damage: gpd.GeoDataFrame
    regions: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    notes: list[str] = field(default_factory=list)


def analyze(scenario: Scenario, *, nearest_towns: int | None = None,
            uncertainty_circles: bool = True) -> CaseAnalysis:
    """Measure a scenario: borders, distances, bands, nearest towns, areas.

    Distances go to the scenario's ``borders`` (to the nearest of them when
    several), or to the nearest international land border when it names none.
    Bands are drawn around those borders at ``scenario.map.bands_m`` and
    clipped to the countries that share them (land only); an incident's
    ``band`` comes from its exact distance, not from the polygons.

    Parameters
    ----------
    scenario:
        A loaded scenario (:func:`geo.load_scenario`); it is not modified.
    nearest_towns:
        Towns found per incident (``CaseAnalysis.nearest``); None takes the
        scenario's ``map.nearest_towns`` (3 unless it says otherwise). A map of
        many incidents names only each incident's nearest town, and finding one
        instead of three gives that same town in a third of the time.
    uncertainty_circles:
        Build ``CaseAnalysis.uncertainty`` (a geodesic polygon per incident
        with a radius, up to ``UNCERTAINTY_CIRCLES_MAX``; ~0.5 ms each).
        False leaves it empty for output that draws no circles (a map of many
        incidents draws only the selected incident's, from its
        ``uncertainty_m``); notes and every other result stay the same.

    Returns
    -------
    CaseAnalysis

    Examples
    --------
    >>> import geo
    >>> case = geo.analyze(geo.load_scenario("seeds/belgorod-2023-04-20.yaml"))  # doctest: +SKIP
    >>> case.incidents[["border_distance_m", "band", "nearest_phrase"]]  # doctest: +SKIP
    """
    incidents = ensure_wgs84(scenario.incidents)
    notes: list[str] = []
    located = _located(incidents)
    towns = scenario.map.nearest_towns if nearest_towns is None else int(nearest_towns)
    # Countries, regions and nearest towns do not depend on the distances: with many incidents a forked child
    # finds them on the other core while this process measures (the same function on the same data).
    ahead, restore = _start_places(incidents, located, scenario, towns)
    # The bands (geodesic buffers, mostly GEOS work, which releases the GIL) are built in a thread while this process
    # waits for the places' child (no fork follows); with no such child, from the start in a child of their own
    # (_case_bands), else after the places. Results and notes come out as one thread gives.
    pending_bands = None
    with ThreadPoolExecutor(1, thread_name_prefix="geo-analyze") as pool:
        try:
            borders, measured = _analysed_borders(scenario, _rows(incidents, located), notes)
            bands_of = (contextvars.copy_context().run, _bands, borders, scenario.map.bands_m)
            pending_bands = start_bands(_bands, borders, scenario.map.bands_m) if ahead is None else None
            if measured is None and len(borders) and located.any():
                measured = distance_to_border(_rows(incidents, located), border_set_index(tuple(borders["countries"])))
            region_notes: list[str] = []  # said where they always were, after the note on distances
            regions_found = _regions(scenario, _border_points(measured), borders, region_notes)
            pending_bands = pool.submit(*bands_of) if ahead is not None else pending_bands
            uncertainty, none_for_all = _uncertainty_circles(incidents, located, build=uncertainty_circles)
            found, nearest = _collect_places(ahead, incidents, located, scenario, towns, restore, pending_bands)
        except BaseException:
            for pending in (ahead, pending_bands):
                if isinstance(pending, Ahead | BandsAhead):
                    pending.discard()
            raise
        finally:
            restore()
        pending_bands = pending_bands or pool.submit(*bands_of)
        try:  # the bands' child, if any, is collected or ended whatever happens
            incidents = _with_proximity(incidents, located, borders, measured, found)
            first = nearest[nearest["rank"] == 1]
            phrase = np.full(len(incidents), None, dtype=object)
            if len(first):
                phrase[np.flatnonzero(located)] = first["phrase"].to_numpy(dtype=object)
            if not located.all():
                notes.append(f"{int((~located).sum())} incident(s) have no location and were not measured.")
            if none_for_all and located.sum() > UNCERTAINTY_CIRCLES_MAX and "uncertainty_m" in incidents:
                notes.append(f"Uncertainty circles are drawn for the incident a reader selects, not for all "
                             f"{int(located.sum()):,} incidents; each incident's radius is in its record.")
            notes.append(f"Distances are geodesic on the WGS84 ellipsoid to Natural Earth 10m borders "
                         f"(version {natural_earth_version()}), generalised at 1:10 million.")
            damage = _damage(scenario.damage)
            notes += region_notes
            places = _places(scenario.places, notes, scenario)
            bands = pending_bands.result()
        except BaseException:
            if isinstance(pending_bands, BandsAhead):
                pending_bands.discard()
            raise
    incidents["band"] = _band_of(incidents["border_distance_m"].to_numpy(dtype=float), bands)
    incidents["nearest_phrase"] = phrase
    return CaseAnalysis(scenario=scenario, incidents=incidents, borders=borders, bands=bands, nearest=nearest,
                        uncertainty=uncertainty, damage=damage, regions=regions_found, places=places, notes=notes)


def _located(incidents: gpd.GeoDataFrame) -> np.ndarray:
    values = incidents.geometry.values
    return np.asarray(~(shapely.is_missing(values) | shapely.is_empty(values)))


def _rows(incidents: gpd.GeoDataFrame, located: np.ndarray) -> gpd.GeoDataFrame:
    """The located incidents, read only: the frame itself when all are (no copy of 100,000 rows per step)."""
    return incidents if located.all() else incidents[located]


def _analysed_borders(scenario: Scenario, incidents: gpd.GeoDataFrame, notes: list[str]
                      ) -> tuple[gpd.GeoDataFrame, pd.DataFrame | None]:
    """The borders to draw and band, and (nearest mode) each incident's measurement to its nearest border.

    With no border named, every incident is measured to its nearest land border,
    and a border is drawn only when it is the nearest for at least
    :data:`NEAREST_MIN_SHARE` of the incidents (the most frequent always is);
    incidents nearest to a border not drawn keep their true distance, and a note
    names those borders.
    """
    pairs = [tuple(sorted((a.upper(), b.upper()))) for a, b in scenario.borders]
    measured = None
    if not pairs and len(incidents):
        measured = distance_to_border(incidents, "nearest")
        share = measured["border_countries"].value_counts(normalize=True, sort=False)
        share = share.sort_values(ascending=False, kind="stable")
        kept = [pair for pair, part in share.items() if part >= NEAREST_MIN_SHARE] or [share.index[0]]
        dropped = measured["border_countries"][~measured["border_countries"].isin(kept)].value_counts()
        if len(dropped):
            listed = ", ".join(f"{pair} ({count:,})" for pair, count in dropped.items())
            notes.append(f"{int(dropped.sum()):,} incident(s) lie nearest to borders that are not drawn, each "
                         f"nearest for fewer than {NEAREST_MIN_SHARE:.0%} of the incidents: {listed}; their "
                         "distances are to those borders.")
        pairs = [tuple(p.split("-")) for p in kept]
    pairs = list(dict.fromkeys(pairs))
    lines = [border(a, b) for a, b in pairs]
    frame = gpd.GeoDataFrame({"countries": [f"{a}-{b}" for a, b in pairs],
                              "length_m": [geodesic_length(line) for line in lines]},
                             geometry=gpd.GeoSeries(lines, crs="EPSG:4326"), crs="EPSG:4326")
    return frame, measured


def _places_of(incidents: gpd.GeoDataFrame, located: np.ndarray, scenario: Scenario,
               towns: int) -> tuple[pd.DataFrame | None, pd.DataFrame]:
    """Country and region of each located incident (None when there are none), and its nearest towns."""
    points = _rows(incidents, located)
    return (locate(points) if len(points) else None), _nearest(incidents, located, scenario, towns)


def _start_places(incidents: gpd.GeoDataFrame, located: np.ndarray, scenario: Scenario, towns: int
                  ) -> tuple[Ahead | None, Callable[[], None]]:
    """:func:`_places_of` started in a forked child, for many incidents where that is safe (else None), and what
    to call once it is collected: while both compute, each process's KD-tree queries keep to one core."""
    if int(located.sum()) < AHEAD_MIN_INCIDENTS or tree_used():  # OpenMP's threads do not survive a fork
        return None, lambda: None
    # The border countries' regions are read here, once: the child finds points in them, and this process
    # names those along the border (_regions); read after the fork, each would read them.
    for code in sorted({code for pair in scenario.borders for code in pair}):
        with contextlib.suppress(GeoError):
            regions(code)
    restore = one_core_per_query()  # before the fork: the child's queries keep to its core too
    ahead = start_ahead(_places_of, incidents, located, scenario, towns, what="countries, regions and towns")
    if ahead is None:
        restore()
        return None, lambda: None
    return ahead, restore


def _collect_places(ahead: Ahead | None, incidents: gpd.GeoDataFrame, located: np.ndarray, scenario: Scenario,
                    towns: int, restore: Callable[[], None], bands: Future | None
                    ) -> tuple[pd.DataFrame | None, pd.DataFrame]:
    if ahead is not None:
        ok, value = ahead.result()
        restore()  # the child is done: this process's queries may use every core again (if it computes them)
        if ok:
            return value
    if bands is not None:
        bands.exception()  # built: no GEOS work of the bands' thread beside finding the places here
    return _places_of(incidents, located, scenario, towns)


def _border_points(measured: pd.DataFrame | None) -> pd.DataFrame:
    """What :func:`_regions` reads of the measurements: each incident's nearest border and point on it."""
    if measured is None:
        return pd.DataFrame({"border_countries": [], "border_lon": [], "border_lat": []})
    countries = measured["border_countries"] if "border_countries" in measured else None
    return pd.DataFrame({"border_countries": pd.Series(countries, index=measured.index, dtype=object),
                         "border_lon": measured["border_lon"], "border_lat": measured["border_lat"]})


def _with_proximity(incidents: gpd.GeoDataFrame, located: np.ndarray, borders: gpd.GeoDataFrame,
                    measured: pd.DataFrame | None, found: pd.DataFrame | None) -> gpd.GeoDataFrame:
    # Columns are built as whole arrays and set once: per-column .loc writes cost milliseconds each.
    n, rows = len(incidents), np.flatnonzero(located)
    columns = ["border_distance_m", "border_lon", "border_lat", "border_bearing_deg",
               "border_distance_min_m", "border_distance_max_m"]
    values: dict[str, np.ndarray] = {column: np.full(n, np.nan) for column in columns}
    for column in ("border_countries", "border_side", "border_side_uncertain", "country"):
        values[column] = np.full(n, None, dtype=object)
    # first-level regions are wired in with geo.reference.regions
    region = (incidents["region"].to_numpy(dtype=object).copy() if "region" in incidents.columns
              else np.full(n, None, dtype=object))
    points = _rows(incidents, located)
    if len(points) and len(borders) and measured is not None:
        if "border_distance_min_m" not in measured:  # no uncertainty_m column at all
            measured["border_distance_min_m"] = measured["border_distance_max_m"] = np.nan
        for column in columns:
            values[column][rows] = measured[column].to_numpy(dtype=float)
        copied = ["border_countries", *(["border_side", "border_side_uncertain"] if "border_side" in measured else [])]
        for column in copied:
            values[column][rows] = measured[column].to_numpy(dtype=object)
    if found is not None:
        values["country"][rows] = found["country"].to_numpy(dtype=object)
        # A region the scenario names wins; the others come from the region polygons.
        located_region = np.full(n, None, dtype=object)
        located_region[rows] = found["region"].to_numpy(dtype=object)
        region = np.where(pd.isna(region), located_region, region)
        region[pd.isna(region)] = None
    # pandas 3 copies on write: a shallow copy whose columns are set anew never changes the scenario's frame,
    # and copying all of its columns (30 ms for 100,000 incidents) buys nothing; older pandas copies them.
    out = incidents.copy(deep=not _COPY_ON_WRITE)
    for column, array in values.items():
        if array.dtype == object:  # kept as objects with None, not inferred as strings with NaN
            array[pd.isna(array)] = None
            out[column] = pd.Series(array, index=out.index, dtype=object)
        else:
            out[column] = array
    out["region"] = pd.Series(region, index=out.index, dtype=object)
    return out


def _bands(borders: gpd.GeoDataFrame, bands_m: list[float]) -> gpd.GeoDataFrame:
    if not len(borders) or not bands_m:
        return empty_frame({"label": object, "inner_m": float, "outer_m": float, "area_m2": float})
    return cached_bands(borders["countries"], bands_m).copy()


def _band_of(distance_m: np.ndarray, bands: gpd.GeoDataFrame) -> np.ndarray:
    """The label of the band each distance falls in (None outside every band): one pass per band."""
    labels = np.full(distance_m.size, None, dtype=object)
    finite = np.isfinite(distance_m)
    for label, inner, outer in zip(bands["label"], bands["inner_m"], bands["outer_m"], strict=True):
        inside = finite & (distance_m >= inner) & (distance_m < outer) & pd.isna(labels)
        labels[inside] = str(label)
    return labels


def nearest_min_population(scenario: Scenario) -> int:
    """Smallest town named as nearest: the scenario's ``map.min_population``, else the settings (read now)."""
    if scenario.map.min_population is not None:
        return int(scenario.map.min_population)
    return max(int(settings.nearest_min_population), int(settings.places_min_population))


def _nearest(incidents: gpd.GeoDataFrame, located: np.ndarray, scenario: Scenario, k: int) -> pd.DataFrame:
    columns = ["incident_id", "rank", "name", "country", "population", "distance_m", "bearing_deg", "phrase",
               "lon", "lat"]
    points = _rows(incidents, located)
    if not len(points) or k < 1:
        return pd.DataFrame({c: [] for c in columns})
    towns = nearest_places(points, k=k, min_population=nearest_min_population(scenario))
    towns.pop("point")  # k rows per point, in the points' order
    towns.insert(0, "incident_id", np.repeat(points["id"].to_numpy(dtype=object), len(towns) // len(points)))
    return towns[columns]


def _uncertainty_circles(incidents: gpd.GeoDataFrame, located: np.ndarray, *,
                         build: bool = True) -> tuple[gpd.GeoDataFrame, bool]:
    """The circles (up to UNCERTAINTY_CIRCLES_MAX, none unless ``build``), and whether the analysis has none
    for all its incidents (none with a radius, or too many): what its note says, whether built or not."""
    radius = (pd.to_numeric(incidents["uncertainty_m"], errors="coerce").to_numpy(dtype=float)
              if "uncertainty_m" in incidents else np.full(len(incidents), np.nan))
    keep = np.flatnonzero(located & np.isfinite(radius) & (radius > 0))
    none_for_all = not keep.size or keep.size > UNCERTAINTY_CIRCLES_MAX
    if keep.size > UNCERTAINTY_CIRCLES_MAX:
        log.debug("%d incidents: uncertainty circles not built (more than %d)", keep.size, UNCERTAINTY_CIRCLES_MAX)
    if none_for_all or not build:
        return empty_frame({"incident_id": object, "radius_m": float, "area_m2": float}), none_for_all
    geoms = incidents.geometry.values[keep]
    # Each distinct (lon, lat, radius) is drawn and measured once: sheets repeat a town's or a region's
    # point for many events (the UCDP extract: 3,077 events at 434 points), and a circle is a function of
    # those three numbers alone, so the repeats share the very same polygon and area.
    centre = np.column_stack([shapely.get_x(geoms), shapely.get_y(geoms), radius[keep]])
    distinct, inverse = np.unique(centre, axis=0, return_inverse=True)
    circles = geodesic_circles(distinct[:, 0], distinct[:, 1], distinct[:, 2])
    inverse = inverse.ravel()
    return gpd.GeoDataFrame({"incident_id": incidents["id"].to_numpy(dtype=object)[keep], "radius_m": radius[keep],
                             "area_m2": geodesic_areas(circles)[inverse]},
                            geometry=gpd.GeoSeries(circles[inverse], crs="EPSG:4326"), crs="EPSG:4326"), False


def _damage(damage: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = ensure_wgs84(damage).copy() if len(damage) else damage.copy()
    out["area_m2"] = geodesic_areas(out.geometry.values)
    return out


def _regions(scenario: Scenario, incidents: gpd.GeoDataFrame, borders: gpd.GeoDataFrame,
             notes: list[str]) -> gpd.GeoDataFrame:
    """The scenario's ``regions:``, then the regions on both sides of each analysed border where the
    incidents' nearest border points lie, each with its share of the border (geo.reference.regions)."""
    pairs = [f"{a}-{b}" for a, b in scenario.borders] or list(borders["countries"])
    found = []
    for name in scenario.regions:
        try:
            found.append(lookup_regions([name], borders=pairs))
        except PlaceNotFoundError as exc:
            notes.append(f"Region {name!r} not drawn: {exc}.")
            _warn_dropped(scenario, "regions", f"region {name!r} not drawn: {exc}")
    named = {row for frame in found for row in zip(frame["country"], frame["name"], strict=True)}
    for pair in borders["countries"]:
        mine = incidents["border_countries"].eq(pair).to_numpy() if incidents["border_countries"].notna().any() \
            else np.ones(len(incidents), dtype=bool)
        a, b = pair.split("-")
        at = regions_at_border(a, b, *_one_per_cell(incidents["border_lon"].to_numpy(dtype=float)[mine],
                                                    incidents["border_lat"].to_numpy(dtype=float)[mine]))
        codes: dict[str, pd.Series] = {}  # each country's region codes by name, read once
        wanted: list[tuple[str, str]] = []  # (what to look up, the region's name)
        for country_code, name in at[:MAX_BORDER_REGIONS]:
            if (country_code, name) in named:
                continue
            named.add((country_code, name))
            if country_code not in codes:
                codes[country_code] = regions(country_code).set_index("name")["code"]
            wanted.append((codes[country_code].get(name) or name, name))
        found += _looked_up(wanted, pair, notes)
    return pd.concat(found, ignore_index=True) if found else _empty_regions()


def _looked_up(wanted: list[tuple[str, str]], pair: str, notes: list[str]) -> list[gpd.GeoDataFrame]:
    """The regions ``wanted`` at ``pair`` (``(query, name)`` each) looked up together, as the rows looking each
    up alone gives; when one cannot be read back, each alone, and a note names those not drawn."""
    if not wanted:
        return []
    with contextlib.suppress(PlaceNotFoundError):
        return [lookup_regions([query for query, _ in wanted], borders=[pair])]
    found = []
    for query, name in wanted:
        try:
            found.append(lookup_regions([query], borders=[pair]))
        except PlaceNotFoundError as exc:  # a registered layer's name the resolver cannot read back
            notes.append(f"Region {name!r} at the {pair} border not drawn: {exc.message}.")
    return found


#: Nearest border points closer than this (degrees, ~1 km) pick their regions once: 100,000 incidents
#: project to ~100,000 distinct border points but only ~2,000 such cells along RUS-UKR, and a region whose share
#: of the border is shorter than a cell is not one a map of many events names.
_REGION_CELL_DEG = 1e-2


def _one_per_cell(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first of the points in each :data:`_REGION_CELL_DEG` cell (points stay where they are: on the border)."""
    finite = np.isfinite(lon) & np.isfinite(lat)
    lon, lat = lon[finite], lat[finite]
    if lon.size <= 1_000:
        return lon, lat
    cells = (np.floor(lon / _REGION_CELL_DEG).astype(np.int64) * 100_000
             + np.floor(lat / _REGION_CELL_DEG).astype(np.int64))
    first = ~pd.Series(cells).duplicated().to_numpy()  # hashed, in the points' order
    return lon[first], lat[first]


def _empty_regions() -> gpd.GeoDataFrame:
    return empty_frame({"name": object, "country": object, "border_length_m": float, "border_share": float})


def _warn_dropped(scenario: Scenario, key: str, text: str) -> None:
    """Say on the command line what the report only notes (the CLI prints GeoWarnings)."""
    where = f"{scenario.path}, {key}" if scenario.path else key
    warnings.warn(f"{where}: {text}", GeoWarning, stacklevel=4)


def _places(names: list[str], notes: list[str], scenario: Scenario | None = None) -> gpd.GeoDataFrame:
    rows = []
    for name in names:
        try:
            hit = geocode(name)
        except PlaceNotFoundError as exc:
            notes.append(f"Place {name!r} not drawn: {exc.message}.")
            if scenario is not None:
                _warn_dropped(scenario, "places", f"place {name!r} not drawn: {exc}")
            continue
        rows.append({"name": hit.name, "country": hit.country, "population": hit.population,
                     "source": hit.source, "geometry": hit.geometry})
    if not rows:
        return empty_frame({"name": object, "country": object, "population": "int64", "source": object})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
