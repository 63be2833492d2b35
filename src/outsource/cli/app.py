"""The Typer application, the error-to-exit-code boundary, and domain names -> flags.

Errors of :mod:`outsource.errors` raised by any command become a one-line
message on standard error and the error's exit code (2 for bad input), never
a traceback; the same happens under ``typer.testing.CliRunner``.

Services, data and core name *domain* fields (``agents``, ``aht_s``,
``service_level``); only here are they mapped to the command's flags
(``--agents``, ``--aht-s``, ``--service-level``). The map is derived from the
command itself: an option whose Python parameter is named like the domain
field stands for it. Where the names differ, the command module declares the
pair in :data:`FLAGS` (one table per command). Errors located in a file
(``source`` set) keep their file location.

Anything else a command raises is caught here too (the one top-level guard):
the traceback goes to a log file (:mod:`outsource.crashlog`) and the user gets
one line naming it; exit code 1 (2 for a file-system error such as a full
disk or a folder that cannot be written, naming the path; 2 for running out
of memory). No input produces a Python traceback on the terminal.

This module is imported by ``outsource --help``: it imports only the standard
library, Typer and :mod:`outsource.errors`.
"""

from __future__ import annotations

import errno

import typer
from typer.core import TyperGroup

from outsource.errors import OutsourceError

#: Per command: domain field -> flag, where the option's parameter is named otherwise.
FLAGS: dict[str, dict[str, str]] = {}


def flag_map(command) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Domain field -> flag of a Click command (its visible options, then :data:`FLAGS`)."""
    out: dict[str, str] = {}
    for param in getattr(command, "params", ()):
        opts = [o for o in getattr(param, "opts", ()) if o.startswith("--")]
        if opts and param.name and not getattr(param, "hidden", False):
            out.setdefault(param.name, opts[0])
    out.update(FLAGS.get(command.name or "", {}))
    return out


def for_cli(exc: OutsourceError, flags: dict[str, str]) -> OutsourceError:
    """``exc`` with its leading domain field replaced by the command's flag, if it has one."""
    head = exc.loc[0] if exc.loc else None
    if exc.source is not None or not isinstance(head, str) or head not in flags:
        return exc
    return type(exc)(exc.message, loc=(flags[head], *exc.loc[1:]), line=exc.line,
                     column=exc.column)


def error_text(exc: OutsourceError, command_name: str | None = None) -> str:
    """The one-line message the CLI prints for ``exc`` raised by ``command_name``."""
    command = None
    if command_name is not None:
        group = typer.main.get_command(app)
        command = group.commands.get(command_name)  # type: ignore[attr-defined]
    return str(for_cli(exc, flag_map(command)) if command is not None else exc)


def _say(text: str) -> None:
    """Print ``error: text`` on standard error (the text escaped: it may hold markup)."""
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True).print(f"[bold red]error:[/] {escape(text)}", highlight=False,
                               soft_wrap=True)


def os_error_text(exc: OSError) -> str:
    """A file-system error in plain words, with the path (``disk full`` for ENOSPC)."""
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"no space left on the device (disk full){where}"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"not allowed to write or read here: {exc.strerror}{where}"
    return f"{exc.strerror or exc}{where}"


def unexpected(exc: BaseException, command: str | None) -> int:
    """Log an unexpected exception, print one line naming the log; the exit code."""
    from outsource import crashlog

    path = crashlog.record(exc, f"command {command}" if command else "")
    if isinstance(exc, MemoryError):
        head, code = ("not enough memory for this request (ask for fewer draws, "
                      "replications or intervals)"), 2
    elif isinstance(exc, OSError):
        head, code = os_error_text(exc), 2
    else:
        head, code = f"unexpected error ({crashlog.summary(exc)})", 1
    tail = f"; details in {path}" if path is not None else ""
    _say(head + tail)
    return code


class _Group(TyperGroup):
    """Command group that turns :class:`OutsourceError` into message + exit code, and
    anything unexpected into one line plus a log file (never a traceback)."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except OutsourceError as exc:
            name = ctx.invoked_subcommand
            command = self.get_command(ctx, name) if name else None
            shown = for_cli(exc, flag_map(command)) if command is not None else exc
            _say(str(shown))
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, typer.TyperException):  # usage errors, exits
            raise
        except BrokenPipeError:  # the reader went away (``outsource ... | head``)
            import os
            import sys

            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            except (OSError, ValueError):
                pass
            raise typer.Exit(0) from None
        except Exception as exc:  # noqa: BLE001 - the one top-level guard
            raise typer.Exit(unexpected(exc, ctx.invoked_subcommand)) from None


app = typer.Typer(
    name="outsource",
    cls=_Group,
    help="Customer-service outsourcing in numbers: staff, cost, compare, monitor.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _root() -> None:
    """Customer-service outsourcing in numbers: staff, cost, compare, monitor."""


def main() -> None:
    """Console-script entry point.

    Typer converts every registered command (resolving each parameter's
    annotations) before it reads the first argument, about 0.07-0.1 s for all
    of them. When the first argument names a command or a group, only that one
    is built: the same command, options, help and errors, less start-up.
    """
    import sys

    only_one(sys.argv[1] if len(sys.argv) > 1 else None)()


def only_one(name: str | None) -> typer.Typer:
    """:data:`app` restricted to the command or group ``name`` (``app`` itself if none)."""
    if not name or name.startswith("-"):
        return app
    commands = [c for c in app.registered_commands if _name_of(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) != 1:
        return app
    sub = typer.Typer(name=app.info.name, cls=_Group, help=app.info.help, no_args_is_help=True,
                      add_completion=False, pretty_exceptions_enable=False,
                      rich_markup_mode=None)
    sub.registered_callback = app.registered_callback
    sub.registered_commands = commands
    sub.registered_groups = groups
    return sub


def _name_of(info) -> str:  # type: ignore[no-untyped-def]
    if info.name:
        return str(info.name)
    return str(info.callback.__name__).lower().replace("_", "-")


def print_json(result: object) -> None:
    """Print a schema (or plain data) as indented JSON on standard output (orjson)."""
    import sys

    from outsource.schemas.base import dumps

    out = sys.stdout
    data = dumps(result, indent=True)
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        buffer.write(data)
        buffer.write(b"\n")
        buffer.flush()
    else:  # a text stream without bytes underneath (some test runners)
        out.write(data.decode("utf-8") + "\n")
