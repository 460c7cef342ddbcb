"""What belongs to the incident: sentences of other incidents, and how many incidents the article holds.

A figure or a date counts for the incident only when its sentence is about
the incident. Left out, with the reason kept for the analyst:

* photo captions, running totals and earlier attacks (see ``_context``);
* sentences dated to another day that tell of an attack ("On Tuesday, a
  guided bomb attack on the same town killed four"), while a later update of
  the same incident ("On Sunday the death toll rose to 23") stays;
* sentences about another incident place ("In a separate strike, a drone hit
  a motorcycle near Naqoura, killing two").

An article that tells of several incidents says so: :class:`Scope` counts
them and names their places.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from geo.input.extract._context import RUNNING_TOTAL, SEVERAL, sentence_kinds
from geo.input.extract._dates import dates_in, is_statement_date
from geo.input.extract._figures import casualties
from geo.input.extract._mention import INCIDENT_CUE, Match
from geo.input.extract._names import REGION_WORDS
from geo.input.extract._roles import place_key
from geo.input.extract._text import Article

__all__ = ["other_day_sentences", "other_toll_sentences"]

_REASONS = {"caption": "a photo caption", "cumulative": RUNNING_TOTAL,
            "earlier": "an earlier attack told as background"}
_UPDATE = re.compile(r"\b(?:toll|rose|risen|climbed|increased|updated|later died|died (?:later|of (?:his|her|their) "
                     r"(?:wounds|injuries)))\b", re.I)
_ATTACK = re.compile(r"\b(?:attack|strike|struck|bomb|bombing|shell|shelling|shelled|raid|explosion|blast|hit|"
                     r"missile|drone|rocket|gunmen|killed|killing)\w*\b", re.I)
_EVENT_CONTEXT = ("strong", "prep", "near", "offset")


@dataclass
class Scope:
    """Sentences to leave out of the incident's figures and dates, and the article's incidents.

    Attributes
    ----------
    excluded:
        Sentence index -> why its figures and dates are not the incident's.
    places:
        Incident places in order of first mention (the chosen one first), as
        the names written in the article.
    """

    excluded: dict[int, str] = field(default_factory=dict)
    places: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many incidents the article tells of (at least one)."""
        return max(1, len(self.places))


def background_sentences(article: Article) -> dict[int, str]:
    """Captions, running totals and earlier attacks: known before the place and date are chosen."""
    out = {}
    for index, kinds in sentence_kinds(article).items():
        for kind in ("caption", "cumulative", "earlier"):
            if kind in kinds:
                out[index] = _REASONS[kind]
                break
    return out


#: "air defences destroyed three drones over the Bryansk region, two over the Belgorod region": drones shot
#: down on their way, no attack on those regions ...
_INTERCEPTED = re.compile(r"\b(?:shot down|shoot down|intercepted|downed|destroyed|repelled|neutrali[sz]ed)\s+"
                          r"(?:[\w-]+\s+){0,3}?(?:drones?|missiles?|rockets?|UAVs?|unmanned aerial vehicles)\b", re.I)
#: ... unless something on the ground was hit ("debris of a downed drone damaged a house").
_ON_THE_GROUND = re.compile(r"\b(?:damag\w*|hit|struck|fell|debris|fragments|wreckage|fire|killed|injured|wounded|"
                            r"dead|died)\b", re.I)


def _intercepted_only(norm: str) -> bool:
    return bool(_INTERCEPTED.search(norm)) and not _ON_THE_GROUND.search(norm)


