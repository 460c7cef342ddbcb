"""From the winning place to a point, a precision and an uncertainty radius.

The radius says what the text supports, no more: a city named without a
street gets a circle the size of that city; "near X" widens it; "20 km
north of X" moves the point along the geodesic and keeps a radius in
proportion to the distance; a region alone gets the spread of that region's
towns. Nothing is invented when the text names no place: the caller gets
None and a reason.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence

import numpy as np

from geo._format import compass_point, format_distance
from geo.input.extract._figures import casualties
from geo.input.extract._gazetteer import places
from geo.input.extract._mention import INCIDENT_CUE, Match
from geo.input.extract._model import IncidentLocation, PlaceMention
from geo.input.extract._names import country_names
from geo.input.extract._regions import region_outline, region_rows
from geo.input.extract._roles import place_key, with_deaths
from geo.input.extract._villages import StandIn, describe

__all__ = ["town_radius_m", "town_radii_m", "one_to_many", "part_location"]

#: People per km² assumed for a town's built-up area. Urban densities run from
#: about 1,500 (Europe, Russia) to 5,000+ (South Asia); the lower figure gives
#: the larger, safer circle.
URBAN_DENSITY_PER_KM2 = 2_000.0
_MIN_TOWN_RADIUS_M = 2_000.0
_MAX_TOWN_RADIUS_M = 30_000.0
#: "near X": news uses it for villages a few tens of km out ("a village near
#: Kharkiv" is often 30-40 km from the centre), so the circle grows by 25 km.
_NEAR_EXTRA_M = 25_000.0
#: "in the Hangu district", "a village in the Kupiansk district": second-level outlines are not in the bundled
#: data, so the place is the district's town with a circle of 60 km, which covers most districts from their town
#: (Ukraine's raions since 2020 average about 4,400 km², a circle of 37 km; Nigeria's local government areas,
#: Myanmar's townships and Russia's raions are smaller).
_DISTRICT_RADIUS_M = 60_000.0
#: How a unit word found after a name is written out.
_UNIT_WORDS = {"lga": "local government area", "local": "local government area"}
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
    """Geodesic distance (m) and azimuth (deg) from one point to many (``geodesic_inverse`` broadcasts the one)."""
    from geo.geodesy import geodesic_inverse  # pyproj loads only for the articles that measure

    return geodesic_inverse(lon, lat, lons, lats)


def locate(matches: list[Match], totals: dict[tuple, float], villages: Sequence[StandIn] = ()
           ) -> tuple[IncidentLocation | None, str]:
    """The incident's location, or None and why not.

    ``villages`` are villages the gazetteer lacks, each standing in for its
    region: their scores count for that region, and a winning region they
    stand in for stays the region (the location names the village) unless
    a town of that region is named more strongly as the incident's place.
    """
    totals = dict(totals)
    for village in villages:
        totals[village.key] = totals.get(village.key, 0.0) + village.score
    if not totals or max(totals.values()) < _MIN_SCORE:
        return None, _why_none(matches, totals)
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], _first_sentence(matches, kv[0])))
    key, score = ranked[0]
    village = max((v for v in villages if v.key == key), key=lambda v: v.score, default=None)
    if key[0] == "region":
        town = _town_in_region(key, ranked, matches)
        # a district named after its town ("Mangu local government area") holds the village: the district, the
        # village named in it (_in_unit), rather than the whole region
        if town is not None and (village is None or town[1] > village.score or any(
                m.kind == "town" and m.unit and not m.background and place_key(m) == town[0] for m in matches)):
            key, score, village = *town, None
        if village is not None and not _names_village(village, key, matches):
            village = None
    reference = None
    if key[0] == "town" and village is None:
        nearer = _town_by_reference(key, ranked, matches)
        if nearer is not None:
            reference, (key, score) = key, nearer
            city = any(m.kind == "town" and place_key(m) == reference and _PART_OF.search(m.before) for m in matches)
            for match in matches:  # "a town south of Kirkuk": Kirkuk is a landmark there, not another incident
                if match.kind == "town" and place_key(match) == reference and (city or _REFERENCE_BEFORE.search(
                        match.before) or (match.context == "near" and (match.sentence.index <= 1 or match.lead))):
                    match.background = True
    runner = next(((k, s) for k, s in ranked if k != key and k != reference and not _same_area(k, key)), None)
    own = [m for m in matches if m.kind == "town" and place_key(m) == key]
    # the mention that says most about where, among those not told as another attack or background
    best = max(own, key=lambda m: (not (m.background or m.other), _context_rank(m), -m.sentence.index))
    reasons = [m.uncertain for m in own if m.uncertain][:1]
    if reference is not None:
        ref = next(m for m in matches if m.kind == "town" and place_key(m) == reference)
        reasons.append(f"the lead names the place only by {ref.text!r} (\"a village or town near or off it\"); "
                       f"{_best_text(own)!r}, named further on within {_REFERENCE_M / 1000:.0f} km of it, is taken as that place")
    if runner is not None and runner[1] >= 0.6 * score:
        other = next(m for m in matches if m.kind == "town" and place_key(m) == runner[0])
        reasons.append(f"{other.text!r} is named almost as prominently (score {runner[1]:.0f} vs {score:.0f})")
    region = next((f"{m.text} {m.region_word}" for m in matches
                   if m.kind == "town" and m.region_word and _same_area(place_key(m), key)), None)
    if key[0] == "region":
        found = _region_location(best, key, region, reasons)
        where = region or f"{best.text} {best.region_word}"
    elif village is not None:  # a village of the district named after this town: in the district, not in the town
        found = _town_location(dataclasses.replace(village.region, offset=None), region, reasons)
        where = found.description
    else:
        return _in_unit(_town_location(best, region, reasons), best, key, villages), ""
    if village is not None and village.area is not None and key[0] == "region":
        found = _district_location(village, found, where)
    elif village is not None:
        description, reason = describe(village, where)
        found = dataclasses.replace(found, description=description, evidence=village.match.sentence.text,
                                    uncertain=True, reason="; ".join(r for r in (reason, found.reason) if r))
    return found, ""


def _in_unit(found: IncidentLocation, best: Match, key: tuple, villages: Sequence[StandIn]) -> IncidentLocation:
    """ "No fewer than five villagers in Barkin Ladi local government area ... " then "the incident happened on
    Wednesday at Pugu village": a village the gazetteer lacks, of the region the district lies in, is named as
    the district's village (located as the district is)."""
    inside = [v for v in villages if best.unit and v.key[0] == "region" and _same_area(v.key, key)
              and v.word in ("village", "settlement", "hamlet")]
    if not inside:
        return found
    village = dataclasses.replace(max(inside, key=lambda v: v.score), key=key, region=best)
    description, reason = describe(village, found.description)
    return dataclasses.replace(found, description=description, evidence=village.match.sentence.text, uncertain=True,
                               reason="; ".join(r for r in (reason, found.reason) if r))


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


