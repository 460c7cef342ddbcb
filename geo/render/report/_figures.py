"""What a report says, as plain text: key figures, wording, claims, provenance.

Everything here formats numbers that :func:`geo.analyze` already computed; it
measures nothing. HTML and Markdown writers lay out the same
:class:`ReportContent`, so both say exactly the same thing. All strings are
raw user or computed text: each writer escapes them for its own format.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from geo._format import (
    compass_point,
    format_area,
    format_count,
    format_count_range,
    format_date,
    format_distance,
    format_distance_range,
    format_share,
    format_timestamp,
)
from geo.errors import InputError
from geo.render.report._claims_panel import casualty_cell, casualty_figure, claim_rows, claims_of

if TYPE_CHECKING:
    from geo.analysis.case import CaseAnalysis

__all__ = ["KeyFigure", "Claim", "SourceLine", "ReportContent", "report_content", "resolve_generated_at"]

#: Who stands behind a number that geo measured rather than someone claimed.
COMPUTED_BY = "geo (measured on the WGS84 ellipsoid from the reported position)"
_PRECISION = {1: "at the exact site", 2: "near or within a named town", 3: "to the region only"}
#: Rows shown in the incidents table; the rest are counted, not listed.
TABLE_LIMIT = 500


@dataclass(frozen=True)
class KeyFigure:
    """One headline number: ``label`` (what), ``value``, ``detail`` and who stands behind it."""

    label: str
    value: str
    detail: str
    claimed_by: str


@dataclass(frozen=True)
class Claim:
    """A figure as someone claimed it: what, the figure as worded, and who claimed it.

    Figures with several claims also give the relaying source (``relay``,
    ``url`` when http(s)), when it was said, the ``status`` (``"effective"``
    for the range row), and for a superseded claim ``struck`` and what
    replaced it.
    """

    subject: str
    figure: str
    claimed_by: str
    relay: str = ""
    url: str | None = None
    said: str = ""
    status: str = ""
    struck: bool = False
    replaced_by: str = ""


@dataclass(frozen=True)
class SourceLine:
    """A source as listed in the scenario; ``url`` is only kept when it is http(s)."""

    name: str
    url: str | None
    published: str
    note: str


@dataclass
class ReportContent:
    """Everything a report shows, as text, in reading order."""

    title: str
    lede: str
    summary: list[tuple[str, str]]
    figures: list[KeyFigure]
    table_columns: list[str]
    table_rows: list[list[str]]
    table_note: str
    claims: list[Claim]
    sources: list[SourceLine]
    caveats: list[str]
    provenance: list[tuple[str, str]]
    generated_at: str
    map_caption: str = ""
    alt_text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def resolve_generated_at(value: dt.datetime | str | None) -> dt.datetime:
    """The generation time: the given one, else ``SOURCE_DATE_EPOCH``, else now (UTC).

    Fixing it (``--generated-at 2023-04-21T12:00:00Z``) makes a report's bytes
    depend on its inputs only.
    """
    if value is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.strip().isdigit():
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise InputError(f"generation time {value!r} is not an ISO 8601 date and time",
                             source="--generated-at",
                             hint="write it like 2023-04-21T12:00:00Z") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) and pd.isna(value):
        return ""
    return str(value).strip()


def _number(row: pd.Series, column: str) -> float:
    value = row.get(column)
    try:
        return float(value) if value is not None and not pd.isna(value) else float("nan")
    except (TypeError, ValueError):
        return float("nan")


def _country_names() -> dict[str, str]:
    from geo.reference.countries import countries

    frame = countries()
    return dict(zip(frame["iso_a3"], frame["name"], strict=True))


def _pair(code: str, names: dict[str, str]) -> str:
    return "–".join(names.get(part, part) for part in str(code).split("-"))


def _casualties(row: pd.Series, kind: str) -> str:
    worded = _text(row.get(f"{kind}_text"))
    numbers = format_count_range(_number(row, f"{kind}_low"), _number(row, f"{kind}_high"))
    if worded and numbers and numbers not in worded:
        return f"{worded} ({numbers})"
    return worded or numbers


def _source_names(analysis: CaseAnalysis, refs: Any) -> str:
    parts = [p.strip() for p in _text(refs).split(";") if p.strip()]
    return "; ".join(analysis.scenario.source_name(p) for p in parts)


def _where(row: pd.Series, names: dict[str, str]) -> str:
    parts = [_text(row.get("location"))]
    phrase = _text(row.get("nearest_phrase"))
    # "at Belgorod" adds nothing to "Belgorod (residential area)"; "3 km NE of Belgorod" does.
    if phrase and not (phrase.startswith("at ") and phrase.removeprefix("at ") in parts[0]):
        parts.append(phrase)
    region = _text(row.get("region"))
    country = names.get(_text(row.get("country")), _text(row.get("country")))
    area = ", ".join(p for p in (region, country) if p)
    return "; ".join(p for p in (*parts, area) if p) or "not reported"


def _precision(row: pd.Series) -> str:
    level = _number(row, "location_precision")
    radius = _number(row, "uncertainty_m")
    words = _PRECISION.get(int(level), "precision not stated") if np.isfinite(level) else "precision not stated"
    if np.isfinite(radius) and radius > 0:
        words += f": the site lies within {format_distance(radius)} of the point shown"
    return words


def _summary(analysis: CaseAnalysis, names: dict[str, str]) -> list[tuple[str, str]]:
    inc = analysis.incidents
    if len(inc) != 1:
        dates = pd.to_datetime(inc["date"], errors="coerce") if "date" in inc else pd.Series(dtype="datetime64[ns]")
        span = (f"{format_date(dates.min())} to {format_date(dates.max())}" if dates.notna().any()
                else "dates not reported")
        kinds = sorted({_text(v) for v in inc.get("event_type", []) if _text(v)})
        countries = sorted({names.get(_text(v), _text(v)) for v in inc.get("country", []) if _text(v)})
        return [("What", format_count(len(inc), "incident") + (f": {', '.join(kinds[:6])}" if kinds else "")),
                ("When", span),
                ("Where", ", ".join(countries[:10]) or "see the table"),
                ("How precisely located", "per incident, see the table")]
    row = inc.iloc[0]
    what = _text(row.get("event_type")) or "incident"
    actors, weapons = (_text(row.get(k)).replace("; ", ", ") for k in ("actors", "weapons"))
    extras = [f"by {actors}" if actors else "", f"weapons: {weapons}" if weapons else ""]
    what = "; ".join([what] + [e for e in extras if e])
    when = format_date(row.get("date"), row.get("time_precision"), row.get("time_of_day"))
    return [("What", what), ("When", when), ("Where", _where(row, names)), ("How precisely located", _precision(row))]


def _border_figures(analysis: CaseAnalysis, names: dict[str, str]) -> list[KeyFigure]:
    inc = analysis.incidents
    if "border_distance_m" not in inc or not inc["border_distance_m"].notna().any():
        return []
    figures = []
    for _, row in inc.head(5).iterrows():
        dist = _number(row, "border_distance_m")
        if not np.isfinite(dist):
            continue
        lo, hi = _number(row, "border_distance_min_m"), _number(row, "border_distance_max_m")
        pair = _pair(_text(row.get("border_countries")), names) or "the"
        detail = ""
        if np.isfinite(lo) and np.isfinite(hi) and hi > lo:
            detail = f"{format_distance_range(lo, hi)}, given where in its uncertainty circle the site lies"
        direction = compass_point(_number(row, "border_bearing_deg"))
        if direction:
            detail += ("; " if detail else "") + f"the nearest border point lies to the {direction}"
        band = _text(row.get("band"))
        if band:
            detail += f"; band {band}"
        label = f"Distance to the {pair} border"
        if len(inc) > 1:
            label += f" ({_text(row.get('id'))})"
        figures.append(KeyFigure(label, format_distance(dist), detail, COMPUTED_BY))
    if len(inc) > 5:
        dist = inc["border_distance_m"].astype(float)
        figures.append(KeyFigure("Distance to the border, all incidents",
                                 f"{format_distance(dist.min())} to {format_distance(dist.max())}",
                                 f"median {format_distance(dist.median())} over {format_count(len(inc), 'incident')}", COMPUTED_BY))
    return figures


def _region_figures(analysis: CaseAnalysis, names: dict[str, str]) -> list[KeyFigure]:
    """The border regions the scenario names: each one's share of its border."""
    regions = analysis.regions
    if regions is None or not len(regions) or "border_share" not in regions:
        return []
    figures = []
    for _, row in regions.head(5).iterrows():
        share, length = _number(row, "border_share"), _number(row, "border_length_m")
        country, other = _text(row.get("country")), _text(row.get("border_with"))
        if not (np.isfinite(share) and np.isfinite(length) and other):
            continue
        pair = _pair(f"{country}-{other}", names) or f"{country}-{other}"
        count = sum(_text(r) == _text(row.get("name")) for r in analysis.incidents.get("region", []))
        inside = ""
        if count:
            inside = "; the incident lies in it" if len(analysis.incidents) == 1 else f"; {count} incidents lie in it"
        detail = (f"{format_distance(length)} of the {pair} border, {format_share(share)} of its length "
                  f"(regions and border: Natural Earth 10m){inside}")
        figures.append(KeyFigure(f"Border region: {_text(row.get('name'))}",
                                 f"{format_share(share)} of the border", detail, "geo (measured on the WGS84 ellipsoid)"))
    return figures


