"""Exact point-to-polyline distance on the WGS84 ellipsoid, vectorised.

The engine behind :func:`geo.distance_to_border`. A border is a set of
polylines whose segments are **geodesics** between consecutive vertices (the
natural reading of "the line from A to B" on the ellipsoid; for the 2 km
segments of Natural Earth 10m it differs from a straight lon/lat line by at
most a few decimetres).

How one point is measured, with no Python loop over points:

1. *Candidates.* Every segment is densified geodesically into pieces no
   longer than :data:`PIECE_M`; the pieces' vertices go into a KD-tree in
   Earth-centred (ECEF) metres. The chord distance from the point to each
   nearby piece (a straight 3-D segment) ranks the pieces. Chords are a
   faithful proxy: chord <= geodesic, and between two candidates the
   chord-to-geodesic correction differs by at most ``_tie_margin(c)``
   (~c^3/24 times the spread of 1/radius^2 over the ellipsoid: 1 m at 400 km,
   250 m at 2,000 km). Every piece that could be the nearest within that
   margin is kept; the KD-tree query widens until that is proven. Points are
   visited in spatial order, which halves the KD-tree's work.
2. *First look.* The foot on the best piece's chord is lifted onto the
   ellipsoid (interpolated surface normals: within 0.2 mm of the geodesic
   for 1 km pieces) and measured exactly with :meth:`pyproj.Geod.inv`
   (GeographicLib, nanometre accuracy). The geodesic from there to the point
   should meet the border at a right angle; the spherical foot-of-perpendicular
   formula says how far off it is. An offset x overstates the distance by
   about x^2/2d, so most points are done here, with one ``Geod.inv`` each:
   the foot is close enough, or the foot is a vertex that both neighbouring
   pieces lead away from (a corner: what most far points see).
3. *Walking.* The rest are moved along the true geodesic segment
   (:meth:`pyproj.Geod.fwd`) by that formula, which contracts the error by
   ~1/300 per step, crossing vertices into neighbouring segments and stopping
   on a vertex when both sides lead away from it. Points within 1 m of the
   border are measured once more on the exact geodesic, so a point on the
   border measures 0 to a micrometre.

Everything here works in (lon, lat) degrees and metres.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from geo.analysis._nearest import ChordIndex
from geo.geodesy import GEOD, densify_segments

__all__: list[str] = []

log = logging.getLogger(__name__)

#: Longest densified piece, metres. Short pieces keep chords within 2 cm of the
#: arcs and make the KD-tree's candidate set small.
PIECE_M = 1_000.0
#: Points measured per batch: small enough that numpy's temporaries stay in cache.
CHUNK = 32_768
_A = 6_378_137.0
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)
_B = _A * (1 - _F)
_RHO_MIN = _B * _B / _A  # smallest radius of curvature (meridian at the equator)
_RHO_MAX = _A * _A / _B  # largest (at the poles)
_MEAN_R = 6_371_008.8
_MAX_STEPS = 12


def ecef(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Earth-centred coordinates (m), shape (n, 3), of points on the ellipsoid."""
    lam, phi = np.radians(lon), np.radians(lat)
    sin_phi, cos_phi = np.sin(phi), np.cos(phi)
    n = _A / np.sqrt(1 - _E2 * sin_phi * sin_phi)
    return np.column_stack([n * cos_phi * np.cos(lam), n * cos_phi * np.sin(lam), n * (1 - _E2) * sin_phi])


