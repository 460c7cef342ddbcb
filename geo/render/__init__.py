"""Rendering: interactive maps, static maps and reports of an analysed case.

Renderers draw what analysis computed; they compute nothing of their own.
"""

from __future__ import annotations

__all__: list[str] = []
