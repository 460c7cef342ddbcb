"""``geo distance``: each point's exact geodesic distance to a border."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from geo.cli._common import command_errors, echo_info, guarded_outputs, progress
from geo.cli._inputs import load_file, read_options, rejected_path, report_rejected
from geo.cli._outputs import check_outputs
from geo.cli._process import modules_loaded
from geo.errors import GeoError, InputError

if TYPE_CHECKING:  # pandas loads when a command runs, not for --help
    import pandas as pd

__all__ = ["distance_command", "ENGINES"]

_VECTOR_BORDER_SUFFIXES = {".geojson", ".json", ".gpkg", ".shp", ".fgb", ".kml", ".parquet", ".geoparquet"}


def _exact(points, border, *, progress: Callable[[int], None]) -> pd.DataFrame:  # noqa: ANN001
    from geo.analysis.shapes import distance_to_border_any

    return distance_to_border_any(points, border, progress=progress)


#: Engine name -> function(points, border, *, progress) returning distance_to_border's frame.
#: A new engine (e.g. an out-of-core one) is one more entry here.
ENGINES: dict[str, Callable[..., pd.DataFrame]] = {"exact": _exact}
#: Engines that run on dask over partitions (geo.analysis.distributed): folders in and out, a cluster.
DASK_ENGINES = ("dask",)

EPILOG = """\b
Examples:
  geo distance incidents.csv --border RUS-UKR -o incidents-distance.csv
  geo distance sites.geojson --border nearest -o sites.gpkg
  geo distance points.csv --lon X_coord --lat Y_coord --border RUS-UKR -o out.parquet
  geo distance points.gpkg --layer strikes --border my-line.geojson -o out.geojson
  geo distance sites/ --border RUS-UKR -o sites-distance/ --engine dask
  geo distance sites/ --border RUS-UKR -o out/ --engine dask --scheduler tcp://10.0.0.5:8786

\b
Adds border_distance_m (metres on the WGS84 ellipsoid), border_lon,
border_lat (nearest border point), border_bearing_deg (azimuth from the
point to it); border_distance_min_m/max_m when the input has an
uncertainty_m column; border_countries with --border nearest. Every input
column is kept.

