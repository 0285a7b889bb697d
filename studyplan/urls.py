from django.urls import path

from studyplan import views

app_name = "studyplan"

urlpatterns = [
    path("", views.week_current, name="week_current"),
    path("onboarding/", views.onboarding, name="onboarding"),
    path("weeks/", views.plan_outline, name="outline"),
    path("regenerate/", views.plan_regenerate, name="regenerate"),
    path("preview/", views.plan_preview, name="preview"),
    path("replan/", views.replan_now, name="replan"),
    path("replans/<int:replan_id>/undo/", views.replan_undo, name="replan_undo"),
    path("readiness/", views.readiness, name="readiness"),
    path("weeks/<int:week_id>/", views.week_detail, name="week"),
    path("weeks/<int:week_id>/log/<slug:kind>/", views.activity_log, name="activity_log"),
    path("weeks/<int:week_id>/edit/", views.week_edit, name="week_edit"),
    path("weeks/<int:week_id>/practice/", views.week_practice, name="week_practice"),
    path("weeks/<int:week_id>/activities/", views.week_activities, name="week_activities"),
    path("weeks/<int:week_id>/goals/", views.goal_add, name="goal_add"),
    path("weeks/<int:week_id>/review/", views.review_save, name="review_save"),
    path("weeks/<int:week_id>/pause/", views.week_pause, name="week_pause"),
    path("weeks/<int:week_id>/skip/", views.week_skip, name="week_skip"),
    path("goals/<int:goal_id>/log/", views.goal_log, name="goal_log"),
    path("goals/<int:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
    path("mock-interviews/<int:mock_id>/edit/", views.mock_edit, name="mock_edit"),
]
