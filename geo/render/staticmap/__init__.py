"""Static maps (PNG, SVG, PDF) of an analysed case with matplotlib, drawn from bundled data only."""

from __future__ import annotations

from ._figure import static_map, static_map_png, write_static_map

__all__ = ["static_map", "static_map_png", "write_static_map"]
