from django.urls import path
from rest_framework.routers import SimpleRouter

from reminders.api import views

router = SimpleRouter()
router.register("reminders/sent", views.SentReminderViewSet, basename="sent-reminder")

urlpatterns = [
    path(
        "reminders/preferences/",
        views.ReminderPreferencesView.as_view(),
        name="reminder-preferences",
    ),
    path("reminders/calendar-feed/", views.CalendarFeedView.as_view(), name="calendar-feed"),
    path(
        "reminders/unsubscribe-links/rotate/",
        views.UnsubscribeLinksRotateView.as_view(),
        name="unsubscribe-links-rotate",
    ),
    *router.urls,
]
