"""Claims: a figure as several people state it, side by side.

An incident's fatalities, its injuries, each damage item and its location
are *claims*: someone said them, someone relayed them, at some time, and a
later statement may replace them. A :class:`ClaimSet` keeps every claim of
one figure and says what a reader should see:

* the **effective range** runs from the lowest to the highest figure among
  the claims that stand (status ``reported``, ``confirmed`` or
  ``disputed``); it is never an average;
* **who stands behind each end** (:attr:`ClaimSet.low_by`,
  :attr:`ClaimSet.high_by`);
* whether the figure is **disputed**: a standing claim is marked disputed,
  or the standing claims cannot all be true at once (their ranges do not
  overlap, e.g. "no casualties" against "at least 12 killed");
* superseded claims with the claim that replaced them, and retracted ones.

Counts are people (fatalities, injuries) or items (damaged cars); ``low``
and ``high`` are inclusive, ``high`` None with ``low`` given means
open-ended ("at least 12"), ``low`` None with ``high`` given means "up to".

Examples
--------
>>> from geo.input.claims import Claim, ClaimSet
>>> figure = ClaimSet((Claim(low=12, text="at least 12 killed", claimant="Defense Ministry"),
...                    Claim(low=0, high=0, text="no casualties", claimant="Defense Ministry",
...                          source="Kommersant")))
>>> figure.low, figure.high, figure.open_ended, figure.disputed, figure.range_text
(0, None, True, True, '0 to at least 12')
>>> [c.text for c in figure.low_by], [c.text for c in figure.high_by]
(['no casualties'], ['at least 12 killed'])
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from geo._format import format_count, format_count_range
from geo.errors import InputError, short_value

__all__ = ["Claim", "ClaimSet", "CLAIM_STATUSES", "STANDING_STATUSES", "single_claim", "range_claims", "figure_text",
           "claimants", "with_claims"]

#: Every status a claim can have, in the order a reader meets them.
CLAIM_STATUSES = ("reported", "confirmed", "disputed", "superseded", "retracted")
#: Statuses of claims that count towards the effective figure.
STANDING_STATUSES = ("reported", "confirmed", "disputed")


@dataclass(frozen=True)
class Claim:
    """One statement of a figure (or of a location).

    Attributes
    ----------
    low, high:
        The stated count as an inclusive range (people or items); ``high``
        None means open-ended, both None means the claim gives no number
        (a location, or wording such as "several cars").
    text:
        The wording quoted, e.g. ``"at least 12 people killed"``.
    claimant:
        Who said it, e.g. ``"Russian Defense Ministry"``.
    source:
        The outlet or document that relays it (display name), e.g.
        ``"Kommersant"``; None when the claimant is read directly.
    source_id:
        The scenario's source id the relay was given as, if any.
    url:
        Address of the relaying report (only http/https become links).
    said:
        When it was said, ISO 8601 text (``"2023-04-21"`` or
        ``"2023-04-20T22:15+03:00"``), as precise as known.
    status:
        One of :data:`CLAIM_STATUSES`.
    id:
        Short name other claims refer to (``superseded_by``).
    superseded_by:
        ``id`` of the claim that replaced this one (same claimant, later).
    evidence:
        The sentence the claim was read from, verbatim, when extracted.
    place, lon, lat, uncertainty_m:
        For location claims: the place as named, and optionally the point
        (degrees, EPSG:4326) and radius in metres it implies.
    """

    low: int | None = None
    high: int | None = None
    text: str | None = None
    claimant: str | None = None
    source: str | None = None
    source_id: str | None = None
    url: str | None = None
    said: str | None = None
    status: str = "reported"
    id: str | None = None
    superseded_by: str | None = None
    evidence: str | None = None
    place: str | None = None
    lon: float | None = None
    lat: float | None = None
    uncertainty_m: float | None = None

    def __post_init__(self) -> None:
        if self.status not in CLAIM_STATUSES:
            raise InputError(f"claim status must be one of {', '.join(CLAIM_STATUSES)}, got {self.status!r}",
                             key="Claim.status", hint=f"use one of {', '.join(CLAIM_STATUSES)}")
        for name in ("low", "high"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise InputError(f"claim {name} cannot be negative, got {value}", key=f"Claim.{name}",
                                 hint="give a count of people, 0 or more, or None when the claim states no number")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise InputError(f"claim low ({self.low}) is greater than high ({self.high})", key="Claim.low",
                             hint="swap low and high, or give low=high for an exact figure")

    @property
    def standing(self) -> bool:
        """True when the claim counts towards the effective figure."""
        return self.status in STANDING_STATUSES

    @property
    def has_figure(self) -> bool:
        """True when the claim states a number (a bound at least)."""
        return self.low is not None or self.high is not None

    @property
    def interval(self) -> tuple[float, float]:
        """``(low, high)`` as numbers: a missing low is 0, an open high is infinity."""
        low = 0.0 if self.low is None else float(self.low)
        high = math.inf if self.high is None else float(self.high)
        return low, high


@dataclass(frozen=True)
class ClaimSet:
    """Every claim of one figure, and what a reader should see of them.

    ``ClaimSet`` is immutable and cheap; build it once when a scenario or
    dataset is read. A set of one claim is the one-claim form of old
    scenarios and of event datasets (ACLED, UCDP).
    """

    claims: tuple[Claim, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "claims", tuple(self.claims))

    def __len__(self) -> int:
        return len(self.claims)

    def __iter__(self):
        return iter(self.claims)

    @property
    def standing(self) -> tuple[Claim, ...]:
        """Claims that count: reported, confirmed or disputed."""
        return tuple(c for c in self.claims if c.standing)

    @property
    def _figures(self) -> tuple[Claim, ...]:
        return tuple(c for c in self.standing if c.has_figure)

    @property
    def low(self) -> int | None:
        """Lowest figure among standing claims (a bare "up to N" counts as 0); None without figures."""
        figures = self._figures
        if not figures:
            return None
        return int(min(c.interval[0] for c in figures))

    @property
    def high(self) -> int | None:
        """Highest figure among standing claims; None when one is open-ended or there are none."""
        figures = self._figures
        if not figures or self.open_ended:
            return None
        return int(max(c.interval[1] for c in figures))

    @property
    def open_ended(self) -> bool:
        """True when a standing claim has a lower bound only ("at least 12")."""
        return any(c.low is not None and c.high is None for c in self._figures)

    @property
    def open_low(self) -> int | None:
        """Largest lower bound among open-ended standing claims ("at least 12" gives 12); None without one."""
        bounds = [c.low for c in self._figures if c.low is not None and c.high is None]
        return max(bounds) if bounds else None

    @property
    def range_text(self) -> str:
        """The effective range in words, never an average.

        ``"3"``, ``"3–99"``, ``"at least 12"``, ``"0 to at least 12"``; ``""``
        when no standing claim gives a number.
        """
        if self.open_ended:
            top = self.open_low
            return format_count_range(top, None) if self.low == top else \
                f"{format_count(self.low)} to {format_count_range(top, None)}"
        return figure_text(self.low, self.high)

    @property
    def low_by(self) -> tuple[Claim, ...]:
        """The standing claims whose figure is the effective low end."""
        low = self.low
        return tuple(c for c in self._figures if low is not None and c.interval[0] == low)

    @property
    def high_by(self) -> tuple[Claim, ...]:
        """The standing claims whose figure is the effective high end (the open-ended ones when any)."""
        figures = self._figures
        if not figures:
            return ()
        if self.open_ended:
            return tuple(c for c in figures if c.high is None and c.low == self.open_low)
        top = max(c.interval[1] for c in figures)
        return tuple(c for c in figures if c.interval[1] == top)

    @property
    def disagree(self) -> bool:
        """True when the standing figures cannot all be true: some ranges do not overlap."""
        figures = self._figures
        if len(figures) < 2:
            return False
        return max(c.interval[0] for c in figures) > min(c.interval[1] for c in figures)

    @property
    def disputed(self) -> bool:
        """True when the standing figures disagree or a standing claim is marked disputed."""
        return self.disagree or any(c.status == "disputed" for c in self.standing)

    @property
    def superseded(self) -> tuple[tuple[Claim, Claim | None], ...]:
        """Each superseded claim with the claim that replaced it (None when not in the set)."""
        by_id = {c.id: c for c in self.claims if c.id}
        return tuple((c, by_id.get(c.superseded_by)) for c in self.claims if c.status == "superseded")

    @property
    def retracted(self) -> tuple[Claim, ...]:
        """Claims withdrawn by whoever made them."""
        return tuple(c for c in self.claims if c.status == "retracted")

    def flat(self) -> dict[str, int | str | None]:
        """The incident-table columns of this figure: effective ``low``/``high``, ``source`` (who stands
        behind the standing figures) and ``text`` (the range, marked when disputed)."""
        standing = [c for c in self.standing if c.has_figure]
        who = "; ".join(dict.fromkeys(c.claimant or c.source or "not stated" for c in standing)) or None
        text = self.range_text or None
        if text and self.disputed:
            text += " (disputed)"
        return {"low": self.low, "high": self.high, "source": who, "text": text}

    def replacement(self, claim: Claim) -> Claim | None:
        """The claim that superseded ``claim``, if it is in this set."""
        if claim.superseded_by is None:
            return None
        return next((c for c in self.claims if c.id == claim.superseded_by), None)


def single_claim(low: int | float | None, high: int | float | None = None, *, text: str | None = None,
                 claimant: str | None = None, source: str | None = None, url: str | None = None,
                 said: str | None = None) -> ClaimSet:
    """A figure with one claim: the form of old scenarios and of one-figure datasets.

    Float input (pandas' nullable columns) is accepted when whole; NaN is missing.

    >>> single_claim(3, 3, claimant="Governor").low
    3
    """
    return ClaimSet((Claim(low=_count(low, "low"), high=_count(high, "high"), text=text, claimant=claimant,
                           source=source, url=url, said=said),))


def range_claims(best: int | float | None, low: int | float | None, high: int | float | None, *,
                 claimant: str | None = None, source: str | None = None, url: str | None = None,
                 said: str | None = None) -> ClaimSet:
    """One dataset claim from a best estimate and its low/high bounds (UCDP ``best``/``low``/``high``).

    The dataset states one claim; its range is ``low``–``high`` (the best
    estimate fills a missing bound) and the wording keeps the best estimate.

    >>> cs = range_claims(5, 3, 9, claimant="UCDP GED")
    >>> cs.low, cs.high, cs.claims[0].text
    (3, 9, 'best estimate 5 (low 3, high 9)')
    """
    best_i, low_i, high_i = _count(best, "best"), _count(low, "low"), _count(high, "high")
    lo = low_i if low_i is not None else best_i
    hi = high_i if high_i is not None else best_i
    parts = [f"low {low_i}" if low_i is not None else "", f"high {high_i}" if high_i is not None else ""]
    detail = ", ".join(p for p in parts if p)
    text = None
    if best_i is not None:
        text = f"best estimate {best_i}" + (f" ({detail})" if detail else "")
    return ClaimSet((Claim(low=lo, high=hi, text=text, claimant=claimant, source=source, url=url, said=said),))


def _count(value: int | float | None, key: str) -> int | None:
    """``value`` as a whole count (None when missing or NaN); ``key`` names the argument in the error."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"a count must be a number, got {short_value(value)}", key=key,
                         hint="give a whole number of people, or None when not known") from None
    if math.isnan(number):
        return None
    if not math.isfinite(number) or number != int(number):
        raise InputError(f"a count must be a whole number, got {short_value(value)}", key=key,
                         hint="give a whole number of people, e.g. 12; a range goes in low and high")
    return int(number)


