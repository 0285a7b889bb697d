from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("sent/", views.sent_log, name="sent_log"),
    path("calendar/reset/", views.calendar_feed_reset, name="calendar_feed_reset"),
    path("calendar/disable/", views.calendar_feed_disable, name="calendar_feed_disable"),
    path(
        "unsubscribe-links/rotate/",
        views.unsubscribe_links_rotate,
        name="unsubscribe_links_rotate",
    ),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
