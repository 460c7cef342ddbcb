"""Villages the bundled gazetteer does not hold: named in the draft, located only to their region.

Real reports from border areas name villages below every bundled list
("the village of Zvannoe in Kursk Region", "Ibleen, a village in southern
Idlib province", "Novoosynove, Kupiansk district, Kharkiv region"). Such a
name is the incident's place even though it cannot be put on the map: left
out, the score goes to whatever else the article names (Moscow in a
paragraph of background, another village's earlier attack). Here the
village stands in for the region it is named with: its score counts for
that region, the region wins over a town told as another attack, and the
location says which village it is and that it is located only to the
region. A name of several listed villages the text does not tell apart
("Kaimari": two in Borno State) is treated the same way.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import numpy as np

from geo.input.extract._gazetteer import places
from geo.input.extract._mention import INCIDENT_CUE, Match
from geo.input.extract._places import VILLAGE_AFTER
from geo.input.extract._roles import mention_score, place_key, with_deaths
from geo.input.extract._variants import consonant_key, first_word_keys
from geo.reference.gazetteer import normalize_name

__all__: list[str] = []

#: Wording that makes a name a village: "the village of X", "residents of X", "the town of X" (a name nothing holds).
_VILLAGE_BEFORE = re.compile(r"\b(?P<word>village|settlement|hamlet|town)s?\s+of\s+(?:the\s+)?$|"
                             r"\bresidents?\s+of\s+(?:the\s+)?(?:village\s+of\s+)?$", re.I)
#: "in Khyber district", "the Khyber tribal district": a district the bundled data has no outline or town for.
_DISTRICT_AFTER = re.compile(r"^\s+(?:tribal\s+)?(?:district|tehsil|lga|local government area|raion|circle|cercle)\b", re.I)


@dataclass
class StandIn:
    """A village the gazetteer lacks, standing in for the region named with it."""

    match: Match
    key: tuple  # ("region", country, admin1), or ("town", row) of the district's town
    region: Match
    score: float
    rank: int = 0  # 2 named with its district, 1 with its region, 0 placed by the story's region
    word: str = "village"  # how the text names it: "village", "town", "district"
    area: np.ndarray | None = None  # listed villages of the district named with it ("in Hawul district")
    area_name: str = ""


#: "the other border village of X", "a neighbouring village": another place than the incident's.
_OTHER_BEFORE = re.compile(r"\b(?:other|another|neighbou?ring|nearby)\s+(?:[\w-]+\s+)?(?:village|settlement)s?\s+of\s+"
                           r"(?:the\s+)?$", re.I)


#: "In the second attack, a car bomber struck a checkpoint in the village of X": another incident's village.
_OTHER_ATTACK = re.compile(r"\b(?:the|a)\s+(?:second|third|other|earlier|previous)\s+(?:[\w-]+\s+)?(?:attack|strike|"
                           r"blast|bombing|explosion|raid|shelling)\b|"
                           r"\b(?:a|one|two|three|several|a few)\s+(?:days?|weeks?|fortnight|months?|years?)\s+ago\b|"
                           r"\blast\s+(?:week|month|year)\b", re.I)  # "... at Kuyello village about a fortnight ago"


def wording(match: Match) -> str:
    """How the text names it: "village", "town", "settlement", "district" (no rows: a district nothing holds), or ""."""
    before = _VILLAGE_BEFORE.search(match.before)
    if before:
        return (before.group("word") or "village").lower()
    after = VILLAGE_AFTER.match(match.after)
    if after:
        return next((w for w in ("settlement", "hamlet", "town") if re.search(rf"\b{w}\b", after.group(), re.I)),
                    "village")
    if _DISTRICT_AFTER.match(match.after):  # a name nothing holds, or only towns abroad do ("Khyber": Heber, Utah)
        return "district"
    return ""


#: Words that open a sentence before "village" without naming one: "Another village in the nearby commune ...".
_NOT_NAMES = frozenset("another the a an one this that each every no any some other neighbouring neighboring nearby "
                       "remote local border frontline small same".split())


#: "the RSF-controlled town of Malha": who holds it, not its name.
_HELD_BY = re.compile(r"-(?:controlled|held|run|occupied|based|led|backed|affiliated|linked)$", re.I)


#: "Local people found nine bodies on Friday in the village of Elake Nord": where the dead were found.
_BODIES = re.compile(r"\b(?:found|discovered|recovered|retrieved)\b[^.;]{0,40}?\b(?:bod(?:y|ies)|corpses?)\b", re.I)


def is_village(match: Match) -> bool:
    """Named with village wording in a sentence about the incident, not as background or another attack."""
    return bool(wording(match) and match.text.casefold() not in _NOT_NAMES and not _HELD_BY.search(match.text)
                and (INCIDENT_CUE.search(match.sentence.norm) or _BODIES.search(match.sentence.norm))
                and not _OTHER_BEFORE.search(match.before)
                and not _OTHER_ATTACK.search(match.sentence.norm)
                and not (match.background or match.other or match.source))


def stand_ins(candidates: list[Match], matches: list[Match], totals: dict[tuple, float]) -> list[StandIn]:
    """The villages among ``candidates`` (unresolved or dropped names) and the region each stands in for.

    The region is the one named in the village's own sentence (the nearest
    after it, else before it); else the region the article names most as
    the incident's; else the region whose official the opening lines quote.
    A village with no region to stand in for is left out (its name stays in
    the unresolved list).
    """
    regions = [m for m in matches if m.kind == "town" and m.region_word and m.row is not None
               and not m.source and not m.background] or [
        # named only in who reports it ("The governor of western Russia's Bryansk region said"): his region
        m for m in matches if m.kind == "town" and m.region_word and m.row is not None and m.source
        and m.sentence.index <= 2]
    out: dict[str, StandIn] = {}
    for match in candidates:
        comma = None if wording(match) else _comma_town(match, matches)
        if not (is_village(match) or comma is not None) or _names_region(match, regions):
            continue
        if wording(match) == "district" and any(
                m.kind == "town" and not m.region_word and not m.unit and m.sentence is match.sentence
                and m.end <= match.start for m in matches):
            continue  # "13 km east of Khaar town in Bajaur District": the district says where the town is
        # "the village of X in the Kupiansk district": near the district's town, as the district names it
        unit = comma or next((m for m in matches if m.kind == "town" and m.unit and m.row is not None
                              and m.sentence is match.sentence and m.start >= match.end and not m.source), None)
        own = [m for m in regions if m.sentence is match.sentence]
        after = [m for m in own if m.start >= match.end]
        if unit is None and not regions:
            continue
        region = unit or (after[0] if after else (own[-1] if own else max(
            regions, key=lambda m: (totals.get(place_key(m), 0.0), -m.sentence.index))))
        rank = 2 if unit else (1 if own else 0)  # the most telling mention says where: district, region, the story's
        known = out.get(match.text)
        if known is None:
            out[match.text] = StandIn(match, place_key(region), region, _score(match), rank, wording(match) or "village")
            continue
        known.score += _score(match)  # named twice as the village: counts twice, as a town's mentions add up
        if rank > known.rank:
            known.match, known.key, known.region, known.rank = match, place_key(region), region, rank
    for village in out.values():
        village.area, village.area_name = _district_rows(village.match, candidates, village.key)
    # A village outweighs only a town named less strongly in any one mention: "the killing of 20 people at Dogon
    # Dawa village ... a fortnight ago" does not displace "an attack on Kaboro community" in the lead.
    return [v for v in out.values() if v.score > max(
        (mention_score(m) for m in matches if m.kind == "town" and m.row is not None and not m.region_word
         and not _same_area(place_key(m), v.key)), default=0.0)]


def _comma_town(match: Match, matches: list[Match]) -> Match | None:
    """ "has killed two people ... in Chitoio, Macomia, in Cabo Delgado": a name nothing holds, then a town after a
    comma, in a sentence about the attack, is a village of that town's district (the town, as wide as a district)."""
    town = next((m for m in matches if m.kind == "town" and m.row is not None and not m.region_word
                 and m.sentence is match.sentence and re.fullmatch(r",\s*", match.sentence.norm[match.end:m.start])),
                None)
    if town is None or town.background or town.other or town.source or not re.search(
            r"\b(?:in|at|near)\s+$", match.before) or not (INCIDENT_CUE.search(match.sentence.norm)) or \
            match.background or match.other or match.source or match.text.casefold() in _NOT_NAMES:
        return None
    return dataclasses.replace(town, unit=town.unit or "district")


