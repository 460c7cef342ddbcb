"""Transliteration variants: "Jisr al-Shughour" is Jisr ash Shughūr, "Bint Jbeil" is Bent Jbaïl.

Arabic, Russian and Ukrainian names reach English news in many spellings
(al-/el-/ash-, ou/u, ei/ai/ay, kh/h, final -ah/-a). The gazetteer's own
alternate names catch the common ones; for the rest, a *consonant key*
(folded, articles and vowels removed, doubled letters merged) matches the
article's spelling against the gazetteer names of the countries the article
is about. The key is loose, so it is only asked for names in a place
position ("the village of X", "in X") that nothing else matched, only within
the article's countries, and a match is always marked uncertain.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import numpy as np

__all__ = ["consonant_key", "variant_rows", "first_word_keys", "district_towns"]

_ARTICLE = re.compile(r"\b(?:al|el|ad|ar|as|an|ash|az|at|ed|en|es|et|ez|adh|ath|ul|ud|us)\b")
_CYR = str.maketrans({"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
                      "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
                      "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
                      "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi",
                      "є": "ye", "ґ": "g"})
_MIN_CONSONANTS = 4
_APOSTROPHE = re.compile(r"['`\u2018\u2019\u02bb\u02bc\u02be\u02bf\u00b4]")
_NOT_LETTERS = re.compile(r"[^a-z]+")
_FINAL_H = re.compile(r"([aeiouy])h\b")
_DOUBLED = re.compile(r"(.)\1+")
_INNER_VOWELS = re.compile(r"(?<=\w)[aeiouyw]+")
_FIRST_VOWELS = re.compile(r"\b[aeiouy]+")


def consonant_key(name: str) -> str:
    """Folded name without articles, vowels, apostrophes, final -h after a vowel, or doubled letters.

    >>> consonant_key("Jisr al-Shughour") == consonant_key("Jisr ash Shughūr")
    True
    >>> consonant_key("Graivoron") == consonant_key("Grayvoron")
    True
    """
    text = str(name).casefold().translate(_CYR)
    if not text.isascii():  # ASCII is its own NFKD form, with no combining marks
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _APOSTROPHE.sub("", text)
    text = _NOT_LETTERS.sub(" ", text)
    text = _ARTICLE.sub(" ", text).replace("kh", "h")
    text = _FINAL_H.sub(r"\1", text)  # Hodeidah / Hodeida, Balah / Bala
    text = _DOUBLED.sub(r"\1", text)
    text = _INNER_VOWELS.sub("", text)  # vowels (and w as in Hawwara/Havara) after the first letter
    text = _FIRST_VOWELS.sub("", text)
    return " ".join(text.split())


def spellings(name: str) -> list[str]:
    """A few respellings to look up as they are: "Hodeidah" -> "Hodeida", "Shughour" -> "Shughur".

    >>> spellings("Hodeidah")
    ['Hodeida']
    """
    out = []
    for pattern, repl in ((r"(?<=[aeiou])h\b", ""), (r"ou", "u"), (r"ee", "i"), (r"\b[Ee]l-", "al-"),
                          (r"\b[Aa]l-", ""), (r"ei", "ai"), (r"iy", "i"), (r"yy", "y")):
        other = re.sub(pattern, repl, name)
        if other != name and other not in out:
            out.append(other)
    return out


_ADJECTIVE = re.compile(r"(?:sk(?:iy|ii|yi|yy|y|i|ij)|s'k(?:yi|yy)|skaya|ska|skoye|skoe)$", re.I)


def district_towns(name: str) -> list[str]:
    """The town a district named by its adjective is named after: "Sudzhansky" -> Sudzha, "Glushkovsky" -> Glushkovo.

    >>> district_towns("Sudzhansky")[:3]
    ['Sudzhan', 'Sudzha', 'Sudzhano']
    """
    stem = _ADJECTIVE.sub("", name)
    if stem == name or len(stem) < 3:
        return []
    out = [stem, stem[:-1] if stem.endswith("n") else "", stem + "o", stem + "a", stem + "sk", stem + "e",
           stem[:-1] + "o" if stem.endswith("i") else ""]
    return list(dict.fromkeys(o for o in out if o))


@functools.cache
def _keys(country: str, floor: int) -> tuple[np.ndarray, np.ndarray]:
    """(consonant keys, gazetteer rows) of one country's places."""
    from geo.input.extract._gazetteer import places

    frame = places()
    rows = np.flatnonzero(frame["country"] == country)
    keys = np.array([consonant_key(n) for n in frame["name"][rows]], dtype=object)
    return keys, rows


def variant_rows(name: str, countries: list[str]) -> np.ndarray:
    """Gazetteer rows in ``countries`` whose name has the consonant key of ``name``.

    Empty when the key is too short to be telling (fewer than four consonants).
    """
    from geo.input.extract._gazetteer import min_population

    key = consonant_key(name)
    if len(key.replace(" ", "")) < _MIN_CONSONANTS:
        return np.empty(0, dtype=int)
    found = []
    for country in countries:
        keys, rows = _keys(country, min_population())
        found.append(rows[keys == key])
    return np.concatenate(found) if found else np.empty(0, dtype=int)


@functools.cache
def first_word_keys(country: str) -> tuple[np.ndarray, np.ndarray]:
    """(consonant keys of the first word, gazetteer rows) of one country's places: "Tazah Khurmatu" -> "tz"."""
    from geo.input.extract._gazetteer import min_population

    keys, rows = _keys(country, min_population())
    return np.array([k.split(" ")[0] if k else "" for k in keys], dtype=object), rows
