"""Documented geometry repairs: each one changes the input on purpose and says so.

Every repair emits one :class:`~geo.errors.RepairWarning` per kind of change,
naming the source and the features; what cannot be repaired without guessing
raises a :class:`~geo.errors.SchemaError` naming the features and the fix.
The README section "What geo repairs and what it rejects" lists them all.

Repairs, in the order they run:

=============================== ==========================================================
input                           what geo does
=============================== ==========================================================
Z (height) or M (measure)       dropped: geo measures on the ellipsoid surface only
single-point MultiPoint         read as that Point (incidents)
GeometryCollection of polygons  read as one MultiPolygon (damage areas)
duplicate consecutive vertices  removed
self-intersection (bowtie)      ``shapely.make_valid(method="structure")``
ring crossing the antimeridian  split at ±180° (a ring jumping from 179.9 to -179.9)
clockwise outer ring            re-oriented counter-clockwise (RFC 7946)
=============================== ==========================================================

Rejected: rings with fewer than 4 points, holes outside their shell,
collections that mix polygons with points or lines, non-polygonal damage
areas, non-point incidents, polygons that collapse to nothing.
"""

from __future__ import annotations

import warnings

import numpy as np
import shapely

from geo.errors import RepairWarning, SchemaError

__all__ = ["repair_points", "repair_polygons", "close_geojson_rings"]

_POINT, _MULTIPOINT, _POLYGON, _MULTIPOLYGON, _COLLECTION = 0, 4, 3, 6, 7


def _where(mask: np.ndarray, label: str, limit: int = 5) -> str:
    from geo.errors import rows_label

    return rows_label(mask, label, limit)


def _warn(source: str | None, what: str, mask: np.ndarray, label: str, change: str, *, depth: int = 5) -> None:
    # depth 5: past _warn, the step, repair_*, and validate_*, to the user's own call.
    warnings.warn(f"{source or 'input'}: {_where(mask, label)} {what}; {change}", RepairWarning, stacklevel=depth)


def _present(geoms: np.ndarray) -> np.ndarray:
    return ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))


def _drop_z_m(geoms: np.ndarray, *, source: str | None, label: str) -> np.ndarray:
    present = _present(geoms)
    has_z = np.zeros(geoms.size, bool)
    has_m = np.zeros(geoms.size, bool)
    has_z[present] = shapely.has_z(geoms[present])
    has_m[present] = shapely.has_m(geoms[present])
    extra = has_z | has_m
    if extra.any():
        kinds = " and ".join(k for k, on in (("Z (height)", has_z.any()), ("M (measure)", has_m.any())) if on)
        geoms = geoms.copy()
        geoms[extra] = shapely.force_2d(geoms[extra])
        _warn(source, f"had {kinds} values", extra, label,
              "dropped them: geo measures on the ellipsoid's surface and keeps (lon, lat) only")
    return geoms


def repair_points(geoms: np.ndarray, *, source: str | None = None, label: str = "row") -> np.ndarray:
    """Incident geometries made 2D, single-point MultiPoints made Points.

    Other problems (missing, non-point) are left for the caller's checks,
    which name them as errors.
    """
    geoms = _drop_z_m(np.asarray(geoms, dtype=object), source=source, label=label)
    present = _present(geoms)
    single = present & (shapely.get_type_id(geoms) == _MULTIPOINT)
    single[single] = shapely.get_num_geometries(geoms[single]) == 1
    if single.any():
        geoms = geoms.copy()
        geoms[single] = shapely.get_geometry(geoms[single], 0)
        _warn(source, "were MultiPoints holding one point", single, label, "read each as that Point", depth=4)
    return geoms


def repair_polygons(geoms: np.ndarray, *, source: str | None = None, label: str = "feature") -> np.ndarray:
    """Damage-area geometries checked and repaired, or rejected.

    Missing and empty geometries are kept as they are (damage reported but
    not located). Returns a new array of (Multi)Polygons in (lon, lat).

    Raises
    ------
    SchemaError
        For what cannot be repaired without guessing, naming the features.
    """
    geoms = _drop_z_m(np.asarray(geoms, dtype=object), source=source, label=label)
    geoms = _collections_to_multipolygons(geoms, source=source, label=label)
    _check_polygonal(geoms, source=source, label=label)
    _check_rings(geoms, source=source, label=label)
    geoms = _remove_duplicate_vertices(geoms, source=source, label=label)
    geoms = _make_valid(geoms, source=source, label=label)
    geoms = _split_antimeridian(geoms, source=source, label=label)
    return _orient(geoms, source=source, label=label)


