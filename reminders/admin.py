from django.contrib import admin

from reminders.models import ReminderPreferences, SentReminder
from reminders.selectors import delivery_counts_by_day

STATUS_DAYS = 7


@admin.register(ReminderPreferences)
class ReminderPreferencesAdmin(admin.ModelAdmin):
    list_display = ["owner", "email_enabled", "weekly_digest", "midweek_nudge", "updated_at"]
    list_select_related = ["owner"]
    search_fields = ["owner__email"]
    exclude = ["calendar_token"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ["owner", "kind", "period", "status", "attempts", "claimed_at", "sent_at"]
    list_filter = ["status", "kind", "claimed_at"]
    # Counts by delivery state for the last days, above the list (sent, failed, uncertain...).
    change_list_template = "admin/reminders/sentreminder/change_list.html"
    list_select_related = ["owner"]
    search_fields = ["owner__email", "period"]
    readonly_fields = [field.name for field in SentReminder._meta.fields]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "delivery_statuses": SentReminder.Status.choices,
            "delivery_counts": [
                (day, [by_status.get(value, 0) for value, _ in SentReminder.Status.choices])
                for day, by_status in delivery_counts_by_day(days=STATUS_DAYS).items()
            ],
        }
        return super().changelist_view(request, extra_context=extra_context)
