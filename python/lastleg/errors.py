"""Errors raised on bad input (before any solving starts) and warnings about the data."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input: names the field (or file and column), where, and the problem.

    ``line`` is the line of a text file as an editor shows it (the header is line 1);
    ``row`` is a 0-based position in an in-memory table or array. At most one is set.
    """

    def __init__(
        self, field: str, problem: str, row: int | None = None, *, line: int | None = None
    ) -> None:
        self.field = field
        self.problem = problem
        self.row = row
        self.line = line
        if line is not None:
            where = f"{field}, line {line}"
        elif row is not None:
            where = f"{field}, row {row}"
        else:
            where = field
        super().__init__(f"{where}: {problem}")


class InputTypeError(InputError, TypeError):
    """Input of a type (dtype) that cannot be converted safely."""


class DataWarning(UserWarning):
    """Something in the data that does not stop the plan but changes its outcome (stock
    that no node holds, a service level no node offers, a column lastleg does not read)."""
