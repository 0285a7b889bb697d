"""Validators shared by every app's models and serializers."""

import datetime as dt
import math

from django.core.exceptions import ValidationError

from prepsite import limits


def validate_finite(value: float | None) -> None:
    """NaN and infinities compare as neither big nor small, so range validators miss them."""
    if value is not None and not math.isfinite(float(value)):
        raise ValidationError("Enter a finite number.", code="not_finite")


def validate_date_in_range(value: dt.date | None) -> None:
    """Dates outside DATE_MIN..DATE_MAX overflow date arithmetic (a week later, a year on)."""
    if value is None:
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    if not limits.DATE_MIN <= day <= limits.DATE_MAX:
        raise ValidationError(
            f"Use a date between {limits.DATE_MIN:%Y-%m-%d} and {limits.DATE_MAX:%Y-%m-%d}.",
            code="date_out_of_range",
        )
