from django.urls import reverse
from rest_framework import serializers

from accounts.models import Weekday, validate_timezone
from reminders.emails import absolute_url
from reminders.models import SentReminder


def calendar_feed_url(token: str | None) -> str | None:
    return absolute_url(reverse("reminders:calendar_feed", args=[token])) if token else None


class ReminderPreferencesSerializer(serializers.Serializer):
    email_enabled = serializers.BooleanField(help_text="Off stops every reminder e-mail.")
    weekly_digest = serializers.BooleanField()
    midweek_nudge = serializers.BooleanField()
    inactivity_nudge = serializers.BooleanField()
    interview_countdown = serializers.BooleanField()
    # Plain integers, not enums: the schema would otherwise name one weekday set twice.
    reminder_weekday = serializers.IntegerField(
        source="owner.reminder_weekday",
        min_value=Weekday.MONDAY,
        max_value=Weekday.SUNDAY,
        help_text="Digest day: 0 = Monday … 6 = Sunday.",
    )
    reminder_time = serializers.TimeField(
        source="owner.reminder_time", format="%H:%M", help_text="Local send time, HH:MM."
    )
    nudge_weekday = serializers.IntegerField(
        min_value=Weekday.MONDAY,
        max_value=Weekday.SUNDAY,
        help_text="Mid-week check day: 0 = Monday … 6 = Sunday.",
    )
    timezone = serializers.CharField(
        source="owner.timezone", max_length=64, validators=[validate_timezone]
    )
    calendar_feed_url = serializers.SerializerMethodField()

    def get_calendar_feed_url(self, preferences) -> str | None:
        return calendar_feed_url(preferences.calendar_token)

    def flat_changes(self) -> dict:
        """Validated fields as one flat mapping; the schedule fields live on the user."""
        changes = dict(self.validated_data)
        return {**changes.pop("owner", {}), **changes}


class SentReminderSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = SentReminder
        fields = [
            "id",
            "kind",
            "kind_label",
            "period",
            "status",
            "subject",
            "attempts",
            "last_error",
            "claimed_at",
            "sent_at",
        ]
        read_only_fields = fields


class CalendarFeedSerializer(serializers.Serializer):
    url = serializers.URLField(allow_null=True)
