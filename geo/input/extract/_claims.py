"""Casualty claims: each figure (see ``_figures``) with whoever the article says gave it.

Who gave a figure is read from the sentence: "..., the Russian Defense
Ministry said", "according to the Ministry of Health in Gaza", "..., said a
senior police officer", "... told Dawn.com". The official quoted wins over
the agency relaying them ("the National News Agency said, quoting the town's
mayor, Elias Haddad"; "Governor Igor Belov told TASS"). "According to him"
and "the ministry" refer back to who was named before. A lead that gives a
figure and leaves the attribution to the next sentence takes it from there;
a figure nobody is said to have given is kept but marked uncertain. Words
that only look like a name ("said Monday", "Later, ...") are never claimants.
"""

from __future__ import annotations

import re

from geo.input.extract._figures import casualties
from geo.input.extract._model import Claim
from geo.input.extract._named_claimant import named_claimants
from geo.input.extract._names import REGION_WORDS
from geo.input.extract._text import Article, Sentence

__all__ = ["find_claims", "headline_claims", "claimant", "TITLE_ONLY", "titled_same"]

# "..., head of the Regional Military Administration Oleh Kiper informed.": "informed" closing the clause, not
# "informed residents that"
_SPEECH = (r"(?:said|says|(?<!\bto )(?<!\bnot )say|reported|reports|announced|stated|claimed|claims|confirmed|told|tells|wrote|posted|added|informs|"
           r"informed(?=\s*(?:[,.;]|$|(?:on|in|via)\s))|reporting|states)")
# "Oleh Hryhorov, head of the regional administration, reported this on Telegram": whatever the verb (or its
# spelling), "<verb> this on Telegram" attributes what came before.
_SPEECH_OR_POST = (r"(?:" + _SPEECH + r"\b|[a-z]{3,}\s+(?:this|it)\s+on\s+(?:Telegram|Facebook|Viber|X|Twitter|"
                   r"social media|(?:his|her|its|their)\s+(?:Telegram|Facebook)\b))")
_ROLE = (r"(?:official|officials|officer|spokes\w+|commander|source|sources|doctor|medic|medics|witness|witnesses|"
         r"resident|residents|elder|chief|governor|mayor|police|ministry|agency|administration|monitor|council|"
         r"committee|group|army|military|army|rescuers|director|head|leader|commissioner|minister)")
