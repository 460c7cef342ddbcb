"""The ``geo`` process from start to exit: what the console command pays besides its work.

``geo`` and ``python -m geo`` run :func:`run`, which wraps :func:`geo.cli.main.main`
with two savings that only a process of its own can make (a test, a notebook or
a script calling :func:`~geo.cli.main.main` or the click group keeps Python's
defaults):

* **No cycle collections while the command's libraries load.** Importing
  pandas, geopandas, pyproj and shapely makes some 70,000 long-lived objects;
  Python's cycle collector walks them again and again as they are made (one
  full pass during the imports, another soon after), finding nothing to free:
  about 0.1 s of a 100,000-incident map. :func:`run` raises the collector's
  first threshold while the modules load; the command calls
  :func:`modules_loaded` once its imports are done, which moves every object
  alive then out of later passes (:func:`gc.freeze`) and restores the
  thresholds. A command that never calls it still collects, only less often.
* **No interpreter teardown after the command.** Python's own exit frees every
  object still alive one by one and unloads every module (0.05-0.2 s for a
  large map, after the file is written). :func:`run` does everything else that
  exit does, in the same order: it leaves the exit to Python when a thread is
  still running, runs every exit handler (logging's, temporary folders'
  clean-up, coverage's), flushes the standard streams, and then ends the
  process with the command's status.
* **No freeing of the command's results.** A command that made large
  results (``geo map`` of 100,000 incidents: frames of Python strings and
  shapely points, the page's layers) hands them to :func:`keep_until_exit`
  once its files are written; under :func:`run` they are then never freed
  one by one (0.03-0.08 s of CPU as the command returned), since the process
  ends without a teardown anyway. Anywhere else it keeps nothing.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from typing import NoReturn

__all__ = ["keep_until_exit", "modules_loaded", "run"]

#: The collector's first threshold (objects allocated, less those freed) while a command's modules load:
#: Python's default (700) runs a young collection every few hundred objects a module makes. The count passes
#: 100,000 while ``geo map`` loads pandas (it is back near 40,000 once every module is loaded): at 100,000 one
#: young collection walked them all, 0.025 s of a 100,000-incident map; at this threshold none runs.
LOADING_THRESHOLD = 1_000_000

_held: list[tuple[int, ...]] = []  # the thresholds to restore, while :func:`run` holds collections back
_kept: list[tuple[object, ...]] = []  # results :func:`keep_until_exit` holds until the process ends
_own_process = False  # set by :func:`run`: this process ends with the command, without a teardown


def run() -> NoReturn:
    """Run the ``geo`` command line as its own process (the console script and ``python -m geo``)."""
    global _own_process
    _own_process = True
    _held.append(gc.get_threshold())
    gc.set_threshold(LOADING_THRESHOLD, *_held[0][1:])
    from geo.cli.main import main

    try:
        main()
        code: object = 0
    except SystemExit as stop:
        code = stop.code
    _leave(code)


def modules_loaded() -> None:
    """The running command has imported what it works with: leave those objects out of later collections.

    Called by each command after its imports. Only under :func:`run` (the
    ``geo`` process); anywhere else, and on a second call, it does nothing.
    """
    if not _held:
        return
    gc.freeze()
    gc.set_threshold(*_held.pop())


def keep_until_exit(*objects: object) -> None:
    """The running command is done with ``objects`` (its files are written): under :func:`run`, hold them until
    the process ends without a teardown, instead of freeing them object by object as the command returns.

    Anywhere else (a test, a notebook or a script calling the command line) it keeps nothing: there the
    process goes on, and the results must be freed as always.
    """
    if _own_process:
        _kept.append(objects)


def _leave(code: object) -> NoReturn:
    """Exit with ``code`` as :func:`sys.exit` would (None is 0, an integer is the status, any other object is
    printed to stderr with status 1), without the interpreter's teardown when no other thread runs."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    running = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    if running or run_handlers is None:
        sys.exit(status)  # Python waits for the thread, then exits as always
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a reader gone (geo ... | head): Python's own exit gives 120 for it
            if stream is sys.stdout and status == 0:
                status = 120
    os._exit(status)
