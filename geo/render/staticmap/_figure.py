"""Static maps: a PNG of a case, drawn with matplotlib from the bundled vector data.

The same layers as the interactive map (countries, border, distance bands,
incidents with their uncertainty circles, lines to the nearest border point,
towns, damage areas, regions) with a legend, a scale bar whose length is
measured on the WGS84 ellipsoid and a north arrow. No tiles, no internet.

Everything drawn comes from a :class:`geo.analysis.CaseAnalysis`; nothing is
measured here except what the scale bar and the north arrow need to be true.
The map is drawn in an azimuthal equidistant projection centred on the view,
so distances from the centre are true and shapes are not stretched the way
Web Mercator stretches them at high latitudes.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from geo._atomic import write_bytes
from geo._format import format_count, format_date, format_distance
from geo.errors import MissingDependencyError
from geo.render.staticmap._claims import CAPTION_LINE_HEIGHT, claim_caption, draw_disputed
from geo.render.staticmap._layers import (
    View,
    draw_bands,
    draw_base,
    draw_borders,
    draw_damage,
    draw_incidents,
    draw_regions,
    draw_towns,
    north_arrow,
    scale_bar,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from geo.analysis.case import CaseAnalysis

__all__ = ["static_map", "static_map_png", "write_static_map"]

log = logging.getLogger(__name__)

#: Share of the figure's width given to the legend, right of the map.
LEGEND_COLUMN = 0.28
#: Type sizes (points) tried in turn until the legend fits its column.
LEGEND_FONT_SIZES = (7.5, 7.0, 6.5, 6.0)
#: Then labels are wrapped at these many characters (at 6.5 pt) until it fits.
LEGEND_WRAP_CHARS = (48, 40, 32, 24)


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - matplotlib is a core dependency
        raise MissingDependencyError("static maps need matplotlib",
                                     hint="pip install 'matplotlib>=3.8'") from exc
    return matplotlib


def static_map(analysis: CaseAnalysis, *, width_in: float = 9.0, height_in: float = 6.5, dpi: int = 150,
               title: str | None = None) -> Figure:
    """Draw a case as a matplotlib figure (Agg canvas, no window).

    Parameters
    ----------
    analysis:
        The result of :func:`geo.analyze`.
    width_in, height_in:
        Figure size in inches.
    dpi:
        Dots per inch when saved.
    title:
        Heading; defaults to the scenario's title.

    Returns
    -------
    matplotlib.figure.Figure
        Save it with ``fig.savefig(...)`` or use :func:`write_static_map`.
        The map axes (``fig.axes[0]``) carry their projection as ``geo_crs``
        (a :class:`pyproj.CRS`, metres), for adding layers with
        ``frame.to_crs(ax.geo_crs).plot(ax=ax)``.

    Examples
    --------
    >>> import geo
    >>> case = geo.analyze(geo.load_scenario("seeds/belgorod-2023-04-20.yaml"))  # doctest: +SKIP
    >>> fig = geo.static_map(case)  # doctest: +SKIP
    >>> fig.savefig("belgorod.png")  # doctest: +SKIP
    """
    _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # The Agg canvas comes once the layers are drawn: geopandas' plot() ends with canvas.draw_idle(), which an
    # Agg canvas honours by rendering the whole figure, once per layer; the default canvas renders nothing.
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    claims = claim_caption(analysis, width_in)
    top = 0.84 - CAPTION_LINE_HEIGHT * len(claims)  # lines of claims under the subtitle
    map_width = 0.98 - LEGEND_COLUMN  # the legend has a column of its own, right of the map: it covers no data
    ax = fig.add_axes((0.01, 0.06, map_width, top))
    view = View.fit(analysis, aspect=(map_width * width_in) / (top * height_in))
    ax.geo_crs = view.crs
    handles: list[Any] = []
    draw_base(ax, view)
    handles += draw_bands(ax, view, analysis.bands)
    handles += draw_regions(ax, view, analysis.regions)
    handles += draw_borders(ax, view, analysis.borders)
    handles += draw_damage(ax, view, analysis.damage)
    handles += draw_towns(ax, view, analysis)
    handles += draw_incidents(ax, view, analysis)
    handles += draw_disputed(ax, view, analysis)
    FigureCanvasAgg(fig)
    ax.set_xlim(view.xmin, view.xmax)
    ax.set_ylim(view.ymin, view.ymax)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")  # geopandas labels projected axes; a map needs none
    ax.set_ylabel("")
    scale_bar(ax, view)
    north_arrow(ax, view)
    if handles:
        _legend(fig, ax, handles)
    _headings(fig, analysis, title, view)
    for k, line in enumerate(claims):
        fig.text(0.01, 0.888 - CAPTION_LINE_HEIGHT * k, line, fontsize=7.5, color="#444444", va="center")
    return fig


def _legend(fig: Figure, ax: Any, handles: list[Any]) -> None:
    """The legend in its column right of the map, top-aligned with it.

    Smaller type when it would not fit; then long labels (several borders or
    regions named) wrapped onto more lines.
    """
    import textwrap

    renderer = fig.canvas.get_renderer()
    room = fig.bbox.transformed(fig.dpi_scale_trans.inverted())  # the figure, in inches
    box = ax.get_position()
    labels = [str(h.get_label()) for h in handles]
    tries = [(size, None) for size in LEGEND_FONT_SIZES] + [(LEGEND_FONT_SIZES[-2], w) for w in LEGEND_WRAP_CHARS]
    for size, wrap in tries:
        shown = labels if wrap is None else [textwrap.fill(t, wrap, break_on_hyphens=False) for t in labels]
        legend = ax.legend(handles=handles, labels=shown, loc="upper left", bbox_to_anchor=(box.x1 + 0.008, box.y1),
                           bbox_transform=fig.transFigure, borderaxespad=0.0, fontsize=size, frameon=True,
                           framealpha=1.0, borderpad=0.6, labelspacing=0.55, handlelength=1.8)
        legend.get_frame().set_edgecolor("#999999")
        extent = legend.get_window_extent(renderer).transformed(fig.dpi_scale_trans.inverted())
        if extent.x1 <= room.x1 - 0.05 and extent.y0 >= 0.02:
            return
    log.debug("the legend does not fit its column even at %s pt with wrapped labels", LEGEND_FONT_SIZES[-2])


def static_map_png(analysis: CaseAnalysis, **options: Any) -> bytes:
    """The static map as PNG bytes; same analysis and options give the same bytes.

    Takes the keyword options of :func:`static_map`.
    """
    fig = static_map(analysis, **options)
    buffer = io.BytesIO()
    # No "Software" entry: the PNG must not change when matplotlib is upgraded.
    fig.savefig(buffer, format="png", metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()


def write_static_map(analysis: CaseAnalysis, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write the static map to ``path`` (PNG) atomically and return the path.

    Takes the keyword options of :func:`static_map`.
    """
    target = Path(path)
    write_bytes(target, static_map_png(analysis, **options))
    log.debug("wrote %s", target)
    return target


