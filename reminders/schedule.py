"""Calendar arithmetic for reminders: pure functions, no database."""

import datetime

BEHIND_THRESHOLD = 0.4
INACTIVITY_DAYS = 7
COUNTDOWN_DAYS = (30, 7, 1)


def week_period(local_date: datetime.date) -> str:
    """The ISO week a local date belongs to, e.g. "2026-W47": one digest per value."""
    year, week, _ = local_date.isocalendar()
    return f"{year}-W{week:02d}"


def is_behind(completion: float | None) -> bool:
    """Completion is the share of this week's goals met so far, from 0.0 to 1.0."""
    return completion is not None and completion < BEHIND_THRESHOLD


def inactivity_period(last_active_on: datetime.date, local_date: datetime.date) -> str | None:
    """Name each full 7-day stretch of silence since the last activity, so at most one
    nudge goes out per stretch; None while the user was active in the last 7 days."""
    quiet_days = (local_date - last_active_on).days
    if quiet_days < INACTIVITY_DAYS:
        return None
    return f"idle-since-{last_active_on.isoformat()}-{quiet_days // INACTIVITY_DAYS}"


def countdown_period(interview_date: datetime.date, local_date: datetime.date) -> str | None:
    days_left = (interview_date - local_date).days
    if days_left not in COUNTDOWN_DAYS:
        return None
    return f"{interview_date.isoformat()}-T-{days_left}"


def open_send_windows(
    local_now: datetime.datetime, catch_up: datetime.timedelta
) -> list[tuple[datetime.date, datetime.time, datetime.time]]:
    """Local (day, earliest send time, latest send time) windows whose time has come.

    The whole day so far is open, so a dispatcher that was down for an hour catches up.
    Shortly after local midnight the end of yesterday stays open as well: a 23:58 send
    time must not be lost because the next dispatcher run falls on the new day.
    """
    windows = [(local_now.date(), datetime.time.min, local_now.time())]
    earlier = local_now - catch_up
    if earlier.date() != local_now.date():
        windows.append((earlier.date(), earlier.time(), datetime.time.max))
    return windows
