"""How a place's mention reads: in it, near it, an offset from it, only background, or part of a source's name.

A :class:`Match` is a name found in a sentence before disambiguation; :func:`read_context` reads the words
around it ("the village of X", "near X", "10 km north of X", "its border with X", "the Ministry of Health in
X", "taken to a hospital in X") into the match's fields, which ``_roles`` then weighs. The patterns that other
steps also test (``STRONG``, ``NEAR``, ``PREP``, ``REGION_AFTER``, ``REGION_BEFORE``, ``INCIDENT_CUE``) live
here so that every step reads a mention the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from geo.input.extract._context import HOSPITAL, SEPARATE
from geo.input.extract._names import DIRECTION_WORDS, REGION_WORDS, SMALL_UNITS
from geo.input.extract._regions import region_rows
from geo.input.extract._text import Sentence

__all__: list[str] = []

#: Words in a sentence that make it about the incident itself.
INCIDENT_CUE = re.compile(
    r"\b(hit|hits|struck|strikes?|striking|attack(?:ed|s|ers)?|bomb(?:ed|ing|s)?|shell(?:ed|ing)|explo(?:sion|ded|sive)s?|"
    r"blasts?|killed|killing|kills|injur\w*|wound\w*|dead|died|deaths?|crash(?:ed)?|destroy\w*|damag\w*|"
    r"detonat\w*|raid(?:ed|s)?|storm(?:ed|ing)|ambush(?:ed|es)?|targeted|targeting|opened fire|gunmen|fell|landed|occurred|happened|took place|rocket\w*|missiles?|"
    r"drones?|artillery|mortars?|fire|fired (?:on|at|upon|into)|firing|shooting|torched|set ablaze)\b", re.I)
STRONG = re.compile(r"\b(?:city|town|village|settlement|hamlet|suburb|port|district|neighbou?rhood|centre|center|"
                     r"heart|streets|cities|towns|villages|settlements|camp|residents?)\s+of\s+(?:the\s+)?$|"
                     r"(?<!near )(?<!outside )(?:'s|\bthe)\s+(?:state\s+|provincial\s+|regional\s+)?capital\s+of\s+$|"
                     r"\b(?:took place|occurred|happened)\s+in\s+(?:the\s+)?$", re.I)  # "The blast took place in Chaman"
# A name inside the name of whoever speaks: "the Ministry of Health in Gaza", "the Kharkiv regional governor" (not
# "killed in the department of Huila": Colombia's region).
_SOURCE_BEFORE = re.compile(r"\b(?:ministry|ministry of (?:health|interior|defen[cs]e)|(?<!in the )department|directorate|office|"
                            r"university|authorities|command|council|governor|mayor|police|spokes(?:person|man|woman)|"
                            r"commissioner)\s+(?:of|in|for)\s+"
                            r"(?:the\s+)?$", re.I)
_SOURCE_AFTER = re.compile(r"^(?:'s)?\s+(?:(?:regional|district|provincial|city|state|oblast|local|military|civil|"
                           r"health|emergency)\s+){0,3}(?:governor|governor's|administration|prosecutor\w*|police|"
                           r"ministry|office|directorate|council|mayor|authorities|officials?|spokes\w+|"
                           r"Teaching Hospital|University|Independence Army|National Front)\b", re.I)
# "the head of Goncharovo rural settlement in the Sudzha district of Kursk region": whom a person heads, not where.
_TITLE_OF = re.compile(r"\b(?:head|chief|mayor|governor|chairman|chairwoman|leader|deputy head)\s+of\s+"
                       r"(?:(?!\b(?:said|says|wrote|reported|told|announced|killed|hit|struck|shelled|attacked|was|were)\b)"
                       r"[^,.;:()\"])*$", re.I)
# "the Diwaniya governor's house": a building, where the incident was, not who speaks.
_PREMISES = re.compile(r"^(?:'s)?(?:\s+[\w-]+){0,2}?\s+(?:governor|mayor|police|administration)'s\s+(?:house|home|"
                       r"residence|compound|palace|office|convoy|car|guards?)\b", re.I)
NEAR = re.compile(r"\b(?:near|outside|close to|outskirts of|edge of|not far from|vicinity of|(?:near|outside) (?:the )?"
                   r"(?:[\w-]+ ){0,2}?(?:city|town|village) of|(?:near|outside) the (?:provincial |state |regional )?"
                   r"capital(?: city)?(?: of)?)\s+(?:the\s+)?$", re.I)
PREP = re.compile(r"\b(?:in|at|on|into|over|across|inside|within|onto|targeting|targeted|hit|struck|shelled|bombed)\s+"
                   r"(?:the\s+)?(?:(?:" + "|".join(DIRECTION_WORDS) + r")\s+)?$", re.I)
_DIRECTIONS = {"north": 0, "northeast": 45, "north-east": 45, "east": 90, "southeast": 135, "south-east": 135,
               "south": 180, "southwest": 225, "south-west": 225, "west": 270, "northwest": 315,
               "north-west": 315}
_OFFSET = re.compile(r"(\d+(?:\.\d+)?)\s*(km|kilomet(?:er|re)s?|miles?|mi)\s+(?:\([^)]*\)\s+)?(?P<dir>"
                     + "|".join(sorted(_DIRECTIONS, key=len, reverse=True))
                     + r")\s+of\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", re.I)
_BACKGROUND = re.compile(r"\b(?:border(?:s|ing)?(?: with)?|annexation of|annexed|invasion of|invaded|war in|war with|"
                         r"conflict in|talks in|visit to|visited|trip to|flew from|launched from|fired from|based in|"
                         r"reporters in|embassy in|headquartered in|issued in|statement in|press conference in|speaking in|"
                         r"newsmen in|from|towards?|neighbou?ring|tensions? with|"
                         r"relations with|standoff with|allies of|ally|against|(?:north|south|east|west|north-?east|north-?west|"
                         r"south-?east|south-?west)\s+of)\s+(?:the\s+)?(?:(?:"
                         + "|".join(DIRECTION_WORDS) + r")\s+)?(?:(?:capital|city|town)(?:\s+of)?,?\s+)?$", re.I)
# "Kursk and Bryansk regions"; not "Mogadishu's local government offices" (a building, not the unit)
REGION_AFTER = re.compile(r"^\s*(?:'s\s+)?(" + "|".join(REGION_WORDS) + r")(?:s)?\b(?!\s+(?:government\s+)?(?:offices?|"
                           r"headquarters|buildings?|compound|secretariat|council|officials?|chairman)\b)", re.I)
REGION_BEFORE = re.compile(r"\b(" + "|".join(REGION_WORDS) + r")\s+of\s+(?:the\s+)?$", re.I)
#: "Imphal East district", "Karachi West district": a district named after its town and a compass word.
COMPASS_UNIT = re.compile(r"^\s+(?-i:East|West|North|South|Central)\s+(" + "|".join(sorted(SMALL_UNITS)) + r")\b", re.I)
# Where whoever speaks spoke ("addressing media in the city of Katsina", "at a press briefing in the state capital
# Yola"), and a landmark the place is located by ("Chaman ... located near the Afghan town of Spin Boldak").
_ASIDE_PLACE = re.compile(r"\b(?:(?:address(?:ing|ed)|told|briefing|briefed|speaking to|spoke to)\s+(?:the\s+)?(?:media|"
                          r"reporters|journalists|newsmen)|(?:press|news) (?:conference|briefing))\s+(?:in|at)\s+"
                          r"(?:the\s+)?(?:(?:city|town) of\s+|(?:state\s+)?capital(?:,|\s+of)?\s+)?$|"
                          r"\b(?:located|situated|lying|which lies|that lies)\s+(?:near|close to|next to|not far from|"
                          r"across (?:the border )?from)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:(?:city|town|village)\s+"
                          r"of\s+)?$|\b(?:residents?|villagers?|witness(?:es)?|sources?)\s+(?:in|at|of|from)\s+(?:the\s+)?"
                          r"(?:nearby|neighbou?ring)\s+(?:(?:city|town|village)\s+of\s+)?$", re.I)  # "a resident in nearby X"
# "A medical source at the Manaqil hospital": a hospital named after its town, unless the attack hit it.
_HOSPITAL_NAME = re.compile(r"^(?:'s?)?\s+(?:(?:general|teaching|district|regional|central|city|military|"
                            r"university|district headquarters|state)\s+)*hospital\b", re.I)
_ATTACKED = re.compile(r"\b(?:hit|hits|struck|(?:air|drone\s+)?strikes?\s+on|attacks?\s+on|attacked|targeted|targeting|"
                       r"bombed|shelled|raided|stormed|bombing\s+of|shelling\s+of)\b[^.;]{0,40}$", re.I)
_PRIOR_ATTACK = re.compile(r"\b(?:second|third|fourth|fifth|latest)\s+(?:such\s+)?(?:[\w-]+\s+)?(?:attack|bombing|blast|"
                           r"strike|explosion|assault)s?\b[^.;]{0,40}?\bafter\b|"
                           # "the latest in a string of dozens of attacks ... after it took control of the capital X"
                           r"\blatest\s+in\s+an?\s+(?:long\s+)?(?:string|series|spate|wave|run|line)\s+of\b", re.I)
_UNIT_OF = re.compile(r"\b(?:local government area|lga|district|tehsil|township|raion|county|municipality)\s+of\s+"
                      r"(?:the\s+)?$", re.I)
#: "Khyber Pakhtunkhwa's Khyber district", "Debiro village": a name whose unit word says it is a place.
# "an artillery strike south of Kherson", "a village north of Sumy": near the town, not background.
_DIRECTION_NEAR = re.compile(r"\b(?:strikes?|attacks?|shelling|bombing|blast|explosion|raid|village|settlement|"
                             r"road|highway)\b[^.;,]{0,30}?\b(?:north|south|east|west|north-?east|north-?west|"
                             r"south-?east|south-?west)\s+of\s+(?:the\s+(?:city|town)\s+of\s+)?$", re.I)
_HOME = re.compile(r"\((?:both\s+|all\s+)?(?:residents?|natives?|hailing)\s+(?:of|from)\b[^()]*$", re.I)  # "(residents of Rajanpur)"


@dataclass
class Match:
    """A name found in a sentence, before disambiguation."""

    sentence: Sentence
    start: int
    end: int
    text: str
    kind: str  # "country", "demonym", "town"
    code: str | None = None
    rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=int))
    region_word: str | None = None
    direction: str | None = None
    context: str = ""  # "strong", "near", "offset", "prep" or ""
    offset: tuple[float, float] | None = None  # (distance m, azimuth deg) from the town
    background: bool = False
    source: bool = False  # part of a claimant's name ("Ministry of Health in Gaza")
    other: bool = False  # in a sentence about another incident ("In a separate strike, ...")
    primary: bool = True
    regional: bool = False  # rows are regions' places, found by the region's own name
    unit: str | None = None  # "district", "tehsil", "LGA" named after a town: the town, with a wider circle
    variant: bool = False  # matched as a transliteration variant: only within the article's countries
    row: int | None = None  # chosen gazetteer row after disambiguation
    uncertain: str = ""
    boost: float = 0.0  # stands in for a village the gazetteer lacks ("the village of X near Belgorod")
    lead: bool = False  # in the headline or the article's first full sentence (after a date or byline line)
    quarter: str = ""  # a district of this city named beside it ("in the Hamarweyne district"): in the city

    @property
    def before(self) -> str:
        return self.sentence.norm[:self.start]

    @property
    def after(self) -> str:
        return self.sentence.norm[self.end:]


def read_context(match: Match, kinds: set[str] = frozenset()) -> Match:
    before = match.before
    offset = _OFFSET.search(before)
    if offset:
        value = float(offset.group(1))
        metres = value * (1609.344 if offset.group(2).lower().startswith("mi") else 1000.0)
        match.offset = (metres, float(_DIRECTIONS[offset.group("dir").lower()]))
        match.context = "offset"
    elif STRONG.search(before) and not NEAR.search(before):  # "near the city of Hama": near it, not in it
        match.context = "strong"
    elif NEAR.search(before):
        match.context = "near"
    elif PREP.search(before):
        match.context = "prep"
    direction = re.search(r"\b(" + "|".join(DIRECTION_WORDS) + r")\s+$", before, re.I)
    if direction:
        match.direction = direction.group(1).lower()
    match.background = bool(_BACKGROUND.search(before)) and match.context not in ("strong", "offset")
    if match.background and _DIRECTION_NEAR.search(before) and not match.sentence.headline:
        # "died in a strike on a village south of Kherson": near the city, counted as a place of the article's
        # attacks, but a bare direction places it less firmly than "near Beryslav" or "the village of X".
        match.background, match.context, match.boost = False, "near", match.boost - 2.0
    if _HOME.search(before) or _ASIDE_PLACE.search(before) or (_HOSPITAL_NAME.match(match.after) and not _ATTACKED.search(before)):
        match.background = True  # where the speaker spoke, a landmark, a hospital named after its town
    match.source = bool(_SOURCE_BEFORE.search(before) or _SOURCE_AFTER.match(match.after) or _TITLE_OF.search(
        before[-120:])) and not _PREMISES.match(match.after)
    hospital = HOSPITAL.search(match.sentence.norm) if "hospital" in kinds else None
    if hospital is not None and match.start >= hospital.start():
        match.background = True  # "taken to a hospital in Tyre"
    if kinds & {"caption", "cumulative", "earlier", "flyover"} or _PRIOR_ATTACK.search(before):
        match.background = True  # "It was the second attack in less than a week after ... in the city of Mardan"
    separate = SEPARATE.search(match.sentence.norm) if "separate" in kinds else None
    # "... near Quetta, while in a separate incident militants attacked ... in Mastung": only what follows
    match.other = separate is not None and match.start >= separate.start()
    region = REGION_AFTER.match(match.after) or REGION_BEFORE.search(before) or (
        COMPASS_UNIT.match(match.after) if match.kind == "town" and not match.regional else None)
    if not region and match.kind == "town" and _UNIT_OF.search(before) and region_rows(match.text).size:
        match.region_word = "region"  # "the Jibia local government area of Katsina": Katsina State
    elif region and match.kind in ("town", "unresolved"):
        word = region.group(1).lower()
        if word in SMALL_UNITS and not match.regional:
            # "the Hangu district", "Konduga LGA": a unit named after its main town; located near that town.
            match.unit = word
            if match.context not in ("strong", "offset"):
                match.context = "near"
        else:  # "Mamund tehsil of Khyber Pakhtunkhwa's Bajaur district": the province, not a tehsil
            match.region_word = "region" if word in SMALL_UNITS and not REGION_AFTER.match(match.after) else word
    return match

