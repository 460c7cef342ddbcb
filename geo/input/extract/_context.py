"""Which sentences speak of *this* incident: captions, totals, other attacks, hospitals, datelines.

Real reports mix the incident with other material: a photo caption with its
own date, the war's running total ("the war has killed more than 31,000"),
an earlier attack ("In June, an RSF attack on El Fasher killed 40"), a
second strike ("In a separate strike, ..."), the town of the hospital the
wounded were taken to, and a dateline naming where the reporter sits
("NAIROBI, Kenya (AP) -"). Each rule here marks such text so that places,
dates and figures are taken from the incident's own sentences; the marked
sentences stay in the article and their claims stay listed.
"""

from __future__ import annotations

import re

from geo.input.extract._text import Article, Sentence

__all__ = ["CAPTION", "CUMULATIVE", "RUNNING_TOTAL", "SEPARATE", "SEVERAL", "HOSPITAL", "EARLIER", "dateline_end",
           "sentence_kinds", "total_of_several"]

#: A photo caption: "Photo: ...", "(Photo: Reuters)", "... pictured on 12 January 2024".
CAPTION = re.compile(r"^\s*\(?(?:photo|picture|image|file photo|photograph|caption|video)\b\s*[:(-]|"
                     r"^\s*\(?illustrative\s+(?:photo|picture|image|purposes(?:\s+only)?)\b\s*[:(-]|"  # a stock photo
                     r"\bpictured\b|\bphotographed\b|\(photo\b|\bfile photo\b|"
                     # "..., in this screengrab taken from a video released on December 3, 2023"
                     r"\bin this (?:screen\s?grab|handout|(?:still\s+)?(?:photo(?:graph)?|picture|image)|video grab)\b", re.I)
#: A photo credit on a line of its own: "Credit: AP", "Photo credit: Reuters/Jane Doe".
_CREDIT_LINE = re.compile(r"^\s*\(?(?:photo\s+)?credits?\s*:\s*\S[^.]{0,60}\.?\)?\s*$|"
                          # "Kherson Regional State Administration/Handout via REUTERS", "REUTERS/Alina Smutko"
                          r"^[^.]{2,80}/\s*(?:Handout\s+)?(?:via\s+)?(?:REUTERS|Reuters|AFP|AP|EPA)\s*$|"
                          r"^\s*(?:REUTERS|AFP|AP|EPA)\s*/\s*[A-Z][\w .'-]{1,40}$", re.I)
#: Running totals: figures over a war, a year, a region, not one incident.
CUMULATIVE = re.compile(
    r"(?<!in effect )(?<!in place )(?<!in force )(?<!took effect )\bsince\s+(?:the\s+(?:start|beginning|outbreak)|(?:early|late|mid-?)\s*[A-Z][a-z]+|[A-Z][a-z]+\b(?!\s+(?:morning|"
    r"afternoon|evening|night))|\d{1,2}\s+[A-Z][a-z]+|the\s+war|then)|\bso far\b|\bin total\b|\btally\b|"
    r"\bthis year\b|\bthe (?:war|conflict|invasion|fighting|offensive|violence)\b[^.;]{0,40}?\bhas\b|"
    r"\b(?:war|conflict|fighting|violence|attacks|strikes|shelling|bombardments?|offensive|campaign|insurgency|"
    r"clashes|raids)\b[^.;]{0,40}?\bha(?:s|ve) (?:since )?killed\b|"
    r"\b(?:casualties|losses)\s+in\s+the\s+(?:operation|incursion|offensive|campaign|war)\b|\bover the past (?:year|months|weeks|\d+ (?:months|weeks|"
    r"years))\b|\bto date\b|\boverall\b|\bin all\b", re.I)
#: A trend over days or a front, not an attack: "Ukraine said this week that Russian troops had stepped up their
#: attacks in the east, particularly on the towns of Vugledar and Bakhmut" (marked as CUMULATIVE is, when it tells
#: of no dead or injured).
_TREND = re.compile(r"\b(?:stepped up|intensified|ramped up|escalated|stepping up|intensifying)\s+(?:(?:their|its|the)\s+)?"
                    r"(?:attacks|assaults|offensive|shelling|bombardments?|strikes|pressure|push)\b", re.I)
