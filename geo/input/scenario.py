"""Scenario files: one case described in YAML.

Example (``seeds/belgorod-2023-04-20.yaml`` is a full one)::

    title: Su-34 bomb released over Belgorod
    published: 2023-04-21
    sources:
      - {id: article, name: "News report", note: "seeds/belgorod-2023-04-21-article.txt"}
    incidents:
      - id: belgorod-2023-04-20
        date: 2023-04-20
        place: Belgorod            # geocoded; or lon:/lat:
        location_precision: 2
        uncertainty_m: 6000
        fatalities: {low: 12, source: Russian Defense Ministry, text: at least 12}
    borders: [RUS-UKR]

Paths inside the file (``incidents_file``, ``damage_file``, ``article``,
damage ``file``) are relative to the scenario file.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
import yaml

from geo.errors import CRSMismatchError, GeoError, GeoWarning, ScenarioError
from geo.input._claims_yaml import parse_figure, parse_location, source_table
from geo.input._scenario_context import Context
from geo.input._scenario_damage import read_damage
from geo.input._scenario_keys import (
    DAMAGE_KEYS,
    INCIDENT_KEYS,
    INCIDENTS_FILE_KEYS,
    MAP_KEYS,
    SCENARIO_KEYS,
    SOURCE_KEYS,
)
from geo.input._yaml import load_yaml
from geo.input.model import SOURCE_COLUMNS, MapOptions, Scenario, empty_incidents
from geo.input.schema import check_same_crs, validate_incidents

__all__ = ["load_scenario", "parse_scenario", "SCENARIO_KEYS", "INCIDENT_KEYS", "DAMAGE_KEYS"]



def load_scenario(path: str | os.PathLike[str], *, on_error: str | None = None,
                  allow: Iterable[str | os.PathLike[str]] = ()) -> Scenario:
    """Read and validate a scenario YAML file.

    Parameters
    ----------
    path:
        The scenario file.
    on_error:
        ``"fail"``/``"skip"`` overrides the scenario's ``on_error:`` for the
        rows of its ``incidents_file`` (see :func:`geo.input.load.load_events`);
        rows set aside are in ``scenario.loaded[0].rejected``.
    allow:
        Folders outside the scenario's own that its data paths may point
        into. By default every data file a scenario names (after following
        symlinks) must lie in the scenario's folder or below it, so a shared
        scenario cannot pull someone's other files into a published map.

    Returns
    -------
    Scenario
        With ``files``: the scenario and every file it read or names, resolved.

    Raises
    ------
    ScenarioError
        Naming the file, the key (e.g. ``incidents[0].date``) and the fix.
    """
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise ScenarioError("scenario file not found", source=source, hint="check the path")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError("not UTF-8 text", source=source, hint="save the file as UTF-8") from None
    try:
        data = load_yaml(text, source=source)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise ScenarioError(f"not valid YAML: {exc.reason} #x{exc.character:04x}", source=source,
                            location=f"line {line}",
                            hint="remove the control character (YAML allows none, not even NUL); "
                                 'write it as an escape inside double quotes ("\\t") if it is meant') from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError(f"not valid YAML: {problem}", source=source, location=where,
                            hint="check indentation and quoting near that line") from None
    return parse_scenario(data, source=source, base=path.parent, path=path, on_error=on_error, allow=allow)


def parse_scenario(data: Any, *, source: str = "<scenario>", base: Path | None = None,
                   path: Path | None = None, on_error: str | None = None,
                   allow: Iterable[str | os.PathLike[str]] = ()) -> Scenario:
    """Build a :class:`Scenario` from already-parsed YAML data (a mapping).

    ``on_error`` (``"fail"`` or ``"skip"``), when given, overrides the
    scenario's own ``on_error:`` for rows of its ``incidents_file``. Paths in
    ``data`` resolve against ``base`` and must stay inside it or one of the
    ``allow`` folders (see :func:`load_scenario`).
    """
    base = base or Path.cwd()
    if not isinstance(data, dict):
        raise ScenarioError(f"a scenario must be a mapping of keys, got {type(data).__name__}",
                            source=source, hint="start with 'title:' and 'incidents:'")
    ctx = Context(source, base, allow=allow)
    ctx.keys(data, SCENARIO_KEYS, "the top level")
    if "incidents" in data and "incidents_file" in data:
        raise ctx.fail("give either 'incidents' or 'incidents_file', not both", "the top level",
                       hint="move the listed incidents into the file, or drop incidents_file")
    title = ctx.text(data, "title", "title", required=True)
    sources = _sources(ctx, data.get("sources") or [])
    ctx.sources = source_table(sources)
    loaded = _incidents_file(ctx, data, on_error) if "incidents_file" in data else None
    incidents = _incidents(ctx, data, loaded)
    damage = read_damage(ctx, data, incidents)
    if loaded is not None and loaded.damage is not None and "damage_file" not in data and not data.get("damage"):
        damage = loaded.damage  # polygons of the incidents file are its damage areas
    _check_file_crs(ctx)
    borders = [_border_pair(ctx, item, f"borders[{i}]") for i, item in enumerate(ctx.listing(data, "borders"))]
    return Scenario(
        title=title,
        incidents=incidents,
        damage=damage,
        borders=borders,
        places=_names(ctx, data, "places"),
        regions=_names(ctx, data, "regions"),
        sources=sources,
        summary=ctx.text(data, "summary", "summary") or "",
        caveats=[str(c) for c in ctx.listing(data, "caveats")],
        published=ctx.date(data.get("published"), "published"),
        map=_map_options(ctx, data.get("map") or {}),
        article=ctx.path(data["article"], "article", reads=False) if data.get("article") else None,
        path=path,
        lines=loaded.lines if loaded is not None else None,
        loaded=[loaded] if loaded is not None else [],
        files=[*([path.resolve()] if path is not None else []), *ctx.files],
    )


def _names(ctx: Context, data: dict, key: str) -> list[str]:
    """Place or region names; an entry that is not a name is skipped with a warning naming it."""
    names = []
    for i, item in enumerate(ctx.listing(data, key)):
        if isinstance(item, str | int | float) and not isinstance(item, bool) and str(item).strip():
            names.append(str(item))
        else:
            warnings.warn(f"{ctx.source}, {key}[{i}]: not a name ({item!r:.60}); skipped (fix: write each entry "
                          f"as plain text, e.g. {key}: [Belgorod, Kharkiv])", GeoWarning, stacklevel=2)
    return names


def _sources(ctx: Context, items: Any) -> pd.DataFrame:
    if not isinstance(items, list):
        raise ctx.fail("'sources' must be a list", "sources", hint="write sources:\n  - {id: article, name: ...}")
    rows = []
    for i, item in enumerate(items):
        where = f"sources[{i}]"
        if isinstance(item, str):
            item = {"id": item, "name": item}
        ctx.keys(item, SOURCE_KEYS, where)
        ref = ctx.text(item, "id", where, required=True)
        published = ctx.date(item.get("published"), f"{where}.published")
        rows.append({"id": ref, "name": ctx.text(item, "name", where) or ref, "url": ctx.text(item, "url", where),
                     "published": published, "note": ctx.text(item, "note", where)})
    frame = pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))
    dup = frame["id"].duplicated()
    if dup.any():
        raise ctx.fail(f"source id {frame['id'][dup].iat[0]!r} is used twice", "sources", hint="give each source its own id")
    return frame


def _joined(ctx: Context, value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        raise ctx.fail("must be text or a list of text", where, hint="e.g. [Su-34, FAB-500 bomb]")
    return str(value)


def _incidents_file(ctx: Context, data: dict, on_error: str | None):
    """``incidents_file:`` (a path, or {path, layer, columns, profile, on_error}) read as it comes."""
    from geo.input.load import ON_ERROR, load_events

    spec = data["incidents_file"]
    options = dict(spec) if isinstance(spec, dict) else {"path": spec}
    ctx.keys(options, INCIDENTS_FILE_KEYS, "incidents_file")
    for key in ("columns", "profile", "on_error"):  # top-level keys apply unless the mapping gives its own
        if key in data and key not in options:
            options[key] = data[key]
    columns = options.get("columns")
    if columns is not None and (not isinstance(columns, dict) or not all(
            isinstance(v, str) for v in columns.values())):
        raise ctx.fail("'columns' must map geo fields to column names", "columns",
                       hint="e.g. columns: {date: event_date, fatalities: best}")
    mode = on_error or ctx.text(options, "on_error", "on_error") or "fail"
    if mode not in ON_ERROR:
        raise ctx.fail(f"on_error must be one of {', '.join(ON_ERROR)}, got {mode!r}", "on_error",
                       hint="on_error: skip writes rejected rows beside the output")
    file = ctx.path(options.get("path"), "incidents_file")
    try:
        loaded = load_events(file, layer=ctx.text(options, "layer", "incidents_file"), columns=columns,
                             profile=ctx.text(options, "profile", "profile"), on_error=mode)
    except GeoError as exc:
        if exc.source in (str(file), "--columns", "--profile", "--on-error"):
            raise type(exc)(exc.message, source=str(file) if exc.source == str(file) else ctx.source,
                            location=exc.location if exc.source == str(file) else "columns", hint=exc.hint) from None
        raise
    ctx.layers.append(("incidents_file", str(file), loaded.crs))
    return loaded


def _incidents(ctx: Context, data: dict, loaded=None) -> gpd.GeoDataFrame:  # noqa: ANN001 - a Loaded
    if loaded is not None:
        return loaded.incidents if loaded.incidents is not None else empty_incidents()
    items = data.get("incidents")
    if not items:
        raise ctx.fail("missing required key 'incidents' (a list with at least one incident)", "the top level",
                       hint="or give incidents_file: path/to/incidents.csv")
    if not isinstance(items, list):
        raise ctx.fail(f"'incidents' must be a list, got {type(items).__name__}", "incidents",
                       hint="write one item per incident: incidents:\n  - {id: a, lon: 36.58, lat: 50.60}")
    rows, points = [], []
    for i, item in enumerate(items):
        where = f"incidents[{i}]"
        ctx.keys(item, INCIDENT_KEYS, where)
        if "lon" not in item and "lat" not in item and not isinstance(item.get("place"), (str, type(None))):
            raise ctx.fail(f"'place' must be text, got {type(item['place']).__name__}", f"{where}.place",
                           hint="give a town name such as 'Belgorod', or lon and lat")
        row, point = _incident_row(ctx, item, where)
        rows.append(row)
        points.append(point)
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=points, crs="EPSG:4326")
    try:
        return validate_incidents(frame, source=ctx.source)
    except GeoError as exc:
        raise ctx.rows_failed(exc, "incidents") from None


def _incident_row(ctx: Context, item: dict, where: str) -> tuple[dict, shapely.Point]:
    country = _country_code(ctx, item.get("country"), f"{where}.country")
    lon, lat = item.get("lon"), item.get("lat")
    if lon is None or lat is None:
        place = item.get("place")
        if not place:
            raise ctx.fail("needs lon and lat, or a place name to geocode", where,
                           hint="add 'place: Belgorod' or 'lon: 36.58' and 'lat: 50.60'")
        from geo.reference.gazetteer import geocode

        try:
            hit = geocode(str(place), country=country)
        except GeoError as exc:
            raise ctx.fail(exc.message, f"{where}.place", exc.hint) from None
        lon, lat = hit.lon, hit.lat
    lon = ctx.number(lon, f"{where}.lon", minimum=None)
    lat = ctx.number(lat, f"{where}.lat", minimum=None)
    date = ctx.date(item.get("date"), f"{where}.date")
    fatalities, fatality_claims = parse_figure(ctx, item.get("fatalities"), f"{where}.fatalities", ctx.sources)
    injuries, injury_claims = parse_figure(ctx, item.get("injuries"), f"{where}.injuries", ctx.sources)
    location, location_claims = parse_location(ctx, item.get("location"), f"{where}.location", ctx.sources)
    row = {
        "id": ctx.text(item, "id", where),
        "date": date.isoformat() if date else None,
        "time_precision": ctx.text(item, "time_precision", where),
        "time_of_day": ctx.text(item, "time_of_day", where),
        "event_type": ctx.text(item, "event_type", where),
        "actors": _joined(ctx, item.get("actors"), f"{where}.actors"),
        "location": location or ctx.text(item, "place", where),
        "location_precision": ctx.number(item.get("location_precision"), f"{where}.location_precision",
                                         integer=True),
        "uncertainty_m": ctx.number(item.get("uncertainty_m"), f"{where}.uncertainty_m"),
        **{f"fatalities_{k}": v for k, v in fatalities.items()},
        **{f"injuries_{k}": v for k, v in injuries.items()},
        "weapons": _joined(ctx, item.get("weapons"), f"{where}.weapons"),
        "sources": _joined(ctx, item.get("sources"), f"{where}.sources"),
        "notes": ctx.text(item, "notes", where),
        "region": ctx.text(item, "region", where),
        "country": country,
    }
    # Claims columns only where claims are listed: one-claim scenarios keep the table they always had.
    for column, claims in (("fatalities_claims", fatality_claims), ("injuries_claims", injury_claims),
                           ("location_claims", location_claims)):
        if claims is not None:
            row[column] = claims
    if row["id"] is None:
        row.pop("id")
    if country is None:
        row.pop("country")  # only a stated country is checked against the coordinates
    return row, shapely.Point(lon, lat)


def _country_code(ctx: Context, value: Any, where: str) -> str | None:
    if value is None:
        return None
    from geo.reference.countries import check_code

    try:
        return check_code(str(value))
    except GeoError as exc:
        raise ctx.fail(exc.message, where, exc.hint) from None


def _check_file_crs(ctx: Context) -> None:
    """A case whose files use different CRSs is refused, not silently reprojected."""
    if len(ctx.layers) < 2:
        return
    names = [f"{where} ({Path(file).name})" for where, file, _ in ctx.layers]
    frames = [gpd.GeoDataFrame(geometry=gpd.GeoSeries([shapely.Point(0, 0)], crs=crs)) for _, _, crs in ctx.layers]
    try:
        check_same_crs(frames, names=names)
    except CRSMismatchError as exc:
        raise exc.with_context(source=ctx.source, location="data files", replace=True) from None


def _border_pair(ctx: Context, item: Any, where: str) -> tuple[str, str]:
    """A border in the one grammar (:func:`geo.parse_border`); a scenario's borders are pairs."""
    from geo.reference.countries import parse_border

    try:
        return parse_border(item, allow_nearest=False)
    except GeoError as exc:
        raise ctx.fail(exc.message, where, exc.hint) from None


