from django.urls import path

from practice import views

app_name = "practice"

urlpatterns = [
    path("", views.library, name="library"),
    path("items/new/", views.item_new, name="item_new"),
    path("items/<int:item_id>/", views.item_detail, name="item"),
    path("items/<int:item_id>/hide/", views.item_hide, name="item_hide"),
    path("items/<int:item_id>/start/", views.session_start, name="session_start"),
    path("items/<int:item_id>/done/", views.item_done, name="item_done"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("sessions/<int:session_id>/draft/", views.session_draft, name="session_draft"),
    path("sessions/<int:session_id>/finish/", views.session_finish, name="session_finish"),
    path("mock-loops/", views.mock_loops, name="loops"),
    path("mock-loops/<int:loop_id>/", views.mock_loop_detail, name="loop"),
    path(
        "mock-loops/<int:loop_id>/rounds/<int:round_id>/score/",
        views.mock_round_score,
        name="round_score",
    ),
]
