from django.urls import path
from rest_framework.routers import SimpleRouter

from studyplan.api import views

router = SimpleRouter()
router.register("plan/weeks", views.PlanWeekViewSet, "plan-week")
router.register("plan/goals", views.GoalViewSet, "plan-goal")
router.register("plan/activities", views.ActivityViewSet, "plan-activity")
router.register("plan/mock-interviews", views.MockInterviewViewSet, "plan-mock-interview")
router.register("plan/reviews", views.WeeklyReviewViewSet, "plan-review")
router.register(
    "plan/readiness-assessments", views.ReadinessAssessmentViewSet, "plan-readiness-assessment"
)

urlpatterns = [
    path("plan/", views.PlanView.as_view(), name="plan"),
    path("plan/current-week/", views.CurrentWeekView.as_view(), name="plan-current-week"),
    path("plan/preview/", views.PlanPreviewView.as_view(), name="plan-preview"),
    path("plan/replan/", views.ReplanView.as_view(), name="plan-replan"),
    path(
        "plan/replans/<int:replan_id>/undo/",
        views.ReplanUndoView.as_view(),
        name="plan-replan-undo",
    ),
    path("plan/readiness/", views.ReadinessBreakdownView.as_view(), name="plan-readiness"),
    *router.urls,
]
