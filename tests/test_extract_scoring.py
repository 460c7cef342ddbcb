"""``geo extract`` on the invented articles modelled on real reporting: every field of every article.

Each article in ``tests/data/articles/expected.yaml`` is scored field by
field (see ``tests/extract_scoring.py``); a test per article and field so a
failure names both. The set itself is checked too: at least 40 articles,
every failure kind of the issue covered several times, stories from the
Russia-Ukraine border and from other conflicts.
"""

from __future__ import annotations

import collections
import functools
from pathlib import Path

import pytest
from click.testing import CliRunner
from extract_scoring import article_path, extracted, load_expected, score

from geo.cli.main import cli

EXPECTED = load_expected()
NAMES = sorted(EXPECTED)

#: The failure kinds of the issue, each to be exercised by several articles.
KINDS = {
    "hospital-town", "background-attack", "source-name", "region-phrasing", "region-same-name-abroad",
    "transliteration", "village", "two-villages-abroad", "photo-caption-date", "other-day-toll", "older-total",
    "another-strike", "casualty-phrasing", "headline-figure", "claimant-after-figure", "claimant-pronoun",
    "relaying-agency", "claimant-weekday", "date-overnight", "date-this-morning", "date-today", "date-late-on",
    "published-line", "dateline", "several-incidents", "html", "refusal",
}


def _found(name: str):
    """``extract`` of one article, made once for every test of this file and of test_extract_villages (which
    tests/conftest.py runs in the same test process)."""
    return extracted(name, EXPECTED[name].get("published"))


@functools.cache
def _scored(name: str) -> dict:
    return score(_found(name), EXPECTED[name])


def test_the_set_is_big_and_invented_and_covers_every_kind():
    assert len(NAMES) >= 40
    for name in NAMES:
        head = article_path(name).read_text(encoding="utf-8").lstrip().splitlines()[:2]
        assert "Invented" in " ".join(head), name
    counts = collections.Counter(kind for entry in EXPECTED.values() for kind in entry["kinds"])
    assert set(counts) >= KINDS
    # Several articles per kind, except the rarer ones the issue names once.
    rare = {"two-villages-abroad", "headline-figure", "photo-caption-date", "claimant-weekday", "published-line",
            "claimant-pronoun", "date-today"}
    assert all(counts[kind] >= 2 for kind in KINDS - rare), counts
    border = sum("ru-border" in e["kinds"] or "ua-border" in e["kinds"] for e in EXPECTED.values())
    assert border >= 12 and len(NAMES) - border >= 20
    listed = {p.name for p in Path(article_path(NAMES[0])).parent.glob("*.txt")}
    assert {f"{n}.txt" for n in NAMES if not n.endswith(".html")} <= listed


def _fields(entry: dict) -> list[str]:
    """The fields scored for an article (see ``extract_scoring.score``)."""
    if entry.get("refuse"):
        return ["refusal"]
    out = ["place", "refusal", "not_invented", "fatalities", "injuries", "incidents"]
    out += ["date"] if entry.get("date") is not None else []
    out += ["claimant"] if entry.get("fatalities") is not None else []
    out += ["published"] if entry.get("published_in_text") else []
    out += [f for f, key in (("borders", "borders"), ("page", "title")) if key in entry]
    return out


@pytest.mark.parametrize(("name", "field"), [(n, f) for n in NAMES for f in _fields(EXPECTED[n])])
def test_field(name, field):
    right, found = _scored(name)[field]
    assert right, f"{name}: {field} was {found}"


@pytest.mark.parametrize("name", [n for n in NAMES if EXPECTED[n].get("refuse")])
def test_refusal_exits_2_without_a_file(name, tmp_path):
    out = tmp_path / "case.yaml"
    args = ["extract", str(article_path(name)), "-o", str(out), "--published", str(EXPECTED[name]["published"])]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "no usable location" in result.output
    assert not out.exists()


@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith(".html")])
def test_saved_page_through_the_cli_records_title_date_and_url(name, tmp_path):
    import yaml

    out = tmp_path / "case.yaml"
    result = CliRunner().invoke(cli, ["extract", str(article_path(name)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    entry = EXPECTED[name]
    assert draft["title"] == entry["title"]
    assert str(draft["published"]) == str(entry["published_in_text"])
    page = draft["sources"][0]
    assert page["url"] == entry["url"]
    assert "<" not in draft["summary"]  # text, not markup


def test_every_evidence_sentence_is_in_its_article():
    from geo.input.extract import draft_scenario

    checked = dict.fromkeys(("location", "date", "fatalities", "injuries"), 0)
    for name in NAMES:
        entry = EXPECTED[name]
        if entry.get("refuse") or name.endswith(".html"):
            continue
        found = _found(name)
        flat = " ".join(article_path(name).read_text(encoding="utf-8").split())
        incident = draft_scenario(found)["incidents"][0]
        for key in ("location", "date"):
            if key in incident["evidence"]:
                assert " ".join(incident["evidence"][key].split()) in flat, (name, key)
                checked[key] += 1
        for kind in ("fatalities", "injuries"):
            if kind in incident:
                assert " ".join(incident[kind]["evidence"].split()) in flat, (name, kind)
                checked[kind] += 1
    # Most articles give a place, a date and a figure: the loop above must have checked each kind of evidence.
    assert min(checked.values()) >= 3, checked


def test_incident_places_are_names_the_article_gives():
    """The incidents an article tells of are listed by their names in the text, never by a gazetteer row number."""
    listed = 0
    for name in NAMES:
        entry = EXPECTED[name]
        if entry.get("refuse"):
            continue
        found = _found(name)
        for place in found.incident_places:
            assert not place.isdigit(), (name, found.incident_places)
        listed += len(found.incident_places)
        text = article_path(name).read_text(encoding="utf-8")
        if found.incident_count > 1:
            assert found.incident_places[0] in text or found.incident_places[0] == found.location.place.text, name
    assert listed >= len(NAMES) // 2