def figure_text(low: int | None, high: int | None) -> str:
    """A count range in words (:func:`geo._format.format_count_range`): ``"3"``, ``"24–99"``, ``"at least 12"``.

    >>> figure_text(0, None), figure_text(3, 99), figure_text(None, None)
    ('at least 0', '3–99', '')
    """
    return format_count_range(low, high)


def claimants(claims: Iterable[Claim]) -> list[str]:
    """Distinct claimants in order of appearance (blank ones skipped)."""
    return list(dict.fromkeys(c.claimant for c in claims if c.claimant))


def with_claims(frame: Any, kind: str, claims: Iterable[ClaimSet | None]) -> Any:
    """A copy of an incidents frame with ``claims`` (one :class:`ClaimSet` or None per row) for ``kind``.

    ``kind`` is ``"fatalities"`` or ``"injuries"``. Sets ``<kind>_claims`` and,
    where a row has claims, the flat ``<kind>_low``, ``_high``, ``_source`` and
    ``_text`` columns from :meth:`ClaimSet.flat`, so colours, filters and
    tables follow the effective figure; rows without claims keep theirs.

    >>> import geopandas as gpd, shapely
    >>> from geo.input.claims import Claim, ClaimSet, with_claims
    >>> frame = gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.Point(36.58, 50.6)], crs=4326)
    >>> both = ClaimSet((Claim(low=0, high=0, claimant="Ministry"), Claim(low=12, claimant="Paper")))
    >>> row = with_claims(frame, "fatalities", [both]).iloc[0]
    >>> int(row["fatalities_low"]), row["fatalities_text"]
    (0, '0 to at least 12 (disputed)')
    """
    import pandas as pd

    if kind not in ("fatalities", "injuries"):
        raise InputError(f"kind must be 'fatalities' or 'injuries', got {short_value(kind)}", key="kind",
                         hint="with_claims(frame, 'fatalities', claim_sets)")
    values = list(claims)
    if len(values) != len(frame):
        raise InputError(f"{len(values)} claim sets for {len(frame)} incidents; give one (or None) per row",
                         key="claims", hint="pass a list as long as the frame, None for rows without claims")
    out = frame.copy()
    out[f"{kind}_claims"] = pd.Series(values, index=out.index, dtype=object)
    for column in ("low", "high", "source", "text"):
        name = f"{kind}_{column}"
        old = out[name].astype(object).tolist() if name in out else [None] * len(out)
        new = [c.flat()[column] if isinstance(c, ClaimSet) and len(c) else o for c, o in zip(values, old, strict=True)]
        out[name] = pd.Series(new, index=out.index, dtype="Int64" if column in ("low", "high") else object)
    return out
