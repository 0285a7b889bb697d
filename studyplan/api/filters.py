import django_filters
from django import forms

from studyplan.models import (
    Activity,
    Goal,
    MockInterview,
    PlanWeek,
    ReadinessAssessment,
    WeeklyReview,
)


class _IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # an id: 0.5 is a 400, not silently "no such week"


class WeekFilterMixin(django_filters.FilterSet):
    """`week=<id>` keeps rows dated inside that week of the requester's own plan."""

    week = _IdFilter(method="filter_week", label="Plan week id")
    week_date_field = "occurred_on"

    def filter_week(self, queryset, name: str, value: int):
        week = PlanWeek.objects.filter(plan__owner=self.request.user, pk=value).first()
        if week is None:
            return queryset.none()
        return queryset.filter(**{f"{self.week_date_field}__range": (week.starts_on, week.ends_on)})


class ActivityFilter(WeekFilterMixin):
    date_after = django_filters.DateFilter(field_name="occurred_on", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="occurred_on", lookup_expr="lte")

    class Meta:
        model = Activity
        fields = ["kind", "area"]


class MockInterviewFilter(WeekFilterMixin):
    week_date_field = "held_on"
    date_after = django_filters.DateFilter(field_name="held_on", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="held_on", lookup_expr="lte")

    class Meta:
        model = MockInterview
        fields = ["interview_type"]


class WeeklyReviewFilter(WeekFilterMixin):
    week_date_field = "week_starts_on"
    date_after = django_filters.DateFilter(field_name="week_starts_on", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="week_starts_on", lookup_expr="lte")

    class Meta:
        model = WeeklyReview
        fields: list[str] = []


class PlanWeekFilter(django_filters.FilterSet):
    date_after = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte")

    class Meta:
        model = PlanWeek
        fields = ["phase", "is_break"]


class GoalFilter(django_filters.FilterSet):
    date_after = django_filters.DateFilter(field_name="week__starts_on", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="week__starts_on", lookup_expr="lte")

    class Meta:
        model = Goal
        fields = ["week", "kind"]


class ReadinessAssessmentFilter(django_filters.FilterSet):
    date_after = django_filters.DateFilter(field_name="assessed_at", lookup_expr="date__gte")
    date_before = django_filters.DateFilter(field_name="assessed_at", lookup_expr="date__lte")

    class Meta:
        model = ReadinessAssessment
        fields = ["level"]
