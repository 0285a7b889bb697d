from typing import Literal

from rest_framework import serializers

from practice.api.serializers import AreaScoreSerializer
from studyplan.dates import local_today
from studyplan.models import (
    Activity,
    ActivityKind,
    Goal,
    GoalKind,
    Level,
    MockInterview,
    Plan,
    PlanWeek,
    ReadinessAssessment,
    WeeklyReview,
)
from studyplan.plan_template import load_plan_template

MINUTES_FIELD = {"min_value": 0, "max_value": 24 * 60}


class PlanSerializer(serializers.ModelSerializer):
    weeks_total = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "level",
            "start_date",
            "interview_date",
            "hours_per_week",
            "template_version",
            "weeks_total",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_weeks_total(self, plan: Plan) -> int:
        return plan.weeks.count()


class PlanSettingsSerializer(serializers.Serializer):
    """What onboarding asks (PUT regenerates with it); rhythm fields default to the user's."""

    level = serializers.ChoiceField(choices=Level.choices)
    start_date = serializers.DateField()
    interview_date = serializers.DateField(required=False, allow_null=True, default=None)
    hours_per_week = serializers.IntegerField(min_value=1, max_value=80)


class PlanCreateSerializer(PlanSettingsSerializer):
    timezone = serializers.CharField(required=False)
    reminder_weekday = serializers.IntegerField(required=False, min_value=0, max_value=6)
    reminder_time = serializers.TimeField(required=False)


class PlanWeekSerializer(serializers.ModelSerializer):
    ends_on = serializers.DateField(read_only=True)
    planned_minutes = serializers.SerializerMethodField()

    class Meta:
        model = PlanWeek
        fields = [
            "id",
            "number",
            "starts_on",
            "ends_on",
            "phase",
            "is_break",
            "template_week",
            "focus",
            "goals_text",
            "planned_minutes",
        ]
        read_only_fields = [
            "id",
            "number",
            "starts_on",
            "ends_on",
            "phase",
            "is_break",
            "template_week",
        ]

    def get_planned_minutes(self, week: PlanWeek) -> dict[str, int]:
        return {
            area: week.planned_minutes(area)
            for area in ("design", "coding", "behavioural", "mocks")
        }


class GoalSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    achieved = serializers.SerializerMethodField()

    class Meta:
        model = Goal
        fields = ["id", "week", "kind", "label", "title", "target", "achieved"]
        read_only_fields = ["id", "kind", "label", "achieved"]
        extra_kwargs = {"target": {"min_value": 0, "max_value": 100}}

    def get_achieved(self, goal: Goal) -> int:
        return self.context.get("achieved", {}).get(goal.pk, 0)

    def validate_week(self, week: PlanWeek) -> PlanWeek:
        if week.plan.owner_id != self.context["request"].user.pk:
            raise serializers.ValidationError("No such week in your plan.")
        if self.instance is not None and week != self.instance.week:
            raise serializers.ValidationError("A goal cannot move to another week.")
        return week

    def validate(self, attrs: dict) -> dict:
        kind = self.instance.kind if self.instance else GoalKind.CUSTOM
        if kind == GoalKind.CUSTOM and not (
            attrs.get("title") or getattr(self.instance, "title", "")
        ):
            raise serializers.ValidationError({"title": "A custom goal needs a title."})
        return attrs


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "area",
            "occurred_on",
            "title",
            "minutes",
            "link",
            "difficulty",
            "pattern",
            "solved",
            "design_level",
            "notes",
            "goal",
            "source_key",
            "logged_at",
        ]
        read_only_fields = ["id", "source_key", "logged_at"]
        extra_kwargs = {"minutes": MINUTES_FIELD, "area": {"required": False}}

    def validate_kind(self, kind: str) -> str:
        if kind == ActivityKind.MOCK_INTERVIEW:
            raise serializers.ValidationError("Log mock interviews at /api/plan/mock-interviews/.")
        if self.instance is not None and kind != self.instance.kind:
            raise serializers.ValidationError("The kind of a logged activity cannot change.")
        return kind

    def validate_goal(self, goal: Goal | None) -> Goal | None:
        if goal is not None and goal.week.plan.owner_id != self.context["request"].user.pk:
            raise serializers.ValidationError("No such goal in your plan.")
        return goal

    def validate(self, attrs: dict) -> dict:
        kind = attrs.get("kind", getattr(self.instance, "kind", None))
        if kind == ActivityKind.STUDY_SESSION and not attrs.get(
            "area", getattr(self.instance, "area", "")
        ):
            raise serializers.ValidationError({"area": "Say which area the study session was for."})
        return attrs


class MockInterviewSerializer(serializers.ModelSerializer):
    """A score is left out (or null) for a planned mock and refused on a day still ahead."""

    minutes = serializers.IntegerField(source="activity.minutes", required=False, **MINUTES_FIELD)
    status = serializers.SerializerMethodField(
        help_text="planned (day ahead), awaiting_result (day come, no score) or held (counts)."
    )

    class Meta:
        model = MockInterview
        fields = [
            "id",
            "interview_type",
            "held_on",
            "interviewer",
            "score",
            "status",
            "minutes",
            "principles",
            "feedback",
            "follow_ups",
            "activity",
            "created_at",
        ]
        read_only_fields = ["id", "activity", "created_at"]
        extra_kwargs = {"score": {"min_value": 1, "max_value": 5}}

    def get_status(self, mock: MockInterview) -> Literal["planned", "awaiting_result", "held"]:
        today = local_today(self.context["request"].user.timezone)
        if mock.is_held(today):
            return "held"
        return "planned" if mock.held_on > today else "awaiting_result"


