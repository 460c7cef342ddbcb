"""``extract_incident``: read an article, find each finding, assemble an :class:`Extraction`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re

from geo.errors import InputError
from geo.input.extract._context import total_of_several
from geo.input.extract._claims import TITLE_ONLY, find_claims, headline_claims, titled_same
from geo.input.extract._damage import find_damage
from geo.input.extract._dates import find_date, published_from_text
from geo.input.extract._gazetteer import places
from geo.input.extract._locate import locate, mentions, part_location
from geo.input.extract._mention import Match
from geo.input.extract._model import Claim, Extraction, IncidentLocation
from geo.input.extract._page import read_page
from geo.input.extract._places import find_matches
from geo.input.extract._regions import region_rows, region_rows_by_spelling
from geo.input.extract._resolve import country_weights, merge_region_names, resolve_towns, resolve_variants
from geo.input.extract._roles import place_key, score_roles
from geo.input.extract._scope import background_sentences, incident_scope, other_day_sentences, other_toll_sentences
from geo.input.extract._text import read_article
from geo.input.extract._villages import by_first_word, stand_ins
from geo.input.extract._weapons import find_actors, find_event_type, find_weapons, incident_sentences

__all__ = ["extract_incident", "extract_page"]

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

    first = find_date(article, found.published, skip=background_sentences(article))
    matches, weights, location, why = _locate(article, found, other_day_sentences(article, first, found.published))
    found.location = _with_unresolved(location, found.unresolved)
    found.mentions = mentions(matches, location)
    found.countries = _countries(weights, location)
    if location is None:
        found.notes.append(f"no usable location: {why}")

    place_sentences = {m.sentence for m in found.mentions if m.role == "incident"}
    about = incident_sentences(article, place_sentences)
    found.date = find_date(article, found.published, skip=background_sentences(article))
    chosen = _chosen_key(matches, location)
    scope = incident_scope(article, matches, chosen, found.date.date if found.date else None, found.published,
                           chosen_name=found.location.place.text if found.location else None)
    _, tolls = other_toll_sentences(article)
    for match in matches:  # "Overnight, drone attacks killed four ... in Kharkiv": that attack's figures are not these
        if match.other and match.kind == "town" and match.sentence.index in tolls and place_key(match) != chosen:
            scope.excluded.setdefault(match.sentence.index, f"about another incident ({match.text}, another toll)")
    found.date = find_date(article, found.published, skip=scope.excluded) or found.date
    about -= set(scope.excluded)  # weapons and event words of another attack are not this one's
    found.claims, found.claimants = find_claims(article)
    found.claims = [_excluded(c, scope.excluded) for c in found.claims]
    mine = _with_another([c for c in found.claims if c.sentence not in scope.excluded])
    head = headline_claims(article)
    found.fatalities = _as_headline(_pick(mine, "fatalities"), head, mine) or _headline(head, mine, "fatalities")
    found.injuries = _pick(mine, "injuries") or _headline(head, mine, "injuries")
    if found.injuries is not None and found.injuries.high == 0 and "casualt" in found.injuries.text.lower() and \
            found.fatalities is not None and (found.fatalities.low or 0) > 0:
        found.injuries = None  # "no casualties" of one hit in an attack that killed: that hit's, not the count
    if _died_of_injuries(article, found.fatalities, found.injuries, scope.excluded):
        found.injuries = None  # the injured person who later died is counted among the dead only (ACLED, UCDP)
    found.incident_count, found.incident_places = scope.count, scope.places
    if scope.count > 1:
        found.notes.append(f"the article tells of {scope.count} incidents ({', '.join(scope.places)}); this draft "
                           f"holds the one at {scope.places[0]}, the others' figures are left out")
    found.weapons = find_weapons(article, incident_sentences=about)
    by_sentence = {c.sentence: c.claimant for c in found.claims}
    found.damage = find_damage(article, incident_sentences=about, claimants=by_sentence)
    found.event_type = find_event_type(article, incident_sentences=about)
    found.actors = find_actors(article, incident_sentences=about)
    if found.published is None:
        found.notes.append("no publication date given or found; relative dates could not be resolved")
    return found


def extract_page(html: str, *, published: dt.date | str | None = None, source: str | None = None) -> Extraction:
    """Extract one incident from a saved web page (HTML), with the page's title, date and URL.

    The main text is taken out of the page by trafilatura; ``published``
    overrides the page's own date.

    Examples
    --------
    >>> from geo.input.extract import extract_page
    >>> found = extract_page(open("tests/data/articles/html/konduga-saved-page.html").read())
    >>> found.location.place.name, found.published.isoformat(), found.url
    ('Konduga', '2023-11-04', 'https://daily.example.com/news/konduga-attack')
    """
    page = read_page(html, source=source)
    found = extract_incident(page.text, published=published or page.published, source=source)
    if published is None and page.published is not None:
        found.published_from = "page"
    found.title = page.title or found.title
    found.url = page.url
    return found


def _locate(article, found: Extraction, other_days: set[int] = frozenset()
            ) -> tuple[list[Match], dict[str, float], IncidentLocation | None, str]:
    """Match names, resolve them in the article's countries and regions, and pick the incident's place."""
    matches, pending = find_matches(article)
    for match in matches:
        match.other = match.other or match.sentence.index in other_days
    weights = country_weights(matches)
    variants, found.unresolved = resolve_variants(pending, weights, matches)
    if variants:
        for match in variants:  # "Deir al-Balah", found by its other spelling, in a sentence of another day's attack
            match.other = match.other or match.sentence.index in other_days
        matches = sorted(matches + variants, key=lambda m: (m.sentence.index, m.start))
        weights = country_weights(matches)
    listed = list(matches)
    resolve_towns(matches, weights)
    merge_region_names(matches)
    kept = {id(m) for m in matches}
    # Villages the gazetteer lacks, or holds several of: named with village wording, they stand in for their region.
    lacking = [m for m in pending if m.kind == "unresolved"] + [m for m in listed if id(m) not in kept]
    found_near = by_first_word(lacking, matches)  # "in Taza, a ... town" near Kirkuk: Tazah Khurmatu
    if found_near:
        lacking = [m for m in lacking if m not in found_near]
        matches = sorted(matches + found_near, key=lambda m: (m.sentence.index, m.start))
    _other_tolls(article, matches)
    totals = score_roles(matches)
    villages = stand_ins(sorted(lacking, key=lambda m: (m.sentence.index, m.start)), matches, totals)
    location, why = locate(matches, totals, villages)
    if location is None:
        location = part_location(matches)  # "an Israeli strike in southern Lebanon", "in Gaza"
    if location is None and any(m.source for m in matches):
        # Named only in who reported it ("the Kharkiv regional governor said the city was hit"): better than nothing.
        sources = [m for m in matches if m.source]
        for match in sources:
            match.source = False
            _provincial(match)
        fallback, _ = locate(matches, score_roles(matches))
        for match in sources:
            match.source = True
        if fallback is not None:
            note = "the text names this place only as part of who reported the incident"
            location = dataclasses.replace(fallback, uncertain=True,
                                           reason="; ".join(r for r in (fallback.reason, note) if r))
    return matches, weights, location, why


#: "Khost provincial governor spokesman Talib Mangal said": the official speaks for the province, not the town.
_PROVINCIAL = re.compile(r"^\s+provincial\b", re.I)


def _provincial(match: Match) -> None:
    """A town named only in "X provincial governor" stands for the province X when the country has one so called."""
    if match.kind != "town" or match.region_word or match.row is None or not _PROVINCIAL.match(match.after):
        return
    country = places()["country"]
    rows = region_rows(match.text)
    rows = rows if rows.size else region_rows_by_spelling(match.text, " province")  # "Khost": GeoNames' Khowst
    rows = rows[country[rows] == country[match.row]] if rows.size else rows
    if rows.size == 1:
        match.rows, match.row, match.regional, match.region_word = rows, int(rows[0]), True, "province"


def _other_tolls(article, matches: list[Match]) -> None:
    """A town named only in sentences with another death toll than the lead's tells of another incident there."""
    lead, others = other_toll_sentences(article)
    if not others:
        return
    lead_keys = {place_key(m) for m in matches if m.kind == "town" and (m.sentence.index == lead or m.sentence.headline)}
    for match in matches:
        if match.kind == "town" and match.sentence.index in others and place_key(match) not in lead_keys:
            match.other = True


