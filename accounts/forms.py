from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms


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
