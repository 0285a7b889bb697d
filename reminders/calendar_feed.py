"""The private ICS feed: the plan's weeks, mock interviews, rehearsals and the interview day."""

import datetime

import icalendar

from accounts.models import User
from reminders import content

REHEARSAL_HORIZON = datetime.timedelta(days=90)


def _all_day_event(*, uid: str, day: datetime.date, summary: str, days: int = 1) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{uid}@prepsite")
    event.add("dtstamp", datetime.datetime.now(tz=datetime.UTC))
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=days))
    event.add("summary", summary)
    return event


def calendar_for_user(*, user: User, today: datetime.date) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//PrepSite//Preparation plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "PrepSite preparation")
    items = content.calendar_items(user=user)
    if items is not None:
        for week in items.weeks:
            calendar.add_component(
                _all_day_event(
                    uid=f"week-{week.start_date.isoformat()}-{user.pk}",
                    day=week.start_date,
                    days=7,
                    summary=f"Week focus: {week.focus}",
                )
            )
        for mock in items.mock_interviews:
            calendar.add_component(
                _all_day_event(
                    uid=f"mock-{mock.id}-{user.pk}",
                    day=mock.date,
                    summary=f"Mock interview: {mock.title}",
                )
            )
        if items.interview_date:
            calendar.add_component(
                _all_day_event(
                    uid=f"interview-{user.pk}", day=items.interview_date, summary="Interview day"
                )
            )
    for story in content.stories_due(user=user, on=today + REHEARSAL_HORIZON):
        calendar.add_component(
            _all_day_event(
                uid=f"rehearsal-{story.pk}-{user.pk}",
                day=story.next_rehearsal_on,
                summary=f"Rehearse: {story.title}",
            )
        )
    return calendar.to_ical()
