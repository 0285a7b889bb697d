"""Cleaning and layout for the portfolio editors (crispy FormHelpers live here)."""

import json
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Fieldset, Layout, Row, Submit
from django import forms
from django.forms import BaseInlineFormSet, BaseModelFormSet

from portfolio.checklist import CHECKLIST
from portfolio.models import (
    CASE_STUDY_CONTENT_FIELDS,
    METRIC_FIELDS,
    CaseStudy,
    CaseStudyMetric,
    DashboardMetric,
    DecisionOption,
    DecisionRecord,
    Portfolio,
)
from portfolio.services import SUMMARY_FIELDS
from prepsite.limits import UPLOAD_MAX_BYTES
from stories.models import LeadershipPrinciple, Story

TEXTAREA_ROWS = 4


def _rows(widget_rows: int = TEXTAREA_ROWS) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": widget_rows})


class SummaryForm(forms.ModelForm):
    class Meta:
        model = Portfolio
        fields = list(SUMMARY_FIELDS)
        widgets = {
            "technical_domains": _rows(),
            "notable_achievements": _rows(5),
            "summary_text": _rows(12),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(
                Column("current_role", css_class="col-md-8"), Column("level", css_class="col-md-4")
            ),
            Row(
                Column("years_of_experience", css_class="col-md-3"),
                Column("team_size_and_scope", css_class="col-md-5"),
                Column("budget", css_class="col-md-4"),
            ),
            Row(
                Column("technical_domains", css_class="col-md-6"),
                Column("notable_achievements", css_class="col-md-6"),
            ),
            "summary_text",
        )
        self.helper.add_input(Submit("save", "Save summary"))


class CaseStudyForm(forms.ModelForm):
    principles = forms.ModelMultipleChoiceField(
        queryset=LeadershipPrinciple.objects.order_by("display_order"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Leadership Principles shown",
    )
    stories = forms.ModelMultipleChoiceField(
        queryset=Story.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Linked STAR stories",
        help_text="Stories from your story bank that tell this case in interview form.",
    )

    class Meta:
        model = CaseStudy
        fields = CASE_STUDY_CONTENT_FIELDS
        widgets = {
            name: _rows()
            for name in (
                "technologies",
                "business_context",
                "situation",
                "task",
                "actions_technical",
                "actions_team",
                "actions_stakeholder",
                "results",
                "key_decisions",
                "lessons_learned",
            )
        } | {"architecture_diagram": forms.Textarea(attrs={"rows": 10, "class": "font-monospace"})}

    def __init__(self, *args: Any, owner, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stories"].queryset = Story.objects.filter(owner=owner).order_by("title")
        if self.instance.pk:
            self.initial.setdefault("principles", list(self.instance.principles.all()))
            self.initial.setdefault("stories", list(self.instance.stories.all()))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "Overview",
                Row(Column("title", css_class="col-md-8"), Column("kind", css_class="col-md-4")),
                Row(
                    Column("role", css_class="col-md-4"),
                    Column("team_size", css_class="col-md-4"),
                    Column("duration", css_class="col-md-4"),
                ),
                "technologies",
                "business_context",
            ),
            Fieldset("Situation and task", "situation", "task"),
            Fieldset("Actions", "actions_technical", "actions_team", "actions_stakeholder"),
            Fieldset("Results", "results"),
            Fieldset("Architecture and decisions", "architecture_diagram", "key_decisions"),
            Fieldset("Reflection and links", "lessons_learned", "principles", "stories"),
        )

    def content_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _row_helper(*layout: Any) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class BaseRowsMixin:
    """Formsets edited as one ordered list: the service replaces the stored rows with it."""

    row_fields: tuple[str, ...] = ()

    def rows(self) -> list[dict[str, Any]]:
        return [
            {name: form.cleaned_data[name] for name in self.row_fields}
            for form in self.ordered_forms
        ]


class MetricFormSetBase(BaseRowsMixin, BaseInlineFormSet):
    row_fields = METRIC_FIELDS


MetricFormSet = forms.inlineformset_factory(
    CaseStudy,
    CaseStudyMetric,
    fields=MetricFormSetBase.row_fields,
    formset=MetricFormSetBase,
    extra=1,
    can_order=True,
    can_delete=True,
)
METRIC_HELPER = _row_helper(
    Row(
        Column("group", css_class="col-6 col-md-2"),
        Column("name", css_class="col-6 col-md-4"),
        Column("before", css_class="col-6 col-md-3"),
        Column("before_unit", css_class="col-6 col-md-3"),
    ),
    Row(
        Column("after", css_class="col-6 col-md-3"),
        Column("after_unit", css_class="col-6 col-md-3"),
        Column("period", css_class="col-md-6"),
    ),
    Row(
        Column("ORDER", css_class="col-6 col-md-3"),
        Column(Div("DELETE", css_class="pt-md-4"), css_class="col-6 col-md-3"),
    ),
)


