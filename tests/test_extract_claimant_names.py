"""Who gave the figure, written as a reader would write it: no clause, outlet or stray word around the name.

The scoring set (``test_extract_scoring``) accepts a claimant that *contains* the expected words; these
invented articles hold the exact claimant, so "Governor Alexander Bogomaz in a" or "Haji Karim." fail.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo.input.extract import extract_incident

ARTICLES = Path(__file__).resolve().parent / "data" / "articles"

CASES = {
    # "confirmed by Governor X in a late-night post on his Telegram channel": the post is not part of the name
    "claimant-late-night-post": ("2025-05-12", "Governor Alexander Bogomaz"),
    # "according to Governor X's urgent Telegram post": the governor, not his post
    "claimant-possessive-post": ("2025-05-13", "Governor Alexander Bogomaz"),
    # "according to the regional administration, Ukrinform reports": the outlet only relays
    "claimant-outlet-after-according": ("2025-05-14", "Kharkiv Regional Military Administration"),
    # "according to rescuers on the ground, per the Associated Press": likewise
    "claimant-per-the-agency": ("2025-05-15", "Rescuers"),
    # "..., said Haji Karim." ends the sentence, not the name
    "claimant-name-ends-sentence": ("2025-05-12", "Haji Karim"),
    # "a farmer in the area who claimed he escaped, said ...": the relative pronoun is not part of who spoke
    "parish-priest-honorific": ("2025-05-13", "John Musa (parish Priest of St. Mary's Outstation)"),
    # "a strike which local health officials say killed nine": the clause's speaker, not the sentence opener
    "relative-clause-officials-say": ("2025-03-04", "Local health officials"),
    # a lead, then a line of its own "Source: Name, Title, on Telegram": the lead's figure is that source's
    "source-line-on-telegram": ("2025-05-12", "Oleksii Marchenko (head of Chernihiv Oblast Military Administration)"),
    # "..., a senior Moscow-installed official said", then the same count quoted from "Ivan Petrenko, the
    # Moscow-installed head of the city said" (no comma before the verb): the official, by name
    "named-speaker-nearly-dozen": ("2025-05-14", "Ivan Petrenko (Moscow-installed head of the city)"),
    # the lead's source gives the paragraph's first figure; the next sentence of the list goes on under it
    "two-towns-deaths-in-second": ("2025-05-10", "Petro Lysenko (head of the Donetsk Oblast Military Administration)"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_claimant_is_exactly_who_spoke(name):
    published, expected = CASES[name]
    text = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    found = extract_incident(text, published=dt.date.fromisoformat(published), source=name)
    assert found.fatalities is not None
    assert found.fatalities.claimant == expected


def test_a_witness_who_claimed_is_listed_without_the_pronoun():
    text = (ARTICLES / "parish-priest-honorific.txt").read_text(encoding="utf-8")
    found = extract_incident(text, published=dt.date(2025, 5, 13), source="parish-priest-honorific")
    names = [who for who, _ in found.claimants]
    assert "Farmer in the area" in names and not any(n.endswith(" who") for n in names)


def test_quoted_words_and_asides_are_not_listed_as_claimants():
    # "We are aware of claims ...", "Although initial reports said ...", "Reuters could not independently verify
    # the reports", "Images posted online showed ...": no one speaking; the ministry and the hospital official are
    text = (ARTICLES / "claimants-not-quoted-words.txt").read_text(encoding="utf-8")
    found = extract_incident(text, published=dt.date(2025, 5, 12), source="claimants-not-quoted-words")
    assert [who for who, _ in found.claimants] == ["Provincial officials", "Defence ministry", "Hospital official"]
