"""Reports over a dataset: totals that match a computation on the file, in HTML, Markdown and PDF."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import geo
from geo.analysis.dataset import summarize_dataset
from geo.input.load import load_events
from geo.input.model import Scenario
from geo.render.report.dataset import dataset_html, dataset_markdown, dataset_report

ROOT = Path(__file__).resolve().parent.parent
UCDP = ROOT.parent / "shared" / "data" / "real" / "ucdp-ged-ukraine.csv"
needs_ucdp = pytest.mark.skipif(not UCDP.exists(), reason="the real UCDP extract (../shared/data/real) is absent")


def _geo(*args: str) -> None:
    """``geo -q ARGS`` in this process (CliRunner): what it writes is tested here, not the process boundary."""
    from click.testing import CliRunner

    from geo.cli.main import cli

    result = CliRunner().invoke(cli, ["-q", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="module")
def ucdp_case():
    with pytest.warns(Warning):  # a few rows have low/best/high out of order: widened, with a warning
        loaded = load_events(UCDP)
    return geo.analyze(Scenario(title="UCDP GED Ukraine", incidents=loaded.incidents))


@needs_ucdp
def test_ucdp_totals_match_pandas_on_the_same_file(ucdp_case):
    raw = pd.read_csv(UCDP)
    summary = summarize_dataset(ucdp_case.incidents, band_labels=list(ucdp_case.bands["label"]))
    t = summary.totals
    # the UCDP profile's claim: low = min(low, best), high = max(high, best) (the codebook's order restored)
    low = np.minimum(raw["low"], raw["best"])
    high = np.maximum(raw["high"], raw["best"])
    assert t["events"] == len(raw) == 3_077
    assert t["fatalities_low"] == int(low.sum())
    assert t["fatalities_high"] == int(high.sum())
    assert t["first_date"] == pd.Timestamp(raw["date_start"].min()[:10])
    assert t["last_date"] == pd.Timestamp(raw["date_start"].max()[:10])
    # by month
    month = pd.to_datetime(raw["date_start"].str[:10]).dt.to_period("M")
    expected = month.value_counts()
    series = summary.series.set_index(summary.series["period_start"].dt.to_period("M"))
    assert summary.period == "month"
    assert series["events"].sum() == len(raw)
    assert all(series.loc[p, "events"] == n for p, n in expected.items())
    assert all(series.loc[p, "fatalities_low"] == low[month == p].sum() for p in expected.index[:12])
    # by type of violence
    types = raw["type_of_violence"].map({1: "state-based conflict", 2: "non-state conflict", 3: "one-sided violence"})
    assert dict(zip(summary.by_type["event_type"], summary.by_type["events"], strict=True)) == types.value_counts().to_dict()
    # where_prec 1-2 are located near a named place (precision 2), 3-7 to a region or wider (3)
    shares = dict(zip(summary.precision["precision"], summary.precision["events"], strict=True))
    assert shares[2] == int(raw["where_prec"].isin([1, 2]).sum())
    assert shares[3] == int(raw["where_prec"].isin([3, 4, 5, 6, 7]).sum())
    # the most lethal first
    top = summary.most_lethal
    assert top["fatalities_low"].iloc[0] == int(low.max())
    assert top["fatalities_low"].is_monotonic_decreasing
    # region x band: every event in exactly one cell
    assert summary.by_region_band["total"].sum() == len(raw)
    assert summary.sides["events"].sum() == len(raw)
    # regions come from geo's admin-1 outlines wherever a point lies on land, not only where the file
    # names one (229 rows have no adm_1): 'region unknown' is the point at sea alone
    inc = ucdp_case.incidents.reset_index(drop=True)
    assert inc["id"].astype(str).tolist() == raw["id"].astype(str).tolist()
    table = summary.by_region_band
    unknown = int(table.loc["region unknown", "total"]) if "region unknown" in table.index else 0
    assert unknown == int(inc["region"].isna().sum()) == int(inc["country"].isna().sum()) <= 2
    assert table.loc["Donetsk Oblast", "total"] == int((inc["region"] == "Donetsk Oblast").sum())
    named = raw["adm_1"].notna()
    given = raw["adm_1"].str.lower().str.replace(" oblast", "").replace("kiev special republican city", "kyiv")
    found = inc["region"].str.lower().str.replace(" oblast", "")
    assert (given[named] == found[named]).mean() > 0.99  # the file's own adm_1 where it gives one
    # side of the border: the side distance_to_border decides (border_side), with the uncertain ones counted
    for row in summary.sides.itertuples(index=False):
        mine = (inc["border_countries"] == row.border) & (
            (inc["border_side"] == row.side) if row.side is not None else inc["border_side"].isna())
        assert row.events == int(mine.sum())
        unsure = int(inc.loc[mine, "border_side_uncertain"].fillna(False).astype(bool).sum())
        assert row.uncertain == (unsure if row.side is not None else 0)
        assert row.fatalities_low == int(low[mine.to_numpy()].sum())
    sides = summary.sides.set_index(["border", "side"])
    assert sides.loc[("RUS-UKR", "UKR"), "uncertain"] > 0  # some events lie within 2 km of the line
    assert sides.loc[("RUS-UKR", "RUS"), "events"] == int((inc["border_side"] == "RUS").sum()) > 0


@needs_ucdp
@pytest.mark.browser
def test_ucdp_report_opens_offline_and_states_the_totals(ucdp_case, tmp_path):
    from browser import offline_browser

    report = dataset_report(ucdp_case, generated_at="2024-01-01T00:00:00Z", map_png=b"\x89PNG\r\n\x1a\n")
    page = tmp_path / "ucdp.html"
    page.write_text(dataset_html(report), encoding="utf-8")
    raw = pd.read_csv(UCDP)
    low, high = np.minimum(raw["low"], raw["best"]).sum(), np.maximum(raw["high"], raw["best"]).sum()
    with offline_browser() as browser:
        view = browser.open(page)
        text = view.inner_text("#totals")
        assert f"{len(raw):,}" in text and f"{low:,}–{high:,}" in text
        charts = view.evaluate("Array.from(document.querySelectorAll('figure.chart img')).map(i => i.naturalWidth)")
        assert len(charts) == 3 and all(w > 300 for w in charts)  # the PNGs decode
        assert browser.blocked == [] and browser.page_errors == [] and browser.console_errors == []
    markdown = dataset_markdown(report, images={"series": "s.png", "types": "t.png", "precision": "p.png"})
    assert f"**Events:** {len(raw):,}" in markdown and "![Over time, by month](s.png)" in markdown


def test_dataset_report_cli_html_md_and_escaping(tmp_path):
    rng = np.random.default_rng(4)
    n = 60
    frame = pd.DataFrame({
        "id": [f"e{i}" for i in range(n)],
        "date": (pd.Timestamp("2023-03-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D")).strftime("%Y-%m-%d"),
        "event_type": rng.choice(["shelling", "<script>alert(1)</script>", "=HYPERLINK(\"x\")"], n),
        "location_precision": rng.choice([1, 2, 3], n),
        "fatalities_low": rng.integers(0, 5, n),
        "fatalities_source": "Ministry | of *Defence*",
        "lon": rng.uniform(36.0, 38.0, n), "lat": rng.uniform(49.0, 50.5, n)})
    events = tmp_path / "events.csv"
    frame.to_csv(events, index=False)
    out = tmp_path / "report.html"
    _geo("report", str(events), "--border", "RUS-UKR", "-o", str(out), "--generated-at", "2024-01-01T00:00:00Z")
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Dataset report" in page and f"{int(frame['fatalities_low'].sum()):,}" in page
    assert re.search(r"Over time, by week", page)  # 90 days: weekly
    # no admin-1 column in the file: every event still gets its region from geo's outlines, and its side
    assert "region unknown" not in page and "Kharkiv Oblast" in page
    sides = re.search(r'id="sides".*?</table>', page, re.S).group(0)
    assert "RUS-UKR" in sides and "Near the line" in sides
    md = tmp_path / "report.md"
    _geo("report", str(events), "-o", str(md), "--generated-at", "2024-01-01T00:00:00Z")
    for key in ("series", "types", "precision", "map"):
        assert (tmp_path / f"report-{key}.png").read_bytes().startswith(b"\x89PNG")
    text = md.read_text(encoding="utf-8")
    assert "![Events by type" not in text and "(report-types.png)" in text
    # the same inputs give the same bytes, in another process too (the real command: exit 0, nothing on stderr)
    first = {p.name: p.read_bytes() for p in tmp_path.glob("report*")}
    run = subprocess.run([sys.executable, "-m", "geo", "-q", "report", str(events), "-o", str(md),
                          "--generated-at", "2024-01-01T00:00:00Z"], capture_output=True, text=True)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.glob("report*")} == first


def test_markdown_dataset_report_is_all_or_nothing(tmp_path, monkeypatch):
    """A failure while writing the Markdown leaves the previous report and every previous image as they were."""
    import geo.render.report.dataset as dataset

    rng = np.random.default_rng(7)
    n = 30
    incidents = geo.validate_incidents(geo.read_table(_events_csv(tmp_path, rng, n)))
    case = geo.analyze(Scenario(title="Many events", incidents=incidents))
    md = tmp_path / "report.md"
    written = dataset.write_dataset_report(case, md)
    before = {path.name: path.read_bytes() for path in written}
    assert md.name in before and len(before) >= 2

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(dataset, "dataset_markdown", full_disk)
    with pytest.raises(OSError):
        dataset.write_dataset_report(case, md)
    assert {path.name: path.read_bytes() for path in written} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "events.csv"])  # no temporary left


def _events_csv(tmp_path: Path, rng: np.random.Generator, n: int) -> Path:
    frame = pd.DataFrame({
        "id": [f"e{i}" for i in range(n)],
        "date": (pd.Timestamp("2023-03-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D")).strftime("%Y-%m-%d"),
        "event_type": rng.choice(["shelling", "air strike"], n),
        "fatalities_low": rng.integers(0, 5, n),
        "lon": rng.uniform(36.0, 38.0, n), "lat": rng.uniform(49.0, 50.5, n)})
    path = tmp_path / "events.csv"
    frame.to_csv(path, index=False)
    return path


def test_one_incident_keeps_the_case_report(tmp_path):
    out = tmp_path / "case.html"
    seed = ROOT / "seeds" / "belgorod-2023-04-20.yaml"
    _geo("report", str(seed), "-o", str(out), "--generated-at", "2024-01-01T00:00:00Z")
    page = out.read_text(encoding="utf-8")
    assert "Incident report" in page and "Dataset report" not in page
