from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<str:token_key>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("data/", views.account_data, name="data"),
    path("data/export.json", views.account_export_download, name="data_export"),
    path("data/import/", views.account_import, name="data_import"),
    path("delete/", views.account_delete, name="delete"),
]