def _collections_to_multipolygons(geoms: np.ndarray, *, source: str | None, label: str) -> np.ndarray:
    present = _present(geoms)
    collection = present & (shapely.get_type_id(geoms) == _COLLECTION)
    if not collection.any():
        return geoms
    geoms = geoms.copy()
    for i in np.flatnonzero(collection):
        parts = [p for p in shapely.get_parts(geoms[i]) if not p.is_empty]
        others = sorted({p.geom_type for p in parts if p.geom_type not in ("Polygon", "MultiPolygon")})
        if others or not parts:
            mask = np.zeros(geoms.size, bool)
            mask[i] = True
            raise SchemaError(f"is a GeometryCollection holding {', '.join(others) or 'nothing'}"
                              f"{' besides polygons' if others and len(others) < len(parts) else ''}; "
                              "damage areas must be polygons", source=source, location=_where(mask, label),
                              hint="keep only the polygons of the collection, and list points as incidents")
        geoms[i] = shapely.MultiPolygon([q for p in parts for q in shapely.get_parts(p)])
    _warn(source, "were GeometryCollections of polygons", collection, label, "read each as one MultiPolygon")
    return geoms


def _check_polygonal(geoms: np.ndarray, *, source: str | None, label: str) -> None:
    present = _present(geoms)
    wrong = present & ~np.isin(shapely.get_type_id(geoms), (_POLYGON, _MULTIPOLYGON))
    if wrong.any():
        kinds = sorted({g.geom_type for g in geoms[wrong]})
        mixed = " (the layer mixes geometry types)" if (present & ~wrong).any() else ""
        raise SchemaError(f"damage areas must be polygons, got {' and '.join(kinds)}{mixed}", source=source,
                          location=_where(wrong, label),
                          hint="buffer points into circles with geo.geodesic_circle, or list them as incidents")


def _rings(geometry: shapely.Geometry) -> list[shapely.LinearRing]:
    rings: list[shapely.LinearRing] = []
    for polygon in shapely.get_parts(geometry):
        rings.append(polygon.exterior)
        rings.extend(polygon.interiors)
    return rings


def _check_rings(geoms: np.ndarray, *, source: str | None, label: str) -> None:
    present = _present(geoms)
    short = np.zeros(geoms.size, bool)
    outside = np.zeros(geoms.size, bool)
    for i in np.flatnonzero(present):
        short[i] = any(len(ring.coords) < 4 for ring in _rings(geoms[i]))
        if not short[i] and not geoms[i].is_valid:
            outside[i] = shapely.is_valid_reason(geoms[i]).startswith("Hole lies outside shell")
    if short.any():
        raise SchemaError("has a polygon ring with fewer than 4 points", source=source, location=_where(short, label),
                          hint="a ring needs at least three corners and its first point repeated at the end; "
                               "fix the feature or drop it")
    if outside.any():
        raise SchemaError("has a hole that lies outside its polygon", source=source, location=_where(outside, label),
                          hint="the hole was probably meant as a separate polygon or belongs to another feature; "
                               "make it its own polygon (MultiPolygon) or move it inside the outer ring")


def _remove_duplicate_vertices(geoms: np.ndarray, *, source: str | None, label: str) -> np.ndarray:
    present = _present(geoms)
    cleaned = geoms.copy()
    cleaned[present] = shapely.remove_repeated_points(geoms[present], tolerance=0.0)
    changed = np.zeros(geoms.size, bool)
    changed[present] = shapely.get_num_coordinates(cleaned[present]) < shapely.get_num_coordinates(geoms[present])
    if not changed.any():
        return geoms
    collapsed = changed & np.array([any(len(r.coords) < 4 for r in _rings(g)) if g is not None else False
                                    for g in cleaned])
    if collapsed.any():
        raise SchemaError("has a polygon ring with fewer than three distinct corners", source=source,
                          location=_where(collapsed, label), hint="a ring this small encloses no area; drop it")
    _warn(source, "had repeated consecutive vertices", changed, label, "removed the repeats")
    return cleaned


