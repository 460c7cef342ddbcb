"""``geo map``: an interactive offline map of a scenario, or of data files."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from pathlib import Path

import click

from geo._atomic import atomic_paths
from geo.cli._common import command_errors, echo_info, guarded_outputs
from geo.cli._inputs import border_pair, case_inputs, read_options, rejected_path, report_rejected
from geo.cli._outputs import check_outputs
from geo.cli._process import keep_until_exit, modules_loaded
from geo.errors import InputError

__all__ = ["map_command"]

EPILOG = """\b
Examples:
  geo map seeds/belgorod-2023-04-20.yaml -o out/belgorod.html
  geo map strikes.csv damage.geojson --border RUS-UKR --title "Strikes near the border" -o strikes.html
  geo map events.gpkg --layer strikes -o events.html                (calls no server when opened)
  geo map case.yaml --tiles OpenStreetMap.Mapnik -o case.html     (web tiles: readers' browsers call the host)
  geo map case.yaml --tiles "https://tiles.example.org/{z}/{x}/{y}.png" --allow-tile-host tiles.example.org -o case.html
  geo map ged.csv --border RUS-UKR -o ged.html -v          (UCDP GED export as it comes)
  geo map monitor.csv --on-error skip -o monitor.html      (bad rows to monitor.rejected.csv)
  geo map acled.csv --columns location=admin2 -o acled.html
  geo map placemarks.kmz -o placemarks.html                (Google Earth / My Maps)

\b
The map is one HTML file that works offline and, by default, calls no
server: Leaflet and geo's controls are inlined and a vector basemap of the
bundled Natural Earth countries is drawn under any web tiles you choose. A
scenario may only read data files in its own folder (see --allow-path). Points are incidents, polygons damage areas, lines are
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
              help="Web tiles under the map: an xyzservices name (OpenStreetMap.Mapnik), an http(s) URL template "
                   "on an allowed host, or none. Default: GEO_TILES / geo.settings.tiles, which is none: the map "
                   "then calls no server. With tiles, every reader's browser contacts the tile host.")
@click.option("--allow-tile-host", "tile_hosts", multiple=True, metavar="HOST",
              help="Allow --tiles URL templates on HOST (repeatable); provider names need no permission.")
@click.option("--allow-path", "allow", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              metavar="DIR", help="Let the scenario read files in DIR too (repeatable); by default it may only "
                                  "read files in its own folder.")
