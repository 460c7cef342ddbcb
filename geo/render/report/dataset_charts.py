"""Charts of a dataset report as static PNG images (matplotlib, offline, deterministic).

Each function takes a table of :class:`geo.analysis.dataset.DatasetSummary`
and returns PNG bytes; the same table gives the same bytes (no timestamps in
the file). Colours come from :mod:`geo.render.style`.
"""

from __future__ import annotations

import io
import logging

import pandas as pd

__all__ = ["series_chart", "type_chart", "precision_chart", "CHART_DPI"]

log = logging.getLogger(__name__)

CHART_DPI = 110
_BAR = "#3f6f9f"
_FATAL = "#bd0026"


def _figure(width: float = 7.0, height: float = 2.6):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=CHART_DPI)
    ax = fig.add_subplot(1, 1, 1)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)
    return fig, ax


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def series_chart(series: pd.DataFrame, period: str) -> bytes:
    """Events per week or month as bars, the lowest reported fatalities as a line on a second axis."""
    fig, ax = _figure()
    x = pd.to_datetime(series["period_start"])
    width = 5.5 if period == "week" else 25
    ax.bar(x, series["events"], width=width, color=_BAR, align="edge", label="events")
    ax.set_ylabel(f"events per {period}", fontsize=8)
    if len(series) and series["fatalities_low"].sum() > 0:
        twin = ax.twinx()
        twin.plot(x + pd.Timedelta(days=width / 2), series["fatalities_low"], color=_FATAL, linewidth=1.2,
                  label="fatalities (lowest figure)")
        twin.set_ylabel("fatalities (lowest reported)", fontsize=8, color=_FATAL)
        twin.tick_params(labelsize=8, colors=_FATAL)
        twin.spines["top"].set_visible(False)
        twin.set_ylim(bottom=0)
    ax.set_ylim(bottom=0)
    ax.set_title(f"Events per {period}", fontsize=10, loc="left")
    return _png(fig)


def type_chart(by_type: pd.DataFrame, *, top: int = 12) -> bytes:
    """Events by type, most frequent at the top."""
    table = by_type.head(top).iloc[::-1]
    fig, ax = _figure(height=max(1.6, 0.5 + 0.28 * len(table)))
    ax.barh([str(t) for t in table["event_type"]], table["events"], color=_BAR)
    ax.set_xlabel("events", fontsize=8)
    ax.set_title("Events by type", fontsize=10, loc="left")
    return _png(fig)


def precision_chart(precision: pd.DataFrame) -> bytes:
    """How precisely events are located: share of events per precision."""
    table = precision.iloc[::-1]
    fig, ax = _figure(height=max(1.6, 0.5 + 0.3 * len(table)))
    ax.barh([str(label) for label in table["label"]], table["share"] * 100, color=_BAR)
    ax.set_xlabel("% of events", fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_title("Where events are known to", fontsize=10, loc="left")
    return _png(fig)
