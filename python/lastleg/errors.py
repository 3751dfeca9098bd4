"""Errors raised on bad input, before any solving starts."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input: names the field (or file and column), the row and the problem."""

    def __init__(self, field: str, problem: str, row: int | None = None) -> None:
        self.field = field
        self.problem = problem
        self.row = row
        where = field if row is None else f"{field}, row {row}"
        super().__init__(f"{where}: {problem}")


class InputTypeError(InputError, TypeError):
    """Input of a type (dtype) that cannot be converted safely."""
