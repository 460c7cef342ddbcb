"""Place names: match the article against the gazetteer, disambiguate, pick the incident's place.

Three steps, each a small function:

1. :func:`find_matches` scans capitalised word runs, longest first, against
   country names, nationality adjectives and the GeoNames gazetteer, and
   drops what is a person ("President Vladimir Putin"), an organisation
   ("Novaya Gazeta", "NATO") or a common word ("Of", "Nice").
2. :func:`resolve_towns` picks, for a name held by towns in several
   countries, the one in the countries the article is about ("Tripoli" in a
   story about Lebanon is the Lebanese port).
   (in ``_resolve``).
3. :func:`score_roles` (in ``_roles``) tells the incident's place (named with an event verb,
   "in the city of X") from places only mentioned ("the annexation of
   Crimea", "its border with Ukraine").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import numpy as np

from geo.input.extract._apposition import appositive_offsets, headline_toll, lead_index
from geo.input.extract._context import HOSPITAL, SEPARATE, dateline_end, sentence_kinds
from geo.input.extract._gazetteer import candidates_for, places, variant_candidates
from geo.input.extract._names import (
    DIRECTION_WORDS,
    PLACE_TAIL_WORDS,
    REGION_WORDS,
    SMALL_UNITS,
    STOP_WORDS,
    TITLE_WORDS,
    country_index,
    demonym_index,
    month_by_day,
)
from geo.input.extract._regions import country_as_region, region_rows, region_rows_by_spelling
from geo.input.extract._text import Article, Sentence
from geo.reference.gazetteer import normalize_name

__all__: list[str] = []

_TOKEN = re.compile(r"(?:(?:al|el|ad|ar|as|an|ash|az|at|ed|en|es|et|ez|ad-dh|adh|ath|ud|ul|um)-)?[^\W\d_][^\W_]*(?:'[^\W\d_]+)*(?:-[^\W_]+)*'?")
_CONNECTORS = {"de", "del", "da", "do", "dos", "das", "di", "la", "le", "les", "el", "al", "of", "upon", "on", "y",
               "bin", "ibn", "ul", "van", "von", "den", "der", "and"}
_MAX_WORDS = 6

#: Words in a sentence that make it about the incident itself.
INCIDENT_CUE = re.compile(
    r"\b(hit|hits|struck|strikes?|striking|attack(?:ed|s|ers)?|bomb(?:ed|ing|s)?|shell(?:ed|ing)|explo(?:sion|ded|sive)s?|"
    r"blasts?|killed|killing|kills|injur\w*|wound\w*|dead|died|deaths?|crash(?:ed)?|destroy\w*|damag\w*|"
    r"detonat\w*|raid(?:ed|s)?|storm(?:ed|ing)|ambush(?:ed|es)?|targeted|targeting|opened fire|gunmen|fell|landed|occurred|happened|took place|rocket\w*|missiles?|"
    r"drones?|artillery|mortars?|fire|fired (?:on|at|upon|into)|firing|shooting|torched|set ablaze)\b", re.I)
_STRONG = re.compile(r"\b(?:city|town|village|settlement|hamlet|suburb|port|district|neighbou?rhood|centre|center|"
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
# "Dawn.com", "Kyiv Post": an outlet, not a place.
_OUTLET_AFTER = re.compile(r"^\.(?:com|org|net|ru|ua|pk|ng|lb|co|info|news)\b|^\s+(?:Post|Times|Independent|"
                           r"Herald|Tribune|Gazette|Today|Monitor|Observer|News)\b")
_NEAR = re.compile(r"\b(?:near|outside|close to|outskirts of|edge of|not far from|vicinity of|(?:near|outside) (?:the )?"
                   r"(?:[\w-]+ ){0,2}?(?:city|town|village) of|(?:near|outside) the (?:provincial |state |regional )?"
                   r"capital(?: city)?(?: of)?)\s+(?:the\s+)?$", re.I)
_PREP = re.compile(r"\b(?:in|at|on|into|over|across|inside|within|onto|targeting|targeted|hit|struck|shelled|bombed)\s+"
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
_REGION_AFTER = re.compile(r"^\s*(?:'s\s+)?(" + "|".join(REGION_WORDS) + r")(?:s)?\b(?!\s+(?:government\s+)?(?:offices?|"
                           r"headquarters|buildings?|compound|secretariat|council|officials?|chairman)\b)", re.I)
_PLURAL_UNIT = re.compile(r"^\s*(?:" + "|".join(REGION_WORDS) + r")s\b", re.I)
_REGION_BEFORE = re.compile(r"\b(" + "|".join(REGION_WORDS) + r")\s+of\s+(?:the\s+)?$", re.I)
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
#: "killed in Kohat Wednesday": a weekday or month after a name is no part of it.
_TIME_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june "
                        "july august september october november december".split())
_UNIT_OF = re.compile(r"\b(?:local government area|lga|district|tehsil|township|raion|county|municipality)\s+of\s+"
                      r"(?:the\s+)?$", re.I)
_TITLE_BEFORE = re.compile(r"\b(?:" + "|".join(TITLE_WORDS) + r"),?\s+$", re.I)
#: Wording after a name that makes it a village: "X village", "X, a remote village in", "X, Y district" (also for a
#: name after a verb: "shelled Novoosynove, Kupiansk district", "the attack against Tungar Kwana village").
VILLAGE_AFTER = re.compile(r"^(?:'s)?\s+(?:village|settlement|hamlet|town)\b|"
                           r"^,\s+(?:a|an|the)\s+(?:[\w'-]+\s+){0,3}?(?:village|settlement|hamlet|town)\b|"
                           r"^,\s*(?:[\w'-]+\s+){1,2}(?:district|raion|community|hromada)\b", re.I)
#: "Khyber Pakhtunkhwa's Khyber district", "Debiro village": a name whose unit word says it is a place.
# "an artillery strike south of Kherson", "a village north of Sumy": near the town, not background.
_DIRECTION_NEAR = re.compile(r"\b(?:strikes?|attacks?|shelling|bombing|blast|explosion|raid|village|settlement|"
                             r"road|highway)\b[^.;,]{0,30}?\b(?:north|south|east|west|north-?east|north-?west|"
                             r"south-?east|south-?west)\s+of\s+(?:the\s+(?:city|town)\s+of\s+)?$", re.I)
_ATTACK_AFTER = re.compile(r"^\s+(?:attacks?|bombings?|blasts?|strikes?|explosions?|shelling|raids?|massacre)\b", re.I)
_HOME = re.compile(r"\((?:both\s+|all\s+)?(?:residents?|natives?|hailing)\s+(?:of|from)\b[^()]*$", re.I)  # "(residents of Rajanpur)"
_CITY = 500_000  # a city with districts of its own
_ZONE_AFTER = re.compile(r"^\s+(?:standard\s+|summer\s+|daylight\s+)?time\b", re.I)  # "Moscow time"
_NAMED_UNIT_AFTER = re.compile(r"\s+(?:village|(?:tribal\s+)?district)\b", re.I)
_UNRESOLVED_BEFORE = re.compile(r"\b(?:in|near|outside|of|city of|town of|village of|region of|province of|(?:attackers|gunmen|militants|rebels) (?:struck|attacked|raided))\s+"
                                r"(?:the\s+)?$", re.I)


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


@dataclass
class _Token:
    start: int
    end: int
    text: str
    cap: bool


def find_matches(article: Article) -> tuple[list[Match], list[Match]]:
    """Every country, nationality and town named in the article's sentences.

    Returns the matches and the unresolved names: capitalised names after
    "in", "of", "near" that nothing matched (their other spellings are tried
    once the article's countries are known; what stays unresolved is shown
    to the analyst).
    """
    lowercase_words = set(re.findall(r"\b[a-z][a-z'-]+\b", article.norm))
    kinds = sentence_kinds(article)
    # "December 09, 2010" or a byline, then "PESHAWAR, Dec 8 (AFP): At least 17 people were killed ...": the lead;
    # "BAMAKO - ..." after a standfirst's sentences: a dateline too
    lead = lead_index(article)
    opening = {lead} | {s.index for s in article.body[:4]}
    matches: list[Match] = []
    unresolved: list[Match] = []
    for sentence in article.sentences:
        skip = dateline_end(sentence) if sentence.index in opening else 0
        for run in _runs(sentence.norm):
            if run[0].start < skip:
                continue  # "NAIROBI, Kenya (AP) -": where the reporter sits, not where it happened
            found, leftovers = _match_run(sentence, run)
            for item in found:
                if _keep(item, run, lowercase_words):
                    matches.append(_with_context(item[0], kinds[sentence.index]))
                elif _STRONG.search(sentence.norm[:run[0].start]) or _NEAR.search(sentence.norm[:run[0].start]) or \
                        _NAMED_UNIT_AFTER.match(sentence.norm[run[-1].end:]):
                    # "the village of Novyi Yurkovichi": "Novyi" alone is no place, the whole name is one to try
                    leftovers = sorted({*leftovers, *range(item[1], item[2])})
            unresolved.extend(_with_context(m, kinds[sentence.index]) for m in _unresolved(sentence, run, leftovers))
    _carry_context(matches)
    _carry_units(matches)
    _carry_background(matches)
    # "in the town of Muqdadiya, 90 km northeast of Baghdad": also when the town is a name only respelt later
    appositive_offsets(sorted((*matches, *unresolved), key=lambda m: (m.sentence.index, m.start)))
    _city_quarters(matches, unresolved)
    headline_toll(article, [*matches, *unresolved], lead)
    for match in (*matches, *unresolved):
        match.lead = match.sentence.index <= max(1, lead) and (match.sentence.index <= 1 or match.sentence.index == lead)
    return matches, unresolved


def _carry_units(matches: list[Match]) -> None:
    """ "Chuhuiv, Kharkiv and Kupiansk districts", "Belgorod, Kursk and Bryansk regions": every name of the list is one."""
    carry: Match | None = None  # the list's last name, followed by the plural unit word
    for match, prev in itertools.pairwise(reversed(matches)):
        if carry is None and (match.unit or match.region_word) and _PLURAL_UNIT.match(match.after):
            carry = match
        if carry is None or prev.sentence is not match.sentence or prev.kind != "town" or prev.region_word or \
                prev.unit or not re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", match.sentence.norm[prev.end:match.start]):
            carry = None
            continue
        if carry.unit:
            prev.unit = carry.unit
            if prev.context not in ("strong", "offset"):
                prev.context = "near"
        else:
            rows = region_rows(prev.text)
            if not rows.size:
                carry = None
                continue
            prev.rows, prev.regional, prev.region_word = rows, True, carry.region_word


def _carry_context(matches: list[Match]) -> None:
    """ "the villages of Ain Ebel and Naqoura": the second name shares the first one's context."""
    for prev, match in itertools.pairwise(matches):
        if prev.sentence is match.sentence and match.kind == "town" and not match.context and prev.context in (
                "strong", "prep", "near") and re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*",
                                                           match.sentence.norm[prev.end:match.start]):
            match.context, match.background = prev.context, prev.background