#: A photo credit in capitals on a line of its own under a caption: "PHOTO: REUTERS", "PHOTO: ST FILE".
_CAPS_CREDIT = re.compile(r"^\s*PHOTOS?:\s*[A-Z][A-Z .'/&-]{1,40}$")
#: Why a sentence CUMULATIVE marks is left out of the incident's.
RUNNING_TOTAL = "a running total, not this incident"
#: A sentence that opens another incident of the same article.
SEPARATE = re.compile(r"\b(?:in a separate (?:strike|attack|incident|raid|bombing|shelling)|separately|"
                      r"in separate (?:strikes|attacks|incidents|raids|bombings)|"
                      r"in another (?:(?:air|drone|missile)\s?)?(?:strike|attack|incident|raid)|another (?:(?:air|drone|missile)\s?)?(?:strike|attack) "
                      r"(?:hit|on|in|targeted|struck|took place|was carried out)|a second (?:air |drone |car |suicide |roadside )?(?:strike|attack|blast|explosion|"
                      r"device|bomb|bomber|explosive|missile|rocket)|"
                      r"hours later|elsewhere|meanwhile,?\s+(?:in|on|at)\b|(?:around|about) the same time\b|"
                      # "Meanwhile, a 33-year-old man was killed ...": a new victim, another attack
                      r"meanwhile,\s+(?:an?|another)\s+(?:\d{1,3}-year-old\s+)?(?:man|woman|boy|girl|child|teenager|"
                      r"resident|civilian|driver|worker|person|pensioner)\s+(?:was|has been|had been)\s+"
                      r"(?:killed|injured|wounded)\b)\b", re.I)
#: Several attacks told as one: "killed 26 in two attacks", "in twin attacks" (not "the latest in a string of raids",
#: a background).
SEVERAL = re.compile(r"\b(?:two|three|four|twin|separate)\s+(?:separate\s+)?"
                     r"(?:[A-Za-z-]+\s+){0,2}(?:attacks|strikes|raids|bombings|blasts|explosions|airstrikes)\b", re.I)
_IN_SEVERAL = re.compile(r"\s+in\s+" + SEVERAL.pattern, re.I)


def total_of_several(norm: str, text: str) -> bool:
    """Whether the figure ``text`` is said of several attacks at once: "killed at least nine people in twin attacks".

    >>> total_of_several("Rebels killed at least nine people in twin attacks in eastern Congo", "killed at least nine people")
    True
    >>> total_of_several("A bomber killed 11 people and a bomb killed four soldiers in two attacks", "killed 11 people")
    False
    """
    at = norm.find(text)
    return at >= 0 and _IN_SEVERAL.match(norm, at + len(text)) is not None


#: The wounded's way to hospital: a town named there is not the incident's place.
HOSPITAL = re.compile(r"\b(?:taken|rushed|transported|evacuated|shifted|referred|flown|moved|brought|transferred|"
                      r"admitted|driven|airlifted)\b[^.;]{0,60}\b(?:to|in|at)\b|\bhospitali[sz]ed\b|"
                      r"\btreated (?:at|in)\b|\breceiving (?:medical )?(?:care|treatment)\b", re.I)
#: An earlier or similar attack told as background.
EARLIER = re.compile(r"\b(?:earlier|previous|last)\s+(?:attack|strike|bombing|shelling|raid)s?\b|\ba similar\b|"
                     r"\b(?:the|a|an|last)\s+(?:January|February|March|April|May|June|July|August|September|October|"
                     r"November|December)\s+(?:attack|strike|bombing|shelling|raid|assault)\b|"
                     r"\b(?:last|the previous|the day before|a day earlier)\s+(?:day|week|month|year)\b|"
                     r"\bthe previous day\b|\bthe day before\b|\ba day earlier\b|"
                     r"\bas (?:was\s+)?(?:earlier|previously) reported\b|\bas (?-i:[A-Z])[\w-]+ (?:reported|said) earlier\b|"
                     r"\bearlier reports said\b", re.I)