def _town_in_region(key: tuple, ranked: list[tuple[tuple, float]], matches: list[Match]
                    ) -> tuple[tuple, float] | None:
    """A town of the winning region that is itself named as the incident's place.

    Named in the lead, beside the region, or as "the town of X": "a village
    in Russia's Belgorod region" with "drones shot down over Belgorod" two
    sentences on stays the region.
    """
    own = [m for m in matches if m.kind == "town" and place_key(m) == key]
    lead = {m.sentence.index for m in own}
    # "shelled a village in Kharkiv region": the lead leaves the village unnamed, so a village named
    # further down ("Just today ... shelled the village of Kurylivka") is as likely another attack; the lead may
    # come after a page's furniture ("ua en ru", the headline again with its photo's caption)
    unnamed = {m.sentence.index for m in own if _in_lead(m) and _UNNAMED_BEFORE.search(m.before)}
    totals = set().union(*(_tolls(m.sentence) for m in own if _in_lead(m)))
    for other, score in ranked:
        if other[0] == "town" and score >= _MIN_SCORE and _same_area(other, key) and any(
                (m.sentence.index <= 1 and not m.background) or m.sentence.index in (unnamed or lead)
                or (m.context in ("strong", "offset", "near") and (not unnamed or _names_it(m, max(unnamed))))
                or (unnamed and _struck_first(m, max(unnamed), own, matches))
                # "2 dead and 5 wounded due to the missile strike on the Kyselivka community": named with the dead
                # (not a part of the region's total: "15 killed in Kharkiv Oblast" ... "In Kharkiv 5 people died")
                or (m.context == "prep" and with_deaths(m.sentence) and not (m.background or m.other or m.source)
                    and (not totals or totals & _tolls(m.sentence)))
                for m in matches if m.kind == "town" and place_key(m) == other):
            return other, score
    return None


