"""Scenarios for the report and static-map tests, written as a user would write the YAML.

``PAYLOADS`` is a corpus of hostile text: each must appear in a report as
typed and never run. It goes into every free-text field of a scenario.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from geo.input.scenario import parse_scenario

SEED = Path(__file__).resolve().parents[1] / "seeds" / "belgorod-2023-04-20.yaml"
#: The Belgorod case in the one-claim form (each figure one claim relayed by the seed article).
ONE_CLAIM = Path(__file__).resolve().parent / "data" / "scenarios" / "belgorod-one-claim.yaml"

PAYLOADS = [
    "<img src=x onerror=\"window.__pwned=1;alert(1)\">",
    "</script><script>window.__pwned=2</script>",
    "\"'><svg onload=window.__pwned=3>",
    "${window.__pwned=4} `backticks` {{7*7}}",
    "</iframe><iframe srcdoc=\"<script>parent.__pwned=5</script>\">",
    "| cell | [link](javascript:alert(6)) **bold** <b>x</b>",
]
JAVASCRIPT_URL = "javascript:window.__pwned=7"


def seed_data() -> dict[str, Any]:
    """The Belgorod seed as a mapping, to vary in tests."""
    return yaml.safe_load(SEED.read_text(encoding="utf-8"))


def scenario_from(data: dict[str, Any], *, name: str = "case.yaml"):
    return parse_scenario(data, source=name, base=SEED.parent)


def payload_data() -> dict[str, Any]:
    """The Belgorod case with a hostile payload in every free-text field and a javascript: source URL."""
    data = seed_data()
    p = PAYLOADS
    data["title"] = f"Title {p[0]}"
    data["summary"] = f"Summary {p[1]} {p[3]}"
    data["caveats"] = [f"Caveat {p[2]}", f"Caveat {p[5]}"]
    data["sources"] = [
        {"id": "article", "name": f"Source {p[4]}", "url": JAVASCRIPT_URL, "published": "2023-04-21",
         "note": f"note {p[0]}"},
        {"id": "mod", "name": f"Ministry {p[2]}", "url": "https://example.org/a?b=1&c=\"2\"", "published": "2023-04-21"},
    ]
    inc = data["incidents"][0]
    inc["id"] = "inc-1"
    inc["location"] = f"Location {p[0]}"
    inc["event_type"] = f"Event {p[1]}"
    inc["notes"] = f"Notes {p[3]}"
    inc["actors"] = [f"Actor {p[5]}"]
    inc["fatalities"] = {"low": 12, "text": f"Killed {p[2]}", "source": f"Claimant {p[0]}"}
    inc["injuries"] = {"low": 24, "high": 99, "text": f"Injured {p[3]}", "source": f"Claimant {p[4]}"}
    data["damage"] = [
        {"id": "d1", "incident": "inc-1", "kind": f"Kind {p[5]}", "severity": "unknown",
         "description": f"Damage {p[1]}", "source": "article"},
        {"id": "d2", "incident": "inc-1", "kind": "crater", "severity": "severe",
         "description": f"Located {p[0]}", "source": "mod", "circle": {"radius_m": 40}},
    ]
    return data


def damage_data() -> dict[str, Any]:
    """The Belgorod case with one damage area drawn as a 300 m circle and one reported only."""
    data = seed_data()
    data["damage"] = [
        {"id": "block", "incident": "belgorod-2023-04-20", "kind": "buildings", "severity": "severe",
         "description": "apartment block damaged", "source": "article", "circle": {"radius_m": 300}},
        {"id": "power", "incident": "belgorod-2023-04-20", "kind": "power supply", "severity": "unknown",
         "description": "power cut", "source": "article"},
    ]
    return data
