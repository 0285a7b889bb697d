from django.urls import path

from bench import views
from prepsite.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/floor/ok/", views.floor_ok),
    path("bench/floor/page/", views.floor_page),
    *app_urlpatterns,
]
