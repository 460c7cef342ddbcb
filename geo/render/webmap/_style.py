"""How layers look: colours, symbols and the classes legends explain.

Colours are ours (never user text). Fatality classes use a sequential
palette readable by people with the common colour-vision deficiencies
(ColorBrewer YlOrRd), with grey for "not reported"; event types get shapes,
not colours, so the two stay readable together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "FATALITY_CLASSES", "fatality_class", "SYMBOLS", "symbol_classes", "SEVERITY_COLOURS",
    "BAND_COLOURS", "BORDER_COLOUR", "DENSITY_COLOURS", "UNCERTAINTY_COLOUR", "REGION_COLOUR", "TOWN_COLOUR",
    "DISPUTED_LABEL",
]

#: (label, lowest reported count, colour); the first entry is "not reported".
FATALITY_CLASSES: tuple[tuple[str, float, str], ...] = (
    ("not reported", np.nan, "#9e9e9e"),
    ("0", 0, "#ffffb2"),
    ("1–4", 1, "#fecc5c"),
    ("5–19", 5, "#fd8d3c"),
    ("20–99", 20, "#f03b20"),
    ("100 or more", 100, "#bd0026"),
)

#: Canvas symbols in the order event types receive them (most frequent first).
SYMBOLS = ("circle", "square", "triangle", "diamond", "star", "hexagon", "cross")

SEVERITY_COLOURS = {"destroyed": "#67000d", "severe": "#cb181d", "moderate": "#fb6a4a",
                    "light": "#fcbba1", "unknown": "#8c6bb1"}
BAND_COLOURS = ("#084594", "#4292c6", "#9ecae1", "#c6dbef", "#deebf7", "#f7fbff")
BORDER_COLOUR = "#d7191c"
UNCERTAINTY_COLOUR = "#2c7fb8"
REGION_COLOUR = "#6a3d9a"
TOWN_COLOUR = "#333333"
#: Incident density classes, lightest to darkest (ColorBrewer YlGnBu, sequential, colour-blind safe).
DENSITY_COLOURS = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
#: Legend entry of the dashed ring around an incident whose fatalities, injuries or location are disputed.
DISPUTED_LABEL = "disputed figure (colour: lowest claim)"


def fatality_class(low: pd.Series) -> np.ndarray:
    """Index into :data:`FATALITY_CLASSES` of each reported lower bound (0 = not reported)."""
    values = pd.to_numeric(low, errors="coerce").to_numpy(dtype="float64")
    edges = np.array([c[1] for c in FATALITY_CLASSES[1:]], dtype="float64")
    classes = np.searchsorted(edges, np.where(np.isnan(values), -1, values), side="right")
    return np.where(np.isnan(values), 0, classes).astype("int32")


def symbol_classes(event_types: pd.Series) -> tuple[np.ndarray, list[dict[str, str]]]:
    """A symbol per event type, most frequent types first.

    Returns codes (one per row) and the legend entries ``{"label", "symbol"}``.
    Beyond :data:`SYMBOLS` types, the rarest share the last symbol as
    "other types". Blank types read "type not stated".
    """
    text = event_types.astype("string").fillna("").str.strip()
    counts = text.value_counts(sort=False)
    order = sorted(counts.index, key=lambda k: (-int(counts[k]), k == "", k))
    if len(order) > len(SYMBOLS):
        kept, rest = order[:len(SYMBOLS) - 1], order[len(SYMBOLS) - 1:]
    else:
        kept, rest = order, []
    index = {name: i for i, name in enumerate(kept)}
    other = len(kept)
    codes = text.map(index).fillna(other).to_numpy(dtype="int32")
    legend = [{"label": name or "type not stated", "symbol": SYMBOLS[i]} for i, name in enumerate(kept)]
    if rest:
        legend.append({"label": f"{len(rest)} other types", "symbol": SYMBOLS[-1]})
    return codes, legend