# A person's name: "Oleh Syniehubov", "Muayad al-Ansary", "Ko Zaw Tun".
_NAME = r"[A-Z][\w'-]+(?:\s+(?:(?:al|el|bin|ibn|abu|de|van|von)[- ])?[A-Z][\w'-]+){1,3}"
_HONORIFIC = r"(?:(?:Rev|Revd|Fr|Dr|Msgr|Pastor|Father|Sheikh|Imam|Bishop)\.?\s+){0,2}"
_ON_CHANNEL = r"(?:(?:on|in|via)\s+(?:Telegram|Facebook|X|Twitter|social media|(?:his|her|its|their)\s+\w+\s+channel)\s+)?"
_ATTRIBUTION = [
    # "X said it was reviewing a strike which local health officials say killed nine": the figure is the relative
    # clause's, whoever the sentence opens with
    re.compile(r"\b(?:which|that)\s+(?P<who>(?:the\s+)?(?:[a-z][\w'-]*\s+){0,3}" + _ROLE + r")\s+(?:say|says|said)\s+"
               r"(?:has\s+|have\s+|had\s+)?(?:killed|left|claimed|wounded|injured)\b"),
    # "..., quoting the town's mayor, Elias Haddad" / "quoted the governor as saying"
    re.compile(r"\bquot(?:ing|ed)\s+(?P<who>(?:the\s+|a\s+|an\s+)?[^,.;]{2,60}?)(?:\s+as\s+saying|,\s*(?P<appos>[A-Z]"
               r"[\w'-]+(?:\s+[A-Z][\w'-]+){0,3})(?=[,.;]|$)|(?=[,.;]|$))"),
    # "Oleh Syniehubov, head of the region's military administration, announced this", "... ," Name, Title, posted"
    # (", Bertide Horace, a spokeswoman for a community association in the surrounding Artibonite region, told")
    re.compile(r"(?:^|[,;:]\s*|\"\s*)(?P<appos>" + _NAME + r"),\s*(?P<who>(?:(?:a|an|the)\s+)?[^,;\"]{0,60}?\b(?i:"
               + _ROLE + r")\b[^,;\"]{0,80}?),\s+(?:who\s+)?" + _SPEECH_OR_POST),
    # "..." Denis Pushilin, the Kremlin-backed head of the region said on social media": the closing comma left out
    re.compile(r"(?:^|[,;:]\s*|\"\s*)(?!(?:In|On|At|From|As|After|Before|The|This|Meanwhile|Later|Earlier)\b)(?P<appos>"
               + _NAME + r"),\s*(?P<who>(?:the|a|an)\s+[^,;\"]{0,60}?\b(?i:" + _ROLE + r")\b(?:\s+of\s+[^,;\"]{2,40}?)?)\s+"
               + _SPEECH_OR_POST),
    # "The head of the Kharkiv Regional State Administration Oleh Syniehubov announced this on Telegram"
    re.compile(r"(?:^|[,;:]\s*)(?P<who>(?:[Tt]he\s+)?(?:[a-z][\w'-]*\s+){0,2}(?i:" + _ROLE + r")\s+of\s+(?:the\s+)?"
               r"(?:[A-Z][\w'-]*\s+){1,5})(?P<appos>[A-Z][\w'-]+\s+[A-Z][\w'-]+)\s+" + _SPEECH_OR_POST),
    # "This was reported by the head of the Kherson RMA Oleksandr Prokudin"
    # "This was reported on Telegram by the Head of the Chernihiv Regional Military Administration, Viacheslav Chaus"
    re.compile(r"\b(?:was|were|has been|had been)\s+(?:reported|announced|stated|confirmed|posted)\s+" + _ON_CHANNEL
               + r"by\s+(?P<who>(?:the\s+)?[^,.;\"]{2,80}?)(?:,\s*(?P<appos>" + _NAME + r")(?=\s*[,.;]|\s*$)|(?=[,.;]|$))"),
    # "... reported in Telegram by the head of the Zaporizhzhia Regional Military Administration Ivan Fedorov"
    re.compile(r"\b(?:was|were|has been|had been)\s+(?:reported|announced|stated|confirmed|posted)\s+" + _ON_CHANNEL
               + r"by\s+(?P<who>(?:the\s+)?(?:[a-z][\w'-]*\s+){0,2}(?i:" + _ROLE + r")\s+of\s+[^,.;\"]{2,80}?)\s+"
               r"(?P<appos>[A-Z][\w'-]+\s+[A-Z][\w'-]+)(?:\s+(?:on|in|via)\s+(?:Telegram|Facebook|Viber|X|Twitter|"
               r"social media))?(?=\s*[,.;]|\s*$)"),  # "... Serhii Lysak on Telegram, Censor.NET reports"
    # "This was reported by Censor.NET with reference to Telegram channel of the head of the RMA of the Sumy region,
    # Dmytro Zhivytsky": the outlet relays; the claimant is whom it refers to
    re.compile(r"\bwith reference to\s+(?:the\s+)?(?:(?:Telegram|Facebook)\s+(?:channel|page|post)\s+of\s+)?"
               r"(?P<who>(?:the\s+)?[^,.;\"]{2,80}?)(?:,\s*(?P<appos>" + _NAME + r")(?=\s*[,.;]|\s*$)|(?=[,.;]|$))"),
    # "This is stated in the statement of the Prosecutor's Office of Sumy Region"
    re.compile(r"\b(?:is|was|were|has been)\s+(?:stated|said|reported|announced)\s+in\s+(?:the|a|an)\s+(?:statement|"
               r"report|message|post|press release)\s+(?:of|by|from)\s+(?P<who>(?:the\s+)?[^,.;\"]{2,80}?)(?=[,.;]|$)"),
    # "Source: Oleh Hryhorov, Head of Sumy Oblast Military Administration" (a line of its own), also with where
    # it was said after it (", on Telegram"), or an institution alone ("Source: Sumy Oblast Military Administration")
    re.compile(r"^Source:\s*(?:(?P<appos>" + _NAME + r"),\s*(?P<who>[^.;]{2,80}?)|(?P<inst>[^.;,]{0,60}\b(?i:" + _ROLE
               + r")\b[^.;,]{0,40}))(?:,?\s+(?:on|in|via)\s+(?:Telegram|Facebook|X|Twitter|Viber|social media|"
               r"(?:his|her|its|their)\s+[\w\s]{2,30}))?\s*\.?$"),
    # "According to the head of the Zaporizhzhia Regional Military Administration Ivan Fedorov, one man has died"
    re.compile(r"\b(?i:according to)\s+(?:the\s+)?(?:(?:statement|words|message|post)\s+of\s+)?(?P<who>(?:the\s+)?"
               r"(?:[a-z][\w'-]*\s+){0,2}(?i:" + _ROLE + r")\s+of\s+[^,.;\"]{2,80}?)\s+(?P<appos>[A-Z][\w'-]+\s+[A-Z][\w'-]+)"
               r"(?=\s*[,.;]|\s*$)"),
    re.compile(r"\baccording to (?P<who>[^,.;]+?)(?:,\s*(?P<appos>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3})(?=[,.;]|$)|,|\.|;|$)",
               re.I),
    # "The head of the district administration, Mykola Danylenko, said"
    # "The Parish Priest of X, Rev. Fr. Aaron Tanko, who oversees the two communities, confirmed ..."
    re.compile(r"(?:^|[,;:]\s*)(?P<who>(?:the\s+)?[\w'.-]+(?:\s+[\w'.()-]+){0,12}?),\s*" + _HONORIFIC + r"(?P<appos>"
               r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,3}),\s+(?:who\s+[^,;\"]{2,60},\s+)?(?:who\s+)?" + _SPEECH_OR_POST),
    re.compile(r"(?:^|[,;:]\s*|\"\s*|\)\s+|\band\s+)(?P<who>(?:the\s+)?[\w'.-]+(?:\s+[\w'.-]+){0,7}?)"
               r"(?:,\s*(?:also\s+|better\s+)?known as\s+[^,;]{2,40},)?\s+" + _SPEECH + r"\b"),
    # "..., reported the head of the Kharkiv Regional Military Administration, Oleg Synehubov"
    re.compile(r"\b" + _SPEECH + r"\s+(?P<who>(?:the\s+)?(?:[a-z][\w'-]*\s+){0,2}" + _ROLE + r"\s+of\s+[^,.;\"]{2,80}?),\s*"
               r"(?P<appos>" + _NAME + r")(?=\s*[,.;]|\s*$)"),
    # "Later in the day Kyrylenko gave an updated toll of 14 injured": who gave the toll
    re.compile(r"\b(?P<who>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3})\s+(?:later\s+)?(?:gave|put|raised|revised)\s+(?:an?\s+|"
               r"the\s+)?(?:updated\s+|new\s+|revised\s+|latest\s+|higher\s+)?(?:death\s+|casualty\s+)?(?:toll|tally)\b"),
    # "..., said a senior police officer", "said Capt. Abdi Mohamed Ali"
    re.compile(r"\b" + _SPEECH + r"\s+(?P<who>(?:(?:a|an|the)\s+)?(?:[a-z][\w'-]*\s+){0,4}" + _ROLE + r")\b"),
    re.compile(r"\b" + _SPEECH + r"\s+(?P<who>(?:the\s+)?[A-Z][\w'.-]*(?:\s+(?:(?:al|el|bin|ibn|abu)[- ])?"
               r"[A-Z][\w'.-]*){0,5})"),
]
_NAMED_OFFICIAL = re.compile(r"(?:^|[,;:]\s*)(?P<name>" + _NAME + r"),\s*(?P<role>(?:the\s+)?(?:[\w'-]+\s+){0,3}?(?i:"
                             + _ROLE + r")\b[^,;\"]{0,60}?),")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "who", "which", "that", "officials", "authorities", "him", "her",
             "them", "statement", "message", "report", "post"}
