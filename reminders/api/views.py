from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reminders import selectors, services
from reminders.api.serializers import (
    CalendarFeedSerializer,
    ReminderPreferencesSerializer,
    SentReminderSerializer,
    calendar_feed_url,
)
from reminders.models import SentReminder


class ReminderPreferencesView(APIView):
    """The signed-in user's reminder settings (there is one set per user)."""

    serializer_class = ReminderPreferencesSerializer

    @extend_schema(responses=ReminderPreferencesSerializer)
    def get(self, request: Request) -> Response:
        preferences = selectors.reminder_preferences_for_user(user=request.user)
        return Response(ReminderPreferencesSerializer(preferences).data)

    @extend_schema(request=ReminderPreferencesSerializer, responses=ReminderPreferencesSerializer)
    def put(self, request: Request) -> Response:
        return self._update(request, partial=False)

    @extend_schema(request=ReminderPreferencesSerializer, responses=ReminderPreferencesSerializer)
    def patch(self, request: Request) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, *, partial: bool) -> Response:
        serializer = ReminderPreferencesSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            preferences = services.reminder_preferences_update(
                user=request.user, **serializer.flat_changes()
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return Response(ReminderPreferencesSerializer(preferences).data)


class SentReminderViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Reminders PrepSite sent or tried to send you, newest first."""

    serializer_class = SentReminderSerializer
    # Tells the schema generator the model; get_queryset scopes every real request.
    queryset = SentReminder.objects.none()
    filterset_fields = ["kind", "status"]
    ordering_fields = ["claimed_at", "sent_at"]

    def get_queryset(self):
        return selectors.sent_reminder_list_for_user(user=self.request.user)


class CalendarFeedView(APIView):
    """Create or replace (POST) and switch off (DELETE) the private calendar feed URL."""

    serializer_class = CalendarFeedSerializer

    @extend_schema(request=None, responses={201: CalendarFeedSerializer})
    def post(self, request: Request) -> Response:
        preferences = services.calendar_feed_reset(user=request.user)
        body = {"url": calendar_feed_url(preferences.calendar_token)}
        return Response(CalendarFeedSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        services.calendar_feed_disable(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UnsubscribeLinksRotateView(APIView):
    """Invalidate (POST) every unsubscribe link in e-mails already sent."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        services.unsubscribe_links_rotate(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
