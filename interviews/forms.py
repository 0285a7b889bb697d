from django import forms

from interviews.models import (
    Application,
    ApplicationStatus,
    Debrief,
    Level,
    Loop,
    Round,
)
from prepsite import limits
from stories.models import LeadershipPrinciple, Story


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ApplicationForm(forms.ModelForm):
    link = forms.URLField(
        required=False,
        max_length=limits.LINE_MAX,
        assume_scheme="https",
        help_text="The job posting, if you have it.",
    )

    class Meta:
        model = Application
        fields = ["company", "role", "level", "link", "source", "status", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=limits.NAME_MAX, label="Search")
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *ApplicationStatus.choices]
    )
    level = forms.ChoiceField(required=False, choices=[("", "Any level"), *Level.choices])

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"search": data["q"], "status": data["status"], "level": data["level"]}


class MoveForm(forms.Form):
    status = forms.ChoiceField(choices=ApplicationStatus.choices)


class LoopForm(forms.ModelForm):
    class Meta:
        model = Loop
        fields = ["kind", "starts_on", "ends_on", "questions_to_ask", "notes"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "questions_to_ask": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "questions_to_ask": "One per line; the brief lists them for every round.",
            "ends_on": "The same day for a one-day onsite.",
        }


class RoundForm(forms.ModelForm):
    principles = forms.ModelMultipleChoiceField(
        queryset=LeadershipPrinciple.objects.order_by("display_order"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Two or three is usual; at most {limits.PRINCIPLES_PER_ROUND_MAX}.",
    )

    class Meta:
        model = Round
        fields = [
            "starts_at",
            "length_minutes",
            "kind",
            "interviewer_name",
            "interviewer_role",
            "questions_to_ask",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "questions_to_ask": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"starts_at": "Starts at (your time zone)", "length_minutes": "Length (minutes)"}

    def clean_principles(self):
        principles = self.cleaned_data["principles"]
        if len(principles) > limits.PRINCIPLES_PER_ROUND_MAX:
            raise forms.ValidationError(
                f"Choose at most {limits.PRINCIPLES_PER_ROUND_MAX} principles."
            )
        return principles


class PinForm(forms.Form):
    principle = forms.ModelChoiceField(
        queryset=LeadershipPrinciple.objects.all(), empty_label="Choose a principle"
    )
    backup = forms.BooleanField(required=False)
    story = forms.ModelChoiceField(queryset=Story.objects.none(), label="Story")

    def __init__(self, *args, user, round_: Round, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["principle"].queryset = round_.principles.order_by("display_order")
        self.fields["story"].queryset = Story.objects.filter(owner=user).order_by("title", "id")

    def group_story_menu(self, *, mapped: list, others: list) -> None:
        """Offer first the stories that map to the round's principles."""
        self.fields["story"].widget.choices = [
            ("", "Choose a story"),
            ("Mapped to this round's principles", mapped),
            ("Your other stories", others),
        ]


class DebriefForm(forms.ModelForm):
    stories = forms.ModelMultipleChoiceField(
        queryset=Story.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Stories you told",
    )

    class Meta:
        model = Debrief
        fields = ["asked", "self_score", "notes"]
        widgets = {
            "asked": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "self_score": forms.NumberInput(
                attrs={"min": limits.SELF_SCORE_MIN, "max": limits.SELF_SCORE_MAX}
            ),
        }
        labels = {"asked": "What was asked", "self_score": "How it went (1-5)"}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stories"].queryset = Story.objects.filter(owner=user).order_by("title", "id")


class PortfolioSelectionForm(forms.Form):
    case_studies = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    decision_records = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    stories = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, **kwargs) -> None:
        from portfolio.models import CaseStudy, DecisionRecord

        super().__init__(*args, **kwargs)
        self.fields["case_studies"].queryset = CaseStudy.objects.filter(portfolio__owner=user)
        self.fields["decision_records"].queryset = DecisionRecord.objects.filter(
            portfolio__owner=user
        )
        self.fields["stories"].queryset = Story.objects.filter(owner=user).order_by("title")