@click.option("--bands", metavar="KM,KM,...", help="Border distance bands in km, e.g. 10,25,50.")
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the same layers as a static PNG image (drawn offline from the bundled data).")
@read_options
@command_errors
def map_command(inputs: tuple[Path, ...], output: Path, borders: tuple[str, ...], title: str | None,
                tiles: str | None, bands: str | None, png: Path | None, tile_hosts: tuple[str, ...],
                allow: tuple[Path, ...], **read: object) -> None:
    """Draw an interactive offline map of a case (INPUT is one scenario YAML) or of data files.

    Data files are read as they come (ACLED, UCDP GED, HXL, OSINT monitor
    sheets, KML/KMZ, or CSVs with lon/lat; any vector file): points are
    incidents, polygons damage areas, lines are drawn. See 'geo inspect'.
    """
    from geo.analysis._read_ahead import read_reference_ahead
    from geo.analysis.case import analyze
    from geo.render.webmap import ImpactMap
    from geo.render.webmap._document import render_ahead
    from geo.render.webmap._tiles import resolve_tiles, tile_notice
    from geo.render.webmap.impact_map import DECORATE_ALL_MAX
    from geo.settings import settings

    modules_loaded()
    if output.suffix.lower() not in (".html", ".htm"):
        raise InputError("the map is an HTML page", source=str(output), hint="end the output name with .html")
    if png is not None and png.suffix.lower() != ".png":
        raise InputError("the static map is a PNG image", source=str(png), hint="end the --png name with .png")
    web = resolve_tiles(tiles if tiles is not None else settings.tiles,
                        source="--tiles" if tiles is not None else "geo.settings.tiles", allow_hosts=tile_hosts)
    parsed = [border_pair(spec, allow_nearest=True) for spec in borders]  # refused before any input is read
    nearest = "nearest" in parsed
    if nearest and len(borders) > 1:
        raise InputError("--border nearest measures to each incident's nearest border; give it alone",
                         source="--border", hint="drop the other --border options, or drop nearest")
    pairs = [] if nearest else parsed
    band_list = _bands(bands)
    render_ahead()  # a first map has folium render the page on another core while the data are analysed
    # The named borders' lines, index, regions and country polygons are read in a thread while the input is read
    # (joined before the analysis, which forks).
    reference = read_reference_ahead(pairs)
    try:
        scenario, files = case_inputs(inputs, title=title, options=read, allow=allow)
    finally:
        if reference is not None:
            reference.join()
    rejected = rejected_path(output) if any(len(f.rejected) for f in scenario.loaded) else None
    named = scenario.files or [Path(p).resolve() for p in files]
    check_outputs([output, png, rejected], [*named, *inputs])  # before the analysis: seconds, not minutes
    for path in named:
        echo_info(f"read {path}")
    if pairs or nearest:
        scenario.borders = pairs
    if band_list:
        scenario.map.bands_m = band_list
    # A map of this many incidents draws no nearest towns and no uncertainty circles, only each incident's
    # nearest town in its popup and the selected incident's circle: the analysis finds one town per incident
    # instead of three and builds no circles; the same map, sooner. A --png draws them, so it keeps them.
    many = png is None and len(scenario.incidents) > DECORATE_ALL_MAX
    with guarded_outputs(output, png, rejected):
        echo_info(f"analysing {len(scenario.incidents):,} incident(s)")
        case = analyze(scenario, nearest_towns=min(scenario.map.nearest_towns, 1) if many else None,
                       uncertainty_circles=not many)
        fmap = ImpactMap.from_analysis(case, tiles="none" if web is None else (tiles or settings.tiles), title=title)
        if scenario.lines is not None and len(scenario.lines):
            fmap.add_lines(scenario.lines)
        if files:
            fmap.attribution.append("Incidents: " + ", ".join(path.name for path in files))
        with _allowed_hosts(tile_hosts):
            page = fmap.html_parts()  # the page's text in order, written as it is (never copied into one string)
        image = None
        if png is not None:
            from geo.render.staticmap import static_map_png

            image = static_map_png(case, title=title)
        report_rejected(scenario.loaded, output)
        with atomic_paths(output, *([png] if png is not None else [])) as temps:  # the map and its PNG, or neither
            with temps[0].open("w", encoding="utf-8") as out:
                out.writelines(page)
            if image is not None:
                temps[1].write_bytes(image)
    # The page is written: the analysis, the map and its text are not freed object by object (a process of its own
    # ends without that; 100,000 incidents' strings and points took 0.03-0.08 s of CPU).
    keep_until_exit(scenario, case, fmap, page)
    echo_info(f"wrote {output} ({output.stat().st_size / 1e6:.1f} MB)")
    if png is not None:
        echo_info(f"wrote {png}")
    notice = tile_notice(web)
    if notice:
        echo_info(f"note: {notice}")


@contextlib.contextmanager
def _allowed_hosts(hosts: tuple[str, ...]) -> Iterator[None]:
    """--allow-tile-host for this run only (the settings object outlives a command in tests and notebooks)."""
    from geo.settings import settings

    before = settings.tile_hosts
    settings.tile_hosts = (*before, *hosts)
    try:
        yield
    finally:
        settings.tile_hosts = before


def _bands(text: str | None) -> list[float] | None:
    if not text:
        return None
    try:
        values = [float(part) * 1000 for part in text.split(",") if part.strip()]
    except ValueError:
        raise InputError(f"bands must be numbers of km separated by commas, got {text!r}", source="--bands",
                         hint="e.g. --bands 10,25,50") from None
    if not values or not all(math.isfinite(v) and 0 < v <= 2_000_000 for v in values) \
            or sorted(set(values)) != values:
        raise InputError(f"bands must be km, more than 0 and at most 2,000, increasing; got {text!r}",
                         source="--bands", hint="e.g. --bands 10,25,50")
    return values
