from typing import Any

from crispy_forms.bootstrap import Accordion, AccordionGroup
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone

from stories import frameworks
from stories.content import normalise_tags
from stories.models import (
    Category,
    LeadershipPrinciple,
    PracticeQuestion,
    Rehearsal,
    Status,
    Story,
    StoryMetric,
    TargetLevel,
)
from stories.selectors import SORTS

_FRAMEWORK_HEADINGS = {
    frameworks.STAR_PLUS: "STAR+ sections",
    frameworks.PSI: "Problem-Solution-Impact sections",
}
CONTEXT_FIELDS = ("role", "team_size", "duration", "technologies", "company", "period")


class StoryCreateForm(forms.ModelForm):
    class Meta:
        model = Story
        fields = ["title", "framework"]
        widgets = {"framework": forms.RadioSelect}
        help_texts = {
            "title": "A short name you will recognise, e.g. “Checkout latency rescue”.",
            "framework": "STAR+ suits most behavioural questions; Problem-Solution-Impact "
            "suits technical deep dives. You can switch later.",
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("create", "Start writing"))


class StoryForm(forms.ModelForm):
    """The guided editor: every field optional except the title."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    tags = forms.CharField(
        required=False,
        max_length=1000,
        help_text="Comma-separated, e.g. payments, migration.",
    )
    secondary_principles = forms.ModelMultipleChoiceField(
        queryset=LeadershipPrinciple.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Secondary principles",
    )

    class Meta:
        model = Story
        fields = [
            "title",
            "framework",
            *frameworks.ALL_SECTION_NAMES,
            *CONTEXT_FIELDS,
            "target_level",
            "category",
            "primary_principle",
            "secondary_principles",
            "tags",
            "status",
            "confidence",
        ]
        widgets = {
            "confidence": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "framework": forms.Select(attrs={"data-framework-select": ""}),
        }
        labels = {"primary_principle": "Primary principle", "confidence": "Confidence (1-5)"}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["tags"] = ", ".join(self.instance.tags)
            self.initial["version"] = self.instance.version
        for name in frameworks.ALL_SECTION_NAMES:
            self.fields[name].widget.attrs.update({"rows": 4, "data-word-count": ""})
        self.fields["action"].widget.attrs["rows"] = 8
        self.fields["solution"].widget.attrs["rows"] = 8
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("title"),
            Field("framework"),
            *(self._framework_block(name) for name in frameworks.SECTIONS),
            Fieldset(
                "Leadership Principles",
                Field("primary_principle"),
                Div(Field("secondary_principles"), css_class="principle-checkboxes"),
            ),
            Accordion(
                AccordionGroup(
                    "Context: role, team, period, level",
                    Div(
                        *(Div(Field(name), css_class="col-md-6") for name in CONTEXT_FIELDS),
                        Div(Field("target_level"), css_class="col-md-6"),
                        Div(Field("category"), css_class="col-md-6"),
                        css_class="row",
                    ),
                    active=False,
                ),
            ),
            Div(
                Div(Field("status"), css_class="col-md-4"),
                Div(Field("confidence"), css_class="col-md-4"),
                Div(Field("tags"), css_class="col-md-4"),
                css_class="row mt-3",
            ),
            Field("version"),
        )

    def _framework_block(self, framework: str) -> Div:
        fields = []
        for section in frameworks.SECTIONS[framework]:
            self.fields[section.name].help_text = section.prompt
            self.fields[section.name].label = section.label + ("" if section.required else " (+)")
            fields.append(Field(section.name, wrapper_class="story-section"))
        return Div(
            HTML(f'<h2 class="h5 mt-4">{_FRAMEWORK_HEADINGS[framework]}</h2>'),
            *fields,
            css_class="framework-sections",
            data_framework=framework,
        )

    def clean_tags(self) -> list[str]:
        try:
            return normalise_tags(self.cleaned_data["tags"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["tags"]) from error

    def story_data(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class MetricForm(forms.ModelForm):
    class Meta:
        model = StoryMetric
        fields = ["label", "before_value", "before_unit", "after_value", "unit", "period"]
        labels = {"before_value": "Before", "after_value": "After", "before_unit": "Unit before"}
        help_texts = {"before_unit": "", "period": ""}
        widgets = {
            "before_value": forms.TextInput(attrs={"inputmode": "decimal"}),
            "after_value": forms.TextInput(attrs={"inputmode": "decimal"}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Show 3 rather than the stored 3.0000.
        for name in ("before_value", "after_value"):
            value = self.initial.get(name)
            if value is not None:
                self.initial[name] = f"{value.normalize():f}"


MetricFormSet = inlineformset_factory(
    Story, StoryMetric, form=MetricForm, extra=1, can_delete=True, max_num=30, validate_max=True
)


def metric_rows(formset: forms.BaseInlineFormSet) -> list[dict[str, Any]]:
    """The formset's filled-in, not deleted rows, in page order, as service input."""
    return [
        {name: form.cleaned_data[name] for name in MetricForm.Meta.fields}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class StoryFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=200)
    principle = forms.ModelChoiceField(
        queryset=LeadershipPrinciple.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label="Any principle",
    )
    category = forms.ChoiceField(choices=[("", "Any category"), *Category.choices], required=False)
    status = forms.ChoiceField(choices=[("", "Any status"), *Status.choices], required=False)
    level = forms.ChoiceField(choices=[("", "Any level"), *TargetLevel.choices], required=False)
    sort = forms.ChoiceField(
        choices=[(key, label) for key, (label, _) in SORTS.items()], required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Read the principles once: rendering the model choices would count them, then
        # read them, in two queries.
        principle = self.fields["principle"]
        principle.choices = list(iter(principle.choices))

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"],
            "principle": data["principle"].slug if data["principle"] else "",
            "category": data["category"],
            "status": data["status"],
            "level": data["level"],
            "sort": data["sort"] or "updated",
        }


class RehearsalForm(forms.ModelForm):
    class Meta:
        model = Rehearsal
        fields = ["duration_seconds", "self_rating"]
        labels = {"duration_seconds": "Duration (seconds)", "self_rating": "How did it go?"}
        widgets = {"self_rating": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["duration_seconds"].widget.attrs["data-timer-target"] = ""
        self.fields["self_rating"].choices = Rehearsal.Rating.choices


class StoryUsageForm(forms.Form):
    mock_interview = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Not a mock: a real interview"
    )
    interview = forms.CharField(
        max_length=160,
        required=False,
        label="Real interview",
        help_text="Company, round and date, e.g. “Acme onsite, bar raiser”.",
    )
    told_on = forms.DateField(
        initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(max_length=500, required=False)

    def __init__(self, *args: Any, mock_interviews=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["mock_interview"].queryset = mock_interviews

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("mock_interview") and not (data.get("interview") or "").strip():
            raise ValidationError("Pick a mock interview or name the real interview.")
        return data


class QuestionLinkForm(forms.Form):
    question = forms.ModelChoiceField(queryset=PracticeQuestion.objects.all())
    story = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args: Any, stories=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["story"].queryset = stories
