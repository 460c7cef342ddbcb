"""Damage the article describes: what was hit (buildings, vehicles, windows, power ...) and how badly.

A damage verb ("damaged", "shattered", "knocked out", "destroyed") is tied to
the objects after it, or before it when passive ("windows were shattered"),
up to a clause break or the next verb. "Hit" only says where a strike
landed, so a plainer verb for the same kind replaces it.
"""

from __future__ import annotations

import re

from geo.input.extract._model import DamageReport
from geo.input.extract._text import Article

__all__ = ["find_damage"]

_DAMAGE_VERBS = [
    (r"(?:completely |totally )?(?:destroyed|flattened|razed|levell?ed|gutted|obliterated)", "destroyed"),
    (r"(?:badly |heavily |severely |seriously )damaged|collapsed|burn(?:ed|t) (?:down|out)|set|caught fire|"
     r"burn(?:ed|t)", "severe"),
    (r"(?:partially |partly )destroyed", "severe"),
    (r"(?:slightly |lightly )damaged|shattered|blew out|blown out|smashed|broke|broken", "light"),
    (r"damaged|damaging|hit|struck|knocked out|knocking out|cut off|cutting off|cut|disrupted|affected",
     "unknown"),
]
_OBJECTS = [
    (r"apartment (?:blocks?|buildings?)|residential (?:buildings?|blocks?)|blocks? of flats|high-rises?|buildings?|"
     r"houses?|homes?|apartments?|flats?|dwellings?|roofs?|fa[cç]ades?|garages?|(?:police |bus |railway )?"
     r"stations?|shelters?|tents?", "buildings"),
    (r"hospitals?|clinics?|medical facilit(?:y|ies)", "hospital"),
    (r"schools?|kindergartens?|universit(?:y|ies)", "school"),
    (r"mosques?|churches|church|synagogues?|temples?", "place of worship"),
    (r"markets?|shops?|stores?|shopping (?:centre|center|mall)s?|businesses", "commercial buildings"),
    (r"cars?|vehicles?|buses|bus|trucks?|lorr(?:y|ies)|minibus(?:es)?", "vehicles"),
    (r"windows?|glass|windowpanes?", "windows"),
    (r"power(?: supply| lines?| grid)?|electricity(?: supply)?|substations?|power (?:station|plant)s?",
     "power supply"),
    (r"water (?:supply|pipes?|mains?)|water", "water supply"),
    (r"gas (?:supply|pipelines?|lines?|mains?)", "gas supply"),
    (r"bridges?", "bridge"), (r"roads?|highways?", "road"), (r"railways?|rail lines?|tracks", "railway"),
    (r"(?:fuel|oil) (?:depots?|storage|tanks?)|depots?", "fuel depot"),
    (r"infrastructure|facilit(?:y|ies)", "infrastructure"),
]
_OBJECT_RE = re.compile(r"\b(?:" + "|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(_OBJECTS)) + r")\b", re.I)
_VERB_RE = re.compile(r"\b(?:" + "|".join(f"(?P<v{i}>{p})" for i, (p, _) in enumerate(_DAMAGE_VERBS)) + r")\b", re.I)
# Where an object phrase ends: a preposition that starts a place or cause, a clause break, another verb.
_STOP = re.compile(r"[,;:.]|\b(?:in|at|near|across|around|after|when|while|which|that|as|by|during|from|with|"
                   r"and (?:the )?(?:blast|explosion|fire|bomb)|killing|injuring|causing)\b", re.I)


def find_damage(article: Article, *, incident_sentences: set[int], claimants: dict[int, str | None]
                ) -> list[DamageReport]:
    """Damage named with a damage verb: "damaged several buildings and vehicles", "windows were shattered"."""
    found: dict[str, tuple[int, DamageReport]] = {}
    for sentence in article.body:
        if sentence.index not in incident_sentences:
            continue
        text = sentence.norm
        for verb in _VERB_RE.finditer(text):
            severity = next(_DAMAGE_VERBS[int(k[1:])][1] for k, v in verb.groupdict().items() if v)
            verb_text = verb.group().lower()
            if verb_text == "set" and not re.match(r"[^,.;]{0,40}?\b(?:on fire|ablaze|alight)", text[verb.end():]):
                continue
            # "hit" says where a strike landed, weaker than "destroyed": a later, plainer verb replaces it.
            rank = 0 if verb_text in ("hit", "struck", "affected") else 1
            for kind, phrase in _objects_of(text, verb):
                if kind in found and found[kind][0] >= rank:
                    continue
                description = f"{phrase} {_participle(verb_text)}".strip()
                description = description[0].lower() + description[1:]
                report = DamageReport(kind, severity, description, sentence.text, claimants.get(sentence.index))
                found[kind] = (rank, report)
    return [report for _, report in found.values()]


def _objects_of(text: str, verb: re.Match) -> list[tuple[str, str]]:
    """Objects after an active verb, or before a passive one, up to a clause break or the next verb."""
    passive = re.search(r"\b(?:were|was|have been|had been|are|is|got)\s+(?:\w+\s+)?$", text[:verb.start()], re.I)
    if passive:
        before = text[:verb.start()]
        cut = max((m.end() for m in re.finditer(r"[,;:.]|\b(?:and|when|after|while|as)\b", before)), default=0)
        segment = before[cut:passive.start()]
    else:
        after = text[verb.end():]
        ends = [m.start() for m in (_STOP.search(after), _VERB_RE.search(after)) if m]
        segment = after[:min(ends)] if ends else after
    out = []
    previous_end = None
    for obj in _OBJECT_RE.finditer(segment):
        if previous_end is not None and re.search(r"\bof\b", segment[previous_end:obj.start()]):
            break  # "windows of nearby shops": the shops' windows, not the shops
        previous_end = obj.end()
        kind = next(_OBJECTS[int(k[1:])][1] for k, v in obj.groupdict().items() if v)
        quantity = re.search(r"(?:\b(?:several|many|dozens of|hundreds of|scores of|some|\d+|a number of|multiple|"
                             r"nearby|numerous|at least \d+|two|three|four|five|six|seven|eight|nine|ten)\s+)?"
                             r"(?:\b(?!and\b|or\b|the\b|a\b|an\b|its\b|their\b)[a-z-]+\s+)?$", segment[:obj.start()])
        phrase = re.sub(r"\s+", " ", ((quantity.group() if quantity else "") + obj.group()).strip())
        out.append((kind, phrase))
    return out


def _participle(verb: str) -> str:
    return {"knocking out": "knocked out", "cutting off": "cut off", "damaging": "damaged", "broke": "broken",
            "blew out": "blown out", "hit": "hit", "struck": "hit", "set": "set on fire"}.get(verb, verb)
