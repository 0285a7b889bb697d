"""Calendar rules: weeks start on Monday and "today" is the user's local date."""

import datetime
import zoneinfo

from django.utils import timezone


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def local_today(tz_name: str, now: datetime.datetime | None = None) -> datetime.date:
    """The calendar date in the user's zone; a UTC date would flip weeks at the wrong hour."""
    return timezone.localtime(now or timezone.now(), zoneinfo.ZoneInfo(tz_name)).date()


def local_date_of(moment: datetime.datetime, tz_name: str) -> datetime.date:
    return timezone.localtime(moment, zoneinfo.ZoneInfo(tz_name)).date()


def weeks_between(start: datetime.date, end: datetime.date) -> int:
    """Whole Monday-to-Sunday weeks from start's week up to (not including) end's week."""
    return (monday_of(end) - monday_of(start)).days // 7
