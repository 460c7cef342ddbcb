"""Dates: the publication date, and the incident's date resolved against it.

"On Thursday evening" in an article published on Friday 21 April 2023 is
20 April 2023, day precision, evening. A weekday resolves to the latest such
day on or before publication ("last Thursday": strictly before). Dates of
statements ("the ministry said on Friday") are not the incident's date and
are skipped. Without a publication date a relative date cannot be resolved:
the finding then has no date and says why.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from geo.input.extract._context import CUMULATIVE, RUNNING_TOTAL, dateline_end, total_of_several
from geo.input.extract._figures import casualties
from geo.input.extract._mention import INCIDENT_CUE
from geo.input.extract._model import DateFinding
from geo.input.extract._text import Article, Sentence

__all__ = ["parse_date", "find_date", "dates_in", "published_from_text", "is_statement_date"]

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                         "sunday"])}
# Month and weekday names must be capitalised: "12 may have died" is not 12 May.
_MONTH = r"(?P<month>" + "|".join(sorted((m.title() for m in _MONTHS), key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(d.title() for d in _WEEKDAYS) + r")"
_PART = r"(?P<part>(?i:morning|afternoon|evening|night|overnight|dawn|midday|noon|midnight))"

_ABSOLUTE = [
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?\b"),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4}))?"),
]
_WEEKDAY_RE = re.compile(r"\b(?P<rel>(?i:early on|late on|earlier on|overnight on|overnight|last|this|past|early|late|on))?\s*" + _WEEKDAY
                         + r"(?:'s)?(?:\s+" + _PART + r")?\b")
# "overnight Saturday", "overnight on Friday": the weekday's night (read with the weekday), not the night before publishing
_RELATIVE = re.compile(r"\b(?P<rel>yesterday|today|tonight|last night|overnight(?!\s+(?:on\s+)?(?-i:" + _WEEKDAY + r"))|"
                       r"at night(?!\s+(?:on|of)\b)|this morning|this afternoon|"
                       r"this evening|earlier today|earlier this week|last week|this week|earlier this month|"
                       r"this month|last month)\b", re.I)
_MONTH_ONLY = re.compile(r"\b(?i:in|during|since|early|late|mid-?)\s+" + _MONTH + r"(?:\s+(?P<year>\d{4}))?\b")
_STATEMENT = re.compile(r"\b(?P<verb>said|says|announced|reported|told|stated|confirmed|added|published|posted|issued|"
                        r"wrote|statement|briefing|spoke)\b[^.;]{0,25}$", re.I)
_PART_ANYWHERE = re.compile(r"\b" + _PART + r"\b|\b(?:at|around|about)\s+(?P<clock>\d{1,2}(?::\d{2})?\s*"
                            r"(?:a\.m\.|p\.m\.|am|pm)|\d{1,2}:\d{2})", re.I)
_DATE_LINE = re.compile(r"\b(?i:published|updated|posted|date|dated)\b\s*(?i:on\b|:)?\s*(?:" + _WEEKDAY + r",?\s+)?")


def parse_date(text: str, *, reference: dt.date | None = None) -> dt.date | None:
    """An absolute date in ``text`` ("21 April 2023", "April 21, 2023", "2023-04-21").

    A date without a year takes the year that puts it on or before
    ``reference`` (plus a day), or None without a reference.

    >>> parse_date("Friday 21 April 2023")
    datetime.date(2023, 4, 21)
    """
    for pattern in _ABSOLUTE:
        match = pattern.search(text)
        if match:
            return _absolute(match, reference)
    return None


def _absolute(match: re.Match, reference: dt.date | None) -> dt.date | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower().rstrip(".")]
    day = int(groups["day"])
    year = int(groups["year"]) if groups.get("year") else None
    if year is None:
        if reference is None:
            return None
        year = reference.year
        if _safe_date(year, month, day) and _safe_date(year, month, day) > reference + dt.timedelta(days=1):
            year -= 1
    return _safe_date(year, month, day)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def published_from_text(article: Article) -> tuple[dt.date | None, str]:
    """A publication date from a date line: "Published: 21 April 2023", a dateline, or a header note."""
    lines = list(article.comments) + list(article.head_lines[:3])
    for line in lines:
        marker = _DATE_LINE.search(line)
        if marker:
            found = parse_date(line[marker.end():marker.end() + 40])
            if found:
                return found, line
    for line in article.head_lines[:3]:
        # A line that is only a date, or a dateline "KHARKIV, Ukraine, March 3, 2024 (Agency) -".
        found = parse_date(line)
        if found and (len(line) <= 40 or re.match(r"^[A-Z][A-Z .'-]{2,},", line)):
            return found, line
    return None, ""


def find_date(article: Article, published: dt.date | None, *,
              skip: Mapping[int, str] | None = None) -> DateFinding | None:
    """The incident's date: the first date in the sentence most about the incident.

    Sentences in ``skip`` (index -> why: photo captions, running totals, other incidents)
    are not read, save the words before a running total's marker in a sentence
    that gives no figure ("the act happened during the early hours of Monday
    morning and ... since July": Monday).
    """
    skip = skip or {}
    candidates = []
    first = article.body[0].index if article.body else -1
    openers = {s.index for k, s in enumerate(article.body[:8]) if s.index == first or (
        s.paragraph == article.body[0].paragraph + 1 and article.body[k - 1].paragraph != s.paragraph)}
    dateline = None
    lead = next((s for s in article.body if s.index not in skip and casualties(s)), None)
    # the lead's own dead; not a total of several attacks ("killed nine in twin attacks"), whose first is told next
    lead_dead = {c[1] for c in casualties(lead) if c[0] == "fatalities" and not total_of_several(lead.norm, c[3])} \
        if lead is not None else set()
    # the lead: the first body sentence, or the first after a photo caption above it
    opening = max(1, next((s.index for s in article.body if s.index not in skip), 1))
    for sentence in article.body:
        end = _before_total(sentence, skip)
        if (sentence.index in skip and end is None) or (_AIR_DEFENCE.search(sentence.norm) and not casualties(sentence)):
            continue  # "air defences shot down 35 missiles over the region overnight": not when the strike hit
        # the dateline opens the body, or the paragraph after a standfirst repeated above it
        cut = dateline_end(sentence) if sentence.index in openers else 0
        stamp = _is_stamp(sentence.norm)
        for found in dates_in(sentence, published):
            if end is not None and found["start"] >= end:
                continue
            if found["start"] < cut or stamp:
                dateline = dateline or (found, sentence)
                continue  # "August 27, El Fasher -": the dateline's date is the report's, not the incident's
            if _SINCE.search(sentence.norm[:found["start"]]):
                continue  # "under attack since the evening of December 29": when a period began
            aside = _ASIDE_CLAUSE.search(sentence.norm[:found["start"]])
            if aside and not INCIDENT_CUE.search(aside.group()):
                continue  # "the border region, where Russia launched an offensive earlier this month"
            statement = is_statement_date(sentence.norm[:found["start"]])
            score = (2 if INCIDENT_CUE.search(sentence.norm) else 0) + (1 if sentence.index <= opening else 0)
            score += 1 if re.search(r"\b(?:occurred|happened|took place|came|began|started)\b",
                                    sentence.norm[:found["start"]], re.I) else 0
            other = bool(lead_dead) and sentence.index > lead.index and _another_attack(sentence, lead_dead)
            # "by the time the Ukrainians were expelled in late April": a month in a later paragraph is background
            other = other or (found["precision"] == "month" and sentence.paragraph > article.body[0].paragraph + 1)
            candidates.append((other, statement, -score, sentence.index, found["start"], found, sentence))
    if not candidates:
        return _fallback(article, published, dateline, skip)
    candidates.sort(key=lambda c: c[:5])
    if candidates[0][0]:
        return _fallback(article, published, dateline, skip)  # every date found is another attack's
    _, statement, _, _, _, found, sentence = _the_day_within(candidates)
    reasons = []
    if statement:
        reasons.append("the only date found is when a statement was made, not when the incident happened")
    if found["reason"]:
        reasons.append(found["reason"])
    time_of_day = found["part"] or _time_of_day(sentence.norm)
    return DateFinding(found["date"], found["precision"], time_of_day, found["text"], sentence.text,
                       bool(reasons) or found["date"] is None, "; ".join(reasons))


#: "12:52 CAT | 30 Nov 2021", "Dec 12, 2023": a page's date stamp on a line of its own (the report's day, like a
#: dateline's), not when the incident happened.
_STAMP_WORDS = re.compile(r"\b(?:[A-Z][a-z]{2,8}\.?|[A-Z]{2,4}|\d{1,4}(?::\d{2})?(?:st|nd|rd|th|am|pm)?)\b")


def _before_total(sentence: Sentence, skip: Mapping[int, str]) -> int | None:
    """Where a running total's marker starts in a sentence left out only as one, when it gives no figure."""
    if skip.get(sentence.index) != RUNNING_TOTAL or casualties(sentence):
        return None
    marker = CUMULATIVE.search(sentence.norm)
    return marker.start() if marker else None


def _is_stamp(text: str) -> bool:
    rest = _STAMP_WORDS.sub("", text)
    return bool(parse_date(text)) and not re.search(r"[A-Za-z]", rest) and len(text) <= 40


def _the_day_within(candidates: list[tuple]) -> tuple:
    """The first candidate, or a day inside the week or month it names: "ADF rebels have killed at least 12 villagers
    ... this week" then "attacked villagers in their fields ... on Thursday" is that Thursday."""
    first = candidates[0]
    found = first[5]
    if found["precision"] not in ("week", "month") or found["date"] is None:
        return first
    span = 7 if found["precision"] == "week" else 31
    for other in candidates[1:]:
        day = other[5]
        if (other[0] or other[1] or day["precision"] != "day" or day["date"] is None or other[2] > -2
                or not dt.timedelta(0) <= day["date"] - found["date"] < dt.timedelta(days=span)
                or (found["precision"] == "month" and day["date"].month != found["date"].month)):
            continue
        return other
    return first


#: "On Friday, at least one person was killed in an Israeli strike that hit the village of Aitaroun": a new attack.
_NEW_ATTACK = re.compile(r"\b(?:in|by|after|when)\s+(?:a|an|another)\s+(?:[\w-]+\s+){0,2}?(?:strike|airstrike|attack|"
                         r"shelling|raid|bombing|blast|explosion)\b", re.I)
#: "As Ukrinform reported, four people were killed ... yesterday": a recap of earlier reporting, not this incident.
_RECAP = re.compile(r"\s*As\s+(?:[A-Z][\w.-]*\s+){0,3}(?:previously\s+|earlier\s+|already\s+)?reported\b")
_TOLL_WORDS = re.compile(r"\b(?:toll|rose|risen|climbed|increased|later died|succumbed)\b", re.I)


def _another_attack(sentence: Sentence, lead_dead: set) -> bool:
    """A later sentence telling of a new attack with a toll of its own, not the lead's: its date is that attack's."""
    if not (_NEW_ATTACK.search(sentence.norm) or _RECAP.match(sentence.norm)) or _TOLL_WORDS.search(sentence.norm):
        return False
    own = {c[1] for c in casualties(sentence) if c[0] == "fatalities" and c[1]}
    return bool(own) and not own & lead_dead


_AIR_DEFENCE = re.compile(r"\b(?:shot down|shoot down|intercepted|downed|destroyed|repelled)\b[^.;]{0,60}?\b(?:drones?|"
                          r"missiles?|rockets?|UAVs?|aircraft)\b|\bair defen[cs]es?\b", re.I)
_ASIDE_CLAUSE = re.compile(r",\s*(?:where|which|when|whose)\b[^,;]*$", re.I)
_SINCE = re.compile(r"\bsince\s+(?:the\s+(?:evening|morning|night|afternoon|start|beginning|end)\s+of\s+)?$", re.I)
_CLOCK = re.compile(r"\b(?:at|around|about)\s+(?:around\s+|about\s+)?\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am|pm)|"
                    r"\b(?:at|around|about)\s+(?:around\s+|about\s+)?\d{1,2}:\d{2}\b", re.I)


def _fallback(article: Article, published: dt.date | None, dateline: tuple | None, skip) -> DateFinding | None:
    """No date in the incident's sentences: the wire dateline's day, or the publication day beside a clock time.

    "BELGOROD, October 13. /TASS/. A resident ... died": the report's day.
    "The strike was carried out at around 3:00 p.m." in a report with no
    other date: the day it was published. Both are marked uncertain.
    """
    if dateline is not None and dateline[0]["date"] is not None:
        found, sentence = dateline
        return DateFinding(found["date"], "day", _time_of_day(sentence.norm), found["text"], sentence.text, True,
                           "the dateline's date (the day of the report); the text gives no other date")
    for sentence in article.body:
        anchored = _anchored_day(sentence, published)
        if anchored is not None:
            return anchored
    if published is None:
        return None
    for sentence in article.body:
        clock = _CLOCK.search(sentence.norm)
        if sentence.index not in skip and clock and INCIDENT_CUE.search(sentence.norm):
            return DateFinding(published, "day", _time_of_day(sentence.norm), clock.group(), sentence.text,
                               True, "the text gives only a time of day; dated to the day of publication")
    return None


#: "the day before, on May 14, troops shelled ...": another attack dated against this one's day.
_DAYS_BEFORE = re.compile(r"\b(?:(?:the|a)\s+day\s+(?:before|earlier|prior)|the\s+previous\s+day|"
                          r"(?P<n>two|three|2|3)\s+days\s+(?:before|earlier))\s*,?\s+on\s+$", re.I)


def _anchored_day(sentence: Sentence, published: dt.date | None) -> DateFinding | None:
    """The incident's day from an earlier attack's date: "the day before, on May 14, ..." gives 15 May."""
    for found in dates_in(sentence, published):
        before = _DAYS_BEFORE.search(sentence.norm[:found["start"]])
        if before is None or found["date"] is None or found["precision"] != "day":
            continue
        days = {"two": 2, "2": 2, "three": 3, "3": 3}.get((before.group("n") or "").lower(), 1)
        date = found["date"] + dt.timedelta(days=days)
        if published is not None and date > published:
            continue
        return DateFinding(date, "day", None, f"{before.group().strip()} {found['text']}".strip(), sentence.text, True,
                           f"the text dates only another attack ({found['text']}, {before.group().split(',')[0].strip()}"
                           " this one); counted forward from it")
    return None


def is_statement_date(before: str) -> bool:
    """ "the ministry said on Friday": a speech verb just before, with no event word in between."""
    verb = _STATEMENT.search(before)
    return bool(verb) and not INCIDENT_CUE.search(before[verb.end("verb"):])


def _time_of_day(text: str) -> str | None:
    match = _PART_ANYWHERE.search(text)
    if not match:
        return None
    return (match.group("part") or match.group("clock")).lower()


def dates_in(sentence: Sentence, published: dt.date | None) -> list[dict]:
    """Every date expression of a sentence: start, text, date (or None), precision, part of day, reason."""
    text = sentence.norm
    out: list[dict] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match, date: dt.date | None, precision: str, part: str | None, reason: str = "") -> None:
        if any(a < match.end() and match.start() < b for a, b in taken):
            return
        taken.append((match.start(), match.end()))
        if date is None and not reason:
            reason = "no publication date to resolve it against (pass --published YYYY-MM-DD)"
        out.append({"start": match.start(), "text": match.group().strip(), "date": date, "precision": precision,
                     "part": part.lower() if part else None, "reason": reason})

    for pattern in _ABSOLUTE:
        for match in pattern.finditer(text):
            add(match, _absolute(match, published), "day", None)
    for match in _WEEKDAY_RE.finditer(text):
        rel = (match.group("rel") or "").lower()
        part = match.group("part") or {"early": "early hours", "late": "late", "overnight": "night"}.get(rel.split(" ")[0])
        add(match, _weekday(match, published), "day", part)
    for match in _RELATIVE.finditer(text):
        date, precision, part, reason = _relative(match.group("rel").lower(), published)
        add(match, date, precision, part, reason)
    for match in _MONTH_ONLY.finditer(text):
        month = _MONTHS[match.group("month").lower().rstrip(".")]
        year = int(match.group("year")) if match.group("year") else None
        if year is None and published is not None:
            year = published.year if month <= published.month else published.year - 1
        add(match, dt.date(year, month, 1) if year else None, "month", None)
    return sorted(out, key=lambda d: d["start"])


