"""Interview reminders: the evening before a loop day (countdown and brief) and a debrief
nudge after each round, each sent exactly once.

Exactly once uses the reminders app's own claim: a SentReminder row per (user, kind,
period), won by one caller only (reminders.delivery). The kind is the existing "interview
countdown", so the user's switch and the one-click unsubscribe link already cover these
e-mails and the reminders app needs no new kind or migration; the period names the loop day
or the round ("loop-12-2030-03-04-eve", "round-40-debrief").
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from interviews import brief, selectors
from interviews.models import Round
from reminders import delivery
from reminders.emails import absolute_url
from reminders.models import ReminderKind

KIND = ReminderKind.INTERVIEW_COUNTDOWN
EVE_LOCAL_TIME = datetime.time(18, 0)
# The nudge waits for the candidate to get home, and is pointless after a day.
DEBRIEF_AFTER = datetime.timedelta(minutes=30)
DEBRIEF_WITHIN = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class InterviewReminder:
    user_id: int
    period: str
    template: str  # "round_eve" or "debrief_nudge"
    loop_id: int
    round_ids: tuple[int, ...]


def eve_send_at(round_: Round, tz) -> datetime.datetime:
    day_before = timezone.localtime(round_.starts_at, tz).date() - datetime.timedelta(days=1)
    return datetime.datetime.combine(day_before, EVE_LOCAL_TIME, tzinfo=tz)


def _wants_interview_mail(user) -> bool:
    try:
        preferences = user.reminder_preferences
    except Exception:  # no preferences row yet: the defaults are on
        return True
    return preferences.kind_enabled(KIND)


def due_interview_reminders(*, now: datetime.datetime) -> list[InterviewReminder]:
    """Every interview reminder whose time has come at `now` (sent or not: the claim decides)."""
    due: list[InterviewReminder] = []
    # A loop day's rounds, including any already under way, so the e-mail lists the whole day
    # and is only due between six the evening before and the day's first round.
    nearby = (
        Round.objects.filter(
            starts_at__gt=now - datetime.timedelta(days=1),
            starts_at__lte=now + datetime.timedelta(days=2),
        )
        .select_related("loop__application__owner__reminder_preferences")
        .order_by("starts_at", "id")
    )
    by_day: dict[tuple[int, datetime.date], list[Round]] = {}
    for round_ in nearby:
        tz = round_.loop.application.owner.tzinfo
        day = timezone.localtime(round_.starts_at, tz).date()
        by_day.setdefault((round_.loop_id, day), []).append(round_)
    for (loop_id, day), rounds in by_day.items():
        first = rounds[0]
        owner = first.loop.application.owner
        if not eve_send_at(first, owner.tzinfo) <= now < first.starts_at:
            continue
        if not _wants_interview_mail(owner):
            continue
        due.append(
            InterviewReminder(
                user_id=owner.pk,
                period=f"loop-{loop_id}-{day.isoformat()}-eve",
                template="round_eve",
                loop_id=loop_id,
                round_ids=tuple(r.pk for r in rounds),
            )
        )
    max_length = datetime.timedelta(minutes=240)
    ended = (
        Round.objects.filter(
            starts_at__lte=now - DEBRIEF_AFTER,
            starts_at__gt=now - DEBRIEF_WITHIN - max_length,
            debrief__isnull=True,
        )
        .select_related("loop__application__owner__reminder_preferences")
        .order_by("starts_at", "id")
    )
    for round_ in ended:
        owner = round_.loop.application.owner
        if round_.ends_at + DEBRIEF_AFTER <= now < round_.ends_at + DEBRIEF_WITHIN and (
            _wants_interview_mail(owner)
        ):
            due.append(
                InterviewReminder(
                    user_id=owner.pk,
                    period=f"round-{round_.pk}-debrief",
                    template="debrief_nudge",
                    loop_id=round_.loop_id,
                    round_ids=(round_.pk,),
                )
            )
    return due


def _context(reminder: InterviewReminder, user) -> dict[str, Any]:
    page = selectors.loop_page(user=user, pk=reminder.loop_id)
    views = [view for view in page.rounds if view.round.pk in reminder.round_ids]
    first = views[0].round
    context: dict[str, Any] = {
        "loop": page.loop,
        "application": page.loop.application,
        "rounds": views,
        "first_start": timezone.localtime(first.starts_at, user.tzinfo),
        "loop_url": absolute_url(reverse("interviews:loop", args=[page.loop.pk])),
        "brief_url": absolute_url(reverse("interviews:loop_brief", args=[page.loop.pk])),
        "debrief_url": absolute_url(reverse("interviews:round_debrief", args=[first.pk])),
    }
    if reminder.template == "round_eve":
        context["brief_text"] = brief.brief_markdown(page)
    return context


def interview_reminder_send(*, reminder: InterviewReminder) -> bool:
    """Send one interview reminder through the reminders app's delivery (claim, states,
    retries) unless another run has claimed it. True if sent."""
    from accounts.models import User

    user = (
        User.objects.select_related("reminder_preferences")
        .filter(pk=reminder.user_id, is_active=True)
        .first()
    )
    if user is None:
        return False
    result = delivery.reminders_send_prepared(
        user=user,
        reminders=[
            delivery.DueReminder(
                KIND,
                reminder.period,
                build_context=lambda: _context(reminder, user),
                template=f"interviews/email/{reminder.template}",
            )
        ],
        local_date=timezone.localdate(timezone.now(), user.tzinfo),
    )
    return result.sent == 1


def interview_reminders_dispatch(*, now: datetime.datetime) -> int:
    """Send every interview reminder due at `now`; safe to run any number of times."""
    return sum(
        interview_reminder_send(reminder=reminder) for reminder in due_interview_reminders(now=now)
    )