def incident_scope(article: Article, matches: list[Match], chosen: tuple | None, date: dt.date | None,
                   published: dt.date | None, *, chosen_name: str | None = None) -> Scope:
    """Which sentences are about the chosen incident; how many incidents the article holds.

    ``chosen`` is the place key of the incident's location (None when the
    article names no place or only part of a country); ``chosen_name`` is how
    the article names that location.
    """
    scope = Scope(excluded=background_sentences(article))
    kinds = sentence_kinds(article)
    keys_by_sentence: dict[int, set[tuple]] = {}
    separate: list[tuple] = []
    names: dict[tuple, str] = {}
    for match in matches:
        if match.kind != "town" or match.background or match.source or (match.unit and not match.other) or \
                match.context not in _EVENT_CONTEXT:
            continue
        if not INCIDENT_CUE.search(match.sentence.norm) or _intercepted_only(match.sentence.norm):
            continue
        key = place_key(match)
        if match.other:  # "..., while in a separate incident gunmen attacked ... in Mastung"
            separate.append(key)
        else:
            keys_by_sentence.setdefault(match.sentence.index, set()).add(key)
        names.setdefault(key, match.text)
    main = chosen
    ordered = [main] if main is not None else []
    told_villages: list[str] = []
    for sentence in article.sentences:
        keys = keys_by_sentence.get(sentence.index, set())
        mine = main is not None and any(_same(main, k) for k in keys)
        exact = main is not None and main in keys  # "a strike on the Sumy region on August 13": not the village's
        if sentence.index not in scope.excluded:
            if date is not None and not exact and _other_day(sentence, date, published):
                scope.excluded[sentence.index] = "an attack on another day"
            elif main is not None and keys and not mine:
                scope.excluded[sentence.index] = f"about another incident ({', '.join(names[k] for k in keys)})"
            elif _EARLIER_INCIDENT.search(sentence.norm):  # even in the incident's region: another attack
                scope.excluded[sentence.index] = "an earlier attack told as background"
            elif "separate" in kinds[sentence.index] and not mine:
                scope.excluded[sentence.index] = "about another incident (a separate strike or attack)"
            elif not mine and _other_target(article, sentence):
                scope.excluded[sentence.index] = "about another incident (a strike on another target)"
            elif village := _other_village(article, sentence):  # even "Pervomaiske, Kherson region" in its region
                scope.excluded[sentence.index] = f"about another incident (the village of {village})"
                if _DEATH.search(sentence.norm):
                    told_villages.append(village)
        reason = scope.excluded.get(sentence.index, "")
        if not mine and (not reason or reason.startswith("about another incident")):
            # Places of one sentence with the incident's own are one incident ("the villages of A and B");
            # places in captions, totals, earlier attacks and other days are no incident of this article.
            for key in sorted(keys, key=str):
                if not any(_same(key, k) for k in ordered):
                    ordered.append(key)
    for key in separate:  # each place once, however often its other incident is told
        if not any(_same(key, o) for o in ordered):
            ordered.append(key)
    if main is not None and main[0] == "region":
        # "15 killed in Kharkiv Oblast": "fired on the Chuhuiv community ... 6 dead", "In Kharkiv ... 5 died"
        towns = _towns_with_tolls(article, scope, keys_by_sentence, matches)
        names.update({place_key(m): m.text for m in matches if m.kind == "town" and place_key(m) not in names})
        if len(towns) >= 2:
            ordered += [k for k in towns if k not in ordered]
    _carry_exclusions(article, scope, keys_by_sentence)
    if main is not None and chosen_name and not any(_same(main, k) and k[0] == main[0] for k in names):
        names[main] = chosen_name  # the location's own name, not a gazetteer row number
    scope.places = [_name(k, names) for k in ordered]
    if not scope.places and chosen_name:
        scope.places = [chosen_name]
    scope.places += [v for v in told_villages if v not in scope.places] if scope.places else []
    if len(scope.places) == 1 and (any(SEVERAL.search(s.norm) for s in article.sentences[:3])
                                   or _unplaced_incident(article, scope, keys_by_sentence)):
        scope.places.append("another place")  # "killed 26 in two attacks": the second one's place is not found
    return scope


