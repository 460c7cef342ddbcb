"""Casualty figures in a sentence, as ranges: the wordings wire reports use.

"At least 12" is low 12 with no high; "dozens" is 24–99 (see
:data:`VAGUE_QUANTITIES`). Beyond "12 people were killed" the reports say:

* "At least five people, including an assistant commissioner, were killed
  and 11 others injured" (an aside between the figure and its verb);
* "12 adults and two children were killed", "killing four soldiers and two
  members of a militia" (parts that add up: 14, 6);
* "killed a woman and her two children" (3), "a man was killed and his wife
  was wounded" (1 and 1), "killing the driver" (1);
* "The strike injured another 53 people"; "more than a dozen wounded" (13+).
"""

from __future__ import annotations

import re

from geo.input.extract._text import NUMBER, Sentence, parse_number

__all__ = ["VAGUE_QUANTITIES", "casualties", "figure_range"]

#: Vague quantities as (low, high). "Dozens" is at least two dozen and fewer
#: than would be called "hundreds"; the same reasoning gives the others.
VAGUE_QUANTITIES: dict[str, tuple[int, int | None]] = {
    "a dozen": (12, 12), "dozens": (24, 99), "several dozen": (24, 99), "scores": (40, 99),
    "hundreds": (200, 999), "several hundred": (200, 999), "thousands": (2000, 9999),
    "several thousand": (2000, 9999), "several": (3, 9), "a few": (2, 5), "a handful": (2, 5),
    "a number": (2, None), "many": (2, None), "numerous": (2, None),
}

_NOUNS = (r"people|persons?|civilians?|citizens?|residents?|children|child|kids|babies|baby|infants?|women|woman|men|man|boys?|"
          r"girls?|adults?|teenagers?|soldiers?|servicemen|troops|police(?:men|officers)?|policem[ae]n|officers?|"
          r"fighters?|militants?|workers?|labou?rers?|traders?|pilgrims?|miners?|passengers?|drivers?|pilots?|crew(?: members)?|members?|students?|"
          r"pupils?|villagers?|farmers?|shepherds?|fishermen|fisherman|victims?|bystanders?|others?|more|"
          r"neighbou?rs?|relatives|brothers?|sisters?|sons?|daughters?|wife|husband|mother|father|parents|"
          r"journalists?|medics?|paramedics|doctors?|nurses?|rescuers?|employees|staff|guards?|worshippers|"
          r"officials?|personnel|cops|constables|law enforcers|"
          r"shoppers|displaced people|family members|members of (?:one|the same|a) family|operatives|"
          r"[a-z]+(?:ians|ans|is|ese)")  # "22 Palestinians", "five Israelis", "two Lebanese"
_FILLER = (r"(?:(?:\d+-year-old|(?!(?:and|or|were|was|is|are|killing|wounding|injuring|killed|wounded|injured|"
           r"leaving|left|in|on|at|when|after)\b)[a-z][a-z-]*)\s+){0,2}")
_PEOPLE = r"(?:(?:more|other|further|additional)\s+)?(?:" + _FILLER + r"(?:" + _NOUNS + r"))"
_ASIDE = (r"(?:,\s*(?:including|among them|among whom|most of them|mostly|many of them)\b[^,;]{1,80},|"
          r"\s+[-\u2013\u2014]\s+[^-\u2013\u2014.;,]{1,60}?\s+[-\u2013\u2014]|"  # "Two women - 65 and 63 years old - were"
          r"\s+including\s+(?:(?:a|an|the|one|two|three|\d+)\s+)?[^,;]{1,40}?(?=\s+(?:were|was|have|had|died|perished)\b))?")
#: A named place with its unit words: "Zamfara state", "northwestern Nigeria", "Barkin Ladi local government area".
_WHERE_PART = (r"(?:the\s+)?(?:[a-z-]+(?:ern|east|west)\s+)?(?-i:[A-Z])[\w'-]+(?:\s+(?:(?-i:[A-Z])[\w'-]+|state|province|"
               r"region|district|county|governorate|oblast|local government area|local government|territory|township|"
               r"department|area))*")
