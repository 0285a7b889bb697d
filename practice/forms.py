import datetime

from django import forms
from django.core.exceptions import ValidationError

from practice import rubrics, services
from practice.models import Area, Difficulty, ItemLevel, LibraryItem
from practice.reference_data import coding_patterns
from prepsite.limits import (
    LINE_MAX,
    LONG_TEXT_MAX,
    NAME_MAX,
    PRACTICE_LOOP_ROUNDS_MAX,
    PRACTICE_SESSION_SECONDS_MAX,
    PRACTICE_WEEK_MAX,
    TEXT_MAX,
)

LEVEL_CHOICES = [("L6", "L6"), ("L7", "L7")]
ROUND_TYPES = [
    ("coding", "Coding"),
    ("system_design", "System design"),
    ("behavioural", "Behavioural"),
    ("bar_raiser", "Bar raiser"),
]


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label="Title contains", required=False, max_length=NAME_MAX)
    area = forms.ChoiceField(choices=[("", "Any area"), *Area.choices], required=False)
    level = forms.ChoiceField(choices=[("", "Any level"), *ItemLevel.choices], required=False)
    difficulty = forms.ChoiceField(
        choices=[("", "Any difficulty"), *Difficulty.choices], required=False
    )
    week = forms.IntegerField(
        label="Plan week", required=False, min_value=1, max_value=PRACTICE_WEEK_MAX
    )
    pattern = forms.ChoiceField(
        label="Coding pattern",
        choices=lambda: [("", "Any pattern"), *coding_patterns()],
        required=False,
    )
    due = forms.BooleanField(label="Due for review", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"
            else:
                field.widget.attrs["class"] = "form-control"


class PrivateItemForm(forms.ModelForm):
    link = forms.URLField(required=False, max_length=LINE_MAX, assume_scheme="https")

    class Meta:
        model = LibraryItem
        fields = ["title", "area", "level", "difficulty", "week", "topic", "pattern", "link",
                  "prompt"]  # fmt: skip
        widgets = {"prompt": forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX})}


class StartForm(forms.Form):
    level = forms.ChoiceField(choices=LEVEL_CHOICES)


class DraftForm(forms.Form):
    """What a running session keeps as it is typed: the notes and, for design, a diagram."""

    notes = forms.CharField(
        label="Notes (Markdown)",
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    diagram = forms.CharField(
        label="Diagram (Mermaid)",
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace"}),
    )

    def __init__(self, *args, with_diagram: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_diagram:
            del self.fields["diagram"]


class FinishForm(DraftForm):
    """The end of a session: the timer's result, notes, a diagram and the rubric scores."""

    field_order = ["duration_seconds", "notes", "diagram"]
    duration_seconds = forms.IntegerField(
        label="Time spent (seconds)",
        min_value=0,
        max_value=PRACTICE_SESSION_SECONDS_MAX,
        error_messages={
            "min_value": "The time spent cannot be negative.",
            "max_value": "More than six hours is not one practice session.",
        },
    )

    def __init__(
        self,
        *args,
        rubric: rubrics.Rubric | None,
        started_at: datetime.datetime | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        self.started_at = started_at
        labels = rubrics.scale_labels()
        for criterion in rubric.criteria if rubric else ():
            self.fields[f"rubric_{criterion.key}"] = forms.TypedChoiceField(
                label=criterion.label,
                help_text=criterion.bar,
                choices=[(score, f"{score} · {label}") for score, label in labels.items()],
                coerce=int,
                widget=forms.RadioSelect,
            )

    def clean_duration_seconds(self) -> int:
        """The service's rule, checked here too so it shows with the form's other errors."""
        seconds = self.cleaned_data["duration_seconds"]
        try:
            services.validate_duration(seconds, started_at=self.started_at)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["duration_seconds"]) from error
        return seconds

    def rubric_scores(self) -> dict[str, int]:
        if self.rubric is None:
            return {}
        return {key: self.cleaned_data[f"rubric_{key}"] for key in self.rubric.keys}


class MockLoopForm(forms.Form):
    title = forms.CharField(max_length=NAME_MAX)
    held_on = forms.DateField(label="Day of the loop", widget=forms.DateInput({"type": "date"}))


class RoundForm(forms.Form):
    interview_type = forms.ChoiceField(
        label="Round type", choices=[("", "—"), *ROUND_TYPES], required=False
    )
    principles = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        help_text="Optional. Ctrl-click (Cmd-click on a Mac) picks several.",
    )

    def __init__(self, *args, principles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principles"].queryset = principles

    def clean(self) -> dict:
        cleaned = super().clean()
        # A round left at "—" is not planned; principles chosen for it would vanish unseen.
        if cleaned.get("principles") and not cleaned.get("interview_type"):
            self.add_error("interview_type", "Choose the round type, or clear its principles.")
        return cleaned

    @property
    def chosen_principles(self) -> set[str]:
        """The principles selected in the form, as the strings its menu's values are."""
        return {str(value) for value in self["principles"].value() or ()}


RoundFormSet = forms.formset_factory(
    RoundForm, extra=4, max_num=PRACTICE_LOOP_ROUNDS_MAX, validate_max=True
)


class RoundScoreForm(forms.Form):
    score = forms.IntegerField(
        min_value=1, max_value=5, help_text="1 strong no hire … 5 strong hire"
    )
    feedback = forms.CharField(
        required=False, max_length=TEXT_MAX, widget=forms.Textarea({"rows": 3})
    )
