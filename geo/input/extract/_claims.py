"""Casualty claims: figures as ranges, each with its claimant.

Casualty wording becomes a range (see :data:`VAGUE_QUANTITIES`): "at least
12" is low 12 with no high; "dozens" is 24–99. Each figure is attributed to
whoever the sentence says said it ("..., the Russian Defense Ministry said");
"the ministry" later in the text is taken to be the ministry named before.
A figure nobody is said to have given is kept but marked uncertain.
"""

from __future__ import annotations

import re

from geo.input.extract._model import Claim
from geo.input.extract._text import NUMBER, Article, Sentence, parse_number

__all__ = ["VAGUE_QUANTITIES", "find_claims", "claimant"]

#: Vague quantities as (low, high). "Dozens" is at least two dozen and fewer
#: than would be called "hundreds"; the same reasoning gives the others.
VAGUE_QUANTITIES: dict[str, tuple[int, int | None]] = {
    "a dozen": (12, 12), "dozens": (24, 99), "several dozen": (24, 99), "scores": (40, 99),
    "hundreds": (200, 999), "several hundred": (200, 999), "thousands": (2000, 9999),
    "several thousand": (2000, 9999), "several": (3, 9), "a few": (2, 5), "a handful": (2, 5),
    "a number": (2, None), "many": (2, None), "numerous": (2, None),
}

_PEOPLE = (r"(?:(?:more|other|further|additional)\s+)?(?:(?:[a-z]+\s+){0,2}(?:people|persons?|civilians?|residents?|"
           r"children|child|women|woman|men|man|soldiers?|servicemen|troops|police(?:men|officers)?|officers?|"
           r"fighters?|militants?|workers?|passengers?|pilots?|crew(?: members)?|members?|students?|pupils?|"
           r"villagers?|victims?|bystanders?|others?|more))?")
_VAGUE = "|".join(re.escape(k) for k in sorted(VAGUE_QUANTITIES, key=len, reverse=True))
_QTY = (r"(?P<mod>at least|more than|over|nearly|almost|about|around|some|approximately|up to|as many as|roughly|"
        r"no fewer than|no less than|fewer than|less than|an estimated|a total of|a further)?\s*"
        r"(?P<num>between\s+" + NUMBER + r"\s+and\s+" + NUMBER + r"|" + NUMBER + r"\s*(?:to|-|or)\s*" + NUMBER
        + r"|" + _VAGUE + r"|" + NUMBER + r"|a|an|one)\b(?:\s+of\s+(?:them|whom))?")
_KILL = r"(?:killed|killing|kills|dead|died|dying|deaths?|lost their lives|fatalities|perished)"
_HURT = r"(?:injured|injuring|injures|injuries|wounded|wounding|hurt|hospitali[sz]ed|casualties)"
_CASUALTY_PATTERNS = [
    # "killing at least 12 people and injuring dozens more"
    re.compile(r"\b(?P<verb>killing|killed|kills|injuring|injured|wounding|wounded|left|leaving)\s+" + _QTY
               + r"\s*" + _PEOPLE + r"(?:\s+(?P<state>dead|injured|wounded|hurt))?", re.I),
    # "12 people were killed", "dozens more injured", "three soldiers died"
    re.compile(_QTY + r"\s*" + _PEOPLE + r"\s+(?:(?:were|was|have been|had been|are|is|being|reportedly|also|"
               r"later|)\s*)*(?P<verb>" + _KILL + "|" + _HURT + r")\b", re.I),
    # "the death toll rose to 14"
    re.compile(r"\b(?P<verb>death toll|toll)\b[^.;]{0,30}?\b(?:rose|climbed|increased|stood|reached|stands|is|was|"
               r"of|to|at)\s+(?:to\s+|at\s+)?" + _QTY, re.I),
]
_NONE = [
    (re.compile(r"\bno(?:body| one|\s+people|\s+civilians|\s+person)\s+(?:was|were|had been|has been|have been)\s+"
                r"(?:reported\s+)?(?P<verb>killed|hurt|injured|wounded)", re.I), None),
    (re.compile(r"\bno\s+(?:(?:immediate|reported)\s+)?(?P<verb>casualties|deaths|fatalities|injuries)\b", re.I), None),
]
_SPEECH = r"(?:said|says|reported|reports|announced|stated|claimed|claims|confirmed|told|wrote|posted|added)"
_ATTRIBUTION = [
    re.compile(r"\baccording to (?P<who>[^,.;]+?)(?:,\s*(?P<appos>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3}),|,|\.|;|$)",
               re.I),
    re.compile(r"(?:^|[,;:]\s*|\"\s*|\band\s+)(?P<who>(?:the\s+)?[\w'.-]+(?:\s+[\w'.-]+){0,7}?)\s+" + _SPEECH + r"\b"),
    re.compile(r"\b" + _SPEECH + r"\s+(?P<who>(?:the\s+)?[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,5})"),
]
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "who", "which", "that", "officials", "authorities"}
_NOT_CLAIMANT = re.compile(r"^(?:it|this|that|there|he|she|they|we|i|you|one|analysts? have|media|reports?)$|"
                           r"^no\b|\b(?:has|have|had|was|were|is|are)$", re.I)


