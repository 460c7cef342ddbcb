"""Write files so that a failed or interrupted run leaves the old files intact.

Each output is written to a temporary file beside it (same folder, so the
final rename is atomic) named ``.<name>.<pid>-<random>.tmp<suffix>``. A run
killed with ``SIGKILL`` cannot remove its temporary file, so the next write
to the same output removes the temporaries of processes that are gone (after
a minute's grace, and those without a process id after a day): they never
pile up.

:func:`atomic_paths` writes several files all or nothing: every file is
written to its temporary first, and only when all are complete are they
moved into place, so a disk filling up half-way through a Markdown report
cannot leave a new image beside an old report.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

__all__: list[str] = []

#: A temporary without a process id (older geo) is stale after this many seconds.
_STALE_AFTER_S = 86_400


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place on success.

    On any exception the temporary file is removed and ``path`` is untouched.
    An ``OSError`` raised while writing the temporary names ``path`` itself.
    """
    with atomic_paths(path) as (tmp,):
        yield tmp


@contextlib.contextmanager
def atomic_paths(*paths: str | os.PathLike[str]) -> Iterator[tuple[Path, ...]]:
    """Yield temporary paths beside each of ``paths``; move them all into place when the block succeeds.

    On any exception every temporary is removed and no target is touched.
    """
    targets = [Path(p) for p in paths]
    temps: list[Path] = []
    try:
        for target in targets:
            temps.append(_temporary(target))
        yield tuple(temps)
        for tmp, target in zip(temps, targets, strict=True):
            _replace(tmp, target)
    except OSError as exc:
        _discard(temps)
        raise _naming_target(exc, temps, targets) from None
    except BaseException:
        _discard(temps)
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 text atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write bytes atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def _temporary(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp" + target.suffix,
                                    dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # writers such as GDAL refuse to overwrite; they create it afresh
    return tmp


def _replace(tmp: Path, target: Path) -> None:
    if tmp.is_dir() and target.exists():
        shutil.rmtree(target)
    os.replace(tmp, target)


def _discard(temps: list[Path]) -> None:
    for tmp in temps:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)


def _naming_target(exc: OSError, temps: list[Path], targets: list[Path]) -> OSError:
    """The same error, naming the output the user asked for rather than its temporary."""
    for tmp, target in zip(temps, targets, strict=False):
        if exc.filename and Path(str(exc.filename)).name == tmp.name:
            return type(exc)(exc.errno, exc.strerror, str(target))
    return exc


def _remove_stale(target: Path) -> None:
    """Remove temporaries of ``target`` left by runs that were killed."""
    pattern = re.compile(re.escape(f".{target.name}.") + r"(?:(\d+)-)?[^/]*\.tmp" + re.escape(target.suffix) + "$")
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return
    now = time.time()
    for path in siblings:
        match = pattern.match(path.name)
        if match is None:
            continue
        pid = match.group(1)
        try:
            age = now - path.lstat().st_mtime
            # A dead writer's file; the minute's grace covers a writer on another machine sharing the folder.
            stale = (not _alive(int(pid)) and age > 60) if pid else age > _STALE_AFTER_S
            if stale:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
        except OSError:
            continue  # another process is cleaning up too, or the file is not ours to remove


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    except OSError:
        return False
    return True
