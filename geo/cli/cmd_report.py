"""``geo report`` (HTML, Markdown or PDF report of a case) and ``geo embed`` (CMS snippet)."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli._common import command_errors, echo, echo_info, guarded_outputs
from geo.cli._inputs import border_pair, case_inputs, read_options, rejected_path, report_rejected
from geo.cli._outputs import check_outputs
from geo.cli._process import modules_loaded

__all__ = ["report_command", "embed_command"]

REPORT_EPILOG = """\b
Examples:
  geo report seeds/belgorod-2023-04-20.yaml -o out/belgorod-report.html
  geo report seeds/belgorod-2023-04-20.yaml -o out/belgorod.md      (writes out/belgorod.png too)
  geo report seeds/belgorod-2023-04-20.yaml -o out/belgorod.pdf     (needs Chromium)
  geo report case.yaml -o report.html --generated-at 2023-04-21T12:00:00Z   (byte-identical reruns)
  geo report ged.csv --border RUS-UKR -o ged-report.html      (a data file read as it comes)
  geo report monitor.csv --on-error skip -o monitor.html      (bad rows to monitor.rejected.csv)
  geo report ged-ukraine.csv -o ukraine.md                     (dataset report; ukraine-series.png etc. beside it)
"""

#: Above this many incidents a scenario gets the dataset report (``--kind auto``): the case report
#: describes incidents one by one, which reads well for a handful and not for hundreds.
DATASET_MIN_INCIDENTS = 10
#: The images a Markdown dataset report writes beside itself, as ``<stem>-<key>.png``.
_DATASET_IMAGES = ("series", "types", "precision", "map")


@click.command("report", epilog=REPORT_EPILOG)
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Report file to write.")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "pdf"]), default=None,
              help="Report format; default from the output suffix (.md, .pdf), else html.")
@click.option("--generated-at", metavar="ISO", default=None,
              help="Generation time to show (ISO 8601, e.g. 2023-04-21T12:00:00Z); default now. "
                   "Fix it to get byte-identical reports.")
@click.option("--allow-path", "allow", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              metavar="DIR", help="Let the scenario read files in DIR too (repeatable); by default it may only "
                                  "read files in its own folder.")
@click.option("--border", "borders", multiple=True, metavar="A3-A3",
              help="Border to measure against, e.g. RUS-UKR (repeatable); replaces a scenario's borders.")
@click.option("--title", help="Report title for data files (default: the scenario's title, or the file names).")
@click.option("--kind", type=click.Choice(["auto", "case", "dataset"]), default="auto", show_default=True,
              help="case: the report of one incident (with a table of any others); dataset: totals, tables and "
                   "charts over many events; auto: dataset for data files with more than one incident and for "
                   f"scenarios of more than {DATASET_MIN_INCIDENTS} incidents, else case.")
@read_options
@command_errors
def report_command(inputs: tuple[Path, ...], output: Path, fmt: str | None, generated_at: str | None,
                   borders: tuple[str, ...], title: str | None, kind: str, allow: tuple[Path, ...],
                   **read: object) -> None:
    """Write a report: INPUT is one scenario YAML, or data files read as 'geo map' reads them.

    HTML reports are one self-contained file that works offline. A case report
    holds the summary, key figures, the interactive map beside a static image,
    incidents, claims and sources, caveats and data provenance. A dataset
    report (many events: ACLED or UCDP GED exports, monitor sheets, ...) holds
    totals with their claims and sources, a table by region and distance band,
    events per week or month, by event type, the most lethal incidents, how
    precisely events are located and which side of the border they lie on,
    with charts as static images. Markdown reports link their images, written
    beside them. PDF reports are printed by headless Chromium.
    """
    from geo.analysis.case import analyze
    from geo.render.report import check_pdf_support, report_format, write_report
    from geo.render.report._figures import resolve_generated_at
    from geo.render.report.dataset import write_dataset_report

    modules_loaded()

    out_kind = report_format(output, fmt)
    stamp = resolve_generated_at(generated_at)  # a bad time fails before any work
    if out_kind == "pdf":
        check_pdf_support()
    pairs = [border_pair(spec) for spec in borders]
    scenario, files = case_inputs(inputs, title=title, options=read, allow=allow)
    if pairs:
        scenario.borders = pairs
    n = len(scenario.incidents)
    dataset = kind == "dataset" or (kind == "auto" and (n > DATASET_MIN_INCIDENTS or (files and n > 1)))
    beside = [output.with_suffix(".png")] if out_kind == "md" else []
    if out_kind == "md" and dataset:
        beside = [output.with_name(f"{output.stem}-{key}.png") for key in _DATASET_IMAGES]
    rejected = rejected_path(output) if any(len(f.rejected) for f in scenario.loaded) else None
    named = scenario.files or [Path(p).resolve() for p in files]
    check_outputs([output, *beside, rejected], [*named, *inputs])  # before the analysis
    for path in named:
        echo_info(f"read {path}")
    with guarded_outputs(output, *beside, rejected):
        case = analyze(scenario)
        if dataset:
            write_dataset_report(case, output, format=out_kind, generated_at=stamp)
        else:
            write_report(case, output, format=out_kind, generated_at=stamp)  # logs each file it writes
        report_rejected(scenario.loaded, output)


@click.command("embed")
@click.argument("map_file", metavar="MAP.html", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", default=None, help="Where the map will be published (https://... or a relative path); "
                                          "default: the file name, beside the page.")
@click.option("--title", default=None, help="Accessible name of the frame; default: the map's title.")
@click.option("--aspect", type=float, default=0.625, show_default=True, help="Height as a fraction of the width.")
@click.option("--inline", is_flag=True, help="Put the whole map into the snippet (srcdoc) instead of linking it.")
@command_errors
def embed_command(map_file: Path, url: str | None, title: str | None, aspect: float, inline: bool) -> None:
    """Print an HTML snippet that embeds MAP.html in a CMS page.

    The snippet is a responsive iframe, sandboxed so that the map's scripts
    run but cannot reach the page around it.

    \b
    Example:
      geo embed out/belgorod.html --url https://example.org/maps/belgorod.html
    """
    from geo.render.report import embed_snippet

    echo(embed_snippet(map_file, url=url, title=title, aspect=aspect, inline=inline), nl=False)