def _carry_background(matches: list[Match]) -> None:
    """ "the second attack after ... a car bomb in the city of Mardan", then "The Mardan attack broke ...":
    an attack named after a town told as background is that background attack."""
    told = set()
    for match in matches:
        if match.kind != "town":
            continue
        if match.background:
            told.add(normalize_name(match.text))
        elif normalize_name(match.text) in told and _ATTACK_AFTER.match(match.after):
            match.background = True


def _city_quarters(matches: list[Match], unresolved: list[Match]) -> None:
    """ "close to Mogadishu's local government offices, in the Hamarweyne district": a district the gazetteer
    lacks, named beside a city, is a district of that city: the incident is in the city, not near it."""
    frame = places()
    for quarter in unresolved:
        if quarter.unit != "district":
            continue
        for match in matches:
            if match.sentence is quarter.sentence and match.kind == "town" and not (match.regional or match.unit) \
                    and match.context in ("", "near", "prep") and int(frame["population"][match.rows].max()) >= _CITY:
                match.quarter, match.context = quarter.text, "strong"


def _is_cap(token: str) -> bool:
    head = re.sub(r"^(?:al|el|ad|ar|as|an|ash|az|at|ed|en|es|et|ez|ad-dh|adh|ath|ud|ul|um)-", "", token)
    first = head[0]
    return first.isupper() or not (first.islower() or first.isupper())  # uncased scripts count as names


