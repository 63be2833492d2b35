"""The Typer application and the error-to-exit-code boundary.

Errors of :mod:`outsource.errors` raised by any command become a one-line
message on standard error and the error's exit code (2 for bad input), never
a traceback; the same happens under ``typer.testing.CliRunner``.
"""

from __future__ import annotations

import typer
from rich.console import Console
from typer.core import TyperGroup

from outsource.errors import OutsourceError


class _Group(TyperGroup):
    """Command group that turns :class:`OutsourceError` into message + exit code."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except OutsourceError as exc:
            Console(stderr=True).print(f"[bold red]error:[/] {exc}", highlight=False,
                                       soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None


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
    """Console-script entry point."""
    app()
