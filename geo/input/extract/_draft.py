"""An :class:`Extraction` as a scenario mapping and as commented YAML.

The draft is a valid scenario (``geo.load_scenario`` reads it, ``geo map``
draws it) and an honest one: each value carries its ``evidence``, values
the extractor is unsure of are listed under the incident's ``uncertain``,
and the caveats say what was inferred. No location means no draft.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from geo._format import compass_point, format_approx_distance, format_count, format_date, format_distance
from geo.errors import PlaceNotFoundError
from geo.input.extract._gazetteer import places
from geo.input.extract._locate import one_to_many, town_radii_m
from geo.input.extract._model import Claim, Extraction
from geo.input.extract._tables import border_pairs
from geo.reference.gazetteer import best_match, normalize_name

__all__ = ["draft_scenario", "scenario_yaml"]

#: Towns smaller than this are left out of the nearest-town context.
NEAREST_MIN_POPULATION = 20_000
_NEAREST_COUNT = 3
_NEAREST_MAX_M = 150_000.0
_MIN_METRES_PER_DEGREE = 110_000.0  # of latitude: WGS84's meridian degree is 110 574 m at the equator, more elsewhere
_MENTIONED_MAX_M = 300_000.0


def draft_scenario(extraction: Extraction, *, article: str | None = None, source: str | None = None,
                   incident_id: str | None = None) -> dict[str, Any]:
    """A scenario mapping (the YAML structure of ``geo.load_scenario``) from an extraction.

    Parameters
    ----------
    extraction:
        From :func:`geo.input.extract.extract_incident`.
    article:
        Path of the article relative to where the scenario will be saved;
        written as the scenario's ``article`` and the article source's note.
    source:
        Name of the article for messages (e.g. the file name).
    incident_id:
        Id of the incident; default ``<place>-<date>``.

    Raises
    ------
    PlaceNotFoundError
        When the article gives no usable location: a draft never carries a
        made-up point.

    Examples
    --------
    >>> from geo.input.extract import extract_incident, draft_scenario
    >>> found = extract_incident(open("seeds/belgorod-2023-04-21-article.txt").read(), published="2023-04-21")
    >>> draft_scenario(found)["borders"]
    ['RUS-UKR']
    """
    location = extraction.location
    if location is None:
        why = next((n for n in extraction.notes if n.startswith("no usable location")), "no usable location")
        raise PlaceNotFoundError(f"cannot draft a scenario: {why}", source=source, location="whole article",
                                 hint="write the scenario by hand with 'place:' or 'lon:'/'lat:' for the incident "
                                      "(see seeds/belgorod-2023-04-20.yaml)")
    ids = _source_ids(extraction)
    nearest = _nearest(extraction)
    incident = _incident(extraction, ids, incident_id, nearest)
    draft: dict[str, Any] = {"title": _title(extraction), "summary": extraction.lead}
    if extraction.published:
        draft["published"] = extraction.published
    if article:
        draft["article"] = article
    draft["sources"] = _sources(extraction, ids, article)
    draft["incidents"] = [incident]
    damage = _damage(extraction, incident["id"], ids)
    if damage:
        draft["damage"] = damage
    draft["borders"] = _borders(extraction)
    draft["places"] = _places(extraction, nearest)
    draft["caveats"] = _caveats(extraction, source)
    return draft


def scenario_yaml(draft: dict[str, Any], *, source: str | None = None) -> str:
    """The draft as YAML, with a header telling the analyst what to check."""
    uncertain = draft["incidents"][0].get("uncertain") or {}
    name = f" from {Path(source).name}" if source else ""
    header = [f"# Draft scenario written by `geo extract`{name}.",
              "# Rule-based reading of the article: check every value against it before publishing.",
              "# Each value's source sentence is under `evidence:`."]
    if uncertain:
        header.append(f"# Check first (listed under `uncertain:`): {', '.join(uncertain)}.")
    body = yaml.dump(draft, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=110,
                     default_flow_style=False)
    return "\n".join(header) + "\n" + body


class _PlainDumper(yaml.SafeDumper):
    """Writes a repeated date twice instead of as an anchor and alias (``&id001``) that analysts trip over."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _slug(text: str) -> str:
    """ "Tëtkino" -> "tetkino": accents folded (Cyrillic and others romanised) before dropping what is left."""
    return re.sub(r"[^a-z0-9]+", "-", normalize_name(text)).strip("-") or "source"


def _source_ids(extraction: Extraction) -> dict[str, str]:
    ids: dict[str, str] = {}
    used = {"article"}
    for name, _ in extraction.claimants:
        slug = _slug(name)[:40]
        while slug in used:
            slug += "-2"
        used.add(slug)
        ids[name] = slug
    return ids


def _title(extraction: Extraction) -> str:
    if extraction.title:
        return extraction.title
    what = extraction.event_type[0] if extraction.event_type else "incident"
    where = _where(extraction.location)
    when = f", {format_date(extraction.date.date)}" if extraction.date and extraction.date.date else ""
    return f"{what[0].upper()}{what[1:]} in {where}{when} (draft from an article)"