_TIME_WORDS = (r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|"
               r"july|august|september|october|november|december|today|tonight|yesterday|later|earlier|"
               r"meanwhile|however|overnight|this|last|on|in|at|late|early")
_NOT_CLAIMANT = re.compile(r"^(?:this|that|there|you|one|as|analysts? have|media|reports?)$|"
                           r"^there\s+(?:is|are|were|was|have been|has been)\b|"  # "There are also unconfirmed reports"
                           r"^(?:updated|preliminary|initial|latest|available|further|more|new)\s+(?:information|data|"
                           r"figures|reports?|details)$|"
                           r"^no\b|\b(?:has|have|had|was|were|is|are)$|^(?:" + _TIME_WORDS + r")\b|"
                           # quoted words, not a speaker: "We are aware of claims ...", "Although initial reports ..."
                           r"^(?:we|i|you|our|my|although|though|while|with|contrary to|despite|if|unless|because|"
                           r"and|but|or|yet|so|which|confirmed|member|according to|images?|information(?!\s+(?:minister|ministry|secretary|officer|chief))|videos?|photos?|footage)\b", re.I)
# "the blast was reported", "the region reported", "according to an initial toll": no one speaking.
_NOT_SPEAKER = re.compile(r"\b(?:has|have|had|was|were|is|are|been)$|"
                          r"^(?:region|oblast|province|country|city|town|village|area|district|community|blast|"
                          r"explosion|attack|strike|shelling|incident|(?:the\s+)?(?:preliminary\s+|initial\s+)?"
                          r"investigation)$|"
                          r"^(?:initial|preliminary|latest|first|updated|final|official)\s+(?:toll|count|tally|figures?|"
                          r"estimates?|assessment)$|\b(?:attack|strike|blast|explosion|shelling|bombing)$|"
                          r"\b(?:could|would|should|can|cannot|will|came|comes|were|was)\b", re.I)
