"""Damage areas of a scenario: circles, WKT, GeoJSON and files, each checked with its key path."""

from __future__ import annotations

import json
import warnings
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geo.errors import GeoError, RepairWarning
from geo.input._claims_yaml import parse_damage_claims
from geo.input._repair import close_geojson_rings
from geo.input._scenario_context import Context
from geo.input._scenario_keys import DAMAGE_KEYS
from geo.input.model import empty_damage
from geo.input.schema import SEVERITIES, validate_damage

__all__ = ["read_damage"]

def read_damage(ctx: Context, data: dict, incidents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if "damage_file" in data:
        file = ctx.path(data["damage_file"], "damage_file")
        return validate_damage(ctx.read(file, "damage_file"), source=str(file))
    items = ctx.listing(data, "damage")
    if not items:
        return empty_damage()
    rows, geoms = [], []
    for i, item in enumerate(items):
        where = f"damage[{i}]"
        ctx.keys(item, DAMAGE_KEYS, where)
        incident = ctx.text(item, "incident", where)
        if incident is not None and incident not in set(incidents["id"]):
            raise ctx.fail(f"refers to unknown incident {incident!r}", f"{where}.incident",
                           hint=f"known incidents: {', '.join(incidents['id'][:5])}")
        geoms.append(_damage_geometry(ctx, item, where, incidents))
        row = {"id": ctx.text(item, "id", where) or f"damage-{i + 1}", "incident_id": incident,
               "kind": ctx.text(item, "kind", where), "severity": _severity(ctx, item, where),
               "description": ctx.text(item, "description", where), "source": ctx.text(item, "source", where)}
        claims = parse_damage_claims(ctx, item.get("claims"), f"{where}.claims", ctx.sources)
        if claims is not None:
            row["claims"] = claims  # only where listed: damage without claims keeps its old table
        rows.append(row)
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")
    try:
        return validate_damage(frame, source=ctx.source)
    except GeoError as exc:
        raise ctx.rows_failed(exc, "damage") from None


def _damage_geometry(ctx: Context, item: dict, where: str, incidents: gpd.GeoDataFrame):
    given = [k for k in ("circle", "wkt", "geojson", "file") if k in item]
    if len(given) > 1:
        raise ctx.fail(f"give one geometry, got {', '.join(given)}", where, hint="keep one of circle, wkt, geojson, file")
    if not given:
        return None  # reported, not located
    kind = given[0]
    value = item[kind]
    if kind == "circle":
        ctx.keys(value, {"lon", "lat", "radius_m"}, f"{where}.circle")
        radius = ctx.number(value.get("radius_m"), f"{where}.circle.radius_m", maximum=MAX_RADIUS_M, unit=" m")
        if radius is None or radius <= 0:
            raise ctx.fail("circle needs radius_m > 0", f"{where}.circle", hint="e.g. circle: {radius_m: 500}")
        lon, lat = value.get("lon"), value.get("lat")
        if lon is None or lat is None:
            ref = item.get("incident")
            hit = incidents.loc[incidents["id"] == ref]
            if hit.empty:
                raise ctx.fail("circle needs lon/lat, or an 'incident' to centre on", f"{where}.circle",
                               hint="add lon and lat to the circle, or incident: <an incident id>")
            lon, lat = hit.geometry.iat[0].x, hit.geometry.iat[0].y
        from geo.geodesy import geodesic_circle

        return geodesic_circle(ctx.number(lon, f"{where}.circle.lon", minimum=-180, maximum=180, unit="°"),
                               ctx.number(lat, f"{where}.circle.lat", minimum=-90, maximum=90, unit="°"), radius)
    if kind == "wkt":
        return _from_wkt(ctx, value, f"{where}.wkt")
    if kind == "geojson":
        return _from_geojson(ctx, value, f"{where}.geojson")
    file = ctx.path(value, f"{where}.file")
    frame = ctx.read(file, f"{where}.file")
    frame = validate_damage(frame[[frame.geometry.name]], source=str(file))
    return shapely.union_all(frame.to_crs(4326).geometry.values)


def _from_wkt(ctx: Context, value: Any, where: str) -> shapely.Geometry:
    if not isinstance(value, str):
        raise ctx.fail(f"must be WKT text such as 'POLYGON ((...))', got {type(value).__name__}", where,
                       hint="quote the WKT as one string")
    try:
        return shapely.from_wkt(value)
    except shapely.errors.GEOSException as exc:
        reason = str(exc)
    try:
        fixed = shapely.from_wkt(value, on_invalid="fix") if "closed" in reason else None
    except shapely.errors.GEOSException:
        fixed = None
    if fixed is None:
        raise ctx.fail(f"WKT geometry could not be read: {reason}", where,
                       hint="check the WKT, e.g. POLYGON ((36.5 50.5, 36.7 50.5, 36.7 50.7, 36.5 50.5))")
    warnings.warn(f"{ctx.source}, {where}: a polygon ring was not closed; closed it by repeating its first point",
                  RepairWarning, stacklevel=6)
    return fixed


def _from_geojson(ctx: Context, value: Any, where: str) -> shapely.Geometry:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ctx.fail(f"GeoJSON geometry is not valid JSON: {exc}", where,
                           hint="give the geometry as a YAML mapping {type: Polygon, coordinates: [...]}") from None
    if not isinstance(value, dict) or "type" not in value:
        raise ctx.fail("GeoJSON geometry must be a mapping with 'type' and 'coordinates'", where,
                       hint="e.g. {type: Polygon, coordinates: [[[36.57, 50.59], [36.59, 50.59], [36.59, 50.61], "
                            "[36.57, 50.59]]]}")
    value, closed = close_geojson_rings(value)
    try:
        geometry = shapely.from_geojson(json.dumps(value))
    except shapely.errors.GEOSException as exc:
        raise ctx.fail(f"GeoJSON geometry could not be read: {exc}", where,
                       hint="check the coordinates: [lon, lat] pairs, rings of at least 4 positions") from None
    if closed:
        warnings.warn(f"{ctx.source}, {where}: {closed} polygon ring{'s were' if closed > 1 else ' was'} not "
                      "closed; closed by repeating the first point", RepairWarning, stacklevel=6)
    return geometry




#: Largest damage circle, in metres (a damaged area wider than 1,000 km is a unit error).
MAX_RADIUS_M = 1_000_000


def _severity(ctx: Context, item: dict, where: str) -> str | None:
    value = ctx.text(item, "severity", where)
    if value is not None and value.strip() not in (*SEVERITIES, ""):
        raise ctx.fail(f"severity must be one of {', '.join(SEVERITIES)}, got {value!r:.60}", f"{where}.severity",
                       hint="use unknown when the source does not say")
    return value
