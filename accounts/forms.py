from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from accounts.models import User
from prepsite.timezones import TimeZoneSelect, time_zone_choices

TIMEZONE_CHOICES = time_zone_choices()


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        help_text="What will use this token, e.g. “laptop export script”.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("create", "Create token"))

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the token a name.")
        return name


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        choices=TIMEZONE_CHOICES,
        widget=TimeZoneSelect,
        help_text="Dates, weeks and reminders follow this time zone.",
    )

    class Meta:
        model = User
        fields = ["display_name", "timezone"]
        labels = {"display_name": "Your name"}
        help_texts = {
            "display_name": "Shown on your portfolio and its share link instead of your e-mail.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save profile"))
