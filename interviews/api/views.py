import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from interviews import brief, selectors, services
from interviews.api.serializers import (
    ApplicationSerializer,
    AssignmentSerializer,
    DebriefSerializer,
    LoopSerializer,
    MoveSerializer,
    PinSerializer,
    PlanResultSerializer,
    RoundSerializer,
    as_drf_error,
)
from interviews.models import Application, Debrief, Loop, Round, StoryAssignment
from portfolio.exports import EXPORT_FORMATS
from prepsite.api import ErrorSerializer


@extend_schema(tags=["interviews"])
class ApplicationViewSet(viewsets.ModelViewSet):
    """Job applications with their dated status pipeline."""

    serializer_class = ApplicationSerializer
    queryset = Application.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return Application.objects.filter(owner=self.request.user).prefetch_related(
            "status_changes"
        )

    def perform_destroy(self, instance: Application) -> None:
        services.application_delete(application=instance)

    @extend_schema(
        request=MoveSerializer, responses={200: ApplicationSerializer, 400: ErrorSerializer}
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: int | None = None) -> Response:
        """Move the application to another status, recording the date of the change."""
        application = self.get_object()
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            moved = services.application_move(
                application=application,
                status=serializer.validated_data["status"],
                on=serializer.validated_data.get("changed_on"),
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        moved = self.get_queryset().get(pk=moved.pk)
        return Response(ApplicationSerializer(moved, context={"request": request}).data)


@extend_schema(tags=["interviews"])
class LoopViewSet(viewsets.ModelViewSet):
    """Interview loops (a phone screen, an onsite) of the user's applications."""

    serializer_class = LoopSerializer
    queryset = Loop.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Loop.objects.none()
        return selectors.loop_queryset_for_user(user=self.request.user)

    def perform_destroy(self, instance: Loop) -> None:
        services.loop_delete(loop=instance)

    @extend_schema(request=None, responses={200: PlanResultSerializer})
    @action(detail=True, methods=["post"])
    def plan(self, request: Request, pk: int | None = None) -> Response:
        """Plan the loop's stories: pinned ones stay; no story is used in two rounds."""
        loop = self.get_object()
        plan = services.loop_plan(loop=loop)
        assignments = StoryAssignment.objects.filter(loop=loop).select_related("principle", "story")
        return Response(
            {
                "assignments": AssignmentSerializer(assignments, many=True).data,
                "gaps": [gap.__dict__ for gap in plan.gaps],
            }
        )

    @extend_schema(request=None, responses={200: LoopSerializer})
    @action(detail=True, methods=["post"], url_path="amazon-split")
    def amazon_split(self, request: Request, pk: int | None = None) -> Response:
        """Give each round Amazon's usual principles for its position (a starting point)."""
        loop = self.get_object()
        services.loop_apply_amazon_split(loop=loop)
        return Response(LoopSerializer(loop, context={"request": request}).data)


@extend_schema(tags=["interviews"])
class RoundViewSet(viewsets.ModelViewSet):
    """Rounds of a loop: when, how long, who, and which principles they cover."""

    serializer_class = RoundSerializer
    queryset = Round.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Round.objects.none()
        rounds = Round.objects.filter(loop__application__owner=self.request.user)
        loop = self.request.query_params.get("loop", "")
        if loop.isdigit():
            rounds = rounds.filter(loop_id=int(loop))
        return rounds.select_related("loop__application").prefetch_related(
            "principles",
            Prefetch(
                "assignments",
                queryset=StoryAssignment.objects.select_related("principle", "story"),
            ),
        )

    def perform_destroy(self, instance: Round) -> None:
        services.round_delete(round_=instance)

    @extend_schema(
        request=PinSerializer, responses={200: AssignmentSerializer, 400: ErrorSerializer}
    )
    @action(detail=True, methods=["post"])
    def pin(self, request: Request, pk: int | None = None) -> Response:
        """Choose (swap in) a story for one principle of this round; re-planning keeps it."""
        round_ = self.get_object()
        serializer = PinSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            assignment = services.assignment_pin(round_=round_, **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return Response(AssignmentSerializer(assignment).data)

    @extend_schema(methods=["GET"], responses={200: DebriefSerializer, 404: ErrorSerializer})
    @extend_schema(
        methods=["PUT"],
        request=DebriefSerializer,
        responses={200: DebriefSerializer, 400: ErrorSerializer},
    )
    @action(detail=True, methods=["get", "put"])
    def debrief(self, request: Request, pk: int | None = None) -> Response:
        """What was asked, which stories were told (logged as story usages), self-score."""
        round_ = self.get_object()
        if request.method == "GET":
            debrief = get_object_or_404(Debrief.objects.prefetch_related("told"), round=round_)
            return Response(DebriefSerializer(debrief, context={"request": request}).data)
        serializer = DebriefSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            debrief = services.debrief_save(
                round_=round_,
                asked=data.get("asked", ""),
                self_score=data["self_score"],
                notes=data.get("notes", ""),
                stories=list(data.get("stories", [])),
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        debrief = Debrief.objects.prefetch_related("told").get(pk=debrief.pk)
        return Response(DebriefSerializer(debrief, context={"request": request}).data)


class _FormatIsOurs(DefaultContentNegotiation):
    """`?format=` names the brief's format, not a DRF renderer (as in the portfolio export)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


@extend_schema(tags=["interviews"])
class LoopBriefView(APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = _FormatIsOurs

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=list(brief.BRIEF_FORMATS),
                default="json",
                description="json, md (Markdown), html or pdf: the same one-page brief.",
            )
        ],
        responses={
            (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT),
            (200, "text/markdown"): OpenApiTypes.STR,
            (200, "text/html"): OpenApiTypes.STR,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            400: ErrorSerializer,
            404: ErrorSerializer,
            503: OpenApiResponse(
                ErrorSerializer, description="pdf_timeout: the PDF took too long to lay out."
            ),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        """The loop brief: per round the time, interviewer, principles, stories and backups."""
        export_format = request.query_params.get("format", "json")
        if export_format not in brief.BRIEF_FORMATS:
            valid = ", ".join(brief.BRIEF_FORMATS)
            return Response(
                {
                    "code": "invalid_format",
                    "detail": f"Unknown brief format “{export_format}”. Valid formats: {valid}.",
                    "fields": {"format": [f"Choose one of: {valid}."]},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        page = selectors.loop_page_cached(user=request.user, pk=pk)
        renderers = {
            "json": lambda: json.dumps(brief.brief_json(page), ensure_ascii=False, indent=2),
            "md": lambda: brief.brief_markdown(page),
            "html": lambda: brief.brief_html(page),
            "pdf": lambda: brief.brief_pdf(page),
        }
        response = HttpResponse(
            renderers[export_format](), content_type=EXPORT_FORMATS[export_format].media_type
        )
        disposition = "inline" if export_format == "html" else "attachment"
        response["Content-Disposition"] = (
            f'{disposition}; filename="{brief.brief_filename(page, export_format)}"'
        )
        return response
