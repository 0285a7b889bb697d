from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from prepsite import views

api_urlpatterns = [
    path("", include("accounts.api.urls")),
    path("", include("stories.api.urls")),
    path("", include("studyplan.api.urls")),
    path("", include("portfolio.api.urls")),
    path("", include("reminders.api.urls")),
    path("", include("interviews.api.urls")),
    path("", include("practice.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", views.landing, name="landing"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("plan/", include("studyplan.urls")),
    path("stories/", include("stories.urls")),
    path("portfolio/", include("portfolio.urls")),
    path("reminders/", include("reminders.urls")),
    path("interviews/", include("interviews.urls")),
    path("practice/", include("practice.urls")),
    path("api/", include((api_urlpatterns, "api"))),
    path("admin/", admin.site.urls),
]
