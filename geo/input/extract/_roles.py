"""Which named place is the incident's: a score per mention and per place.

A mention scores for an event word in its sentence, for how firmly it is
placed ("in the city of X", "near X", "in X"), for standing in the lead;
it loses for background (a border, a hospital town, an earlier attack) and
for naming a district rather than a town. The place with the highest total
is the incident's (see ``_locate``).
"""

from __future__ import annotations

import functools
from collections import defaultdict

from geo.input.extract._figures import casualties
from geo.input.extract._gazetteer import places
from geo.input.extract._mention import INCIDENT_CUE, Match

__all__ = ["mention_score", "place_key", "score_roles", "with_deaths"]


def score_roles(matches: list[Match]) -> dict[tuple, float]:
    """Incident score per place: event words in the sentence, "in the city of", the lead; minus background."""
    totals: dict[tuple, float] = defaultdict(float)
    for match in matches:
        if match.kind == "town":
            totals[place_key(match)] += mention_score(match)
    return dict(totals)


def mention_score(match: Match) -> float:
    """One mention's incident score (see :func:`score_roles`), at least 0."""
    score = 0.0
    sentence = match.sentence
    if INCIDENT_CUE.search(sentence.norm):
        score += 2.0
    score += {"strong": 2.0, "offset": 2.0, "near": 1.5, "prep": 1.0}.get(match.context, 0.0)
    if sentence.index <= 1 or match.lead:
        score += 1.0
    if with_deaths(sentence) and not (match.background or match.other):
        score += 1.0  # "The enemy dropped a bomb on X: 2 people were killed": named with the dead
    if match.background or match.other:
        score -= 3.0
    if match.unit:
        score -= 1.0  # "Kohat district" locates less precisely than the town named beside it
    score += match.boost
    if match.source:
        score = min(score, 1.0)  # named only as part of who speaks; used when nothing better
    return max(score, 0.0)


@functools.lru_cache(maxsize=4096)
def with_deaths(sentence) -> bool:
    """The sentence gives a death toll (one or more dead): "The enemy dropped a bomb on X: 2 people were killed"."""
    return any(kind == "fatalities" and low for kind, low, _, _, _ in casualties(sentence))


def place_key(match: Match) -> tuple:
    """Town or region the match stands for: ("town", row) or ("region", country, admin1)."""
    if match.region_word:
        frame = places()
        return ("region", frame["country"][match.row], frame["admin1code"][match.row])
    return ("town", match.row)