class WeeklyReviewSerializer(serializers.ModelSerializer):
    week = serializers.PrimaryKeyRelatedField(
        queryset=PlanWeek.objects.none(), write_only=True, help_text="The plan week reviewed."
    )

    class Meta:
        model = WeeklyReview
        fields = [
            "id",
            "week",
            "week_starts_on",
            "went_well",
            "blockers",
            "next_week_focus",
            "self_rating",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "week_starts_on", "created_at", "updated_at"]
        extra_kwargs = {"self_rating": {"min_value": 1, "max_value": 5}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["week"].queryset = PlanWeek.objects.filter(plan__owner=request.user)
        if self.instance is not None:
            self.fields["week"].required = False


class ReadinessAssessmentSerializer(serializers.ModelSerializer):
    checklist = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = ReadinessAssessment
        fields = [
            "id",
            "level",
            "assessed_at",
            "coding",
            "system_design",
            "cloud_services",
            "distributed_systems",
            "ai_ml",
            "checklist",
            "score",
            "notes",
        ]
        read_only_fields = ["id", "level", "assessed_at", "score"]
        extra_kwargs = {
            key: {"min_value": 1, "max_value": 5}
            for key in ("coding", "system_design", "cloud_services", "distributed_systems", "ai_ml")
        }

    def validate_checklist(self, keys: list[str]) -> list[str]:
        known = {
            item.key for level in load_plan_template().levels.values() for item in level.checklist
        }
        unknown = sorted(set(keys) - known)
        if unknown:
            raise serializers.ValidationError(f"Unknown checklist items: {', '.join(unknown)}.")
        return keys


class GoalProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="goal.pk")
    kind = serializers.CharField(source="goal.kind")
    label = serializers.CharField(source="goal.label")
    target = serializers.IntegerField()
    achieved = serializers.IntegerField()
    percent = serializers.IntegerField()
    met = serializers.BooleanField()


class AreaHoursSerializer(serializers.Serializer):
    area = serializers.CharField()
    label = serializers.CharField()
    spent_minutes = serializers.IntegerField()
    planned_minutes = serializers.IntegerField()


class CurrentWeekSerializer(serializers.Serializer):
    """The same summary the week page shows."""

    week = PlanWeekSerializer(source="progress.week")
    weeks_total = serializers.IntegerField()
    phase_name = serializers.CharField(source="progress.week.get_phase_display")
    is_current = serializers.BooleanField()
    today = serializers.DateField()
    goals = GoalProgressSerializer(source="progress.goals", many=True)
    hours = AreaHoursSerializer(source="progress.hours", many=True)
    completion = serializers.FloatField(source="progress.completion")
    goals_met = serializers.BooleanField(source="progress.goals_met")
    activity_count = serializers.IntegerField(source="progress.activity_count")


class PreviewAreaHoursSerializer(serializers.Serializer):
    area = serializers.CharField()
    planned_hours = serializers.FloatField()
    needed_hours = serializers.IntegerField()


class PlanPreviewSerializer(serializers.Serializer):
    """A plan's totals before it is saved: whether the level's hours fit, and what would."""

    weeks = serializers.IntegerField()
    starts_on = serializers.DateField()
    hours_per_week = serializers.IntegerField()
    available_hours = serializers.IntegerField()
    needed_hours = serializers.IntegerField()
    planned_hours = serializers.FloatField()
    fits = serializers.BooleanField()
    shortfall_hours = serializers.IntegerField()
    hours_per_week_needed = serializers.IntegerField()
    interview_date_needed = serializers.DateField(allow_null=True)
    warning = serializers.CharField(allow_blank=True)
    areas = PreviewAreaHoursSerializer(many=True)


class ReplanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    source = serializers.CharField()
    explanation = serializers.ListField(child=serializers.CharField())
    undone_at = serializers.DateTimeField(allow_null=True)


class CompetencyResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    plan_area = serializers.CharField()
    rating = serializers.IntegerField()
    bar = serializers.IntegerField()
    weight = serializers.IntegerField()
    gap = serializers.IntegerField()
    score = serializers.IntegerField()
    description = serializers.CharField()
    this_week = serializers.CharField()


class ReadinessBreakdownSerializer(serializers.Serializer):
    level = serializers.CharField(allow_null=True)
    score = serializers.IntegerField(allow_null=True)
    assessed_at = serializers.DateTimeField(allow_null=True)
    competencies = CompetencyResultSerializer(many=True)
    weakest = CompetencyResultSerializer(many=True)
    practice_scores = AreaScoreSerializer(
        many=True,
        help_text="Finished practice sessions per area: how many were scored and their mean "
        "rubric score in percent (null until one is). Shown beside the self-assessment; "
        "not part of its score.",
    )
