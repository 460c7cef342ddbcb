"""What was used and what happened: weapons and platforms, a coarse event type, actors.

Designators are written the usual way ("SU-34" -> "Su-34"); only sentences
about the incident are read, so "arms control" in an analyst's quote adds
nothing. Event type and actors are a rule's reading of the text and are
always listed for the analyst to check.
"""

from __future__ import annotations

import re

from geo.input.extract._mention import INCIDENT_CUE
from geo.input.extract._model import WeaponMention
from geo.input.extract._names import TITLE_WORDS, demonym_index
from geo.input.extract._text import Article

__all__ = ["find_weapons", "find_event_type", "find_actors", "incident_sentences"]

# Designators with their usual spelling: "SU-34" is written "Su-34".
_PREFIXES = ["Su", "MiG", "Tu", "Il", "Ka", "Mi", "Yak", "Kh", "S", "F", "B", "A", "AH", "UH", "MQ", "RQ", "TB",
             "Shahed", "Geran", "Lancet", "FAB", "KAB", "OFAB", "UPAB", "ODAB", "BM", "AGM", "GBU", "Tochka", "Tor",
             "Buk", "Orlan", "Mohajer", "Ababil", "Samad", "Qasef", "Burkan", "Fateh", "Zolfaghar", "Grad", "M"]
_DESIGNATOR = re.compile(r"\b(?P<prefix>" + "|".join(sorted(_PREFIXES, key=len, reverse=True)) + r")[- ]?"
                         r"(?P<number>\d{1,4}[A-Z]{0,3}\d?)\b", re.I)
_NAMED = ["Iskander", "Kalibr", "Kinzhal", "Tochka-U", "Grad", "Uragan", "Smerch", "Tornado-S", "HIMARS", "ATACMS",
          "Storm Shadow", "SCALP", "Bayraktar TB2", "Bayraktar", "Zircon", "Onyx", "Lancet", "Shahed", "Geran",
          "Javelin", "Tomahawk", "Hellfire", "Qassam", "Grad", "Katyusha", "Patriot", "Oniks", "Tochka"]
_MUNITIONS = [("glide bomb", "bomb"), ("barrel bomb", "bomb"), ("cluster munitions?", "cluster munition"),
              ("cluster bombs?", "cluster munition"), ("car bomb", "car bomb"), ("suicide bomb\\w*", "suicide bomb"),
              ("improvised explosive devices?|IEDs?", "improvised explosive device"), ("bombs?", "bomb"),
              ("ballistic missiles?", "ballistic missile"), ("cruise missiles?", "cruise missile"),
              ("missiles?", "missile"), ("rockets?", "rocket"), ("drones?|UAVs?", "drone"),
              ("artillery|shells?|shelling", "artillery"), ("mortars?", "mortar"), ("grenades?", "grenade"),
              ("landmines?", "landmine"), ("air ?strikes?", "air strike")]
_AIRCRAFT = re.compile(r"\b(fighter jet|fighter-bomber|warplane|bomber|attack helicopter|helicopter|military "
                       r"aircraft|air force plane|jet)\b", re.I)


def find_weapons(article: Article, *, incident_sentences: set[int]) -> list[WeaponMention]:
    """Platforms and munitions named in sentences about the incident, in order of first mention."""
    found: dict[str, WeaponMention] = {}
    for sentence in article.sentences:
        if sentence.index not in incident_sentences:
            continue
        text = sentence.norm
        for match in _DESIGNATOR.finditer(text):
            prefix = next(p for p in _PREFIXES if p.lower() == match.group("prefix").lower())
            if len(prefix) == 1 and not re.match(r"[A-Z]-\d{2,}", match.group()):
                continue  # "A 4", "M 5": not a designator without a hyphen and two digits
            name = f"{prefix}-{match.group('number').upper()}"
            found.setdefault(name, WeaponMention(name, "designator", sentence.text))
        for name in _NAMED:
            if re.search(r"\b" + re.escape(name) + r"\b", text, re.I) and not any(
                    name.lower() in key.lower() for key in found):
                found.setdefault(name, WeaponMention(name, "named system", sentence.text))
        for pattern, name in _MUNITIONS:
            if name == "air strike":
                continue
            if re.search(r"\b(?:" + pattern + r")\b", text, re.I if name != "improvised explosive device" else 0):
                if name == "bomb" and any(k in found for k in ("car bomb", "suicide bomb")):
                    continue
                found.setdefault(name, WeaponMention(name, "munition", sentence.text))
    if not any(w.kind == "designator" for w in found.values()):
        for sentence in article.sentences:
            if sentence.index in incident_sentences and _AIRCRAFT.search(sentence.norm):
                name = _AIRCRAFT.search(sentence.norm).group(1).lower()
                found.setdefault(name, WeaponMention(name, "platform", sentence.text, True,
                                                     "a generic aircraft type; the model is not named"))
                break
    rank = {"designator": 0, "named system": 1, "munition": 2, "platform": 3}
    return sorted(found.values(), key=lambda w: rank[w.kind])