def _town_figures(analysis: CaseAnalysis) -> list[KeyFigure]:
    near = analysis.nearest
    if near is None or not len(near):
        return []
    figures = []
    for incident_id, group in list(near.groupby("incident_id", sort=False))[:5]:
        group = group.sort_values("rank")
        first = group.iloc[0]
        others = [_text(r.get("phrase")) or f"{format_distance(r['distance_m'])} from {r['name']}"
                  for _, r in group.iloc[1:].iterrows()]
        detail = "also " + ", ".join(others) if others else ""
        label = "Nearest towns" if near["incident_id"].nunique() == 1 else f"Nearest towns ({incident_id})"
        value = _text(first.get("phrase")) or f"{first['name']}, {format_distance(first['distance_m'])}"
        figures.append(KeyFigure(label, value, detail, COMPUTED_BY + ", GeoNames towns"))
    return figures


def _damage_figures(analysis: CaseAnalysis) -> list[KeyFigure]:
    """One figure per mapped damage area (its area), one for all damage reported but not located."""
    damage = analysis.damage
    figures, unlocated, claimants = [], [], []
    for _, row in damage.iterrows():
        kind = _text(row.get("kind")) or _text(row.get("id")) or "damage"
        severity = _text(row.get("severity"))
        who = analysis.scenario.source_name(_text(row.get("source"))) if _text(row.get("source")) else "not stated"
        if row.geometry is None or row.geometry.is_empty:
            unlocated.append(f"{kind} ({severity})" if severity and severity != "unknown" else kind)
            claimants.append(who)
            continue
        if len(figures) < 12:
            detail = _text(row.get("description"))
            if severity and severity != "unknown":
                detail = f"{severity}: {detail}" if detail else severity
            figures.append(KeyFigure(f"Damage area: {kind}", format_area(_number(row, "area_m2")), detail,
                                     f"area measured by geo from the mapped outline; damage claimed by {who}"))
    located = len(damage) - len(unlocated)
    if located > 12:
        figures.append(KeyFigure("Further damage areas", format_count(located - 12), "listed in the scenario", ""))
    if unlocated:
        count = len(unlocated)
        figures.append(KeyFigure("Damage reported, not located", format_count(count, "report"),
                                 ", ".join(unlocated[:12]) + ("…" if count > 12 else "") + "; no area can be measured",
                                 "; ".join(dict.fromkeys(claimants))))
    return figures


