"""Reports without a browser: contents, reproducibility, escaping, Markdown, CLI, embed snippets.

Known answers: Belgorod (36.58091 E, 50.60343 N) lies 35.39 km from the
Russia–Ukraine border of Natural Earth 10m (checked against GeographicLib in
tests/test_proximity.py); with its 8 km uncertainty radius the range is
27.4–43.4 km. A geodesic circle of 300 m has an area of pi * 300^2 m²
to 0.01 % (GeographicLib polygon area), i.e. 0.28 km².
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from report_cases import (
    JAVASCRIPT_URL,
    ONE_CLAIM,
    PAYLOADS,
    SEED,
    damage_data,
    payload_data,
    scenario_from,
    seed_data,
)

import geo
from geo._format import format_area, format_date, format_distance, format_distance_range
from geo.cli.main import cli
from geo.render.report import report_content

FIXED = "2023-04-21T12:00:00Z"


@pytest.fixture(scope="module")
def case() -> geo.CaseAnalysis:
    return geo.analyze(geo.load_scenario(SEED))


@pytest.fixture(scope="module")
def page(case) -> str:
    return geo.report_html(case, generated_at=FIXED)


@pytest.fixture(scope="module")
def payload_case() -> geo.CaseAnalysis:
    return geo.analyze(scenario_from(payload_data()))


def _outer(page: str) -> str:
    """The report without the embedded map document (its srcdoc attribute)."""
    return re.sub(r'srcdoc="[^"]*"', 'srcdoc=""', page)


@pytest.mark.parametrize(("metres", "text"), [(0, "0 m"), (849.6, "850 m"), (3_420, "3.4 km"), (8_000, "8 km"),
                                              (35_389.9, "35.4 km"), (1_523_553, "1,524 km")])
def test_format_distance(metres, text):
    assert format_distance(metres) == text


@pytest.mark.parametrize(("m2", "text"), [(12_345, "12,345 m²"), (282_743, "0.28 km²"), (2_345_678, "2.35 km²"),
                                          (45_600_000, "45.6 km²"), (201_041_700, "201 km²")])
def test_format_area(m2, text):
    assert format_area(m2) == text


def test_format_range_and_dates():
    assert format_distance_range(27_389.9, 43_389.9) == "27.4–43.4 km"
    assert format_distance_range(600, 1_400) == "600 m–1.4 km"
    assert format_date("2023-04-20", "day", "evening") == "20 April 2023 (evening)"
    assert format_date("2023-04-20", "month") == "April 2023"
    assert format_date("2023-04-20", "year") == "2023"
    assert format_date(None) == "date not reported"


def test_report_says_what_the_analysis_measured():
    case = geo.analyze(geo.load_scenario(ONE_CLAIM))  # the seed article's claims, one per figure
    content = report_content(case, generated_at=FIXED)
    figures = {f.label: f for f in content.figures}
    border = figures["Distance to the Russia–Ukraine border"]
    assert border.value == "35.4 km"
    assert border.detail.startswith("27.4–43.4 km")
    assert "to the S" in border.detail  # 200° from Belgorod to the nearest border point
    assert border.claimed_by.startswith("geo")
    assert figures["Nearest towns"].value == "at Belgorod"
    assert "8 km S of Severnyy" in figures["Nearest towns"].detail
    unlocated = figures["Damage reported, not located"]
    assert unlocated.value == "4 reports" and "windows (light)" in unlocated.detail
    assert figures["Killed"].value == "at least 12 people killed"
    assert figures["Killed"].claimed_by.startswith("Russian Defense Ministry")
    assert figures["Injured"].value == "dozens injured (24–99)"
    summary = dict(content.summary)
    assert summary["When"] == "20 April 2023 (evening)"
    assert "Belgorod Oblast, Russia" in summary["Where"]
    assert summary["How precisely located"].endswith("within 8 km of the point shown")
    assert content.generated_at == "2023-04-21 12:00 UTC"


def test_report_names_the_border_region_and_its_share(case):
    figures = {f.label: f for f in report_content(case, generated_at=FIXED).figures}
    region = figures["Border region: Belgorod Oblast"]
    # Belgorod Oblast holds 440 km (29%) of the 1,524 km Russia–Ukraine line (Natural Earth admin-1, data/README.md).
    assert region.value == "29% of the border"
    assert region.detail.startswith("440 km of the Russia–Ukraine border")
    assert "the incident lies in it" in region.detail
    # The region across the line, where the incident's nearest border point lies (issue 14).
    across = figures["Border region: Kharkiv Oblast"]
    assert across.value == "15% of the border"
    assert across.detail.startswith("232 km of the Ukraine–Russia border")
    assert "the incident lies in it" not in across.detail


def test_damage_area_is_reported_in_km2():
    case = geo.analyze(scenario_from(damage_data()))
    figures = {f.label: f for f in report_content(case, generated_at=FIXED).figures}
    assert figures["Damage area: buildings"].value == "0.28 km²"
    assert "claimed by News report" in figures["Damage area: buildings"].claimed_by
    assert figures["Damage reported, not located"].value == "1 report"


def test_several_incidents_are_summarised_and_tabled():
    data = seed_data()
    base = data["incidents"][0]
    data["incidents"] = [dict(base, id=f"strike-{k}", lon=36.58 + 0.3 * k, lat=50.6 - 0.05 * k) for k in range(3)]
    data["damage"] = []
    case = geo.analyze(scenario_from(data))
    content = report_content(case, generated_at=FIXED)
    assert dict(content.summary)["What"].startswith("3 incidents")
    assert [row[0] for row in content.table_rows] == ["strike-0", "strike-1", "strike-2"]
    labels = [f.label for f in content.figures]
    assert "Distance to the Russia–Ukraine border (strike-2)" in labels


def test_html_report_is_self_contained(page):
    outer = _outer(page)
    assert outer.startswith("<!DOCTYPE html>")
    for section in ("summary", "figures", "map", "incidents", "claims", "caveats", "provenance"):
        assert f'id="{section}"' in outer
    assert "<script" not in outer.lower()  # the report runs nothing itself; the map runs in its frame
    assert not re.search(r'(src|href)="(https?:)?//', outer.replace('href="https://', 'href="LINK'))
    assert '<img src="data:image/png;base64,' in outer
    frame = re.search(r"<iframe[^>]*>", outer).group(0)
    assert 'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"' in frame
    assert "allow-same-origin" not in page


def test_html_report_shows_provenance_and_time(page):
    outer = _outer(page)
    assert f"Natural Earth 10m admin-0, version {geo.natural_earth_version()}" in outer
    assert "GeoNames (CC BY 4.0), cities500" in outer
    assert "Natural Earth 10m admin-1" in outer
    assert f"geo {geo.__version__}" in outer
    assert "belgorod-2023-04-20.yaml (sha256 " in outer
    assert "2023-04-21 12:00 UTC" in outer
    assert "/work/" not in outer and str(SEED.parent) not in outer  # no machine paths


def test_embedded_map_is_the_interactive_map(case, page):
    srcdoc = re.search(r'srcdoc="([^"]*)"', page).group(1)
    assert html.unescape(srcdoc) == geo.render.webmap.ImpactMap.from_analysis(case).to_html()


def test_same_inputs_same_bytes(case, page, tmp_path):
    # the file holds the page drawn again from the same analysis (map, PNG and all): the same bytes
    written = tmp_path / "a.html"
    geo.write_report(case, written, generated_at=FIXED)
    assert written.read_bytes() == page.encode("utf-8")
    later = geo.report_html(case, generated_at="2024-01-01T00:00:00+02:00")
    changed = [(x, y) for x, y in zip(page.splitlines(), later.splitlines(), strict=True) if x != y]
    assert changed and all("2023-04-21 12:00 UTC" in x and "2023-12-31 22:00 UTC" in y for x, y in changed)


def test_source_date_epoch_fixes_the_time(case, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1682078400")  # 2023-04-21T12:00:00Z
    assert report_content(case).generated_at == "2023-04-21 12:00 UTC"


def test_bad_generation_time_is_a_clear_error(case):
    with pytest.raises(geo.InputError, match="not an ISO 8601 date"):
        report_content(case, generated_at="yesterday")


def test_user_text_is_escaped_in_html(payload_case):
    page = geo.report_html(payload_case, generated_at=FIXED)
    assert sum(html.escape(p, quote=True) != p for p in PAYLOADS) >= 3  # most payloads hold markup to escape
    for payload in PAYLOADS:
        escaped = html.escape(payload, quote=True)
        assert escaped in _outer(page)
        if escaped != payload:  # text with nothing to escape (backticks, ${...}) is just text
            assert payload not in page
    assert 'href="javascript' not in page.lower()
    assert html.escape(JAVASCRIPT_URL) in page  # shown as text, not a link
    assert '<a href="https://example.org/a?b=1&amp;c=&quot;2&quot;" rel="noopener noreferrer nofollow"' in page


class _Any:
    def __eq__(self, other: object) -> bool:
        return True


ANY_ALT = _Any()


def _tags(markup: str) -> list[tuple[str, dict[str, str]]]:
    """Every element a browser would build from ``markup``, with its attributes."""
    from html.parser import HTMLParser

    found: list[tuple[str, dict[str, str]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, {k: v or "" for k, v in attrs}))

    Collect().feed(markup)
    return found


def _markdown_links(text: str) -> list[str]:
    return re.findall(r"!\[[^\]]*\]\(<([^>]+)>\)", text)


def test_markdown_references_an_existing_png(case, tmp_path):
    out = tmp_path / "report" / "belgorod.md"
    written = geo.write_report(case, out, generated_at=FIXED)
    assert written == [out, out.with_suffix(".png")]
    text = out.read_text(encoding="utf-8")
    links = _markdown_links(text)
    assert links == ["belgorod.png"]
    image = out.parent / links[0]
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "## Key figures" in text and "**Distance to the Russia–Ukraine border: 35.4 km**" in text
    assert f"version {geo.natural_earth_version()}" in text
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    assert '<img src="belgorod.png"' in rendered
    assert rendered.count("<tr>") == 1 + 1 + 1 + len(report_content(case).claims)  # two headers, 1 incident


def test_markdown_escapes_user_text(payload_case, tmp_path):
    out = tmp_path / "payload.md"
    geo.write_report(payload_case, out, generated_at=FIXED)
    text = out.read_text(encoding="utf-8")
    # Rendered as a permissive renderer would (raw HTML allowed), nothing active comes out...
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    tags = _tags(rendered)
    assert {name for name, _ in tags} <= {"h1", "h2", "h3", "p", "em", "strong", "ul", "ol", "li", "table", "thead",
                                          "tbody", "tr", "th", "td", "img", "a"}
    assert [attrs for name, attrs in tags if name == "img"] == [{"src": "payload.png", "alt": ANY_ALT}]
    assert all(not key.startswith("on") for _, attrs in tags for key in attrs)
    assert all(attrs.get("href", "").startswith("https://") for name, attrs in tags if name == "a")
    # ...and the text reads as typed.
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    for payload in PAYLOADS:
        assert " ".join(payload.split()) in shown


def test_markdown_failure_leaves_no_files(case, tmp_path, monkeypatch):
    real = Path.write_text

    def boom(path, text, *args, **kwargs):  # the disk fills up while the Markdown is written
        if path.suffix == ".md":
            raise OSError("disk full")
        return real(path, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", boom)
    with pytest.raises(OSError):
        geo.write_report(case, tmp_path / "r.md", generated_at=FIXED)
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- CLI

def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_report_html_and_md(tmp_path):
    out = tmp_path / "r.html"
    result = _run("-q", "report", str(SEED), "-o", str(out), "--generated-at", FIXED)
    assert result.exit_code == 0, result.output
    assert "2023-04-21 12:00 UTC" in out.read_text(encoding="utf-8")
    md = tmp_path / "r.txt"
    result = _run("-q", "report", str(SEED), "-o", str(md), "--format", "md", "--generated-at", FIXED)
    assert result.exit_code == 0, result.output
    assert md.read_text(encoding="utf-8").startswith("# Su-34") and (tmp_path / "r.png").exists()


def test_cli_report_bad_time_exits_2_without_output(tmp_path):
    out = tmp_path / "r.html"
    result = _run("report", str(SEED), "-o", str(out), "--generated-at", "soon")
    assert result.exit_code == 2
    assert "--generated-at" in result.output and "2023-04-21T12:00:00Z" in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_cli_report_missing_scenario_exits_2(tmp_path):
    result = _run("report", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 2 and "nope.yaml" in result.output
    assert list(tmp_path.iterdir()) == []


def test_cli_pdf_without_chromium_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(geo.settings, "chromium", tmp_path / "no-such-chromium")  # GEO_CHROMIUM, as read at import
    result = _run("report", str(SEED), "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2
    assert "no Chromium browser was found" in result.output and "apt-get install chromium" in result.output
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- embed

@pytest.fixture(scope="module")
def map_file(case, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("embed") / "belgorod map.html"
    geo.render.webmap.ImpactMap.from_analysis(case).save(path)
    return path


def test_embed_snippet_links_the_map(map_file):
    snippet = geo.embed_snippet(map_file)
    frame = re.search(r"<iframe[^>]*>", snippet).group(0)
    assert 'src="belgorod map.html"' in frame
    assert 'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"' in frame
    assert "allow-same-origin" not in snippet
    assert 'title="Su-34 accidentally drops a bomb on Belgorod"' in frame
    assert "padding-top:62.50%" in snippet  # 16:10, responsive
    url = "https://example.org/maps/belgorod.html?x=1&y=2"
    assert 'src="https://example.org/maps/belgorod.html?x=1&amp;y=2"' in geo.embed_snippet(map_file, url=url)


@pytest.mark.parametrize("url", [JAVASCRIPT_URL, " JavaScript:alert(1)", "data:text/html,<script>1</script>",
                                 "java\tscript:alert(1)"])
def test_embed_refuses_active_urls(map_file, url):
    with pytest.raises(geo.InputError, match="refusing to embed"):
        geo.embed_snippet(map_file, url=url)


def test_embed_inline_and_hostile_title(map_file):
    snippet = geo.embed_snippet(map_file, inline=True, title=PAYLOADS[0])
    assert "<script" not in snippet.lower() and PAYLOADS[0] not in snippet
    srcdoc = re.search(r'srcdoc="([^"]*)"', snippet).group(1)
    assert html.unescape(srcdoc) == map_file.read_text(encoding="utf-8")


def test_embed_rejects_what_is_not_a_map(tmp_path):
    not_html = tmp_path / "data.csv"
    not_html.write_text("lon,lat\n1,2\n", encoding="utf-8")
    with pytest.raises(geo.InputError, match="does not look like an HTML document"):
        geo.embed_snippet(not_html)
    with pytest.raises(geo.InputError, match="map file not found"):
        geo.embed_snippet(tmp_path / "missing.html")


def test_cli_embed(map_file, tmp_path):
    result = _run("embed", str(map_file), "--url", "https://example.org/m.html", "--aspect", "0.75")
    assert result.exit_code == 0
    assert result.output.startswith("<!-- geo map:") and "padding-top:75.00%" in result.output
    result = _run("embed", str(tmp_path / "missing.html"))
    assert result.exit_code == 2 and "map file not found" in result.output and "Traceback" not in result.output