# "Two residents of the community were injured": whose people they are, between the noun and the verb.
_OF_WHOM = (r"(?:\s+(?:of|from)\s+(?:the|this|that|a|one)\s+(?:[a-z]+\s+)?(?:community|village|town|city|district|area|settlement|"
            r"camp|family|house|building|street|neighbou?rhood))?"
            # "Twenty villagers in Zamfara state in northwestern Nigeria were killed": where they were, named
            # (names in capitals even where the pattern ignores case: not "in the area was also among those who")
            # "No fewer than five villagers in Barkin Ladi local government area of Plateau state, northern Nigeria,
            # have been killed": a unit of a region of a country, each part joined by "in", "of" or a comma
            r"(?:\s+(?:in|from)\s+" + _WHERE_PART + r"(?:(?:\s+(?:in|of)\s+|,\s*)" + _WHERE_PART + r"){0,2}(?:,(?=\s))?)?")
_VAGUE = "|".join(re.escape(k) for k in sorted(VAGUE_QUANTITIES, key=len, reverse=True))
_MOD = (r"(?P<mod>at least|more than|over|nearly|almost|about|around|some|approximately|up to|as many as|roughly|"
        r"no fewer than|no less than|fewer than|less than|an estimated|a total of|a further|another)?\s*")
_NUM = (r"(?P<num>between\s+" + NUMBER + r"\s+and\s+" + NUMBER + r"|" + NUMBER + r"\s*(?:to|or)\s*" + NUMBER
        + r"|\d+\s*-\s*\d+|(?:" + NUMBER + r"|half a)\s+dozen|" + _VAGUE + r"|" + NUMBER + r"|a|an|one)\b"
        r"(?:\s+of\s+(?:them|whom|those|these))?")
# a whole word: not the "an" of "woman", the "four" of "twenty-four"; but "ETHIOPIA -Five civilians" (a dateline's
# dash without its space) is the word
_QTY = _MOD + r"(?<!\w)(?<!\w-)" + _NUM
_KILL = (r"(?:killed|killing|kills|murder(?:ed|ing|s)|massacr(?:ed|ing)|slaughter(?:ed|ing)|dead|died|dying|deaths?|lost their lives|fatalities|perished|martyred|embraced martyrdom|"
         r"(?:burn(?:ed|t)|hacked|stabbed|beaten|bludgeoned|crushed|shot) to death|shot dead|gunned down)")
_HURT = (r"(?:injured|injuring|injures|injuries|wounded|wounding|hurt|hospitali[sz]ed|casualties|"
         r"(?:sustained|suffered|received)\s+(?:\w+\s+)?(?:injuries|wounds)|"
         r"treated\s+(?:in|at)\s+(?:(?:a|the|local|nearby)\s+)?hospitals?)")  # "Two ... were being treated in hospital"
_BE = (r"(?:(?:were|was|have been|had been|are|is|being|reportedly|also|later|seriously|critically|severely|slightly|"
       r"badly|lightly|gravely|)\s*)*")  # "13 others were seriously injured"
