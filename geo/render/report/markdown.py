"""The Markdown report: the HTML report's text, with the static map as a PNG beside it.

For wikis and repositories. Markdown renderers pass raw HTML through, so user
text is HTML-escaped and Markdown punctuation is backslash-escaped: a scenario
cannot inject markup, links or table cells. Only http(s) source addresses
become links.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from geo.render.report._figures import ReportContent, report_content

if TYPE_CHECKING:
    from geo.analysis.case import CaseAnalysis

__all__ = ["report_markdown", "render_markdown"]

# Inline markup (emphasis, code, links, tables, strikethrough, maths); the rest only matters at a line start.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
_LINE_START = re.compile(r"^(\d{1,9}(?=[.)](?:\s|$))|(?=[#+=-]))")  # "1. " starts a list; "35.4" does not


def _md(text: object) -> str:
    """Text that reads as typed in any CommonMark or GitHub renderer.

    >>> _md("<b>1 * 2</b> | [x](javascript:y)")
    '&lt;b&gt;1 \\\\* 2&lt;/b&gt; \\\\| \\\\[x\\\\](javascript:y)'
    """
    flat = " ".join(str(text).split())  # a newline would end a table row or start a block
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))
    return _LINE_START.sub(r"\1\\", escaped)


def _url(url: str) -> str:
    # Percent-encode what could end the link target or open markup.
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def _link(name: str, url: str | None) -> str:
    if url and url.lower().startswith(("http://", "https://")):
        return f"[{_md(name)}](<{_url(url)}>)"
    return _md(name)


def report_markdown(analysis: CaseAnalysis, *, image_name: str = "map.png",
                    generated_at: dt.datetime | str | None = None) -> str:
    """A Markdown report of ``analysis`` that shows the PNG ``image_name`` (a relative link).

    Write the PNG yourself with :func:`geo.write_static_map`, or use
    :func:`geo.write_report` with ``format="md"``, which writes both.

    Examples
    --------
    >>> import geo
    >>> case = geo.analyze(geo.load_scenario("seeds/belgorod-2023-04-20.yaml"))  # doctest: +SKIP
    >>> text = geo.report_markdown(case, image_name="belgorod.png")  # doctest: +SKIP
    """
    return render_markdown(report_content(analysis, generated_at=generated_at), image_name=image_name)


def render_markdown(content: ReportContent, *, image_name: str) -> str:
    """Lay out prepared report content as Markdown (no computation)."""
    c = content
    out = [f"# {_md(c.title)}", "", _md(c.lede), "", f"*Generated {_md(c.generated_at)}*", "", "## Summary", ""]
    out += [f"- **{_md(k)}:** {_md(v)}" for k, v in c.summary]
    if c.figures:
        out += ["", "## Key figures", ""]
        for f in c.figures:
            line = f"- **{_md(f.label)}: {_md(f.value)}**"
            if f.detail:
                line += f" — {_md(f.detail)}"
            if f.claimed_by:
                line += f" *(source: {_md(f.claimed_by)})*"
            out.append(line)
    out += ["", "## Map", "", f"![{_md(c.alt_text)}](<{_url(image_name)}>)", ""]
    out += ["## Incidents", "", _row(c.table_columns), "|" + "---|" * len(c.table_columns)]
    out += [_row(r) for r in c.table_rows]
    if c.table_note:
        out += ["", _md(c.table_note)]
    out += ["", "## Claims and sources", "",
            "Who said what. Figures measured by geo are under Key figures; everything below is as claimed "
            "and not verified by geo.", "",
            ]
    if any(x.status for x in c.claims):
        out += [_row(["Claim", "As reported", "Claimed by", "Relayed by", "When said", "Status"]),
                "|---|---|---|---|---|---|"]
        out += [_claim_row(x) for x in c.claims]
    else:
        out += [_row(["Claim", "As reported", "Claimed by"]), "|---|---|---|"]
        out += [_row([x.subject, x.figure, x.claimed_by]) for x in c.claims]
    out += ["", "### Sources", ""]
    for i, s in enumerate(c.sources, 1):
        line = f"{i}. {_link(s.name, s.url)}"
        if s.published:
            line += f" ({_md(s.published)})"
        if s.note:
            line += f" — {_md(s.note)}"
        out.append(line)
    if c.caveats:
        out += ["", "## Caveats", ""] + [f"- {_md(x)}" for x in c.caveats]
    out += ["", "## Data provenance", ""] + [f"- **{_md(k)}:** {_md(v)}" for k, v in c.provenance]
    out += [f"- **Generated:** {_md(c.generated_at)}", ""]
    return "\n".join(out)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_md(cell) for cell in cells) + " |"


def _claim_row(x) -> str:  # noqa: ANN001 - a report Claim
    """A claims-panel row; a superseded claim struck through (``~~``) with what replaced it."""
    figure = f"~~{_md(x.figure)}~~" if x.struck else _md(x.figure)
    if x.replaced_by:
        figure += f" (replaced by {_md(x.replaced_by)})"
    if x.status == "effective":
        figure = f"**{figure}**"
    cells = [_md(x.subject), figure, _md(x.claimed_by), _link(x.relay, x.url) if x.relay else "", _md(x.said),
             _md(x.status)]
    return "| " + " | ".join(cells) + " |"