\b
With --engine dask, INPUT may be a folder of GeoParquet files (a partitioned
dataset) and OUT a folder (no extension): each worker writes its partitions
there as GeoParquet. Same values as the exact engine, bit for bit.
"""


@click.command("distance", epilog=EPILOG)
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--border", "border_spec", default="nearest", show_default=True,
              help="Two ISO A3 codes (RUS-UKR), 'nearest' for the nearest international land border, "
                   "or a vector file of border lines.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Output file; format from the extension: .csv, .geojson, .gpkg, .parquet. "
                   "With --engine dask also a folder (no extension): a GeoParquet dataset.")
@click.option("--engine", type=click.Choice(sorted([*ENGINES, *DASK_ENGINES])), default="exact", show_default=True,
              help="Computation engine: exact (this process) or dask (partitions on a dask cluster).")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: a running dask scheduler, e.g. tcp://10.0.0.5:8786 "
                   "(default: a local cluster, started and stopped by this command).")
@click.option("--partitions", type=click.IntRange(min=1),
              help="With --engine dask: split the input into N partitions "
                   "(default: one per file of a dataset folder, else 500,000 rows each).")
@click.option("--raw-csv", is_flag=True,
              help="Write CSV text cells exactly as read. By default a cell starting with = + - @ or a tab is "
                   "prefixed with ' so spreadsheets show it as text instead of running it as a formula.")
@read_options
@command_errors
def distance_command(input_path: Path, border_spec: str, output: Path, engine: str,
                     scheduler: str | None, partitions: int | None, raw_csv: bool, **read: object) -> None:
    """Measure each feature's geodesic distance to a border.

    INPUT is read as it comes (ACLED, UCDP GED, HXL, OSINT monitor sheets,
    KML/KMZ, CSVs with longitude/latitude, any vector file); lines and
    polygons are measured from their nearest point. With --engine dask,
    also a folder of GeoParquet files.
    """
    from geo.input.io import OUTPUT_FORMATS

    modules_loaded()
    layer, crs = read["layer"], read["crs"]
    lon_column, lat_column = read["lon"], read["lat"]
    check_outputs([output], [input_path])
    if engine in DASK_ENGINES:
        if read["columns"] or read["profile"] or read["on_error"] != "fail":
            raise InputError("--columns, --profile and --on-error skip read one file in this process; the dask "
                             "engine reads GeoParquet partitions as they are", source="--engine dask",
                             hint="map the columns once with the exact engine (-o file.parquet), then run dask on it")
        _distance_dask(input_path, border_spec, output, layer=layer, crs=crs, lon=lon_column, lat=lat_column,
                       scheduler=scheduler, partitions=partitions, raw_csv=raw_csv)
        return
    if scheduler or partitions:
        raise InputError("--scheduler and --partitions only apply to --engine dask", hint="add --engine dask")
    if output.suffix.lower() not in OUTPUT_FORMATS:
        raise InputError(f"cannot write {output.suffix or 'a file without extension'}", source=str(output),
                         hint=f"end the output name with one of {', '.join(OUTPUT_FORMATS)}")
    border = _border_argument(border_spec, crs=crs)
    loaded = load_file(input_path, **read)
    points = _measured_table(loaded)
    rejected = rejected_path(output) if len(loaded.rejected) else None
    with guarded_outputs(output, rejected):
        with progress(len(points), "Measuring distances") as advance:
            try:
                measured = ENGINES[engine](points, border, progress=advance)
            except GeoError as exc:
                # The engine knows rows, not files: name the input the rows came from.
                raise exc.with_context(source=str(input_path)) from None
        from geo.analysis._measure import with_measured

        result = with_measured(points, measured, source=str(input_path))
        _write(result, output, raw_csv=raw_csv)
        report_rejected([loaded], output)
    _summary(measured, border_spec, output)


def _measured_table(loaded):  # noqa: ANN001, ANN202 - a Loaded in, a GeoDataFrame out
    """What to measure and write: the file's own columns (geo's schema) or the mapped fields (a profile),
    with the checked geometry; rows in file order; uncertainty_m only when the file gives radii."""
    import geopandas as gpd
    import pandas as pd

    from geo.input.profiles import GEO

    parts = [f for f in (loaded.incidents, loaded.damage, loaded.lines) if f is not None and len(f)]
    checked = gpd.GeoDataFrame(pd.concat(parts), geometry="geometry", crs="EPSG:4326").sort_index()
    if loaded.reading.profile is GEO and not loaded.reading.overrides:
        raw = loaded.raw.loc[checked.index]
        table = gpd.GeoDataFrame(raw.drop(columns=[c for c in ("geometry",) if c in raw]),
                                 geometry=checked.geometry.values, crs="EPSG:4326")
        radius = pd.to_numeric(checked["uncertainty_m"], errors="coerce") if "uncertainty_m" in checked else None
        if radius is None:
            pass
        elif radius.notna().any() and "uncertainty_m" not in table:
            table["uncertainty_m"] = radius.to_numpy()
        elif "uncertainty_m" in table:
            table["uncertainty_m"] = radius.to_numpy()
    else:
        table = checked
        if "uncertainty_m" in table and not pd.to_numeric(table["uncertainty_m"], errors="coerce").notna().any():
            table = table.drop(columns="uncertainty_m")
    return table.reset_index(drop=True)


def _distance_dask(input_path: Path, border_spec: str, output: Path, *, layer: str | None, crs: str | None,
                   lon: str | None, lat: str | None, scheduler: str | None, partitions: int | None,
                   raw_csv: bool = False) -> None:
    """--engine dask: OUT without an extension (or an existing folder) is a dataset the workers write;
    an OUT file is gathered here and written like the exact engine's."""
    from geo._format import format_count, format_distance
    from geo.analysis import distributed
    from geo.input.io import OUTPUT_FORMATS

    as_dataset = output.suffix == "" or output.is_dir()
    if not as_dataset and output.suffix.lower() not in OUTPUT_FORMATS:
        raise InputError(f"cannot write {output.suffix}", source=str(output),
                         hint=f"end the output name with one of {', '.join(OUTPUT_FORMATS)}, "
                              "or give a folder name without extension for a GeoParquet dataset")
    if output.resolve() == input_path.resolve() or output.resolve() in input_path.resolve().parents:
        raise InputError("the output would replace the input", source=str(output), hint="write to a new folder")
    if as_dataset:
        distributed.check_dataset_output(output)  # before a cluster starts: said in a second
    border = distributed.prepare_border(_border_argument(border_spec, crs=crs))
    points = distributed.read_dataset(input_path, crs=crs, lon=lon, lat=lat, layer=layer, npartitions=partitions)
    total = distributed.dataset_rows(input_path)
    with distributed.dask_client(scheduler) as client:
        lazy = distributed.distance_to_border_dask(points, border, keep_input=True, client=client,
                                                   source=str(input_path))
        with progress(len(points) if total is None else total, "Measuring distances") as advance:
            if as_dataset:
                written = distributed.write_dataset(lazy, output, client=client, progress=advance,
                                                    source=str(input_path))
            else:
                with guarded_outputs(output):
                    result = distributed.compute_frame(lazy, client=client, progress=advance,
                                                       source=str(input_path))
                    _write(result, output, raw_csv=raw_csv)
    if not as_dataset:
        _summary(result, border_spec, output)
        return
    if written.rows:
        echo_info(f"{format_count(written.rows, 'point')} to {border_spec}: distance min "
                  f"{format_distance(written.distance_min_m)}, max {format_distance(written.distance_max_m)}")
    echo_info(f"wrote {output} ({written.files} GeoParquet files)")