def _map_options(ctx: Context, value: Any) -> MapOptions:
    ctx.keys(value, MAP_KEYS, "map")
    options = MapOptions()
    if "tiles" in value:
        options.tiles = _tiles(ctx, value["tiles"])
    if "bands_km" in value:
        options.bands_m = _bands(ctx, value["bands_km"])
    if "nearest_towns" in value:
        options.nearest_towns = ctx.number(value["nearest_towns"], "map.nearest_towns", integer=True)
    if "min_population" in value:
        options.min_population = ctx.number(value["min_population"], "map.min_population", integer=True)
    return options


#: Widest distance band a scenario may ask for, in km.
MAX_BAND_KM = 2_000


def _bands(ctx: Context, bands: Any) -> list[float]:
    """Band distances in km: finite, more than 0, at most MAX_BAND_KM, increasing; returned in metres."""
    hint = "write distances in km, positive and increasing, e.g. bands_km: [10, 25, 50]"
    if not isinstance(bands, list) or not bands:
        raise ctx.fail(f"must be a list of distances in km, got {bands!r:.60}", "map.bands_km", hint=hint)
    for b in bands:
        if isinstance(b, bool) or not isinstance(b, int | float) or not 0 < b <= MAX_BAND_KM:
            raise ctx.fail(f"band distances are km, more than 0 and at most {MAX_BAND_KM:,}; got {b!r:.40} "
                           f"in {bands!r:.60}", "map.bands_km", hint=hint)
    km = [float(b) for b in bands]
    if sorted(km) != km or len(set(km)) != len(km):
        raise ctx.fail(f"bands_km must increase, got {bands!r:.60}", "map.bands_km", hint=hint)
    return [k * 1000 for k in km]


def _tiles(ctx: Context, value: Any) -> str | None:
    """Only ``none``: web tiles make every reader's browser call a host, so the person running geo
    chooses them (``--tiles``), never a scenario that may come from someone else."""
    if not isinstance(value, str) or not value.strip():
        raise ctx.fail(f"must be none or a tile provider name, got {value!r:.60}", "map.tiles",
                       hint="write tiles: none (web tiles are chosen with --tiles when you run geo map)")
    text = value.strip()
    if text.lower() == "none":
        return "none"
    if "://" in text or "{" in text or "/" in text:
        raise ctx.fail(f"a scenario cannot choose a tile host ({text[:80]!r}): every reader's browser would "
                       "send it their address and the area viewed", "map.tiles",
                       hint="remove map.tiles; whoever runs geo map chooses web tiles with --tiles")
    warnings.warn(f"{ctx.source}, map.tiles: asks for web tiles {text!r}; not loaded, the map calls no server "
                  f"(fix: pass --tiles {text} to geo map if you want them)", GeoWarning, stacklevel=3)
    return None
