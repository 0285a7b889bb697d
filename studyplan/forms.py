from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout, Submit
from django import forms

from accounts.models import Weekday
from prepsite.timezones import TimeZoneSelect, time_zone_choices
from studyplan.models import (
    MAX_ACTIVITY_MINUTES,
    Area,
    Difficulty,
    InterviewType,
    Level,
)
from studyplan.plan_template import LevelData, load_plan_template

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The answers the hours preview depends on, the last one shown right above the preview.
PREVIEW_FIELDS = ("level", "start_date", "interview_date", "hours_per_week")
RATING_CHOICES = [(value, str(value)) for value in range(1, 6)]
MINUTES_ERRORS = {
    "min_value": "Minutes cannot be negative.",
    "max_value": f"One entry can be at most 24 hours ({MAX_ACTIVITY_MINUTES} minutes).",
}


def minutes_field(
    initial: int = 0, *, required: bool = False, help_text: str = "Time spent, in minutes."
) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=0,
        max_value=MAX_ACTIVITY_MINUTES,
        initial=initial,
        required=required,
        error_messages=MINUTES_ERRORS,
        help_text=help_text,
    )


def _helper(submit_label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class PlanSettingsForm(forms.Form):
    level = forms.ChoiceField(choices=Level.choices, widget=forms.RadioSelect, label="Target level")
    start_date = forms.DateField(widget=DATE_INPUT, help_text="Week 1 is the week of this day.")
    interview_date = forms.DateField(
        widget=DATE_INPUT,
        required=False,
        label="Interview date (optional)",
        help_text="With a date, the plan fits the weeks until then (4 to 52); "
        "without one it runs 24 weeks.",
    )
    hours_per_week = forms.IntegerField(
        min_value=1,
        max_value=80,
        initial=12,
        label="Hours available per week",
        help_text="No week plans more than this; the preview below shows whether the level's "
        "hours fit.",
        error_messages={
            "min_value": "Plan at least one hour a week.",
            "max_value": "More than 80 hours a week is not a plan you can keep.",
        },
    )

    def __init__(self, *args, submit_label: str = "Create my plan", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit_label)

    def enable_preview(self, url: str) -> None:
        """Show how the level's hours fit these answers, refreshed whenever one changes, and
        place it before the submit button so it is read before the plan is saved.

        Each answer asks for the preview itself rather than the form: htmx checks a whole
        form before sending it, so a required box elsewhere (regenerating's confirmation)
        would stop the preview. The form's own submit is left alone.
        """
        for name in PREVIEW_FIELDS:
            self.fields[name].widget.attrs.update(
                {
                    "hx-post": url,
                    "hx-trigger": "change delay:300ms",
                    "hx-target": "#plan-preview",
                    "hx-swap": "outerHTML",
                    "hx-sync": "closest form:replace",
                }
            )
        names = list(self.fields)
        after = names.index(PREVIEW_FIELDS[-1]) + 1
        self.helper.layout = Layout(
            *names[:after],
            HTML(
                '<section class="mb-3" aria-label="How your hours fit">'
                '{% include "studyplan/partials/plan_preview.html" %}</section>'
            ),
            *names[after:],
        )


class OnboardingForm(PlanSettingsForm):
    timezone = forms.ChoiceField(
        label="Time zone",
        help_text="Weeks run Monday to Sunday in this zone.",
        choices=time_zone_choices,
        widget=TimeZoneSelect,
    )
    reminder_weekday = forms.TypedChoiceField(
        choices=Weekday.choices, coerce=int, label="Weekly reminder day"
    )
    reminder_time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), label="Reminder time"
    )

    # The name and headline every exported document carries (accounts, portfolio).
    display_name = forms.CharField(
        max_length=100,
        required=False,
        label="Your name",
        help_text="As it appears on your portfolio and brief.",
    )
    headline = forms.CharField(
        max_length=200,
        required=False,
        label="Headline (current role)",
        help_text="For example: Senior Engineering Manager, Payments.",
    )

    def plan_settings(self) -> dict:
        """The cleaned answers as services.plan_create takes them."""
        data = dict(self.cleaned_data)
        data["timezone_name"] = data.pop("timezone")
        data.pop("display_name", None)
        data.pop("headline", None)
        return data

    def profile_settings(self) -> dict:
        return {
            "display_name": self.cleaned_data.get("display_name", "").strip(),
            "headline": self.cleaned_data.get("headline", "").strip(),
        }


