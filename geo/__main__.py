"""``python -m geo`` runs the command line, as a process of its own (:func:`geo.cli.run`).

Run by another program inside its own process (``runpy.run_module("geo")``),
it runs :func:`geo.cli.main` instead: that program keeps Python's own exit
and sees the command's :class:`SystemExit`.
"""

import sys

from .cli import main, run

if sys.modules["__main__"].__dict__ is globals():  # python -m geo: this process is geo's
    run()
else:
    main()