def _chosen_key(matches: list[Match], location: IncidentLocation | None) -> tuple | None:
    if location is None or location.place.geonameid is None:
        return None
    frame = places()
    for match in matches:
        if match.kind == "town" and match.row is not None and int(frame["geonameid"][match.row]) == \
                location.place.geonameid and (location.precision == 3) == bool(match.region_word):
            return place_key(match)
    return None


def _excluded(claim: Claim, excluded: dict[int, str]) -> Claim:
    if claim.sentence not in excluded:
        return claim
    reason = f"not this incident's figure: {excluded[claim.sentence]}"
    return dataclasses.replace(claim, uncertain=True, reason="; ".join(r for r in (claim.reason, reason) if r))


def _headline(head: list[Claim], body: list[Claim], kind: str) -> Claim | None:
    """The headline's figure when the body gives no number of this kind ("kills at least 27")."""
    if any(c.kind == kind for c in body):
        return None
    return next((c for c in head if c.kind == kind), None)


def _as_headline(chosen: Claim | None, head: list[Claim], body: list[Claim]) -> Claim | None:
    """The body's attributed figure that the headline gives, over a smaller part of it chosen first.

    "Gunmen kill 41 people", a standfirst "the mayor of Yoro, where 24 people were killed", then "killing at least
    41 people, a local mayor said": the 41 is the count, the 24 one village's share.
    """
    top = next((c for c in head if c.kind == "fatalities" and c.low), None)
    if chosen is None or top is None or (chosen.low or 0) >= top.low:
        return chosen
    same = next((c for c in body if c.kind == "fatalities" and c.claimant and c.low == top.low), None)
    if same is None or _of_several(same):  # "Rebels kill nine", "killed nine in twin attacks": both attacks' dead
        return chosen
    why = f"the headline's figure, given in the text; the article also gives {chosen.text!r}"
    return dataclasses.replace(same, uncertain=True, reason="; ".join(r for r in (same.reason, why) if r))


