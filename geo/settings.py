"""Run-time settings, read at call time, never frozen into default arguments.

Change a setting by assignment::

    >>> import geo
    >>> geo.settings.places_min_population = 15000
    >>> geo.settings.places_min_population = 500

or with the matching ``GEO_*`` environment variable before import
(``GEO_DATA_DIR``, ``GEO_TILES``, ``GEO_PLACES_MIN_POPULATION``,
``GEO_NEAREST_MIN_POPULATION``, ``GEO_CHROMIUM``, ``GEO_PROGRESS``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Settings", "settings"]


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


@dataclass
class Settings:
    """geo's settings.

    Attributes
    ----------
    data_dir:
        Folder holding ``countries.parquet``, ``borders.parquet`` and
        ``regions.parquet``. ``None`` uses the data shipped with the package.
    tiles:
        Default tile layer for interactive maps: an xyzservices name such as
        ``"OpenStreetMap.Mapnik"``, a URL template, or ``"none"`` for the
        bundled vector basemap only. The vector basemap is always drawn
        underneath, so a map stays readable when tiles cannot load.
    places_min_population:
        Smallest place kept in the gazetteer (default 500, all of the bundled
        GeoNames ``cities500``; villages such as Prudianka, 1,924 people).
    nearest_min_population:
        Smallest town that :func:`geo.analyze` names as an incident's nearest
        town on maps and in reports (default 5,000: a reader knows where those
        are) unless the scenario sets ``map.min_population``. Never below
        ``places_min_population``: raising that raises this too.
    chromium:
        The Chromium (or Chrome) executable that prints PDF reports; ``None``
        looks for ``chromium``, ``chromium-browser``, ``google-chrome`` on
        ``PATH``.
    progress:
        Show progress bars on long work (CLI and library).
    progress_min_items:
        Below this many items no progress bar is shown.
    """

    data_dir: Path | None = field(default_factory=lambda: _env_path("GEO_DATA_DIR"))
    tiles: str = field(default_factory=lambda: os.environ.get("GEO_TILES", "OpenStreetMap.Mapnik"))
    places_min_population: int = field(
        default_factory=lambda: int(os.environ.get("GEO_PLACES_MIN_POPULATION", "500")))
    nearest_min_population: int = field(
        default_factory=lambda: int(os.environ.get("GEO_NEAREST_MIN_POPULATION", "5000")))
    chromium: Path | None = field(default_factory=lambda: _env_path("GEO_CHROMIUM"))
    progress: bool = field(default_factory=lambda: os.environ.get("GEO_PROGRESS", "1") != "0")
    progress_min_items: int = 50_000


settings = Settings()