class RegenerateForm(PlanSettingsForm):
    confirm = forms.BooleanField(
        label="I understand: targets, texts and breaks go back to the template.",
        error_messages={"required": "Tick the box to confirm the regeneration."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, submit_label="Regenerate my plan", **kwargs)


class ActivityDayForm(forms.Form):
    occurred_on = forms.DateField(widget=DATE_INPUT, label="Day")


class CodingLogForm(ActivityDayForm):
    title = forms.CharField(max_length=200, label="Problem")
    link = forms.URLField(required=False, assume_scheme="https")
    difficulty = forms.ChoiceField(choices=[("", "—"), *Difficulty.choices], required=False)
    pattern = forms.CharField(max_length=80, required=False, help_text="e.g. sliding window")
    minutes = minutes_field(30)
    solved = forms.BooleanField(required=False, initial=True, label="Solved it")


class SystemDesignLogForm(ActivityDayForm):
    title = forms.CharField(max_length=200, label="Design problem")
    design_level = forms.ChoiceField(
        choices=[("", "—"), *Level.choices], required=False, label="Level"
    )
    minutes = minutes_field(45)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class StarStoryLogForm(ActivityDayForm):
    title = forms.CharField(max_length=200, label="Story")
    minutes = minutes_field(30)


class StudySessionLogForm(ActivityDayForm):
    title = forms.CharField(max_length=200, label="Topic")
    area = forms.ChoiceField(choices=Area.choices)
    minutes = minutes_field(60, required=True)


class MockInterviewLogForm(forms.Form):
    interview_type = forms.ChoiceField(choices=InterviewType.choices, label="Type")
    held_on = forms.DateField(widget=DATE_INPUT, label="Date")
    interviewer = forms.CharField(max_length=120, required=False)
    score = forms.TypedChoiceField(
        choices=[
            ("", "Not scored yet"),
            (1, "1 · strong no hire"),
            (2, "2 · no hire"),
            (3, "3 · lean hire"),
            (4, "4 · hire"),
            (5, "5 · strong hire"),
        ],
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Leave it empty to plan a mock ahead; record the score once it has happened.",
    )
    minutes = minutes_field(60, help_text="How long it took, or will take, in minutes.")
    principles = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Leadership Principles covered",
    )
    feedback = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    follow_ups = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, principles=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The page loads the principles once; plain choices avoid a query per rendering.
        self.fields["principles"].choices = [
            (principle.pk, principle.name) for principle in principles or []
        ]


class CustomGoalForm(forms.Form):
    title = forms.CharField(max_length=120, label="Goal")
    target = forms.IntegerField(
        min_value=1,
        max_value=100,
        initial=1,
        error_messages={
            "min_value": "A target is at least 1.",
            "max_value": "A weekly target is at most 100.",
        },
    )


class WeekEditForm(forms.Form):
    focus = forms.CharField(max_length=200)
    goals_text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Goals for the week",
        help_text="One per line.",
    )

    def __init__(self, *args, goals=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.goal_fields = []
        for goal in goals:
            name = f"target_{goal.pk}"
            self.fields[name] = forms.IntegerField(
                min_value=0,
                max_value=100,
                initial=goal.target,
                label=f"Target: {goal.label}",
                error_messages={
                    "min_value": "A target cannot be negative.",
                    "max_value": "A weekly target is at most 100.",
                },
            )
            self.goal_fields.append((goal, name))
        self.helper = _helper("Save the week")

    def targets(self) -> dict[int, int]:
        return {goal.pk: self.cleaned_data[name] for goal, name in self.goal_fields}


class ReviewForm(forms.Form):
    went_well = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="What went well"
    )
    blockers = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    next_week_focus = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Next week's focus"
    )
    self_rating = forms.TypedChoiceField(
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        label="How did the week go? (1 = poorly, 5 = great)",
    )


class ReadinessForm(forms.Form):
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, level: str, level_data: LevelData, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for competency in load_plan_template().competencies:
            weight = level_data.competency_weights[competency.key]
            texts = competency.ratings.get(level, ())
            bar = level_data.competency_bar.get(competency.key)
            choices = [
                (value, f"{value} · {texts[value - 1]}" if texts else str(value))
                for value in range(1, 6)
            ]
            self.fields[competency.key] = forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                label=f"{competency.name} (interview weight about {weight} %)",
                help_text=f"The {level} bar is {bar}." if bar else "",
            )
        self.fields["checklist"] = forms.MultipleChoiceField(
            choices=[(item.key, item.text) for item in level_data.checklist],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Readiness checklist",
        )
        self.fields["notes"] = self.fields.pop("notes")

    def ratings(self) -> dict[str, int]:
        return {c.key: self.cleaned_data[c.key] for c in load_plan_template().competencies}