def _towns_with_tolls(article: Article, scope: Scope, keys_by_sentence: dict[int, set[tuple]],
                      matches: list[Match]) -> list[tuple]:
    """Towns named with a toll of their own (in their sentence, or the next one of the paragraph naming no town).

    "Yampil community - women aged 72 and 67 were killed": a list's town in any wording, not only "in <town>".
    """
    sentences = article.sentences
    by_sentence: dict[int, list[tuple]] = {}
    for match in matches:
        if match.kind == "town" and not (match.background or match.source) and match.row is not None:
            key = place_key(match)
            if key[0] == "town" and key not in by_sentence.setdefault(match.sentence.index, []):
                by_sentence[match.sentence.index].append(key)
    out: list[tuple] = []
    told_in: list[int] = []
    for i, sentence in enumerate(sentences):
        towns = by_sentence.get(sentence.index, [])
        if not towns or sentence.index in scope.excluded:
            continue
        told = any(low for _, low, _, _, _ in casualties(sentence))
        if not told and i + 1 < len(sentences):
            after = sentences[i + 1]
            told = after.paragraph == sentence.paragraph and not by_sentence.get(after.index) and any(
                low for _, low, _, _, _ in casualties(after))
        if told:
            told_in.append(sentence.index)
            out += [k for k in towns if k not in out]
    return out if len(told_in) >= 2 else []  # tolls of towns told apart, not "the village of X in the Y district"


#: "The attack follows another alarming incident just hours earlier, when a drone exploded in Graivoron".
_EARLIER_INCIDENT = re.compile(r"\bfollows?\s+(?:another|an earlier)\b[^.;]{0,60}?\b(?:hours|minutes|days?)\s+earlier\b|"
                               r"\b(?:hours|minutes)\s+earlier,?\s+(?:when|as)\b", re.I)
_TARGET = (r"(?:hospital|school|mosque|church|market(?:place)?|house|home|building|camp|shelter|clinic|university|"
           r"mall|checkpoint|bus|car|vehicle|motorcycle|motorbike|restaurant|cafe|hotel|bakery|warehouse|factory|"
           r"station|office|tent)s?")
#: "an Israeli airstrike hit one of its schools": a new attack (indefinite) on a new target (indefinite).
_NEW_TARGET = re.compile(r"\b(?:a|an|another)\s+(?:[\w-]+\s+){0,2}?(?:strike|airstrike|attack|shell|bomb|missile|drone|"
                         r"rocket)s?\s+(?:hit|hits|hitting|struck|striking|on|targeted|targeting)\s+(?:a|an|another|"
                         r"one of (?:its|their|the))\s+(?:[\w-]+\s+){0,2}?(?P<target>" + _TARGET + r")\b", re.I)


def _other_target(article: Article, sentence) -> bool:
    """A later sentence telling of a new attack on a target the lead does not name, with its own toll.

    "UNRWA said at least six people were killed after an Israeli airstrike hit one of its schools" in a story
    whose lead is a strike on a hospital that killed 300.
    """
    found = _NEW_TARGET.search(sentence.norm)
    if not found:
        return False
    # the lead: the first sentence with a casualty figure (a date line or a by-line may come before it)
    lead = next((s for s in article.body if casualties(s)), None)
    if lead is None or sentence.index <= lead.index:
        return False
    target = found.group("target").lower().rstrip("s")
    heads = [s.norm.lower() for s in article.sentences if s.index <= lead.index]
    if any(re.search(r"\b" + re.escape(target), h) for h in heads):
        return False
    lead_dead = {low for kind, low, _, _, _ in casualties(lead) if kind == "fatalities"}
    own = {low for kind, low, _, _, _ in casualties(sentence) if kind == "fatalities" and low}
    return bool(own) and not own & lead_dead


_VILLAGE_OF = re.compile(r"\b(?:village|settlement|hamlet)s?\s+of\s+(?P<name>[A-Z][\w'\u2019-]+(?:[ -][A-Z][\w'\u2019-]+)?)|"
                         # "a grenade attack at Awantipora township", "in Dalori village": the unit word after the name
                         r"\b(?:at|in|near)\s+(?P<after>[A-Z][\w\u2019-]+(?:[ -][A-Z][\w\u2019-]+)?)\s+"
                         r"(?i:village|township|hamlet)\b")


_HARM = re.compile(r"\b(?:killed|died|dead|injured|wounded|hurt)\b", re.I)
_DEATH = re.compile(r"\b(?:killed|died|dead)\b", re.I)