def _in_lead(match: Match) -> bool:
    """Named in the headline or the lead (the first full sentence, after any page furniture; not a photo's
    caption: "Illustrative purposes only: flags ... in a border village in Sumy Oblast")."""
    return match.sentence.index <= 1 or (match.lead and not match.background)


def _tolls(sentence) -> set[int]:
    return {low for kind, low, _, _, _ in casualties(sentence) if kind == "fatalities" and low}


#: "targeting an upscale community in Port-au-Prince": the city the incident's place is part of, wherever it is named.
_PART_OF = re.compile(r"\b(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:community|neighbou?rhood|suburb|district|quarter)\s+(?:in|of|"
                      r"on the outskirts of|outside|near)\s+[^.;]{0,40}$", re.I)
#: "in a town south of Iraq's oil-rich city of Kirkuk", "a village near Kharkiv": a place the lead names only by another;
#: "targeting an upscale community in Port-au-Prince", "a suburb of X": a part of a city, left unnamed.
_REFERENCE_BEFORE = re.compile(r"\b(?:(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?)?(?:village|town|settlement|hamlet)\s+(?:(?:\d+\s*"
                               r"(?:km|kilomet\w+|miles?)\s+)?(?:north|south|east|west)\w*\s+of|near|outside|close to|"
                               r"not far from)\s+[^.;]{0,40}$|" + _PART_OF.pattern, re.I)
#: How far from the reference town a town named further on may lie to be the lead's unnamed one.
_REFERENCE_M = 60_000.0


def _best_text(own: list[Match]) -> str:
    """The name as the article writes it, from the first of ``own``."""
    return own[0].text if own else ""


def _town_by_reference(key: tuple, ranked: list[tuple[tuple, float]], matches: list[Match]
                       ) -> tuple[tuple, float] | None:
    """ "a town south of Kirkuk" in the lead, then "The attack struck near a mosque in Taza": Taza, not Kirkuk.

    Only when every lead mention of the winning town names it as the reference of an unnamed place, and the
    other town is named in a sentence about the attack (not as background or another attack) within 60 km.
    """
    own = [m for m in matches if m.kind == "town" and place_key(m) == key and (m.sentence.index <= 1 or m.lead)]
    if not own or not any(_REFERENCE_BEFORE.search(m.before) for m in own):
        return None
    frame = places()
    for other, score in ranked:
        if other == key or other[0] != "town" or score < _MIN_SCORE:
            continue
        if not any(m.kind == "town" and place_key(m) == other and not (m.background or m.other or m.source)
                   and m.context in ("prep", "strong", "near") and INCIDENT_CUE.search(m.sentence.norm)
                   for m in matches):
            continue
        metres = one_to_many(float(frame["lon"][key[1]]), float(frame["lat"][key[1]]),
                             np.asarray([frame["lon"][other[1]]], dtype=float),
                             np.asarray([frame["lat"][other[1]]], dtype=float))[0]
        if float(metres[0]) <= _REFERENCE_M:
            return other, score
    return None


def _district_location(village: StandIn, found: IncidentLocation, region: str) -> IncidentLocation:
    """ "Debiro village located in Hawul district of Borno state": the circle holding the district's listed villages."""
    frame = places()
    rows = village.area
    lon, lat = _spherical_mean(frame["lon"][rows], frame["lat"][rows])
    spread = float(np.max(one_to_many(lon, lat, np.asarray(frame["lon"][rows], dtype=float),
                                      np.asarray(frame["lat"][rows], dtype=float))[0]))
    radius = round(spread + _DISTRICT_MARGIN_M, -3)
    description, reason = describe(village, region)
    description = description.replace(f"located only to {region}",
                                      f"located to the {len(rows)} listed villages of {village.area_name} ({region})")
    reason = (f"{reason.split('; ')[0].split(', so the circle')[0]}; the circle holds the {len(rows)} villages the "
              f"bundled list gives for {village.area_name}, reaching the outermost")
    others = [r for r in found.reason.split("; ") if r and not r.startswith("region only")]
    return dataclasses.replace(found, lon=lon, lat=lat, uncertainty_m=radius, description=description,
                               evidence=village.match.sentence.text, uncertain=True, reason="; ".join([reason, *others]))


#: A district's listed villages are points inside it; its edge lies a few km beyond the outermost.
_DISTRICT_MARGIN_M = 5_000.0


