"""Model fields the stages share."""

from __future__ import annotations

from django.db import models


def dollars(verbose_name, **kwargs) -> models.DecimalField:
    """An amount of money to the cent (up to $999,999,999,999.99), never a float."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)