def _casualty_figures(analysis: CaseAnalysis) -> list[KeyFigure]:
    inc = analysis.incidents
    if len(inc) != 1:
        return []
    row = inc.iloc[0]
    figures = []
    for kind, label in (("fatalities", "Killed"), ("injuries", "Injured")):
        listed = casualty_figure(row, kind)
        if listed is not None:
            figures.append(KeyFigure(label, *listed))
            continue
        figure = _casualties(row, kind)
        if figure:
            figures.append(KeyFigure(label, figure, "as claimed; not measured by geo",
                                     _text(row.get(f"{kind}_source")) or "not stated"))
    return figures


def _claims(analysis: CaseAnalysis) -> list[Claim]:
    claims = []
    for _, row in analysis.incidents.head(50).iterrows():
        cited = _source_names(analysis, row.get("sources")) or "not stated"
        prefix = f"{_text(row.get('id'))}: " if len(analysis.incidents) > 1 else ""
        if claims_of(row, "location_claims") is not None:
            claims += [Claim(**r) for r in claim_rows(prefix + "location", row["location_claims"])]
        elif _text(row.get("location")):
            claims.append(Claim(prefix + "location", _text(row.get("location")), cited))
        when = format_date(row.get("date"), row.get("time_precision"), row.get("time_of_day"))
        claims.append(Claim(prefix + "date", when, cited))
        for kind, label in (("fatalities", "killed"), ("injuries", "injured")):
            if claims_of(row, f"{kind}_claims") is not None:
                claims += [Claim(**r) for r in claim_rows(prefix + label, row[f"{kind}_claims"])]
                continue
            figure = _casualties(row, kind)
            if figure:
                claims.append(Claim(prefix + label, figure, _text(row.get(f"{kind}_source")) or cited))
    for _, row in analysis.damage.head(50).iterrows():
        subject = f"damage: {_text(row.get('kind')) or _text(row.get('id'))}"
        if claims_of(row, "claims") is not None:
            claims += [Claim(**r) for r in claim_rows(subject, row["claims"])]
            continue
        who = analysis.scenario.source_name(_text(row.get("source"))) if _text(row.get("source")) else "not stated"
        claims.append(Claim(subject, _text(row.get("description")) or "reported", who))
    return claims