_PATTERNS = [
    # "killing at least 12 people and injuring dozens more"
    re.compile(r"\b(?P<verb>killing|killed|kills|kill|murder(?:ed|ing|s)?|massacr(?:ed|ing)|slaughter(?:ed|ing)|injuring|injured|injures|wounding|wounded|left|leaving)\s+"
               + _QTY + r"\s*" + _PEOPLE + r"?(?:\s+(?:seriously|critically|severely|slightly|lightly|badly|gravely|"
               r"moderately))?(?:\s+(?P<state>dead|injured|wounded|hurt))?", re.I),
    # "12 people were killed", "At least five people, including ..., were killed", "three soldiers died"
    re.compile(_QTY + r"\s*" + _PEOPLE + r"?" + _OF_WHOM + _ASIDE + r"\s+" + _BE + r"(?P<verb>" + _KILL + "|" + _HURT
               + r")\b", re.I),
    # "confirmed the killing of five persons", "the deaths of three soldiers", "resulted in the martyrdom of five
    # people and the injury of five others" (a health ministry's statement)
    re.compile(r"\b(?P<verb>killing|deaths?|martyrdom|injury|injuries|wounding)\s+of\s+" + _QTY + r"\s*" + _PEOPLE + r"?",
               re.I),
    # "The number of injured after the strike on X has risen to seven people"
    re.compile(r"\bnumber of (?P<verb>injured|wounded|dead|killed)\b[^.;]{0,80}?\b(?:has\s+|had\s+)?(?:risen|rose|climbed|"
               r"increased|reached|grown|grew)\s+to\s+" + _QTY, re.I),
    # "the death toll rose to 14"
    # "The death from an Israeli airstrike on an area in southern Lebanon has risen to 10"
    re.compile(r"\b(?P<verb>death toll|toll|death)\b[^.;]{0,80}?\b(?:has\s+|had\s+)?(?:risen|rose|climbed|increased|"
               r"reached|jumped)\s+to\s+" + _QTY, re.I),
    re.compile(r"\b(?P<verb>death toll|toll)\b[^.;]{0,30}?\b(?:rose|climbed|increased|stood|reached|stands|is|was|"
               r"of|to|at)\s+(?:to\s+|at\s+)?" + _QTY, re.I),
    # "a drone strike had killed a family of four", "killing an entire family of five": the family, counted
    re.compile(r"\b(?P<verb>killing|killed|kills|kill)\s+(?:(?:a|an|the)\s+)?(?:(?:entire|whole)\s+)?family\s+of\s+"
               + _QTY + r"(?!\s*-)", re.I),
    # "a deadly airstrike claimed one life Sunday", "the attack claimed 12 lives"
    re.compile(r"\bclaim(?:ed|ing|s)\s+" + _QTY + r"\s+(?:more\s+|civilian\s+)?(?P<verb>lives|life)\b", re.I),
    re.compile(r"\b(?P<verb>claimed the lives of)\s+" + _QTY + r"\s*" + _PEOPLE + r"?", re.I),
    # "we have lost six people" (an official speaking of the dead)
    re.compile(r"\b(?:we|they)\s+(?:have\s+|had\s+)?(?P<verb>lost)\s+" + _QTY + r"\s+" + _PEOPLE + r"\b", re.I),
]
# One person, named by role: "killing the driver", "a 64-year-old man was killed", "wounding his wife".
_ONE = (r"(?:(?:the|a|an|one|another)\s+" + _FILLER + r"(?:man|woman|boy|girl|child|baby|driver|resident|civilian|soldier|"
        r"policeman|officer|farmer|shepherd|neighbou?r|teenager|pensioner|worker|passenger|journalist|medic|"
        r"fighter|member)|(?:his|her|their)\s+(?:\d+-year-old\s+)?(?:wife|husband|son|daughter|mother|father|brother|sister|"
        r"child))")
_PERSON = r"(?:\d+-year-old\s+)?(?:man|woman|boy|girl|child|soldier|civilian|resident|driver|policeman)"
# "a man and a woman were injured", "another man and woman injured in the incident": two
_PAIR = re.compile(r"\b(?P<who>(?:a|an|one|another|the)\s+" + _PERSON + r"\s+and\s+(?:(?:a|an|his|her|the)\s+)?(?:"
               + _PERSON + r"|wife|husband|son|daughter))\s+(?:were\s+|have been\s+|had been\s+)?(?:also\s+)?"
               r"(?P<verb>killed|wounded|injured|hurt)\b", re.I)