#: News agencies by name: an outlet, and a relay of whoever it names beside it (``_AGENCY``).
_WIRES = r"TASS|RIA Novosti|Interfax|Reuters|AFP|AP|Xinhua|Anadolu"
_OUTLET = re.compile(r"^(?:" + _WIRES + r"|RIA|Agence France-Presse|the Associated Press|Associated Press|"
                     r"Dawn\.com|Dawn|BBC|CNN|Al Jazeera|Ukrinform|UNN)$", re.I)


def find_claims(article: Article) -> tuple[list[Claim], list[tuple[str, str]]]:
    """Every casualty figure in the body with its claimant, and the claimants in order of first appearance."""
    claims: list[Claim] = []
    claimants: list[tuple[str, str]] = []
    known: list[str] = []
    body = article.body
    whos: list[str | None] = []
    introduced: dict[str, str] = {}
    for sentence in body:
        who = claimant(sentence, known)
        whos.append(who)
        if who and who not in known:
            known.append(who)
            claimants.append((who, sentence.text))
        elif who:  # named again: "he" in the next sentence is this speaker, not the last one named first
            known.remove(who)
            known.append(who)
        elif who is None:
            # "Oleksandr Prokudin, the head of the regional administration, shared a video": who "he" is later
            named = _NAMED_OFFICIAL.search(sentence.norm)
            if named and named.group("name").split()[-1].lower() not in REGION_WORDS:
                official = f"{named.group('name')} ({_clean_claimant(named.group('role')) or named.group('role')})"
                known.append(official)
                introduced[official] = sentence.text
    given: list[str | None] = [None] * len(body)
    quoted = _quote_speakers(body, whos)
    stated = _back_references(body, whos)
    for i, sentence in enumerate(body):
        found = casualties(sentence)
        who, near = whos[i], ""
        if who is None and found and quoted[i]:
            who, near = quoted[i], "speaker named where the quotation closes"
        if who is None and found and stated[i]:
            who, near = stated[i], "claimant named after it, as having stated this"
        borrowed: set[tuple[str, int | None]] = set()
        if who is None and found:
            who, near, j = _nearby(body, [w or q for w, q in zip(whos, quoted, strict=True)], i)
            if j is not None:  # the neighbour's own other figure: its claimant does not give this one
                borrowed = {(kind, low) for kind, low, _, text, _ in casualties(body[j])
                            if not _own_claimant(body[j].norm, text)}
        if who is None and found:
            who, near = _according_before(body, whos, i)
        if who is None and found and i > 0 and given[i - 1] and body[i - 1].paragraph == sentence.paragraph \
                and not whos[i - 1]:
            # "In A, drones injured 6 (source: the lead's). The enemy bombed B: 2 were killed": the paragraph's
            # list goes on under the claimant its first figure was given by
            who, near = given[i - 1], "claimant of the paragraph's figure before it"
        if who and found and _GROUP.match(who) and i + 1 < len(body) and (
                named := _GROUP_NAMED.match(body[i + 1].norm)):
            who, near = named.group("name"), f"the {who.lower()} is named in the next sentence"
            if who not in {name for name, _ in claimants}:
                claimants.append((who, body[i + 1].text))
        if who and found and TITLE_ONLY.match(who) and i + 1 < len(body) and body[i + 1].paragraph <= \
                sentence.paragraph + 1 and (named := _TITLE_NAMED.match(body[i + 1].norm)) and \
                not _NOT_CLAIMANT.match(named.group("name")):
            # "..., the regional governor said." then "Pavlo Kyrylenko wrote on Telegram that ...": the governor
            who, near = f"{named.group('name')} ({who.lower()})", "the official is named in the next sentence"
            if who not in {name for name, _ in claimants}:
                claimants.append((who, body[i + 1].text))
        if who and found and _UNNAMED_SOURCE.match(who) and i + 1 < len(body) and whos[i + 1] and \
                body[i + 1].paragraph <= sentence.paragraph + 1 and not casualties(body[i + 1]) and \
                _PERSON.match(whos[i + 1]) and not _OUTLET.match(whos[i + 1]):
            # "..., local sources told the AFP news agency." then "Fighters ... attacked villagers in their fields on
            # Thursday, said John Vuleveryo, coordinator of a local civil society group": the source, by name
            who, near = whos[i + 1], f"the {who.lower()} named in the next sentence"
        given[i] = who if found else None
        for kind, low, high, text, approx in found:
            if borrowed and any(k == kind for k, _ in borrowed) and (kind, low) not in borrowed:
                claims.append(Claim(kind, low, high, text, None, sentence.text, sentence.index, True,
                                    "the article does not say who gave this figure (the next claimant gives another)"))
                continue
            own = _own_claimant(sentence.norm, text)
            if own:  # "10 were killed, a figure higher than the three deaths police reported": the police's three
                if own not in {name for name, _ in claimants}:
                    claimants.append((own, sentence.text))
                claims.append(Claim(kind, low, high, text, own, sentence.text, sentence.index, bool(approx),
                                    f"approximate wording {text!r}" if approx else ""))
                continue
            reasons = []
            if approx:
                reasons.append(f"approximate wording {text!r}")
            if who is None:
                reasons.append("the article does not say who gave this figure")
            elif near:
                reasons.append(near)
            claims.append(Claim(kind, low, high, text, who, sentence.text, sentence.index,
                                bool(approx or who is None), "; ".join(reasons)))
    claims = named_claimants(claims, body, whos, quoted, _OUTLET.match)
    listed = {who for who, _ in claimants}
    for claim in claims:  # an official named before the pronoun that gave the figure ("he posted")
        if claim.claimant in introduced and claim.claimant not in listed:
            claimants.append((claim.claimant, introduced[claim.claimant]))
            listed.add(claim.claimant)
    return claims, claimants


