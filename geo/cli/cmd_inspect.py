"""``geo inspect``: how geo reads a data file, before mapping it."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import command_errors, echo
from ._inputs import read_options

__all__ = ["inspect_command"]

EPILOG = """\b
Examples:
  geo inspect ged.csv
  geo inspect acled-export.csv --columns fatalities=fatalities,date=event_date
  geo inspect placemarks.kmz
  geo inspect monitor.csv --on-error skip

\b
Prints the profile recognised from the header (ACLED, UCDP GED, HXL,
OSINT monitor sheet, or geo's own schema), which column became which
field, what was derived from the dataset's own codes (precision, dates,
fatality estimates), which columns are kept as extra fields, and how many
rows are incidents, damage areas and lines. With --on-error skip it also
lists the rows that would be set aside and why. Writes nothing.
"""


@click.command("inspect", epilog=EPILOG)
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@read_options
@command_errors
def inspect_command(input_path: Path, **options: object) -> None:
    """Show how geo reads INPUT: profile, column mapping, extra fields, row counts."""
    from ._inputs import load_file

    loaded = load_file(input_path, **options, announce=False)
    for line in loaded.reading.describe():
        echo(line)
    counts = [(len(f), name) for f, name in ((loaded.incidents, "incidents"), (loaded.damage, "damage areas"),
                                             (loaded.lines, "lines")) if f is not None]
    summary = ", ".join(f"{n:,} {name}" for n, name in counts) or "nothing usable"
    echo(f"rows: {loaded.rows:,} read: {summary}; {len(loaded.rejected):,} rejected")
    for row, reason in zip(loaded.rejected["row"].head(20), loaded.rejected["reason"].head(20), strict=True):
        echo(f"  row {row}: {click.unstyle(str(reason))}")
    if len(loaded.rejected) > 20:
        echo(f"  ... and {len(loaded.rejected) - 20:,} more")