def _runs(text: str) -> list[list[_Token]]:
    """Runs of capitalised words joined by single spaces (and connectors like "de")."""
    tokens = [_Token(m.start(), m.end(), m.group(), _is_cap(m.group())) for m in _TOKEN.finditer(text)]
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    for i, tok in enumerate(tokens):
        joined = bool(current) and text[current[-1].end:tok.start] == " " and not current[-1].text.endswith(("'s", "s'"))
        if tok.cap:
            if not joined and current:
                runs.append(current)
                current = []
            current.append(tok)
        elif (joined and tok.text in _CONNECTORS and i + 1 < len(tokens) and tokens[i + 1].cap
              and text[tok.end:tokens[i + 1].start] == " "):
            current.append(tok)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [_trim(r) for r in runs if _trim(r)]


def _trim(run: list[_Token]) -> list[_Token]:
    while run and not run[-1].cap:
        run = run[:-1]
    return run


def _match_run(sentence: Sentence, run: list[_Token]) -> tuple[list[tuple[Match, int, int]], list[int]]:
    """Greedy longest match inside one run; returns (match, first, last+1) and unmatched token positions."""
    found: list[tuple[Match, int, int]] = []
    leftovers: list[int] = []
    i = 0
    countries, demonyms = country_index(), demonym_index()
    while i < len(run):
        hit = None
        for j in range(min(len(run), i + _MAX_WORDS), i, -1):
            if not run[i].cap or not run[j - 1].cap:
                continue
            start, end = run[i].start, run[j - 1].end
            phrase = sentence.norm[start:end]
            if phrase.endswith("'s"):
                phrase, end = phrase[:-2], end - 2
            elif phrase.endswith("'"):
                phrase, end = phrase[:-1], end - 1
            key = normalize_name(phrase)
            if key in countries and not country_as_region(phrase, sentence.norm[end:]):
                hit = Match(sentence, start, end, phrase, "country", code=countries[key])
            elif key in demonyms and j - i <= 2:
                hit = Match(sentence, start, end, phrase, "demonym", code=demonyms[key])
            else:
                regional = bool(_REGION_AFTER.match(sentence.norm[end:]) or _REGION_BEFORE.search(
                    sentence.norm[:start]))
                rows = region_rows(phrase) if regional else np.empty(0, dtype=int)
                if regional and not rows.size and not candidates_for(phrase).size:
                    rows = region_rows_by_spelling(phrase, sentence.norm[end:])  # "Gezira State": Al Jazirah
                if rows.size:
                    hit = Match(sentence, start, end, phrase, "town", rows=rows, regional=True)
                else:
                    rows = candidates_for(phrase)
                if not rows.size and hit is None and j - i >= 2 and normalize_name(
                        phrase.split()[-1]) not in REGION_WORDS:
                    rows = region_rows(phrase)  # "Khyber Pakhtunkhwa", "North Darfur": a region by its name alone
                    if rows.size:
                        hit = Match(sentence, start, end, phrase, "town", rows=rows, regional=True, region_word="region")
                        rows = np.empty(0, dtype=int)
                if rows.size and hit is None:
                    hit = Match(sentence, start, end, phrase, "town", rows=rows)
                elif not rows.size and hit is None and j - i <= 3 and len(phrase) >= 5:
                    rows = variant_candidates(phrase)
                    if rows.size:
                        hit = Match(sentence, start, end, phrase, "town", rows=rows, variant=True)
            if hit is not None:
                found.append((hit, i, j))
                i = j
                break
        if hit is None:
            leftovers.append(i)
            i += 1
    return found, leftovers


