"""Figures with several claims on the static map: caption lines and a dashed ring for disputed incidents.

The caption's words are :func:`geo.render.claims_text.caption_lines`, the
same as the map popup and the reports; nothing is drawn for the one-claim
form, so older scenarios draw as they always did.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from geo.render import style
from geo.render.claims_text import caption_lines, disputed_mask

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from geo.analysis.case import CaseAnalysis
    from geo.render.staticmap._layers import View

__all__ = ["claim_caption", "draw_disputed", "CAPTION_LINE_HEIGHT"]

#: Height of one caption line, as a fraction of the figure's height.
CAPTION_LINE_HEIGHT = 0.028


def claim_caption(analysis: CaseAnalysis, width_in: float) -> list[str]:
    """Each figure's claims in words (``"Killed: 0 to at least 12 (disputed): ..."``), wrapped to the width.

    ``width_in`` is the figure's width in inches; 7.5 pt text fits about 17
    characters per inch.
    """
    width = max(60, int(width_in * 17))
    return [part for line in caption_lines(analysis.incidents) for part in textwrap.wrap(line, width)]


def draw_disputed(ax: Axes, view: View, analysis: CaseAnalysis) -> list[Any]:
    """A dashed ring around incidents with a disputed figure, and its legend entry (none when nothing is)."""
    from matplotlib.lines import Line2D

    inc = analysis.incidents
    mask = disputed_mask(inc)
    if not mask.any():
        return []
    x, y = view.xy(inc.geometry.x[mask], inc.geometry.y[mask])
    ax.scatter(x, y, s=260, facecolors="none", edgecolors=style.INK, linewidths=1.2, linestyle=(0, (2, 1.5)), zorder=10)
    return [Line2D([], [], marker="o", markersize=11, markerfacecolor="none", markeredgecolor=style.INK, linestyle="",
                   label="Disputed figure (dashed ring): the claims disagree")]
