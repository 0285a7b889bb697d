from django.urls import path, register_converter

from portfolio import views


class OrderedListConverter:
    regex = "case-studies|decisions|dashboard"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(OrderedListConverter, "ordered_list")

app_name = "portfolio"

urlpatterns = [
    path("", views.portfolio_home, name="home"),
    path("summary/", views.summary_edit, name="summary"),
    path("case-studies/new/", views.case_study_edit, name="case_study_create"),
    path("case-studies/<int:pk>/", views.case_study_edit, name="case_study_edit"),
    path("decisions/new/", views.decision_record_edit, name="decision_record_create"),
    path("decisions/<int:pk>/", views.decision_record_edit, name="decision_record_edit"),
    path("dashboard/", views.dashboard_edit, name="metrics_dashboard"),
    path("dashboard/suggest/", views.dashboard_suggest, name="dashboard_suggest"),
    path("checklist/", views.checklist_edit, name="checklist"),
    path("preview/", views.preview, name="preview"),
    path("import/", views.portfolio_import_page, name="import"),
    path("share/", views.share_link_create, name="share_link_create"),
    path("share/<int:pk>/revoke/", views.share_link_revoke, name="share_link_revoke"),
    path("s/<str:token>/", views.shared_portfolio, name="shared"),
    path("<ordered_list:kind>/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("<ordered_list:kind>/<int:pk>/move/", views.item_move, name="item_move"),
    path("<ordered_list:kind>/reorder/", views.item_reorder, name="item_reorder"),
]