#: A claimant known only by the title of an official ("a local governor", "the regional governor", "Mayor") ...
TITLE_ONLY = re.compile(r"^(?:(?:a|an|the)\s+)?(?:[\w'-]+\s+){0,2}?(?P<title>governor|mayor)$", re.I)
#: ... named, with no title of their own, at the start of the next sentence ("Pavlo Kyrylenko wrote on Telegram that").
_TITLE_NAMED = re.compile(r"^(?P<name>" + _NAME + r")\s+" + _SPEECH_OR_POST)


def titled_same(title: str, named: str) -> bool:
    """``named`` carries the official title ``title`` with a name: "Governor Alexander Bogomaz" for "Local governor"."""
    word = TITLE_ONLY.match(title)
    return bool(word) and re.search(r"\b(?i:" + word.group("title") + r")\s+" + _NAME, named) is not None


#: A source the lead leaves unnamed: "local sources", "a community leader", "a resident" ... Not "witnesses" or
#: "residents": "Witnesses say at least 11 people are dead" is the count of many who saw it, not of the official
#: the next sentence quotes on one of the dead.
_UNNAMED_SOURCE = re.compile(r"^(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}(?:sources?|leaders?|resident|witness|"
                             r"activists?)$", re.I)
#: ... and a person the next sentence names, with or without a title ("John Vuleveryo", "Jane Doe (coordinator ...)").
_PERSON = re.compile(r"^[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,3}(?:\s+\(.*\))?$")


#: "..., a rights group said on Monday." then "Emergency Lawyers, which monitors violence against civilians, said
#: drones bombed ...": the group the lead does not name, named in the next sentence.
_GROUP = re.compile(r"^(?:[\w-]+\s+){0,2}(?:group|organi[sz]ation|network|monitor|charity)$", re.I)
_GROUP_NAMED = re.compile(r"^(?:The\s+)?(?P<name>(?:[A-Z][\w'&-]*\s+){0,5}[A-Z][\w'&-]*)\s*(?:\([A-Z]{2,10}\)\s*)?,\s+"
                          r"(?:which|a|an|the)\b[^.;]{0,120}?,\s+(?:said|says|reported|announced|stated)\b")