def _names_region(match: Match, regions: list[Match]) -> bool:
    """ "raid on Kashmir village" with "Jammu and Kashmir state", "Zamfara village" with "Zamfara state": the
    region the village is in, written before the word "village", not the village's name."""
    if wording(match) == "district":
        return False  # "Khyber district" in "Khyber Pakhtunkhwa": a district of its own
    words = f" {match.text.casefold()} "
    return any(words in f" {region.text.casefold()} " for region in regions)


def _district_rows(match: Match, candidates: list[Match], key: tuple) -> tuple[np.ndarray | None, str]:
    """The listed villages of the district named with ``match`` ("Debiro village located in Hawul district of
    Borno state": the villages the bundled list gives for Hawul), or (None, "") when there are none.

    Only the village lists below GeoNames' floor (Nigeria's local government
    areas, Myanmar's townships) say which district a village is in.
    """
    if key[0] != "region":
        return None, ""
    district = match if wording(match) == "district" else next(
        (d for d in candidates if d.sentence is match.sentence and d.start >= match.end
         and _DISTRICT_AFTER.match(d.after)), None)
    if district is None:
        return None, ""
    frame = places()
    inside = np.flatnonzero((frame["country"] == key[1]) & (frame["admin1code"] == key[2]))
    admin2 = frame["admin2"][inside]
    want = normalize_name(district.text)
    names = [a for a in set(admin2.tolist()) if isinstance(a, str) and a and normalize_name(a) == want]
    if not names:
        return None, ""
    word = _DISTRICT_AFTER.match(district.after).group().strip()
    return inside[np.isin(admin2, names)], f"{district.text} {word}"