_SINGLE = [
    re.compile(r"\b(?P<verb>claimed the li(?:fe|ves) of)\s+(?P<who>" + _ONE + r")\b", re.I),
    re.compile(r"(?:^|\b(?:and|while|whereas)\s+)(?P<who>another)(?: one| person| man| woman| civilian| resident)?\s+"
               r"(?:was\s+|were\s+|has been\s+)?(?:\w+ly\s+)?(?P<verb>injured|wounded|hurt|hospitali[sz]ed)\b", re.I),
    re.compile(r"\b(?P<verb>injured|wounded|injuring|wounding)\s+(?P<who>another)(?: one| person)?\b(?!\s+(?:\d|"
               r"(?:people|persons|civilians|others|residents)\b))", re.I),
    # "killed three people and wounded a fourth", "have killed 11 people and wound a twelfth": one more, wounded
    re.compile(r"\b(?P<verb>wound|wounded|wounding|injured|injuring)\s+(?P<who>a)\s+(?:second|third|fourth|fifth|sixth|"
               r"seventh|eighth|ninth|tenth|eleventh|twelfth|\d{1,3}(?:st|nd|rd|th))\b(?!\s+(?:time|attack|day|strike))",
               re.I),
    # "Unfortunately, there is a deceased person", "there was one dead"
    re.compile(r"\bthere (?:is|was) (?P<who>a|one) (?P<verb>dead|deceased|killed|injured|wounded)\b", re.I),
    re.compile(r"\b(?P<verb>killing|killed|wounding|wounded|injuring|injured)\s+(?P<who>" + _ONE + r")\b", re.I),
    re.compile(r"\b(?P<who>" + _ONE + r")\s+(?:was|has been|had been)\s+(?:also\s+)?(?:(?:\w+ly|serious)\s+)?"
               r"(?P<verb>killed|wounded|injured|hurt)\b", re.I),  # "a third man was serious wounded"
    # "a woman had received a concussion", "the driver suffered shrapnel wounds"
    re.compile(r"\b(?P<who>" + _ONE + r")\s+(?:had\s+|has\s+|also\s+)*(?P<verb>received|suffered|sustained)\s+"
               r"(?:an?\s+)?(?:\w+\s+)?(?:concussions?|injur(?:y|ies)|wounds?|burns|trauma)\b", re.I),
    # "A local 62-year-old woman who was in the garden during the shelling was killed by shrapnel"
    re.compile(r"\b(?P<who>" + _ONE + r")\s+who\s+(?:was|were|had been)\s+[^.;,]{1,60}?\s+(?:was|has been)\s+"
               r"(?P<verb>killed|wounded|injured)\b", re.I),
    # "the policeman died in the hospital"
    # "one man has died as a result of the strike"
    re.compile(r"\b(?P<who>(?:the|a|an|one)\s+(?:\d+-year-old\s+)?(?:policeman|police officer|soldier|man|woman|boy|girl|driver|"
               r"resident|civilian|teenager|pensioner|victim))\s+(?:later\s+)?(?:has\s+|had\s+)?(?:later\s+)?(?P<verb>died)\b",
               re.I),
    # "Another person was taken to a medical facility with an injury", "Another boy, age 13, was hospitalized with
    # shrapnel wounds", "His wife was taken to hospital with shrapnel wounds"
    re.compile(r"\b(?P<who>(?:another|one|a)\s+(?:\d+-year-old\s+)?(?:person|man|woman|resident|civilian|child|boy|girl|"
               r"teenager)|(?:his|her|their)\s+(?:\d+-year-old\s+)?(?:wife|husband|son|daughter|mother|father|brother|"
               r"sister|child))(?:,\s*(?:age|aged)\s+\d{1,3},)?\s+(?:was|has been)\s+(?:taken|rushed|admitted|brought|"
               r"hospitali[sz]ed)\b[^.;]{0,50}?\bwith\s+(?:an?\s+)?(?:\w+\s+)?(?P<verb>injur(?:y|ies)|wounds?)\b", re.I),
    # "A third man was being treated in hospital"
    re.compile(r"\b(?P<who>" + _ONE + r")\s+(?:was|is)\s+(?:being\s+)?(?P<verb>treated)\s+(?:in|at)\s+(?:(?:a|the|local|"
               r"nearby)\s+)?hospital\b", re.I),
]
# "... and her two children", "... and 2 members of a militia": a second part of the same figure.
# "... and two members of a state paramilitary force", "Four police officers were killed alongside two civilians"
_AND_MORE = re.compile(r"^,?\s+(?P<join>and|alongside|along with|as well as)\s+(?:(?:his|her|their)\s+)?(?P<num>"
                       + NUMBER + r"|a|an|one)?\s*(?P<who>" + _PEOPLE + r")\b(?:\s+of\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?"
                       r"(?:force|forces|group|unit|militia|army|family|police))?", re.I)
_NONE = [
    re.compile(r"\bno(?:body| one|\s+people|\s+civilians|\s+person)\s+(?:was|were|had been|has been|have been)\s+"
               r"(?:reported\s+)?(?P<verb>killed|hurt|injured|wounded)", re.I),
    re.compile(r"\bno\s+(?:(?:immediate|reported)\s+)?(?P<verb>casualties|deaths|fatalities|injuries)\b", re.I),
]