#: "the three deaths police reported", "the toll that officials gave": a claimant of this figure alone.
_OWN = re.compile(r"^\s+(?:that\s+|which\s+)?(?P<who>(?:the\s+)?(?:[a-z][\w'-]*\s+){0,2}" + _ROLE + r")\s+(?:had\s+|have\s+)?"
                  r"(?:reported|gave|cited|confirmed|announced|recorded)\b(?!\s+(?:that|on|by)\b)", re.I)


def _own_claimant(norm: str, text: str) -> str | None:
    at = norm.find(text)
    if at < 0:
        return None
    match = _OWN.match(norm[at + len(text):])
    return _clean_claimant(match.group("who")) if match else None


def _quote_speakers(body: tuple[Sentence, ...], whos: list[str | None]) -> list[str | None]:
    """For each sentence inside a quotation running over several sentences, who the closing one names."""
    out: list[str | None] = [None] * len(body)
    start = None
    for j, sentence in enumerate(body):
        marks = len(re.findall(r"[\"\u201c\u201d]", sentence.norm))
        if marks % 2 == 0:
            continue
        if start is None:
            start = j
        else:
            for k in range(start, j + 1):
                out[k] = whos[j]
            start = None
    return out


#: "Oleh Hryhorov ... stated this on Telegram", "the ministry said so": the statement is what came before.
_THIS = re.compile(r"\b(?:[a-z]{3,}ed|said|wrote)\s+(?:this|so)\b(?!\s+(?:week|month|year|morning|evening|time)\b)|"
                   r"^Source:\s|"  # a line of its own naming the source of the lead before it
                   r"^(?:This|That|It)\s+(?:was|has been|had been)\s+(?:reported|announced|stated|confirmed|posted)\s+"
                   + _ON_CHANNEL + r"by\b")


def _back_references(body: tuple[Sentence, ...], whos: list[str | None]) -> list[str | None]:
    """For the unattributed sentences before "X stated this" (its paragraph and the one before): X."""
    out: list[str | None] = [None] * len(body)
    for j, sentence in enumerate(body):
        if not whos[j] or not _THIS.search(sentence.norm):
            continue
        i = j - 1
        while i >= 0 and body[i].paragraph >= sentence.paragraph - 1 and not whos[i] and not out[i]:
            out[i] = whos[j]
            i -= 1
    return out


def headline_claims(article: Article) -> list[Claim]:
    """Figures in the headline ("Air strike on market kills at least 27"): used when the body is vague."""
    head = [s for s in article.sentences if s.headline]
    out = []
    for sentence in head:
        for kind, low, high, text, _ in casualties(sentence):
            out.append(Claim(kind, low, high, text, None, sentence.text, sentence.index, True,
                             "the figure is the headline's; the article's text gives no number for it"))
    return out


#: A sentence of its own on who gave the figures: "DPO Kashif Zulfiqar confirmed the casualties to Dawn.com".
_CONFIRMS = re.compile(r"\b(?:confirmed|gave|put|reported|announced)\s+(?:the\s+)?(?:casualties|(?:death\s+)?toll|"
                       r"figures?|deaths|fatalities)\b|^Source:", re.I)


_CONFIRMS_EVENT = re.compile(r"\bconfirmed\s+(?:the\s+)?(?:incident|attack|raid|strike|explosion|blast)\b(?!\s+(?:that\s+)?"
                             r"(?:killed|left|claimed))", re.I)
_ACCORDING_LEAD = re.compile(r"^(?:According to|Per)\b", re.I)


def _according_before(body: tuple[Sentence, ...], whos: list[str | None], i: int) -> tuple[str | None, str]:
    """ "According to him, a house was damaged in A ..." then, a paragraph or two on, "In B a man was killed": the
    report's list goes on under the claimant who opened it (no other claimant named in between)."""
    opened = {whos[k] for k in range(i) if whos[k] and _ACCORDING_LEAD.match(body[k].norm)}
    for j in range(i - 1, -1, -1):
        if body[i].paragraph - body[j].paragraph > 2:
            break
        if whos[j]:
            if whos[j] in opened:
                return whos[j], "claimant of the report's list, named where it opens (\"According to ...\")"
            break
    return None, ""


