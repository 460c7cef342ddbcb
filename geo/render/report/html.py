"""The HTML report: one self-contained file that renders offline.

Layout: title and lede, summary (what, when, where, how precisely located),
key figures, the interactive map beside a static image, a table of
incidents, claims and sources, caveats, provenance.

Security decisions, because scenario text is untrusted (it often comes from
news articles and social media):

- Every piece of user or computed text goes through ``html.escape(quote=True)``;
  only ``http``/``https`` source addresses become links, with
  ``rel="noopener noreferrer nofollow"``.
- The report itself runs no script.
- The interactive map is a full HTML document with its own scripts. It is
  embedded as ``<iframe srcdoc="...">`` (the whole document escaped as one
  attribute value) with ``sandbox="allow-scripts allow-popups
  allow-popups-to-escape-sandbox"`` and never ``allow-same-origin``: the map
  runs in an opaque origin, so even a bug in the map's own escaping cannot
  read or change the report, cookies or storage of the page that hosts it.
  Popups are allowed so that source links in map popups can open.
- No Content-Security-Policy ``<meta>``: a ``srcdoc`` frame inherits its
  parent's policy, and any policy strict enough to matter would also block
  the map's inline scripts.
- For print, the iframe is hidden and the static PNG (a ``data:`` URI) is shown.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from typing import TYPE_CHECKING, Any

from geo.render.report._figures import ReportContent, report_content

if TYPE_CHECKING:
    from geo.analysis.case import CaseAnalysis

__all__ = ["report_html", "render_html"]

MAP_SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _link(name: str, url: str | None) -> str:
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{_e(url)}" rel="noopener noreferrer nofollow" target="_blank">{_e(name)}</a>'
    return _e(name)


def report_html(analysis: CaseAnalysis, *, generated_at: dt.datetime | str | None = None,
                map_html: str | None = None, image_png: bytes | None = None, interactive: bool = True) -> str:
    """A self-contained HTML report of ``analysis``.

    Parameters
    ----------
    analysis:
        The result of :func:`geo.analyze`.
    generated_at:
        Generation time shown in the report (``datetime`` or ISO 8601 text);
        fix it to make the output depend on the inputs only.
    map_html:
        The interactive map document; defaults to
        ``geo.ImpactMap.from_analysis(analysis, tiles="none").to_html()``: no web tiles.
    image_png:
        The static map; defaults to :func:`geo.static_map_png`.
    interactive:
        Embed the interactive map; ``False`` leaves only the static image
        (used for PDFs, where the frame would not print anyway).

    Returns
    -------
    str
        The whole HTML document.

    Examples
    --------
    >>> import geo
    >>> case = geo.analyze(geo.load_scenario("seeds/belgorod-2023-04-20.yaml"))  # doctest: +SKIP
    >>> page = geo.report_html(case, generated_at="2023-04-21T12:00:00Z")  # doctest: +SKIP
    """
    if not interactive:
        map_html = None
    elif map_html is None:
        from geo.render.webmap import ImpactMap

        map_html = ImpactMap.from_analysis(analysis, tiles="none").to_html()  # a report calls no server
    if image_png is None:
        from geo.render.staticmap import static_map_png

        image_png = static_map_png(analysis)
    return render_html(report_content(analysis, generated_at=generated_at), map_html=map_html, image_png=image_png)


def render_html(content: ReportContent, *, map_html: str | None, image_png: bytes) -> str:
    """Lay out prepared report content as one HTML document (no computation).

    ``map_html=None`` shows the static image only.
    """
    body = "\n".join([
        _header(content),
        _summary(content),
        _figures(content),
        _map(content, map_html, image_png),
        _table(content),
        _claims(content),
        _caveats(content),
        _provenance(content),
    ])
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="geo">\n'
            f"<title>{_e(content.title)}</title>\n<style>{_CSS}</style>\n</head>\n"
            f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


def _header(c: ReportContent) -> str:
    return (f'<header>\n<p class="kicker">Incident report</p>\n<h1>{_e(c.title)}</h1>\n'
            f'<p class="lede">{_e(c.lede)}</p>\n'
            f'<p class="meta">Generated <time datetime="{_e(c.generated_at)}">{_e(c.generated_at)}</time></p>\n'
            f"</header>")


def _summary(c: ReportContent) -> str:
    rows = "\n".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in c.summary)
    return f'<section id="summary">\n<h2>Summary</h2>\n<dl class="facts">\n{rows}\n</dl>\n</section>'


def _figures(c: ReportContent) -> str:
    if not c.figures:
        return ""
    cards = "\n".join(
        f'<div class="figure"><p class="label">{_e(f.label)}</p><p class="value">{_e(f.value)}</p>'
        + (f'<p class="detail">{_e(f.detail)}</p>' if f.detail else "")
        + (f'<p class="who">Source: {_e(f.claimed_by)}</p>' if f.claimed_by else "") + "</div>"
        for f in c.figures)
    return f'<section id="figures">\n<h2>Key figures</h2>\n<div class="figures">\n{cards}\n</div>\n</section>'


def _map(c: ReportContent, map_html: str | None, image_png: bytes) -> str:
    data = base64.b64encode(image_png).decode("ascii")
    frame = caption = still = ""
    if map_html is not None:
        still = "<figcaption>Static map: the same layers as an image, used when printing</figcaption>"
        frame = (f'<iframe class="live" title="Interactive map: {_e(c.alt_text)}" sandbox="{MAP_SANDBOX}" '
                 f'allow="fullscreen" referrerpolicy="no-referrer" srcdoc="{_e(map_html)}"></iframe>\n')
        caption = f'<p class="caption">{_e(c.map_caption)}</p>\n'
    return (f'<section id="map">\n<h2>Map</h2>\n<div class="maps">\n{frame}'
            f'<figure class="still"><img src="data:image/png;base64,{data}" alt="{_e(c.alt_text)}">{still}'
            f"</figure>\n</div>\n"
            f"{caption}</section>")


def _table(c: ReportContent) -> str:
    head = "".join(f'<th scope="col">{_e(col)}</th>' for col in c.table_columns)
    rows = "\n".join("<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>" for row in c.table_rows)
    note = f'<p class="note">{_e(c.table_note)}</p>' if c.table_note else ""
    return (f'<section id="incidents">\n<h2>Incidents</h2>\n<div class="scroll"><table>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table></div>\n{note}</section>")


def _claim_row(x: Any) -> str:
    """A claims-panel row with relay, time and status; a superseded claim struck through with its replacement."""
    figure = f"<s>{_e(x.figure)}</s>" if x.struck else _e(x.figure)
    if x.replaced_by:
        figure += f' <span class="muted">(replaced by {_e(x.replaced_by)})</span>'
    if x.status == "effective":
        figure = f"<strong>{figure}</strong>"
    relay = _link(x.relay, x.url) if x.relay else ""
    return (f'<tr class="claim-{_e(x.status)}"><td>{_e(x.subject)}</td><td>{figure}</td><td>{_e(x.claimed_by)}</td>'
            f"<td>{relay}</td><td>{_e(x.said)}</td><td>{_e(x.status)}</td></tr>")


def _claims(c: ReportContent) -> str:
    detailed = any(x.status for x in c.claims)
    if detailed:
        rows = "\n".join(_claim_row(x) for x in c.claims)
    else:
        rows = "\n".join(f"<tr><td>{_e(x.subject)}</td><td>{_e(x.figure)}</td><td>{_e(x.claimed_by)}</td></tr>"
                         for x in c.claims)
    extra = ('<th scope="col">Relayed by</th><th scope="col">When said</th><th scope="col">Status</th>'
             if detailed else "")
    sources = "\n".join(
        f"<li>{_link(s.name, s.url)}" + (f' <span class="muted">({_e(s.published)})</span>' if s.published else "")
        + (f' — <span class="muted">{_e(s.note)}</span>' if s.note else "") + "</li>" for s in c.sources)
    return (f'<section id="claims">\n<h2>Claims and sources</h2>\n'
            f'<p class="note">Who said what. Figures measured by geo are listed under Key figures; '
            f"everything below is as claimed and not verified by geo.</p>\n"
            f'<div class="scroll"><table>\n<thead><tr><th scope="col">Claim</th><th scope="col">As reported</th>'
            f'<th scope="col">Claimed by</th>{extra}</tr></thead>\n'
            f"<tbody>\n{rows}\n</tbody>\n</table></div>\n<h3>Sources</h3>\n<ol class=\"sources\">\n{sources}\n</ol>\n"
            f"</section>")


def _caveats(c: ReportContent) -> str:
    if not c.caveats:
        return ""
    items = "\n".join(f"<li>{_e(x)}</li>" for x in c.caveats)
    return f'<section id="caveats">\n<h2>Caveats</h2>\n<ul>\n{items}\n</ul>\n</section>'


def _provenance(c: ReportContent) -> str:
    rows = "\n".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in c.provenance)
    return (f'<footer id="provenance">\n<h2>Data provenance</h2>\n<dl class="facts small">\n{rows}\n'
            f"<dt>Generated</dt><dd>{_e(c.generated_at)}</dd>\n</dl>\n</footer>")


_CSS = """
:root{--ink:#1a1a1a;--muted:#5b5b5b;--rule:#d9d6cf;--accent:#b2182b;--paper:#fff;--tint:#f6f4ef}
*{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);
font:16px/1.55 Georgia,"DejaVu Serif","Times New Roman",serif}
main{max-width:1180px;margin:0 auto;padding:28px 24px 48px}
h1,h2,h3,.kicker,.label,.value,th,.meta,.caption,figcaption,.who,dt{font-family:"Helvetica Neue",Arial,"DejaVu Sans",sans-serif}
.kicker{color:var(--accent);text-transform:uppercase;letter-spacing:.08em;font-size:13px;font-weight:700;margin:0}
h1{font-size:34px;line-height:1.15;margin:6px 0 12px}
h2{font-size:20px;margin:36px 0 12px;padding-top:10px;border-top:2px solid var(--ink)}
h3{font-size:16px;margin:22px 0 8px}
.lede{font-size:19px;margin:0 0 8px;max-width:62em}
.meta,.muted,.note,.caption,figcaption{color:var(--muted);font-size:14px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:6px 18px;margin:0}
dl.facts dt{font-weight:700;font-size:14px;padding-top:2px}
dl.facts dd{margin:0}
dl.small dd{font-size:14px}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:12px}
.figure{background:var(--tint);border-left:4px solid var(--accent);padding:10px 14px}
.figure p{margin:0}
.label{font-size:13px;font-weight:700;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.value{font-size:24px;font-weight:700;line-height:1.25;margin:2px 0 4px!important;overflow-wrap:anywhere}
.detail{font-size:14px}
.who{font-size:12px;color:var(--muted);margin-top:6px!important}
.maps{display:grid;grid-template-columns:minmax(0,1fr);gap:14px;align-items:start}
iframe.live{width:100%;height:620px;border:1px solid var(--rule);background:var(--tint);display:block}
figure.still{margin:0;max-width:820px}
figure.still img{width:100%;height:auto;border:1px solid var(--rule);display:block}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px}
th{text-align:left;font-size:13px;border-bottom:2px solid var(--ink);padding:6px 8px;vertical-align:bottom}
td{border-bottom:1px solid var(--rule);padding:6px 8px;vertical-align:top;overflow-wrap:anywhere}
ol.sources li,#caveats li{margin-bottom:6px}
a{color:#0b5394}
footer{margin-top:12px}
@media (min-width:1560px){main{max-width:1480px}.maps{grid-template-columns:minmax(0,2fr) minmax(0,1fr)}}
@media (max-width:820px){h1{font-size:27px}iframe.live{height:480px}}
@media print{
@page{size:A4;margin:14mm}
body{font-size:11pt}
main{max-width:none;padding:0}
iframe.live,.caption{display:none}
.maps{display:block}
figure.still img{border:none}
.figures{grid-template-columns:repeat(3,1fr)}
.figure,tr,figure.still{break-inside:avoid}
h2{break-after:avoid}
a{color:inherit}
a[href]::after{content:" <" attr(href) ">";font-size:9pt;color:var(--muted)}
}
tr[class^=claim-] td:last-child{white-space:nowrap}
tr[class^=claim-] td:first-child{min-width:6.5em;overflow-wrap:normal;word-break:normal}
"""
