"""Work computed ahead in a forked child process while this one does something else.

A command that measures 100,000 incidents has independent steps (distances to
the border; countries, regions and nearest towns) that each hold the GIL for
much of their time, so threads barely overlap them. A forked child inherits
the data already loaded, computes one of them on the other core and sends the
result back pickled; the parent computes the other meanwhile. The child runs
the very same function on the very same inputs, so the results are the same
as computing them here, and whenever a child cannot be started, fails or
stalls, :meth:`Ahead.result` says so and the caller computes the step itself.

Forking is only done where it is safe: on Linux, from a process running no
other Python thread (a fork copies only the calling thread, and a lock held by
another would never be released in the child); ``geo.settings.processes``
(``GEO_PROCESSES=0``) turns it off.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import logging
import os
import pickle
import select
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable
from typing import Any

__all__ = ["Ahead", "start_ahead"]

log = logging.getLogger(__name__)

#: The parent waits for a child's answer at least this long (seconds), and at least twice as long as it has
#: worked itself since the fork (the child's share is about as large), before ending the child and computing
#: the step itself: a child stuck on a lock it inherited costs seconds, never the run.
CHILD_SECONDS = 10.0


#: Children whose answer was read and which are exiting, not yet collected (:func:`_collect_exited`).
_EXITING: list[int] = []


class Ahead:
    """A result being computed in a forked child; :meth:`result` collects it (once)."""

    def __init__(self, pid: int, read_end: int, what: str) -> None:
        self.pid, self.read_end, self.what = pid, read_end, what
        self.started = time.monotonic()
        self._done = False

    def result(self, seconds: float | None = None) -> tuple[bool, Any]:
        """``(True, value)`` as the child computed it, or ``(False, None)`` when it gave none (the caller
        then computes it itself). Waits up to ``seconds`` (default: :data:`CHILD_SECONDS`, or twice the
        time since the fork when longer); a child still busy then is ended. Warnings the child's work
        gave are given here, as computing it here would."""
        if self._done:
            raise RuntimeError(f"the result of {self.what} was collected already")
        self._done = True
        if seconds is None:
            seconds = max(CHILD_SECONDS, 2 * (time.monotonic() - self.started))
        payload = _read_until_closed(self.read_end, seconds)
        if payload is None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            log.debug("%s computed ahead gave no result (no answer in time); computing it here", self.what)
            return False, None
        try:
            value, said = pickle.loads(payload)
        except Exception as exc:  # a truncated or unreadable answer (the child died writing it): compute it here
            os.waitpid(self.pid, 0)
            log.debug("%s computed ahead could not be read (%s); computing it here", self.what, exc)
            return False, None
        # A whole answer was written (a pickle read to its end): the child is leaving. Its exit, the kernel
        # unmapping a copy of this process (10-20 ms for a map of 100,000 incidents), is not waited for here:
        # it is collected on a later call, or when this process exits (by then it has long left).
        _EXITING.append(self.pid)
        _collect_exited()
        for message, category, filename, lineno in said:
            warnings.warn_explicit(message, category, filename, lineno)
        return True, value

    def discard(self) -> None:
        """End the child without reading its answer (the parent failed before it needed it)."""
        if self._done:
            return
        self._done = True
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.close(self.read_end)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def start_ahead(function: Callable[..., Any], *args: Any, what: str = "a step") -> Ahead | None:
    """Start ``function(*args)`` in a forked child; None where forking is not safe or fails.

    The caller must collect the result with :meth:`Ahead.result` (or end the
    child with :meth:`Ahead.discard`), and compute ``function(*args)`` itself
    when none comes back.
    """
    from geo.settings import settings

    if not settings.processes or not sys.platform.startswith("linux") or threading.active_count() != 1:
        return None
    _collect_exited()
    read_end, write_end = os.pipe()
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns whenever other OS threads exist. Those here are Arrow's and OpenMP's idle
            # workers: Arrow starts its pool afresh in a child, and no child that uses OpenMP (a KD-tree) is
            # forked after this process has (the callers check); Python threads are refused above.
            warnings.filterwarnings("ignore", r"This process .* is multi-threaded", DeprecationWarning)
            pid = os.fork()
    except OSError as exc:
        os.close(read_end)
        os.close(write_end)
        log.debug("cannot compute %s ahead: %s", what, exc)
        return None
    if pid == 0:  # the child: compute, send, and leave without running any of the parent's exit handlers
        status = 1
        try:
            gc.disable()  # a collection writes to every object it visits: pages the parent would copy
            os.close(read_end)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                value = function(*args)
            said = [(w.message, w.category, w.filename, w.lineno) for w in caught]
            payload = pickle.dumps((value, said), protocol=pickle.HIGHEST_PROTOCOL)
            with open(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return Ahead(pid, read_end, what)


def _collect_exited() -> None:
    """Collect the children in :data:`_EXITING` that have exited, without waiting for the others."""
    for pid in list(_EXITING):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # collected elsewhere (a caller waiting for every child)
            done = pid
        if done:
            _EXITING.remove(pid)


@atexit.register
def _collect_all() -> None:
    """At exit, wait for the children that answered: their CPU time then counts as this process's children's
    (what ``time`` and ``wait4`` report), and none is left for the system to collect."""
    while _EXITING:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_EXITING.pop(), 0)


def _read_until_closed(fd: int, seconds: float) -> bytes | None:
    """All that is written to ``fd`` until its writer closes it, or None when that takes over ``seconds``."""
    deadline = time.monotonic() + seconds
    chunks = []
    with open(fd, "rb", buffering=0) as pipe:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([pipe], [], [], left)[0]:
                return None
            chunk = pipe.read(1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
