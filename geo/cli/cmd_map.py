"""``geo map``: an interactive offline map of a scenario, or of data files."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli._common import command_errors, echo_info, guarded_outputs
from geo.errors import InputError

__all__ = ["map_command"]

_SCENARIO_SUFFIXES = {".yaml", ".yml"}

EPILOG = """\b
Examples:
  geo map seeds/belgorod-2023-04-20.yaml -o out/belgorod.html
  geo map strikes.csv damage.geojson --border RUS-UKR --title "Strikes near the border" -o strikes.html
  geo map events.gpkg --layer strikes --tiles none -o events.html
  geo map case.yaml --tiles "https://tile.openstreetmap.org/{z}/{x}/{y}.png" -o case.html

\b
The map is one HTML file that works offline: Leaflet and geo's controls are
inlined and a vector basemap of the bundled Natural Earth countries is drawn
under any web tiles. Point files are incidents; polygon files are damage
areas. Distances are geodesic on the WGS84 ellipsoid. The same inputs give a
byte-identical file; on any error no file is written.
"""


@click.command("map", epilog=EPILOG)
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write.")
@click.option("--border", "borders", multiple=True, metavar="A3-A3",
              help="Border to measure against, e.g. RUS-UKR (repeatable), or nearest: each incident's nearest "
                   "land border, drawing only borders nearest to at least 2% of the incidents (the default for "
                   "data files). Replaces a scenario's borders.")
@click.option("--title", help="Map title (default: the scenario's title, or the file names).")
@click.option("--tiles", metavar="NAME|URL|none",
              help="Web tiles: an xyzservices name (OpenStreetMap.Mapnik), an http(s) URL template, or none. "
                   "Default: the scenario's map.tiles, else GEO_TILES / geo.settings.tiles.")
@click.option("--bands", metavar="KM,KM,...", help="Border distance bands in km, e.g. 10,25,50.")
@click.option("--lon", "lon_column", help="Longitude column of CSV inputs (default: lon/lng/longitude/x).")
@click.option("--lat", "lat_column", help="Latitude column of CSV inputs (default: lat/latitude/y).")
@click.option("--layer", help="Layer of multi-layer inputs (GPKG, KML).")
@click.option("--crs", help="CRS of input coordinates when a file does not say (CSV default EPSG:4326).")
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the same layers as a static PNG image (drawn offline from the bundled data).")
@command_errors
def map_command(inputs: tuple[Path, ...], output: Path, borders: tuple[str, ...], title: str | None,
                tiles: str | None, bands: str | None, lon_column: str | None, lat_column: str | None,
                layer: str | None, crs: str | None, png: Path | None) -> None:
    """Draw an interactive offline map of a case (INPUT is one scenario YAML) or of data files.

    Data files are CSVs with lon/lat columns or vector files (GeoJSON, GPKG,
    GeoParquet, shapefile, ...): points are incidents, polygons damage areas.
    """
    from geo.analysis.case import analyze
    from geo.render.webmap import ImpactMap
    from geo.render.webmap._tiles import resolve_tiles

    if output.suffix.lower() not in (".html", ".htm"):
        raise InputError("the map is an HTML page", source=str(output), hint="end the output name with .html")
    if png is not None and png.suffix.lower() != ".png":
        raise InputError("the static map is a PNG image", source=str(png), hint="end the --png name with .png")
    if tiles is not None:
        resolve_tiles(tiles, source="--tiles")  # a bad value fails before any work
    nearest = any(spec.strip().lower() == "nearest" for spec in borders)
    if nearest and len(borders) > 1:
        raise InputError("--border nearest measures to each incident's nearest border; give it alone",
                         source="--border", hint="drop the other --border options, or drop nearest")
    pairs = [] if nearest else [_border_pair(spec) for spec in borders]
    band_list = _bands(bands)
    scenario, files = _scenario(inputs, pairs=pairs, title=title, layer=layer, crs=crs, lon=lon_column,
                                lat=lat_column)
    if pairs or nearest:
        scenario.borders = pairs
    if band_list:
        scenario.map.bands_m = band_list
    with guarded_outputs(output, png):
        echo_info(f"analysing {len(scenario.incidents):,} incident(s)")
        case = analyze(scenario)
        fmap = ImpactMap.from_analysis(case, tiles=tiles, title=title)
        if files:
            fmap.attribution.append("Incidents: " + ", ".join(path.name for path in files))
        fmap.save(output)
        if png is not None:
            from geo.render.staticmap import write_static_map

            write_static_map(case, png, title=title)
    echo_info(f"wrote {output} ({output.stat().st_size / 1e6:.1f} MB)")
    if png is not None:
        echo_info(f"wrote {png}")


def _scenario(inputs: tuple[Path, ...], *, pairs: list[tuple[str, str]], title: str | None, layer: str | None,
              crs: str | None, lon: str | None, lat: str | None):
    """A scenario from one YAML file, or built from data files (returned with their paths)."""
    from geo.input.scenario import load_scenario

    yaml_inputs = [p for p in inputs if p.suffix.lower() in _SCENARIO_SUFFIXES]
    if yaml_inputs:
        if len(inputs) > 1:
            raise InputError("give either one scenario YAML or data files, not both", source=str(yaml_inputs[0]),
                             hint="list extra data files in the scenario (incidents_file:, damage_file:)")
        return load_scenario(yaml_inputs[0]), []
    return _from_files(inputs, title=title, layer=layer, crs=crs, lon=lon, lat=lat), list(inputs)


def _from_files(paths: tuple[Path, ...], *, title: str | None, layer: str | None, crs: str | None,
                lon: str | None, lat: str | None):
    import geopandas as gpd
    import pandas as pd
    import shapely

    from geo.input.io import read_table
    from geo.input.model import Scenario, empty_damage
    from geo.input.schema import validate_damage, validate_incidents

    incidents, damage, origin = [], [], {}
    for path in paths:
        frame = read_table(path, layer=layer, crs=crs, lon=lon, lat=lat)
        geoms = frame.geometry.values
        kinds = set(shapely.get_type_id(geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]).tolist())
        if kinds and kinds <= {3, 6}:
            damage.append(validate_damage(frame, source=str(path)))
            continue
        if kinds - {0}:
            raise InputError("mixes points with lines or polygons", source=str(path),
                             hint="split it: points are incidents, polygons are damage areas")
        checked = validate_incidents(frame, source=str(path))
        for ident in checked["id"]:
            if ident in origin:
                raise InputError(f"incident id {ident!r} is also used in {origin[ident]}", source=str(path),
                                 hint="ids must be unique across files; prefix them, e.g. with the file name")
            origin[ident] = str(path)
        incidents.append(checked)
    if not incidents:
        raise InputError("no incidents: every input holds polygons (damage areas)", source=str(paths[0]),
                         hint="add a file of incident points (CSV with lon/lat, or a point layer)")
    merged = gpd.GeoDataFrame(pd.concat(incidents, ignore_index=True), geometry="geometry", crs="EPSG:4326")
    areas = (gpd.GeoDataFrame(pd.concat(damage, ignore_index=True), geometry="geometry", crs="EPSG:4326")
             if damage else empty_damage())
    names = ", ".join(p.name for p in paths)
    return Scenario(title=title or f"Incidents from {names}", incidents=merged, damage=areas)


def _border_pair(spec: str) -> tuple[str, str]:
    from geo.reference.countries import check_code, countries

    parts = spec.replace("_", "-").split("-")
    if len(parts) != 2:
        raise InputError(f"a border is two ISO A3 codes like RUS-UKR, got {spec!r}", source="--border")
    known = countries()["iso_a3"]
    a, b = (check_code(part, known) for part in parts)
    return a, b


def _bands(text: str | None) -> list[float] | None:
    if not text:
        return None
    try:
        values = [float(part) * 1000 for part in text.split(",") if part.strip()]
    except ValueError:
        raise InputError(f"bands must be numbers of km separated by commas, got {text!r}", source="--bands",
                         hint="e.g. --bands 10,25,50") from None
    if not values or any(v <= 0 for v in values) or sorted(set(values)) != values:
        raise InputError(f"bands must be positive and increasing, got {text!r}", source="--bands",
                         hint="e.g. --bands 10,25,50")
    return values