def _names_village(village: StandIn, key: tuple, matches: list[Match]) -> bool:
    """ "shelled a village in Kharkiv region" in the lead: a village named further on is that one only as
    :func:`_names_it` tells (the next sentences, without a toll of its own)."""
    unnamed = [m.sentence.index for m in matches if m.kind == "town" and place_key(m) == key
               and _in_lead(m) and _UNNAMED_BEFORE.search(m.before)]
    return not unnamed or village.match.sentence.index <= 1 or _names_it(village.match, max(unnamed))


def _names_it(match: Match, lead: int) -> bool:
    """ "... a village in Sagaing region." then "bombs fell on Moe Tarr Lay village": the next sentences naming
    a village without a casualty figure of their own name the lead's; one further on, or with its own toll
    ("the village of Kurylivka ... a woman was injured"), is another attack."""
    return (match.sentence.index - lead <= 2 and not match.background and not match.other
            and not casualties(match.sentence))


#: "a military jet bombed Kyauk Ni Maw": a place named as what the attack struck.
_STRUCK_BEFORE = re.compile(r"\b(?:bombed|struck|hit|shelled|attacked|targeted|raided|stormed)\s+(?:the\s+(?:village|town|"
                            r"settlement)\s+of\s+)?$", re.I)


def _struck_first(match: Match, lead: int, own: list[Match], matches: list[Match]) -> bool:
    """ "... killed at least 40 people in a village in western Rakhine state", two sentences of background, then
    "a military jet bombed Kyauk Ni Maw": the first town of the region named after the lead, as what the attack
    struck and without a toll of its own, is the lead's unnamed village, however much background came between
    (a town only mentioned there, "cutting off the capital Sittwe", is no other place of the attack)."""
    if (not _STRUCK_BEFORE.search(match.before) or match.background or match.other or match.source
            or casualties(match.sentence) or not lead < match.sentence.index <= lead + 5):
        return False
    key = place_key(match)
    return not any(m.kind == "town" and lead < m.sentence.index < match.sentence.index and place_key(m) != key
                   and m.context and not (m.background or m.source) and _same_area(place_key(m), place_key(own[0]) if own else key)
                   for m in matches)