def _weekday(match: re.Match, published: dt.date | None) -> dt.date | None:
    if published is None:
        return None
    target = _WEEKDAYS[match.group("weekday").lower()]
    back = (published.weekday() - target) % 7
    if back == 0 and (match.group("rel") or "").lower() in ("last", "past"):
        back = 7
    return published - dt.timedelta(days=back)


def _relative(word: str, published: dt.date | None) -> tuple[dt.date | None, str, str | None, str]:
    if published is None:
        return None, "day", None, ""
    one_day = dt.timedelta(days=1)
    if word == "yesterday":
        return published - one_day, "day", None, ""
    if word in ("today", "earlier today"):
        return published, "day", None, ""
    if word in ("this morning", "this afternoon", "this evening", "tonight"):
        return published, "day", word.split()[-1].replace("tonight", "night"), ""
    if word in ("last night", "overnight", "at night"):
        return published - one_day, "day", "night", "a night may span two dates; dated to the evening before"
    if word in ("earlier this week", "this week"):
        return published - dt.timedelta(days=published.weekday()), "week", None, ""
    if word == "last week":
        return published - dt.timedelta(days=published.weekday() + 7), "week", None, ""
    if word in ("this month", "earlier this month"):
        return published.replace(day=1), "month", None, ""
    first = published.replace(day=1) - one_day
    return first.replace(day=1), "month", None, ""