#: "He said earlier that two fighters had been wounded in an attack on ...": a report told before this one.
PREVIOUS_REPORT = re.compile(r"\b(?:said|reported|wrote|announced)\s+earlier\s+(?:on\s+\w+\s+)?that\b", re.I)
#: "As Ukrinform reported, four people were killed ... yesterday": a recap of earlier reporting (read only after a
#: sentence that already told of the dead or injured).
_RECAP = re.compile(r"^\s*As\s+(?:[A-Z][\w.-]*\s+){0,3}(?:previously\s+|earlier\s+|already\s+)?reported\b")
#: "Earlier this month, a drone strike near Rahad killed ...", "It has been a bloody week for Afghanistan after at least
#: 55 people were killed ... in Kabul": another attack, when a sentence before has told of this one's dead or injured
#: (a lead may itself say "... were killed ... earlier this month").
_BEFORE_NOW = re.compile(r"^\s*(?:(?:Earlier|Previously)\s+(?:this|that|last)\s+(?:week|month|year)|"
                         r"(?:Just|Only)?\s*(?:a|an|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|months?)\s+"
                         r"(?:ago|earlier)|It\s+(?:has|had)\s+been\s+an?\s+(?:[\w-]+\s+){0,2}(?:week|month|day|year)\b"
                         r"[^.;]{0,60}?\bafter)\b", re.I)
_HARM_TOLD = re.compile(r"\b(?:killed|died|dead|deceased|fatal|injured|wounded|hurt|took the li(?:fe|ves))\b", re.I)
_TOLL_UPDATE = re.compile(r"\b(?:toll|rose|risen|climbed|increased|later died)\b", re.I)
_EVENT = re.compile(r"\b(?:attack|strike|bomb|shell|raid|explo|blast|kill|hit|struck|injur|wound|fired (?:on|at))\w*\b",
                    re.I)

_FLYOVER = re.compile(r"\b(?:surveillance|reconnaissance|spy)\s+(?:flights?|drones?|aircraft|planes?|missions?)\b|"
                      r"\b(?:flew|flying|hovered|hovering|circled|circling)\s+(?:low\s+)?(?:over|above)\b", re.I)
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z'.]+(?:[ -][A-Z][A-Z'.]+){0,3})"
    r"(?:,\s*(?P<where>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}))?"
    r"(?:,?\s*(?:[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?))?"
    r"\s*(?:\.\s*)?(?:\((?:[A-Za-z .'&-]{2,40}|\d{4})\)|/\s*[A-Za-z-]{2,20}\s*/\.?)?\s*"  # "(AP)", "(2001)"
    r"(?:[-\u2013\u2014:]+\s+|(?<=[.)/])(?:\s+|$))")


# "Herat, Afghanistan, (APP - Pakistan Point News - 11th Jan, 2021 ) :Officials said ...": a wire credit in brackets.
_CREDIT = re.compile(r"^[A-Z][a-z'-]+(?:[ -][A-Z][a-z'-]+){0,2},\s*(?:[A-Z][a-z'-]+(?:\s[A-Z][a-z'-]+){0,2},?\s*)?"
                     r"\([^()]{2,80}\)\s*[-\u2013\u2014:]+\s*")
_TITLE_CASE = re.compile(r"^[A-Z][a-z'-]+(?:\s[A-Z][a-z'-]+)?:\s+(?=[A-Z])")  # "Quetta: A blast ..."
# "Khartoum, June 28 (IANS) At least ...", "Peshawar, Dec 1 (PTI) A policeman ...": a wire dateline in title case.
_CITY_DATE = re.compile(r"^[A-Z][a-z'-]+(?:[ -][A-Z][a-z'-]+){0,2},\s*(?:[A-Z][a-z]+\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+)"
                        r"(?:,\s*\d{4})?\s*(?:\([A-Z][A-Za-z .'&-]{1,30}\)|/\s*[A-Za-z-]{2,20}\s*/\.?)\s*[-\u2013\u2014:]*\s*")
