"""What the extractor finds: every value with the sentence it came from.

Each finding has ``evidence`` (the article's sentence, verbatim) and
``uncertain`` plus ``reason`` when the rules that found it are not sure, so
the analyst knows what to check first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = ["PlaceMention", "IncidentLocation", "DateFinding", "Claim", "WeaponMention", "DamageReport",
           "Extraction"]


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the article.

    Attributes
    ----------
    text:
        The name as written, e.g. ``"Belgorod"`` or ``"Харків"``.
    kind:
        ``"town"`` (a gazetteer town), ``"region"`` (``"Belgorod region"``)
        or ``"country"``.
    role:
        ``"incident"`` for the place where it happened, ``"mentioned"`` for
        context ("eastern Ukraine", "Crimea").
    name, country:
        Gazetteer name and ISO A3 code of the match (the country itself for
        a country mention).
    lon, lat:
        Degrees (EPSG:4326) of the gazetteer point; None for a country.
    population:
        Of the matched town (0 for a country).
    geonameid:
        GeoNames id of the matched town, None otherwise.
    evidence:
        The sentence the name was found in.
    uncertain, reason:
        Set when another match was nearly as likely.
    """

    text: str
    kind: str
    role: str
    name: str
    country: str
    lon: float | None
    lat: float | None
    population: int
    geonameid: int | None
    evidence: str
    sentence: int
    uncertain: bool = False
    reason: str = ""


@dataclass(frozen=True)
class IncidentLocation:
    """Where the incident happened, as precisely as the text supports.

    Attributes
    ----------
    lon, lat:
        Degrees (EPSG:4326), (lon, lat) order.
    precision:
        1 exact site, 2 within or near a named town, 3 region only.
    uncertainty_m:
        Radius in metres within which the site lies.
    place:
        The mention the location rests on.
    description:
        How the text locates it, e.g. ``"in the city of Belgorod"``.
    region:
        The region named with the place, if any (``"Belgorod region"``).
    """

    lon: float
    lat: float
    precision: int
    uncertainty_m: float
    place: PlaceMention
    description: str
    evidence: str
    region: str | None = None
    uncertain: bool = False
    reason: str = ""


@dataclass(frozen=True)
class DateFinding:
    """When the incident happened.

    ``date`` is None when the text gives no date that can be resolved
    (for example a weekday with no publication date to count back from).
    ``time_precision`` is ``day``, ``week``, ``month`` or ``year``.
    """

    date: dt.date | None
    time_precision: str
    time_of_day: str | None
    text: str
    evidence: str
    uncertain: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Claim:
    """A casualty figure as a range, attributed to whoever claimed it.

    Attributes
    ----------
    kind:
        ``"fatalities"`` or ``"injuries"``.
    low, high:
        The range; ``high`` None means open-ended ("at least 12").
    text:
        The figure as worded, e.g. ``"at least 12 people"``.
    claimant:
        Who said so, e.g. ``"Russian Defense Ministry"``; None when the
        article does not say (then ``uncertain`` is set).
    """

    kind: str
    low: int | None
    high: int | None
    text: str
    claimant: str | None
    evidence: str
    sentence: int
    uncertain: bool = False
    reason: str = ""


@dataclass(frozen=True)
class WeaponMention:
    """A weapon or platform named in an incident sentence (``"Su-34"``, ``"bomb"``)."""

    name: str
    kind: str
    evidence: str
    uncertain: bool = False
    reason: str = ""


@dataclass(frozen=True)
class DamageReport:
    """Damage the article describes, e.g. kind ``"windows"``, severity ``"light"``."""

    kind: str
    severity: str
    description: str
    evidence: str
    claimant: str | None = None


@dataclass
class Extraction:
    """Everything extracted from one article.

    Attributes
    ----------
    title:
        The headline, or None when the article has none.
    published:
        Publication date: given by the caller, else read from a date line.
    published_from:
        ``"argument"``, ``"date line"`` or None.
    location:
        Where it happened; None when the text names no usable place.
    mentions:
        Every place matched, incident place and context alike.
    unresolved:
        Capitalised names in place-like positions ("annexation of Crimea")
        that the gazetteer does not hold.
    countries:
        ISO A3 codes of the countries the article is about, most-mentioned first.
    date, fatalities, injuries, weapons, damage:
        The incident's findings.
    claims:
        Every casualty claim found, including those not chosen for the draft.
    claimants:
        Who made claims, in order of first appearance.
    event_type, actors:
        Coarse labels with their evidence (always marked uncertain: they
        are a rule's reading of the text).
    notes:
        What the extractor could not do, in plain words.
    url:
        The page's URL when the article came from a saved web page.
    incident_count, incident_places:
        How many incidents the article tells of, and their places as
        written (the extraction holds the first).
    """

    text: str
    title: str | None = None
    published: dt.date | None = None
    published_from: str | None = None
    location: IncidentLocation | None = None
    mentions: list[PlaceMention] = field(default_factory=list)
    unresolved: list[tuple[str, str]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    date: DateFinding | None = None
    fatalities: Claim | None = None
    injuries: Claim | None = None
    claims: list[Claim] = field(default_factory=list)
    claimants: list[tuple[str, str]] = field(default_factory=list)
    weapons: list[WeaponMention] = field(default_factory=list)
    damage: list[DamageReport] = field(default_factory=list)
    event_type: tuple[str, str] | None = None
    actors: list[tuple[str, str]] = field(default_factory=list)
    lead: str = ""
    notes: list[str] = field(default_factory=list)
    url: str | None = None
    incident_count: int = 1
    incident_places: list[str] = field(default_factory=list)

    def uncertain(self) -> dict[str, str]:
        """Field name -> reason, for every value the analyst should check first."""
        found: dict[str, str] = {}
        if self.location is not None and self.location.uncertain:
            found["location"] = self.location.reason
        if self.date is None:
            found["date"] = "no date found in the text"
        elif self.date.uncertain:
            found["date"] = self.date.reason
        for claim in (self.fatalities, self.injuries):
            if claim is not None and claim.uncertain:
                found[claim.kind] = claim.reason
        for weapon in self.weapons:
            if weapon.uncertain:
                found.setdefault("weapons", weapon.reason)
        if self.event_type is not None:
            found["event_type"] = "a rule's reading of the text; check the wording"
        if self.actors:
            found["actors"] = "inferred from a nationality next to a military noun; check who acted"
        if self.incident_count > 1:
            found["incidents"] = (f"the article tells of {self.incident_count} incidents "
                                  f"({', '.join(self.incident_places)}); only the first is drafted")
        return found