def _make_valid(geoms: np.ndarray, *, source: str | None, label: str) -> np.ndarray:
    present = _present(geoms)
    invalid = np.zeros(geoms.size, bool)
    invalid[present] = ~shapely.is_valid(geoms[present])
    if not invalid.any():
        return geoms
    reasons = sorted({shapely.is_valid_reason(g).split("[")[0] for g in geoms[invalid]})
    geoms = geoms.copy()
    for i in np.flatnonzero(invalid):
        fixed = shapely.make_valid(geoms[i], method="structure")
        polygons = [p for p in shapely.get_parts(fixed) if p.geom_type in ("Polygon", "MultiPolygon")]
        if not polygons:
            mask = np.zeros(geoms.size, bool)
            mask[i] = True
            raise SchemaError("is a polygon that encloses no area (it collapses to lines or points)", source=source,
                              location=_where(mask, label), hint="redraw the area or drop the feature")
        # Orient here: the ring order make_valid returns is ours, not the user's, so no second warning.
        geoms[i] = shapely.orient_polygons(polygons[0] if len(polygons) == 1 else shapely.union_all(polygons),
                                           exterior_cw=False)
    _warn(source, f"had invalid polygons ({'; '.join(reasons)})", invalid, label,
          "repaired with make_valid (a bowtie becomes two triangles)")
    return geoms


def _crosses_antimeridian(geometry: shapely.Geometry) -> bool:
    for ring in _rings(geometry):
        lon = np.asarray(ring.coords)[:, 0]
        if lon.size > 1 and np.abs(np.diff(lon)).max() > 180.0:
            return True
    return False


def _split_antimeridian(geoms: np.ndarray, *, source: str | None, label: str) -> np.ndarray:
    present = _present(geoms)
    crossing = np.zeros(geoms.size, bool)
    crossing[present] = [_crosses_antimeridian(g) for g in geoms[present]]
    if not crossing.any():
        return geoms
    import antimeridian

    geoms = geoms.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # antimeridian's own notes; ours below says what changed
        for i in np.flatnonzero(crossing):
            parts = [antimeridian.fix_polygon(p, great_circle=False) for p in shapely.get_parts(geoms[i])]
            fixed = shapely.union_all(parts) if len(parts) > 1 else parts[0]
            fixed = fixed if fixed.is_valid else shapely.make_valid(fixed)
            geoms[i] = shapely.orient_polygons(fixed, exterior_cw=False)
    _warn(source, "cross the antimeridian (an edge jumps more than 180° of longitude)", crossing, label,
          "split them at ±180° so they are not drawn around the whole world")
    return geoms


def _orient(geoms: np.ndarray, *, source: str | None, label: str) -> np.ndarray:
    present = _present(geoms)
    clockwise = np.zeros(geoms.size, bool)
    clockwise[present] = [any(not p.exterior.is_ccw for p in shapely.get_parts(g)) for g in geoms[present]]
    if not clockwise.any():
        return geoms
    geoms = geoms.copy()
    geoms[clockwise] = shapely.orient_polygons(geoms[clockwise], exterior_cw=False)
    _warn(source, "had clockwise outer rings", clockwise, label,
          "re-oriented them counter-clockwise with holes clockwise (RFC 7946); the area is unchanged")
    return geoms


def close_geojson_rings(value: object) -> tuple[object, int]:
    """A GeoJSON geometry mapping with every unclosed polygon ring closed.

    Returns the new mapping and how many rings were closed (GEOS refuses an
    unclosed ring; its intent, repeating the first point, is unambiguous).
    """
    if not isinstance(value, dict):
        return value, 0
    kind = value.get("type")
    if kind == "GeometryCollection":
        total, parts = 0, []
        for part in value.get("geometries") or []:
            fixed, n = close_geojson_rings(part)
            parts.append(fixed)
            total += n
        return {**value, "geometries": parts}, total
    if kind not in ("Polygon", "MultiPolygon") or not isinstance(value.get("coordinates"), list):
        return value, 0
    polygons = value["coordinates"] if kind == "MultiPolygon" else [value["coordinates"]]
    closed = 0
    out = []
    for polygon in polygons:
        rings = []
        for ring in polygon if isinstance(polygon, list) else []:
            if isinstance(ring, list) and len(ring) >= 2 and ring[0] != ring[-1]:
                ring = [*ring, ring[0]]
                closed += 1
            rings.append(ring)
        out.append(rings)
    return {**value, "coordinates": out if kind == "MultiPolygon" else out[0]}, closed
