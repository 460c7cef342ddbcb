"""Reading data files on the command line: the options every command shares, and what it says.

``geo map``, ``geo distance``, ``geo report`` and ``geo inspect`` read files
the same way (:func:`geo.input.load.load_events`), with the same options:
``--columns``, ``--profile``, ``--on-error``, ``--layer``, ``--crs``,
``--lon``/``--lat`` and ``-v`` (say which profile and columns were used).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from geo.cli._common import echo_info
from geo.cli._terminal import terminal_safe

__all__ = ["border_pair", "read_options", "load_file", "case_inputs", "scenario_from_files", "report_rejected", "rejected_path",
           "terminal_safe"]

_SCENARIO_SUFFIXES = {".yaml", ".yml"}



def border_pair(spec: str, *, allow_nearest: bool = False) -> tuple[str, str] | str:
    """A ``--border`` value in the one grammar (:func:`geo.parse_border`): a checked pair, or ``"nearest"``."""
    from geo.errors import GeoError
    from geo.reference.countries import parse_border

    try:
        return parse_border(spec, allow_nearest=allow_nearest)
    except GeoError as exc:
        raise exc.with_context(source="--border", replace=True) from None


def rejected_path(output: Path) -> Path:
    """Where a command writing ``output`` puts rejected rows (``out/map.html`` -> ``out/map.rejected.csv``)."""
    from geo.input.load import rejected_path as path_for

    return path_for(output)


def read_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the reading options to a command (they arrive as keyword arguments)."""
    options = [
        click.option("--columns", metavar="FIELD=COLUMN,...",
                     help="Map columns to geo's fields, overriding the profile: "
                          "e.g. date=event_date,fatalities=best,lon=X (see 'geo inspect FILE')."),
        click.option("--profile", type=click.Choice(["acled", "ucdp", "hxl", "monitor", "geo"]),
                     help="Read the file as this export instead of recognising it from its header."),
        click.option("--on-error", "on_error", type=click.Choice(["fail", "skip"]), default="fail", show_default=True,
                     help="Bad rows: fail (stop, naming every bad row) or skip (go on without them and write them, "
                          "with row number and reason, to OUT.rejected.csv)."),
        click.option("--lon", "lon", help="Longitude column of CSV inputs (default: from the profile, else "
                                          "lon/lng/longitude/x)."),
        click.option("--lat", "lat", help="Latitude column of CSV inputs (default: from the profile, else "
                                          "lat/latitude/y)."),
        click.option("--layer", help="Layer of multi-layer inputs (GPKG); a KML folder (default: all folders)."),
        click.option("--crs", help="CRS of input coordinates when a file does not say (CSV default EPSG:4326)."),
        click.option("-v", "--verbose", is_flag=True,
                     help="Say which profile was recognised and which column became which field."),
    ]
    return functools.reduce(lambda f, option: option(f), reversed(options), func)


def load_file(path: Path, *, columns: str | None = None, profile: str | None = None, on_error: str = "fail",
              lon: str | None = None, lat: str | None = None, layer: str | None = None, crs: str | None = None,
              verbose: bool = False, announce: bool = True):
    """:func:`load_events` with the command's options; ``-v`` prints the reading."""
    from geo.input.load import load_events

    loaded = load_events(path, layer=layer, crs=crs, lon=lon, lat=lat, columns=columns, profile=profile,
                         on_error=on_error)
    if verbose and announce:
        for line in loaded.reading.describe():
            click.echo(f"{terminal_safe(path)}: {terminal_safe(line)}", err=True)
    return loaded