def _sources(analysis: CaseAnalysis) -> list[SourceLine]:
    lines = []
    for _, row in analysis.scenario.sources.iterrows():
        url = _text(row.get("url"))
        safe = url if url.lower().startswith(("http://", "https://")) else None
        published = row.get("published")
        published = format_date(published) if _text(published) else ""
        note = _text(row.get("note"))
        if url and safe is None:
            note = (note + "; " if note else "") + f"address given: {url}"
        lines.append(SourceLine(_text(row.get("name")) or _text(row.get("id")), safe, published, note))
    return lines


def _table(analysis: CaseAnalysis, names: dict[str, str]) -> tuple[list[str], list[list[str]], str]:
    columns = ["Incident", "Date", "What", "Where", "Located", "To the border", "Killed", "Injured"]
    rows = []
    inc = analysis.incidents
    for _, row in inc.head(TABLE_LIMIT).iterrows():
        dist = _number(row, "border_distance_m")
        lo, hi = _number(row, "border_distance_min_m"), _number(row, "border_distance_max_m")
        border = format_distance(dist) if np.isfinite(dist) else "–"
        if np.isfinite(dist) and np.isfinite(lo) and np.isfinite(hi) and hi > lo:
            border += f" ({format_distance_range(lo, hi)})"
        level = _number(row, "location_precision")
        radius = _number(row, "uncertainty_m")
        located = _PRECISION.get(int(level), "–") if np.isfinite(level) else "–"
        if np.isfinite(radius) and radius > 0:
            located += f", ±{format_distance(radius)}"
        rows.append([_text(row.get("id")), format_date(row.get("date"), row.get("time_precision")),
                     _text(row.get("event_type")) or "–", _where(row, names), located, border,
                     casualty_cell(row, "fatalities") or _casualties(row, "fatalities") or "–",
                     casualty_cell(row, "injuries") or _casualties(row, "injuries") or "–"])
    note = (f"The first {format_count(TABLE_LIMIT)} of {format_count(len(inc))} incidents are listed."
            if len(inc) > TABLE_LIMIT else "")
    return columns, rows, note