_VILLAGE_WORD = re.compile(r"\b(?:village|hamlet|settlement)\b", re.I)


def _with_unresolved(location: IncidentLocation | None, unresolved: list[tuple[str, str]]
                     ) -> IncidentLocation | None:
    """Say so when the location's own sentence names a place the gazetteer lacks ("the village of X near Y")."""
    if location is None:
        return None
    # also "a bomb exploded in Horrah village, which is near the city of Hama" when "near Hama" is the place
    names = [name for name, sentence in unresolved if (sentence == location.evidence or (
        location.place.text in sentence and _VILLAGE_WORD.search(sentence)))
             and f" {name} (" not in f" {location.description}"]  # the village is named there already
    if not names:
        return location
    names = list(dict.fromkeys(names))
    note = (f"the sentence names {', '.join(map(repr, names))}, which the bundled gazetteer does not hold; "
            f"located by {location.place.text} instead")
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


_EYEWITNESS = re.compile(r"\b(?:I|we)\s+(?:saw|heard|counted|found|watched|could see)\b")
#: "There are also unconfirmed reports that they murdered ten soldiers": a rumour beside the count, not the count.
_UNCONFIRMED = re.compile(r"\b(?:unconfirmed|unverified)\s+(?:reports?|claims?|accounts?|information)\b", re.I)


