from django.urls import path

from stories import views

app_name = "stories"

urlpatterns = [
    path("", views.story_list, name="list"),
    path("new/", views.story_create, name="create"),
    path("matrix/", views.story_matrix, name="matrix"),
    path("questions/", views.practice_questions, name="questions"),
    path("questions/link/", views.question_link, name="question_link"),
    path("deleted/", views.story_trash, name="trash"),
    path("export.md", views.bank_export, name="bank_export"),
    path("<int:pk>/", views.story_detail, name="detail"),
    path("<int:pk>/edit/", views.story_edit, name="edit"),
    path("<int:pk>/autosave/", views.story_autosave, name="autosave"),
    path("<int:pk>/history/", views.story_history, name="history"),
    path(
        "<int:pk>/history/<int:number>/restore/",
        views.story_restore_revision,
        name="restore_revision",
    ),
    path("<int:pk>/delete/", views.story_delete, name="delete"),
    path("<int:pk>/undo-delete/", views.story_undo_delete, name="undo_delete"),
    path("<int:pk>/rehearse/", views.story_rehearse, name="rehearse"),
    path("<int:pk>/usages/", views.story_usage_add, name="usage_add"),
    path("<int:pk>/usages/<int:usage_pk>/delete/", views.story_usage_delete, name="usage_delete"),
    path("<int:pk>/export.md", views.story_export, name="export"),
]