def case_inputs(inputs: tuple[Path, ...], *, title: str | None, options: dict[str, Any], allow: tuple[Path, ...] = ()):
    """A scenario from one YAML file, or built from data files; returned with the data files' paths.

    A scenario's ``incidents_file`` is read with ``--on-error`` (when ``skip``)
    and ``-v``; the other reading options apply to data files given directly.
    """
    from geo.errors import InputError

    yaml_inputs = [p for p in inputs if p.suffix.lower() in _SCENARIO_SUFFIXES]
    if yaml_inputs:
        from geo.input.scenario import load_scenario  # (with PyYAML: data files alone need neither)

        if len(inputs) > 1:
            raise InputError("give either one scenario YAML or data files, not both", source=str(yaml_inputs[0]),
                             hint="list extra data files in the scenario (incidents_file:, damage_file:)")
        scenario = load_scenario(yaml_inputs[0], on_error="skip" if options.get("on_error") == "skip" else None,
                                 allow=allow)
        if options.get("verbose"):
            for loaded in scenario.loaded:
                for line in loaded.reading.describe():
                    click.echo(f"{terminal_safe(loaded.source)}: {terminal_safe(line)}", err=True)
        return scenario, []
    scenario, _ = scenario_from_files(inputs, title=title, options=options)
    return scenario, list(inputs)


def scenario_from_files(paths: tuple[Path, ...], *, title: str | None, options: dict[str, Any]):
    """A scenario built from data files: points are incidents, polygons damage areas, lines drawn.

    Returns ``(scenario, loaded files)``.
    """
    import geopandas as gpd
    import pandas as pd

    from geo.errors import InputError
    from geo.input.model import Scenario, empty_damage, empty_incidents

    incidents, damage, lines, loaded_files, origin = [], [], [], [], []
    for path in paths:
        loaded = load_file(path, **options)
        loaded_files.append(loaded)
        if loaded.incidents is not None:
            ids = pd.Index(loaded.incidents["id"].to_numpy(dtype=object))
            for earlier, where in origin:  # ids are unique within a file (validated); across files, checked here
                clash = ids[ids.isin(earlier)]
                if len(clash):
                    raise InputError(f"incident id {clash[0]!r} is also used in {where}", source=str(path),
                                     hint="ids must be unique across files; prefix them, e.g. with the file name")
            origin.append((ids, str(path)))
            incidents.append(loaded.incidents)
        if loaded.damage is not None:
            damage.append(loaded.damage)
        if loaded.lines is not None:
            lines.append(loaded.lines)
    if not incidents and not damage and not lines:
        raise InputError("nothing to map", source=str(paths[0]), hint="add a file of points, polygons or lines")
    merged = (gpd.GeoDataFrame(pd.concat(incidents, ignore_index=True), geometry="geometry", crs="EPSG:4326")
              if incidents else empty_incidents())
    areas = (gpd.GeoDataFrame(pd.concat(damage, ignore_index=True), geometry="geometry", crs="EPSG:4326")
             if damage else empty_damage())
    names = ", ".join(p.name for p in paths)
    line_frame = (gpd.GeoDataFrame(pd.concat(lines, ignore_index=True), geometry="geometry", crs="EPSG:4326")
                  if lines else None)
    scenario = Scenario(title=title or f"Incidents from {names}", incidents=merged, damage=areas, lines=line_frame,
                        loaded=loaded_files)
    return scenario, loaded_files


def report_rejected(loaded_files: list, output: Path) -> None:
    """Write the rejected rows of every input beside ``output`` and say how many (nothing when none)."""
    import pandas as pd

    from geo.input.load import write_rejected

    frames = []
    for loaded in loaded_files:
        if len(loaded.rejected):
            frame = loaded.rejected.copy()
            if len(loaded_files) > 1:
                frame.insert(0, "file", loaded.source)
            frames.append(frame)
    read = sum(f.rows for f in loaded_files)
    if not frames:
        return
    rejected = pd.concat(frames, ignore_index=True)
    target = write_rejected(rejected, output)
    echo_info(f"{read:,} rows read: {read - len(rejected):,} used, {len(rejected):,} rejected "
              f"(written to {terminal_safe(target)} with row numbers and reasons)")