def _keep(item: tuple[Match, int, int], run: list[_Token], lowercase_words: set[str]) -> bool:
    """Reject persons, organisations, acronyms and common words that a town happens to share."""
    match, i, j = item
    if match.kind != "town":
        return True
    strong = bool(_STRONG.search(match.before) or _NEAR.search(match.before))
    words = match.text.split()
    if match.text.isupper() and len(match.text) <= 5 and not (match.sentence.index == 0 and match.sentence.norm.isupper()):
        return False  # NATO, UN, EU ... (an all-capitals headline may still name a town)
    if _OUTLET_AFTER.match(match.after):
        return False  # "told Dawn.com"
    if _ZONE_AFTER.match(match.after) or month_by_day(match.text, match.before, match.after):
        return False  # "at 20:01 Moscow time": a time zone; "Nov 23, 2018": a date; never where it happened
    if len(words) == 1:
        word = normalize_name(match.text)
        if (word in STOP_WORDS or word in lowercase_words) and not strong:
            return False
    prev_tok = run[i - 1] if i > 0 else None
    next_tok = run[j] if j < len(run) else None
    if prev_tok is not None and normalize_name(prev_tok.text) in TITLE_WORDS:
        return False  # "President Vladimir ..."
    if _TITLE_BEFORE.search(match.before) and next_tok is not None and next_tok.cap:
        return False  # "spokesman, Dmitry Peskov"
    if next_tok is not None and next_tok.cap and normalize_name(next_tok.text).removesuffix("'s") \
            not in PLACE_TAIL_WORDS and normalize_name(next_tok.text) not in _TIME_WORDS:
        return False  # "Vladimir Putin", "Novaya Gazeta": part of a longer name (not "in Kohat Wednesday")
    if prev_tok is not None and prev_tok.cap:
        prev = normalize_name(prev_tok.text).removesuffix("'s")
        if prev not in country_index() and prev not in demonym_index() and prev not in DIRECTION_WORDS \
                and prev not in STOP_WORDS:
            return False  # "Pavel Felgenhauer"-like pairs
    if match.regional:
        return True  # "Borno state": a region's own name
    rows = match.rows
    frame = places()
    key = normalize_name(match.text)
    primary = np.array([normalize_name(n) == key for n in frame["name"][rows]])
    match.primary = bool(primary.any())
    if not match.primary:
        biggest = int(frame["population"][rows].max())
        placed = strong or bool(_PREP.search(match.before) and len(match.text) >= 5)
        if (len(match.text) < 4 or biggest < 15_000) and not placed:
            return False  # stray alternate names ("The", "Ukraine" for small towns abroad)
    return True