def _nearby(body: tuple[Sentence, ...], whos: list[str | None], i: int) -> tuple[str | None, str, int | None]:
    """The claimant of a neighbouring sentence: the next one for a lead, else the one before in the paragraph.

    The lead is the body's first sentence, or the first to give a figure when only page furniture ("News Feed",
    "2 min read", a photo caption) comes before it, with no figure and no claimant.
    """
    lead = i == 0 or not any(whos[k] or casualties(body[k]) for k in range(i))
    order = [i + 1, i - 1] if lead else [i - 1, i + 1]
    if i >= 2 and not whos[i - 1] and body[i - 2].paragraph == body[i].paragraph:
        # "..., security sources said. They blamed the attack on Boko Haram. Six people died ...": the paragraph's
        # source, one unattributed sentence back
        order.append(i - 2)
    if lead and i + 2 < len(body) and not whos[i + 1] and (
            re.match(r"\s*[\"\u201c]", body[i + 1].norm) or _CONFIRMS.search(body[i + 2].norm)):
        # the lead, then a quote whose speaker is named where it closes, or a line of its own on who gave
        # the lead's figures ("DPO Kashif Zulfiqar confirmed the casualties to Dawn.com")
        order.insert(1, i + 2)
    for j in order:
        if 0 <= j < len(body) and _CONFIRMS_EVENT.search(body[j].norm) and not casualties(body[j]) \
                and not re.search(r"\b(?:said|says|told|added|stated)\b", body[j].norm):
            continue  # "Police confirmed the incident" (and said nothing more): that it happened, not how many died
        if 0 <= j < len(body) and whos[j] and (abs(body[j].paragraph - body[i].paragraph) <= (2 if j == i + 2 else 1)) \
                and not (not lead and j > i and body[j].paragraph != body[i].paragraph):  # a later paragraph's source
            where = "next" if j > i else "previous"
            return whos[j], f"claimant named in the {where} sentence", j
    return None, "", None


def claimant(sentence: Sentence, known: list[str]) -> str | None:
    """Who the sentence attributes its statement to, or None."""
    text = sentence.norm
    for pattern in _ATTRIBUTION:
        for match in pattern.finditer(text):
            if re.match(r"\s*(?:responsibility|credit|the li(?:fe|ves))\b", text[match.end():]):
                continue  # "claimed responsibility" is not a statement of fact
            raw = match.group("who") or match.groupdict().get("inst") or ""  # "Source: <institution>" has no name
            if re.match(r"As\s", raw) and re.search(r"\b(?:earlier|previously)$", raw):
                continue  # "As Ukrainian News Agency earlier reported, ...": an earlier report, not this one's source
            who = _clean_claimant(raw)
            first = _BEFORE_AND.search(text[:match.start("who")]) if raw and _AGENCY.search(raw) else None
            if first and _clean_claimant(first.group("first")):
                # "..., the Palestinian health ministry and the Palestinian official news agency WAFA said": the
                # ministry, which the agency relays
                return _clean_claimant(first.group("first"))
            appos = match.groupdict().get("appos")
            if appos and _OUTLET.match(re.sub(r"^(?:per|via)\s+|\s+(?:reports|reported|says|said)$", "", appos,
                                              flags=re.I)):
                appos = None  # "according to the regional administration, Ukrinform reports": the outlet relays
            if appos and re.fullmatch(_ROLE, appos.split()[-1].lower()):
                continue  # "the head of the Chernihiv Regional State Administration": an institution, not a name
            if appos and appos.split()[-1].lower() in REGION_WORDS:
                appos = None  # "a spokesman in Pale Township, Sagaing Region, said": a place, not a name
            if who and appos and who.lower().split()[0] in ("his", "her", "their", "its", "a", "the"):
                return f"{appos} ({' '.join(who.split()[1:])})"  # "his spokesman, Dmitry Peskov"
            if who and appos:
                keep = re.match(r"[A-Z][a-z]+-[a-z]", who)  # "Kremlin-backed head": a name in the compound
                return f"{appos} ({who if keep else who[0].lower() + who[1:]})"
            if appos and not who and len(raw.split()) > 8:
                return appos  # "The Head of Operations of the State Emergency Management Agency (SEMA), Musa Ibrahim, said"
            if not who or _OUTLET.match(who):
                continue
            if who.lower() in _PRONOUNS or who.lower().startswith(("his ", "her ", "their ", "its ")):
                resolved = _resolve(who, known)
                if resolved:
                    return resolved
                if who.lower() in ("officials", "authorities"):
                    return who[0].upper() + who[1:]
                if who.lower() in _PRONOUNS:
                    continue
            return _resolve(who, known) or who
    return None


