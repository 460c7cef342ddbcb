"""``geo distance``: each point's exact geodesic distance to a border."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from pathlib import Path

import click
import numpy as np
import pandas as pd

from ..errors import GeoWarning, InputError
from ._common import command_errors, echo_info, guarded_outputs, progress

__all__ = ["distance_command", "ENGINES"]

_VECTOR_BORDER_SUFFIXES = {".geojson", ".json", ".gpkg", ".shp", ".fgb", ".kml", ".parquet", ".geoparquet"}


def _exact(points, border, *, progress: Callable[[int], None]) -> pd.DataFrame:  # noqa: ANN001
    from ..proximity import distance_to_border

    return distance_to_border(points, border, progress=progress)


#: Engine name -> function(points, border, *, progress) returning distance_to_border's frame.
#: A new engine (e.g. an out-of-core one) is one more entry here.
ENGINES: dict[str, Callable[..., pd.DataFrame]] = {"exact": _exact}

EPILOG = """\b
Examples:
  geo distance incidents.csv --border RUS-UKR -o incidents-distance.csv
  geo distance sites.geojson --border nearest -o sites.gpkg
  geo distance points.csv --lon X_coord --lat Y_coord --border RUS-UKR -o out.parquet
  geo distance points.gpkg --layer strikes --border my-line.geojson -o out.geojson

\b
Adds border_distance_m (metres on the WGS84 ellipsoid), border_lon,
border_lat (nearest border point), border_bearing_deg (azimuth from the
point to it); border_distance_min_m/max_m when the input has an
uncertainty_m column; border_countries with --border nearest. Every input
column is kept.
"""


@click.command("distance", epilog=EPILOG)
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--border", "border_spec", default="nearest", show_default=True,
              help="Two ISO A3 codes (RUS-UKR), 'nearest' for the nearest international land border, "
                   "or a vector file of border lines.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Output file; format from the extension: .csv, .geojson, .gpkg, .parquet.")
@click.option("--lon", "lon_column", help="Longitude column of a CSV (default: lon/lng/longitude/x).")
@click.option("--lat", "lat_column", help="Latitude column of a CSV (default: lat/latitude/y).")
@click.option("--layer", help="Layer of a multi-layer file (GPKG, KML).")
@click.option("--crs", help="CRS of the input coordinates when the file does not say (CSV default EPSG:4326).")
@click.option("--engine", type=click.Choice(sorted(ENGINES)), default="exact", show_default=True,
              help="Computation engine.")
@command_errors
def distance_command(input_path: Path, border_spec: str, output: Path, lon_column: str | None,
                     lat_column: str | None, layer: str | None, crs: str | None, engine: str) -> None:
    """Measure each point's geodesic distance to a border.

    INPUT is a CSV with longitude/latitude columns or any vector file of
    points (GeoJSON, GPKG, shapefile, GeoParquet, ...).
    """
    from ..io import OUTPUT_FORMATS, read_table

    if output.suffix.lower() not in OUTPUT_FORMATS:
        raise InputError(f"cannot write {output.suffix or 'a file without extension'}", source=str(output),
                         hint=f"end the output name with one of {', '.join(OUTPUT_FORMATS)}")
    border = _border_argument(border_spec, crs=crs)
    points = read_table(input_path, layer=layer, crs=crs, lon=lon_column, lat=lat_column)
    with guarded_outputs(output):
        with progress(len(points), "Measuring distances") as advance:
            measured = ENGINES[engine](points, border, progress=advance)
        clash = [c for c in measured.columns if c in points.columns]
        if clash:
            warnings.warn(f"{input_path}: replacing existing column(s) {', '.join(clash)} with new values",
                          GeoWarning, stacklevel=2)
        result = points.drop(columns=clash)
        for column in measured.columns:
            result[column] = measured[column]
        _write(result, output)
    _summary(measured, border_spec, output)


def _write(result: pd.DataFrame, output: Path) -> None:
    """write_table, except GPKG and GeoJSON: GDAL names the layer after the
    temporary file (``.name.xxxx.tmp.gpkg``), which GPKG refuses and GeoJSON
    shows, so name the layer after the output here."""
    from .._atomic import atomic_path
    from ..io import OUTPUT_FORMATS, write_table

    driver = OUTPUT_FORMATS[output.suffix.lower()]
    if driver not in ("GPKG", "GeoJSON"):
        write_table(result, output)
        return
    layer = re.sub(r"[^A-Za-z0-9_]", "_", output.stem) or "points"
    with atomic_path(output) as tmp:
        result.to_file(tmp, driver=driver, layer=layer, engine="pyogrio")


def _border_argument(spec: str, *, crs: str | None):
    """A country pair or 'nearest' as given; a path to a vector file read as lines."""
    path = Path(spec)
    if path.suffix.lower() in _VECTOR_BORDER_SUFFIXES:
        from ..io import read_table

        if not path.exists():
            raise InputError("border file not found", source=spec,
                             hint="give two ISO A3 codes such as RUS-UKR, 'nearest', or an existing file")
        return read_table(path, crs=crs)
    return spec


def _summary(measured: pd.DataFrame, border_spec: str, output: Path) -> None:
    d = measured["border_distance_m"].to_numpy(dtype=float)
    if d.size:
        echo_info(f"{d.size:,} points to {border_spec}: distance min {np.nanmin(d) / 1000:,.1f} km, "
                  f"median {np.nanmedian(d) / 1000:,.1f} km, max {np.nanmax(d) / 1000:,.1f} km")
    echo_info(f"wrote {output}")
