from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from practice.selectors import practice_scores_by_area
from prepsite.api import ErrorSerializer
from studyplan import selectors, services
from studyplan.api import filters
from studyplan.api.serializers import (
    ActivitySerializer,
    CurrentWeekSerializer,
    GoalSerializer,
    MockInterviewSerializer,
    PlanCreateSerializer,
    PlanPreviewSerializer,
    PlanSerializer,
    PlanSettingsSerializer,
    PlanWeekSerializer,
    ReadinessAssessmentSerializer,
    ReadinessBreakdownSerializer,
    ReplanSerializer,
    WeeklyReviewSerializer,
)
from studyplan.dates import local_today
from studyplan.models import (
    Activity,
    Goal,
    MockInterview,
    Plan,
    PlanWeek,
    ReadinessAssessment,
    Replan,
    WeeklyReview,
)

T = TypeVar("T")


def _call(service: Callable[..., T], **kwargs: object) -> T:
    """Run a service; its Django ValidationError becomes the API's field-error answer."""
    try:
        return service(**kwargs)
    except services.PlanExistsError:
        raise
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        raise serializers.ValidationError(detail) from error


def _own_plan(request: Request) -> Plan:
    return get_object_or_404(Plan.objects.filter(owner=request.user).select_related("owner"))


class PlanView(APIView):
    """The requester's plan: create it (onboarding), read it, or regenerate it (PUT)."""

    @extend_schema(responses=PlanSerializer)
    def get(self, request: Request) -> Response:
        return Response(PlanSerializer(_own_plan(request)).data)

    @extend_schema(
        request=PlanCreateSerializer, responses={201: PlanSerializer, 409: ErrorSerializer}
    )
    def post(self, request: Request) -> Response:
        data = _valid(PlanCreateSerializer, request)
        user = request.user
        try:
            plan = _create_plan(user, data)
        except (IntegrityError, services.PlanExistsError):
            # The plan is a singleton: a second create (even a parallel one) is a conflict.
            return Response(
                {"code": "conflict", "detail": "You already have a plan; use PUT.", "fields": {}},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanSettingsSerializer, responses=PlanSerializer)
    def put(self, request: Request) -> Response:
        plan = _own_plan(request)
        data = _valid(PlanSettingsSerializer, request)
        return Response(PlanSerializer(_call(services.plan_regenerate, plan=plan, **data)).data)


def _create_plan(user, data: dict) -> Plan:
    return _call(
        services.plan_create,
        user=user,
        level=data["level"],
        start_date=data["start_date"],
        interview_date=data["interview_date"],
        hours_per_week=data["hours_per_week"],
        timezone_name=data.get("timezone", user.timezone),
        reminder_weekday=data.get("reminder_weekday", user.reminder_weekday),
        reminder_time=data.get("reminder_time", user.reminder_time),
    )


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class CurrentWeekView(APIView):
    """The week running today in the user's time zone, summarised as on the week page."""

    @extend_schema(responses=CurrentWeekSerializer)
    def get(self, request: Request) -> Response:
        summary = selectors.current_week_summary(user=request.user)
        if summary is None:
            raise NotFound("You have no study plan yet.")
        return Response(CurrentWeekSerializer(summary).data)


class PlanWeekViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Weeks of the requester's plan; focus and goal texts are editable."""

    # The schema generator has no user; get_queryset scopes every real request.
    queryset = PlanWeek.objects.none()
    serializer_class = PlanWeekSerializer
    filterset_class = filters.PlanWeekFilter

    def get_queryset(self) -> QuerySet[PlanWeek]:
        return PlanWeek.objects.filter(plan__owner=self.request.user).select_related("plan__owner")

    @extend_schema(request=None, responses=PlanWeekSerializer(many=True))
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str) -> Response:
        """Make the week a break; it and every later week move one week later."""
        _call(services.week_pause, week=self.get_object())
        return Response(PlanWeekSerializer(self.get_queryset(), many=True).data)

    @extend_schema(request=None, responses=PlanWeekSerializer(many=True))
    @action(detail=True, methods=["post"])
    def skip(self, request: Request, pk: str) -> Response:
        """Drop the week's content; every later week moves one week earlier."""
        _call(services.week_skip, week=self.get_object())
        return Response(PlanWeekSerializer(self.get_queryset(), many=True).data)


