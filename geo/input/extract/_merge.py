"""Several reports of one incident, merged into one draft scenario.

Each article is drafted on its own (:func:`draft_scenario`); the drafts are
then laid side by side: one incident whose fatalities, injuries, location
and damage items list every article's claim, each with its claimant, the
article that relays it, its publication date and the sentence it came
from. Nothing is averaged or chosen silently: where the articles disagree
the incident's ``uncertain:`` says so, and the figure reads as disputed.
"""

from __future__ import annotations

from typing import Any

from geo.input.claims import Claim, ClaimSet
from geo.input.extract._draft import draft_scenario
from geo.input.extract._model import Extraction

__all__ = ["merge_drafts"]

def merge_drafts(extractions: list[Extraction], *, articles: list[str | None], names: list[str],
                 incident_id: str | None = None) -> dict[str, Any]:
    """One draft scenario (a mapping ``geo.load_scenario`` accepts) from several reports of one incident.

    Parameters
    ----------
    extractions:
        One :class:`Extraction` per article, in the order given.
    articles:
        Each article's path relative to where the scenario will be saved.
    names:
        Each article's name for messages and source names (its file name).
    incident_id:
        Id of the incident; default from the first article (``<place>-<date>``).

    Raises
    ------
    PlaceNotFoundError
        When an article gives no usable location (naming that article).
    """
    drafts = [draft_scenario(x, article=a, source=n, incident_id=incident_id)
              for x, a, n in zip(extractions, articles, names, strict=True)]
    if len(drafts) == 1:
        return drafts[0]
    refs = [f"article-{k}" for k in range(1, len(drafts) + 1)]
    base = drafts[0]
    incident = dict(base["incidents"][0])
    uncertain: dict[str, str] = {}
    for draft in drafts:
        uncertain.update(draft["incidents"][0].get("uncertain") or {})
    for kind in ("fatalities", "injuries"):
        found = [(ref, x, getattr(x, kind)) for ref, x in zip(refs, extractions, strict=True)
                 if getattr(x, kind) is not None]
        incident.pop(kind, None)
        if found:
            incident[kind] = {"claims": [_figure_claim(ref, x, c) for ref, x, c in found]}
            why = _disagreement(kind, found)
            if why:
                uncertain[kind] = why
    incident["location"] = {"text": incident.get("location"),
                            "claims": [_location_claim(ref, x) for ref, x in zip(refs, extractions, strict=True)]}
    if len({(x.location.lon, x.location.lat) for x in extractions}) > 1:
        uncertain["location"] = "the articles place it differently; the point is the first article's"
    dates = {x.date.date for x in extractions if x.date and x.date.date}
    if len(dates) > 1:
        uncertain["date"] = "the articles give different dates: " + ", ".join(sorted(d.isoformat() for d in dates))
    for key in ("weapons", "actors"):
        merged = list(dict.fromkeys(v for d in drafts for v in d["incidents"][0].get(key) or []))
        if merged:
            incident[key] = merged
    incident["sources"] = refs
    notes = [d["incidents"][0].get("notes") or "" for d in drafts]
    incident["notes"] = notes[0] if len(set(notes)) == 1 else " ".join(
        f"[{ref}] {note}" for ref, note in zip(refs, notes, strict=True) if note)
    incident["evidence"] = {ref: d["incidents"][0].get("evidence") or {} for ref, d in zip(refs, drafts, strict=True)}
    incident["uncertain"] = uncertain
    if not uncertain:
        incident.pop("uncertain")
    order = list(base["incidents"][0]) + [k for k in incident if k not in base["incidents"][0]]
    incident = {key: incident[key] for key in order if key in incident}
    merged: dict[str, Any] = {
        "title": base["title"].replace("(draft from an article)", f"(draft from {len(drafts)} articles)"),
        "sources": [_article_source(ref, d, n) for ref, d, n in zip(refs, drafts, names, strict=True)],
        "incidents": [incident],
        "damage": _damage(drafts, refs, incident["id"]),
        "borders": list(dict.fromkeys(b for d in drafts for b in d.get("borders") or [])),
        "places": list(dict.fromkeys(p for d in drafts for p in d.get("places") or [])),
        "caveats": _caveats(drafts, refs, names, uncertain),
    }
    keys = list(base) + [k for k in merged if k not in base]
    out = {key: merged.get(key, base.get(key)) for key in keys}
    if not out["damage"]:
        out.pop("damage")
    return out


