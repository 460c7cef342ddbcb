"""Claims: casualty figures as ranges with their claimant, weapons, damage, event type.

Casualty wording becomes a range (see :data:`VAGUE_QUANTITIES`): "at least
12" is low 12 with no high; "dozens" is 24–99. Each figure is attributed to
whoever the sentence says said it ("..., the Russian Defense Ministry said");
"the ministry" later in the text is taken to be the ministry named before.
A figure nobody is said to have given is kept but marked uncertain.
"""

from __future__ import annotations

import re

from ._model import Claim, DamageReport, WeaponMention
from ._names import TITLE_WORDS, demonym_index
from ._places import INCIDENT_CUE
from ._text import NUMBER, Article, Sentence, parse_number

__all__ = ["VAGUE_QUANTITIES", "find_claims", "find_weapons", "find_damage", "find_event_type", "find_actors"]

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


# -- weapons ------------------------------------------------------------------------------------------------

# Designators with their usual spelling: "SU-34" is written "Su-34".
_PREFIXES = ["Su", "MiG", "Tu", "Il", "Ka", "Mi", "Yak", "Kh", "S", "F", "B", "A", "AH", "UH", "MQ", "RQ", "TB",
             "Shahed", "Geran", "Lancet", "FAB", "KAB", "OFAB", "UPAB", "ODAB", "BM", "AGM", "GBU", "Tochka", "Tor",
             "Buk", "Orlan", "Mohajer", "Ababil", "Samad", "Qasef", "Burkan", "Fateh", "Zolfaghar", "Grad", "M"]
_DESIGNATOR = re.compile(r"\b(?P<prefix>" + "|".join(sorted(_PREFIXES, key=len, reverse=True)) + r")[- ]?"
                         r"(?P<number>\d{1,4}[A-Z]{0,3}\d?)\b", re.I)
_NAMED = ["Iskander", "Kalibr", "Kinzhal", "Tochka-U", "Grad", "Uragan", "Smerch", "Tornado-S", "HIMARS", "ATACMS",
          "Storm Shadow", "SCALP", "Bayraktar TB2", "Bayraktar", "Zircon", "Onyx", "Lancet", "Shahed", "Geran",
          "Javelin", "Tomahawk", "Hellfire", "Qassam", "Grad", "Katyusha", "Patriot", "Oniks", "Tochka"]
_MUNITIONS = [("glide bomb", "bomb"), ("barrel bomb", "bomb"), ("cluster munitions?", "cluster munition"),
              ("cluster bombs?", "cluster munition"), ("car bomb", "car bomb"), ("suicide bomb\\w*", "suicide bomb"),
              ("improvised explosive devices?|IEDs?", "improvised explosive device"), ("bombs?", "bomb"),
              ("ballistic missiles?", "ballistic missile"), ("cruise missiles?", "cruise missile"),
              ("missiles?", "missile"), ("rockets?", "rocket"), ("drones?|UAVs?", "drone"),
              ("artillery|shells?|shelling", "artillery"), ("mortars?", "mortar"), ("grenades?", "grenade"),
              ("landmines?", "landmine"), ("air ?strikes?", "air strike")]
_AIRCRAFT = re.compile(r"\b(fighter jet|fighter-bomber|warplane|bomber|attack helicopter|helicopter|military "
                       r"aircraft|air force plane|jet)\b", re.I)


def find_weapons(article: Article, *, incident_sentences: set[int]) -> list[WeaponMention]:
    """Platforms and munitions named in sentences about the incident, in order of first mention."""
    found: dict[str, WeaponMention] = {}
    for sentence in article.sentences:
        if sentence.index not in incident_sentences:
            continue
        text = sentence.norm
        for match in _DESIGNATOR.finditer(text):
            prefix = next(p for p in _PREFIXES if p.lower() == match.group("prefix").lower())
            if len(prefix) == 1 and not re.match(r"[A-Z]-\d{2,}", match.group()):
                continue  # "A 4", "M 5": not a designator without a hyphen and two digits
            name = f"{prefix}-{match.group('number').upper()}"
            found.setdefault(name, WeaponMention(name, "designator", sentence.text))
        for name in _NAMED:
            if re.search(r"\b" + re.escape(name) + r"\b", text, re.I) and not any(
                    name.lower() in key.lower() for key in found):
                found.setdefault(name, WeaponMention(name, "named system", sentence.text))
        for pattern, name in _MUNITIONS:
            if name == "air strike":
                continue
            if re.search(r"\b(?:" + pattern + r")\b", text, re.I if name != "improvised explosive device" else 0):
                if name == "bomb" and any(k in found for k in ("car bomb", "suicide bomb")):
                    continue
                found.setdefault(name, WeaponMention(name, "munition", sentence.text))
    if not any(w.kind == "designator" for w in found.values()):
        for sentence in article.sentences:
            if sentence.index in incident_sentences and _AIRCRAFT.search(sentence.norm):
                name = _AIRCRAFT.search(sentence.norm).group(1).lower()
                found.setdefault(name, WeaponMention(name, "platform", sentence.text, True,
                                                     "a generic aircraft type; the model is not named"))
                break
    rank = {"designator": 0, "named system": 1, "munition": 2, "platform": 3}
    return sorted(found.values(), key=lambda w: rank[w.kind])


