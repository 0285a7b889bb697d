from django.contrib import admin

from reminders.models import ReminderPreferences, SentReminder


@admin.register(ReminderPreferences)
class ReminderPreferencesAdmin(admin.ModelAdmin):
    list_display = ["owner", "email_enabled", "weekly_digest", "midweek_nudge", "updated_at"]
    list_select_related = ["owner"]
    search_fields = ["owner__email"]
    exclude = ["calendar_token"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ["owner", "kind", "period", "status", "attempts", "claimed_at", "sent_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["owner"]
    search_fields = ["owner__email", "period"]
    readonly_fields = [field.name for field in SentReminder._meta.fields]
