"""The ``geo`` group; subcommands live in ``geo/cli/cmd_*.py`` and load lazily."""

from __future__ import annotations

import atexit
import gc
import importlib
import os

import click

from geo._version import __version__

__all__ = ["cli", "main"]

# name -> (module, attribute, one-line help). Add a command by adding a line.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "map": ("geo.cli.cmd_map", "map_command", "Draw an interactive offline map of a case or of data files."),
    "distance": ("geo.cli.cmd_distance", "distance_command", "Measure each point's geodesic distance to a border."),
    "report": ("geo.cli.cmd_report", "report_command", "Write an HTML, Markdown or PDF report of a case."),
    "embed": ("geo.cli.cmd_report", "embed_command", "Print an HTML snippet that embeds a saved map in a CMS."),
    "extract": ("geo.cli.cmd_extract", "extract_command", "Draft a scenario from a news article, offline."),
    "regions": ("geo.cli.cmd_regions", "regions_command", "List first-level regions, or those along a border."),
    "inspect": ("geo.cli.cmd_inspect", "inspect_command", "Show how geo reads a data file: profile, columns, rows."),
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)  # every subcommand ships with geo; modules load only when run

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


EPILOG = """\b
Examples:
  geo map seeds/belgorod-2023-04-20.yaml -o out/belgorod.html
  geo distance points.csv --border RUS-UKR -o points-with-distance.csv
  geo report seeds/belgorod-2023-04-20.yaml -o out/belgorod-report.html

Distances are geodesic, in metres on the WGS84 ellipsoid. Coordinates are
(lon, lat) in EPSG:4326. Errors exit with status 2 and leave no output file;
add --debug to see a traceback.
"""


@click.group(cls=_LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="geo")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars or informational messages.")
@click.pass_context
def cli(ctx: click.Context, debug: bool, quiet: bool) -> None:
    """geo: map violent incidents you can trust and publish.

    Reads incidents (a scenario YAML, CSV with lon/lat, or any vector file),
    measures them against borders and towns on the WGS84 ellipsoid, and
    writes offline interactive maps, static images and reports.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["quiet"] = quiet
    from geo.cli._common import configure_logging

    configure_logging(quiet=quiet)


def main() -> None:
    """Console-script entry point."""
    # Arrow's own allocator keeps what it reads the bundled data with (about 40 MB of a map's peak);
    # the system allocator, which numpy and pandas use anyway, gives it back. Before pyarrow loads.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    # At exit the interpreter runs its cycle collector over every object still alive (pandas, geopandas and
    # folium alone make ~90,000; a 100,000-incident map's caches many more): ~0.17 s of a 2.5 s map, spent
    # after the file is written. Frozen, they are left out of those passes; every exit handler still runs,
    # the streams are still flushed and the modules still torn down (Python never promised to collect the
    # cycles left at exit). Registered first of the command's handlers, so it runs after all the others.
    atexit.register(gc.freeze)
    cli(prog_name="geo")