# -- damage -------------------------------------------------------------------------------------------------

_DAMAGE_VERBS = [
    (r"(?:completely |totally )?(?:destroyed|flattened|razed|levell?ed|gutted|obliterated)", "destroyed"),
    (r"(?:badly |heavily |severely |seriously )damaged|collapsed|burn(?:ed|t) (?:down|out)|set|caught fire|"
     r"burn(?:ed|t)", "severe"),
    (r"(?:partially |partly )destroyed", "severe"),
    (r"(?:slightly |lightly )damaged|shattered|blew out|blown out|smashed|broke|broken", "light"),
    (r"damaged|damaging|hit|struck|knocked out|knocking out|cut off|cutting off|cut|disrupted|affected",
     "unknown"),
]
_OBJECTS = [
    (r"apartment (?:blocks?|buildings?)|residential (?:buildings?|blocks?)|blocks? of flats|high-rises?|buildings?|"
     r"houses?|homes?|apartments?|flats?|dwellings?|roofs?|fa[cç]ades?|garages?|(?:police |bus |railway )?"
     r"stations?|shelters?|tents?", "buildings"),
    (r"hospitals?|clinics?|medical facilit(?:y|ies)", "hospital"),
    (r"schools?|kindergartens?|universit(?:y|ies)", "school"),
    (r"mosques?|churches|church|synagogues?|temples?", "place of worship"),
    (r"markets?|shops?|stores?|shopping (?:centre|center|mall)s?|businesses", "commercial buildings"),
    (r"cars?|vehicles?|buses|bus|trucks?|lorr(?:y|ies)|minibus(?:es)?", "vehicles"),
    (r"windows?|glass|windowpanes?", "windows"),
    (r"power(?: supply| lines?| grid)?|electricity(?: supply)?|substations?|power (?:station|plant)s?",
     "power supply"),
    (r"water (?:supply|pipes?|mains?)|water", "water supply"),
    (r"gas (?:supply|pipelines?|lines?|mains?)", "gas supply"),
    (r"bridges?", "bridge"), (r"roads?|highways?", "road"), (r"railways?|rail lines?|tracks", "railway"),
    (r"(?:fuel|oil) (?:depots?|storage|tanks?)|depots?", "fuel depot"),
    (r"infrastructure|facilit(?:y|ies)", "infrastructure"),
]
_OBJECT_RE = re.compile(r"\b(?:" + "|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(_OBJECTS)) + r")\b", re.I)
_VERB_RE = re.compile(r"\b(?:" + "|".join(f"(?P<v{i}>{p})" for i, (p, _) in enumerate(_DAMAGE_VERBS)) + r")\b", re.I)
# Where an object phrase ends: a preposition that starts a place or cause, a clause break, another verb.
_STOP = re.compile(r"[,;:.]|\b(?:in|at|near|across|around|after|when|while|which|that|as|by|during|from|with|"
                   r"and (?:the )?(?:blast|explosion|fire|bomb)|killing|injuring|causing)\b", re.I)
_PERSON_HIT = re.compile(r"\b(?:people|civilians|children|residents|soldiers|man|woman|person)\b", re.I)


def find_damage(article: Article, *, incident_sentences: set[int], claimants: dict[int, str | None]
                ) -> list[DamageReport]:
    """Damage named with a damage verb: "damaged several buildings and vehicles", "windows were shattered"."""
    found: dict[str, tuple[int, DamageReport]] = {}
    for sentence in article.body:
        if sentence.index not in incident_sentences:
            continue
        text = sentence.norm
        for verb in _VERB_RE.finditer(text):
            severity = next(_DAMAGE_VERBS[int(k[1:])][1] for k, v in verb.groupdict().items() if v)
            verb_text = verb.group().lower()
            if verb_text == "set" and not re.match(r"[^,.;]{0,40}?\b(?:on fire|ablaze|alight)", text[verb.end():]):
                continue
            # "hit" says where a strike landed, weaker than "destroyed": a later, plainer verb replaces it.
            rank = 0 if verb_text in ("hit", "struck", "affected") else 1
            for kind, phrase in _objects_of(text, verb):
                if kind in found and found[kind][0] >= rank:
                    continue
                description = f"{phrase} {_participle(verb_text)}".strip()
                description = description[0].lower() + description[1:]
                report = DamageReport(kind, severity, description, sentence.text, claimants.get(sentence.index))
                found[kind] = (rank, report)
    return [report for _, report in found.values()]