def nvector(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Unit surface normals, shape (n, 3), of points given in geodetic (lon, lat)."""
    lam, phi = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def _tie_margin(chord: np.ndarray) -> np.ndarray:
    """How much a farther chord may still be a nearer geodesic (m).

    geodesic = chord + chord^3 / (24 rho^2) + O(chord^5) with rho the
    curvature radius along the path, between _RHO_MIN and _RHO_MAX. The 1.5
    factor and 0.5 m cover the higher-order terms and piece sagitta.
    """
    spread = (1 / _RHO_MIN**2 - 1 / _RHO_MAX**2) / 24
    return 1.5 * spread * chord**3 + 0.5


@dataclass(frozen=True)
class BorderIndex:
    """A border prepared for fast exact measurement.

    Segments (geodesics between the input vertices) carry their start point,
    azimuths at both ends, length, neighbours in the same part and a label.
    Pieces (each segment split into <= PIECE_M) are indexed by their start
    vertex ``i`` and run to vertex ``i + 1``; a part's final vertex is a
    zero-length piece, so every vertex starts exactly one piece.
    """

    labels: tuple[str, ...]
    seg_lon: np.ndarray
    seg_lat: np.ndarray
    seg_az0: np.ndarray
    seg_az1: np.ndarray
    seg_len: np.ndarray
    seg_prev: np.ndarray
    seg_next: np.ndarray
    seg_label: np.ndarray
    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    dx: np.ndarray
    dy: np.ndarray
    dz: np.ndarray
    inv_len2: np.ndarray
    nx: np.ndarray
    ny: np.ndarray
    nz: np.ndarray
    head0: np.ndarray
    turn: np.ndarray
    piece_ok: np.ndarray
    piece_seg: np.ndarray
    piece_s0: np.ndarray
    piece_len: np.ndarray
    tree: ChordIndex

    @property
    def n_segments(self) -> int:
        return int(self.seg_len.size)


def build_index(lines: Sequence[shapely.Geometry], labels: Sequence[str] | None = None) -> BorderIndex:
    """Prepare (Multi)LineStrings in EPSG:4326 for :func:`measure`.

    ``labels`` names each line (e.g. ``"RUS-UKR"``); results report the label
    of the nearest line.
    """
    labels = tuple(labels) if labels is not None else tuple("" for _ in lines)
    starts, ends, seg_label, part_id = [], [], [], []
    part = 0
    for line_no, line in enumerate(lines):
        for piece in shapely.get_parts(line):
            coords = shapely.get_coordinates(piece)
            if len(coords) < 2:
                continue
            keep = np.r_[True, np.any(np.diff(coords, axis=0) != 0, axis=1)]
            coords = coords[keep]
            if len(coords) < 2:
                continue
            starts.append(coords[:-1])
            ends.append(coords[1:])
            seg_label.append(np.full(len(coords) - 1, line_no))
            part_id.append(np.full(len(coords) - 1, part))
            part += 1
    if not starts:
        raise ValueError("the border has no line segments")
    a, b = np.concatenate(starts), np.concatenate(ends)
    seg_label_arr, part_arr = np.concatenate(seg_label), np.concatenate(part_id)
    az0, back1, length = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    az1 = np.mod(np.asarray(back1) + 180.0, 360.0)  # forward azimuth at the segment's end
    n = seg_label_arr.size
    same_part_next = np.r_[part_arr[1:] == part_arr[:-1], False]
    seg_next = np.where(same_part_next, np.arange(n) + 1, -1)
    seg_prev = np.where(np.r_[False, same_part_next[:-1]], np.arange(n) - 1, -1)
    # A segment that is antipodal or degenerate would make no sense as a border.
    length = np.asarray(length, dtype=float)

    # Densify: segment j gets k_j pieces; its vertices at s = len * i / k_j (geo.geodesy.densify_segments).
    dense = densify_segments(a[:, 0], a[:, 1], b[:, 0], b[:, 1], PIECE_M)
    k, seg_of_vertex, s0 = dense.pieces, dense.segment, dense.offset_m
    first = np.r_[0, np.cumsum(k)[:-1]]
    lon, lat, heading = dense.lon, dense.lat, dense.azimuth
    # Each part also needs its final vertex (the end of its last segment).
    last_of_part = np.flatnonzero(seg_next == -1)
    insert_at = first[last_of_part] + k[last_of_part]
    lon = np.insert(lon, insert_at, b[last_of_part, 0])
    lat = np.insert(lat, insert_at, b[last_of_part, 1])
    piece_seg = np.insert(seg_of_vertex, insert_at, last_of_part)
    piece_s0 = np.insert(s0, insert_at, length[last_of_part])
    heading = np.insert(heading, insert_at, az1[last_of_part])
    piece_ok = np.ones(lon.size, dtype=bool)
    piece_ok[insert_at + np.arange(insert_at.size)] = False  # a part's final vertex starts no piece
    nxt_s = np.r_[piece_s0[1:], 0.0]
    piece_len = np.where(piece_ok, np.where(piece_seg == np.r_[piece_seg[1:], -1], nxt_s - piece_s0,
                                            length[piece_seg] - piece_s0), 0.0)
    xyz = ecef(lon, lat)
    delta = np.where(piece_ok[:, None], np.roll(xyz, -1, axis=0) - xyz, 0.0)
    len2 = np.einsum("ij,ij->i", delta, delta)
    inv_len2 = np.divide(1.0, len2, out=np.zeros_like(len2), where=len2 > 0)
    normal = nvector(lon, lat)
    # Exact geodesic heading at each piece's ends; a piece's end heading is
    # the next vertex's, unless the next vertex starts another segment.
    same_seg_next = np.r_[piece_seg[1:] == piece_seg[:-1], False]
    head_end = np.where(same_seg_next, np.r_[heading[1:], 0.0], az1[piece_seg])
    turn = np.mod(head_end - heading + 180.0, 360.0) - 180.0
    return BorderIndex(labels=labels, seg_lon=a[:, 0].copy(), seg_lat=a[:, 1].copy(),
                       seg_az0=np.asarray(az0, float), seg_az1=az1, seg_len=length, seg_prev=seg_prev,
                       seg_next=seg_next, seg_label=seg_label_arr, x=xyz[:, 0].copy(), y=xyz[:, 1].copy(),
                       z=xyz[:, 2].copy(), dx=delta[:, 0].copy(), dy=delta[:, 1].copy(), dz=delta[:, 2].copy(),
                       inv_len2=inv_len2, nx=normal[:, 0].copy(), ny=normal[:, 1].copy(),
                       nz=normal[:, 2].copy(), head0=heading, turn=turn, piece_ok=piece_ok, piece_seg=piece_seg, piece_s0=piece_s0, piece_len=piece_len,
                       tree=ChordIndex(xyz))


@dataclass
class Measured:
    """Per point: exact distance (m), nearest border point, bearing to it, label index."""

    distance_m: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    bearing_deg: np.ndarray
    label: np.ndarray


def measure(index: BorderIndex, lon: np.ndarray, lat: np.ndarray, *,
            progress: Callable[[int], None] | None = None) -> Measured:
    """Exact geodesic distance from each (lon, lat) to the nearest point of the border."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    out = Measured(np.empty(lon.size), np.empty(lon.size), np.empty(lon.size), np.empty(lon.size),
                   np.empty(lon.size, dtype=np.int64))
    # Neighbouring points visit the same KD-tree nodes: measuring them in
    # spatial order (0.25 degree cells) makes the search twice as fast.
    cell = np.floor(np.mod(lon + 180.0, 360.0) * 4).astype(np.int64) * 1024 + np.floor((lat + 90.0) * 4).astype(np.int64)
    order = np.argsort(cell, kind="stable")
    for start in range(0, lon.size, CHUNK):
        rows = order[start:start + CHUNK]
        part = _measure_chunk(index, lon[rows], lat[rows])
        for name in ("distance_m", "lon", "lat", "bearing_deg", "label"):
            getattr(out, name)[rows] = getattr(part, name)
        if progress is not None:
            progress(rows.size)
    return out


