"""Article text: comment lines, headline, sentences with offsets, number words.

The extractor matches on a *normalised* copy of the article (curly quotes
and dashes made straight, comment lines blanked) that keeps every character
at its original offset, so evidence is always cut from the article as
written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__: list[str] = []

# One character for one character, so offsets stay valid.
_STRAIGHTEN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                             "\u2014": "-", "\u00a0": " ", "\u2032": "'"})

# Words that end in a period without ending a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "maj", "st", "no", "nos", "vs", "etc", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gov", "rep", "sen",
    "adm", "brig", "cpl", "pvt", "prof", "mt", "ft", "ave", "rev", "fr", "revd", "msgr", "supt", "insp", "u.s", "u.n", "u.k", "e.g", "i.e", "a.m", "p.m",
}

# "Updated: 3 March 2024", "Published Monday, ...", not "UPDATED: Russian attack on X kills 1" (a headline's label)
_DATE_LINE = re.compile(r"(?i:published|updated|posted|dated?)\b\s*(?::|on\b)?\s*(?:\d|(?i:jan|feb|mar|apr|may|jun|jul|"
                        r"aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|today|yesterday|last|on\b|at\b|\d)|$)")
# The date-line part of "Published 2023-07-20. A drone hit ...": the article goes on after it.
_DATE_LINE_PREFIX = re.compile(
    r"\s*(?i:published|updated|posted|dated?)\b\s*(?::|on\b)?\s*(?:[A-Z][a-z]{2,8},?\s+)?"
    r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Z][a-z]+\.?,?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|GMT|UTC|BST|CET|EET|MSK))?)?\s*[.,;|:-]?\s+(?=\S)")
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9\u0400-\u04ff])")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article.

    Attributes
    ----------
    index:
        Position among the article's sentences, from 0.
    text:
        The sentence as written in the article (the evidence).
    norm:
        The same characters with quotes and dashes straightened (for matching).
    start, end:
        Character offsets in the article.
    paragraph:
        Paragraph number, from 0.
    headline:
        True for a headline line (a first line without final punctuation).
    """

    index: int
    text: str
    norm: str
    start: int
    end: int
    paragraph: int
    headline: bool = False


@dataclass(frozen=True)
class Article:
    """An article split for extraction: its sentences and comment lines."""

    text: str
    norm: str
    sentences: tuple[Sentence, ...]
    comments: tuple[str, ...]
    head_lines: tuple[str, ...]

    @property
    def body(self) -> tuple[Sentence, ...]:
        """Sentences without the headline."""
        return tuple(s for s in self.sentences if not s.headline)


