"""``geo map``: an interactive offline map of a scenario, or of data files."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli._common import command_errors, echo_info, guarded_outputs
from geo.cli._inputs import border_pair, case_inputs, read_options, rejected_path, report_rejected
from geo.errors import InputError

__all__ = ["map_command"]

EPILOG = """\b
Examples:
  geo map seeds/belgorod-2023-04-20.yaml -o out/belgorod.html
  geo map strikes.csv damage.geojson --border RUS-UKR --title "Strikes near the border" -o strikes.html
  geo map events.gpkg --layer strikes --tiles none -o events.html
  geo map case.yaml --tiles "https://tile.openstreetmap.org/{z}/{x}/{y}.png" -o case.html
  geo map ged.csv --border RUS-UKR -o ged.html -v          (UCDP GED export as it comes)
  geo map monitor.csv --on-error skip -o monitor.html      (bad rows to monitor.rejected.csv)
  geo map acled.csv --columns location=admin2 -o acled.html
  geo map placemarks.kmz -o placemarks.html                (Google Earth / My Maps)

\b
The map is one HTML file that works offline: Leaflet and geo's controls are
inlined and a vector basemap of the bundled Natural Earth countries is drawn
under any web tiles. Points are incidents, polygons damage areas, lines are
drawn; 'geo inspect FILE' shows how a file is read. Distances are geodesic on the WGS84 ellipsoid. The same inputs give a
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
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the same layers as a static PNG image (drawn offline from the bundled data).")
@read_options
@command_errors
def map_command(inputs: tuple[Path, ...], output: Path, borders: tuple[str, ...], title: str | None,
                tiles: str | None, bands: str | None, png: Path | None, **read: object) -> None:
    """Draw an interactive offline map of a case (INPUT is one scenario YAML) or of data files.

    Data files are read as they come (ACLED, UCDP GED, HXL, OSINT monitor
    sheets, KML/KMZ, or CSVs with lon/lat; any vector file): points are
    incidents, polygons damage areas, lines are drawn. See 'geo inspect'.
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
    parsed = [border_pair(spec, allow_nearest=True) for spec in borders]  # refused before any input is read
    nearest = "nearest" in parsed
    if nearest and len(borders) > 1:
        raise InputError("--border nearest measures to each incident's nearest border; give it alone",
                         source="--border", hint="drop the other --border options, or drop nearest")
    pairs = [] if nearest else parsed
    band_list = _bands(bands)
    scenario, files = case_inputs(inputs, title=title, options=read)
    if pairs or nearest:
        scenario.borders = pairs
    if band_list:
        scenario.map.bands_m = band_list
    rejected = rejected_path(output) if any(len(f.rejected) for f in scenario.loaded) else None
    with guarded_outputs(output, png, rejected):
        echo_info(f"analysing {len(scenario.incidents):,} incident(s)")
        case = analyze(scenario)
        fmap = ImpactMap.from_analysis(case, tiles=tiles, title=title)
        if scenario.lines is not None and len(scenario.lines):
            fmap.add_lines(scenario.lines)
        if files:
            fmap.attribution.append("Incidents: " + ", ".join(path.name for path in files))
        fmap.save(output)
        report_rejected(scenario.loaded, output)
        if png is not None:
            from geo.render.staticmap import write_static_map

            write_static_map(case, png, title=title)
    echo_info(f"wrote {output} ({output.stat().st_size / 1e6:.1f} MB)")
    if png is not None:
        echo_info(f"wrote {png}")


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
