"""``geo extract``: draft a scenario from a news article, offline."""

from __future__ import annotations

import os
from pathlib import Path

import click

from geo.cli._common import command_errors, echo_info, guarded_outputs
from geo.cli._extract_many import figure_text
from geo.cli._outputs import check_outputs
from geo.cli._process import modules_loaded
from geo.errors import InputError

__all__ = ["extract_command"]

EPILOG = """\b
Examples:
  geo extract article.txt -o case.yaml --published 2023-04-21
  geo extract saved-page.html -o case.yaml
  geo extract report-a.txt report-b.txt -o case.yaml   # several reports of one incident
  geo map case.yaml -o case.html

\b
The draft names the incident's place (with a precision and an uncertainty
radius the text supports), date, casualty claims with who made them,
weapons and damage. Every value keeps the sentence it came from under
`evidence:`; values to check first are listed under `uncertain:`. Without
--published, a date line in the article ("Published: 21 April 2023") is
used. A saved web page (.html) is read for its main text, title, date and
URL (trafilatura). An article about several incidents drafts the first and
says so under `uncertain:`. An article that names no usable place gives an
error and no file.
"""


@click.command("extract", epilog=EPILOG)
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Scenario YAML to write.")
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date, to resolve 'on Thursday evening'; default: a date line in the text.")
@click.option("--id", "incident_id", help="Incident id (default: <place>-<date>).")
@command_errors
def extract_command(articles: tuple[Path, ...], output: Path, published: str | None,
                    incident_id: str | None) -> None:
    """Draft a scenario from news ARTICLES (plain text or saved .html pages) for `geo map`.

    Several articles are read as reports of one incident: one draft with
    every article's claims side by side and their disagreements under
    `uncertain:`.
    """
    from geo._atomic import write_text

    check_outputs([output], list(articles))
    if all(path.is_file() for path in articles):  # the articles are there: the gazetteer will be read
        from geo.input.extract._gazetteer import read_ahead

        read_ahead()
    from geo.input.extract import draft_scenario, extract_incident, extract_page, scenario_yaml
    from geo.input.extract._page import looks_like_html

    modules_loaded()

    if len(articles) > 1:
        from geo.cli._extract_many import extract_many

        extract_many(articles, output, published, incident_id, read=_read)
        return
    article = articles[0]
    text = _read(article)
    if article.suffix.lower() in (".html", ".htm", ".xhtml") or looks_like_html(text):
        found = extract_page(text, published=published, source=str(article))
    else:
        found = extract_incident(text, published=published, source=str(article))
    relative = Path(os.path.relpath(article.resolve(), output.resolve().parent)).as_posix()
    draft = draft_scenario(found, article=relative, source=str(article), incident_id=incident_id)
    with guarded_outputs(output):
        write_text(output, scenario_yaml(draft, source=article.name))
    _summary(found, draft, output)


def _read(path: Path) -> str:
    if not path.is_file():
        raise InputError("article not found", source=str(path), hint="check the path")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", source=str(path),
                         hint="save the article as UTF-8 plain text") from None


def _summary(found, draft: dict, output: Path) -> None:  # noqa: ANN001
    from geo._format import format_distance  # (with numpy: not for --help)

    loc = found.location
    incident = draft["incidents"][0]
    lines = [f"wrote {output}"]
    if found.url:
        lines.append(f"  page      {found.title!r}, {found.url}")
    lines.append(f"  place     {loc.description}, {loc.place.country}: precision {loc.precision}, "
                 f"radius {format_distance(loc.uncertainty_m)}")
    if found.date and found.date.date:
        when = f"{found.date.date.isoformat()} ({found.date.time_precision}"
        when += f", {found.date.time_of_day})" if found.date.time_of_day else ")"
        lines.append(f"  date      {when} from {found.date.text!r}")
    else:
        lines.append("  date      not resolved")
    for claim in (found.fatalities, found.injuries):
        if claim is not None:
            figure = figure_text(claim.low, claim.high)
            lines.append(f"  {claim.kind:<9} {figure} {claim.text!r}, per {claim.claimant or 'nobody named'}")
    if found.weapons:
        lines.append(f"  weapons   {', '.join(w.name for w in found.weapons)}")
    if found.damage:
        lines.append(f"  damage    {', '.join(d.kind for d in found.damage)}")
    lines.append(f"  borders   {', '.join(draft['borders']) or 'none named'}")
    for field, reason in (incident.get("uncertain") or {}).items():
        lines.append(f"  check     {field}: {reason}")
    echo_info("\n".join(lines))
