"""The refusal every layer shares: bad input named field by field. Pure Python (the rules raise it)."""

from __future__ import annotations

from collections.abc import Mapping


class InputError(ValueError):
    """Raised with ``errors``: field name -> message a person can act on."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{name}: {message}" for name, message in self.errors.items()))
