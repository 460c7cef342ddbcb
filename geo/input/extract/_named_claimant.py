"""Who a claimant the figure's sentence leaves vague is, by the name the article gives elsewhere.

"..., the governor of Russia's southern Belgorod region said." and a sentence on "..., governor Vyacheslav
Gladkov said on Telegram": the governor is Gladkov, the one governor the article names. "..., regional
officials said." (or "Kyiv said") then a quotation telling of the dead, closed by "the Kherson military
administration said": the administration, whose words the lead sums up.
"""

from __future__ import annotations

import dataclasses
import re

from geo.input.extract._figures import casualties
from geo.input.extract._model import Claim
from geo.input.extract._text import Sentence

__all__ = ["named_claimants"]

_NAME = r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,3}"
_OTHER = r"(?!another\b|other\b|neighbo)"
#: An official known only by title: "Regional governor", "Governor of Russia's southern Belgorod region".
_TITLED = re.compile(r"^(?:(?:a|an|the)\s+)?(?P<qual>(?:" + _OTHER + r"[\w'\u2019-]+\s+){0,3}?)(?P<title>governor|mayor)"
                     r"(?:\s+of\s+(?:the\s+)?(?P<of>" + _OTHER + r"[^,;]{2,50}))?$", re.I)
#: A source that is no one in particular: "regional officials", "authorities", "Kyiv", "Ukraine".
_VAGUE = re.compile(r"^(?:(?:[\w'\u2019-]+\s+){0,2}(?:officials|authorities)|Kyiv|Kiev|Moscow|Ukraine|Russia|"
                    r"(?:the\s+)?Kremlin)$", re.I)
_HARM = re.compile(r"\b(?:killed|died|dead|deaths?|bod(?:y|ies)|wounded|injured|injuries|hurt)\b", re.I)
#: Words of a title that say nothing of where the official serves.
_NOT_WHERE = {"governor", "mayor", "regional", "region", "oblast", "local", "the", "russia", "ukraine", "russian",
              "ukrainian", "province", "provincial", "city"}


def named_claimants(claims: list[Claim], body: tuple[Sentence, ...], whos: list[str | None],
                    quoted: list[str | None], is_outlet) -> list[Claim]:
    """``claims`` with each title-only or vague claimant replaced by whom the article names for it."""
    pool = [w for w in whos if w] + [c.claimant for c in claims if c.claimant]
    where = {s.index: n for n, s in enumerate(body)}
    out = []
    for claim in claims:
        who, why = None, ""
        titled = _TITLED.match(claim.claimant or "")
        if titled:
            who = _one_titled(titled, pool)
            why = f"the {titled.group('title').lower()} is named elsewhere in the article"
        elif claim.claimant and _VAGUE.match(claim.claimant) and claim.sentence in where:
            who = _quoted_after(body, whos, quoted, where[claim.sentence], is_outlet, claim)
            why = "the quotation that follows, telling of the casualties, is theirs"
        if who:
            claim = dataclasses.replace(claim, claimant=who, reason="; ".join(r for r in (claim.reason, why) if r))
        out.append(claim)
    return out


def _places(text: str) -> set[str]:
    words = {re.sub(r"['\u2019]s$", "", w).lower() for w in re.findall(r"\b[A-Z][\w'\u2019-]+", text)}
    return words - _NOT_WHERE


def _one_titled(titled: re.Match, pool: list[str]) -> str | None:
    """The one person the article names with this title, serving where the title says (when it says)."""
    title = titled.group("title")
    wanted = _places(f"{titled.group('qual')} {titled.group('of') or ''}")
    found: dict[str, str] = {}
    for who in pool:
        match = (re.search(r"\b(?i:" + title + r")\s+(?P<name>" + _NAME + r")$", who)
                 or re.match(r"^(?P<name>" + _NAME + r")\s+\([^)]*\b(?i:" + title + r")\b[^)]*\)$", who))
        if not match:
            continue
        theirs = _places(who.replace(match.group("name"), ""))
        if wanted and theirs and not wanted & theirs:
            continue  # "Kursk region governor" is not "Belgorod Governor Vyacheslav Gladkov"
        found.setdefault(match.group("name").split()[-1], who)
    return next(iter(found.values())) if len(found) == 1 else None


def _quoted_after(body: tuple[Sentence, ...], whos: list[str | None], quoted: list[str | None], i: int,
                  is_outlet, claim: Claim) -> str | None:
    """The speaker of a quotation opening within the next two sentences (this paragraph or the next) that tells
    of the dead or injured, giving no other figure of the claim's kind ("Seven killed in two attacks, officials
    said", then "Five people were killed ... at Kongoussi," a security official said: a part, not the seven)."""
    for j in (i + 1, i + 2):
        if j >= len(body) or body[j].paragraph > body[i].paragraph + 1:
            return None
        if not re.match(r"\s*[\"\u201c]", body[j].norm):
            continue
        speaker = quoted[j] or whos[j]
        if not speaker or _VAGUE.match(speaker) or is_outlet(speaker):
            return None
        inside = [body[j]]
        while quoted[j] and j + len(inside) < len(body) and quoted[j + len(inside)] == quoted[j]:
            inside.append(body[j + len(inside)])
        if any(kind == claim.kind and low != claim.low for s in inside for kind, low, *_ in casualties(s)):
            return None
        return speaker if _HARM.search(" ".join(s.norm for s in inside)) else None
    return None
