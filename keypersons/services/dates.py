"""The dates the network records: conversations, readings and signals lie today or in the past."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone


def refuse_future(day: date, field: str, message) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: message})