_EVENT_RULES = [
    (r"\bcar bomb|suicide bomb|improvised explosive|\bIEDs?\b|bomb (?:exploded|went off|blast)|planted (?:a )?bomb|"
     r"explosive device", "bombing"),
    (r"\bdropped (?:a |an |the )?(?:\w+ )?bombs?|air ?strikes?|warplanes?|bombed|bombing raid|fighter jet", "air strike"),
    (r"\bbombs? (?:hit|struck|fell|landed)", "bombing"),
    (r"\bballistic missile|cruise missile|missiles?", "missile strike"),
    (r"\bdrones?|UAVs?", "drone strike"),
    (r"\bshell(?:ed|ing)|artillery|mortars?|rockets?", "shelling"),
    (r"\bgunmen|opened fire|shooting|shot dead", "armed attack"),
    (r"\bexplosion|blast|exploded", "explosion"),
]
_ACCIDENT = re.compile(r"\b(?:accident(?:al|ally)?|mistaken(?:ly)?|by mistake|misfire|unintentional(?:ly)?|"
                       r"inadvertent(?:ly)?|malfunction)\b", re.I)
_MILITARY_NOUN = re.compile(r"\b(fighter jet|warplanes?|jets?|aircraft|planes?|helicopters?|drones?|forces|troops|"
                            r"army|military|air force|navy|artillery|soldiers|militants|fighters|rebels|gunmen)\b",
                            re.I)


def find_event_type(article: Article, *, incident_sentences: set[int]) -> tuple[str, str] | None:
    """A coarse event type ("air strike", "shelling", ...) and its evidence; "accidental" when the text says so."""
    body = [s for s in article.sentences if s.index in incident_sentences]
    for pattern, label in _EVENT_RULES:
        for sentence in body:
            if re.search(pattern, sentence.norm, re.I):
                accident = any(_ACCIDENT.search(s.norm) for s in body)
                return (f"accidental {label}" if accident else label), sentence.text
    return None


def find_actors(article: Article, *, incident_sentences: set[int]) -> list[tuple[str, str]]:
    """ "A Russian fighter jet" -> "Russian armed forces": a nationality right before a military noun."""
    demonyms = demonym_index()
    out: dict[str, str] = {}
    for sentence in article.sentences:
        if sentence.index not in incident_sentences:
            continue
        for match in re.finditer(r"\b([A-Z][a-z]+)\s+(?:[a-z-]+\s+)?" + _MILITARY_NOUN.pattern, sentence.norm):
            code = demonyms.get(match.group(1).lower())
            if code and match.group(1).lower() not in TITLE_WORDS:
                out.setdefault(f"{match.group(1)} armed forces", sentence.text)
    return list(out.items())


def incident_sentences(article: Article, place_sentences: set[int]) -> set[int]:
    """Sentences about the incident: the lead, sentences naming its place, and those with event words."""
    chosen = set(place_sentences)
    for sentence in article.sentences:
        if sentence.index <= 2 or (INCIDENT_CUE.search(sentence.norm) and sentence.index <= 6):
            chosen.add(sentence.index)
    return chosen