# "Nyala / Kosti / Ed Daein - A drone strike hit ...": the towns a round-up reports from, not where it happened.
_SLASH_LIST = re.compile(r"^[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,2}(?:\s*/\s*[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,2})+"
                         r"\s*[-\u2013\u2014:]+\s+")
_DATE_FIRST = re.compile(r"^(?:[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?),\s*"
                         r"[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,3}(?:,\s*[A-Z][\w.'-]+){0,2}\s*[-\u2013\u2014:]+\s+")


_QUOTED_HEADING = re.compile(r"^['\"][^'\".!?]{3,80}['\"]$")
# "... after being hit by an airstrike in October 2022. / NUG", "People gather near the site. - DawnNewsTV": a line
# of its own ending in a photo credit.
_CREDIT_TAIL = re.compile(r"[.)]\s*/\s*[A-Z][\w.'&-]*(?:\s+[A-Z][\w.'&-]*){0,3}\s*$|"
                          r"[.)]\s*[-\u2013\u2014]\s*(?:[A-Z][a-z]*(?:News)?TV|Reuters|AFP|AP|EPA|Supplied|File|Handout|"
                          r"Getty Images|Social media)\s*$")


def _alone(article: Article, sentence: Sentence) -> bool:
    """The sentence is a paragraph of its own."""
    return sum(s.paragraph == sentence.paragraph for s in article.sentences) == 1


def dateline_end(sentence: Sentence) -> int:
    """Length of a dateline opening the sentence ("NAIROBI, Kenya (AP) - "), or 0.

    The city must be written in capitals, as datelines are; "Kharkiv, Ukraine's
    second city, ..." is not a dateline.
    """
    match = _DATELINE.match(sentence.norm)
    if not match or len(match.group("city").replace(" ", "")) < 3:
        first = (_DATE_FIRST.match(sentence.norm) or _CITY_DATE.match(sentence.norm)
                 or _SLASH_LIST.match(sentence.norm) or _TITLE_CASE.match(sentence.norm) or _CREDIT.match(sentence.norm))  # "August 27, El Fasher - "
        return first.end() if first else 0
    return match.end()


def sentence_kinds(article: Article) -> dict[int, set[str]]:
    """Sentence index -> what marks it: ``caption``, ``cumulative``, ``separate``, ``hospital``, ``earlier``."""
    kinds: dict[int, set[str]] = {}
    # "A fire outside the hospital in Deir al-Balah, Gaza." then "Credit: AP": the line the credit closes is a caption
    credited = {prev.index for prev, s in zip(article.sentences, article.sentences[1:], strict=False)
                if (_CREDIT_LINE.match(s.norm) or _CAPS_CREDIT.match(s.norm)) and prev.paragraph == s.paragraph}
    told = False  # a sentence before this one told of the dead or injured
    for sentence in article.sentences:
        found = set()
        text = sentence.norm
        if CAPTION.search(text) or sentence.index in credited or _CREDIT_LINE.match(text) or (
                (_QUOTED_HEADING.match(text) or _CREDIT_TAIL.search(text)) and not sentence.headline
                and _alone(article, sentence)):
            found.add("caption")  # also a section heading in quotes: "'Drone strike on White Nile dormitory'"
        if CUMULATIVE.search(text) or (_TREND.search(text) and not _HARM_TOLD.search(text)):
            found.add("cumulative")
        if SEPARATE.search(text):
            found.add("separate")
        if HOSPITAL.search(text) and re.search(r"\bhospital|clinic|treatment|medical|care\b", text, re.I):
            found.add("hospital")
        recap = (_RECAP.match(text) or _BEFORE_NOW.match(text)) and told and _HARM_TOLD.search(text)
        if (EARLIER.search(text) or (PREVIOUS_REPORT.search(text) or recap) and not _TOLL_UPDATE.search(text)) and \
                _EVENT.search(text):
            found.add("earlier")
        if _FLYOVER.search(text) and not _EVENT.search(text):
            found.add("flyover")  # "drones conducted surveillance flights over the Tyre district": no attack there
        kinds[sentence.index] = found
        told = told or (not sentence.headline and bool(_HARM_TOLD.search(text)))
    return kinds
