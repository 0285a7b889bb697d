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


class AccountImportForm(forms.Form):
    file = forms.FileField(
        label="Account export file",
        help_text="A .json file downloaded from “Download my data” on this or another PrepSite.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )
    confirm = forms.BooleanField(
        required=False,
        label="I checked the summary: import now",
        help_text="Leave unticked to check the file first; nothing is saved then.",
    )

    def __init__(self, *args, max_bytes: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"The file is larger than {self.max_bytes // (1024 * 1024)} MB."
            )
        return upload


class AccountDeleteForm(forms.Form):
    confirm_email = forms.CharField(
        label="Type your e-mail address to confirm",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_confirm_email(self) -> str:
        value = self.cleaned_data["confirm_email"].strip()
        if value.lower() != self.user.email.lower():
            raise forms.ValidationError("That is not this account's e-mail address.")
        return value
