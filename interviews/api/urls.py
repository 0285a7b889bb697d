from django.urls import path
from rest_framework.routers import SimpleRouter

from interviews.api import views

router = SimpleRouter()
router.register("applications", views.ApplicationViewSet, "interviews-application")
router.register("interview-loops", views.LoopViewSet, "interviews-loop")
router.register("interview-rounds", views.RoundViewSet, "interviews-round")

urlpatterns = [
    path(
        "interview-loops/<int:pk>/brief/",
        views.LoopBriefView.as_view(),
        name="interviews-loop-brief",
    ),
    *router.urls,
]
