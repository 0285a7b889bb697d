import datetime
import json
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from prepsite.api import ErrorSerializer, StoryPagination
from prepsite.validators import validate_date_in_range
from stories import export, selectors, services
from stories.api.serializers import (
    CoverageMatrixSerializer,
    CoverageQuerySerializer,
    LeadershipPrincipleSerializer,
    PracticeQuestionSerializer,
    QualityReportSerializer,
    QuestionLinkSerializer,
    RehearsalSerializer,
    RevisionSerializer,
    RevisionSummarySerializer,
    StaleStorySerializer,
    StoryListSerializer,
    StoryMetricSerializer,
    StorySerializer,
    StoryUsageSerializer,
    _as_drf_error,
)
from stories.models import (
    PracticeQuestion,
    Rehearsal,
    Story,
    StoryMetric,
    StoryUsage,
)
from stories.services import StaleStoryError


class MarkdownRenderer(renderers.BaseRenderer):
    media_type = "text/markdown"
    format = "md"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type=None, renderer_context=None) -> bytes:
        text = data if isinstance(data, str) else json.dumps(data)
        return text.encode(self.charset)


# ?format=json asks for the same Markdown as a JSON string.
_MARKDOWN = {(200, "text/markdown"): OpenApiTypes.STR, (200, "application/json"): OpenApiTypes.STR}
_LIST_FILTERS = [
    OpenApiParameter("search", str, description="Words in the title, sections or context."),
    OpenApiParameter("principle", str, description="Principle slug, primary or secondary."),
    OpenApiParameter("category", str),
    OpenApiParameter("status", str),
    OpenApiParameter("level", str, description="L6 or L7."),
    OpenApiParameter("sort", str, enum=list(selectors.SORTS)),
]


class LeadershipPrincipleViewSet(viewsets.ReadOnlyModelViewSet):
    """The 16 Leadership Principles; public reference data, read-only."""

    serializer_class = LeadershipPrincipleSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None
    lookup_field = "slug"
    filterset_fields = ["slug"]

    def get_queryset(self):
        return selectors.leadership_principle_list()


def _story_for(request: Request, pk: Any) -> Story:
    return get_object_or_404(selectors.story_queryset_for_user(user=request.user), pk=pk)


