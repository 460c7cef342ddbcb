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

import re
from dataclasses import dataclass

from geo.input.extract._places import INCIDENT_CUE, Match, place_key

__all__: list[str] = []

#: Wording that makes a name a village: "the village of X", "X village", "X, a remote village in", "X, Y district".
_VILLAGE_BEFORE = re.compile(r"\b(?:village|settlement|hamlet|villages|settlements)\s+of\s+(?:the\s+)?$|"
                             r"\bresidents?\s+of\s+(?:the\s+)?(?:village\s+of\s+)?$", re.I)
_VILLAGE_AFTER = re.compile(r"^(?:'s)?\s+(?:village|settlement|hamlet)\b|"
                            r"^,\s+(?:a|an|the)\s+(?:[\w'-]+\s+){0,3}?(?:village|settlement|hamlet)\b|"
                            r"^,\s*(?:[\w'-]+\s+){1,2}(?:district|raion|community|hromada)\b", re.I)


@dataclass
class StandIn:
    """A village the gazetteer lacks, standing in for the region named with it."""

    match: Match
    key: tuple  # ("region", country, admin1), or ("town", row) of the district's town
    region: Match
    score: float
    rank: int = 0  # 2 named with its district, 1 with its region, 0 placed by the story's region


#: "the other border village of X", "a neighbouring village": another place than the incident's.
_OTHER_BEFORE = re.compile(r"\b(?:other|another|neighbou?ring|nearby)\s+(?:[\w-]+\s+)?(?:village|settlement)s?\s+of\s+"
                           r"(?:the\s+)?$", re.I)


#: "In the second attack, a car bomber struck a checkpoint in the village of X": another incident's village.
_OTHER_ATTACK = re.compile(r"\b(?:the|a)\s+(?:second|third|other|earlier|previous)\s+(?:[\w-]+\s+)?(?:attack|strike|"
                           r"blast|bombing|explosion|raid|shelling)\b", re.I)


def is_village(match: Match) -> bool:
    """Named with village wording in a sentence about the incident, not as background or another attack."""
    return bool((_VILLAGE_BEFORE.search(match.before) or _VILLAGE_AFTER.match(match.after))
                and INCIDENT_CUE.search(match.sentence.norm) and not _OTHER_BEFORE.search(match.before)
                and not _OTHER_ATTACK.search(match.sentence.norm)
                and not (match.background or match.other or match.source))


def stand_ins(candidates: list[Match], matches: list[Match], totals: dict[tuple, float]) -> list[StandIn]:
    """The villages among ``candidates`` (unresolved or dropped names) and the region each stands in for.

    The region is the one named in the village's own sentence (the nearest
    after it, else before it); else the region the article names most as
    the incident's. A village with no region to stand in for is left out
    (its name stays in the unresolved list).
    """
    regions = [m for m in matches if m.kind == "town" and m.region_word and m.row is not None
               and not m.source and not m.background]
    out: dict[str, StandIn] = {}
    for match in candidates:
        if not is_village(match):
            continue
        # "the village of X in the Kupiansk district": near the district's town, as the district names it
        unit = next((m for m in matches if m.kind == "town" and m.unit and m.row is not None
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
            out[match.text] = StandIn(match, place_key(region), region, _score(match), rank)
            continue
        known.score += _score(match)  # named twice as the village: counts twice, as a town's mentions add up
        if rank > known.rank:
            known.match, known.key, known.region, known.rank = match, place_key(region), region, rank
    return list(out.values())


def _score(match: Match) -> float:
    """As :func:`~geo.input.extract._places.score_roles` scores a town: event words, "the village of", the lead."""
    score = 2.0 + 2.0  # an incident sentence; village wording counts as "the village of"
    if match.sentence.index <= 1 or match.lead:
        score += 1.0
    return score


def describe(stand_in: StandIn, region_text: str) -> tuple[str, str]:
    """(description, reason) of a location that stands for a village the gazetteer lacks.

    ``region_text`` is the region ("Kursk region") or, for a village named
    with its district, how the district's town locates it ("near Kupyansk").
    """
    name = stand_in.match.text
    note = stand_in.match.uncertain
    why = "not in the bundled gazetteer"
    if "villages called" in note:  # "2 villages called 'Kaimari' in the story's area; the text does not say which"
        why = note[note.rindex("; ", 0, note.index("villages called")) + 2 if "; " in note[:note.index(
            "villages called")] else 0:].replace("; ", ", ")
    unit = stand_in.region if stand_in.key[0] == "town" else None
    if unit is not None:  # "village Obukhivka (not in the bundled gazetteer) in Kupiansk district: near Kupyansk"
        description = f"village {name} ({why}) in {unit.text} {unit.unit}: {region_text}"
    else:
        description = f"village {name} ({why}): located only to {region_text}"
    whole = f"the circle is the whole {region_text}" if unit is None else "the circle is around the district's town"
    reason = f"the text names the village {name!r} as the incident's place; {why}, so {whole}, not the village"
    return description, reason
