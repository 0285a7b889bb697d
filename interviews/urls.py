from django.urls import path

from interviews import views

app_name = "interviews"

urlpatterns = [
    path("", views.board, name="board"),
    path("applications/", views.application_list, name="list"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/delete/", views.application_delete, name="application_delete"),
    path("applications/<int:pk>/move/", views.application_move, name="application_move"),
    path(
        "applications/<int:pk>/portfolio/",
        views.application_portfolio,
        name="application_portfolio",
    ),
    path("applications/<int:pk>/loops/new/", views.loop_create, name="loop_create"),
    path("loops/<int:pk>/", views.loop_detail, name="loop"),
    path("loops/<int:pk>/edit/", views.loop_edit, name="loop_edit"),
    path("loops/<int:pk>/delete/", views.loop_delete, name="loop_delete"),
    path("loops/<int:pk>/plan/", views.loop_plan, name="loop_plan"),
    path("loops/<int:pk>/amazon-split/", views.loop_amazon_split, name="loop_amazon_split"),
    path("loops/<int:pk>/follow-in-plan/", views.loop_follow_in_plan, name="loop_follow"),
    path("loops/<int:pk>/brief/", views.loop_brief, name="loop_brief"),
    path("loops/<int:pk>/rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/delete/", views.round_delete, name="round_delete"),
    path("rounds/<int:pk>/pin/", views.round_pin, name="round_pin"),
    path("rounds/<int:pk>/debrief/", views.round_debrief, name="round_debrief"),
    path("assignments/<int:pk>/unpin/", views.assignment_unpin, name="assignment_unpin"),
]
