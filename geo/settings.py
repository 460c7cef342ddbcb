"""Run-time settings, read at call time, never frozen into default arguments.

Change a setting by assignment::

    >>> import geo
    >>> geo.settings.places_min_population = 15000
    >>> geo.settings.places_min_population = 500

or with the matching ``GEO_*`` environment variable before import
(``GEO_DATA_DIR``, ``GEO_TILES``, ``GEO_TILE_HOSTS``, ``GEO_PLACES_MIN_POPULATION``,
``GEO_NEAREST_MIN_POPULATION``, ``GEO_CHROMIUM``, ``GEO_PROGRESS``, ``GEO_CACHE_DIR``, ``GEO_PROCESSES``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Settings", "settings"]


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


#: ``GEO_CACHE_DIR`` values that turn the cache off.
CACHE_OFF = ("off", "none", "no", "false", "0")


def _cache_dir() -> Path | None:
    """``GEO_CACHE_DIR``; ``off`` (or none, no, false, 0) turns the cache off; unset: the XDG user cache."""
    value = os.environ.get("GEO_CACHE_DIR", "").strip()
    if value.casefold() in CACHE_OFF:
        return None
    if value:
        return Path(value).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache").expanduser() / "geo"


@dataclass
class Settings:
    """geo's settings.

    Attributes
    ----------
    data_dir:
        Folder holding ``countries.parquet``, ``borders.parquet`` and
        ``regions.parquet``. ``None`` uses the data shipped with the package.
    tiles:
        Default tile layer for interactive maps: ``"none"`` (the default: the
        bundled vector basemap only, so a map calls no server), an
        xyzservices name such as ``"OpenStreetMap.Mapnik"``, or a URL
        template on a host listed in ``tile_hosts``. Web tiles make every
        reader's browser send the tile server their IP address and the area
        they look at, so they are only ever the choice of whoever runs geo,
        never of a scenario. The vector basemap is always drawn underneath.
    tile_hosts:
        Hosts a tile URL template may point at besides the xyzservices
        providers' own (``GEO_TILE_HOSTS``, comma-separated).
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
    cache_dir:
        Folder where geo keeps results that are slow to compute and the same
        every time for the same input (distance-band polygons), keyed by a
        hash of that input, so the next run reads them instead. Default
        ``$XDG_CACHE_HOME/geo`` (usually ``~/.cache/geo``); ``GEO_CACHE_DIR``
        names another folder, ``GEO_CACHE_DIR=off`` (or ``None`` here) keeps
        nothing on disk. The files hold polygons derived from the borders
        analysed (a line you pass as a border included), never incident
        locations or scenario text; removing the folder is always safe.
    processes:
        Let a map or analysis of many incidents (20,000 or more) compute
        independent steps in a forked child process on another core while
        this one computes the others (Linux only; the same results either
        way). ``GEO_PROCESSES=0`` (or ``False`` here) keeps all work in one
        process: on a machine whose other cores are busy the child only adds
        CPU time.
    """

    data_dir: Path | None = field(default_factory=lambda: _env_path("GEO_DATA_DIR"))
    tiles: str = field(default_factory=lambda: os.environ.get("GEO_TILES", "none"))
    tile_hosts: tuple[str, ...] = field(default_factory=lambda: tuple(
        h.strip().lower() for h in os.environ.get("GEO_TILE_HOSTS", "").split(",") if h.strip()))
    places_min_population: int = field(
        default_factory=lambda: int(os.environ.get("GEO_PLACES_MIN_POPULATION", "500")))
    nearest_min_population: int = field(
        default_factory=lambda: int(os.environ.get("GEO_NEAREST_MIN_POPULATION", "5000")))
    chromium: Path | None = field(default_factory=lambda: _env_path("GEO_CHROMIUM"))
    progress: bool = field(default_factory=lambda: os.environ.get("GEO_PROGRESS", "1") != "0")
    progress_min_items: int = 50_000
    cache_dir: Path | None = field(default_factory=_cache_dir)
    processes: bool = field(default_factory=lambda: os.environ.get("GEO_PROCESSES", "1").strip().lower()
                            not in ("0", "off", "no", "false"))


settings = Settings()
