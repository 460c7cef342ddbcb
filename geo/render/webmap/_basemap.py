"""A vector basemap from the bundled Natural Earth countries.

Drawn under any tiles, so a map reads offline: land on a water-coloured
background, country borders, and country names near the data. Two levels of
detail keep the file small: the whole world simplified to ~0.1 degree, and
the area around the data (``detail_box``) at a tolerance that scales with its
size. Coordinates are quantised to integers and delta-encoded; the page's
``geomap.js`` decodes them.
"""

from __future__ import annotations

import functools
import logging
import math
from typing import Any

import numpy as np
import shapely

from geo import _cache

__all__ = ["basemap_payload", "detail_box", "encode_rings", "WORLD_TOLERANCE_DEG"]

log = logging.getLogger(__name__)

#: Douglas-Peucker tolerance of the world layer, in degrees (~11 km): enough below zoom 6.
WORLD_TOLERANCE_DEG = 0.1
_WORLD = (-180.0, -90.0, 180.0, 90.0)


def detail_box(bounds: tuple[float, float, float, float] | None) -> tuple[float, float, float, float] | None:
    """The (min lon, min lat, max lon, max lat) box drawn in detail around ``bounds``.

    The data's extent grows by half its size (at least 2 degrees) on every side.
    Extents wider than 90 degrees get no detail box: the world layer suffices.
    """
    if bounds is None or not all(map(math.isfinite, bounds)):
        return None
    minx, miny, maxx, maxy = bounds
    margin = max((maxx - minx) / 2, (maxy - miny) / 2, 2.0)
    if maxx - minx > 90 or maxy - miny > 90:
        return None
    return (max(minx - margin, -180.0), max(miny - margin, -90.0),
            min(maxx + margin, 180.0), min(maxy + margin, 90.0))


def encode_rings(geoms: np.ndarray, scale: float) -> list[list[int]]:
    """Every ring (polygon) or part (line) as ``[x0, y0, dx1, dy1, ...]`` integers.

    ``x = round(lon * scale)``; consecutive duplicate vertices after rounding
    are dropped, and parts that collapse to fewer than two vertices are skipped.
    """
    parts = shapely.get_parts(geoms[~shapely.is_empty(geoms)])
    polygonal = shapely.get_type_id(parts) == 3
    rings = np.concatenate([shapely.get_rings(parts[polygonal]), parts[~polygonal]]) if len(parts) else parts
    out: list[list[int]] = []
    for ring in rings:
        xy = np.rint(shapely.get_coordinates(ring) * scale).astype(np.int64)
        if len(xy) > 1:
            keep = np.concatenate([[True], (np.diff(xy, axis=0) != 0).any(axis=1)])
            xy = xy[keep]
        if len(xy) < 2:
            continue
        deltas = np.vstack([xy[:1], np.diff(xy, axis=0)])
        out.append(deltas.ravel().tolist())
    return out


