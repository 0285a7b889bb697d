"""The private ICS feed: the plan's weeks, mock interviews, rehearsals and the interview day."""

import datetime
from collections import Counter

import icalendar
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from reminders import content
from reminders.emails import absolute_url

# Rehearsals further out would mostly move before they come due.
REHEARSAL_HORIZON = datetime.timedelta(days=60)
WEEK = datetime.timedelta(days=7)


def _all_day_event(
    *, uid: str, day: datetime.date, summary: str, length: datetime.timedelta, url: str
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{uid}@prepsite")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + length)
    event.add("summary", summary)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_for_user(*, user: User, today: datetime.date) -> bytes:
    """Each plan week's focus spans its week; everything else is a single all-day event."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//PrepSite//Interview preparation//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "PrepSite preparation")
    seen_on_day: Counter[tuple[str, datetime.date]] = Counter()
    for item in content.calendar_items(user=user):
        # Stable ids let calendar apps update an event instead of duplicating it.
        seen_on_day[item.kind, item.date] += 1
        calendar.add_component(
            _all_day_event(
                uid=f"{item.kind}-{item.date.isoformat()}-{seen_on_day[item.kind, item.date]}"
                f"-{user.pk}",
                day=item.date,
                summary=item.title,
                length=WEEK if item.kind == "week" else datetime.timedelta(days=1),
                url=absolute_url(item.path),
            )
        )
    for story in content.stories_due(user=user, on=today + REHEARSAL_HORIZON):
        calendar.add_component(
            _all_day_event(
                uid=f"rehearsal-{story.pk}-{user.pk}",
                day=timezone.localtime(story.next_rehearsal_at, user.tzinfo).date(),
                summary=f"Rehearse: {story.title}",
                length=datetime.timedelta(days=1),
                url=absolute_url(reverse("stories:detail", args=[story.pk])),
            )
        )
    for item in content.interview_rounds(user=user):
        calendar.add_component(_timed_event(item))
    return calendar.to_ical()


def _timed_event(item) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{item.uid}@prepsite")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", item.starts_at)
    event.add("dtend", item.ends_at)
    event.add("summary", item.summary)
    event.add("description", item.description)
    event.add("url", absolute_url(item.path))
    return event