def _range(mod: str | None, num: str) -> tuple[int | None, int | None, bool]:
    """(low, high, approximate) from a modifier and a quantity."""
    mod = (mod or "").lower().strip()
    num = num.lower().strip()
    if num in VAGUE_QUANTITIES:
        low, high = VAGUE_QUANTITIES[num]
        return low, high, False
    pair = re.fullmatch(r"(?:between\s+)?(.+?)\s*(?:to|-|or|and)\s*(.+)", num)
    if pair and parse_number(pair.group(1)) is not None and parse_number(pair.group(2)) is not None:
        low, high = sorted((parse_number(pair.group(1)), parse_number(pair.group(2))))
        return low, high, False
    value = parse_number(num)
    if value is None:
        value = 1 if num in ("a", "an", "one") else None
    if value is None:
        return None, None, True
    if mod in ("at least", "no fewer than", "no less than", "a total of"):
        return value, None, False
    if mod in ("more than", "over"):
        return value + 1, None, False
    if mod in ("up to", "as many as", "fewer than", "less than"):
        return None, value if mod not in ("fewer than", "less than") else value - 1, False
    if mod in ("nearly", "almost"):
        return None, value, True
    if mod in ("about", "around", "some", "approximately", "roughly", "an estimated"):
        return value, value, True
    return value, value, False


def find_claims(article: Article) -> tuple[list[Claim], list[tuple[str, str]]]:
    """Every casualty figure with its claimant, and the claimants in order of first appearance."""
    claims: list[Claim] = []
    claimants: list[tuple[str, str]] = []
    known: list[str] = []
    for sentence in article.body:
        who = claimant(sentence, known)
        if who and who not in known:
            known.append(who)
            claimants.append((who, sentence.text))
        for kind, low, high, text, approx in _casualties(sentence):
            reasons = []
            if approx:
                reasons.append(f"approximate wording {text!r}")
            if who is None:
                reasons.append("the article does not say who gave this figure")
            claims.append(Claim(kind, low, high, text, who, sentence.text, sentence.index, bool(reasons),
                                "; ".join(reasons)))
    return claims, claimants


def _casualties(sentence: Sentence) -> list[tuple[str, int | None, int | None, str, bool]]:
    out = []
    taken: list[tuple[int, int]] = []
    text = sentence.norm
    for pattern, _ in _NONE:
        for match in pattern.finditer(text):
            verb = match.group("verb").lower()
            kinds = {"killed": ["fatalities"], "deaths": ["fatalities"], "fatalities": ["fatalities"],
                     "casualties": ["fatalities", "injuries"]}.get(verb, ["injuries"])
            taken.append((match.start(), match.end()))
            out.extend((kind, 0, 0, _tidy(match.group()), False) for kind in kinds)
    for pattern in _CASUALTY_PATTERNS:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            verb = (match.group("state") if "state" in match.groupdict() and match.group("state")
                    else match.group("verb")).lower()
            if verb in ("left", "leaving"):
                continue  # "left 5 dead" without a state word is not a casualty figure
            kind = "fatalities" if re.fullmatch(_KILL + "|death toll|toll", verb) else "injuries"
            low, high, approx = _range(match.group("mod"), match.group("num"))
            if low is None and high is None:
                continue
            taken.append((match.start(), match.end()))
            out.append((kind, low, high, _tidy(match.group()), approx))
    return out


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,.")


def claimant(sentence: Sentence, known: list[str]) -> str | None:
    """Who the sentence attributes its statement to, or None."""
    text = sentence.norm
    for pattern in _ATTRIBUTION:
        for match in pattern.finditer(text):
            if re.match(r"\s*(?:responsibility|credit)\b", text[match.end():]):
                continue  # "claimed responsibility" is not a statement of fact
            who = _clean_claimant(match.group("who"))
            appos = match.groupdict().get("appos")
            if who and appos and who.lower().split()[0] in ("his", "her", "their", "its", "a", "the"):
                return f"{appos} ({' '.join(who.split()[1:])})"  # "his spokesman, Dmitry Peskov"
            if not who:
                continue
            if who.lower() in _PRONOUNS or who.lower().startswith(("his ", "her ", "their ", "its ")):
                resolved = _resolve(who, known)
                if resolved:
                    return resolved
                if who.lower() in _PRONOUNS:
                    continue
            return _resolve(who, known) or who
    return None


def _clean_claimant(who: str) -> str | None:
    who = re.sub(r"\s+", " ", who).strip(" ,\"'")
    who = re.sub(r"^(?:and|but|while|as)\s+", "", who, flags=re.I)
    # "..., which borders Ukraine, the ministry" -> keep the last clause only
    who = re.split(r",\s*", who)[-1]
    who = re.sub(r"\s+(?:on|in|late|early|earlier|later)\s+.*$", "", who)
    who = re.sub(r"^(?:the|a|an)\s+", "", who, flags=re.I)
    if not who or _NOT_CLAIMANT.match(who) or len(who.split()) > 7:
        return None
    if who.split()[0].lower() in ("a", "an", "this", "that", "it", "which") and len(who.split()) < 2:
        return None
    return who[0].upper() + who[1:]


def _resolve(who: str, known: list[str]) -> str | None:
    """ "the ministry" -> the ministry named before; "he" -> the last claimant."""
    words = who.lower().split()
    if words[0] in _PRONOUNS or words[0] in ("his", "her", "their", "its"):
        return known[-1] if known and words[0] in ("he", "she", "they", "it") else None
    head = words[-1]
    for name in reversed(known):
        if name.lower() != who.lower() and head in name.lower().split() and len(name.split()) > len(words):
            return name
    return None
