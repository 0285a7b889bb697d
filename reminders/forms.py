from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms

from accounts.models import Weekday
from prepsite.timezones import TimeZoneSelect, time_zone_choices

TIME_ZONE_CHOICES = time_zone_choices()


class ReminderPreferencesForm(forms.Form):
    email_enabled = forms.BooleanField(
        label="Send me reminders by e-mail",
        required=False,
        help_text="Switch this off to stop every reminder e-mail at once.",
    )
    weekly_digest = forms.BooleanField(
        label="Weekly digest: last week's results and this week's plan", required=False
    )
    midweek_nudge = forms.BooleanField(
        label="Mid-week nudge when I am behind on the week's goals", required=False
    )
    inactivity_nudge = forms.BooleanField(
        label="A nudge after 7 days without any logged work", required=False
    )
    interview_countdown = forms.BooleanField(
        label="Interview countdown (30, 7 and 1 days before)", required=False
    )
    reminder_weekday = forms.TypedChoiceField(
        label="Digest day", choices=Weekday.choices, coerce=int
    )
    reminder_time = forms.TimeField(
        label="Send time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Your local time; reminders arrive within a few minutes of it.",
    )
    nudge_weekday = forms.TypedChoiceField(
        label="Mid-week check day", choices=Weekday.choices, coerce=int
    )
    timezone = forms.ChoiceField(
        label="Time zone", choices=TIME_ZONE_CHOICES, widget=TimeZoneSelect
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset("Channel", "email_enabled"),
            Fieldset(
                "What to send",
                "weekly_digest",
                "midweek_nudge",
                "inactivity_nudge",
                "interview_countdown",
            ),
            Fieldset("When", "reminder_weekday", "reminder_time", "nudge_weekday", "timezone"),
        )
        self.helper.add_input(Submit("save", "Save reminder settings"))
