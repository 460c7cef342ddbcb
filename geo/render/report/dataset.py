"""The dataset report: many incidents summarised, as HTML, Markdown or PDF.

Where the case report (:mod:`.html`) describes one incident, this report
describes a dataset: totals with their claims and sources, events by region
and distance band, a time series by week or month, by event type, the most
lethal incidents, how precisely events are located and on which side of the
border they lie. Figures come from :func:`geo.analysis.dataset.summarize_dataset`;
this module only words and lays them out (numbers through :mod:`geo._format`)
and draws the charts as static PNG images (:mod:`.dataset_charts`), the same
images in every format. Text from the data is escaped everywhere.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geo._format import format_count, format_count_range, format_date, format_share
from geo.render.report import dataset_charts as charts

if TYPE_CHECKING:
    from geo.analysis.case import CaseAnalysis
    from geo.analysis.dataset import DatasetSummary

__all__ = ["DatasetReport", "dataset_report", "dataset_html", "dataset_markdown", "write_dataset_report"]

log = logging.getLogger(__name__)


@dataclass
class _Table:
    columns: list[str]
    rows: list[list[str]]


@dataclass
class _Section:
    key: str
    title: str
    text: str = ""
    table: _Table | None = None
    chart: str | None = None  # key into DatasetReport.charts
    extra: _Table | None = None  # a second table (sources under claims)


@dataclass
class DatasetReport:
    """A dataset report, worded and laid out but not yet written (see :func:`dataset_report`)."""

    title: str
    lede: str
    generated_at: str
    facts: list[tuple[str, str]]
    sections: list[_Section]
    charts: dict[str, bytes] = field(default_factory=dict)
    map_png: bytes | None = None
    notes: list[str] = field(default_factory=list)


def dataset_report(analysis: CaseAnalysis, summary: DatasetSummary | None = None, *,
                   generated_at: dt.datetime | str | None = None, map_png: bytes | None = None) -> DatasetReport:
    """Word the summary of ``analysis`` (computed when not given) and draw its charts."""
    from geo.analysis.dataset import summarize_dataset
    from geo.render.report._figures import resolve_generated_at

    if summary is None:
        summary = summarize_dataset(analysis.incidents, band_labels=list(analysis.bands["label"]))
    stamp = resolve_generated_at(generated_at)
    t = summary.totals
    first, last = t["first_date"], t["last_date"]
    span = f"{format_date(first)} to {format_date(last)}" if first is not None else "undated"
    killed = _killed(t)
    facts = [
        ("Events", format_count(t["events"])),
        ("Period", span),
        ("Killed (reported)", killed),
        ("Fatality figures", f"{format_count(t['with_fatality_figure'])} events with a figure, claimed by "
                             f"{format_count(t['claimants'], 'claimant')}"),
        ("Sources", format_count(t["sources"], "distinct source")),
        ("Located", f"{format_count(t['located'])} of {format_count(t['events'])}"),
    ]
    region_only = summary.precision.loc[summary.precision["precision"] == 3, "share"]
    if len(region_only) and t["events"]:
        facts.append(("Location precision", f"{format_share(float(region_only.iloc[0]))} known only to a region"))
    sections = [
        _claims_section(summary), _region_band_section(summary), _series_section(summary),
        _type_section(summary), _lethal_section(summary), _precision_section(summary), _sides_section(summary),
    ]
    chart_png = {"series": charts.series_chart(summary.series, summary.period),
                 "types": charts.type_chart(summary.by_type),
                 "precision": charts.precision_chart(summary.precision)}
    title = analysis.scenario.title or "Events"
    lede = (f"{format_count(t['events'], 'event')} from {span}; {killed} killed as reported "
            f"(the lowest figure of each claim, summed).")
    return DatasetReport(title=title, lede=lede, generated_at=_iso(stamp), facts=facts, sections=sections,
                         charts=chart_png, map_png=map_png, notes=list(analysis.notes) + list(summary.notes))


def _iso(stamp: dt.datetime) -> str:
    return stamp.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if stamp.tzinfo else stamp.strftime("%Y-%m-%d %H:%M")


def _killed(t: dict) -> str:
    if not t["with_fatality_figure"]:
        return "not reported"
    return format_count_range(t["fatalities_low"], t["fatalities_high"])


def _claims_section(s: DatasetSummary) -> _Section:
    rows = [[str(r.claimant), format_count(r.events), format_count(r.fatalities_low)]
            for r in s.claimants.head(15).itertuples(index=False)]
    sources = [[str(r.source), format_count(r.events)] for r in s.sources.head(15).itertuples(index=False)]
    more = f" ({format_count(len(s.claimants))} claimants in all; the 15 with most events listed)" \
        if len(s.claimants) > 15 else ""
    return _Section("claims", "Claims and sources",
                    "Fatality figures are as claimed, not verified by geo; each claimant with the events "
                    f"it gave a figure for and the sum of its lowest figures{more}.",
                    _Table(["Claimed by", "Events", "Killed (lowest figure)"], rows),
                    extra=_Table(["Source", "Events citing it"], sources))


def _region_band_section(s: DatasetSummary) -> _Section:
    table = s.by_region_band
    columns = ["Region", *[str(c) for c in table.columns]]
    rows = [[str(region), *[format_count(v) for v in values]]
            for region, values in zip(table.index, table.to_numpy().tolist(), strict=True)]
    return _Section("regions", "By region and distance to the border",
                    "Events per first-level region (rows) and distance band from the border analysed (columns); "
                    "'beyond' lies outside every band. Regions are geo's where it has region outlines, else "
                    "as the dataset gives them.", _Table(columns, rows))


def _series_section(s: DatasetSummary) -> _Section:
    label = "Week of" if s.period == "week" else "Month"
    rows = [[format_date(r.period_start, s.period), format_count(r.events), format_count(r.fatalities_low)]
            for r in s.series.itertuples(index=False)]
    return _Section("series", f"Over time, by {s.period}", "", _Table([label, "Events", "Killed (lowest figure)"], rows),
                    chart="series")


def _type_section(s: DatasetSummary) -> _Section:
    rows = [[str(r.event_type), format_count(r.events), format_share(r.share), format_count(r.fatalities_low)]
            for r in s.by_type.itertuples(index=False)]
    return _Section("types", "By event type", "", _Table(["Event type", "Events", "Share", "Killed (lowest figure)"], rows),
                    chart="types")


def _lethal_section(s: DatasetSummary) -> _Section:
    rows = []
    for r in s.most_lethal.itertuples(index=False):
        rows.append([str(r.id), format_date(r.date), _text(r.event_type), _text(r.location) or _text(r.region),
                     format_count_range(r.fatalities_low, r.fatalities_high), _text(r.fatalities_source)])
    return _Section("lethal", "Most lethal incidents", "Ranked by the lowest reported figure.",
                    _Table(["Id", "Date", "Type", "Where", "Killed", "Claimed by"], rows))


def _precision_section(s: DatasetSummary) -> _Section:
    rows = [[str(r.label), format_count(r.events), format_share(r.share)] for r in s.precision.itertuples(index=False)]
    return _Section("precision", "How precisely events are located", "",
                    _Table(["Location known to", "Events", "Share"], rows), chart="precision")


def _sides_section(s: DatasetSummary) -> _Section:
    rows = [[_text(r.side) or "at sea or not located", _text(r.border) or "not measured", format_count(r.events),
             format_count(r.uncertain), format_share(r.share), format_count(r.fatalities_low)]
            for r in s.sides.itertuples(index=False)]
    unsure = int(s.sides["uncertain"].sum()) if len(s.sides) else 0
    note = ("The country of the border pair that holds each event's point. Within 2 km of the border the "
            "generalised 1:10m line cannot settle the side: "
            f"{format_count(unsure)} event{'s' if unsure != 1 else ''} lie that close ('near the line').")
    return _Section("sides", "Side of the border", note,
                    _Table(["Side", "Of the border", "Events", "Near the line", "Share", "Killed (lowest figure)"],
                           rows))


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


# --------------------------------------------------------------------------- HTML
def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _img(png: bytes, alt: str) -> str:
    return f'<img src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}" alt="{_e(alt)}">'


#: Tables longer than this fold into a <details> element in HTML (the chart above them tells the story).
_FOLD_ROWS = 24


def _html_table(table: _Table, *, fold: bool = True) -> str:
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in table.columns)
    rows = "\n".join("<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>" for row in table.rows)
    block = f'<div class="scroll"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table></div>'
    if fold and len(table.rows) > _FOLD_ROWS:
        return f"<details><summary>Table: {len(table.rows):,} rows</summary>\n{block}\n</details>"
    return block


def dataset_html(report: DatasetReport, *, fold: bool = True) -> str:
    """The report as one self-contained HTML document (charts as ``data:`` images; no script).

    ``fold`` puts long tables in closed ``<details>`` (off for print, where they would not open).
    """
    from geo.render.report.html import _CSS

    facts = "\n".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in report.facts)
    parts = [f'<header>\n<p class="kicker">Dataset report</p>\n<h1>{_e(report.title)}</h1>\n'
             f'<p class="lede">{_e(report.lede)}</p>\n<p class="meta">Generated <time datetime="{_e(report.generated_at)}">'
             f"{_e(report.generated_at)}</time></p>\n</header>",
             f'<section id="totals">\n<h2>Totals</h2>\n<dl class="facts">\n{facts}\n</dl>\n</section>']
    if report.map_png is not None:
        parts.append(f'<section id="map">\n<h2>Map</h2>\n<figure class="still">{_img(report.map_png, "Map of the events")}'
                     "</figure>\n</section>")
    for s in report.sections:
        body = [f'<section id="{_e(s.key)}">', f"<h2>{_e(s.title)}</h2>"]
        if s.text:
            body.append(f'<p class="note">{_e(s.text)}</p>')
        if s.chart and s.chart in report.charts:
            body.append(f'<figure class="chart">{_img(report.charts[s.chart], s.title)}</figure>')
        if s.table is not None:
            body.append(_html_table(s.table, fold=fold))
        if s.extra is not None:
            body.append("<h3>Sources</h3>")
            body.append(_html_table(s.extra, fold=fold))
        body.append("</section>")
        parts.append("\n".join(body))
    if report.notes:
        notes = "\n".join(f"<li>{_e(n)}</li>" for n in report.notes)
        parts.append(f'<section id="caveats">\n<h2>Caveats</h2>\n<ul>\n{notes}\n</ul>\n</section>')
    css = _CSS + " figure.chart img{max-width:100%;height:auto} figure.chart{margin:8px 0}"
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="geo">\n'
            f"<title>{_e(report.title)}</title>\n<style>{css}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(parts) + "\n</main>\n</body>\n</html>\n")


# --------------------------------------------------------------------------- Markdown
def _md(text: object) -> str:
    from geo.render.report.markdown import _md as escape

    return escape(str(text))


def _md_table(table: _Table) -> str:
    lines = ["| " + " | ".join(_md(c) for c in table.columns) + " |",
             "| " + " | ".join("---" for _ in table.columns) + " |"]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines)


def dataset_markdown(report: DatasetReport, *, images: dict[str, str]) -> str:
    """The report as Markdown; ``images`` maps chart keys (and ``"map"``) to file names beside it."""
    out = [f"# {_md(report.title)}", "", _md(report.lede), "", f"Generated {_md(report.generated_at)}", "", "## Totals", ""]
    out += [f"- **{_md(k)}:** {_md(v)}" for k, v in report.facts]
    if "map" in images:
        out += ["", "## Map", "", f"![Map of the events]({images['map']})"]
    for s in report.sections:
        out += ["", f"## {_md(s.title)}", ""]
        if s.text:
            out += [_md(s.text), ""]
        if s.chart and s.chart in images:
            out += [f"![{_md(s.title)}]({images[s.chart]})", ""]
        if s.table is not None:
            out.append(_md_table(s.table))
        if s.extra is not None:
            out += ["", "### Sources", "", _md_table(s.extra)]
    if report.notes:
        out += ["", "## Caveats", ""] + [f"- {_md(n)}" for n in report.notes]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- files
def write_dataset_report(analysis: CaseAnalysis, path: str | os.PathLike[str], *, format: str | None = None,
                         generated_at: dt.datetime | str | None = None) -> list[Path]:
    """Write the dataset report of ``analysis``; return the files written (report first).

    Markdown writes its images beside the report as ``<stem>-<chart>.png``.
    Nothing is left behind when writing fails.
    """
    from geo._atomic import atomic_paths, write_text
    from geo.render.report import check_pdf_support, html_to_pdf, report_format
    from geo.render.staticmap import static_map_png

    target = Path(path)
    kind = report_format(target, format)
    if kind == "pdf":
        check_pdf_support()
    report = dataset_report(analysis, generated_at=generated_at, map_png=static_map_png(analysis))
    if kind == "html":
        write_text(target, dataset_html(report))
        return [target]
    if kind == "pdf":
        return [html_to_pdf(dataset_html(report, fold=False), target)]
    images = {key: f"{target.stem}-{key}.png" for key in report.charts}
    images["map"] = f"{target.stem}-map.png"
    blobs = dict(report.charts, map=report.map_png)
    images_out = [target.with_name(name) for name in images.values()]
    # The report and its images are one output: all of them replace the old ones, or none does.
    with atomic_paths(target, *images_out) as (text_tmp, *image_tmps):
        for key, tmp in zip(images, image_tmps, strict=True):
            tmp.write_bytes(blobs[key])
        text_tmp.write_text(dataset_markdown(report, images=images), encoding="utf-8")
    return [target, *images_out]