def _other_village(article: Article, sentence) -> str | None:
    """A later sentence telling of a death or injury in a village the lead sentences do not name.

    "Prokudin said guided bombs had hit houses in the village of Odradokamyanka." ... "The police reported that a
    worker in the village of Pervomaiske was killed late on Friday": Pervomaiske's is another incident.
    """
    lead = next((s for s in article.body if casualties(s)), None)
    if lead is None or sentence.index <= lead.index + 1:
        return None
    found = _villages_named(sentence.norm)
    if not found or not (_HARM.search(sentence.norm) or any(low for _, low, *_ in casualties(sentence))):
        return None
    named = {name for s in article.sentences if s.index <= lead.index + 1 for name in _villages_named(s.norm)}
    if not named:
        return None  # the incident's own village is not named so: nothing to tell them apart by
    return next((name for name in found if name not in named), None)


def _villages_named(text: str) -> list[str]:
    """The village names of a sentence; "kills 1 in Donetsk Oblast village" names the village's region, not it."""
    names = [m.group("name") or m.group("after") for m in _VILLAGE_OF.finditer(text)]
    return [n for n in names if n.split()[-1].lower() not in REGION_WORDS]


def _unplaced_incident(article: Article, scope: Scope, keys_by_sentence: dict[int, set[tuple]]) -> bool:
    """A separate attack with its own casualties whose place is not found ("Around the same time, a suicide bomber
    ... At least nine were killed in that attack")."""
    for sentence in article.sentences:
        if not scope.excluded.get(sentence.index, "").startswith("about another incident (a ") or \
                keys_by_sentence.get(sentence.index):
            continue
        if any(low for _, low, _, _, _ in casualties(sentence)):
            return True
    return False


#: A sentence that goes on about the one before: "The blast killed one", "No casualties were reported",
#: "At least nine were killed in that attack, he said".
_FOLLOW_UP = re.compile(r"^(?:The|That|This|It|Its)\b|^(?:No|Nobody|None)\b|^There (?:were|was) no\b|"
                        r"\b(?:in|from|by)\s+(?:that|the second|the other|this second|the latter)\s+"
                        r"(?:attack|strike|blast|bombing|explosion|raid|shelling)\b")


def _carry_exclusions(article: Article, scope: Scope, keys_by_sentence: dict[int, set[tuple]]) -> None:
    """ "... another attack the previous day. The blast killed one person.": the follow-up is about it too."""
    sentences = article.sentences
    lead = next((s for s in article.body if s.index not in scope.excluded and casualties(s)), None)
    lead_dead = {low for kind, low, *_ in casualties(lead) if kind == "fatalities"} if lead is not None else set()
    for prev, sentence in zip(sentences, sentences[1:], strict=False):
        if prev.index not in scope.excluded or sentence.index in scope.excluded or \
                keys_by_sentence.get(sentence.index) or "caption" in scope.excluded[prev.index]:
            continue
        if prev.paragraph == sentence.paragraph and _FOLLOW_UP.search(sentence.norm):
            scope.excluded[sentence.index] = scope.excluded[prev.index]
        elif _untold_toll_after(sentence, prev, scope.excluded[prev.index], lead, lead_dead):
            scope.excluded[sentence.index] = scope.excluded[prev.index]


_THE_ATTACK = re.compile(r"\b(?:in|from|during|by)\s+the\s+(?:attack|strike|blast|bombing|explosion|raid|shelling)\b",
                         re.I)


def _untold_toll_after(sentence, prev, reason: str, lead, lead_dead: set) -> bool:
    """ "In October 2022, jets bombed the village hospital." [new paragraph] "Two people were killed and a dozen
    injured.": a toll that says neither where nor when, opening the paragraph after another day's attack, and
    not the lead's: that attack's."""
    # "... badly damaged an apartment building in Kivsharivka, a town near Kupiansk." [new paragraph] "The police
    # chief said three residents died in the attack.": "the attack" is the one just told, another town's
    told = reason.startswith("about another incident (") and _THE_ATTACK.search(sentence.norm)
    if (reason not in ("an attack on another day", "an earlier attack told as background") and not told) or \
            lead is None or sentence.index <= lead.index or sentence.paragraph != prev.paragraph + 1 or \
            dates_in(sentence, None):
        return False
    own = {low for kind, low, *_ in casualties(sentence) if kind == "fatalities" and low}
    return bool(own) and not own & lead_dead


def _name(key: tuple, names: dict[tuple, str]) -> str:
    return names.get(key) or next((n for k, n in names.items() if _same(k, key)), str(key[-1]))


