from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from practice import selectors, services
from practice.api.serializers import (
    AreaScoreSerializer,
    LibraryItemSerializer,
    MockLoopCreateSerializer,
    MockLoopSerializer,
    RoundScoreSerializer,
    SessionDraftSerializer,
    SessionFinishSerializer,
    SessionSerializer,
    SessionStartSerializer,
)
from practice.models import (
    Area,
    Difficulty,
    ItemLevel,
    Kind,
    LibraryItem,
    MockLoop,
    PracticeSession,
)
from practice.reference_data import coding_patterns
from prepsite.api import ErrorSerializer
from prepsite.limits import LABEL_MAX, NAME_MAX, PRACTICE_WEEK_MAX


def _django_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


class LibraryFilterSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=Area.choices, required=False)
    level = serializers.ChoiceField(choices=ItemLevel.choices, required=False)
    difficulty = serializers.ChoiceField(choices=Difficulty.choices, required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    topic = serializers.CharField(max_length=LABEL_MAX, required=False)
    pattern = serializers.CharField(max_length=LABEL_MAX, required=False)
    week = serializers.IntegerField(min_value=1, max_value=PRACTICE_WEEK_MAX, required=False)
    due = serializers.BooleanField(required=False)
    q = serializers.CharField(max_length=NAME_MAX, required=False)


_FILTERS = [
    OpenApiParameter("area", str, enum=Area.values),
    OpenApiParameter("level", str, enum=ItemLevel.values, description="L6 and L7 include 'both'."),
    OpenApiParameter("difficulty", str, enum=Difficulty.values),
    OpenApiParameter("kind", str, enum=Kind.values),
    OpenApiParameter("topic", str),
    OpenApiParameter(
        "pattern",
        str,
        description=(
            "A coding pattern by its slug or its name, in any case (sliding-window or "
            "'Sliding window'). The library's patterns: "
            + ", ".join(f"{slug} ({name})" for slug, name in coding_patterns())
            + ". Your own items match the text you gave them."
        ),
    ),
    OpenApiParameter(
        "week",
        {"type": "integer", "minimum": 1, "maximum": PRACTICE_WEEK_MAX},
        description=f"Plan template week, 1-{PRACTICE_WEEK_MAX}.",
    ),
    OpenApiParameter("due", bool, description="Only items whose review is due now."),
    OpenApiParameter("q", str, description="Words in the title."),
]


@extend_schema(tags=["practice"])
class LibraryItemViewSet(viewsets.ModelViewSet):
    """The practice library plus the caller's own items; hidden items leave the list."""

    serializer_class = LibraryItemSerializer
    queryset = LibraryItem.objects.none()
    filter_backends: list = []
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LibraryItem.objects.none()
        if self.action == "list":
            filters = LibraryFilterSerializer(data=self.request.query_params)
            filters.is_valid(raise_exception=True)
            return selectors.library_for_user(
                user=self.request.user, filters=filters.validated_data
            )
        return selectors.library_for_user(user=self.request.user)

    def get_object(self) -> LibraryItem:
        return selectors.item_for_user(user=self.request.user, item_id=self.kwargs["pk"])

    @extend_schema(parameters=_FILTERS)
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer: LibraryItemSerializer) -> None:
        try:
            serializer.instance = services.item_create_private(
                user=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise _django_error(error) from error

    def perform_update(self, serializer: LibraryItemSerializer) -> None:
        if serializer.instance.is_library:
            raise PermissionDenied("Library items cannot be edited; hide it and add your own.")
        try:
            serializer.instance = services.item_update_private(
                item=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise _django_error(error) from error

    def perform_destroy(self, instance: LibraryItem) -> None:
        if instance.is_library:
            raise PermissionDenied("Library items cannot be deleted; hide it instead.")
        try:
            services.item_delete_private(item=instance)
        except DjangoValidationError as error:
            raise _django_error(error) from error

    @extend_schema(request=None, responses={204: None, 404: ErrorSerializer})
    @action(detail=True, methods=["post", "delete"])
    def hide(self, request: Request, pk: str) -> Response:
        """POST hides the item from the caller's library; DELETE shows it again."""
        item = self.get_object()
        if request.method == "DELETE":
            services.item_unhide(user=request.user, item=item)
        else:
            services.item_hide(user=request.user, item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["practice"])
class SessionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Timed practice sessions: start one on an item, finish it with the rubric scores."""

    serializer_class = SessionSerializer
    queryset = PracticeSession.objects.none()
    filter_backends: list = []
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PracticeSession.objects.none()
        return selectors.sessions_for_user(user=self.request.user)

    @extend_schema(request=SessionStartSerializer, responses={201: SessionSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        start = SessionStartSerializer(data=request.data)
        start.is_valid(raise_exception=True)
        item = selectors.item_for_user(user=request.user, item_id=start.validated_data["item"])
        from practice.views import user_level

        try:
            session = services.session_start(
                user=request.user,
                item=item,
                level=start.validated_data.get("level") or user_level(request.user),
            )
        except DjangoValidationError as error:
            raise _django_error(error) from error
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=SessionDraftSerializer,
        responses={200: SessionSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def draft(self, request: Request, pk: str) -> Response:
        """Keep the notes and diagram of a running session as typed; a finished one is 400.

        A field left out keeps its saved text."""
        session = self.get_object()
        data = SessionDraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            session = services.session_save_draft(
                session=session,
                notes=data.validated_data.get("notes", session.notes),
                diagram=data.validated_data.get("diagram", session.diagram),
            )
        except DjangoValidationError as error:
            raise _django_error(error) from error
        return Response(SessionSerializer(session).data)

    @extend_schema(
        request=SessionFinishSerializer,
        responses={200: SessionSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def finish(self, request: Request, pk: str) -> Response:
        """Record the timer result, notes, diagram and rubric scores; once per session.

        Notes or a diagram left out keep the saved draft. The time spent cannot be longer than
        the session has existed (plus a minute)."""
        session = self.get_object()
        data = SessionFinishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            session = services.session_finish(session=session, **data.validated_data)
        except DjangoValidationError as error:
            raise _django_error(error) from error
        return Response(SessionSerializer(session).data)


@extend_schema(tags=["practice"])
class MockLoopViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Mock loops: rounds are study-plan mock interviews, scored after they happen."""

    serializer_class = MockLoopSerializer
    queryset = MockLoop.objects.none()
    filter_backends: list = []
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MockLoop.objects.none()
        return selectors.mock_loops_for_user(user=self.request.user)

    @extend_schema(
        request=MockLoopCreateSerializer,
        responses={
            201: MockLoopSerializer,
            400: ErrorSerializer,
            409: OpenApiResponse(ErrorSerializer, description="No study plan yet."),
        },
    )
    def create(self, request: Request, *args, **kwargs) -> Response:
        data = MockLoopCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        from studyplan.selectors import plan_for_user

        if plan_for_user(user=request.user) is None:
            # A valid request the account's state cannot take yet: rounds are plan mocks.
            return Response(
                {
                    "code": "no_plan",
                    "detail": "Create your study plan first: loop rounds are plan mocks.",
                    "fields": {},
                },
                status=status.HTTP_409_CONFLICT,
            )
        principles = {p.slug: p for p in _principles()}
        rounds = []
        for index, round_ in enumerate(data.validated_data["rounds"]):
            unknown = [slug for slug in round_["principles"] if slug not in principles]
            if unknown:
                missing = f"Principle {', '.join(unknown)} does not exist."
                raise ValidationError({"rounds": {index: {"principles": [missing]}}})
            rounds.append(
                {
                    "interview_type": round_["interview_type"],
                    "principles": [principles[s] for s in round_["principles"]],
                }
            )
        try:
            loop = services.mock_loop_create(
                user=request.user,
                title=data.validated_data["title"],
                held_on=data.validated_data["held_on"],
                rounds=rounds,
            )
        except DjangoValidationError as error:
            raise _django_error(error) from error
        loop = selectors.mock_loop_for_user(user=request.user, loop_id=loop.pk)
        return Response(MockLoopSerializer(loop).data, status=status.HTTP_201_CREATED)


def _principles():
    from stories.selectors import leadership_principle_list

    return leadership_principle_list()


@extend_schema(tags=["practice"])
class RoundScoreView(APIView):
    @extend_schema(
        request=RoundScoreSerializer,
        responses={200: MockLoopSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request: Request, loop_id: int, round_id: int) -> Response:
        """Record a round's score (1-5) and feedback once the loop has happened."""
        loop_round = selectors.mock_round_for_user(
            user=request.user, loop_id=loop_id, round_id=round_id
        )
        data = RoundScoreSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.mock_round_score(loop_round=loop_round, **data.validated_data)
        except DjangoValidationError as error:
            raise _django_error(error) from error
        loop = selectors.mock_loop_for_user(user=request.user, loop_id=loop_id)
        return Response(MockLoopSerializer(loop).data)


@extend_schema(tags=["practice"])
class ScoresView(APIView):
    @extend_schema(responses={200: AreaScoreSerializer(many=True)})
    def get(self, request: Request) -> Response:
        """Mean rubric score per area from finished sessions: an input to readiness."""
        scores = selectors.practice_scores_by_area(user=request.user).values()
        return Response(AreaScoreSerializer(scores, many=True).data)