#: An official the sentence does not name ("a senior Moscow-appointed official", "police sources") ...
_UNNAMED = re.compile(r"^(?:[\w-]+\s+){0,3}(?:official|officials|officer|source|sources|spokes(?:man|woman|person))$",
                      re.I)
#: ... and one it does ("Denis Pushilin (Kremlin-backed head of the region)") ...
_NAMED = re.compile(r"^(?:[A-Z][\w'-]+\s+){1,3}[A-Z][\w'-]+\s+\(")
#: ... or a title and a name ("Lamu County Commissioner Irungu Macharia"), not a body ("Kenya National Police Service").
_TITLE_AND_NAME = re.compile(r"^(?:[A-Z][\w'-]+\s+){2,5}[A-Z][\w'-]+$")
_BODY_WORD = re.compile(r"\b(?:Service|Ministry|Police|Army|Forces|Office|Council|Committee|Agency|Department|"
                        r"Administration|Government|Commission|Authority|Authorities)\b")


def _named(claimant: str) -> bool:
    return bool(_NAMED.match(claimant)) or (bool(_TITLE_AND_NAME.match(claimant)) and not _BODY_WORD.search(claimant))


#: A toll that replaces one given before: "gave an updated toll of 14 injured", "later raised the toll to five".
_UPDATED = re.compile(r"\b(?:updated|revised|new|latest)\s+(?:death\s+|casualty\s+)?(?:toll|tally|count|figure)\b|"
                      r"\b(?:raised|revised|updated)\s+the\s+(?:death\s+|casualty\s+)?(?:toll|tally|count|number)\b", re.I)
_VAGUE_WORD = re.compile(r"\b(?:dozens|(?:more than|over|nearly|about|around) a dozen|scores|hundreds|thousands|several|a few|a handful|a number|many|numerous)\b",
                         re.I)


#: "The woman died of her injuries", "the policeman died in the hospital", "wounds that proved fatal".
_DIED_LATER = re.compile(r"\b(?:(?:he|she|the\s+(?:[\w-]+\s+){0,2}?(?:man|woman|boy|girl|child|policeman|officer|"
                         r"soldier|driver|resident|victim|civilian|pensioner|teenager))\s+(?:later\s+)?"
                         r"(?:died|succumbed|passed away)|died (?:of|from) (?:his|her) (?:injuries|wounds)|"
                         r"succumbed to (?:his|her) (?:injuries|wounds)|(?:injuries|wounds) (?:that )?(?:proved|were) fatal)\b",
                         re.I)


def _died_of_injuries(article, fatalities: Claim | None, injuries: Claim | None, excluded: dict[int, str]) -> bool:
    """The injured the article counts are those it then says died: "A policeman was injured ... He was
    hospitalized ... the policeman died in the hospital". Only when the injured are as many as the dead, or fewer."""
    if fatalities is None or injuries is None or injuries.low is None or injuries.low != injuries.high or \
            fatalities.low is None or injuries.low == 0 or injuries.low > fatalities.low:
        return False
    return any((m := _DIED_LATER.search(s.norm)) and not _AT_ONCE.match(s.norm[m.end():])
               for s in article.sentences if s.index > injuries.sentence and s.index not in excluded)


#: "The man died at the scene from his injuries": the death already counted, told again, not a wounded one's.
_AT_ONCE = re.compile(r"\s+(?:at the scene|on the spot|on site|instantly|immediately)\b", re.I)


def _with_another(claims: list[Claim]) -> list[Claim]:
    """ "One injured person was taken to hospital. Another 57-year-old man sustained fragmentation wounds": two.

    A single person opening the next sentence with "Another" adds to the figure of the same kind just before.
    """
    out: list[Claim] = []
    for claim in claims:
        prev = next((c for c in reversed(out) if c.kind == claim.kind), None)
        if prev is None or not re.match(r"another\b", claim.text, re.I) or (claim.low, claim.high) != (1, 1) \
                or claim.sentence != prev.sentence + 1 or prev.low is None:
            out.append(claim)
            continue
        why = f"with {claim.text!r} in the next sentence"
        out[out.index(prev)] = dataclasses.replace(
            prev, low=prev.low + 1, high=None if prev.high is None else prev.high + 1,
            reason="; ".join(r for r in (prev.reason, why) if r))
    return out


