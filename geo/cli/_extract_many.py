"""``geo extract a.txt b.txt ...``: several reports of one incident, one draft with their claims side by side."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from geo.cli._common import echo_info, guarded_outputs

__all__ = ["extract_many", "figure_text"]


def extract_many(articles: tuple[Path, ...], output: Path, published: str | None, incident_id: str | None, *,
                 read: Callable[[Path], str]) -> None:
    """Read every article, merge them into one draft (:func:`geo.merge_drafts`), write it, summarise."""
    from geo._atomic import write_text
    from geo.input.extract import extract_incident, extract_page, merge_drafts, scenario_yaml
    from geo.input.extract._page import looks_like_html

    found = []
    for article in articles:
        text = read(article)
        page = article.suffix.lower() in (".html", ".htm", ".xhtml") or looks_like_html(text)
        found.append((extract_page if page else extract_incident)(text, published=published, source=str(article)))
    relative = [Path(os.path.relpath(a.resolve(), output.resolve().parent)).as_posix() for a in articles]
    draft = merge_drafts(found, articles=relative, names=[a.name for a in articles], incident_id=incident_id)
    with guarded_outputs(output):
        write_text(output, scenario_yaml(draft, source=", ".join(a.name for a in articles)))
    incident = draft["incidents"][0]
    lines = [f"wrote {output} (one incident from {len(articles)} articles)"]
    for kind in ("fatalities", "injuries"):
        for claim in (incident.get(kind) or {}).get("claims", []):
            value = claim["value"]
            figure = figure_text(*value) if isinstance(value, list) else str(value)
            lines.append(f"  {kind:<10} {figure} {claim['text']!r}, per {claim.get('claimant') or 'nobody named'} "
                         f"({claim['source']})")
    for field, reason in (incident.get("uncertain") or {}).items():
        lines.append(f"  check      {field}: {reason}")
    echo_info("\n".join(lines))


def figure_text(low: int | None, high: int | None) -> str:
    """A claimed count as the extract summary prints it: ``12+``, ``up to 5``, ``3-7``."""
    if high is None:
        return f"{low}+"
    if low is None:
        return f"up to {high}"
    return str(low) if low == high else f"{low}-{high}"
