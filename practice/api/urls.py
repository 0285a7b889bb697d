from django.urls import path
from rest_framework.routers import SimpleRouter

from practice.api import views

router = SimpleRouter()
router.register("practice/items", views.LibraryItemViewSet, "practice-item")
router.register("practice/sessions", views.SessionViewSet, "practice-session")
router.register("practice/mock-loops", views.MockLoopViewSet, "practice-mock-loop")

urlpatterns = [
    path(
        "practice/mock-loops/<int:loop_id>/rounds/<int:round_id>/score/",
        views.RoundScoreView.as_view(),
        name="practice-round-score",
    ),
    path("practice/scores/", views.ScoresView.as_view(), name="practice-scores"),
    *router.urls,
]
