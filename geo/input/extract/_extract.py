"""``extract_incident``: read an article, find each finding, assemble an :class:`Extraction`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from geo.errors import InputError
from geo.input.extract._claims import find_claims
from geo.input.extract._damage import find_damage
from geo.input.extract._dates import find_date, published_from_text
from geo.input.extract._locate import locate, mentions
from geo.input.extract._model import Claim, Extraction, IncidentLocation
from geo.input.extract._places import country_weights, find_matches, resolve_towns, score_roles
from geo.input.extract._text import read_article
from geo.input.extract._weapons import find_actors, find_event_type, find_weapons, incident_sentences

__all__ = ["extract_incident"]

log = logging.getLogger(__name__)


def extract_incident(text: str, *, published: dt.date | str | None = None,
                     source: str | None = None) -> Extraction:
    """Extract one incident from a news article, offline and rule-based.

    Parameters
    ----------
    text:
        The article, plain text. Lines starting with ``#`` are notes about
        the file: only a publication date is read from them.
    published:
        Publication date (``datetime.date`` or ``"YYYY-MM-DD"``), used to
        resolve "on Thursday evening". Without it, a date line in the text
        ("Published: 21 April 2023") is used when there is one.
    source:
        Where the text came from, for error messages (e.g. the file name).

    Returns
    -------
    Extraction
        Place (with (lon, lat) in degrees, precision and an uncertainty
        radius in metres), date, casualty claims with claimants, weapons,
        damage; each with the sentence it came from. ``location`` is None
        when the text names no usable place; nothing is made up.

    Raises
    ------
    InputError
        When the text is empty or ``published`` is not a date.

    Examples
    --------
    >>> from geo.input.extract import extract_incident
    >>> found = extract_incident(
    ...     "Shelling hit the city of Kharkiv on Monday morning, killing at least 3 people, "
    ...     "the regional governor said.", published="2024-05-08")
    >>> found.location.place.name, found.date.date.isoformat(), found.fatalities.low
    ('Kharkiv', '2024-05-06', 3)
    """
    published = _as_date(published, source)
    article = read_article(text)
    if not article.body:
        raise InputError("the article is empty (no sentences outside '#' note lines)", source=source,
                         hint="give a plain-text news article")
    found = Extraction(text=article.text)
    found.title = article.sentences[0].text if article.sentences[0].headline else None
    found.lead = article.body[0].text
    if published is not None:
        found.published, found.published_from = published, "argument"
    else:
        from_text, line = published_from_text(article)
        if from_text is not None:
            found.published, found.published_from = from_text, "date line"
            log.info("publication date %s read from the date line %r", from_text, line[:80])

    matches, found.unresolved = find_matches(article)
    weights = country_weights(matches)
    resolve_towns(matches, weights)
    location, why = locate(matches, score_roles(matches))
    found.location = _with_unresolved(location, found.unresolved)
    found.mentions = mentions(matches, location)
    found.countries = _countries(weights, location)
    if location is None:
        found.notes.append(f"no usable location: {why}")

    place_sentences = {m.sentence for m in found.mentions if m.role == "incident"}
    about = incident_sentences(article, place_sentences)
    found.date = find_date(article, found.published)
    found.claims, found.claimants = find_claims(article)
    found.fatalities = _pick(found.claims, "fatalities")
    found.injuries = _pick(found.claims, "injuries")
    found.weapons = find_weapons(article, incident_sentences=about)
    by_sentence = {c.sentence: c.claimant for c in found.claims}
    found.damage = find_damage(article, incident_sentences=about, claimants=by_sentence)
    found.event_type = find_event_type(article, incident_sentences=about)
    found.actors = find_actors(article, incident_sentences=about)
    if found.published is None:
        found.notes.append("no publication date given or found; relative dates could not be resolved")
    return found


def _with_unresolved(location: IncidentLocation | None, unresolved: list[tuple[str, str]]
                     ) -> IncidentLocation | None:
    """Say so when the location's own sentence names a place the gazetteer lacks ("the village of X near Y")."""
    if location is None:
        return None
    names = [name for name, sentence in unresolved if sentence == location.evidence]
    if not names:
        return location
    note = (f"the sentence names {', '.join(map(repr, names))}, which the gazetteer (towns of 5,000+ people) "
            f"does not hold; located by {location.place.text} instead")
    reason = "; ".join(r for r in (location.reason, note) if r)
    return dataclasses.replace(location, uncertain=True, reason=reason)


def _as_date(value: dt.date | str | None, source: str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"published date {value!r} is not a date", source=source,
                         hint="write it as YYYY-MM-DD, e.g. 2023-04-21") from None


def _countries(weights: dict[str, float], location) -> list[str]:
    ordered = sorted(weights, key=lambda c: -weights[c])
    if location is not None and location.place.country in ordered:
        ordered.remove(location.place.country)
        ordered.insert(0, location.place.country)
    elif location is not None:
        ordered.insert(0, location.place.country)
    return ordered


def _pick(claims: list[Claim], kind: str) -> Claim | None:
    """The first attributed figure; conflicting figures mark it uncertain."""
    mine = [c for c in claims if c.kind == kind]
    if not mine:
        return None
    chosen = next((c for c in mine if c.claimant), mine[0])
    others = [c for c in mine if (c.low, c.high) != (chosen.low, chosen.high)]
    if not others:
        return chosen
    listing = "; ".join(f"{c.text!r} ({c.claimant or 'unattributed'})" for c in others[:3])
    reason = "; ".join(r for r in (chosen.reason, f"the article also gives {listing}") if r)
    return Claim(chosen.kind, chosen.low, chosen.high, chosen.text, chosen.claimant, chosen.evidence,
                 chosen.sentence, True, reason)