def _measure_chunk(index: BorderIndex, lon: np.ndarray, lat: np.ndarray) -> Measured:
    p = ecef(lon, lat)
    jobs = [_jobs(index, p, *block) for block in _candidates(index, p)]
    point, piece, t = (np.concatenate(parts) for parts in zip(*jobs, strict=True))
    return _refine(index, lon, lat, point, piece, t)


def _candidates(index: BorderIndex, p: np.ndarray, k: int = 2):
    """Blocks of (rows, pieces, squared chord distances, foot fractions) that may hold each point's nearest point.

    A piece whose chord distance is c has an endpoint within
    sqrt(c^2 + (piece/2)^2) of the point, so once the k-th nearest vertex is
    farther than that for c = best + margin, no candidate was missed; points
    where it is not are asked again with a 4x larger k.
    """
    n_vertices = index.x.size
    todo = np.arange(p.shape[0])
    while todo.size:
        kk = min(k, n_vertices)
        dist, idx = index.tree.query(p[todo], k=kk)
        dist, idx = dist.reshape(todo.size, kk), idx.reshape(todo.size, kk)
        pieces = np.concatenate([idx, np.maximum(idx - 1, 0)], axis=1)
        chord2, t = _chord2_to_piece(index, p[todo][:, None, :], pieces)
        best = np.sqrt(chord2.min(axis=1))
        reach = (best + _tie_margin(best)) ** 2 + (PIECE_M / 2) ** 2
        done = (dist[:, -1] ** 2 > reach) | (kk == n_vertices)
        if done.all():
            yield todo, pieces, chord2, t
            return
        yield todo[done], pieces[done], chord2[done], t[done]
        todo = todo[~done]
        k *= 4


