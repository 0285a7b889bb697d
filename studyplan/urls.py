app_name = "studyplan"

urlpatterns: list = []
