"""Report wording for figures with several claims: key figures, table cells and claims-panel rows.

Only figures whose scenario lists ``claims:`` come through here; the
one-claim form keeps its old wording in :mod:`geo.render.report._figures`.
The wording of a figure (range, dispute, who stands behind each end) is
:func:`geo.render.claims_text.effective_text`, as on the map and the static
map. Results are plain values (the report's dataclasses are built by
``_figures``, which calls this module, never the other way).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from geo.render.claims_text import claim_lines, effective_text, ends_text, is_claimset

__all__ = ["claims_of", "casualty_figure", "casualty_cell", "claim_rows"]


def claims_of(row: pd.Series, column: str) -> Any:
    """The :class:`geo.ClaimSet` in ``row[column]``, or None."""
    value = row.get(column)
    return value if is_claimset(value) else None


def casualty_figure(row: pd.Series, kind: str) -> tuple[str, str, str] | None:
    """``(value, detail, claimed by)`` of a casualty count with several claims; None for the one-claim form."""
    claims = claims_of(row, f"{kind}_claims")
    if claims is None or not claims.range_text:
        return None
    value = claims.range_text + (" (disputed)" if claims.disputed else "")
    who = "; ".join(dict.fromkeys(c.claimant or c.source or "not stated" for c in claims.standing if c.has_figure))
    detail = "as claimed; not measured by geo. " + ends_text(claims)
    if claims.disputed:
        detail += ". The claims disagree; the range is shown, not an average"
    return value, detail, who


def casualty_cell(row: pd.Series, kind: str) -> str | None:
    """The incidents-table cell of a count with several claims, or None for the one-claim form."""
    claims = claims_of(row, f"{kind}_claims")
    if claims is None:
        return None
    shown = claims.range_text or "–"
    return shown + (" (disputed)" if claims.disputed else "")


def claim_rows(subject: str, claims: Any) -> list[dict[str, Any]]:
    """The claims-panel rows of one figure (keyword arguments of the report's ``Claim``).

    First the effective reading (status ``"effective"``), then each claim as
    given, with its relay, time and status; a superseded one is ``struck``
    with what replaced it.
    """
    rows: list[dict[str, Any]] = [{"subject": subject, "figure": effective_text(claims),
                                   "claimed_by": "the claims that stand", "status": "effective"}]
    for line in claim_lines(claims):
        quoted = f"\u201c{line.wording}\u201d" if line.wording else ""
        figure = " ".join(part for part in (line.figure, quoted) if part) or "reported"
        rows.append({"subject": subject, "figure": figure, "claimed_by": line.claimant, "relay": line.relay,
                     "url": line.url, "said": line.said, "status": line.status, "struck": line.struck,
                     "replaced_by": line.replaced_by})
    return rows
