"""Score ``geo extract`` field by field against the expected answers of the invented articles.

The articles in ``tests/data/articles/`` are invented (each says so in its
first line) and modelled on the wording of real wire reports; their expected
answers are in ``tests/data/articles/expected.yaml``. :func:`score` reads one
extraction the way a reader of the article would check it: the right place
(within 10 km of the expected village or town, or the right region when the
text gives no smaller place), the incident's date, the fatality and injury
ranges, who claimed the fatalities, and that nothing was invented (no
hospital town, background place or dateline as the incident's place, no
border from a dateline). ``benchmarks/extract.py`` prints the same scores as
per-field accuracy.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from geo.geodesy import geodesic_inverse

ARTICLES = Path(__file__).resolve().parent / "data" / "articles"
EXPECTED = ARTICLES / "expected.yaml"

#: The fields scored, in report order.
FIELDS = ("place", "date", "fatalities", "claimant", "injuries", "published", "refusal", "not_invented",
          "borders", "incidents", "page")
#: How far (metres) the located place's gazetteer point may lie from the expected one.
PLACE_TOLERANCE_M = 10_000.0


def load_expected() -> dict[str, dict[str, Any]]:
    """Article file name (relative to the articles folder, without ``.txt``) -> expected answers."""
    # libyaml's loader where PyYAML has it: the same answers, read in a tenth of the time (0.3 s of CPU a test
    # process otherwise)
    return yaml.load(EXPECTED.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def article_path(name: str) -> Path:
    """The file of an article named in ``expected.yaml``."""
    return ARTICLES / name if name.endswith(".html") else ARTICLES / f"{name}.txt"


def extract(name: str, entry: dict[str, Any]):
    """Run the extractor on one article as the CLI would (HTML pages through the page reader)."""
    from geo.input.extract import extract_incident, extract_page

    path = article_path(name)
    text = path.read_text(encoding="utf-8")
    published = entry.get("published")
    if path.suffix == ".html":
        return extract_page(text, published=published, source=str(path))
    return extract_incident(text, published=published, source=str(path))


@functools.cache
def extracted(name: str, published: Any = None):
    """:func:`extract` of one article with the ``published`` date of its expected answers, made once a test
    process for every test file that reads it (tests read the extraction, never change it)."""
    return extract(name, {"published": published})


def fold(text: str | None) -> str:
    """Lower case, no accents or apostrophe-like marks, single spaces: for comparing names."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    for mark in "'`\u2018\u2019\u02bb\u02bc\u02be\u02bf-":
        text = text.replace(mark, " " if mark == "-" else "")
    return " ".join(text.lower().split())


def _distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(geodesic_inverse(a[0], a[1], b[0], b[1])[0])


def _range(claim) -> list[int | None] | None:
    return None if claim is None else [claim.low, claim.high]


def score(found, entry: dict[str, Any]) -> dict[str, tuple[bool | None, str]]:
    """Field -> (right?, what was found); ``None`` when the field is not scored for this article."""
    out: dict[str, tuple[bool | None, str]] = {field: (None, "") for field in FIELDS}
    loc = found.location
    if entry.get("refuse"):
        out["refusal"] = (loc is None, "refused" if loc is None else f"located at {loc.place.name}")
        return out
    out["refusal"] = (loc is not None, "located" if loc is not None else "refused: " + "; ".join(found.notes))
    out["place"] = _place(loc, entry)
    out["not_invented"] = _not_invented(found, entry)
    if entry.get("date") is not None:
        got = found.date.date if found.date else None
        want = dt.date.fromisoformat(str(entry["date"]))
        precision = entry.get("time_precision", "day")
        ok = got == want and found.date.time_precision == precision
        out["date"] = (ok, f"{got} ({found.date.time_precision if found.date else '-'})")
    out["fatalities"] = (_range(found.fatalities) == entry.get("fatalities"), str(_range(found.fatalities)))
    out["injuries"] = (_range(found.injuries) == entry.get("injuries"), str(_range(found.injuries)))
    if entry.get("fatalities") is not None:
        who = found.fatalities.claimant if found.fatalities else None
        want = entry.get("claimant")
        ok = who is None if want is None else fold(want) in fold(who)
        out["claimant"] = (ok, str(who))
    if entry.get("published_in_text"):
        want = dt.date.fromisoformat(str(entry["published_in_text"]))
        out["published"] = (found.published == want, str(found.published))
    want = entry.get("incidents", 1)  # one incident unless the article tells of several
    count = found.incident_count
    out["incidents"] = (count >= 2 if want >= 2 else count == 1, f"{count} {found.incident_places}")
    if "title" in entry or "url" in entry:
        ok = found.title == entry.get("title") and found.url == entry.get("url")
        out["page"] = (ok, f"{found.title!r} {found.url!r}")
    if "borders" in entry and loc is not None:
        from geo.input.extract import draft_scenario

        borders = sorted(draft_scenario(found)["borders"])
        out["borders"] = (borders == sorted(entry["borders"]), str(borders))
    return out


def _place(loc, entry: dict[str, Any]) -> tuple[bool, str]:
    if loc is None:
        return False, "no location"
    where = f"{loc.place.name} ({loc.place.country}), precision {loc.precision}, {loc.description}"
    if loc.place.country != entry["country"]:
        return False, where
    if "region" in entry:
        named = fold(loc.region or loc.place.text)
        return loc.precision == 3 and fold(entry["region"]) in named, where
    point = (loc.place.lon, loc.place.lat)
    near = any(_distance_m(point, tuple(p["at"])) <= PLACE_TOLERANCE_M for p in entry["place"])
    return near and loc.precision <= 2, where


def _not_invented(found, entry: dict[str, Any]) -> tuple[bool, str]:
    """No figure where the article gives none, no background place as the incident's."""
    problems = []
    for kind in ("fatalities", "injuries"):
        if entry.get(kind) is None and getattr(found, kind) is not None:
            problems.append(f"{kind} {getattr(found, kind).text!r} where the article gives none")
    loc = found.location
    if loc is not None:
        banned = {fold(n) for n in entry.get("not_places", [])}
        names = {fold(loc.place.name), fold(loc.place.text)}
        if names & banned:
            problems.append(f"place {loc.place.name!r} is only mentioned in the article")
    return not problems, "; ".join(problems) or "nothing invented"


def summary(rows: dict[str, dict[str, tuple[bool | None, str]]]) -> dict[str, tuple[int, int]]:
    """Field -> (right, scored) over many articles."""
    totals: dict[str, tuple[int, int]] = {}
    for field in FIELDS:
        marks = [r[field][0] for r in rows.values() if r[field][0] is not None]
        totals[field] = (sum(bool(m) for m in marks), len(marks))
    return totals