def _scenario_digest(analysis: CaseAnalysis) -> str:
    path = analysis.scenario.path
    if path is None:
        return "built in Python (no scenario file)"
    try:
        digest = hashlib.sha256(open(path, "rb").read()).hexdigest()[:16]  # noqa: SIM115 - read once
    except OSError:
        return os.path.basename(str(path))
    return f"{os.path.basename(str(path))} (sha256 {digest}…)"


def _provenance(analysis: CaseAnalysis) -> list[tuple[str, str]]:
    from geo._version import __version__
    from geo.reference.countries import natural_earth_version

    return [
        ("Scenario", _scenario_digest(analysis)),
        ("Countries and borders", f"Natural Earth 10m admin-0, version {natural_earth_version()} (public domain)"),
        ("Towns", "GeoNames (CC BY 4.0), cities500 (places of 500+ people) bundled with geo; villages below "
                  "that: MIMU (Myanmar), © OpenStreetMap contributors, ODbL (Nigeria)"),
        ("Regions", "Natural Earth 10m admin-1 (public domain), German point of view as the countries"),
        ("Measurements", "geodesic on the WGS84 ellipsoid (GeographicLib algorithms via pyproj)"),
        ("Software", f"geo {__version__}"),
    ]


def _lede(analysis: CaseAnalysis) -> str:
    summary = _text(analysis.scenario.summary)
    if summary:
        return summary
    inc = analysis.incidents
    return f"{format_count(len(inc), 'incident')} analysed for proximity to borders and towns."


def _caption(analysis: CaseAnalysis, names: dict[str, str]) -> tuple[str, str]:
    inc = analysis.incidents
    borders = ", ".join(_pair(c, names) for c in analysis.borders["countries"]) if len(analysis.borders) else ""
    caption = ("The interactive map works offline inside this file: zoom, switch layers, click an incident "
               "for its details, measure distances.")
    alt = f"Map of {format_count(len(inc), 'incident')}"
    if borders:
        alt += f" near the {borders} border, with distance bands"
    if len(inc) == 1 and "border_distance_m" in inc and np.isfinite(_number(inc.iloc[0], "border_distance_m")):
        alt += f"; the incident lies {format_distance(_number(inc.iloc[0], 'border_distance_m'))} from the border"
    return caption, alt + "."


def report_content(analysis: CaseAnalysis, *, generated_at: dt.datetime | str | None = None) -> ReportContent:
    """Gather what a report of ``analysis`` says, as plain (unescaped) text.

    Parameters
    ----------
    analysis:
        The result of :func:`geo.analyze`.
    generated_at:
        Generation time shown in the report; see :func:`resolve_generated_at`.
    """
    names = _country_names()
    columns, rows, note = _table(analysis, names)
    caveats = [_text(c) for c in analysis.scenario.caveats if _text(c)]
    caveats += [_text(n) for n in analysis.notes if _text(n) and _text(n) not in caveats]
    caption, alt = _caption(analysis, names)
    stamp = resolve_generated_at(generated_at)
    return ReportContent(
        title=_text(analysis.scenario.title) or "Incident report",
        lede=_lede(analysis),
        summary=_summary(analysis, names),
        figures=_border_figures(analysis, names) + _region_figures(analysis, names) + _town_figures(analysis)
        + _damage_figures(analysis)
        + _casualty_figures(analysis),
        table_columns=columns, table_rows=rows, table_note=note,
        claims=_claims(analysis),
        sources=_sources(analysis),
        caveats=caveats,
        provenance=_provenance(analysis),
        generated_at=format_timestamp(stamp),
        map_caption=caption, alt_text=alt,
    )
