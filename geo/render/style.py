"""One palette for every renderer: what each layer looks like and the classes legends explain.

The interactive map and the static map (and so the PNG in a PDF report) read
their colours, symbols and legend classes from here, so a reader sees the same
legend in each. Colours are ours, never user text.

- Distance bands: sequential blues, darkest nearest the border
  (ColorBrewer Blues), so they never compete with the fatality colours.
- Fatalities: ColorBrewer YlOrRd by the lowest reported figure, grey for "not
  reported"; readable with the common colour-vision deficiencies.
- Event types: shapes, not colours, so the two stay readable together; a
  type's symbol is fixed by its name (:func:`event_style`).
- Damage: reds by severity, purple for "unknown".
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

__all__ = [
    "FATALITY_CLASSES", "fatality_class", "fatality_legend",
    "SYMBOLS", "MATPLOTLIB_MARKERS", "EVENT_STYLES", "event_style", "event_type_classes", "symbol_classes",
    "SEVERITY_COLOURS", "severity_colour",
    "BAND_COLOURS", "band_colour", "BAND_OPACITY", "DAMAGE_OPACITY",
    "BORDER_COLOUR", "DENSITY_COLOURS", "DISPUTED_LABEL", "UNCERTAINTY_COLOUR", "REGION_COLOUR", "TOWN_COLOUR", "LINE_COLOUR", "INK", "HALO",
    "SEA_COLOUR", "LAND_COLOUR", "LAND_EDGE_COLOUR",
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

#: Symbols the interactive map's canvas draws, in the order of :func:`symbol_classes`.
SYMBOLS = ("circle", "square", "triangle", "diamond", "star", "hexagon", "cross")

#: The matplotlib marker that draws each symbol on a static map.
MATPLOTLIB_MARKERS = {"circle": "o", "square": "s", "triangle": "^", "diamond": "D", "star": "*",
                      "hexagon": "h", "cross": "P"}

#: Fixed styles of the event types of ACLED (``event_type``) and UCDP GED
#: (``type_of_violence`` 1-3, by name), keyed by the type's name folded to lower
#: case: (symbol, outline colour). Types that mean the same share a style.
EVENT_STYLES: dict[str, tuple[str, str]] = {
    # ACLED event types
    "battles": ("cross", "#1b1b1b"),
    "explosions/remote violence": ("star", "#1b1b1b"),
    "violence against civilians": ("triangle", "#1b1b1b"),
    "protests": ("circle", "#1b1b1b"),
    "riots": ("square", "#1b1b1b"),
    "strategic developments": ("diamond", "#1b1b1b"),
    # UCDP GED types of violence
    "state-based conflict": ("cross", "#1b1b1b"),
    "non-state conflict": ("hexagon", "#1b1b1b"),
    "one-sided violence": ("triangle", "#1b1b1b"),
}

SEVERITY_COLOURS = {"destroyed": "#67000d", "severe": "#cb181d", "moderate": "#fb6a4a",
                    "light": "#fcbba1", "unknown": "#8c6bb1"}
BAND_COLOURS = ("#084594", "#4292c6", "#9ecae1", "#c6dbef", "#deebf7", "#f7fbff")
BORDER_COLOUR = "#d7191c"
#: Fill opacity of distance bands and damage areas, on both maps.
BAND_OPACITY = 0.3
DAMAGE_OPACITY = 0.45
UNCERTAINTY_COLOUR = "#525252"
REGION_COLOUR = "#6a3d9a"
TOWN_COLOUR = "#333333"
#: Line features of data files (trenches, roads, routes): green, apart from the red borders.
LINE_COLOUR = "#1b7837"
#: Incident density classes, lightest to darkest (ColorBrewer YlGnBu, sequential, colour-blind safe).
DENSITY_COLOURS = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
#: Legend entry of the dashed ring around an incident whose fatalities, injuries or location are disputed.
DISPUTED_LABEL = "disputed figure (colour: lowest claim)"
#: Incidents' reported positions, lines to the border, scale bar and labels.
INK = "#111111"
#: The outline that keeps labels and symbols readable over any colour.
HALO = "#ffffff"
# The static map's base layers (the interactive map uses tiles or its own world layer).
SEA_COLOUR = "#dce8f2"
LAND_COLOUR = "#f6f4ef"
LAND_EDGE_COLOUR = "#b8b1a5"


def fatality_class(low: pd.Series) -> np.ndarray:
    """Index into :data:`FATALITY_CLASSES` of each reported lower bound (0 = not reported)."""
    values = pd.to_numeric(low, errors="coerce").to_numpy(dtype="float64")
    edges = np.array([c[1] for c in FATALITY_CLASSES[1:]], dtype="float64")
    classes = np.searchsorted(edges, np.where(np.isnan(values), -1, values), side="right")
    return np.where(np.isnan(values), 0, classes).astype("int32")


def fatality_legend(classes: np.ndarray) -> list[tuple[str, str]]:
    """(label, colour) of each fatality class that occurs in ``classes``, in class order."""
    used = set(np.unique(np.asarray(classes)).tolist())
    return [(label, colour) for i, (label, _, colour) in enumerate(FATALITY_CLASSES) if i in used]


def event_style(event_type: str | None) -> tuple[str, str]:
    """The (symbol, outline colour) of an event type, fixed by its name.

    ACLED and UCDP types have documented styles (:data:`EVENT_STYLES`); any
    other name gets a symbol chosen by a checksum of its folded name, so the
    same type looks the same in every map and every run. A blank type is a
    circle.

    >>> event_style("Battles"), event_style("battles ")
    (('cross', '#1b1b1b'), ('cross', '#1b1b1b'))
    >>> event_style("air strike") == event_style("Air Strike")
    True
    """
    key = " ".join(str(event_type or "").split()).casefold()
    if not key:
        return "circle", INK
    if key in EVENT_STYLES:
        return EVENT_STYLES[key]
    return SYMBOLS[zlib.crc32(key.encode("utf-8")) % len(SYMBOLS)], INK


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


def event_type_classes(event_types: pd.Series) -> tuple[np.ndarray, list[dict[str, str]]]:
    """A code per row and one legend entry ``{"label", "symbol", "color"}`` per distinct event type.

    Each type's symbol and outline colour come from :func:`event_style`, fixed
    by its name: Explosions are the same star in every map of every file. Only
    the order of the entries depends on the data (most frequent first, blank
    last, reading "type not stated").

    >>> codes, legend = event_type_classes(pd.Series(["Protests", "Battles", "Battles"]))
    >>> codes.tolist(), [(e["label"], e["symbol"]) for e in legend]
    ([1, 0, 0], [('Battles', 'cross'), ('Protests', 'circle')])
    """
    # each distinct cell stripped once (100,000 incidents name a handful of types)
    raw, cells = pd.factorize(event_types.to_numpy(dtype=object), sort=False, use_na_sentinel=True)
    stripped = pd.Series(np.asarray(cells, dtype=object), dtype=object).astype("string").fillna("").str.strip()
    again, uniques = pd.factorize(np.append(stripped.to_numpy(dtype=object), ""), sort=False)
    mapped = again[raw]  # a missing cell (-1) takes the appended ""
    # the types present, in code order, and each row's rank among them: what np.unique(return_inverse) gives,
    # by counting instead of sorting 100,000 codes
    present = np.bincount(mapped, minlength=len(uniques)) > 0
    codes, uniques = (np.cumsum(present) - 1)[mapped], np.asarray(uniques, dtype=object)[np.flatnonzero(present)]
    counts = np.bincount(codes, minlength=len(uniques))
    order = sorted(range(len(uniques)), key=lambda k: (-int(counts[k]), uniques[k] == "", str(uniques[k])))
    rank = np.empty(len(uniques), dtype="int32")
    rank[order] = np.arange(len(uniques), dtype="int32")
    legend = []
    for k in order:
        symbol, colour = event_style(uniques[k])
        legend.append({"label": str(uniques[k]) or "type not stated", "symbol": symbol, "color": colour})
    return rank[codes] if len(codes) else np.zeros(0, dtype="int32"), legend


def severity_colour(severity: str | None) -> str:
    """The fill of a damage area of this severity (``unknown`` for anything else)."""
    return SEVERITY_COLOURS.get(str(severity or "unknown").strip().lower(), SEVERITY_COLOURS["unknown"])


def band_colour(k: int) -> str:
    """The colour of the ``k``-th distance band counted outwards from the border (0 = nearest)."""
    return BAND_COLOURS[min(max(k, 0), len(BAND_COLOURS) - 1)]