# A figure then "and <verb> one": the one is a count like the figure before it.
_SECOND_ONE = re.compile(r"\b(?:\d+|" + NUMBER + r")\s+(?:[a-z]+\s+){0,2}and\s+$", re.I)
_THEN_FIGURE = re.compile(r"\s*(?:,|and)\s+(?:wound|injur|kill)\w*\s+(?:\d+|" + NUMBER + r"|another|one other)\b", re.I)
_AMONG = re.compile(r",\s*among(?:\s+the|\s+a\s+total\s+of)?\s*$", re.I)
_WIDER = re.compile(r"[^.;]{0,50}?\b(?:across|throughout|around|nationwide|in the country|this (?:week|month|year)|"
                    r"since)\b", re.I)
#: What a "no one was hurt" is about when it is not the incident: "in the second explosion", "inside the facility".
_SUB_EVENT = re.compile(r"\s+(?:(?:were|was)\s+)?(?:reported\s+)?(?:inside\b|(?:in|at|during|from)\s+(?:the|this|that)\s+"
                        r"(?:second|third|other|latter|particular|later|earlier|first)\b)", re.I)
#: Injuries that killed: "two people sustained injuries incompatible with life", "left a woman inside the car with
#: serious injuries that proved fatal".
_FATAL = [
    re.compile(r"\b(?P<num>" + NUMBER + r"|a|an|one)\s+(?:people|persons|men|women|civilians|residents|man|woman|person)\s+"
               r"(?:sustained|suffered|received)\s+(?:\w+\s+)?injuries\s+incompatible with life\b", re.I),
    re.compile(r"\b(?P<num>the|a|an|one)\s+" + _FILLER + r"(?:man|woman|boy|girl|child|driver|resident|civilian|soldier|"
               r"policeman|officer|passenger)\b[^.;]{0,50}?\binjuries\s+(?:that|which)\s+(?:later\s+)?proved\s+fatal\b",
               re.I),
    # "A 46-year-old local resident sustained fatal injuries due to enemy shelling", "two men suffered fatal wounds"
    re.compile(r"\b(?P<num>" + NUMBER + r"|the|a|an|one)\s+" + _FILLER + r"(?:people|persons|men|women|civilians|residents|"
               r"man|woman|boy|girl|child|driver|resident|civilian|soldier|policeman|officer|passenger|person)\s+"
               r"(?:had\s+|has\s+|have\s+)?(?:sustained|suffered|received)\s+(?:\w+\s+)?fatal\s+(?:injuries|injury|wounds?)\b",
               re.I),
]
_AGED = re.compile(r"(?<![\w-])(?:(?:two|three|four|\d+)\s+)?(?:women|men|people|persons|residents|civilians|boys|girls|"
                   r"children)\s+(?P<ages>aged\s+\d+(?:\s*,\s*\d+)*\s*(?:,\s*)?(?:and|&)\s+\d+)\s+(?:were\s+|have been\s+)?"
                   r"(?:also\s+)?(?P<verb>killed|injured|wounded|hurt)\b", re.I)
#: "..., while three other people died": a second part of the same toll ("other", "more"), joined in one clause.
_OTHER_PART = re.compile(r"(?:" + NUMBER + r")\s+(?:other|more)\b", re.I)
_PART_JOIN = re.compile(r"^[^;:]{0,100}?(?:,\s*|\s)(?:while|whereas|and)\s+$", re.I)
_MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")
_AGES = re.compile(r"\b(?:aged|ages of)\s+(?:\d+\s*(?:,|and|&)\s*)*$", re.I)


def figure_range(mod: str | None, num: str) -> tuple[int | None, int | None, bool]:
    """(low, high, approximate) from a modifier and a quantity.

    >>> figure_range("more than", "a dozen")
    (13, None, False)
    """
    mod = (mod or "").lower().strip()
    num = num.lower().strip()
    dozens = re.fullmatch(r"(.+?)\s+dozen", num)
    if dozens and num not in VAGUE_QUANTITIES:  # "three dozen": 36, "half a dozen": 6
        count = 0.5 if dozens.group(1) == "half a" else parse_number(dozens.group(1))
        if count:
            num = str(int(count * 12))
    if num in VAGUE_QUANTITIES:
        low, high = VAGUE_QUANTITIES[num]
        if low == high and mod in ("more than", "over"):
            return low + 1, None, False
        if low == high and mod in ("at least", "no fewer than"):
            return low, None, False
        if low == high and mod in ("nearly", "almost", "up to"):
            return None, low, mod != "up to"  # "wounded nearly a dozen": fewer than twelve, not twelve
        return low, high, False
    pair = re.fullmatch(r"(?:between\s+)?(.+?)\s*(?:to|-|or|and)\s*(.+)", num)
    if pair and parse_number(num) is None and parse_number(pair.group(1)) is not None and parse_number(pair.group(2)) is not None:
        low, high = sorted((parse_number(pair.group(1)), parse_number(pair.group(2))))
        return low, high, False
    value = parse_number(num)
    if value is None:
        value = 1 if num in ("a", "an", "one") else None
    if value is None:
        return None, None, True
    if mod in ("at least", "no fewer than", "no less than"):
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