def _same_area(town: tuple, key: tuple) -> bool:
    """The town is the district's town the village stands near, or lies in the region it stands in for."""
    if town == key:
        return True
    if key[0] != "region":
        return False
    frame = places()
    return (frame["country"][town[1]], frame["admin1code"][town[1]]) == key[1:]


def _score(match: Match) -> float:
    """As :func:`~geo.input.extract._places.score_roles` scores a town: event words, "the village of", the lead."""
    score = 2.0 + 2.0  # an incident sentence; village wording counts as "the village of"
    if match.sentence.index <= 1 or match.lead:
        score += 1.0
    if with_deaths(match.sentence):
        score += 1.0  # named with the dead, as a town is
    return score


def describe(stand_in: StandIn, region_text: str) -> tuple[str, str]:
    """(description, reason) of a location that stands for a village the gazetteer lacks.

    ``region_text`` is the region ("Kursk region") or, for a village named
    with its district, how the district's town locates it ("in the Kupiansk district, around Kupyansk").
    """
    name = stand_in.match.text
    note = stand_in.match.uncertain
    why = "not in the bundled gazetteer"
    if "villages called" in note:  # "2 villages called 'Kaimari' in the story's area; the text does not say which"
        why = note[note.rindex("; ", 0, note.index("villages called")) + 2 if "; " in note[:note.index(
            "villages called")] else 0:].replace("; ", ", ")
    unit = stand_in.region if stand_in.key[0] == "town" else None
    what = f"{name} district" if stand_in.word == "district" else f"{stand_in.word} {name}"
    if unit is not None:  # "village Obukhivka (not in the bundled gazetteer) in the Kupiansk district, around Kupyansk"
        description = f"{what} ({why}) {region_text}"
    else:
        description = f"{what} ({why}): located only to {region_text}"
    whole = f"the circle is the whole {region_text}" if unit is None else "the circle is around the district's town, as wide as most districts"
    reason = f"the text names the {what} as the incident's place; {why}, so {whole}, not the {stand_in.word}"
    return description, reason


#: How far from a town the article names a place found by its name's first word may lie.
_FIRST_WORD_M = 60_000.0


def by_first_word(candidates: list[Match], matches: list[Match]) -> list[Match]:
    """Names nothing matched that are the first word of one place near a town the article names.

    "in Taza, a predominantly Turkmen town" in a story of "a town south of
    Kirkuk": the gazetteer holds Tazah Khurmatu 20 km from Kirkuk (and a
    Taza in Morocco). Only names with place wording in a sentence about the
    incident, only places (of two or more words) whose first word has the
    name's consonant key, within 60 km of a named town of the same country,
    and only when exactly one place qualifies. The match becomes that town,
    marked uncertain.
    """
    anchors = [m for m in matches if m.kind == "town" and m.row is not None and not m.region_word and not m.unit]
    if not anchors:
        return []
    frame = places()
    out = []
    for match in candidates:
        if not is_village(match) or match in out:
            continue
        key = consonant_key(match.text)
        if not key or " " in key:
            continue
        rows = []
        for country in dict.fromkeys(str(frame["country"][m.row]) for m in anchors):
            keys, country_rows = first_word_keys(country)
            rows.extend(int(r) for r in country_rows[keys == key])
        rows = [r for r in rows if len(str(frame["name"][r]).split()) >= 2]
        if not rows:
            continue
        lon, lat = np.asarray(frame["lon"], dtype=float), np.asarray(frame["lat"], dtype=float)
        ref = np.asarray([m.row for m in anchors], dtype=int)
        from geo.geodesy import geodesic_inverse  # pyproj loads only for the articles that measure

        metres = geodesic_inverse(lon[rows][:, None], lat[rows][:, None], lon[ref], lat[ref])[0]
        near = [r for r, d in zip(rows, metres.min(axis=1), strict=True) if d <= _FIRST_WORD_M]
        if len(near) != 1:
            continue
        match.kind, match.rows, match.row, match.primary, match.variant = "town", np.asarray(near), near[0], False, True
        match.uncertain = (f"{match.text!r} read as {frame['name'][near[0]]}, the one place whose name begins so within "
                           f"{_FIRST_WORD_M / 1000:.0f} km of a town the article names")
        out.append(match)
    return out