def read_article(text: str) -> Article:
    """Split ``text`` into sentences; lines starting with ``#`` are notes about the file.

    Notes (such as provenance headers) are kept aside: they are searched
    for a publication date but never for places or claims.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = " " + text[1:]
    norm = text.translate(_STRAIGHTEN)
    comments: list[str] = []
    lines = norm.split("\n")
    blanked: list[str] = []
    for line in lines:
        if line.lstrip().startswith("#"):
            comments.append(line.lstrip()[1:].strip())
            blanked.append(" " * len(line))
        else:
            blanked.append(line)
    norm = "\n".join(blanked)
    head_lines = tuple(line.strip() for line in blanked if line.strip())[:4]
    return Article(text=text, norm=norm, sentences=tuple(_sentences(text, norm)), comments=tuple(comments),
                   head_lines=head_lines)


def _paragraphs(norm: str) -> list[tuple[int, int]]:
    """(start, end) of each run of text between blank lines."""
    spans, start = [], 0
    for gap in re.finditer(r"\n[ \t]*\n", norm):
        if norm[start:gap.start()].strip():
            spans.append((start, gap.start()))
        start = gap.end()
    if norm[start:].strip():
        spans.append((start, len(norm)))
    return spans


def _sentences(text: str, norm: str) -> list[Sentence]:
    out: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(_paragraphs(norm)):
        chunk = norm[p_start:p_end]
        if _DATE_LINE.match(chunk.strip()) and "\n" not in chunk.strip():
            prefix = _DATE_LINE_PREFIX.match(chunk)
            if prefix is None or len(chunk[prefix.end():].split()) < 4:
                continue  # "Published: 3 March 2024" is about the article, not in it
            p_start += prefix.end()  # "Published 2023-07-20. A drone hit ...": the article follows
            chunk = norm[p_start:p_end]
        if number == 0 and _is_headline(chunk):
            out.append(_make(out, text, norm, p_start, p_end, number, headline=True))
            continue
        for l_start, l_end in _lines(chunk):
            if number == 0 and not out and l_end < len(chunk) and _is_headline(chunk[l_start:l_end]):
                # "Two civilians killed\nTwo civilians were killed ...": a headline line above the text
                out.append(_make(out, text, norm, p_start + l_start, p_start + l_end, number, headline=True))
                continue
            _split(out, text, norm, p_start + l_start, p_start + l_end, number)
    return [s for s in out if s.text]


def _lines(chunk: str) -> list[tuple[int, int]]:
    """Spans of a paragraph split where a line ends without punctuation and the next starts a sentence.

    Pasted web text keeps headlines and subheadings on lines of their own,
    with no full stop: they are not part of the sentence below them.
    """
    spans, start = [], 0
    for newline in re.finditer(r"\n", chunk):
        line = chunk[start:newline.start()].strip()
        if line and not re.search(r"[.!?:;,\"')\u201d\u2019-]$", line) and re.match(r"\s*[\"\u201c]?[A-Z0-9]",
                                                                                 chunk[newline.end():]):
            spans.append((start, newline.start()))
            start = newline.end()
    spans.append((start, len(chunk)))
    return spans


def _split(out: list[Sentence], text: str, norm: str, start: int, end: int, number: int) -> None:
    chunk = norm[start:end]
    cut = 0
    for match in _BOUNDARY.finditer(chunk):
        if _abbreviation_before(chunk, match.start()):
            continue
        out.append(_make(out, text, norm, start + cut, start + match.end(), number))
        cut = match.end()
    if chunk[cut:].strip():
        out.append(_make(out, text, norm, start + cut, end, number))


def _make(out: list[Sentence], text: str, norm: str, start: int, end: int, paragraph: int, *,
          headline: bool = False) -> Sentence:
    # Trim whitespace but keep offsets exact.
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    flat = re.sub(r"\s+", " ", text[start:end])
    flat_norm = re.sub(r"\s+", " ", norm[start:end])
    return Sentence(len(out), flat, flat_norm, start, end, paragraph, headline)


def _is_headline(chunk: str) -> bool:
    line = chunk.strip()
    return "\n" not in line and len(line) <= 160 and not re.search(r"[.!?:\"')]$", line) and len(line.split()) >= 3


def _abbreviation_before(chunk: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", chunk[:dot])
    if not word:
        return False
    token = word.group(1).strip(".").lower()
    if token in _ABBREVIATIONS:
        return True
    return len(token) == 1 and chunk[dot - 1].isupper()  # an initial, as in "John F. Kennedy"


_UNITS = {"zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
          "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}

#: A regular expression matching a number written in digits or words up to 99.
NUMBER = (r"(?:\d{1,3}(?:,\d{3})+|\d+|(?:" + "|".join(sorted(_TENS, key=len, reverse=True)) + r")(?:[- ](?:"
          + "|".join(k for k in _UNITS if k not in {"zero", "no", "a", "an"}) + r"))?|"
          + "|".join(sorted((k for k in _UNITS if k not in {"no", "a", "an"}), key=len, reverse=True)) + r")")


def parse_number(word: str) -> int | None:
    """``"12"``, ``"1,200"``, ``"twelve"``, ``"twenty-one"`` as an int; None if not a number."""
    word = word.strip().lower()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", word):
        return int(word.replace(",", ""))
    if word in _UNITS:
        return _UNITS[word]
    parts = re.split(r"[- ]", word)
    if parts[0] in _TENS:
        if len(parts) == 1:
            return _TENS[parts[0]]
        if len(parts) == 2 and parts[1] in _UNITS and 0 < _UNITS[parts[1]] < 10:
            return _TENS[parts[0]] + _UNITS[parts[1]]
    return None
