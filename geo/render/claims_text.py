"""Claims as text: the one wording every renderer uses for a figure with several claims.

The map popup, the report's key figures and claims panel (HTML, Markdown,
PDF) and the static map's caption all call these functions, so a figure
reads the same everywhere: the effective range across the standing claims,
"disputed" when they disagree, and who stands behind each end. Nothing is
computed here beyond wording; the range and the dispute come from
:class:`geo.input.claims.ClaimSet`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from geo._format import format_count, format_count_range
from geo.input.claims import Claim, ClaimSet, figure_text

__all__ = ["ClaimLine", "claim_lines", "effective_text", "ends_text", "who_text", "said_text", "claim_figure",
           "is_claimset", "safe_url", "caption_lines", "disputed_mask", "CLAIM_COLUMNS"]

#: Incident columns holding a :class:`ClaimSet` per row (when the scenario lists claims).
CLAIM_COLUMNS = ("fatalities_claims", "injuries_claims", "location_claims")

#: Figures with claims, in the order captions list them: (column, label).
CAPTION_FIGURES = (("fatalities_claims", "Killed"), ("injuries_claims", "Injured"))


@dataclass(frozen=True)
class ClaimLine:
    """One claim as a claims panel lists it (plain, unescaped text).

    ``url`` is kept only when it is http(s); ``struck`` is True for a
    superseded or retracted claim, and ``replaced_by`` names what replaced
    a superseded one.
    """

    figure: str
    wording: str
    claimant: str
    relay: str
    url: str | None
    said: str
    status: str
    struck: bool
    replaced_by: str


def is_claimset(value: Any) -> bool:
    """True for a :class:`ClaimSet` with at least one claim (a cell of a ``*_claims`` column)."""
    return isinstance(value, ClaimSet) and len(value) > 0


def safe_url(url: str | None) -> str | None:
    """``url`` when it is http(s), else None: only those become links."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def claim_figure(claim: Claim) -> str:
    """The number a claim states, in words (``"3"``, ``"24–99"``, ``"at least 12"``), or ``""``."""
    if not claim.has_figure:
        return ""
    if claim.low is not None and claim.high is None:
        return format_count_range(claim.low, None)
    return figure_text(claim.low, claim.high)


def who_text(claim: Claim) -> str:
    """``"Claimant, via Relay"``, or whichever of the two is known, or ``"not stated"``."""
    if claim.claimant and claim.source:
        return f"{claim.claimant}, via {claim.source}"
    return claim.claimant or claim.source or "not stated"


def said_text(claim: Claim) -> str:
    """When it was said: ``"2023-04-21"`` or ``"2023-04-20 22:15 (UTC+03:00)"``; ``""`` when unknown."""
    said = claim.said or ""
    if len(said) <= 10:
        return said
    day, rest = said[:10], said[11:]
    offset = ""
    for mark in ("Z", "+", "-"):
        if mark in rest:
            at = rest.index(mark)
            rest, offset = rest[:at], rest[at:]
            break
    offset = " (UTC)" if offset == "Z" else f" (UTC{offset})" if offset else ""
    return f"{day} {rest[:5]}{offset}"


def ends_text(claims: ClaimSet) -> str:
    """Who stands behind each end of the effective range.

    ``"0 per A, via X · at least 12 per B, via Y"``, or ``"3 per A, via X"``
    when every standing claim gives the same figure.
    """
    low_by, high_by = claims.low_by, claims.high_by
    if not low_by:
        return ""
    low_figure = _end_figure(claims, low=True)
    high_figure = _end_figure(claims, low=False)
    low_who = _who_all(low_by)
    if low_figure == high_figure and set(low_by) == set(high_by):
        return f"{low_figure} per {low_who}"
    return f"{low_figure} per {low_who} · {high_figure} per {_who_all(high_by)}"


def _who_all(claims: tuple[Claim, ...]) -> str:
    """Claimants with their relays: ``"A, via X and Y; B"`` (a claimant named once)."""
    relays: dict[str, list[str]] = {}
    for claim in claims:
        name = claim.claimant or claim.source or "not stated"
        relays.setdefault(name, [])
        if claim.claimant and claim.source and claim.source not in relays[name]:
            relays[name].append(claim.source)
    return "; ".join(f"{name}, via {' and '.join(via)}" if via else name for name, via in relays.items())


def _end_figure(claims: ClaimSet, *, low: bool) -> str:
    if low:
        return format_count(claims.low)
    if claims.open_ended:
        return format_count_range(claims.open_low, None)
    return format_count(claims.high)


def effective_text(claims: ClaimSet) -> str:
    """The figure a reader sees: range, dispute mark and who stands behind each end.

    ``"0 to at least 12 (disputed): 0 per A, via X · at least 12 per B, via Y"``;
    a figure whose claims give no number reads as its standing wordings.
    """
    shown = claims.range_text
    if not shown:
        words = [f"{c.text or 'reported'} ({who_text(c)})" for c in claims.standing]
        return "; ".join(words) or "all claims withdrawn"
    if claims.disputed:
        shown += " (disputed)"
    ends = ends_text(claims)
    if " · " not in ends and ends.startswith(claims.range_text + " per "):
        return shown + ends[len(claims.range_text):]  # one figure: "3 per A, via X"
    return f"{shown}: {ends}" if ends else shown


def claim_lines(claims: ClaimSet) -> list[ClaimLine]:
    """Every claim of a figure, in the order given, as panel lines."""
    out = []
    for claim in claims:
        replacement = claims.replacement(claim)
        replaced = ""
        if claim.status == "superseded":
            replaced = "a later claim"
            if replacement is not None:
                figure = claim_figure(replacement) or replacement.text or "a later claim"
                when = said_text(replacement)
                replaced = f"{figure} ({when})" if when else figure
        out.append(ClaimLine(figure=claim_figure(claim), wording=claim.text or "", claimant=claim.claimant or "not stated",
                             relay=claim.source or "", url=safe_url(claim.url), said=said_text(claim),
                             status=claim.status, struck=claim.status in ("superseded", "retracted"),
                             replaced_by=replaced))
    return out


def caption_lines(incidents: Any) -> list[str]:
    """``"Killed: <effective text>"`` lines for a one-incident caption (static map), for figures with claims.

    Empty for several incidents or for the one-claim form, whose captions stay as they were.
    """
    if len(incidents) != 1:
        return []
    row = incidents.iloc[0]
    return [f"{label}: {effective_text(row[column])}" for column, label in CAPTION_FIGURES
            if column in incidents and is_claimset(row[column])]


def disputed_mask(incidents: Any) -> np.ndarray:
    """True for each incident with a disputed figure (fatalities, injuries or location)."""
    mask = np.zeros(len(incidents), dtype=bool)
    for column in CLAIM_COLUMNS:
        if column in incidents:
            mask |= np.fromiter((is_claimset(c) and c.disputed for c in incidents[column]), dtype=bool,
                                count=len(incidents))
    return mask