#: "..., the Palestinian health ministry and " before "the ... news agency WAFA said": who the agency says it with.
_BEFORE_AND = re.compile(r"(?:^|,)\s*(?P<first>(?:the\s+)?(?:[\w'.-]+\s+){0,4}?(?i:" + _ROLE + r"))\s+and\s+$")
_AGENCY = re.compile(r"\bagency\b|^(?:the\s+)?(?:" + _WIRES + r"|WAFA|SANA|NNA|IRNA|Saba|SUNA)$", re.I)


_REPORT_IN = re.compile(r"^(?:(?:a|an|the)\s+)?reports?\s+(?:in|by|from|carried by|published by)\s+[^\"]{0,60}?\b(?:"
                        r"newspaper|newssheet|newsletter|daily|weekly|paper|magazine|website|news agency|broadcaster)\s+"
                        r"\"?(?P<name>[A-Z][^\",;]{1,40})\"?$")


def _clean_claimant(who: str) -> str | None:
    who = re.sub(r"\s+", " ", who).strip(" ,\"'\u2013\u2014-")  # "KYIV (AFP) - Kyiv said": no dash
    who = re.sub(r"^(?:and|but|while|as)\s+", "", who, flags=re.I)
    # "..., which borders Ukraine, the ministry" -> keep the last clause, unless it is an aside
    clauses = [c for c in re.split(r",\s*", who) if c]
    while len(clauses) > 1 and re.match(r"(?:also |better |commonly )?known as|which|who|a group|an? \w+ group",
                                        clauses[-1], re.I):
        clauses.pop()  # "Syrian Civil Defence, known as the White Helmets"
    who = clauses[-1] if clauses else ""
    who = re.sub(r"\s+(?:on|late|early|earlier|later)\b(?!-).*$", "", who)
    who = re.sub(r"'s\s+(?:[\w-]+\s+){0,2}?(?:statement|post|message|channel|account)$", "", who)  # "Bogomaz's Telegram post"
    who = re.sub(r"(?<=[a-z]{2})\.$", "", who)  # "said Haji Karim." (an abbreviation keeps its dot: "Capt.")
    who = re.sub(r"\s+in\s+(?:a|an|his|her|its|their)\s+(?:[\w-]+\s+){0,2}?(?:statement|post|message|interview|video|briefing|"
                 r"telegram)\b.*$", "", who, flags=re.I)
    # "a report in Monday's issue of the independent newssheet "Carta de Mocambique"": the paper reports it
    paper = _REPORT_IN.match(who)
    who = paper.group("name").strip() if paper else who
    who = re.sub(r"^(?:the|a|an)\s+", "", who, flags=re.I)
    who = re.sub(r"\s+(?:has|have|had|also|further|later|earlier|again|who|which|that)$", "", who)
    who = re.sub(r"^((?:[A-Z]|[a-z])[\w'-]*)\s+statement$", r"\1", who)  # "a military statement" -> military
    who = re.sub(r"^(?:(?:official\s+)?figures|data|statements?|a statement|tall(?:y|ies))\s+(?:released\s+|issued\s+|"
                 r"published\s+|compiled\s+)?(?:by|from)\s+(?:the\s+)?", "", who, flags=re.I)
    if not who or _NOT_CLAIMANT.match(who) or _NOT_SPEAKER.search(who) or len(who.split()) > 8:
        return None
    if who.split()[0].lower() in ("a", "an", "this", "that", "it", "which") and len(who.split()) < 2:
        return None
    return who[0].upper() + who[1:]


def _resolve(who: str, known: list[str]) -> str | None:
    """ "the ministry" -> the ministry named before; "he", "him" -> the last claimant."""
    words = who.lower().split()
    if words[0] in _PRONOUNS or words[0] in ("his", "her", "their", "its"):
        return known[-1] if known and words[0] in ("he", "she", "they", "it", "him", "her", "them", "statement",
                                                   "message", "report", "post") \
            else None
    head = words[-1]
    for name in reversed(known):
        if name.lower() != who.lower() and head in name.lower().split() and len(name.split()) > len(words):
            return name
    return None
