from django.urls import path
from rest_framework.routers import SimpleRouter

from stories.api import views

router = SimpleRouter()
router.register("leadership-principles", views.LeadershipPrincipleViewSet, "leadership-principle")
router.register(r"stories/(?P<story_pk>\d+)/metrics", views.StoryMetricViewSet, "story-metric")
router.register(r"stories/(?P<story_pk>\d+)/rehearsals", views.RehearsalViewSet, "rehearsal")
router.register(r"stories/(?P<story_pk>\d+)/usages", views.StoryUsageViewSet, "story-usage")
router.register("stories", views.StoryViewSet, "story")
router.register("practice-questions", views.PracticeQuestionViewSet, "practice-question")

urlpatterns = [
    path(
        "stories/<int:story_pk>/revisions/<int:number>/",
        views.RevisionDetailView.as_view(),
        name="story-revision-detail",
    ),
    path(
        "stories/<int:story_pk>/revisions/<int:number>/restore/",
        views.RevisionRestoreView.as_view(),
        name="story-revision-restore",
    ),
    *router.urls,
]