def casualties(sentence: Sentence) -> list[tuple[str, int | None, int | None, str, bool]]:
    """(kind, low, high, wording, approximate) of every casualty figure in the sentence."""
    out = []
    taken: list[tuple[int, int]] = []
    text = sentence.norm

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in taken)

    for pattern in _NONE:
        for match in pattern.finditer(text):
            if _SUB_EVENT.match(text[match.end():]):
                taken.append((match.start(), match.end()))
                continue  # "No one was injured in the second explosion", "inside the facility": not the incident's
            verb = match.group("verb").lower()
            kinds = {"killed": ["fatalities"], "deaths": ["fatalities"], "fatalities": ["fatalities"],
                     "casualties": ["fatalities", "injuries"]}.get(verb, ["injuries"])
            taken.append((match.start(), match.end()))
            out.extend((kind, 0, 0, _tidy(match.group()), False) for kind in kinds)
    for pattern in _FATAL:
        for match in pattern.finditer(text):
            count = 1 if match.group("num").lower() in ("the", "a", "an", "one") else parse_number(match.group("num"))
            if count:
                taken.append((match.start(), match.end()))
                out.append(("fatalities", count, count, _tidy(match.group()), False))
    for match in _AGED.finditer(text):  # "women aged 72 and 67 were killed": one person per age
        taken.append((match.start(), match.end()))
        count = len(re.findall(r"\d+", match.group("ages")))
        out.append((_kind(match.group("verb").lower()), count, count, _tidy(match.group()), False))
    for match in _PAIR.finditer(text):
        taken.append((match.start(), match.end()))
        out.append((_kind(match.group("verb").lower()), 2, 2, _tidy(match.group()), False))
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()) or _AGES.search(text[:match.start("num")]):
                continue  # "women aged 72 and 67 were killed": ages, not a count
            if _MONTH_BEFORE.search(text[:match.start("num")]) and match.group("num")[:1].isdigit():
                continue  # "injured in the shelling of Sumy on June 3 died in hospital": a day, not a count
            if _AMONG.search(text[:match.start()]) or (re.search(r"\bamong\s*$", text[:match.start()], re.I)
                                                        and _WIDER.match(text[match.end():])):
                continue  # "killed 16 people, among 38 Iraqis killed across the country": a wider total
            verb = (match.group("state") if "state" in match.groupdict() and match.group("state")
                    else match.group("verb")).lower()
            if verb in ("left", "leaving"):
                continue  # "left 5 dead" without a state word is not a casualty figure
            low, high, approx = figure_range(match.group("mod"), match.group("num"))
            if low is None and high is None:
                continue
            if pattern is _PATTERNS[0] and match.group("num").lower() in ("a", "an", "one") and not re.search(
                    _NOUNS, match.group(), re.I) and not _SECOND_ONE.search(text[:match.start()]) and not (
                    match.group("num").lower() == "one" and _THEN_FIGURE.match(text[match.end():])):
                continue  # "killed a" without a person noun; but "killing two people and wounding one" counts
            end = match.end()
            more = _and_more(text, end, low, high, kind_verb=verb)
            if free(match.start(), more[2]):  # "... was killed and a man and a woman were injured": not one more
                low, high, end = more
            taken.append((match.start(), end))
            out.append((_kind(verb), low, high, _tidy(text[match.start():end]), approx))
    for pattern in _SINGLE:
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()):
                continue
            low, high, end = _and_more(text, match.end(), 1, 1, kind_verb=match.group("verb"))
            taken.append((match.start(), end))
            out.append((_kind(match.group("verb").lower()), low, high, _tidy(text[match.start():end]), False))
    out = _sum_other_parts(text, _sum_leading_parts(text, out))
    return sorted(out, key=lambda item: text.find(item[3]))  # in the order the sentence gives them


