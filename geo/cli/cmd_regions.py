"""``geo regions``: list a country's first-level regions, or those along a border."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import click

from geo.cli._common import command_errors, echo, echo_info, guarded_outputs
from geo.cli._outputs import check_outputs
from geo.cli._process import modules_loaded
from geo.errors import InputError

if TYPE_CHECKING:  # pandas loads when a command runs, not for --help
    import pandas as pd

__all__ = ["regions_command"]

EPILOG = """\b
Examples:
  geo regions UKR
  geo regions UKR --border RUS
  geo regions RUS --border UKR --within-km 50 --sort share
  geo regions UKR --from ukraine-oblasts.gpkg --name-column shapeName --border RUS
  geo regions RUS --border UKR -o border-oblasts.geojson

\b
Bundled regions: Natural Earth 10m admin-1 for every country (4,595
regions; Crimea and Sevastopol in Ukraine, as the bundled countries); use
your own layer with --from. Border lengths are geodesic (WGS84) along
Natural Earth 10m borders; a border piece belongs to the nearest region
within --tolerance-km, and what no region claims is reported as a gap.
"""


@click.command("regions", epilog=EPILOG)
@click.argument("country")
@click.option("--border", "other", metavar="ISO3", help="List only the regions along the border with this country.")
@click.option("--within-km", type=float, default=0.0, show_default=True,
              help="With --border: also list regions within this distance of the border.")
@click.option("--tolerance-km", type=float, default=None,
              help="With --border: largest gap between a region's edge and the border that still counts "
                   "as touching [default: 10].")
@click.option("--sort", type=click.Choice(["border", "share"]), default="border", show_default=True,
              help="With --border: along the border (north/west end first) or longest share first.")
@click.option("--from", "layer_file", type=click.Path(path_type=Path),
              help="Use this vector file's polygons as COUNTRY's regions (any format GDAL reads).")
@click.option("--name-column", default="name", show_default=True, help="With --from: column of region names.")
@click.option("--code-column", help="With --from: column of region codes.")
@click.option("--layer", help="With --from: layer of a multi-layer file.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Also write the regions with their polygons: .csv, .geojson, .gpkg or .parquet.")
@click.option("--raw-csv", is_flag=True,
              help="Write CSV text cells exactly as read (by default names starting with = + - @ get a ' so "
                   "spreadsheets do not run them as formulas).")
@command_errors
def regions_command(country: str, other: str | None, within_km: float, tolerance_km: float | None, sort: str,
                    layer_file: Path | None, name_column: str, code_column: str | None, layer: str | None,
                    output: Path | None, raw_csv: bool) -> None:
    """List the first-level regions of COUNTRY (ISO A3), e.g. Russia's oblasts."""
    from geo._format import format_distance
    from geo.input.io import OUTPUT_FORMATS, write_table
    from geo.input.regions_file import register_regions
    from geo.reference.regions import border_regions, regions

    modules_loaded()
    if output is not None and output.suffix.lower() not in OUTPUT_FORMATS:
        raise InputError(f"cannot write {output.suffix or 'a file without extension'}", source=str(output),
                         hint=f"end the output name with one of {', '.join(OUTPUT_FORMATS)}")
    if other is None and (within_km or tolerance_km is not None or sort != "border"):
        raise InputError("--within-km, --tolerance-km and --sort only apply with --border", hint="add --border ISO3")
    _check_km(within_km, "--within-km", MAX_WITHIN_KM)
    _check_km(tolerance_km, "--tolerance-km", MAX_TOLERANCE_KM)
    if output is not None:
        check_outputs([output], [layer_file])
    if layer_file is not None:
        register_regions(layer_file, country=country, name_column=name_column, code_column=code_column,
                             layer=layer)
    if other is None:
        frame = regions(country)
        table = frame[["code", "name", "name_alt", "source"]].fillna("")
    else:
        tolerance = None if tolerance_km is None else tolerance_km * 1000
        frame = border_regions(country, other, within_m=within_km * 1000, tolerance_m=tolerance, sort=sort)
        table = _border_table(frame)
    echo(table.to_string(index=False))
    if other is not None:
        attrs = frame.attrs
        echo_info(f"{attrs['border']} border: {format_distance(attrs['border_length_m'])}; "
                  f"{format_distance(attrs['gap_m'])} farther than {format_distance(attrs['tolerance_m'])} "
                  f"from every region (survey gap)")
    if output is not None:
        with guarded_outputs(output):
            write_table(frame, output, raw_csv=raw_csv)
        echo_info(f"wrote {output}")


#: Farthest --within-km (beyond it "along the border" means nothing; half the Earth's circumference is 20,000 km).
MAX_WITHIN_KM = 2_000
#: Largest --tolerance-km (a region farther than this from a border does not touch it).
MAX_TOLERANCE_KM = 100


def _check_km(value: float | None, option: str, maximum: float) -> None:
    if value is None:
        return
    if not math.isfinite(value) or not 0 <= value <= maximum:
        raise InputError(f"must be a distance in km from 0 to {maximum:,}, got {value:g}", source=option,
                         hint=f"e.g. {option} 50")


def _border_table(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({
        "code": frame["code"].fillna(""),
        "name": frame["name"],
        "border_km": (frame["border_length_m"] / 1000).round(1),
        "share": (frame["border_share"] * 100).round(1).astype(str) + "%",
        "distance_km": (frame["distance_m"] / 1000).round(1),
    })
