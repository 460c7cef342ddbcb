"""From the winning place to a point, a precision and an uncertainty radius.

The radius says what the text supports, no more: a city named without a
street gets a circle the size of that city; "near X" widens it; "20 km
north of X" moves the point along the geodesic and keeps a radius in
proportion to the distance; a region alone gets the spread of that region's
towns. Nothing is invented when the text names no place: the caller gets
None and a reason.
"""

from __future__ import annotations

import math

import numpy as np

from geo._format import compass_point, format_distance
from geo.geodesy import destination, geodesic_inverse
from geo.input.extract._gazetteer import places
from geo.input.extract._model import IncidentLocation, PlaceMention
from geo.input.extract._places import Match, place_key, to_mention
from geo.input.extract._regions import region_outline

__all__ = ["town_radius_m", "town_radii_m", "one_to_many"]

#: People per km² assumed for a town's built-up area. Urban densities run from
#: about 1,500 (Europe, Russia) to 5,000+ (South Asia); the lower figure gives
#: the larger, safer circle.
URBAN_DENSITY_PER_KM2 = 2_000.0
_MIN_TOWN_RADIUS_M = 2_000.0
_MAX_TOWN_RADIUS_M = 30_000.0
#: "near X": news uses it for villages a few tens of km out ("a village near
#: Kharkiv" is often 30-40 km from the centre), so the circle grows by 25 km.
_NEAR_EXTRA_M = 25_000.0
#: A region's towns are points inside it; its edge lies beyond the outermost one.
_REGION_MARGIN_M = 15_000.0
_MIN_SCORE = 2.0


def town_radius_m(population: int) -> float:
    """Radius in metres of a disc holding a town of ``population`` people.

    The disc has the area of a town at :data:`URBAN_DENSITY_PER_KM2`,
    rounded up to 500 m and kept within 2–30 km.

    >>> town_radius_m(345_289)  # Belgorod
    7500.0
    """
    return float(town_radii_m(np.asarray([population]))[0])


def town_radii_m(population: np.ndarray) -> np.ndarray:
    """:func:`town_radius_m` for an array of populations (metres)."""
    area_km2 = np.maximum(np.asarray(population, dtype=float), 0.0) / URBAN_DENSITY_PER_KM2
    radius = np.ceil(np.sqrt(area_km2 / math.pi) * 1000.0 / 500.0) * 500.0
    return np.clip(radius, _MIN_TOWN_RADIUS_M, _MAX_TOWN_RADIUS_M)


def one_to_many(lon: float, lat: float, lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Geodesic distance (m) and azimuth (deg) from one point to many; ``geodesic_inverse`` wants equal lengths."""
    lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    return geodesic_inverse(np.full_like(lons, lon), np.full_like(lats, lat), lons, lats)


def locate(matches: list[Match], totals: dict[tuple, float]) -> tuple[IncidentLocation | None, str]:
    """The incident's location, or None and why not."""
    if not totals or max(totals.values()) < _MIN_SCORE:
        return None, _why_none(matches, totals)
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], _first_sentence(matches, kv[0])))
    key, score = ranked[0]
    if key[0] == "region":
        town = _town_in_region(key, ranked)
        if town is not None:
            key, score = town
    runner = next(((k, s) for k, s in ranked if k != key and not _same_area(k, key)), None)
    own = [m for m in matches if m.kind == "town" and place_key(m) == key]
    best = max(own, key=lambda m: (_context_rank(m), -m.sentence.index))
    reasons = [m.uncertain for m in own if m.uncertain][:1]
    if runner is not None and runner[1] >= 0.6 * score:
        other = next(m for m in matches if m.kind == "town" and place_key(m) == runner[0])
        reasons.append(f"{other.text!r} is named almost as prominently (score {runner[1]:.0f} vs {score:.0f})")
    region = next((f"{m.text} {m.region_word}" for m in matches
                   if m.kind == "town" and m.region_word and _same_area(place_key(m), key)), None)
    if key[0] == "region":
        return _region_location(best, key, region, reasons), ""
    return _town_location(best, region, reasons), ""


def _first_sentence(matches: list[Match], key: tuple) -> int:
    return min(m.sentence.index for m in matches if m.kind == "town" and place_key(m) == key)


def _context_rank(match: Match) -> int:
    return {"offset": 4, "strong": 3, "prep": 2, "near": 1}.get(match.context, 0)