def _said(extraction: Extraction) -> str | None:
    return extraction.published.isoformat() if extraction.published else None


def _figure_claim(ref: str, extraction: Extraction, claim: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"value": [claim.low, claim.high]}
    if claim.low is not None and claim.low == claim.high:
        out["value"] = claim.low
    out["text"] = claim.text
    if claim.claimant:
        out["claimant"] = claim.claimant
    out["source"] = ref
    said = _said(extraction)
    if said:
        out["said"] = said
    out["evidence"] = claim.evidence
    if claim.uncertain:
        out["uncertain"] = True
    return out


def _disagreement(kind: str, found: list[tuple[str, Extraction, Any]]) -> str | None:
    claims = ClaimSet(tuple(Claim(low=c.low, high=c.high, claimant=c.claimant) for _, _, c in found))
    if not claims.disputed:
        return None
    parts = []
    for ref, _, c in found:
        figure = Claim(low=c.low, high=c.high)
        shown = ClaimSet((figure,)).range_text
        parts.append(f"{shown} per {c.claimant or 'an unnamed source'} ({ref})")
    return f"the articles disagree on {kind}: " + " vs ".join(parts)


def _location_claim(ref: str, extraction: Extraction) -> dict[str, Any]:
    loc = extraction.location
    out: dict[str, Any] = {"place": loc.description, "text": loc.place.text, "source": ref,
                           "lon": round(loc.lon, 5), "lat": round(loc.lat, 5),
                           "uncertainty_m": float(loc.uncertainty_m)}
    said = _said(extraction)
    if said:
        out["said"] = said
    out["evidence"] = loc.evidence
    return out


def _article_source(ref: str, draft: dict[str, Any], name: str) -> dict[str, Any]:
    first = next(s for s in draft["sources"] if s["id"] == "article")
    entry = dict(first, id=ref, name=f"News report {ref.split('-')[1]} ({name})")
    return entry


def _damage(drafts: list[dict[str, Any]], refs: list[str], incident: str) -> list[dict[str, Any]]:
    """One damage item per kind, with each article's description as a claim."""
    by_kind: dict[str, dict[str, Any]] = {}
    for ref, draft in zip(refs, drafts, strict=True):
        for item in draft.get("damage") or []:
            merged = by_kind.get(item["kind"])
            claim = {"text": item.get("description"), "source": ref}
            if draft.get("published"):
                claim["said"] = str(draft["published"])
            if item.get("evidence"):
                claim["evidence"] = item["evidence"]
            if merged is None:
                merged = {key: value for key, value in item.items() if key != "evidence"}
                merged.update(incident=incident, source=ref, claims=[])
                by_kind[item["kind"]] = merged
            merged["claims"].append(claim)
    return list(by_kind.values())


def _caveats(drafts: list[dict[str, Any]], refs: list[str], names: list[str], uncertain: dict[str, str]) -> list[str]:
    listing = "; ".join(f"{ref}: {name}" for ref, name in zip(refs, names, strict=True))
    out = [f"Drafted automatically by geo extract from {len(drafts)} reports of one incident ({listing}); every "
           "value is a rule's reading of its text and must be checked against the articles."]
    for kind in ("fatalities", "injuries"):
        if kind in uncertain:
            out.append(f"The reports disagree on {kind}; the map and report show the range with who claims each "
                       "end, never an average.")
    for draft in drafts:
        for caveat in draft.get("caveats") or []:
            if not caveat.startswith(("Drafted automatically", "Casualty figures are claims")) and caveat not in out:
                out.append(caveat)
    return out