def _objects_of(text: str, verb: re.Match) -> list[tuple[str, str]]:
    """Objects after an active verb, or before a passive one, up to a clause break or the next verb."""
    passive = re.search(r"\b(?:were|was|have been|had been|are|is|got)\s+(?:\w+\s+)?$", text[:verb.start()], re.I)
    if passive:
        before = text[:verb.start()]
        cut = max((m.end() for m in re.finditer(r"[,;:.]|\b(?:and|when|after|while|as)\b", before)), default=0)
        segment = before[cut:passive.start()]
    else:
        after = text[verb.end():]
        ends = [m.start() for m in (_STOP.search(after), _VERB_RE.search(after)) if m]
        segment = after[:min(ends)] if ends else after
    out = []
    previous_end = None
    for obj in _OBJECT_RE.finditer(segment):
        if previous_end is not None and re.search(r"\bof\b", segment[previous_end:obj.start()]):
            break  # "windows of nearby shops": the shops' windows, not the shops
        previous_end = obj.end()
        kind = next(_OBJECTS[int(k[1:])][1] for k, v in obj.groupdict().items() if v)
        quantity = re.search(r"(?:\b(?:several|many|dozens of|hundreds of|scores of|some|\d+|a number of|multiple|"
                             r"nearby|numerous|at least \d+|two|three|four|five|six|seven|eight|nine|ten)\s+)?"
                             r"(?:\b(?!and\b|or\b|the\b|a\b|an\b|its\b|their\b)[a-z-]+\s+)?$", segment[:obj.start()])
        phrase = re.sub(r"\s+", " ", ((quantity.group() if quantity else "") + obj.group()).strip())
        out.append((kind, phrase))
    return out


def _participle(verb: str) -> str:
    return {"knocking out": "knocked out", "cutting off": "cut off", "damaging": "damaged", "broke": "broken",
            "blew out": "blown out", "hit": "hit", "struck": "hit", "set": "set on fire"}.get(verb, verb)


# -- event type and actors ----------------------------------------------------------------------------------

_EVENT_RULES = [
    (r"\bcar bomb|suicide bomb|improvised explosive|\bIEDs?\b|bomb (?:exploded|went off|blast)|planted (?:a )?bomb|"
     r"explosive device", "bombing"),
    (r"\bdropped (?:a |an |the )?(?:\w+ )?bombs?|air ?strikes?|warplanes?|bombed|bombing raid|fighter jet", "air strike"),
    (r"\bbombs? (?:hit|struck|fell|landed)", "bombing"),
    (r"\bballistic missile|cruise missile|missiles?", "missile strike"),
    (r"\bdrones?|UAVs?", "drone strike"),
    (r"\bshell(?:ed|ing)|artillery|mortars?|rockets?", "shelling"),
    (r"\bgunmen|opened fire|shooting|shot dead", "armed attack"),
    (r"\bexplosion|blast|exploded", "explosion"),
]
_ACCIDENT = re.compile(r"\b(?:accident(?:al|ally)?|mistaken(?:ly)?|by mistake|misfire|unintentional(?:ly)?|"
                       r"inadvertent(?:ly)?|malfunction)\b", re.I)
_MILITARY_NOUN = re.compile(r"\b(fighter jet|warplanes?|jets?|aircraft|planes?|helicopters?|drones?|forces|troops|"
                            r"army|military|air force|navy|artillery|soldiers|militants|fighters|rebels|gunmen)\b",
                            re.I)


def find_event_type(article: Article, *, incident_sentences: set[int]) -> tuple[str, str] | None:
    """A coarse event type ("air strike", "shelling", ...) and its evidence; "accidental" when the text says so."""
    body = [s for s in article.sentences if s.index in incident_sentences]
    for pattern, label in _EVENT_RULES:
        for sentence in body:
            if re.search(pattern, sentence.norm, re.I):
                accident = any(_ACCIDENT.search(s.norm) for s in body)
                return (f"accidental {label}" if accident else label), sentence.text
    return None


def find_actors(article: Article, *, incident_sentences: set[int]) -> list[tuple[str, str]]:
    """ "A Russian fighter jet" -> "Russian armed forces": a nationality right before a military noun."""
    demonyms = demonym_index()
    out: dict[str, str] = {}
    for sentence in article.sentences:
        if sentence.index not in incident_sentences:
            continue
        for match in re.finditer(r"\b([A-Z][a-z]+)\s+(?:[a-z-]+\s+)?" + _MILITARY_NOUN.pattern, sentence.norm):
            code = demonyms.get(match.group(1).lower())
            if code and match.group(1).lower() not in TITLE_WORDS:
                out.setdefault(f"{match.group(1)} armed forces", sentence.text)
    return list(out.items())


def incident_sentences(article: Article, place_sentences: set[int]) -> set[int]:
    """Sentences about the incident: the lead, sentences naming its place, and those with event words."""
    chosen = set(place_sentences)
    for sentence in article.sentences:
        if sentence.index <= 2 or (INCIDENT_CUE.search(sentence.norm) and sentence.index <= 6):
            chosen.add(sentence.index)
    return chosen
