from django.urls import path
from rest_framework.routers import SimpleRouter

from portfolio.api import views

router = SimpleRouter()
router.register("portfolio/case-studies", views.CaseStudyViewSet, "portfolio-case-study")
router.register(
    "portfolio/decision-records", views.DecisionRecordViewSet, "portfolio-decision-record"
)
router.register(
    "portfolio/dashboard-metrics", views.DashboardMetricViewSet, "portfolio-dashboard-metric"
)
router.register("portfolio/share-links", views.ShareLinkViewSet, "portfolio-share-link")

urlpatterns = [
    path("portfolio/summary/", views.SummaryView.as_view(), name="portfolio-summary"),
    path("portfolio/checklist/", views.ChecklistView.as_view(), name="portfolio-checklist"),
    path(
        "portfolio/checklist/<str:item>/",
        views.ChecklistItemView.as_view(),
        name="portfolio-checklist-item",
    ),
    path(
        "portfolio/completeness/", views.CompletenessView.as_view(), name="portfolio-completeness"
    ),
    path("portfolio/export/", views.ExportView.as_view(), name="portfolio-export"),
    path("portfolio/import/", views.ImportView.as_view(), name="portfolio-import"),
    *router.urls,
]