def _same(a: tuple, b: tuple) -> bool:
    """The same town, or a town and the region it lies in."""
    if a == b:
        return True
    if a[0] == "town" and b[0] == "town":
        return False
    from geo.input.extract._gazetteer import places

    frame = places()

    def area(key: tuple) -> tuple:
        return key[1:] if key[0] == "region" else (frame["country"][key[1]], frame["admin1code"][key[1]])

    return area(a) == area(b)


def other_day_sentences(article: Article, date, published: dt.date | None) -> set[int]:
    """Sentences after the lead that tell of an attack on another day than ``date`` (a first reading of the date).

    Their places are background: "following Israel's attack on Dahieh in
    Beirut's southern suburbs in late July" in a story of 6 August.
    """
    if date is None or date.date is None:
        return set()
    return {s.index for s in article.body[2:] if s.text != date.evidence and _other_day(s, date.date, published)}


def _other_day(sentence, date: dt.date, published: dt.date | None) -> bool:
    """The sentence tells of an attack on a day other than the incident's (not an update of its toll)."""
    if _UPDATE.search(sentence.norm) or not _ATTACK.search(sentence.norm):
        return False
    found = [d for d in dates_in(sentence, published)
             if d["date"] is not None and not is_statement_date(sentence.norm[:d["start"]])
             and not _in_dateline(sentence.norm, d)]
    if any(d["date"] == date or (d["precision"] != "day" and (d["date"].year, d["date"].month) == (
            date.year, date.month)) for d in found):
        return False  # the incident's own date is in the sentence
    days = [d for d in found if d["precision"] == "day"]
    months = [d for d in found if d["precision"] == "month"]
    if days:
        return all(d["date"] != date for d in days)
    return bool(months) and all((d["date"].year, d["date"].month) != (date.year, date.month) for d in months)


#: "NEW DELHI, May 15 (Xinhua) -- ...", "Khartoum, June 28 (IANS) ...": the day the story was filed, not an attack's.
_DATELINE_BEFORE = re.compile(r"^\s*[A-Z][\w.' -]{1,30},\s*$")
_DATELINE_AFTER = re.compile(r"^(?:,?\s*\d{4})?\s*(?:\([^()]{1,30}\)\s*)?(?:--|\u2014|\u2013|-|:)")


def _in_dateline(text: str, found: dict) -> bool:
    return bool(_DATELINE_BEFORE.match(text[:found["start"]]) and
                _DATELINE_AFTER.match(text[found["start"] + len(found["text"]):]))


_NOW = re.compile(r"\b(?:now|reached|has reached|climbed|in total|altogether|overall)\b", re.I)


def other_toll_sentences(article: Article) -> tuple[int | None, set[int]]:
    """The lead's toll sentence, and later sentences telling of an attack with more dead than the lead.

    "A Russian attack against the Kharkiv district ... killed a man in a tractor" and, further on, "Overnight,
    Russian drone attacks killed four people ... in Kharkiv": a town named only with another toll is another
    incident's place (a toll that rose, "the death toll rose to four", is the same incident's).
    """
    background = background_sentences(article)
    lead, tolls = None, set()
    for sentence in article.body[:5]:
        found = [(low, high) for kind, low, high, _, _ in casualties(sentence) if kind == "fatalities" and low]
        if found and sentence.index not in background:
            lead, tolls = sentence.index, {low for low, _ in found}
            if any(high != low for low, high in found):
                return None, set()  # "more than a dozen": a count told later may be within it
            break
    if lead is None:
        return None, set()
    heads = {low for s in article.sentences if s.headline for kind, low, _, _, _ in casualties(s)
             if kind == "fatalities" and low}
    out = set()
    for sentence in article.body:
        if sentence.index <= lead or _UPDATE.search(sentence.norm) or not _ATTACK.search(sentence.norm):
            continue
        found = {low for kind, low, _, _, _ in casualties(sentence) if kind == "fatalities" and low}
        # more dead than the lead tells of (fewer may be a part of its total: "killing 10" of "at least 11")
        if found and min(found) > max(tolls | heads) and not _NOW.search(sentence.norm):
            out.add(sentence.index)
    return lead, out
