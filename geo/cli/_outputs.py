"""Before any work: every output can be written, and none would replace an input.

A command lists the files it will write (a Markdown report writes its PNG
too) and the files it read; :func:`check_outputs` refuses, naming the file
and the fix, when an output resolves to an input (through ``..``, symlinks
or another spelling), when its folder cannot be written, or when the disk is
nearly full. It runs before the analysis, so a mistake costs seconds, not
the whole run.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from geo.errors import InputError

__all__ = ["check_outputs", "MIN_FREE_BYTES", "describe_os_error"]

#: Refuse to start when the output's disk has less free space than this.
MIN_FREE_BYTES = 16 * 1024 * 1024


def check_outputs(outputs: Iterable[Path | None], inputs: Iterable[Path | None], *,
                  option: str = "-o") -> None:
    """Refuse outputs that equal an input, or that cannot be written.

    Parameters
    ----------
    outputs:
        Every file the command would write or replace (``None`` entries are skipped).
    inputs:
        Every file the command reads.
    option:
        The option that named the first output, for the hint.

    Raises
    ------
    InputError
        Naming the output, what is wrong and the fix.
    """
    read = {_key(p): Path(p) for p in inputs if p is not None}
    for out in (Path(p) for p in outputs if p is not None):
        same = read.get(_key(out))
        if same is not None:
            raise InputError(f"would replace the input file {same}", source=str(out),
                             hint=f"choose another output name ({option}); geo never writes over its inputs")
    for folder in sorted({_existing_parent(Path(p)) for p in outputs if p is not None}):
        _check_folder(folder)


def describe_os_error(exc: OSError) -> tuple[str, str] | None:
    """(problem, fix) for the OS errors a user can fix; None for the others."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "no space left on the disk", "free some space, or write to another disk"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder or file cannot be written (permission denied or read-only)", \
            "choose a folder you can write to, or change its permissions"
    return None


def _key(path: Path | str) -> str:
    resolved = Path(path).expanduser().resolve()
    return os.path.normcase(str(resolved))


def _existing_parent(path: Path) -> Path:
    folder = path.expanduser().resolve().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise InputError("is not a folder", source=str(folder), hint="choose an output inside a folder")
    try:
        fd, probe = tempfile.mkstemp(prefix=".geo-write-check.", dir=folder)
    except OSError as exc:
        problem, fix = describe_os_error(exc) or (exc.strerror or "cannot create files there", "choose another folder")
        raise InputError(f"cannot write to this folder: {problem}", source=str(folder), hint=fix) from None
    os.close(fd)
    os.unlink(probe)
    free = shutil.disk_usage(folder).free
    if free < MIN_FREE_BYTES:
        raise InputError(f"not enough space left on the disk ({free / 1e6:.1f} MB free)", source=str(folder),
                         hint="free some space, or write to another disk")
