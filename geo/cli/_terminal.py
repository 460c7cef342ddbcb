"""Text for the terminal: no control characters from data ever reach it.

Region names, file names and values in error messages can come from other
people's files. A terminal obeys escape sequences in what it prints (set the
window title, clear the screen, write the clipboard), so everything geo
prints goes through :func:`terminal_safe` first.
"""

from __future__ import annotations

import re

__all__ = ["terminal_safe"]

# C0 controls except newline and tab, DEL, C1 controls (8-bit CSI/OSC), and the bidi
# overrides and isolates that can make printed text read differently from its bytes.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN`` / ``\\uNNNN`` escapes.

    Newlines and tabs are kept; everything a terminal could act on is made
    visible instead of executed.

    Examples
    --------
    >>> terminal_safe("\\x1b]0;pwned\\x07Evil Oblast")
    '\\\\x1b]0;pwned\\\\x07Evil Oblast'
    """
    return _CONTROL.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