def _where(loc) -> str:
    """The place a title or an id names: the region for a region-level location, whose gazetteer row is only the
    region's largest town ("North Kordofan state", not El Obeid, where the text names no town)."""
    if loc.precision == 3 and loc.place.kind == "region":
        return loc.region or loc.place.text
    return loc.place.name


def _incident(extraction: Extraction, ids: dict[str, str], incident_id: str | None,
              nearest: list[tuple[str, str, float, float]]) -> dict[str, Any]:
    loc = extraction.location
    date = extraction.date
    when = date.date.isoformat() if date and date.date else "undated"
    item: dict[str, Any] = {"id": incident_id or f"{_slug(_where(loc))}-{when}"}
    evidence: dict[str, Any] = {"location": loc.evidence}
    if date and date.date:
        item["date"] = date.date
        item["time_precision"] = date.time_precision
        evidence["date"] = date.evidence
    if date and date.time_of_day:
        item["time_of_day"] = date.time_of_day
    if extraction.event_type:
        item["event_type"], evidence["event_type"] = extraction.event_type
    if extraction.actors:
        item["actors"] = [name for name, _ in extraction.actors]
        evidence["actors"] = extraction.actors[0][1]
    if extraction.weapons:
        item["weapons"] = [w.name for w in extraction.weapons]
        evidence["weapons"] = {w.name: w.evidence for w in extraction.weapons}
    item["location"] = loc.description
    item["country"] = loc.place.country
    item["lon"] = round(loc.lon, 5)
    item["lat"] = round(loc.lat, 5)
    item["location_precision"] = loc.precision
    item["uncertainty_m"] = float(loc.uncertainty_m)
    if loc.region:
        item["region"] = loc.region
    for claim in (extraction.fatalities, extraction.injuries):
        if claim is not None:
            item[claim.kind] = _claim(claim)
    item["sources"] = ["article", *[ids[c] for c in _claimants_used(extraction) if c in ids]]
    item["notes"] = _notes(extraction, nearest)
    item["evidence"] = evidence
    uncertain = extraction.uncertain()
    if uncertain:
        item["uncertain"] = uncertain
    return item


def _claim(claim: Claim) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if claim.low is not None:
        out["low"] = claim.low
    if claim.high is not None:
        out["high"] = claim.high
    out["text"] = claim.text
    out["source"] = f"{claim.claimant} (as relayed by the article)" if claim.claimant else "the article (unattributed)"
    out["evidence"] = claim.evidence
    if claim.uncertain:
        out["uncertain"] = True
    return out


def _claimants_used(extraction: Extraction) -> list[str]:
    used = [c.claimant for c in (extraction.fatalities, extraction.injuries) if c is not None and c.claimant]
    used += [d.claimant for d in extraction.damage if d.claimant]
    return list(dict.fromkeys(used))


def _sources(extraction: Extraction, ids: dict[str, str], article: str | None) -> list[dict[str, Any]]:
    first: dict[str, Any] = {"id": "article", "name": "News report (the article this draft was made from)"}
    if extraction.url:
        first["url"] = extraction.url
    if extraction.published:
        first["published"] = extraction.published
    if article:
        first["note"] = article
    out = [first]
    evidence = dict(extraction.claimants)
    for name in _claimants_used(extraction):
        entry: dict[str, Any] = {"id": ids[name], "name": f"{name} (as relayed by the article)",
                                 "evidence": evidence.get(name, "")}
        if extraction.published:
            entry["published"] = extraction.published
        out.append(entry)
    return out