@extend_schema(tags=["stories"])
class StoryViewSet(viewsets.ModelViewSet):
    """The user's STAR stories. DELETE moves a story to the bin for 30 days (see undelete)."""

    serializer_class = StorySerializer
    queryset = Story.objects.none()
    filter_backends: list = []
    pagination_class = StoryPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Story.objects.none()
        if self.action in {"undelete"}:
            return selectors.deleted_story_list_for_user(user=self.request.user)
        if self.action == "list":
            params = self.request.query_params
            if params.get("sort", "updated") not in selectors.SORTS:
                raise ValidationError({"sort": [f"Choose one of: {', '.join(selectors.SORTS)}."]})
            return selectors.story_bank_for_user(
                user=self.request.user,
                search=params.get("search", ""),
                principle=params.get("principle", ""),
                category=params.get("category", ""),
                status=params.get("status", ""),
                level=params.get("level", ""),
                sort=params.get("sort", "updated"),
            )
        return selectors.story_queryset_for_user(user=self.request.user)

    @extend_schema(parameters=_LIST_FILTERS, responses=StorySerializer(many=True))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        stories = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        page = selectors.api_page_relations(user=request.user, stories=stories)
        serializer = StoryListSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    @extend_schema(responses={200: StorySerializer, 409: StaleStorySerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().update(request, *args, **kwargs)
        except StaleStoryError as stale:
            return Response(
                {
                    "code": "stale",
                    "detail": f"The story was saved elsewhere; it is now at version "
                    f"{stale.story.version}. Nothing was written.",
                    "fields": {},
                    "current": StorySerializer(_story_for(request, stale.story.pk)).data,
                },
                status=status.HTTP_409_CONFLICT,
            )

    @extend_schema(responses={200: StorySerializer, 409: StaleStorySerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, serializer: StorySerializer) -> None:
        serializer.save()
        serializer.instance = _story_for(self.request, serializer.instance.pk)

    def perform_destroy(self, instance: Story) -> None:
        services.story_soft_delete(story=instance)

    @extend_schema(request=None, responses={200: StorySerializer, 400: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def undelete(self, request: Request, pk: str) -> Response:
        story = self.get_object()
        try:
            services.story_undo_delete(story=story)
        except DjangoValidationError as error:
            raise ValidationError({"non_field_errors": error.messages}) from error
        return Response(StorySerializer(_story_for(request, story.pk)).data)

    @extend_schema(responses=StorySerializer(many=True))
    @action(detail=False, pagination_class=None)
    def deleted(self, request: Request) -> Response:
        """Stories deleted in the last 30 days, which undelete can bring back."""
        stories = (
            selectors.deleted_story_list_for_user(user=request.user)
            .select_related("primary_principle")
            .prefetch_related("secondary_principles", "metrics")
        )
        return Response(StorySerializer(stories, many=True).data)

    @extend_schema(responses=QualityReportSerializer)
    @action(detail=True)
    def quality(self, request: Request, pk: str) -> Response:
        story = self.get_object()
        report = selectors.story_quality(story)
        usage = selectors.story_usage_summary(story)
        data = {
            **report.__dict__,
            "passed_count": report.passed_count,
            "all_passed": report.all_passed,
            "usage_warnings": usage.warnings,
            "times_told": usage.times_told,
            "last_told": usage.last_told,
        }
        return Response(QualityReportSerializer(data).data)

    @extend_schema(
        parameters=[CoverageQuerySerializer],
        responses={200: CoverageMatrixSerializer, 400: ErrorSerializer},
    )
    @action(detail=False)
    def coverage(self, request: Request) -> Response:
        """The 16 principles against the user's stories; gaps have fewer than two.

        Counts and gaps cover the whole bank; each principle's `stories` lists its stories
        among one page of the bank (oldest first). A page past the end answers the last one.
        """
        query = CoverageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        matrix, _ = selectors.coverage_matrix_page(
            user=request.user,
            number=query.validated_data["page"],
            per_page=query.validated_data["page_size"],
        )
        return Response(CoverageMatrixSerializer(matrix).data)

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="Default: today.")],
        responses=StorySerializer(many=True),
    )
    @action(detail=False, pagination_class=None)
    def due(self, request: Request) -> Response:
        """Stories whose next rehearsal is due on or before the given day."""
        raw = request.query_params.get("on")
        try:
            on = (
                datetime.date.fromisoformat(raw)
                if raw is not None
                else timezone.localdate(timezone=request.user.tzinfo)
            )
            validate_date_in_range(on)
        except ValueError as error:
            raise ValidationError({"on": ["Use a date like 2026-05-01."]}) from error
        except DjangoValidationError as error:
            raise ValidationError({"on": error.messages}) from error
        stories = selectors.stories_due_for_rehearsal(user=request.user, on=on)
        stories = stories.select_related("primary_principle").prefetch_related(
            "secondary_principles", "metrics"
        )
        return Response(StorySerializer(stories, many=True).data)

    @extend_schema(responses=_MARKDOWN)
    @action(detail=True, renderer_classes=[MarkdownRenderer, renderers.JSONRenderer])
    def markdown(self, request: Request, pk: str) -> Response:
        return Response(export.story_to_markdown(self.get_object()))

    @extend_schema(responses=_MARKDOWN, operation_id="stories_bank_markdown")
    @action(
        detail=False,
        url_path="markdown",
        renderer_classes=[MarkdownRenderer, renderers.JSONRenderer],
    )
    def bank_markdown(self, request: Request) -> Response:
        stories = selectors.story_list_for_user(user=request.user, sort="title")
        return Response(export.bank_to_markdown(stories, owner_name=str(request.user)))

    @extend_schema(responses=RevisionSummarySerializer(many=True))
    @action(detail=True, pagination_class=None)
    def revisions(self, request: Request, pk: str) -> Response:
        revisions = selectors.revision_list_for_story(self.get_object())
        return Response(RevisionSummarySerializer(revisions, many=True).data)


@extend_schema(tags=["stories"])
class RevisionDetailView(APIView):
    @extend_schema(responses=RevisionSerializer)
    def get(self, request: Request, story_pk: int, number: int) -> Response:
        story = _story_for(request, story_pk)
        return Response(RevisionSerializer(selectors.revision_get(story=story, number=number)).data)


@extend_schema(tags=["stories"])
class RevisionRestoreView(APIView):
    @extend_schema(request=None, responses=StorySerializer)
    def post(self, request: Request, story_pk: int, number: int) -> Response:
        """Restore a revision's content; this adds a new revision and a new version."""
        story = _story_for(request, story_pk)
        revision = selectors.revision_get(story=story, number=number)
        story = services.story_restore_revision(story=story, revision=revision)
        return Response(StorySerializer(_story_for(request, story.pk)).data)


class _StoryChildMixin:
    """Child rows are reached through a story the user owns, so a foreign id is a 404."""

    request: Request
    kwargs: dict

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # Before any input is validated: a foreign story answers 404, not 400.
        self.story()

    def story(self) -> Story:
        if not hasattr(self, "_story"):
            self._story = _story_for(self.request, self.kwargs["story_pk"])
        return self._story


@extend_schema(tags=["stories"])
class StoryMetricViewSet(_StoryChildMixin, viewsets.ModelViewSet):
    """A story's metrics; every change is saved through the story and kept in its history."""

    serializer_class = StoryMetricSerializer
    queryset = StoryMetric.objects.none()
    pagination_class = None
    filter_backends: list = []
    http_method_names = ["get", "post", "put", "patch", "delete"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StoryMetric.objects.none()
        return self.story().metrics.all()

    def perform_create(self, serializer: StoryMetricSerializer) -> None:
        serializer.instance = _service(
            services.story_metric_add, story=self.story(), data=serializer.validated_data
        )

    def perform_update(self, serializer: StoryMetricSerializer) -> None:
        try:
            serializer.instance = _service(
                services.story_metric_change,
                metric=serializer.instance,
                data=serializer.validated_data,
            )
        except StoryMetric.DoesNotExist as error:
            raise Http404 from error

    def perform_destroy(self, instance: StoryMetric) -> None:
        _service(services.story_metric_remove, metric=instance)


def _service(function, **kwargs: Any) -> Any:
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        raise _as_drf_error(error) from error


@extend_schema(tags=["stories"])
class RehearsalViewSet(
    _StoryChildMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """A story's rehearsal log; logging one schedules the next with fsrs."""

    serializer_class = RehearsalSerializer
    queryset = Rehearsal.objects.none()
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Rehearsal.objects.none()
        return selectors.rehearsal_list_for_story(self.story())

    def perform_create(self, serializer: RehearsalSerializer) -> None:
        try:
            serializer.instance = services.story_rehearse(
                story=self.story(), **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error


@extend_schema(tags=["stories"])
class StoryUsageViewSet(
    _StoryChildMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Where a story was told: a mock interview from the study plan, or a real interview."""

    serializer_class = StoryUsageSerializer
    queryset = StoryUsage.objects.none()
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StoryUsage.objects.none()
        return self.story().usages.select_related("mock_interview")

    def perform_create(self, serializer: StoryUsageSerializer) -> None:
        try:
            serializer.instance = services.story_usage_add(
                story=self.story(), **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error

    def perform_destroy(self, instance) -> None:
        services.story_usage_delete(usage=instance)


@extend_schema(tags=["stories"])
class PracticeQuestionViewSet(viewsets.ReadOnlyModelViewSet):
    """Behavioural questions per principle, with the user's stories linked to each."""

    serializer_class = PracticeQuestionSerializer
    queryset = PracticeQuestion.objects.none()
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PracticeQuestion.objects.none()
        return selectors.practice_question_list_for_user(
            user=self.request.user, principle=self.request.query_params.get("principle", "")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("principle", str, description="Principle slug."),
            OpenApiParameter("unanswered", bool, description="Only questions with no story."),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        unanswered = request.query_params.get("unanswered", "false")
        if unanswered not in {"1", "true", "0", "false"}:
            raise ValidationError({"unanswered": ["Use true or false."]})
        questions = list(self.get_queryset())
        if unanswered in {"1", "true"}:
            questions = [question for question in questions if not question.user_stories]
        return Response(self.get_serializer(questions, many=True).data)

    @extend_schema(
        request=QuestionLinkSerializer,
        responses={201: PracticeQuestionSerializer, 404: OpenApiResponse(ErrorSerializer)},
    )
    @action(detail=True, methods=["post"], url_path="stories")
    def link(self, request: Request, pk: str) -> Response:
        """Link one of the user's stories to this question."""
        serializer = QuestionLinkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        question = self.get_object()
        services.story_link_question(
            story=_story_for(request, serializer.validated_data["story"]), question=question
        )
        return Response(self.get_serializer(self.get_object()).data, status=201)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"stories/(?P<story_pk>\d+)")
    def unlink(self, request: Request, pk: str, story_pk: str) -> Response:
        services.story_unlink_question(
            story=_story_for(request, story_pk), question=self.get_object()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
