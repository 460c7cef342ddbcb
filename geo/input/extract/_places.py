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

How the words around one mention read (in it, near it, an offset from it, background, a source's
name) is ``_mention``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import numpy as np

from geo.input.extract._apposition import appositive_offsets, headline_toll, lead_index
from geo.input.extract._context import dateline_end, sentence_kinds
from geo.input.extract._gazetteer import candidates_for, places, variant_candidates
from geo.input.extract._mention import COMPASS_UNIT, NEAR, PREP, REGION_AFTER, REGION_BEFORE, STRONG, Match, read_context
from geo.input.extract._names import (
    DIRECTION_WORDS,
    PLACE_TAIL_WORDS,
    REGION_WORDS,
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
# "Dawn.com", "Kyiv Post": an outlet, not a place.
_OUTLET_AFTER = re.compile(r"^\.(?:com|org|net|ru|ua|pk|ng|lb|co|info|news)\b|^\s+(?:Post|Times|Independent|"
                           r"Herald|Tribune|Gazette|Today|Monitor|Observer|News)\b")
_PLURAL_UNIT = re.compile(r"^\s*(?:" + "|".join(REGION_WORDS) + r")s\b", re.I)
#: "killed in Kohat Wednesday": a weekday or month after a name is no part of it.
_TIME_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june "
                        "july august september october november december".split())
_TITLE_BEFORE = re.compile(r"\b(?:" + "|".join(TITLE_WORDS) + r"),?\s+$", re.I)
#: Wording after a name that makes it a village: "X village", "X, a remote village in", "X, Y district" (also for a
#: name after a verb: "shelled Novoosynove, Kupiansk district", "the attack against Tungar Kwana village").
VILLAGE_AFTER = re.compile(r"^(?:'s)?\s+(?:village|settlement|hamlet|town)\b|"
                           r"^,\s+(?:a|an|the)\s+(?:[\w'-]+\s+){0,3}?(?:village|settlement|hamlet|town)\b|"
                           r"^,\s*(?:[\w'-]+\s+){1,2}(?:district|raion|community|hromada)\b", re.I)
_ATTACK_AFTER = re.compile(r"^\s+(?:attacks?|bombings?|blasts?|strikes?|explosions?|shelling|raids?|massacre)\b", re.I)
_CITY = 500_000  # a city with districts of its own
_ZONE_AFTER = re.compile(r"^\s+(?:standard\s+|summer\s+|daylight\s+)?time\b", re.I)  # "Moscow time"
_NAMED_UNIT_AFTER = re.compile(r"\s+(?:village|(?:tribal\s+)?district)\b", re.I)
_UNRESOLVED_BEFORE = re.compile(r"\b(?:in|near|outside|of|city of|town of|village of|region of|province of|(?:attackers|gunmen|militants|rebels) (?:struck|attacked|raided))\s+"
                                r"(?:the\s+)?$", re.I)


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
                    matches.append(read_context(item[0], kinds[sentence.index]))
                elif STRONG.search(sentence.norm[:run[0].start]) or NEAR.search(sentence.norm[:run[0].start]) or \
                        _NAMED_UNIT_AFTER.match(sentence.norm[run[-1].end:]):
                    # "the village of Novyi Yurkovichi": "Novyi" alone is no place, the whole name is one to try
                    leftovers = sorted({*leftovers, *range(item[1], item[2])})
            unresolved.extend(read_context(m, kinds[sentence.index]) for m in _unresolved(sentence, run, leftovers))
    # "Imphal East district": the compass word names part of Imphal's district, not a region called East
    matches = [m for m in matches if not any(p.unit and p.sentence is m.sentence and COMPASS_UNIT.match(p.after)
                                             and m.start == p.end + 1 for p in matches)]
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
                regional = bool(REGION_AFTER.match(sentence.norm[end:]) or REGION_BEFORE.search(
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
    strong = bool(STRONG.search(match.before) or NEAR.search(match.before))
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
            not in PLACE_TAIL_WORDS and normalize_name(next_tok.text) not in _TIME_WORDS and \
            not COMPASS_UNIT.match(match.after):
        return False  # "Vladimir Putin", "Novaya Gazeta": part of a longer name (not "in Kohat Wednesday", "Imphal
        # East district")
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
        placed = strong or bool(PREP.search(match.before) and len(match.text) >= 5)
        if (len(match.text) < 4 or biggest < 15_000) and not placed:
            return False  # stray alternate names ("The", "Ukraine" for small towns abroad)
    return True


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
