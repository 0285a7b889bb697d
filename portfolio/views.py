"""Portfolio pages: thin views over forms, services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portfolio import selectors, services
from portfolio.documents import page_document_cached
from portfolio.exports import document_context
from portfolio.forms import (
    DASHBOARD_METRIC_HELPER,
    METRIC_HELPER,
    OPTION_HELPER,
    CaseStudyForm,
    ChecklistForm,
    DashboardLevelForm,
    DashboardMetricFormSet,
    DecisionRecordForm,
    MetricFormSet,
    OptionFormSet,
    PortfolioImportForm,
    ReorderForm,
    SummaryForm,
)
from portfolio.importer import PortfolioImportError, import_errors_described, portfolio_import
from portfolio.models import CaseStudy, DecisionRecord

# The lists a user can reorder and delete from, by the name used in their URLs.
ORDERED_LISTS = {
    "case-studies": selectors.case_study_list_for_user,
    "decisions": selectors.decision_record_list_for_user,
    "dashboard": selectors.dashboard_metric_list_for_user,
}


def _list_queryset(user, kind: str):
    if kind not in ORDERED_LISTS:
        raise Http404("No such list.")
    return ORDERED_LISTS[kind](user=user)


@login_required
def portfolio_home(request: HttpRequest) -> HttpResponse:
    portfolio = services.portfolio_get_or_create(owner=request.user)
    content = selectors.portfolio_content_get(portfolio=portfolio)
    context = document_context(content) | {
        "share_links": selectors.share_link_list_for_user(user=request.user),
    }
    return render(request, "portfolio/portfolio_home.html", context)


@login_required
def summary_edit(request: HttpRequest) -> HttpResponse:
    portfolio = services.portfolio_get_or_create(owner=request.user)
    form = SummaryForm(request.POST or None, instance=portfolio)
    if request.method == "POST" and form.is_valid():
        services.portfolio_update_summary(portfolio=portfolio, **form.cleaned_data)
        messages.success(request, "Executive summary saved.")
        return redirect("portfolio:home")
    return render(request, "portfolio/summary_form.html", {"form": form})


@login_required
def case_study_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    portfolio = services.portfolio_get_or_create(owner=request.user)
    case_study = (
        get_object_or_404(CaseStudy.objects.filter(portfolio=portfolio), pk=pk) if pk else None
    )
    data = request.POST if request.method == "POST" else None
    form = CaseStudyForm(data, instance=case_study, owner=request.user)
    formset = MetricFormSet(data, instance=case_study or CaseStudy(), prefix="metrics")
    if data is not None and form.is_valid() and formset.is_valid():
        links = {
            "fields": form.content_fields(),
            "metrics": formset.rows(),
            "principles": form.cleaned_data["principles"],
            "stories": form.cleaned_data["stories"],
        }
        if case_study:
            services.case_study_update(case_study=case_study, **links)
        else:
            case_study = services.case_study_create(portfolio=portfolio, **links)
        messages.success(request, f"Case study “{case_study.title}” saved.")
        return redirect("portfolio:home")
    context = {"form": form, "formset": formset, "helper": METRIC_HELPER, "case_study": case_study}
    return render(request, "portfolio/case_study_form.html", context)


@login_required
def decision_record_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    portfolio = services.portfolio_get_or_create(owner=request.user)
    record = (
        get_object_or_404(DecisionRecord.objects.filter(portfolio=portfolio), pk=pk) if pk else None
    )
    data = request.POST if request.method == "POST" else None
    form = DecisionRecordForm(data, instance=record, portfolio=portfolio)
    formset = OptionFormSet(data, instance=record or DecisionRecord(), prefix="options")
    if data is not None and form.is_valid() and formset.is_valid():
        fields, options = form.content_fields(), formset.rows()
        try:
            if record:
                services.decision_record_update(record=record, fields=fields, options=options)
            else:
                record = services.decision_record_create(
                    portfolio=portfolio, fields=fields, options=options
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Decision record “{record.title}” saved.")
            return redirect("portfolio:home")
    context = {"form": form, "formset": formset, "helper": OPTION_HELPER, "record": record}
    return render(request, "portfolio/decision_record_form.html", context)


@login_required
def dashboard_edit(request: HttpRequest) -> HttpResponse:
    portfolio = services.portfolio_get_or_create(owner=request.user)
    data = request.POST if request.method == "POST" else None
    level_form = DashboardLevelForm(data, instance=portfolio)
    formset = DashboardMetricFormSet(
        data,
        queryset=selectors.dashboard_metric_list_for_user(user=request.user),
        prefix="metrics",
    )
    if data is not None and level_form.is_valid() and formset.is_valid():
        services.dashboard_replace(
            portfolio=portfolio, level=level_form.cleaned_data["level"], metrics=formset.rows()
        )
        messages.success(request, "Metrics dashboard saved.")
        return redirect("portfolio:home")
    context = {"level_form": level_form, "formset": formset, "helper": DASHBOARD_METRIC_HELPER}
    return render(request, "portfolio/dashboard_form.html", context)


@login_required
@require_POST
def dashboard_suggest(request: HttpRequest) -> HttpResponse:
    portfolio = services.portfolio_get_or_create(owner=request.user)
    added = services.dashboard_add_suggested(portfolio=portfolio)
    messages.success(request, f"Added {added} suggested metrics: fill in their values.")
    return redirect("portfolio:metrics_dashboard")


@login_required
def checklist_edit(request: HttpRequest) -> HttpResponse:
    portfolio = services.portfolio_get_or_create(owner=request.user)
    content = selectors.portfolio_content_get(portfolio=portfolio)
    form = ChecklistForm(request.POST or None, marks=content.checklist_marks)
    if request.method == "POST" and form.is_valid():
        services.checklist_update(portfolio=portfolio, marks=form.marks())
        messages.success(request, "Review checklist saved.")
        return redirect("portfolio:checklist")
    context = document_context(content) | {"form": form}
    return render(request, "portfolio/checklist_form.html", context)


@login_required
def item_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = get_object_or_404(_list_queryset(request.user, kind), pk=pk)
    if request.method == "POST":
        services.item_delete(item=item)
        messages.success(request, f"“{item}” deleted.")
        return redirect("portfolio:home")
    return render(request, "portfolio/item_confirm_delete.html", {"item": item, "kind": kind})


@login_required
@require_POST
def item_move(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = get_object_or_404(_list_queryset(request.user, kind), pk=pk)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    with transaction.atomic():
        services.item_move(item=item, direction=direction)
    return redirect(f"{reverse('portfolio:home')}#{kind}")


@login_required
@require_POST
def item_reorder(request: HttpRequest, kind: str) -> HttpResponse:
    form = ReorderForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        services.items_reorder(
            queryset=_list_queryset(request.user, kind), ordered_ids=form.cleaned_data["order"]
        )
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain")
    return HttpResponse(status=204)


@login_required
def preview(request: HttpRequest) -> HttpResponse:
    portfolio = services.portfolio_get_or_create(owner=request.user)
    document = page_document_cached(portfolio=portfolio)
    return render(request, "portfolio/preview.html", document.context())


@login_required
@require_POST
def share_link_create(request: HttpRequest) -> HttpResponse:
    portfolio = services.portfolio_get_or_create(owner=request.user)
    services.share_link_create(portfolio=portfolio)
    messages.success(request, "Share link created. Anyone with the link can read the preview.")
    return redirect("portfolio:home")


@login_required
@require_POST
def share_link_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(selectors.share_link_list_for_user(user=request.user), pk=pk)
    services.share_link_revoke(link=link)
    messages.success(request, "Share link revoked: it no longer opens your portfolio.")
    return redirect("portfolio:home")


def shared_portfolio(request: HttpRequest, token: str) -> HttpResponse:
    link = selectors.share_link_active_get(token=token)
    if link is None:
        raise Http404("This share link does not exist or was revoked.")
    document = page_document_cached(portfolio=link.portfolio)
    response = render(request, "portfolio/shared.html", document.context())
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
def portfolio_import_page(request: HttpRequest) -> HttpResponse:
    """Upload → dry-run summary → confirm. Nothing is written before the confirm step."""
    form = PortfolioImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        confirmed = request.POST.get("confirm") == "yes"
        parsed = form.cleaned_data["parsed"]
        try:
            report = portfolio_import(owner=request.user, document=parsed, dry_run=not confirmed)
        except PortfolioImportError as error:
            context |= {
                "import_error": str(error),
                "errors": import_errors_described(parsed, error),
            }
        else:
            if confirmed:
                messages.success(request, "Portfolio imported.")
                return redirect("portfolio:home")
            context |= {"report": report, "document": form.cleaned_data["document"]}
    status = 400 if request.method == "POST" and "report" not in context else 200
    return render(request, "portfolio/import.html", context, status=status)