def _write(result: pd.DataFrame, output: Path, *, raw_csv: bool = False) -> None:
    """write_table, except GPKG and GeoJSON: GDAL names the layer after the
    temporary file (``.name.xxxx.tmp.gpkg``), which GPKG refuses and GeoJSON
    shows, so name the layer after the output here."""
    from geo._atomic import atomic_path
    from geo.input.io import OUTPUT_FORMATS, write_table

    driver = OUTPUT_FORMATS[output.suffix.lower()]
    if driver not in ("GPKG", "GeoJSON"):
        write_table(result, output, raw_csv=raw_csv)
        return
    layer = re.sub(r"[^A-Za-z0-9_]", "_", output.stem) or "points"
    with atomic_path(output) as tmp:
        result.to_file(tmp, driver=driver, layer=layer, engine="pyogrio")


def _border_argument(spec: str, *, crs: str | None):
    """A country pair or 'nearest' as given; a path to a vector file read as lines."""
    path = Path(spec)
    if path.suffix.lower() in _VECTOR_BORDER_SUFFIXES:
        from geo.input.io import read_table

        if not path.exists():
            raise InputError("border file not found", source=spec,
                             hint="give two ISO A3 codes such as RUS-UKR, 'nearest', or an existing file")
        return read_table(path, crs=crs)
    from geo.reference.countries import parse_border

    try:
        pair = parse_border(spec)  # the one border grammar; refused before any input is read
    except GeoError as exc:
        raise exc.with_context(source="--border", replace=True) from None
    return pair if isinstance(pair, str) else "-".join(sorted(pair))


def _summary(measured: pd.DataFrame, border_spec: str, output: Path) -> None:
    import numpy as np

    from geo._format import format_count, format_distance

    d = measured["border_distance_m"].to_numpy(dtype=float)
    if d.size:
        echo_info(f"{format_count(d.size, 'feature')} to {border_spec}: distance min {format_distance(np.nanmin(d))}, "
                  f"median {format_distance(np.nanmedian(d))}, max {format_distance(np.nanmax(d))}")
    echo_info(f"wrote {output}")