def _of_several(claim: Claim) -> bool:
    return total_of_several(" ".join(claim.evidence.split()), claim.text)


def _pick(claims: list[Claim], kind: str) -> Claim | None:
    """The first attributed figure; conflicting figures mark it uncertain."""
    mine = [c for c in claims if c.kind == kind]
    if not mine:
        return None
    # "I saw three guards dead on the ground," said a resident: what one witness saw, not the count.
    counted = [c for c in mine if not _EYEWITNESS.search(c.evidence)] or mine
    counted = [c for c in counted if not _UNCONFIRMED.search(c.evidence)] or counted
    # "There were no casualties" of one hit, "a man was killed" in another of the same attack: the count is not 0
    counted = [c for c in counted if c.low != 0 or c.high != 0] or counted
    # "killed at least nine people in twin attacks", then "killed six civilians in an attack on the town of Beni":
    # the first attack's own figure, not the total of both
    counted = [c for c in counted if not _of_several(c)] or counted
    chosen = next((c for c in counted if c.claimant), counted[0])
    if _VAGUE_WORD.search(chosen.text):
        # "wounded dozens more" in the lead, "125 others were wounded," a police major said: the count given
        # ("more than a dozen" in the lead, "15 people died," provincial officials said: a count within it)
        chosen = next((c for c in counted if c.claimant and not _VAGUE_WORD.search(c.text)
                       and (c.low or 0) >= (chosen.low or 0)), chosen)
    if counted[0].claimant is None:
        # The lead's own figure, attributed where it is repeated ("killing at least three police officers" ...
        # "Three police officers died," the police commander told reporters), before another side's figure.
        chosen = next((c for c in counted if c.claimant and c.low == counted[0].low), chosen)
    if chosen.claimant and (_UNNAMED.match(chosen.claimant) or TITLE_ONLY.match(chosen.claimant)):
        # "..., a senior Moscow-appointed official said", then the same count quoted from "Denis Pushilin, the
        # head of the region": the official, by name; "a local governor said", then "Governor Alexander Bogomaz
        # said" giving the same count: the governor, by name
        named = next((c for c in counted if c.claimant and (
            titled_same(chosen.claimant, c.claimant) if TITLE_ONLY.match(chosen.claimant) else _named(c.claimant))
                      and (c.low, c.high) == (chosen.low, chosen.high)), None)
        if named is not None:
            why = f"the {chosen.claimant.lower()} is named where the same figure is quoted ({named.evidence!r})"
            chosen = dataclasses.replace(chosen, claimant=named.claimant,
                                         reason="; ".join(r for r in (chosen.reason, why) if r))
    # "more than a dozen wounded" in the lead, then "Later in the day Kyrylenko gave an updated toll of 14 injured"
    update = next((c for c in reversed(counted) if c.sentence > chosen.sentence and c.claimant and c.low is not None
                   and c.low >= (chosen.low or 0) and _UPDATED.search(c.evidence)), None)
    if update is not None:
        why = f"an updated toll, given after {chosen.text!r}"
        chosen = dataclasses.replace(update, reason="; ".join(r for r in (update.reason, why) if r))
    others = [c for c in mine if (c.low, c.high) != (chosen.low, chosen.high)]
    if not others:
        return chosen
    listing = "; ".join(f"{c.text!r} ({c.claimant or 'unattributed'})" for c in others[:3])
    reason = "; ".join(r for r in (chosen.reason, f"the article also gives {listing}") if r)
    return Claim(chosen.kind, chosen.low, chosen.high, chosen.text, chosen.claimant, chosen.evidence,
                 chosen.sentence, True, reason)