def _same_area(a: tuple, b: tuple) -> bool:
    """A town and the region it lies in count as one place."""
    frame = places()

    def area(key: tuple) -> tuple:
        if key[0] == "region":
            return key[1:]
        return (frame["country"][key[1]], frame["admin1code"][key[1]])

    return area(a) == area(b) and (a[0] == "region" or b[0] == "region")


def _town_in_region(key: tuple, ranked: list[tuple[tuple, float]]) -> tuple[tuple, float] | None:
    """A town of the winning region that is itself named as the incident's place."""
    for other, score in ranked:
        if other[0] == "town" and score >= _MIN_SCORE and _same_area(other, key):
            return other, score
    return None


def _town_location(match: Match, region: str | None, reasons: list[str]) -> IncidentLocation:
    row = places().row(match.row)
    lon, lat, population = float(row["lon"]), float(row["lat"]), int(row["population"])
    radius = town_radius_m(population)
    mention = to_mention(match, "incident")
    if match.context == "offset" and match.offset is not None:
        distance, azimuth = match.offset
        lon2, lat2 = destination(lon, lat, azimuth, distance)
        reasons.append("distance and direction as reported, measured from the town's centre")
        return IncidentLocation(float(lon2), float(lat2), 2, max(3_000.0, round(0.3 * distance, -2)), mention,
                                f"{format_distance(distance)} {compass_point(azimuth)} of {row['name']} (as reported)",
                                match.sentence.text, region, True, "; ".join(reasons))
    if match.context == "near":
        reasons.append(f"the text says only near {match.text}")
        return IncidentLocation(lon, lat, 2, radius + _NEAR_EXTRA_M, mention, f"near {row['name']} (distance not reported)",
                                match.sentence.text, region, True, "; ".join(reasons))
    return IncidentLocation(lon, lat, 2, radius, mention, f"{row['name']}, town level (no street or district named)",
                            match.sentence.text, region, bool(reasons), "; ".join(reasons))


def _region_location(match: Match, key: tuple, region: str | None, reasons: list[str]) -> IncidentLocation:
    outline = region_outline(key[1], key[2], match.text)
    if outline is not None:
        lon, lat, radius, name = outline
        reasons.append(f"region only: a point inside the outline of {name} (bundled regions), the circle reaching "
                       "its farthest edge")
    else:
        frame = places()
        towns = frame.take((frame["country"] == key[1]) & (frame["admin1code"] == key[2]))
        lon, lat = _spherical_mean(towns["lon"], towns["lat"])
        spread = float(np.max(one_to_many(lon, lat, towns["lon"], towns["lat"])[0]))
        radius = round(spread + _REGION_MARGIN_M, -3)
        reasons.append(f"region only: centred on the {len(towns)} gazetteer towns of {region or match.text}; "
                       "the region's own outline is not in the bundled data")
    mention = to_mention(match, "incident")
    return IncidentLocation(lon, lat, 3, radius, mention, f"{region or match.text}, region level (no town named)",
                            match.sentence.text, region, True, "; ".join(reasons))


def _spherical_mean(lon: np.ndarray, lat: np.ndarray) -> tuple[float, float]:
    """Centre of points on the sphere (safe across the antimeridian), degrees (lon, lat)."""
    lam, phi = np.radians(lon), np.radians(lat)
    x, y, z = np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)
    mx, my, mz = x.mean(), y.mean(), z.mean()
    return float(np.degrees(np.arctan2(my, mx))), float(np.degrees(np.arctan2(mz, math.hypot(mx, my))))


def _why_none(matches: list[Match], totals: dict[tuple, float]) -> str:
    from geo.input.extract._names import country_names

    towns = sorted({m.text for m in matches if m.kind == "town"})
    named = sorted({country_names().get(m.code, m.code) for m in matches if m.kind == "country"})
    if towns:
        return (f"the towns it names ({', '.join(towns)}) appear only as background, not as where the incident "
                "happened")
    if named:
        return f"it names only countries ({', '.join(named)}), no town, city or region"
    return "it names no town, city, region or country that the gazetteer knows"


def mentions(matches: list[Match], location: IncidentLocation | None) -> list[PlaceMention]:
    """Every match as a public mention, the incident's own marked ``role="incident"``."""
    out = []
    chosen = None
    if location is not None and location.place.geonameid is not None:
        chosen = location.place.geonameid
    frame = places()
    for match in matches:
        role = "mentioned"
        if match.kind == "town" and chosen is not None and int(frame["geonameid"][match.row]) == chosen:
            role = "incident"
        out.append(to_mention(match, role))
    return out
