"""Every reminder kind in one place: how long it stays worth sending and how it is written.

A new kind (an interview eve-of-round brief, a debrief nudge, ...) is one entry here, one
`ReminderKind` choice, its templates under templates/reminders/email/, and its rule in
`delivery.due_reminders`.
"""

import datetime
from dataclasses import dataclass

from reminders.models import ReminderKind


@dataclass(frozen=True)
class KindSpec:
    # Retries stop, and the reminder is recorded as failed, this long after it was first
    # claimed: a weekly digest still helps the next day, not at the end of the week.
    deadline: datetime.timedelta
    # Template stem under templates/reminders/email/: <stem>.txt, <stem>.html, <stem>_subject.txt.
    template: str


KINDS: dict[str, KindSpec] = {
    ReminderKind.WEEKLY_DIGEST: KindSpec(datetime.timedelta(hours=30), "weekly_digest"),
    ReminderKind.MIDWEEK_NUDGE: KindSpec(datetime.timedelta(hours=12), "midweek_nudge"),
    ReminderKind.INACTIVITY_NUDGE: KindSpec(datetime.timedelta(days=2), "inactivity_nudge"),
    ReminderKind.INTERVIEW_COUNTDOWN: KindSpec(datetime.timedelta(hours=12), "interview_countdown"),
}
DEFAULT_SPEC = KindSpec(datetime.timedelta(hours=12), "")


def kind_spec(kind: str) -> KindSpec:
    spec = KINDS.get(kind, DEFAULT_SPEC)
    return spec if spec.template else KindSpec(spec.deadline, kind)
