from django.urls import path

from accounts.api import backup_views, views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("account/", backup_views.AccountView.as_view(), name="account"),
    path("account/export/", backup_views.AccountExportView.as_view(), name="account-export"),
    path("account/import/", backup_views.AccountImportView.as_view(), name="account-import"),
]
