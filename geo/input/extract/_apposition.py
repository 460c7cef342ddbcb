"""Sentences that say where a named town lies, and which sentence is the lead.

"Samarra is located 125 kilometers north of Baghdad" says where Samarra is,
not that the incident was 125 km from Baghdad; a byline line or a standfirst
without a full stop is not the article's lead sentence.
"""

from __future__ import annotations

import itertools
import re

from geo.input.extract._figures import casualties
from geo.input.extract._text import Article

__all__ = ["appositive_offsets", "headline_toll", "lead_index"]

#: Score added to a place named in the sentence that first repeats the headline's death toll.
_HEADLINE_TOLL_BOOST = 1.5

#: "X is located 125 kilometers (78 miles) north of", "X lies some 30 km south of"
_LIES = r"\s+(?:is|lies)\s+(?:located\s+|situated\s+)?(?:about\s+|some\s+|around\s+|roughly\s+)?\d[^,;]{0,40}"
#: "X governor's house, 150km (95 miles) south of"
_APPOSITION = r"(?:'s)?(?:\s+[\w'-]+){0,3},\s*\d[^,;]{0,40}"
_FULL_STOP = re.compile(r"[.!?][\"'\u201d\u2019)]*\s*$")


def lead_index(article: Article) -> int:
    """Index of the lead: the first full sentence of eight words or more after the headline.

    "December 09, 2010", a byline ("By A and B | June 11, 2025 | 9:40 AM EDT") or a standfirst line without a
    full stop may come before it; without any full sentence, the first long line is the lead.
    """
    long = [s for s in article.body if len(s.norm.split()) >= 8]
    full = next((s.index for s in long if _FULL_STOP.search(s.text)), None)
    return full if full is not None else (long[0].index if long else 1)


def headline_toll(article: Article, matches: list, lead: int) -> None:
    """Places named where the body first gives the headline's death toll are the headline's incident's.

    "Iranian missile kills two in central Israel" above "Two people were killed in an Iranian missile attack
    that struck a construction site in the city of Yehud": Yehud outweighs a later paragraph's "damage over the
    weekend in Tel Aviv and Rishon LeZion" and "a woman in the Rishon Lezion area was treated". ``matches`` are
    ``_places.Match`` objects; their ``boost`` grows.
    """
    heads = [s for s in article.sentences if s.index < lead and (s.headline or s.index <= 1)]
    toll = {low for s in heads for kind, low, *_ in casualties(s) if kind == "fatalities" and low}
    if not toll:
        return
    first = next((s.index for s in article.body if s.index >= lead and any(
        kind == "fatalities" and low in toll for kind, low, *_ in casualties(s))), None)
    for match in matches:
        if match.sentence.index == first and match.kind in ("town", "unresolved") and match.context and not (
                match.background or match.other or match.unit or match.region_word):  # a dateline, district, region: no
            match.boost += _HEADLINE_TOLL_BOOST


def appositive_offsets(matches: list) -> None:
    """ "outside the Diwaniya governor's house, 150km (95 miles) south of Baghdad", "Samarra is located 125
    kilometers north of Baghdad": the distance says where the town lies, not that the incident was that far out.

    ``matches`` are the article's place matches (``_places.Match``) in text order; an offset explained so loses it.
    """
    for prev, match in itertools.pairwise(matches):
        if match.context == "offset" and prev.kind in ("town", "unresolved") and prev.sentence is match.sentence and \
                re.fullmatch(_APPOSITION + "|" + _LIES, match.sentence.norm[prev.end:match.start]):
            match.context, match.offset = "", None
            if not prev.context:
                prev.context = "prep"