class GoalViewSet(viewsets.ModelViewSet):
    """Weekly goals. New goals are custom; only custom goals can be deleted."""

    # The schema generator has no user; get_queryset scopes every real request.
    queryset = Goal.objects.none()
    serializer_class = GoalSerializer
    filterset_class = filters.GoalFilter

    def get_queryset(self) -> QuerySet[Goal]:
        return Goal.objects.filter(week__plan__owner=self.request.user).select_related("week__plan")

    def _with_progress(self, goals: list[Goal], **kwargs: object) -> serializers.Serializer:
        achieved = {
            item.goal.pk: item.achieved
            for item in selectors.goals_with_progress(user=self.request.user, goals=goals)
        }
        context = {**self.get_serializer_context(), "achieved": achieved}
        return self.get_serializer(goals, context=context, **kwargs)

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._with_progress(list(page), many=True).data)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return Response(self._with_progress([self.get_object()], many=True).data[0])

    def perform_create(self, serializer: GoalSerializer) -> None:
        data = serializer.validated_data
        serializer.instance = _call(
            services.goal_create_custom,
            week=data["week"],
            title=data["title"],
            target=data["target"],
        )

    def perform_destroy(self, instance: Goal) -> None:
        _call(services.goal_delete, goal=instance)


class ActivityViewSet(viewsets.ModelViewSet):
    """Logged activities; mock interviews are logged through their own endpoint."""

    # The schema generator has no user; get_queryset scopes every real request.
    queryset = Activity.objects.none()
    serializer_class = ActivitySerializer
    filterset_class = filters.ActivityFilter

    def get_queryset(self) -> QuerySet[Activity]:
        return Activity.objects.filter(owner=self.request.user)

    def perform_create(self, serializer: ActivitySerializer) -> None:
        serializer.instance = _call(
            services.activity_log, plan=_own_plan(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer: ActivitySerializer) -> None:
        _call(
            services.activity_update,
            activity=serializer.instance,
            plan=_own_plan(self.request),
            **serializer.validated_data,
        )

    def perform_destroy(self, instance: Activity) -> None:
        services.activity_delete(activity=instance)


class MockInterviewViewSet(viewsets.ModelViewSet):
    # The schema generator has no user; get_queryset scopes every real request.
    queryset = MockInterview.objects.none()
    serializer_class = MockInterviewSerializer
    filterset_class = filters.MockInterviewFilter

    def get_queryset(self) -> QuerySet[MockInterview]:
        return (
            MockInterview.objects.filter(owner=self.request.user)
            .select_related("activity")
            .prefetch_related("principles")
        )

    def perform_create(self, serializer: MockInterviewSerializer) -> None:
        data = dict(serializer.validated_data)
        minutes = data.pop("activity", {}).get("minutes", 60)
        serializer.instance = _call(
            services.mock_interview_log, plan=_own_plan(self.request), minutes=minutes, **data
        )

    def perform_update(self, serializer: MockInterviewSerializer) -> None:
        data = dict(serializer.validated_data)
        minutes = data.pop("activity", {}).get("minutes")
        serializer.instance = _call(
            services.mock_interview_update,
            mock=serializer.instance,
            plan=_own_plan(self.request),
            minutes=minutes,
            **data,
        )

    def perform_destroy(self, instance: MockInterview) -> None:
        services.mock_interview_delete(mock=instance)


class WeeklyReviewViewSet(viewsets.ModelViewSet):
    """One review per week; posting again for the same week replaces it."""

    # The schema generator has no user; get_queryset scopes every real request.
    queryset = WeeklyReview.objects.none()
    serializer_class = WeeklyReviewSerializer
    filterset_class = filters.WeeklyReviewFilter

    def get_queryset(self) -> QuerySet[WeeklyReview]:
        return WeeklyReview.objects.filter(owner=self.request.user)

    def _save(self, serializer: WeeklyReviewSerializer, week: PlanWeek) -> None:
        data = {key: value for key, value in serializer.validated_data.items() if key != "week"}
        current = serializer.instance
        fields = {
            name: data.get(name, getattr(current, name, ""))
            for name in ("went_well", "blockers", "next_week_focus", "self_rating")
        }
        serializer.instance = _call(services.review_save, plan=week.plan, week=week, **fields)

    def perform_create(self, serializer: WeeklyReviewSerializer) -> None:
        self._save(serializer, serializer.validated_data["week"])

    def perform_update(self, serializer: WeeklyReviewSerializer) -> None:
        week = get_object_or_404(
            PlanWeek.objects.filter(plan__owner=self.request.user).select_related("plan__owner"),
            starts_on=serializer.instance.week_starts_on,
        )
        if "week" in serializer.validated_data and serializer.validated_data["week"] != week:
            raise serializers.ValidationError({"week": "A review cannot move to another week."})
        self._save(serializer, week)


class ReadinessAssessmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Dated self-assessments at the plan's level; the score is computed on creation."""

    # The schema generator has no user; get_queryset scopes every real request.
    queryset = ReadinessAssessment.objects.none()
    serializer_class = ReadinessAssessmentSerializer
    filterset_class = filters.ReadinessAssessmentFilter

    def get_queryset(self) -> QuerySet[ReadinessAssessment]:
        return ReadinessAssessment.objects.filter(owner=self.request.user)

    def perform_create(self, serializer: ReadinessAssessmentSerializer) -> None:
        plan = _own_plan(self.request)
        data = serializer.validated_data
        ratings = {
            key: data[key]
            for key in ("coding", "system_design", "cloud_services", "distributed_systems", "ai_ml")
        }
        serializer.instance = _call(
            services.readiness_assessment_create,
            user=self.request.user,
            level=plan.level,
            ratings=ratings,
            checklist=data.get("checklist", []),
            notes=data.get("notes", ""),
        )


class PlanPreviewView(APIView):
    """How a plan with these settings would turn out, before anything is saved."""

    @extend_schema(request=PlanSettingsSerializer, responses=PlanPreviewSerializer)
    def post(self, request: Request) -> Response:
        data = _valid(PlanSettingsSerializer, request)
        _call(
            services.validate_plan_dates,
            start_date=data["start_date"],
            interview_date=data["interview_date"],
        )
        preview = selectors.plan_preview(**data)
        check = preview.check
        body = {
            "weeks": preview.weeks,
            "starts_on": preview.starts_on,
            "hours_per_week": check.hours_per_week,
            "available_hours": check.available_total,
            "needed_hours": check.needed_total,
            "planned_hours": preview.planned_total_hours,
            "fits": check.fits,
            "shortfall_hours": check.shortfall,
            "hours_per_week_needed": check.hours_per_week_needed,
            "interview_date_needed": check.interview_date_needed,
            "warning": check.warning,
            "areas": [
                {
                    "area": row["area"],
                    "planned_hours": row["planned"] / 60,
                    "needed_hours": row["needed"],
                }
                for row in selectors.plan_preview_rows(preview)
            ],
        }
        return Response(PlanPreviewSerializer(body).data)


class ReplanView(APIView):
    """Rebalance the weeks ahead now (the same rule as the weekly re-plan)."""

    @extend_schema(request=None, responses={201: ReplanSerializer})
    def post(self, request: Request) -> Response:
        plan = _own_plan(request)
        replan = services.plan_replan(plan=plan, today=local_today(request.user.timezone))
        return Response(ReplanSerializer(replan).data, status=status.HTTP_201_CREATED)


class ReplanUndoView(APIView):
    """Undo a re-plan (only the latest one still in force)."""

    @extend_schema(request=None, responses={200: ReplanSerializer})
    def post(self, request: Request, replan_id: int) -> Response:
        replan = get_object_or_404(Replan.objects.filter(plan__owner=request.user), pk=replan_id)
        _call(services.replan_undo, replan=replan)
        return Response(ReplanSerializer(replan).data)


class ReadinessBreakdownView(APIView):
    """The latest self-assessment against the level's bar, with the two weakest areas."""

    @extend_schema(responses=ReadinessBreakdownSerializer)
    def get(self, request: Request) -> Response:
        page = selectors.readiness_page(user=request.user)
        latest = page.latest
        body = {
            "level": latest.level if latest else None,
            "score": latest.score if latest else None,
            "assessed_at": latest.assessed_at if latest else None,
            "competencies": page.breakdown,
            "weakest": page.weakest,
            "practice_scores": practice_scores_by_area(user=request.user).values(),
        }
        return Response(ReadinessBreakdownSerializer(body).data)