def _outside(geoms: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """The parts of ``geoms`` outside ``box``, as four clipped strips (clip_by_rect is fast)."""
    minx, miny, maxx, maxy = box
    strips = [(-180, -90, minx, 90), (maxx, -90, 180, 90), (minx, -90, maxx, miny), (minx, maxy, maxx, 90)]
    pieces = [shapely.clip_by_rect(geoms, *strip) for strip in strips if strip[0] < strip[2] and strip[1] < strip[3]]
    joined = np.concatenate(pieces) if pieces else np.array([], dtype=object)
    return joined[~shapely.is_empty(joined)]


@functools.cache
def _world_layers() -> tuple[np.ndarray, np.ndarray]:
    """The simplified world (land, border lines), from the on-disk cache when a run has built it already.

    The bundled data carries it, simplified at data-build time (``data/build_countries.py``) at the same
    tolerance; otherwise it is computed once and cached, keyed by the bundled files it comes from (path,
    size, modification time) and the tolerance.
    """
    from geo.reference.countries import simplified_world

    bundled = simplified_world(WORLD_TOLERANCE_DEG)
    if bundled is not None:
        return bundled
    key = _cache.cache_key("world-layers", WORLD_TOLERANCE_DEG, _sources())

    def pack(layers: tuple[np.ndarray, np.ndarray]) -> dict[str, np.ndarray]:
        (land_wkb, land_ends), (lines_wkb, lines_ends) = (_cache.pack_bytes(list(shapely.to_wkb(g))) for g in layers)
        return {"land": land_wkb, "land_ends": land_ends, "lines": lines_wkb, "lines_ends": lines_ends}

    def unpack(entry: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        return (shapely.from_wkb(_cache.unpack_bytes(entry["land"], entry["land_ends"])),
                shapely.from_wkb(_cache.unpack_bytes(entry["lines"], entry["lines_ends"])))

    return _cache.cached("basemap", key, _simplified_world, pack, unpack)


def _simplified_world() -> tuple[np.ndarray, np.ndarray]:
    from geo.reference.countries import countries, land_borders

    # Not topology-preserving: at ~11 km tiny islands may vanish, which the
    # world view does not miss; shared edges are drawn from the border lines.
    land = shapely.simplify(countries().geometry.values, WORLD_TOLERANCE_DEG, preserve_topology=False)
    lines = shapely.simplify(land_borders().geometry.values, WORLD_TOLERANCE_DEG / 2, preserve_topology=False)
    return land[~shapely.is_empty(land)], lines[~shapely.is_empty(lines)]


def _scale_for(tolerance: float) -> float:
    # Quantise to a fifth of the tolerance: invisible, and short integers.
    return float(10 ** math.ceil(-math.log10(tolerance / 5)))


@functools.cache
def basemap_payload(box: tuple[float, float, float, float] | None,
                    focus: tuple[float, float, float, float] | None = None) -> dict[str, Any]:
    """Land, borders and labels for the page, detailed inside ``box``.

    Countries that reach into ``focus`` (the initial view) are labelled
    inside that view, so a reader sees which side of a border is which.
    Read from the on-disk cache when a run has built the same payload
    (keyed by ``box``, ``focus`` and the bundled files it comes from).

    Returns
    -------
    dict
        ``land`` and ``lines``: lists of ``{"s": scale, "r": [delta rings]}``;
        ``labels``: ``[name, lon, lat]`` of countries labelled on the map.
    """
    key = _cache.cache_key("basemap-payload", _PAYLOAD_FORMAT, WORLD_TOLERANCE_DEG, box, focus, _sources())
    return _cache.cached("basemap", key, lambda: _build_payload(box, focus), _pack_payload, _unpack_payload)


#: Bump when the payload's layout or how it is computed changes.
_PAYLOAD_FORMAT = 1


def _sources() -> list[tuple[str, int, int]]:
    """The bundled files the basemap comes from, as (path, size, modification time) for cache keys."""
    from geo.reference._datafiles import data_file

    paths = [data_file(name) for name in ("countries.parquet", "borders.parquet")]
    return [(str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in paths]


def _pack_payload(payload: dict[str, Any]) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    for kind in ("land", "lines"):
        layers = payload[kind]
        arrays[f"{kind}_n"] = np.array(len(layers), dtype=np.int64)
        for i, layer in enumerate(layers):
            rings = layer["r"]
            arrays[f"{kind}{i}_s"] = np.array(layer["s"], dtype=np.float64)
            arrays[f"{kind}{i}_r"] = np.array([v for ring in rings for v in ring], dtype=np.int64)
            arrays[f"{kind}{i}_e"] = np.cumsum([len(ring) for ring in rings], dtype=np.int64)
    labels = payload["labels"]
    arrays["names"], arrays["names_ends"] = _cache.pack_bytes([name.encode("utf-8") for name, _, _ in labels])
    arrays["label_xy"] = np.array([[lon, lat] for _, lon, lat in labels], dtype=np.float64).reshape(-1, 2)
    return arrays


def _unpack_payload(entry: dict[str, np.ndarray]) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for kind in ("land", "lines"):
        layers = []
        for i in range(int(entry[f"{kind}_n"])):
            flat, ends = entry[f"{kind}{i}_r"].tolist(), entry[f"{kind}{i}_e"].tolist()
            starts = [0, *ends][:-1]
            layers.append({"s": float(entry[f"{kind}{i}_s"]), "r": [flat[a:b] for a, b in zip(starts, ends, strict=True)]})
        payload[kind] = layers
    raw, ends = entry["names"].tobytes(), entry["names_ends"].tolist()
    names = [raw[a:b].decode("utf-8") for a, b in zip([0, *ends][:-1], ends, strict=True)]
    payload["labels"] = [[name, lon, lat] for name, (lon, lat) in zip(names, entry["label_xy"].tolist(), strict=True)]
    return payload


def _build_payload(box: tuple[float, float, float, float] | None,
                   focus: tuple[float, float, float, float] | None) -> dict[str, Any]:
    from geo.reference.countries import countries, countries_near, land_borders

    world_land, world_lines = _world_layers()
    coarse_scale = _scale_for(WORLD_TOLERANCE_DEG)
    if box is None:
        land = [{"s": coarse_scale, "r": encode_rings(world_land, coarse_scale)}]
        lines = [{"s": coarse_scale, "r": encode_rings(world_lines, coarse_scale)}]
        return {"land": land, "lines": lines, "labels": _labels(countries(), _WORLD, focus, min_pop=20_000_000)}
    # The countries reaching into the box or the initial view: only their polygons are decoded.
    reach = box if focus is None else (min(box[0], focus[0]), min(box[1], focus[1]), max(box[2], focus[2]),
                                       max(box[3], focus[3]))
    frame = countries_near(reach)
    span = max(box[2] - box[0], box[3] - box[1])
    tolerance = max(span / 4000.0, 0.001)
    fine_scale = _scale_for(tolerance)
    fine_land = shapely.clip_by_rect(frame.geometry.values, *box)
    fine_land = fine_land[~shapely.is_empty(fine_land)]
    # Within the box shared edges must stay shared, so simplify as a coverage.
    fine_land = shapely.coverage_simplify(fine_land, tolerance)
    fine_lines = shapely.clip_by_rect(land_borders().geometry.values, *box)
    fine_lines = shapely.simplify(fine_lines[~shapely.is_empty(fine_lines)], tolerance / 2, preserve_topology=False)
    land = [{"s": coarse_scale, "r": encode_rings(_outside(world_land, box), coarse_scale)},
            {"s": fine_scale, "r": encode_rings(fine_land, fine_scale)}]
    lines = [{"s": coarse_scale, "r": encode_rings(_outside(world_lines, box), coarse_scale)},
             {"s": fine_scale, "r": encode_rings(fine_lines, fine_scale)}]
    return {"land": land, "lines": lines, "labels": _labels(frame, box, focus, min_pop=0)}


def _labels(frame: Any, box: tuple[float, float, float, float], focus: tuple[float, float, float, float] | None,
            *, min_pop: float) -> list[list[Any]]:
    minx, miny, maxx, maxy = box
    inside = frame["label_lon"].between(minx, maxx) & frame["label_lat"].between(miny, maxy)
    big = frame["pop_est"].fillna(0) >= min_pop
    lon, lat = frame["label_lon"].to_numpy(dtype=float), frame["label_lat"].to_numpy(dtype=float)
    chosen = (inside & big).to_numpy()
    if focus is not None:
        # A country in view whose own label point is not: label it on its part of the view.
        clipped = shapely.clip_by_rect(frame.geometry.values, *focus)
        view_area = max((focus[2] - focus[0]) * (focus[3] - focus[1]), 1e-12)
        in_view = ~shapely.is_empty(clipped) & (shapely.area(clipped) > 0.03 * view_area)
        own_in_view = (lon >= focus[0]) & (lon <= focus[2]) & (lat >= focus[1]) & (lat <= focus[3])
        moved = in_view & ~own_in_view
        points = shapely.point_on_surface(clipped[moved])
        lon, lat = lon.copy(), lat.copy()
        lon[moved], lat[moved] = shapely.get_x(points), shapely.get_y(points)
        chosen = chosen | in_view
    order = np.argsort(frame["iso_a3"].to_numpy(), kind="stable")
    return [[str(frame["name"].iat[i]), round(float(lon[i]), 4), round(float(lat[i]), 4)] for i in order if chosen[i]]