def _damage(extraction: Extraction, incident: str, ids: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for report in extraction.damage:
        out.append({"id": _slug(report.kind), "incident": incident, "kind": report.kind, "severity": report.severity,
                    "description": report.description,
                    "source": ids.get(report.claimant, "article") if report.claimant else "article",
                    "evidence": report.evidence})
    return out


def _borders(extraction: Extraction) -> list[str]:
    """Land borders between the incident's country and each other country the article names."""
    home = extraction.location.place.country
    shared = border_pairs()
    out = []
    for other in extraction.countries:
        pair = "-".join(sorted((home, other)))
        if other != home and pair in shared:
            out.append(pair)
    return out


def _nearest(extraction: Extraction) -> list[tuple[str, str, float, float]]:
    """(name, country, distance m, azimuth deg) of the nearest towns, each one the gazetteer geocodes back."""
    loc = extraction.location
    frame = places()
    reach = _NEAREST_MAX_M + 30_000.0
    # No geodesic is shorter than the meridian arc between its end latitudes (>= 110.57 km a degree on WGS84),
    # so the towns outside this band of latitude are too far for certain and need no geodesic measured.
    band = np.abs(np.asarray(frame["lat"], dtype=float) - loc.lat) <= reach / _MIN_METRES_PER_DEGREE
    big = frame.take(band & (frame["population"] >= NEAREST_MIN_POPULATION))
    dist, az = one_to_many(loc.lon, loc.lat, big["lon"], big["lat"])
    # A town that absorbs a candidate lies within its own radius (<= 30 km) of it.
    local = big.take(dist <= _NEAREST_MAX_M + 30_000.0)
    dist, az = dist[dist <= _NEAREST_MAX_M + 30_000.0], az[dist <= _NEAREST_MAX_M + 30_000.0]
    radius = town_radii_m(local["population"])
    out: list[tuple[str, str, float, float]] = []
    for i in np.argsort(dist):
        if dist[i] > _NEAREST_MAX_M or len(out) == _NEAREST_COUNT:
            break
        j = _absorbing_town(local, radius, int(i))
        row = local.row(j)
        if int(row["geonameid"]) == loc.place.geonameid or any(name == row["name"] for name, *_ in out):
            continue
        if _geocodes_back(str(row["name"]), int(row["geonameid"])):
            out.append((str(row["name"]), str(row["country"]), float(dist[j]), float(az[j])))
    return out


def _absorbing_town(frame, radius: np.ndarray, i: int) -> int:
    """The largest town whose disc holds town ``i``: GeoNames lists city districts
    ("Pivnichna Saltivka" in Kharkiv) and duplicates ("Gorod Shebekino") as towns."""
    lon, lat = frame["lon"], frame["lat"]
    population = frame["population"]
    bigger = np.flatnonzero(population > population[i])
    if bigger.size == 0:
        return i
    d = one_to_many(lon[i], lat[i], lon[bigger], lat[bigger])[0]
    inside = bigger[d <= np.maximum(radius[bigger], 3_000.0)]
    return int(inside[np.argmax(population[inside])]) if inside.size else i


@functools.lru_cache(maxsize=4096)
def _geocodes_back(name: str, geonameid: int) -> bool:
    """Only names that ``geo.geocode`` resolves to this very town may go in ``places:``."""
    try:
        return int(places()["geonameid"][best_match(name)]) == geonameid
    except Exception:  # noqa: BLE001 - a name the geocoder refuses is simply not listed
        return False


def _places(extraction: Extraction, nearest: list[tuple[str, str, float, float]]) -> list[str]:
    loc = extraction.location
    names: list[str] = []
    if loc.place.kind == "town" and _geocodes_back(loc.place.name, loc.place.geonameid):
        names.append(loc.place.name)
    names += [name for name, *_ in nearest]
    for mention in extraction.mentions:
        if mention.kind == "town" and mention.geonameid is not None and mention.name not in names:
            d = one_to_many(loc.lon, loc.lat, [mention.lon], [mention.lat])[0][0]
            if float(d) <= _MENTIONED_MAX_M and _geocodes_back(mention.name, mention.geonameid):
                names.append(mention.name)
    return names


def _notes(extraction: Extraction, nearest: list[tuple[str, str, float, float]]) -> str:
    parts = []
    if nearest:
        listing = "; ".join(f"{name} ({country}) {format_approx_distance(d)} {compass_point(az)}"
                            for name, country, d, az in nearest)
        parts.append(f"Nearest towns of {format_count(NEAREST_MIN_POPULATION)}+ people, from the incident point: {listing}.")
    others = sorted({m.text for m in extraction.mentions if m.role == "mentioned" and m.kind != "country"})
    if others:
        parts.append(f"Other places the article names: {', '.join(others)}.")
    parts.extend(extraction.notes)
    return " ".join(parts)


def _village_credit(place) -> str | None:
    """The credit line of the village list a place comes from (negative ``geonameid``), None for GeoNames'."""
    if place is None or place.geonameid is None or place.geonameid >= 0:
        return None
    from geo.reference.gazetteer import VILLAGES_ATTRIBUTION, place_values

    rows = np.flatnonzero(places()["geonameid"] == place.geonameid)
    if not rows.size:
        return None
    source = str(place_values(rows[:1], "source")["source"][0])
    return VILLAGES_ATTRIBUTION.get(source, source)


def _caveats(extraction: Extraction, source: str | None) -> list[str]:
    loc = extraction.location
    name = Path(source).name if source else "a news article"
    out = [f"Drafted automatically by geo extract from {name}; every value is a rule's "
           "reading of the text and must be checked against the article."]
    out.append(f"The text locates the incident only as: {loc.description}. The circle ({format_distance(loc.uncertainty_m)} "
               "radius) is the area that wording allows, not the impact site.")
    claimants = _claimants_used(extraction)
    if extraction.fatalities or extraction.injuries:
        who = ", ".join(claimants) if claimants else "no named source"
        out.append(f"Casualty figures are claims ({who}) relayed by one article; none is independently verified.")
    listed = _village_credit(loc.place)
    if listed:
        out.append(f"{loc.place.name}'s point is a village from a list below GeoNames' 500 people: {listed}; "
                   "credit it where the location is published.")
    if extraction.unresolved:
        names = ", ".join(dict.fromkeys(name for name, _ in extraction.unresolved))
        out.append(f"Names the gazetteer does not hold (not mapped): {names}.")
    if extraction.published_from == "date line":
        out.append(f"Publication date {extraction.published.isoformat()} read from a date line in the text.")
    return out
