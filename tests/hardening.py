"""Shared checks for the hardening tests: a refused command leaves everything as it was.

Every hardening case runs the real CLI and checks the same promise: exit
status 2, an ``error:`` naming the problem and the fix, no traceback, no
output file, an existing output left byte for byte, and no temporary file
left beside it.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from click.testing import CliRunner, Result

__all__ = ["CORPUS", "PREVIOUS", "run", "refused", "copy_case", "leftovers"]

CORPUS = Path(__file__).resolve().parent / "data" / "bad" / "hardening"
#: What an earlier run left in an output file; a refused run must not touch it.
PREVIOUS = b"previous output \x00\xff kept byte for byte\n"


def run(args: Sequence[str]) -> Result:
    """``geo ARGS`` in this process (so monkeypatches apply), stdout and stderr apart."""
    from geo.cli.main import cli

    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def copy_case(name: str, folder: Path) -> Path:
    """Copy a corpus file into ``folder`` (tests never write into the corpus)."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(CORPUS / name, folder / name))


def leftovers(folder: Path) -> list[str]:
    """Temporary files a writer left in ``folder`` (``.name.XXXX.tmp...``)."""
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)


def refused(args: Sequence[str], *, outputs: Sequence[Path], says: Sequence[str],
            keep: Sequence[Path] = ()) -> Result:
    """Run ``geo ARGS`` twice: with no output, then over an existing output; both must refuse.

    ``outputs`` are the files the command would write (none may appear, an
    existing one must stay as it was); ``keep`` are other files that must
    come out unchanged (inputs). ``says`` are words the error must contain
    (case-insensitive), naming the problem and the fix.
    """
    outputs = [Path(p) for p in outputs]
    kept = {Path(p): Path(p).read_bytes() for p in keep if Path(p).exists()}
    for p in outputs:
        if p.exists() and p not in kept:
            p.unlink()
    first = run(args)
    _check_refusal(first, says)
    for p in outputs:
        if p not in kept:
            assert not p.exists(), f"a refused run wrote {p.name}"
        assert not leftovers(p.parent), f"temporary files left: {leftovers(p.parent)}"
    for p in outputs:
        if p not in kept:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(PREVIOUS)
    again = run(args)
    _check_refusal(again, says)
    for p in outputs:
        expected = kept.get(p, PREVIOUS)
        assert p.read_bytes() == expected, f"a refused run changed the existing {p.name}"
        assert not leftovers(p.parent), f"temporary files left: {leftovers(p.parent)}"
    for p, data in kept.items():
        assert p.read_bytes() == data, f"a refused run changed {p.name}"
    return first


def _check_refusal(result: Result, says: Sequence[str]) -> None:
    text = result.stderr
    assert result.exit_code == 2, (result.exit_code, text[-2000:], result.stdout[-500:])
    assert "error:" in text, text
    assert "Traceback" not in text and "bug in geo" not in text, text[-2000:]
    for words in says:
        assert words.lower() in text.lower(), f"{words!r} missing from: {text}"
