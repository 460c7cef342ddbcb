"""The scenario grammar of claims: a figure, a damage item or a location with several claims.

A figure keeps today's one-claim form::

    fatalities: {low: 12, text: at least 12 people killed, source: Russian Defense Ministry}

or lists its claims, each with its own wording, claimant, relay and status::

    fatalities:
      claims:
        - value: [12, null]                  # a number, [low, high] (null: open-ended), or low:/high:
          text: at least 12 people killed    # the wording quoted
          claimant: Russian Defense Ministry # who said it
          source: article                    # the relaying source: an id from sources:, or a name
          url: https://example.org/report    # optional; the source's url when the id has one
          said: 2023-04-21                   # when it was said (YYYY-MM-DD, or with a time)
          status: reported                   # reported, confirmed, disputed, superseded, retracted
        - {id: gov-1, value: 2, claimant: Governor, said: 2023-04-20, superseded_by: gov-2}
        - {id: gov-2, value: 3, claimant: Governor, said: 2023-04-21}

Errors name the key path, e.g. ``incidents[0].fatalities.claims[2].value``.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import pandas as pd

from geo.input.claims import CLAIM_STATUSES, Claim, ClaimSet

#: Most people (or items) one claim may count: more is a typo or a unit error.
MAX_COUNT = 10_000_000

__all__ = ["FIGURE_KEYS", "CLAIM_KEYS", "LOCATION_CLAIM_KEYS", "parse_figure", "parse_location", "parse_damage_claims",
           "source_table"]

#: Keys of the one-claim form (kept as it was).
FIGURE_KEYS = {"low", "high", "source", "text", "evidence", "uncertain"}
#: Keys of one claim in a ``claims:`` list.
CLAIM_KEYS = {"id", "value", "low", "high", "text", "claimant", "source", "url", "said", "status", "superseded_by",
              "evidence", "uncertain", "note"}
#: Keys of one location claim.
LOCATION_CLAIM_KEYS = (CLAIM_KEYS - {"value", "low", "high"}) | {"place", "lon", "lat", "uncertainty_m"}

_SAID = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?)?)?)?$")


#: The scenario's sources: a frame (id, name, url ...) or the table :func:`source_table` makes of it.
Sources = Any


class _Ctx(Protocol):  # the scenario loader's error context
    def fail(self, message: str, where: str, hint: str | None = None) -> Exception: ...
    def keys(self, mapping: Any, allowed: set[str], where: str) -> None: ...
    def text(self, mapping: dict, key: str, where: str, *, required: bool = False) -> str | None: ...
    def number(self, value: Any, where: str, *, integer: bool = False, minimum: float | None = 0,
               maximum: float | None = None, unit: str = "") -> float | None: ...


def parse_figure(ctx: _Ctx, value: Any, where: str, sources: Sources = None
                 ) -> tuple[dict[str, Any], ClaimSet | None]:
    """Flat ``low``/``high``/``source``/``text`` for the incident table, and the claims when listed.

    The one-claim form returns ``(flat, None)`` exactly as before; a
    ``claims:`` list returns the effective range and who stands behind it as
    ``flat`` and the :class:`ClaimSet`.
    """
    if value is None:
        return {}, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = {"low": value, "high": value}
    if isinstance(value, dict) and "claims" in value:
        ctx.keys(value, {"claims"}, where)
        claims = _claim_list(ctx, value["claims"], f"{where}.claims", sources, location=False)
        return _flat(claims), claims
    ctx.keys(value, FIGURE_KEYS | {"claims"}, where)
    low = ctx.number(value.get("low"), f"{where}.low", integer=True, maximum=MAX_COUNT, unit=" people")
    high = ctx.number(value.get("high"), f"{where}.high", integer=True, maximum=MAX_COUNT, unit=" people")
    return {"low": low, "high": high, "source": ctx.text(value, "source", where),
            "text": ctx.text(value, "text", where)}, None


def parse_location(ctx: _Ctx, value: Any, where: str, sources: Sources = None
                   ) -> tuple[str | None, ClaimSet | None]:
    """A location as text (today's form) or ``{text: ..., claims: [...]}``: the text shown and the claims."""
    if value is None or not isinstance(value, dict):
        return (None if value is None else ctx.text({"location": value}, "location", where)), None
    ctx.keys(value, {"text", "claims"}, where)
    claims = _claim_list(ctx, value.get("claims") or [], f"{where}.claims", sources, location=True)
    text = ctx.text(value, "text", where)
    if text is None:
        first = next((c for c in claims.standing if c.place or c.text), None)
        text = (first.place or first.text) if first else None
    return text, claims


def parse_damage_claims(ctx: _Ctx, value: Any, where: str, sources: Sources = None) -> ClaimSet | None:
    """The ``claims:`` list of a damage item (counts of damaged things), or None."""
    if value is None:
        return None
    return _claim_list(ctx, value, where, sources, location=False)


def _flat(claims: ClaimSet) -> dict[str, Any]:
    return claims.flat()


def _claim_list(ctx: _Ctx, items: Any, where: str, sources: Sources, *, location: bool) -> ClaimSet:
    if not isinstance(items, list) or not items:
        raise ctx.fail("'claims' must be a list of at least one claim", where,
                       hint="write claims:\n  - {value: 3, claimant: Regional governor, source: article}")
    parsed = [_claim(ctx, item, f"{where}[{i}]", sources, location=location) for i, item in enumerate(items)]
    ids = [c.id for c in parsed if c.id]
    dup = next((i for i in ids if ids.count(i) > 1), None)
    if dup is not None:
        raise ctx.fail(f"claim id {dup!r} is used twice", where, hint="give each claim its own id")
    return ClaimSet(tuple(_link_supersessions(ctx, parsed, where)))


def _claim(ctx: _Ctx, item: Any, where: str, sources: Sources, *, location: bool) -> Claim:
    ctx.keys(item, LOCATION_CLAIM_KEYS if location else CLAIM_KEYS, where)
    low = high = None
    if not location:
        low, high = _value(ctx, item, where)
    status = ctx.text(item, "status", where)
    superseded_by = ctx.text(item, "superseded_by", where)
    if status is None:
        status = "superseded" if superseded_by else "reported"
    if status not in CLAIM_STATUSES:
        raise ctx.fail(f"status must be one of {', '.join(CLAIM_STATUSES)}, got {status!r:.40}", f"{where}.status",
                       hint="reported (as said), confirmed (by an independent source), disputed, "
                            "superseded (by a later claim), retracted")
    if superseded_by and status != "superseded":
        raise ctx.fail(f"superseded_by is given but status is {status!r}", f"{where}.status",
                       hint="write status: superseded, or drop superseded_by")
    source, source_id, url = _relay(ctx, item, where, sources)
    said = _said(ctx, item.get("said"), f"{where}.said")
    extra: dict[str, Any] = {}
    if location:
        extra = {"place": ctx.text(item, "place", where),
                 "lon": ctx.number(item.get("lon"), f"{where}.lon", minimum=None),
                 "lat": ctx.number(item.get("lat"), f"{where}.lat", minimum=None),
                 "uncertainty_m": ctx.number(item.get("uncertainty_m"), f"{where}.uncertainty_m")}
        if (extra["lon"] is None) != (extra["lat"] is None):
            raise ctx.fail("give both lon and lat, or neither", where, hint="e.g. lon: 36.585, lat: 50.568")
        if extra["lat"] is not None and not (-90 <= extra["lat"] <= 90 and -180 <= extra["lon"] <= 180):
            raise ctx.fail(f"lon/lat out of range: ({extra['lon']}, {extra['lat']})", where,
                           hint="degrees: longitude -180..180, latitude -90..90")
    return Claim(low=low, high=high, text=ctx.text(item, "text", where), claimant=ctx.text(item, "claimant", where),
                 source=source, source_id=source_id, url=url, said=said, status=status, id=ctx.text(item, "id", where),
                 superseded_by=superseded_by, evidence=ctx.text(item, "evidence", where), **extra)


def _value(ctx: _Ctx, item: dict, where: str) -> tuple[int | None, int | None]:
    if "value" in item and ("low" in item or "high" in item):
        raise ctx.fail("give either value or low/high, not both", where, hint="e.g. value: 3, or low: 24 and high: 99")
    if "value" not in item:
        low = ctx.number(item.get("low"), f"{where}.low", integer=True, maximum=MAX_COUNT, unit=" people")
        high = ctx.number(item.get("high"), f"{where}.high", integer=True, maximum=MAX_COUNT, unit=" people")
    else:
        value = item["value"]
        if isinstance(value, list):
            if len(value) != 2:
                raise ctx.fail(f"a range is [low, high], got {len(value)} numbers", f"{where}.value",
                               hint="e.g. value: [24, 99], or [12, null] for 'at least 12'")
            low = ctx.number(value[0], f"{where}.value[0]", integer=True, maximum=MAX_COUNT)
            high = ctx.number(value[1], f"{where}.value[1]", integer=True, maximum=MAX_COUNT)
        else:
            low = high = ctx.number(value, f"{where}.value", integer=True, maximum=MAX_COUNT)
    if low is not None and high is not None and low > high:
        raise ctx.fail(f"low ({low}) is greater than high ({high})", f"{where}.value",
                       hint="write the smaller figure first")
    return (None if low is None else int(low)), (None if high is None else int(high))


def source_table(sources: pd.DataFrame | None) -> dict[str, tuple[str, str | None]]:
    """Source id -> (display name, url or None), built once per scenario for the claims to look up."""
    if sources is None or not len(sources):
        return {}
    table = {}
    for ref, name, url in zip(sources["id"], sources["name"], sources["url"], strict=True):
        link = str(url).strip() if isinstance(url, str) and url.strip() else None
        table[str(ref)] = (str(name or ref), link)
    return table


def _relay(ctx: _Ctx, item: dict, where: str, sources: Sources) -> tuple[str | None, str | None, str | None]:
    """(display name, source id, url) of the relaying source; a known id brings its name and url."""
    source = ctx.text(item, "source", where)
    url = ctx.text(item, "url", where)
    table = sources if isinstance(sources, dict) else source_table(sources)
    if source is None or source not in table:
        return source, None, url
    name, known = table[source]
    return name, source, url or known


def _said(ctx: _Ctx, value: Any, where: str) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not _SAID.match(text):
        raise ctx.fail(f"not a date or date-time: {text!r:.60}", where,
                       hint="write YYYY-MM-DD, or YYYY-MM-DDTHH:MM+03:00 with the UTC offset")
    try:
        pd.Timestamp(text[:10])
    except ValueError:
        raise ctx.fail(f"no such date: {text!r:.60}", where, hint="write YYYY-MM-DD") from None
    return text


def _link_supersessions(ctx: _Ctx, claims: list[Claim], where: str) -> list[Claim]:
    """Check each ``superseded_by`` names a claim of the list; find the replacement when it is left out.

    A superseded claim without ``superseded_by`` is replaced by the latest
    later standing claim of the same claimant; with none, it is an error.
    """
    ids = {c.id for c in claims if c.id}
    out = []
    for i, claim in enumerate(claims):
        if claim.status != "superseded":
            out.append(claim)
            continue
        if claim.superseded_by is not None:
            if claim.superseded_by not in ids:
                raise ctx.fail(f"superseded_by names no claim of this list: {claim.superseded_by!r:.40}",
                               f"{where}[{i}].superseded_by",
                               hint=f"use the id of the later claim ({', '.join(sorted(ids)) or 'give it an id'})")
            if claim.superseded_by == claim.id:
                raise ctx.fail("a claim cannot supersede itself", f"{where}[{i}].superseded_by")
            out.append(claim)
            continue
        later = [(j, c) for j, c in enumerate(claims) if c.standing and c.claimant == claim.claimant and j != i
                 and (c.said or "") >= (claim.said or "")]
        if not claim.claimant or not later:
            raise ctx.fail("status is superseded but no later claim of the same claimant replaces it",
                           f"{where}[{i}].status", hint="add superseded_by: <id of the later claim>")
        j, replacement = max(later, key=lambda jc: (jc[1].said or "", jc[0]))
        rid = replacement.id or f"claim-{j + 1}"
        if replacement.id is None:
            claims[j] = _with(replacement, id=rid)
            out = [claims[k] if k == j else c for k, c in enumerate(out)]
        out.append(_with(claim, superseded_by=rid))
    return out


def _with(claim: Claim, **changes: Any) -> Claim:
    from dataclasses import replace

    return replace(claim, **changes)
