"""Safe, deterministic embedding of map data in an HTML page.

All data a map needs travels in one ``<script type="application/json">``
block that the page reads with ``JSON.parse``. Nothing user-supplied is ever
spliced into HTML or JavaScript source, so no text can run as code: inside the
block ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e`` and
``\\u0026`` (so ``</script>`` cannot close it), and U+2028/U+2029 as escapes
(older JavaScript engines treat them as line ends).

The encoding is deterministic: keys keep insertion order, floats use Python's
shortest round-trip repr after rounding, and NaN never appears (it becomes
``null``), so the same inputs give byte-identical pages.
"""

from __future__ import annotations

import base64
import json
import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["dumps", "script_block", "script_block_parts", "typed", "codes_or_values", "coded_column", "MISSING_INT"]

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
            0x2028: "\\u2028", 0x2029: "\\u2029"}


def _default(value: Any) -> Any:
    # numpy scalars and pandas missing values arrive from frames.
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if not np.isfinite(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if value is pd.NA or value is pd.NaT:
        return None
    raise TypeError(f"cannot embed a {type(value).__name__} in map data")


def _clean(value: Any) -> Any:
    # json.dumps writes NaN as the invalid token NaN; walk once and null it.
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def dumps(data: Any) -> str:
    r"""JSON text of ``data``, safe to place inside a ``<script>`` element.

    >>> dumps({"t": "</script><b>"})
    '{"t":"\\u003c/script\\u003e\\u003cb\\u003e"}'
    """
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_default)
    except ValueError:  # a NaN or infinity slipped through: walk once and null it
        text = json.dumps(_clean(data), ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                          default=_default)
    # str.replace per character is ~50x faster than str.translate on megabytes of text.
    for char, escaped in _ESCAPES.items():
        if chr(char) in text:
            text = text.replace(chr(char), escaped)
    return text


def script_block(data: Any, *, element_id: str) -> str:
    """A ``<script type="application/json">`` element holding ``data``.

    ``element_id`` is ours (never user text); it is checked anyway.
    """
    return "".join(script_block_parts(data, element_id=element_id))


def script_block_parts(data: Any, *, element_id: str) -> list[str]:
    """:func:`script_block` as its opening tag, its JSON text and its closing tag: a page of 100,000 incidents
    writes its 9 MB of JSON as it is, without copying it into the element and the element into the page."""
    if not element_id.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"element id must be alphanumeric, got {element_id!r}")
    return [f'<script type="application/json" id="{element_id}">', dumps(data), "</script>"]


#: Stands for a missing value in 32-bit columns (the smallest int32; JavaScript reads it as null).
MISSING_INT = -(2**31)
# Narrowest little-endian width that holds the values plus its own "missing" marker (the type's minimum).
_WIDTHS = (("i1", "<i1"), ("i2", "<i2"), ("i4", "<i4"))


def typed(values: np.ndarray | pd.Series, *, scale: float = 1.0) -> dict[str, Any]:
    """A numeric column as base64 of little-endian integers: ``{"i1"|"i2"|"i4": "...", "scale": s}``.

    Values are multiplied by ``scale`` and rounded, so ``scale=1e6`` keeps
    degrees to the microdegree (0.11 m). The narrowest of int8/int16/int32
    that fits is used (codes of a few categories take 1.3 bytes a value in
    base64, against ~10 for decimal text); a missing value is the type's
    minimum (:data:`MISSING_INT` for int32).
    """
    array = np.asarray(pd.to_numeric(pd.Series(np.asarray(values)), errors="coerce"), dtype="float64") * scale
    missing = ~np.isfinite(array)
    ints = np.rint(np.where(missing, 0.0, array))
    low, high = (float(ints.min()), float(ints.max())) if ints.size else (0.0, 0.0)
    for key, dtype in _WIDTHS:
        info = np.iinfo(dtype)
        if info.min < low and high <= info.max:
            packed = ints.astype(dtype)
            packed[missing] = info.min
            return {key: base64.b64encode(packed.tobytes()).decode("ascii"), "scale": scale}
    raise ValueError("value too large for a 32-bit map column")


def codes_or_values(texts: pd.Series | list[Any]) -> dict[str, Any]:
    """A text column as ``{"d": [distinct...], "c": typed codes}`` or ``{"v": [...]}``.

    Dictionary encoding is chosen (from 20 values on) when it makes the page
    smaller: the distinct values once plus a code per row (1.3, 2.7 or 5.3
    bytes in base64) against every value written out. That keeps 100,000
    incidents' event types, and their "3 km NE of Belgorod" phrases, small.
    Missing values (None, NaN, NA) become ``null`` / code ``-1``; producers
    pass None, not empty strings, for "no value".
    """
    series = pd.Series(texts, dtype=object) if not isinstance(texts, pd.Series) else texts.astype(object)
    codes, uniques = pd.factorize(series, sort=False, use_na_sentinel=True)
    return coded_column(codes, [str(u) for u in uniques])


def coded_column(codes: np.ndarray, texts: list[str]) -> dict[str, Any]:
    """A text column given as a code per row (-1: missing) into ``texts``, encoded as :func:`codes_or_values` does."""
    codes = np.asarray(codes, dtype=np.int64)
    if 0 < len(texts) <= len(codes) // 2:
        codes, texts = _compact(codes, texts)
    if len(codes) >= 20 and _dictionary_pays(codes, texts):
        return {"d": [str(t) for t in texts], "c": typed(codes)}
    return {"v": np.array([*map(str, texts), None], dtype=object)[codes].tolist()}


def _compact(codes: np.ndarray, texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """Each text once, in order of first use: unused texts dropped, repeated ones merged (a page carries no
    entry that no row reads)."""
    present = codes[codes >= 0]
    if not present.size:
        return codes, []
    order = pd.unique(present)  # codes in the order rows first use them (hashed: no sort of every row)
    index: dict[str, int] = {}
    remap = np.full(len(texts) + 1, -1, dtype=np.int64)
    for code in order.tolist():
        remap[code] = index.setdefault(str(texts[code]), len(index))
    return remap[codes], list(index)


def _dictionary_pays(codes: np.ndarray, uniques: list[str]) -> bool:
    """Whether distinct values plus base64 codes take fewer bytes than every value written out."""
    if len(uniques) <= len(codes) // 10:
        return True
    lengths = np.array([len(u) for u in uniques] + [2], dtype=np.int64) + 3  # quotes, comma; null is 5
    code_bytes = 4 / 3 * (1 if len(uniques) < 127 else 2 if len(uniques) < 32_767 else 4)
    written = float(lengths[codes].sum())
    return float(lengths[:-1].sum()) + code_bytes * len(codes) < written