class DecisionRecordForm(forms.ModelForm):
    class Meta:
        model = DecisionRecord
        fields = [
            "title",
            "decided_on",
            "status",
            "superseded_by",
            "decision_makers",
            "stakeholders",
            "context",
            "decision",
            "rationale",
            "implementation_plan",
            "results",
            "results_after_months",
            "diagram",
        ]
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{
                name: _rows()
                for name in ("context", "decision", "rationale", "implementation_plan", "results")
            },
            "diagram": forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
        }

    def __init__(self, *args: Any, portfolio: Portfolio, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = DecisionRecord.objects.filter(portfolio=portfolio).order_by("position", "id")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["superseded_by"].queryset = others
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("title", css_class="col-md-6"),
                Column("decided_on", css_class="col-md-3"),
                Column("status", css_class="col-md-3"),
            ),
            "superseded_by",
            Row(
                Column("decision_makers", css_class="col-md-6"),
                Column("stakeholders", css_class="col-md-6"),
            ),
            "context",
            "diagram",
        )
        self.outcome_helper = FormHelper()
        self.outcome_helper.form_tag = False
        self.outcome_helper.disable_csrf = True
        self.outcome_helper.layout = Layout(
            "decision",
            "rationale",
            "implementation_plan",
            Row(
                Column("results", css_class="col-md-9"),
                Column("results_after_months", css_class="col-md-3"),
            ),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("status") == "superseded" and not cleaned.get("superseded_by"):
            self.add_error("superseded_by", "Choose the record that superseded this one.")
        return cleaned

    def content_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class OptionFormSetBase(BaseRowsMixin, BaseInlineFormSet):
    row_fields = ("title", "pros", "cons")


OptionFormSet = forms.inlineformset_factory(
    DecisionRecord,
    DecisionOption,
    fields=OptionFormSetBase.row_fields,
    formset=OptionFormSetBase,
    widgets={"pros": _rows(3), "cons": _rows(3)},
    extra=1,
    can_order=True,
    can_delete=True,
)
OPTION_HELPER = _row_helper(
    "title",
    Row(Column("pros", css_class="col-md-6"), Column("cons", css_class="col-md-6")),
    Row(
        Column("ORDER", css_class="col-6 col-md-3"),
        Column(Div("DELETE", css_class="pt-md-4"), css_class="col-6 col-md-3"),
    ),
)


class DashboardLevelForm(forms.ModelForm):
    class Meta:
        model = Portfolio
        fields = ["level"]
        labels = {"level": "Dashboard layout"}


class DashboardMetricFormSetBase(BaseRowsMixin, BaseModelFormSet):
    row_fields = ("group", "name", "value", "trend", "target")


DashboardMetricFormSet = forms.modelformset_factory(
    DashboardMetric,
    fields=DashboardMetricFormSetBase.row_fields,
    formset=DashboardMetricFormSetBase,
    # The page says once how to write a value; repeating it under every row is noise.
    help_texts={"value": ""},
    extra=1,
    can_order=True,
    can_delete=True,
)
DASHBOARD_METRIC_HELPER = _row_helper(
    Row(
        Column("group", css_class="col-6 col-md-2"),
        Column("name", css_class="col-6 col-md-4"),
        Column("value", css_class="col-4 col-md-2"),
        Column("trend", css_class="col-4 col-md-2"),
        Column("target", css_class="col-4 col-md-2"),
    ),
    Row(
        Column("ORDER", css_class="col-6 col-md-3"),
        Column(Div("DELETE", css_class="pt-md-4"), css_class="col-6 col-md-3"),
    ),
)


class ChecklistForm(forms.Form):
    """One tick box and one note per review item, grouped by the four review areas."""

    def __init__(self, *args: Any, marks: dict[str, tuple[bool, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sections = []
        for section in CHECKLIST:
            names = []
            for item in section.items:
                checked, notes = marks.get(item.key, (False, ""))
                self.fields[f"{item.key}__checked"] = forms.BooleanField(
                    label=item.text, required=False, initial=checked
                )
                self.fields[f"{item.key}__notes"] = forms.CharField(
                    label="Notes",
                    required=False,
                    initial=notes,
                    max_length=2000,
                    widget=forms.TextInput(
                        attrs={
                            "placeholder": "Where it shows, or what to add",
                            "aria-label": f"Notes on “{item.text}”",
                        }
                    ),
                )
                names.append(
                    Div(
                        Div(f"{item.key}__checked", css_class="col-md-6"),
                        Div(f"{item.key}__notes", css_class="col-md-6"),
                        css_class="row border-bottom pt-2",
                    )
                )
            sections.append(Fieldset(section.title, *names, css_class="mb-4"))
        self.helper = FormHelper()
        self.helper.layout = Layout(*sections)
        self.helper.add_input(Submit("save", "Save checklist"))

    def marks(self) -> dict[str, tuple[bool, str]]:
        return {
            item.key: (
                self.cleaned_data[f"{item.key}__checked"],
                self.cleaned_data[f"{item.key}__notes"],
            )
            for section in CHECKLIST
            for item in section.items
        }


class ReorderForm(forms.Form):
    """The drag-and-drop editor posts the new order as comma-separated ids."""

    order = forms.CharField()

    def clean_order(self) -> list[int]:
        try:
            return [int(part) for part in self.cleaned_data["order"].split(",") if part]
        except ValueError as error:
            raise forms.ValidationError("The order must be a list of ids.") from error


class PortfolioImportForm(forms.Form):
    """A JSON export chosen in the browser, or the same text carried to the confirm step."""

    file = forms.FileField(
        required=False,
        label="JSON export",
        help_text="A file downloaded with “JSON (re-importable)”.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )
    document = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > UPLOAD_MAX_BYTES:
                raise forms.ValidationError(
                    {"file": f"The file is larger than {UPLOAD_MAX_BYTES // 1024 // 1024} MB."}
                )
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError({"file": "The file is not UTF-8 text."}) from None
        else:
            text = cleaned.get("document") or ""
        if not text.strip():
            raise forms.ValidationError({"file": "Choose a JSON export to import."})
        if len(text) > UPLOAD_MAX_BYTES:
            raise forms.ValidationError({"file": "The document is too large."})
        try:
            cleaned["parsed"] = json.loads(text)
        except json.JSONDecodeError as error:
            where = f"line {error.lineno}, column {error.colno}"
            raise forms.ValidationError(
                {"file": f"Not valid JSON: {error.msg} at {where}."}
            ) from None
        cleaned["document"] = text
        return cleaned
