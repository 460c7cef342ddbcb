"""The ``geo`` command line: one module per command, loaded on demand.

Every command runs inside :func:`geo.cli._common.run`, which turns geo's
errors into a one-paragraph message and exit status 2 (``--debug`` shows the
traceback) and guarantees that no partial output file is left behind.
"""

from __future__ import annotations

from ._process import run
from .main import cli, main

__all__ = ["cli", "main", "run"]
