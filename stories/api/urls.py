from rest_framework.routers import SimpleRouter

from stories.api import views

router = SimpleRouter()
router.register("leadership-principles", views.LeadershipPrincipleViewSet, "leadership-principle")

urlpatterns = router.urls