def _chord2_to_piece(index: BorderIndex, p: np.ndarray, pieces: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Squared straight-line distance (m^2) from p to each piece's 3-D chord, and the foot's fraction.

    Works on x, y, z separately: gathering (n, k) blocks is several times
    faster than (n, k, 3) ones with einsum.
    """
    ax, ay, az = index.x[pieces], index.y[pieces], index.z[pieces]
    bx, by, bz = index.dx[pieces], index.dy[pieces], index.dz[pieces]
    px, py, pz = p[..., 0] - ax, p[..., 1] - ay, p[..., 2] - az
    t = (px * bx + py * by + pz * bz) * index.inv_len2[pieces]
    np.clip(t, 0.0, 1.0, out=t)
    px -= t * bx
    py -= t * by
    pz -= t * bz
    return px * px + py * py + pz * pz, t


def _jobs(index: BorderIndex, p: np.ndarray, rows: np.ndarray, pieces: np.ndarray, chord2: np.ndarray,
          t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(point, piece, fraction along the piece) to start refining from.

    One job per local minimum of the chord distance among the pieces within
    the tie margin of the best. Nearly always that is the best piece alone
    (walking covers its neighbours); two where a point is (nearly)
    equidistant from two stretches of border.
    """
    best_col = np.argmin(chord2, axis=1)
    line = np.arange(rows.size)
    best_piece = pieces[line, best_col]
    best = np.sqrt(chord2[line, best_col])
    keep = np.sqrt(chord2) <= (best + _tie_margin(best))[:, None]
    offset = pieces - best_piece[:, None]
    # The best piece's neighbours in the same part are reached by walking.
    linked = ((offset == 0) | ((offset == 1) & index.piece_ok[best_piece][:, None])
              | ((offset == -1) & index.piece_ok[pieces]))
    simple = ~(keep & ~linked).any(axis=1)
    if simple.all():
        return rows, best_piece, t[line, best_col]
    hard = ~simple
    more_point, more_piece = _local_minima(index, np.repeat(rows[hard], pieces.shape[1]), pieces[hard].ravel(),
                                           np.sqrt(chord2[hard]).ravel(), keep[hard].ravel())
    more_t = _chord2_to_piece(index, p[more_point], more_piece)[1]
    return (np.r_[rows[simple], more_point], np.r_[best_piece[simple], more_piece],
            np.r_[t[line, best_col][simple], more_t])


def _local_minima(index: BorderIndex, point: np.ndarray, piece: np.ndarray, chord: np.ndarray,
                  keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(point, piece) of a job at each local chord minimum among the kept pieces."""
    point, piece, chord = point[keep], piece[keep], chord[keep]
    order = np.lexsort((piece, point))
    point, piece, chord = point[order], piece[order], chord[order]
    unique = np.r_[True, (point[1:] != point[:-1]) | (piece[1:] != piece[:-1])]
    point, piece, chord = point[unique], piece[unique], chord[unique]
    # Neighbouring pieces in one part form a run; walking covers a run's
    # single basin, so start once per local minimum of the chord distance.
    linked = (point[1:] == point[:-1]) & (piece[1:] == piece[:-1] + 1) & index.piece_ok[piece[:-1]]
    lower_than_prev = np.r_[True, ~linked | (chord[1:] < chord[:-1])]
    not_above_next = np.r_[~linked | (chord[:-1] <= chord[1:]), True]
    start = lower_than_prev & not_above_next
    return point[start], piece[start]


def _refine(index: BorderIndex, lon: np.ndarray, lat: np.ndarray, point: np.ndarray, piece: np.ndarray,
            t: np.ndarray) -> Measured:
    """Walk each job to its exact foot on the ellipsoid; keep each point's nearest."""
    plon, plat = lon[point], lat[point]
    # First look: the chord foot lifted onto the ellipsoid by interpolating the
    # pieces' surface normals (within 0.2 mm of the geodesic for 1 km pieces),
    # which saves a Geod.fwd per point; most points need nothing more.
    qlon, qlat, heading = _lift(index, piece, t)
    az_q, az_p, d = GEOD.inv(qlon, qlat, plon, plat)
    best_d, best_lon, best_lat, best_bearing = np.asarray(d), qlon, qlat, np.asarray(az_p)
    best_seg = index.piece_seg[piece].astype(float)
    step = _foot_offset(best_d, np.asarray(az_q) - heading)
    done = np.abs(step) <= _tolerance(best_d)
    done |= _settled_on_vertex(index, piece, t, best_d, np.asarray(az_q), step)
    seg = index.piece_seg[piece]
    # Within a metre of the border the lifted point's 0.2 mm would show:
    # measure those once more on the exact geodesic, so on-border points give
    # 0, without the step (its direction is noise at that range).
    close = best_d < 1.0
    along = np.clip(index.piece_s0[piece] + t * index.piece_len[piece] + np.where(close, 0.0, step), 0.0,
                    index.seg_len[seg])
    active = np.flatnonzero(~done | close)
    for _ in range(_MAX_STEPS):
        if not active.size:
            break
        j, s = seg[active], along[active]
        qlon, qlat, back = GEOD.fwd(index.seg_lon[j], index.seg_lat[j], index.seg_az0[j], s)
        heading = np.asarray(back) + 180.0  # direction of travel along the segment at q
        az_q, az_p, d = GEOD.inv(qlon, qlat, plon[active], plat[active])
        d = np.asarray(d)
        better = d < best_d[active]
        rows = active[better]
        best_d[rows], best_lon[rows], best_lat[rows] = d[better], np.asarray(qlon)[better], np.asarray(qlat)[better]
        best_bearing[rows], best_seg[rows] = np.asarray(az_p)[better], j[better]
        step = _foot_offset(d, np.asarray(az_q) - heading)
        done = np.abs(step) <= _tolerance(d)
        s_new = s + step
        # Past a vertex: stop on it first, then decide from the far side.
        at_end, at_start = s >= index.seg_len[j], s <= 0.0
        forward = (s_new > index.seg_len[j]) & ~done
        backward = (s_new < 0.0) & ~done
        nxt, prv = index.seg_next[j], index.seg_prev[j]
        # Already on the end vertex and still pushed on: try the next segment's direction.
        push_on = forward & at_end
        go_next = push_on & (nxt >= 0)
        if go_next.any():
            step_n = _foot_offset(d[go_next], np.asarray(az_q)[go_next] - index.seg_az0[nxt[go_next]])
            moves = step_n > 0
            idx = np.flatnonzero(go_next)
            seg[active[idx[moves]]] = nxt[go_next][moves]
            s_new[idx[moves]] = np.minimum(step_n[moves], index.seg_len[nxt[go_next][moves]])
            done[idx[~moves]] = True  # a corner: both sides lead away
        done |= push_on & (nxt < 0)
        push_back = backward & at_start
        go_prev = push_back & (prv >= 0)
        if go_prev.any():
            step_p = _foot_offset(d[go_prev], np.asarray(az_q)[go_prev] - index.seg_az1[prv[go_prev]])
            moves = step_p < 0
            idx = np.flatnonzero(go_prev)
            seg[active[idx[moves]]] = prv[go_prev][moves]
            s_new[idx[moves]] = np.maximum(index.seg_len[prv[go_prev][moves]] + step_p[moves], 0.0)
            done[idx[~moves]] = True
        done |= push_back & (prv < 0)
        lands = forward & ~at_end
        s_new[lands] = index.seg_len[j[lands]]
        lands = backward & ~at_start
        s_new[lands] = 0.0
        along[active] = s_new
        active = active[~done]
    if active.size:
        log.debug("%d refinement jobs hit the step limit; kept their best point", active.size)
    return _nearest_per_point(lon.size, point, best_d, best_lon, best_lat, best_bearing,
                              index.seg_label[best_seg.astype(np.int64)])


def _tolerance(d: np.ndarray) -> np.ndarray:
    """Largest acceptable distance (m) from the foot along the border.

    An offset x from the foot overstates the distance by ~x^2 / 2d, so
    sqrt(2 mm * d) keeps that under 1 mm; the 1 m floor (or 1e-5 of the
    distance when farther) keeps the reported border point close to the true one.
    """
    return np.minimum(np.maximum(1.0, 1e-5 * d), np.sqrt(2e-3 * d))


def _settled_on_vertex(index: BorderIndex, piece: np.ndarray, t: np.ndarray, d: np.ndarray, az_q: np.ndarray,
                       step: np.ndarray) -> np.ndarray:
    """True where the chord foot is a vertex and both sides lead away from the point.

    That is a corner (or an end) of the border: the vertex itself is the
    nearest point, as most far points find, and no further step is needed.
    """
    last = index.nx.size - 1
    tol = _tolerance(d)
    ahead = (t >= 1.0) | (index.piece_len[piece] == 0)
    out_ahead = ahead & (step > tol)
    vertex_ahead = np.where(index.piece_len[piece] == 0, piece, np.minimum(piece + 1, last))
    has_next = index.piece_ok[vertex_ahead]
    next_step = _foot_offset(d, az_q - index.head0[vertex_ahead])
    settled = out_ahead & (~has_next | (next_step <= tol))
    behind = t <= 0.0
    out_behind = behind & (step < -tol)
    prev = np.maximum(piece - 1, 0)
    has_prev = (piece > 0) & index.piece_ok[prev]
    prev_step = _foot_offset(d, az_q - (index.head0[prev] + index.turn[prev]))
    settled |= out_behind & (~has_prev | (prev_step >= -tol))
    return settled


def _lift(index: BorderIndex, piece: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lon, lat, heading) of the point at fraction t along each piece."""
    nxt = np.minimum(piece + 1, index.nx.size - 1)
    u = 1.0 - t
    x = u * index.nx[piece] + t * index.nx[nxt]
    y = u * index.ny[piece] + t * index.ny[nxt]
    z = u * index.nz[piece] + t * index.nz[nxt]
    horizontal = np.hypot(x, y)
    lon, lat = np.degrees(np.arctan2(y, x)), np.degrees(np.arctan2(z, horizontal))
    # Heading: the geodesic's azimuth turns smoothly along a 1 km piece, so
    # interpolating the exact values at its ends is good to ~1e-6 degrees.
    heading = index.head0[piece] + t * index.turn[piece]
    return lon, lat, heading


def _foot_offset(d: np.ndarray, theta_deg: np.ndarray) -> np.ndarray:
    """Along-track distance (m) to the foot of the perpendicular, on a sphere.

    ``d`` is the distance to the point, ``theta_deg`` the angle between the
    line's heading and the direction to the point.
    """
    delta = d / _MEAN_R
    return _MEAN_R * np.arctan2(np.sin(delta) * np.cos(np.radians(theta_deg)), np.cos(delta))


def _nearest_per_point(n: int, point: np.ndarray, d: np.ndarray, qlon: np.ndarray, qlat: np.ndarray,
                       bearing: np.ndarray, label: np.ndarray) -> Measured:
    if point.size == n:  # one job per point: no choice to make
        pick = np.empty(n, dtype=np.int64)
        pick[point] = np.arange(n)
    else:
        order = np.lexsort((d, point))
        first = np.r_[True, point[order][1:] != point[order][:-1]]
        pick = order[first]
    out = Measured(np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan),
                   np.full(n, -1, dtype=np.int64))
    rows = point[pick]
    out.distance_m[rows] = d[pick]
    out.lon[rows], out.lat[rows] = qlon[pick], qlat[pick]
    out.bearing_deg[rows] = np.mod(bearing[pick], 360.0)
    out.label[rows] = label[pick]
    return out