def _with_context(match: Match, kinds: set[str] = frozenset()) -> Match:
    before = match.before
    offset = _OFFSET.search(before)
    if offset:
        value = float(offset.group(1))
        metres = value * (1609.344 if offset.group(2).lower().startswith("mi") else 1000.0)
        match.offset = (metres, float(_DIRECTIONS[offset.group("dir").lower()]))
        match.context = "offset"
    elif _STRONG.search(before) and not _NEAR.search(before):  # "near the city of Hama": near it, not in it
        match.context = "strong"
    elif _NEAR.search(before):
        match.context = "near"
    elif _PREP.search(before):
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
    region = _REGION_AFTER.match(match.after) or _REGION_BEFORE.search(before)
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
            match.region_word = "region" if word in SMALL_UNITS and not _REGION_AFTER.match(match.after) else word
    return match


def _unresolved(sentence: Sentence, run: list[_Token], leftovers: list[int]) -> list[Match]:
    """A capitalised name in a place position that nothing matched: kept to try its other spellings."""
    if not leftovers or leftovers[0] != 0:
        return []
    span = 1
    while span < len(leftovers) and leftovers[span] == span and run[span].cap:
        span += 1
    # "the town of Malha on Saturday": a weekday or month after the name is no part of it
    if span < len(run) and not all(normalize_name(t.text) in _CONNECTORS | _TIME_WORDS for t in run[span:]):
        # "Vygonich District of Bryansk Oblast": the unmatched head, up to its unit word
        words = [normalize_name(t.text) for t in run[:span]]
        if len(words) < 2 or words[-1] not in REGION_WORDS:
            return []
    tokens = run[:span]
    if len(tokens) > 1 and normalize_name(tokens[-1].text) in REGION_WORDS:
        tokens = tokens[:-1]
    name = sentence.norm[tokens[0].start:tokens[-1].end].removesuffix("'s")
    if not (_UNRESOLVED_BEFORE.search(sentence.norm[:run[0].start]) or VILLAGE_AFTER.match(sentence.norm[run[-1].end:])
            or _NAMED_UNIT_AFTER.match(sentence.norm[run[-1].end:])):
        return []
    if normalize_name(name) in STOP_WORDS or (name.isupper() and len(name) <= 5):
        return []
    if normalize_name(run[0].text) in TITLE_WORDS:
        return []
    return [Match(sentence, run[0].start, run[0].start + len(name), name, "unresolved")]
