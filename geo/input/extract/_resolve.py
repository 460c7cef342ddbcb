"""Which place a name stands for: the article's countries and regions decide.

* :func:`country_weights`: how much the article is about each country.
* :func:`resolve_variants`: names nothing matched, tried in their other
  spellings ("Graivoron" -> Grayvoron, "Bint Jbeil" -> Bent Jbaïl) within
  the article's countries.
* :func:`resolve_towns`: for a name held by several places, the one in the
  countries the article is about and in the region named with it
  ("Zolochiv in the Kharkiv region" is not Zolochiv in Lviv oblast).
* :func:`merge_region_names`: "troops on the ground in Idlib" in an article
  that says "the Idlib region" means the region, not Idlib city.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from geo.input.extract._gazetteer import candidates_for, places
from geo.input.extract._mention import INCIDENT_CUE, Match
from geo.input.extract._variants import district_towns, spellings, variant_rows
from geo.reference._fold import skeleton
from geo.reference.gazetteer import BUNDLED_FLOOR, normalize_name

__all__: list[str] = []


def country_weights(matches: list[Match]) -> dict[str, float]:
    """How much the article is about each country: names 1, adjectives and unambiguous towns 0.5."""
    weights: dict[str, float] = defaultdict(float)
    frame = places()
    for match in matches:
        if match.kind == "country":
            weights[match.code] += 1.0
        elif match.kind == "demonym":
            weights[match.code] += 0.5
        elif match.kind == "town" and not match.variant:
            codes = set(frame["country"][match.rows])
            big = int(frame["population"][match.rows].max()) >= 15_000
            placed = match.context in ("strong", "prep", "near", "offset")
            if len(codes) == 1 and (match.primary or (big and placed)):
                # A source's place ("the Kharkiv regional governor") tells the country too, less strongly.
                weights[codes.pop()] += 0.25 if match.source else 0.5
    return dict(weights)


def resolve_variants(pending: list[Match], weights: dict[str, float], matches: Sequence[Match] = ()
                     ) -> tuple[list[Match], list[tuple[str, str]]]:
    """Names nothing matched, tried as respellings and by consonant key in the article's countries.

    A consonant key is loose, so it is tried only in the countries the article places events in ("in southern
    Lebanon") when it names any that way: "Israeli drone", "a threat to Israel" name the attacker's country, and
    "Shihine" is not Shekhanya in Israel. Returns the new town matches and the names that stay unresolved (name,
    sentence).
    """
    countries = [c for c, w in sorted(weights.items(), key=lambda kv: -kv[1]) if w > 0][:4]
    located = {m.code for m in matches if m.kind == "country" and m.context in ("strong", "prep", "near")}
    keyed = [c for c in countries if c in located] or countries
    frame = places()
    found, left = [], []
    for match in pending:
        rows = np.empty(0, dtype=int)
        how = "a respelling"
        # "the Sudzhansky district": the district of Sudzha, named by its adjective
        for other in (district_towns(match.text) if match.unit else []) + spellings(match.text):
            rows = candidates_for(other)
            if rows.size:
                how = "the district's adjective" if other not in spellings(match.text) else how
                break
        if not rows.size and countries:
            rows, how = variant_rows(match.text, keyed), "a transliteration variant"
        if rows.size:  # another spelling is only trusted inside the article's countries (or in one country)
            codes = frame["country"][rows]
            rows = rows[np.isin(codes, countries)] if countries else (rows if len(set(codes)) == 1 else rows[:0])
        if not rows.size:
            left.append((match.text, match.sentence.text))
            continue
        match.kind, match.rows, match.primary, match.variant = "town", np.asarray(rows, dtype=int), False, True
        names = sorted(set(frame["name"][match.rows]))
        match.uncertain = f"{match.text!r} read as {how} of {', '.join(names[:3])}"
        found.append(match)
    return found, left


#: What may stand between a place and the region that holds it: "Nyaung Kone village in the Sagaing region",
#: "Dvorichna in Kupyansk district, Kharkiv region", "Kharkiv region: Zolochiv".
_REGION_LINK = re.compile(r"(?:'s)?\s*(?:(?:village|town|city|settlement|community|township|district|raion)\b\s*)?"
                          r"(?:(?:,\s*)?(?:in|of|within)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}|,\s*(?:the\s+)?(?:[\w'-]+\s+)?|"
                          r":\s*)?", re.I)


def _region_areas(match: Match, matches: list[Match]) -> set[tuple[str, str]]:
    """(country, admin1) of the regions named in the same sentence as ``match`` ("... in the Kharkiv region")."""
    frame = places()
    areas = set()
    for other in matches:
        if other is match or other.sentence is not match.sentence or other.kind != "town" or not (
                other.region_word or other.unit):
            continue
        text = match.sentence.norm
        if not (match.end <= other.start and _REGION_LINK.fullmatch(text[match.end:other.start])) and not (
                other.end <= match.start and _REGION_LINK.fullmatch(text[other.end:match.start])):
            continue  # "... in Diwaniya also came after ... in the southern oil region of Basra": another clause
        for row in other.rows:
            areas.add((frame["country"][int(row)], frame["admin1code"][int(row)]))
    return areas


def _keep_variant(match: Match, matches: list[Match], weights: dict[str, float]) -> bool:
    """Keep a transliteration variant only in the article's countries and in a region it names, if any."""
    frame = places()
    country = frame["country"][match.rows]
    admin1 = frame["admin1code"][match.rows]
    if weights:
        keep = np.array([weights.get(c, 0) > 0 for c in country])
    else:  # nothing else says which country: only a variant that points to one country
        keep = np.full(country.size, len(set(country)) == 1)
    named = {(frame["country"][int(r)], frame["admin1code"][int(r)])
             for m in matches if m.kind == "town" and (m.region_word or m.unit) and not m.variant for r in m.rows}
    named = {area for area in named if area[0] in set(country[keep])}
    if named:
        keep &= np.array([(c, a) in named for c, a in zip(country, admin1, strict=True)])
    match.rows = match.rows[keep]
    if match.rows.size and " read as " not in (match.uncertain or ""):  # said once, as found
        names = sorted(set(frame["name"][match.rows]))[:3]
        note = f"{match.text!r} read as a transliteration variant of {', '.join(names)}"
        match.uncertain = "; ".join(r for r in (match.uncertain, note) if r)
    return bool(match.rows.size)


def resolve_towns(matches: list[Match], weights: dict[str, float]) -> None:
    """Choose a gazetteer row for each town match, preferring the article's countries and named regions.

    A name known only as an alternate name of towns in countries the article
    never mentions is dropped from ``matches``.
    """
    frame = places()
    total = sum(weights.values()) or 1.0
    country = frame["country"]
    admin1 = frame["admin1code"]
    population = frame["population"]
    names = frame["name"]
    dropped = []
    # Regions the article names as places: "Semenivka" in a story about the Chernihiv region is the Chernihiv one.
    named_areas = {(country[int(r)], admin1[int(r)]) for m in matches if m.kind == "town" and m.region_word
                   and not m.source and not m.background for r in m.rows}
    for match in matches:
        if match.kind != "town":
            continue
        key = normalize_name(match.text)
        if not match.primary and weights and not any(weights.get(c, 0) for c in country[match.rows]):
            dropped.append(match)  # "Borno" is an alternate name of Borna (Germany) in a story about Nigeria
            continue
        if match.unit and not _unit_seats(match):
            dropped.append(match)  # "Pale Township": a township, not one of the villages called Pale
            continue
        if _foreign_only(match, matches) or not _near_anchor(match, matches):
            dropped.append(match)  # "Pale Township" in a story about Myanmar is not Pale in Bosnia
            continue
        if match.variant and not _keep_variant(match, matches, weights):
            dropped.append(match)  # "Sawana" is not Savana in Madagascar, "Magarya" not Magaria in Niger
            continue
        # A name means one place throughout: the region named with it anywhere ("Zolochiv in the Kharkiv
        # region") also settles the headline's bare "Zolochiv".
        areas = set().union(*(_region_areas(m, matches) for m in matches
                              if m.kind == "town" and not m.region_word and normalize_name(m.text) == key))
        codes = set(country[match.rows])
        areas = {area for area in areas if area[0] in codes}  # "Pale Township" abroad says nothing
        if areas and not match.region_word and not match.unit and not any(
                (country[r], admin1[r]) in areas for r in match.rows):
            dropped.append(match)  # "Nyaung Kone village in the Sagaing region": not the Nyaung Gon of Yangon
            continue
        if not areas and not match.region_word and not match.unit and _outside_named_regions(match, matches):
            dropped.append(match)  # a village of that name elsewhere in the country the story is not about
            continue
        if not match.region_word and not match.unit and _ambiguous_villages(match, areas, matches, weights):
            dropped.append(match)  # "Nyaung Kone village": dozens of villages so called in Sagaing Region
            continue
        scores = []
        loose = skeleton(match.text)
        nearest = _nearest_to_district(match, matches, weights)
        for row in match.rows:
            share = weights.get(country[row], 0.0) / total
            # the place's own name as written counts most; another spelling of it ("Sloviansk" for Slovyansk)
            # still outweighs a mere alternate name (Nikopol's "Slov'yansk", a name it bore in the 1780s)
            primary = 1.0 if normalize_name(names[row]) == key else 0.5 if skeleton(names[row]) == loose else 0.0
            in_area = 3.0 if (country[row], admin1[row]) in areas else (
                1.5 if (country[row], admin1[row]) in named_areas else 0.0)
            scores.append(4.0 * share + 0.5 * math.log10(max(population[row], 1)) + primary + in_area
                          + (2.0 if row == nearest else 0.0))
        order = np.argsort(scores)[::-1]
        match.row = int(match.rows[order[0]])
        if len(order) > 1:
            second = int(match.rows[order[1]])
            if country[second] != country[match.row] and scores[order[0]] - scores[order[1]] < 1.0:
                note = (f"{match.text!r} is also a town in {country[second]}; chose {names[match.row]} "
                        f"({country[match.row]}) from the article's countries and population")
                match.uncertain = "; ".join(r for r in (match.uncertain, note) if r)
    # "Boma County" dropped as a name no place of the article's countries has: the bare "Boma's deputy commander"
    # of the same story is that county too, not the Congolese city.
    named_units = {normalize_name(m.text) for m in dropped if m.region_word or m.unit}
    dropped += [m for m in matches if m.kind == "town" and m not in dropped and not (m.region_word or m.unit)
                and normalize_name(m.text) in named_units and _foreign_only(m, matches, named=True)]
    for match in dropped:
        matches.remove(match)


#: "the village of X, Y district", "X in the Y district": the district named right after the village.
_IN_DISTRICT = re.compile(r"^\s*(?:,\s*|\s+(?:in|of)\s+)(?:the\s+)?$", re.I)
#: A district's villages lie this close to the town it is named after (Ukraine's raions average 4,400 km²).
_DISTRICT_REACH_M = 60_000.0


def _nearest_to_district(match: Match, matches: list[Match], weights: dict[str, float]) -> int | None:
    """Of a village's namesakes, the one nearest the town its district is named after, within 60 km.

    "the village of Slobozhanske, Kharkiv district": Kharkiv oblast has five
    Slobozhanskes; the largest lies in another district, the one 24 km from
    Kharkiv is the one meant. Any mention of the name with its district counts
    for every mention (a name means one place throughout the story).
    """
    key = normalize_name(match.text)
    towns = []
    for m in matches:
        if m.kind != "town" or m.region_word or m.unit or normalize_name(m.text) != key:
            continue
        # "Kharkiv district" reads as a region word on a region's name: a district (raion) all the same
        towns += [u for u in matches if (u.unit or u.region_word in ("district", "raion")) and u.kind == "town"
                  and u.sentence is m.sentence and u.rows.size
                  and u.start >= m.end and _IN_DISTRICT.match(m.sentence.norm[m.end:u.start])]
    if not towns or match.rows.size < 2:
        return None
    from geo.geodesy import geodesic_inverse  # pyproj loads only for the articles that measure

    frame = places()
    lon, lat = np.asarray(frame["lon"], dtype=float), np.asarray(frame["lat"], dtype=float)
    seats = []
    for town in towns:  # the district's town: its largest namesake in the story's countries
        rows = [int(r) for r in town.rows if weights.get(frame["country"][int(r)], 0) > 0] or [int(r) for r in town.rows]
        seats.append(max(rows, key=lambda r: int(frame["population"][r])))
    rows = np.asarray(match.rows, dtype=int)
    metres = geodesic_inverse(lon[rows][:, None], lat[rows][:, None], lon[seats], lat[seats])[0].min(axis=1)
    best = int(np.argmin(metres))
    return int(rows[best]) if metres[best] <= _DISTRICT_REACH_M else None


def _outside_named_regions(match: Match, matches: list[Match]) -> bool:
    """A village (under 20,000 people) whose every namesake lies outside the regions the story names.

    "Nyaung Kone village" in a story about "Pale Township, Sagaing Region":
    the only Nyaung Gon GeoNames holds is in Yangon Region, so the village
    is one the gazetteer lacks. Regions named as places count (not "the
    Kharkiv regional governor"); when the story names none, the region whose
    official is the opening lines' source ("the governor of Russia's Bryansk
    region said"). Only regions in the village's countries count.
    """
    frame = places()
    country, admin1, population = frame["country"], frame["admin1code"], frame["population"]
    if not match.rows.size:
        return False
    codes = set(country[match.rows])
    titles = [m for m in matches if m.kind == "town" and m.region_word and m.rows.size]
    regions = [m for m in titles if not m.source]
    # a region named in the opening lines, even as background ("Russian forces have been attacking the Kherson
    # region since dawn"), is still the story's region when it names no other; else the region whose official
    # reports the attack ("The governor of western Russia's Bryansk region said"): a governor tells of his own
    told = [m for m in regions if not m.background] or [m for m in regions if m.sentence.index <= 2] or \
        [m for m in titles if m.source and m.sentence.index <= 2]
    named = {(country[int(r)], admin1[int(r)]) for m in told for r in m.rows}
    if named and not match.primary and not any(area[0] in codes for area in named):
        # "Rozhdestvenka" (an alternate name of Rizdvyanka, Ukraine) in a story of the Belgorod region
        return int(population[match.rows].max()) < 20_000
    named = {area for area in named if area[0] in codes}
    # only the namesakes in the story's country are weighed: Znamyanka (Ukraine, 22,000 people) does not make
    # "the village of Znamenka" in a story of the Bryansk region the Znamenka of the Oryol region
    home = [int(r) for r in match.rows if any(country[int(r)] == area[0] for area in named)]
    return bool(home) and int(population[home].max()) < 20_000 and not any((country[r], admin1[r]) in named
                                                                          for r in home)


def _unit_seats(match: Match) -> bool:
    """Keep, for "X Township" / "X district", only places that can be its seat: not the listed villages.

    The village lists below GeoNames' floor (negative ``geonameid``: MIMU's
    Myanmar, OpenStreetMap's Nigeria) hold villages that share a township's
    name ("Pale": four villages in Myanmar, none the seat of Pale Township).
    """
    rows = match.rows[places()["geonameid"][match.rows] >= 0]
    if rows.size:
        match.rows = rows
    return bool(rows.size)


#: Villages of one name farther apart than this are different villages, not one place listed twice.
_SAME_VILLAGE_M = 10_000.0


def _ambiguous_villages(match: Match, areas: set, matches: list[Match], weights: dict[str, float]) -> bool:
    """Several villages of this name, none with 500+ people, where the story is: which one, the text does not say.

    "Nyaung Kone village ... Pale Township, Sagaing Region": Myanmar's
    village list holds dozens of Nyaung Kone in Sagaing Region alone. Picking
    one would put the incident at a village up to hundreds of kilometres from
    the right one; dropped, the name stays unresolved and the region stands.
    A township or local government area the story names ("Pale Township",
    "Damboa LGA") narrows them to the villages listed in it: one left, the
    name is that village. Only the places in the regions named with this name
    count, else those in the regions the story names (as places), else those
    in its countries; a town (500+ people) among them makes the name no village.
    """
    frame = places()
    rows = np.asarray(match.rows, dtype=int)
    country, admin1 = frame["country"][rows], frame["admin1code"][rows]
    if not areas:
        areas = {(frame["country"][int(r)], frame["admin1code"][int(r)]) for m in matches
                 if m.kind == "town" and m.region_word and not m.source and not m.background and m.rows.size
                 for r in m.rows}
        areas = {area for area in areas if area[0] in set(country)}
    if areas:
        here = np.array([(c, a) in areas for c, a in zip(country, admin1, strict=True)], dtype=bool)
    else:
        here = np.array([weights.get(c, 0) > 0 for c in country], dtype=bool) if weights else np.ones(rows.size, bool)
    rows = rows[here]
    if rows.size < 2 or int(frame["population"][rows].max()) >= BUNDLED_FLOOR:
        return False
    units = {normalize_name(m.text) for m in matches if m.unit and m is not match}
    within = rows[np.array([normalize_name(a) in units for a in frame["admin2"][rows]], dtype=bool)]
    if within.size:  # "Nyaung Kone village ... Pale Township": the Nyaung Kone of Pale Township
        rows = within
    if _one_village(frame, rows):
        if within.size:
            match.rows = within
        return False
    note = f"{rows.size} villages called {match.text!r} in the story's area; the text does not say which"
    match.uncertain = "; ".join(r for r in (match.uncertain, note) if r)
    return True


def _one_village(frame, rows: np.ndarray) -> bool:
    """True when the places at ``rows`` lie within ``_SAME_VILLAGE_M`` of the first: one village, listed twice."""
    from geo.geodesy import geodesic_inverse  # pyproj loads only for the articles that measure

    lon, lat = np.asarray(frame["lon"], dtype=float)[rows], np.asarray(frame["lat"], dtype=float)[rows]
    return float(np.max(geodesic_inverse(lon[:1], lat[:1], lon, lat)[0])) <= _SAME_VILLAGE_M


def _foreign_only(match: Match, matches: list[Match], named: bool = False) -> bool:
    """Every place of this name lies in countries that only this name points to, in a story about others.

    "Pale Township, Sagaing Region" when GeoNames holds no Pale in Myanmar,
    "South Lebanon" (a village in Ohio) in a title-case headline, "Borno"
    (Italy) beside "Borno State": such a name is a place the gazetteer
    lacks, not a town abroad. Big cities are kept (a story may name them), but not a name followed by a region
    or unit word that no region of the article's countries has: "Soum province" in Burkina Faso is not Soum in
    Senegal, "Boma County" in South Sudan not the city of Boma in Congo.
    """
    frame = places()
    codes = set(frame["country"][match.rows])
    if match.regional:
        # "Nigeria's North West region": the region of the country named with it; none there is a region the
        # gazetteer lacks, not Cameroon's North-West
        owner = next((m for m in matches if m.kind == "country" and m.sentence is match.sentence
                      and _POSSESSED.fullmatch(match.sentence.norm[m.end:match.start])), None)
        return owner is not None and owner.code not in codes
    key = normalize_name(match.text)
    if int(frame["population"][match.rows].max()) >= 200_000 and not (named or match.region_word or match.unit):
        return False
    # Countries named or holding other named towns; not nationality adjectives ("Russian troops shelled Kherson").
    others = country_weights([m for m in matches if normalize_name(m.text) != key and m.kind != "demonym" and (
        m.kind != "town" or m.rows.size)])
    return max(others.values(), default=0.0) >= 1.0 and not any(others.get(c, 0.0) > 0 for c in codes)


#: Between a country and a region it holds: "Cameroon's volatile Northwest region", "Nigeria's North West region".
_POSSESSED = re.compile(r"'s?\s+(?:[a-z][\w-]*\s+){0,3}")

_NEAR_NEXT = re.compile(r"^\s*,?\s*(?:near|outside|close to|not far from)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$",
                        re.I)


#: "the village of X in the Krasnopillia community": a Ukrainian hromada, named after its seat, a few dozen km across.
_IN_COMMUNITY = re.compile(r"^\s*,?\s*(?:in|of)\s+(?:the\s+)?$", re.I)
_COMMUNITY_AFTER = re.compile(r"^\s+(?:(?:territorial|rural|urban|village|settlement)\s+)?(?:community|hromada)\b", re.I)


def _near_anchor(match: Match, matches: list[Match]) -> bool:
    """ "the village of X near Belgorod": keep only the places of that name within 60 km of Belgorod.

    "the village of X in the Y community": within 30 km of Y, the community's seat. Returns False when none is
    (the village is one the gazetteer lacks: the anchor town then stands for it, with its "near" wording).
    """
    between = match.sentence.norm
    anchor = next((m for m in matches if m is not match and m.sentence is match.sentence and m.kind == "town"
                   and m.start >= match.end and _NEAR_NEXT.match(between[match.end:m.start])), None)
    reach = 60_000.0
    if anchor is None:
        anchor = next((m for m in matches if m is not match and m.sentence is match.sentence and m.kind == "town"
                       and not m.variant  # a respelt name ("Bilozerska": Beloozyorskiy) is too loose an anchor
                       and m.start >= match.end and _IN_COMMUNITY.match(between[match.end:m.start])
                       and _COMMUNITY_AFTER.match(m.after)), None)
        reach = 30_000.0
    if anchor is None or not anchor.rows.size:
        return True
    from geo.geodesy import geodesic_inverse  # pyproj loads only for the articles that measure

    frame = places()
    lon, lat = np.asarray(frame["lon"], dtype=float), np.asarray(frame["lat"], dtype=float)
    ref = anchor.rows[:5] if reach > 30_000.0 else anchor.rows  # a community: any seat of its name
    rows = np.asarray(match.rows, dtype=int)
    # One call for every namesake against every anchor row: (namesakes, anchors) metres.
    metres = geodesic_inverse(lon[rows][:, None], lat[rows][:, None], lon[ref], lat[ref])[0]
    keep = rows[metres.min(axis=1) <= reach]
    if keep.size:
        match.rows = keep
    else:
        anchor.boost = max(anchor.boost, 1.0)
    return bool(keep.size)


def merge_region_names(matches: list[Match]) -> None:
    """A bare name that the article also names as a region ("the Idlib region") stands for the region.

    Only where the bare name has no town wording of its own ("the city of",
    "20 km north of"): "the city of Belgorod" stays the city.
    """
    frame = places()
    regions = {}
    for match in matches:
        if match.kind == "town" and match.region_word and not match.source and not match.background and \
                match.row is not None:
            regions[normalize_name(match.text)] = match
    for match in matches:
        named = regions.get(normalize_name(match.text))
        if named is None or match.kind != "town" or match.region_word or match.context in ("strong", "offset"):
            continue
        if INCIDENT_CUE.search(match.sentence.norm) and not match.sentence.headline and not match.after.startswith(
                "'s") and not re.match(
                r"\s+(?:villages?|villagers|countryside)\b", match.after):  # "kills nine in Sagaing village"
            continue  # "the attack on ... in Kharkiv killed a man": the city, even beside "Kharkiv Oblast"
        if match.row is not None and (frame["country"][match.row], frame["admin1code"][match.row]) != (
                frame["country"][named.row], frame["admin1code"][named.row]):
            continue
        match.region_word, match.row = named.region_word, named.row
