"""Folding place names to index keys: the same at data-build time and at run time.

``data/build_gazetteer.py`` folds every GeoNames name with :func:`fold` and
:func:`skeleton` into the bundled index; :mod:`geo.reference.gazetteer` folds
a query the same way. Changing either function means rebuilding the index.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "skeleton"]

# Cyrillic (Russian and Ukrainian letters) to Latin, close to BGN/PCGN.
_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}
_LATIN = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
_TABLE = str.maketrans({**_CYR, **_LATIN, "’": "", "'": "", "ʼ": "", "ʹ": "", "`": "", "´": "", '"': "",
                        "‘": "", "ʻ": "", "ʽ": ""})
_CYRILLIC_YE = re.compile(r"(?<![а-яёіїєґ])е")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/.,()]+")
_SKELETON = [(re.compile(p), r) for p, r in (
    (r"kh", "h"), (r"[yj]", "i"), (r"w", "v"), (r"t[sz]", "c"), (r"ck", "k"), (r"ph", "f"),
    (r"(.)\1+", r"\1"),
)]


def fold(text: str) -> str:
    """Case, accents, Cyrillic script, apostrophes and separators folded away.

    >>> fold("Ivano-Frankivs'k"), fold("Белгород"), fold("Łódź")
    ('ivano frankivsk', 'belgorod', 'lodz')
    """
    text = str(text)
    if text.isascii():  # the common case, the same result: no Cyrillic, accents or combining marks to fold
        return _SEPARATORS.sub(" ", text.lower().translate(_TABLE)).strip()
    text = text.casefold()
    text = _CYRILLIC_YE.sub("ye", text)  # BGN/PCGN: е at a word start
    text = text.translate(_TABLE)
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", text).strip()


def skeleton(text: str) -> str:
    """A looser key: transliteration variants (y/i/j, kh/h, ts/c, w/v, doubled letters) merged.

    >>> skeleton("Graivoron") == skeleton("Grayvoron")
    True
    """
    key = fold(text)
    for pattern, repl in _SKELETON:
        key = pattern.sub(repl, key)
    return key