def _headings(fig: Figure, analysis: CaseAnalysis, title: str | None, view: View) -> None:
    from geo._version import __version__
    from geo.reference.countries import natural_earth_version

    heading = title if title is not None else analysis.scenario.title
    fig.text(0.01, 0.955, heading, fontsize=14, fontweight="bold", va="center")
    subtitle = _subtitle(analysis)
    if subtitle:
        fig.text(0.01, 0.918, subtitle, fontsize=9, color="#444444", va="center")
    credit = (f"Borders and countries: Natural Earth 10m v{natural_earth_version()} · towns: GeoNames · "
              f"drawn with geo {__version__} · {view.projection_name}")
    fig.text(0.01, 0.03, credit, fontsize=6.5, color="#555555", va="center")


def _subtitle(analysis: CaseAnalysis) -> str:
    inc = analysis.incidents
    if len(inc) != 1:
        return format_count(len(inc), "incident") if len(inc) else ""
    row = inc.iloc[0]
    parts = []
    date = row.get("date")
    if date is not None and not pd.isna(date):
        parts.append(format_date(date, row.get("time_precision"), row.get("time_of_day")))
    where = row.get("nearest_phrase") or row.get("location")
    if isinstance(where, str) and where:
        parts.append(where)
    if "border_distance_m" in inc and np.isfinite(row.get("border_distance_m", np.nan)):
        parts.append(f"{format_distance(row['border_distance_m'])} from the border")
    return " · ".join(parts)