#: "a village in", "one of the border settlements of", "a town in Russia's": a place the lead leaves unnamed.
_UNNAMED_BEFORE = re.compile(r"\b(?:a|an|one|another)\s+(?:(?:of\s+the\s+)?[\w-]+\s+){0,2}?(?:village|town|settlement|"
                             r"hamlet|community|city|locality)s?\s+(?:in|of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.I)


def _town_location(match: Match, region: str | None, reasons: list[str]) -> IncidentLocation:
    row = places().row(match.row)
    lon, lat, population = float(row["lon"]), float(row["lat"]), int(row["population"])
    radius = town_radius_m(population)
    mention = to_mention(match, "incident")
    if match.context == "offset" and match.offset is not None:
        from geo.geodesy import destination  # pyproj loads only for the articles that measure

        distance, azimuth = match.offset
        lon2, lat2 = destination(lon, lat, azimuth, distance)
        reasons.append("distance and direction as reported, measured from the town's centre")
        return IncidentLocation(float(lon2), float(lat2), 2, max(3_000.0, round(0.3 * distance, -2)), mention,
                                f"{format_distance(distance)} {compass_point(azimuth)} of {row['name']} (as reported)",
                                match.sentence.text, region, True, "; ".join(reasons))
    if match.unit:
        word = _UNIT_WORDS.get(match.unit, match.unit)
        reasons.append(f"the text says only that it lies in the {match.text} {word}, whose outline is not in the "
                       f"bundled data; the circle around its town reaches {format_distance(_DISTRICT_RADIUS_M)}")
        return IncidentLocation(lon, lat, 2, max(radius, _DISTRICT_RADIUS_M), mention,
                                f"in the {match.text} {word}, around {row['name']}", match.sentence.text, region, True,
                                "; ".join(reasons))
    if match.quarter:
        reasons.append(f"the {match.quarter} district is not in the bundled gazetteer; the circle is the city's")
        return IncidentLocation(lon, lat, 2, radius, mention, f"in the {match.quarter} district of {row['name']}",
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


#: The widest part of a country read as a location ("southern Lebanon" is about 60 km across).
_MAX_PART_RADIUS_M = 80_000.0
#: Country names news uses for one of its regions: "an Israeli strike in Gaza".
_PART_REGIONS = {"gaza": "Gaza Strip", "gaza strip": "Gaza Strip", "west bank": "West Bank"}


def part_location(matches: list[Match]) -> IncidentLocation | None:
    """Where the text names only part of a country: "southern Lebanon", "Gaza" (the Gaza Strip).

    Used only when no town or region is named. A direction takes the third
    of the country's gazetteer towns lying furthest that way ("southern
    Lebanon": its southern third), centred on their mean with a circle
    reaching the outermost, when that circle is no wider than a region
    (80 km; "eastern Ukraine" is not a location); "Gaza" is the Gaza Strip.
    """
    parts = [m for m in matches if m.kind == "country" and not m.background and not m.source and
             (m.direction or m.text.lower() in _PART_REGIONS)]
    if not parts:
        return None
    best = min(parts, key=lambda m: (not INCIDENT_CUE.search(m.sentence.norm), m.sentence.index))
    frame = places()
    name = _PART_REGIONS.get(best.text.lower())
    if name:
        rows = [int(r) for r in region_rows(name) if frame["country"][r] == best.code]
        if not rows:
            return None
        match = Match(best.sentence, best.start, best.end, name, "town", rows=np.asarray(rows), region_word="region",
                      context=best.context, regional=True, row=rows[0])
        key = ("region", frame["country"][rows[0]], frame["admin1code"][rows[0]])
        reasons = [f"the text names {best.text!r}: read as the {name}"]
        return _region_location(match, key, f"{name} region", reasons)
    towns = frame.take(frame["country"] == best.code)
    if len(towns["lon"]) < 10:
        return None
    lon, lat = np.asarray(towns["lon"], dtype=float), np.asarray(towns["lat"], dtype=float)
    way = best.direction.replace("-", "")
    score = np.zeros(lon.size)
    for word, axis, sign in (("north", lat, 1), ("south", lat, -1), ("east", lon, 1), ("west", lon, -1)):
        if word in way:
            score += sign * (axis - axis.mean()) / (axis.std() or 1.0)
    if way == "central":
        score = -np.hypot((lat - np.median(lat)) / (lat.std() or 1.0), (lon - np.median(lon)) / (lon.std() or 1.0))
    keep = score >= np.quantile(score, 2 / 3)
    c_lon, c_lat = _spherical_mean(lon[keep], lat[keep])
    radius = round(float(np.max(one_to_many(c_lon, c_lat, lon[keep], lat[keep])[0])) + _REGION_MARGIN_M, -3)
    if radius > _MAX_PART_RADIUS_M:
        return None  # "eastern Ukraine" is no location: a third of a large country is wider than a region
    text = f"{best.direction} {best.text}"
    mention = PlaceMention(text=text, kind="region", role="incident", name=text, country=best.code, lon=c_lon,
                           lat=c_lat, population=0, geonameid=None, evidence=best.sentence.text,
                           sentence=best.sentence.index, uncertain=True, reason="part of a country")
    reason = (f"the text names only {text!r}: the circle holds the {best.direction} third of "
              f"{country_names().get(best.code, best.code)}'s gazetteer towns")
    return IncidentLocation(c_lon, c_lat, 3, radius, mention, f"{text}, part of a country (no town or region named)",
                            best.sentence.text, text, True, reason)


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


def to_mention(match: Match, role: str) -> PlaceMention:
    """A public :class:`PlaceMention` from a match."""
    if match.kind in ("country", "demonym"):
        text = f"{match.direction} {match.text}" if match.direction and match.kind == "country" else match.text
        return PlaceMention(text=text, kind="country", role=role, name=country_names().get(match.code, match.code),
                            country=match.code, lon=None, lat=None, population=0, geonameid=None,
                            evidence=match.sentence.text, sentence=match.sentence.index)
    row = places().row(match.row)
    kind = "region" if match.region_word else "town"
    text = f"{match.text} {match.region_word}" if match.region_word else match.text
    return PlaceMention(text=text, kind=kind, role=role, name=str(row["name"]), country=str(row["country"]),
                        lon=float(row["lon"]), lat=float(row["lat"]), population=int(row["population"]),
                        geonameid=int(row["geonameid"]), evidence=match.sentence.text,
                        sentence=match.sentence.index, uncertain=bool(match.uncertain), reason=match.uncertain)