def _kind(verb: str) -> str:
    return "fatalities" if re.fullmatch(_KILL + "|death toll|toll|kill|deceased|martyrdom|claimed the li(?:fe|ves) of|lives|life|lost", verb,
                                        re.I) \
        else "injuries"


def _and_more(text: str, end: int, low: int | None, high: int | None, *, kind_verb: str
              ) -> tuple[int | None, int | None, int]:
    """Add a second part joined by "and" ("a woman and her two children") unless it has a verb of its own."""
    more = _AND_MORE.match(text[end:])
    if more is None or low is None:
        return low, high, end
    after = text[end + more.end():end + more.end() + 120]
    after = re.sub(r"^,\s*(?:including|among them|mostly|many of them)\b[^,;]{1,80},", "", after, flags=re.I)[:40]
    if re.match(r"\s*(?:were|was|have|had)?\s*(?:(?:\w+ly|serious)\s+)?(?:" + _KILL + "|" + _HURT + r")\b", after,
                re.I) and not re.match(
            r"\s*(?:were|was)\s+(?:" + re.escape(kind_verb) + r")\b", after, re.I):
        return low, high, end  # "killed three and 12 were wounded": another figure
    if re.match(r"\s*(?:others?|more)\b", more.group("who"), re.I):
        return low, high, end  # "and 11 others injured": injuries, read on their own
    if re.search(r"\b(?:[a-z]+ing|dozens?|scores|hundreds)\b", more.group("who"), re.I):
        return low, high, end  # "and abducting many more", "and a dozen more ... injured": a clause or figure of its own
    if more.group("join").lower() != "and" and not more.group("num"):
        return low, high, end  # "killed alongside his brother": whose company, not a second count
    count = parse_number(more.group("num")) if more.group("num") else 1
    if more.group("num") and more.group("num").lower() in ("a", "an", "one"):
        count = 1
    if count is None:
        return low, high, end
    low, high, end = low + count, None if high is None else high + count, end + more.end()
    return _and_more(text, end, low, high, kind_verb=kind_verb)  # "... alongside two members ... and two civilians"


def _sum_leading_parts(text: str, found: list) -> list:
    """ "Twelve adults and two children were killed": the figure found is "two children"; add the twelve."""
    out = []
    for kind, low, high, wording, approx in found:
        start = text.find(wording)
        if re.match(r"(?:killing|killed|kills|murder\w*|massacr\w*|slaughter\w*|injuring|injured|wound(?:ing|ed)?|left|leaving)\b", wording, re.I):
            out.append((kind, low, high, wording, approx))
            continue  # "killing two and wounding six": the six stand alone
        lead = re.search(r"(?P<num>" + NUMBER + r")\s+" + _FILLER + r"(?:" + _NOUNS + r")\s+and\s+$",
                         text[:start] if start > 0 else "", re.I)
        if lead and low is not None and parse_number(lead.group("num")) is not None:
            extra = parse_number(lead.group("num"))
            low, high = low + extra, None if high is None else high + extra
            wording = _tidy(lead.group() + wording)
        out.append((kind, low, high, wording, approx))
    return out


def _sum_other_parts(text: str, found: list) -> list:
    """ "three men died at the scene ..., while three other people died of their wounds": one figure, six."""
    out = sorted(found, key=lambda item: text.find(item[3]))
    i = 1
    while i < len(out):
        (kind, low, high, wording, approx), (kind2, low2, high2, wording2, approx2) = out[i - 1], out[i]
        start, start2 = text.find(wording), text.find(wording2)
        between = text[start + len(wording):start2] if 0 <= start < start2 else ""
        if kind == kind2 and low is not None and low2 is not None and _OTHER_PART.match(wording2) \
                and _PART_JOIN.search(between):
            out[i - 1:i + 1] = [(kind, low + low2, None if high is None or high2 is None else high + high2,
                                 _tidy(text[start:start2 + len(wording2)]), approx or approx2)]
            continue
        i += 1
    return out


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,.")
