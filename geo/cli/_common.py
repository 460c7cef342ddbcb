"""What every command shares: error handling, output safety, progress, logging."""

from __future__ import annotations

import contextlib
import logging
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator
from functools import wraps
from pathlib import Path
from typing import Any

import click

from geo.cli._outputs import describe_os_error
from geo.cli._terminal import terminal_safe
from geo.errors import GeoError, GeoWarning

__all__ = ["command_errors", "configure_logging", "progress", "echo", "echo_info", "guarded_outputs"]

EXIT_USAGE = 2


def configure_logging(*, quiet: bool) -> None:
    """Only the CLI attaches handlers; the library just logs."""
    logger = logging.getLogger("geo")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_SafeFormatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)


class _SafeFormatter(logging.Formatter):
    """Log lines carry file and region names from data: no control characters reach the terminal."""

    def format(self, record: logging.LogRecord) -> str:
        return terminal_safe(super().format(record))


def echo(message: str, *, err: bool = False, nl: bool = True) -> None:
    """Print to the terminal with control characters made visible (see ``_terminal``)."""
    click.echo(terminal_safe(message), err=err, nl=nl)


def _is_debug() -> bool:
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.obj and ctx.obj.get("debug"):
            return True
        ctx = ctx.parent
    return False


def _is_quiet() -> bool:
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    return bool(root and root.obj and root.obj.get("quiet"))


def echo_info(message: str) -> None:
    """A status line on stderr, unless --quiet."""
    if not _is_quiet():
        echo(message, err=True)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    if issubclass(category, GeoWarning):
        echo(f"warning: {message}", err=True)
    elif _is_debug():
        echo(warnings.formatwarning(message, category, filename, lineno, line), err=True, nl=False)


def command_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command: geo errors become a clear message and exit status 2.

    Unexpected exceptions also exit 2 with a one-line message asking for a
    report; ``--debug`` prints the traceback in both cases.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        previous = warnings.showwarning
        warnings.showwarning = _show_warning
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except GeoError as exc:
            if _is_debug():
                traceback.print_exc()
            echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            echo("interrupted; no output written", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - last line of defence for users
            if _is_debug():
                traceback.print_exc()
            known = describe_os_error(exc) if isinstance(exc, OSError) else None
            if known is not None:  # a full disk or a read-only folder is the user's to fix, not a bug
                where = f"{exc.filename}: " if exc.filename else ""
                echo(f"error: {where}{known[0]}; nothing was written (fix: {known[1]})", err=True)
                sys.exit(EXIT_USAGE)
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            echo(f"error: {type(exc).__name__}: {reason[:300]}\n"
                       "This looks like a bug in geo; run again with --debug and report the traceback.", err=True)
            sys.exit(EXIT_USAGE)
        finally:
            warnings.showwarning = previous

    return wrapper


@contextlib.contextmanager
def guarded_outputs(*paths: Path | None) -> Iterator[None]:
    """Remove outputs that did not exist before if the block fails.

    Writers in geo are atomic already; this also covers a command that writes
    several files and fails after the first.
    """
    existed = {Path(p): Path(p).exists() for p in paths if p is not None}
    try:
        yield
    except BaseException:
        for path, was_there in existed.items():
            if not was_there and path.exists() and path.is_file():
                path.unlink()
        raise


@contextlib.contextmanager
def progress(total: int, description: str) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr for long work; a no-op when short or quiet.

    Yields ``advance(n)``.
    """
    from geo.settings import settings

    if _is_quiet() or not settings.progress or total < settings.progress_min_items:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)
