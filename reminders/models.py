from django.conf import settings
from django.db import models

from accounts.models import Weekday


class ReminderKind(models.TextChoices):
    WEEKLY_DIGEST = "weekly_digest", "weekly digest"
    MIDWEEK_NUDGE = "midweek_nudge", "mid-week nudge"
    INACTIVITY_NUDGE = "inactivity_nudge", "inactivity nudge"
    INTERVIEW_COUNTDOWN = "interview_countdown", "interview countdown"


class ReminderPreferences(models.Model):
    """Per-user switches; the send day, time and time zone live on the user."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    email_enabled = models.BooleanField("send reminders by e-mail", default=True)
    weekly_digest = models.BooleanField("weekly digest", default=True)
    midweek_nudge = models.BooleanField("mid-week nudge when behind", default=True)
    inactivity_nudge = models.BooleanField("nudge after a quiet week", default=True)
    interview_countdown = models.BooleanField("interview countdown", default=True)
    nudge_weekday = models.PositiveSmallIntegerField(
        "mid-week check day", choices=Weekday.choices, default=Weekday.THURSDAY
    )
    # The secret in the private calendar feed URL; None while the feed is switched off.
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # When the current feed address was issued; it stops working CALENDAR_FEED_MAX_AGE_DAYS later.
    calendar_token_issued_at = models.DateTimeField(null=True, blank=True)
    # Signed into every unsubscribe link; bumping it invalidates all links already mailed.
    unsubscribe_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "reminder preferences"

    def __str__(self) -> str:
        return f"Reminder preferences of {self.owner}"

    def kind_enabled(self, kind: str) -> bool:
        return self.email_enabled and bool(getattr(self, kind))


class DailyDispatch(models.Model):
    """Marks that a user's reminders were queued for one local day, so the dispatcher
    running every few minutes queues each user once a day. Exactly-once delivery does not
    rely on it: that is SentReminder's unique key."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    local_date = models.DateField()
    queued_at = models.DateTimeField(auto_now_add=True)
    # Set when a send task has handled the user; a mark left empty long after queued_at
    # means the task was lost (a worker killed before claiming), and recovery queues it again.
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "local_date"], name="one_dispatch_per_day")
        ]
        indexes = [models.Index(fields=["local_date"])]

    def __str__(self) -> str:
        return f"{self.owner_id} on {self.local_date}"


class SentReminder(models.Model):
    """One reminder for one period, claimed in the database before anything is sent.

    The status says what is known about the e-mail: CLAIMED and RENDERING never reached the
    mail server (safe to retry), HANDED_OVER means the message data went out and the server's
    final reply was not yet recorded, UNCERTAIN means that reply never came.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "waiting to retry"
        CLAIMED = "claimed", "queued for sending"
        RENDERING = "rendering", "being written"
        HANDED_OVER = "handed_over", "handed to the mail server"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"
        UNCERTAIN = "uncertain", "may not have arrived"

    # Work in progress: a row left in one of these by a dead worker is found by recovery.
    IN_FLIGHT = (Status.CLAIMED, Status.RENDERING, Status.HANDED_OVER)
    FINAL = (Status.SENT, Status.FAILED, Status.UNCERTAIN)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_reminders"
    )
    kind = models.CharField(max_length=32, choices=ReminderKind.choices)
    # Names the period the reminder covers ("2026-W47", "idle-2026-11-01-1", ...).
    period = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    subject = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sending_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The user's local day the reminder was due on: a retry rebuilds the e-mail for it.
    local_date = models.DateField(null=True, blank=True)
    # When the status last changed; recovery compares it with the stuck threshold.
    state_changed_at = models.DateTimeField(null=True, blank=True)
    # PENDING (and UNCERTAIN under the retry-once policy) rows wait until this moment.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # After this the reminder is no longer worth sending (a digest on Friday).
    deadline = models.DateTimeField(null=True, blank=True)
    # Which task run holds the claim, so a batch knows which rows it won.
    claim_token = models.CharField(max_length=32, blank=True)
    # Kept so a retry after an uncertain outcome reuses it and mail servers can spot the copy.
    message_id = models.CharField(max_length=200, blank=True)
    uncertain_retried = models.BooleanField(default=False)

    class Meta:
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind", "period"], name="one_reminder_per_kind_and_period"
            )
        ]
        indexes = [models.Index(fields=["status", "state_changed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} for {self.owner_id}: {self.status}"
