from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from interviews import brief, selectors, services
from interviews.forms import (
    ApplicationFilterForm,
    ApplicationForm,
    DebriefForm,
    LoopForm,
    MoveForm,
    PinForm,
    PortfolioSelectionForm,
    RoundForm,
)
from interviews.models import StoryAssignment
from stories import selectors as story_selectors

APPLICATIONS_PER_PAGE = 25


def _apply_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@login_required
def board(request: HttpRequest) -> HttpResponse:
    context = {"columns": selectors.application_board(user=request.user)}
    if request.htmx:
        return render(request, "interviews/partials/board_columns.html", context)
    return render(request, "interviews/board.html", context)


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    filter_form = ApplicationFilterForm(request.GET or None)
    applications = selectors.application_list_for_user(user=request.user, **filter_form.filters())
    page = Paginator(applications, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "interviews/application_list.html",
        {"filter_form": filter_form, "page": page, "applications": page.object_list},
    )


@login_required
def application_create(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(owner=request.user, data=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, f"Application to {application.company} saved: add its loops below."
            )
            return redirect("interviews:application", pk=application.pk)
    return render(request, "interviews/application_form.html", {"form": form})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    context = {
        "application": application,
        "history": application.status_changes.all(),
        "loops": selectors.loop_list_for_application(application=application),
        "move_form": MoveForm(initial={"status": application.status}),
    }
    return render(request, "interviews/application_detail.html", context)


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(application=application, data=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("interviews:application", pk=application.pk)
    return render(
        request, "interviews/application_form.html", {"form": form, "application": application}
    )


@login_required
@require_POST
def application_delete(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    services.application_delete(application=application)
    messages.success(request, f"Deleted the application to {application.company}.")
    return redirect("interviews:board")


@login_required
@require_POST
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.application_move(application=application, status=form.cleaned_data["status"])
    if request.htmx:
        columns = selectors.application_board(user=request.user)
        return render(request, "interviews/partials/board_columns.html", {"columns": columns})
    if request.POST.get("next") == "detail":
        return redirect(application.get_absolute_url())
    return redirect("interviews:board")


@login_required
def application_portfolio(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    initial = {
        "case_studies": application.portfolio_case_studies.all(),
        "decision_records": application.portfolio_decision_records.all(),
        "stories": application.portfolio_stories.all(),
    }
    form = PortfolioSelectionForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.application_portfolio_set(application=application, **form.cleaned_data)
        messages.success(request, "Saved what this application's portfolio shows.")
        return redirect("interviews:application", pk=application.pk)
    return render(
        request,
        "interviews/application_portfolio.html",
        {"form": form, "application": application},
    )


@login_required
def loop_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    form = LoopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            loop = services.loop_create(application=application, data=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("interviews:loop", pk=loop.pk)
    return render(request, "interviews/loop_form.html", {"form": form, "application": application})


@login_required
def loop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    loop = selectors.loop_get_for_user(user=request.user, pk=pk)
    form = LoopForm(request.POST or None, instance=loop)
    if request.method == "POST" and form.is_valid():
        try:
            services.loop_update(loop=loop, data=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("interviews:loop", pk=loop.pk)
    return render(
        request,
        "interviews/loop_form.html",
        {"form": form, "application": loop.application, "loop": loop},
    )


@login_required
@require_POST
def loop_delete(request: HttpRequest, pk: int) -> HttpResponse:
    loop = selectors.loop_get_for_user(user=request.user, pk=pk)
    services.loop_delete(loop=loop)
    messages.success(request, f"Deleted the {loop.get_kind_display().lower()} loop.")
    return redirect("interviews:application", pk=loop.application_id)


@login_required
def loop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.loop_page_cached(user=request.user, pk=pk, with_story_metrics=False)
    context = {
        "page": page,
        "loop": page.loop,
        "application": page.loop.application,
        "now": timezone.localtime(),
    }
    return render(request, "interviews/loop_detail.html", context)


@login_required
@require_POST
def loop_plan(request: HttpRequest, pk: int) -> HttpResponse:
    loop = selectors.loop_get_for_user(user=request.user, pk=pk)
    plan = services.loop_plan(loop=loop)
    messages.success(
        request,
        f"Planned {plan.main_covered} stor{'y' if plan.main_covered == 1 else 'ies'} and "
        f"{plan.backups_covered} backup{'' if plan.backups_covered == 1 else 's'}.",
    )
    return redirect("interviews:loop", pk=loop.pk)


@login_required
@require_POST
def loop_amazon_split(request: HttpRequest, pk: int) -> HttpResponse:
    loop = selectors.loop_get_for_user(user=request.user, pk=pk)
    count = services.loop_apply_amazon_split(loop=loop)
    messages.success(request, f"Gave {count} round{'s' if count != 1 else ''} the usual split.")
    return redirect("interviews:loop", pk=loop.pk)


@login_required
def loop_follow_in_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Asked, never automatic: the page shows what the plan would become; POST applies it."""
    loop = selectors.loop_get_for_user(user=request.user, pk=pk)
    if request.method != "POST":
        follow = selectors.plan_follow_preview(user=request.user, loop=loop)
        if follow is None:
            messages.info(request, "You have no study plan yet; create one first.")
            return redirect("interviews:loop", pk=loop.pk)
        context = {
            "loop": loop,
            "application": loop.application,
            "follow": follow,
            "preview": follow.preview,
            "preview_rows": follow.rows,
            "level": follow.plan.level,
        }
        return render(request, "interviews/loop_follow_confirm.html", context)
    try:
        services.study_plan_follow_loop(loop=loop)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Your study plan now aims at {loop.starts_on:%d %b %Y}.")
    return redirect("interviews:loop", pk=loop.pk)


@login_required
def loop_brief(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.loop_page_cached(user=request.user, pk=pk)
    return render(request, "interviews/brief.html", brief.brief_context(page))


@login_required
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    loop = selectors.loop_get_for_user(user=request.user, pk=pk)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        principles = list(data.pop("principles"))
        try:
            services.round_create(loop=loop, data=data, principles=principles)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("interviews:loop", pk=loop.pk)
    return render(
        request,
        "interviews/round_form.html",
        {"form": form, "loop": loop, "application": loop.application},
    )


@login_required
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get_for_user(user=request.user, pk=pk)
    form = RoundForm(
        request.POST or None, instance=round_, initial={"principles": round_.principles.all()}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        principles = list(data.pop("principles"))
        try:
            services.round_update(round_=round_, data=data, principles=principles)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("interviews:loop", pk=round_.loop_id)
    return render(
        request,
        "interviews/round_form.html",
        {
            "form": form,
            "loop": round_.loop,
            "application": round_.loop.application,
            "round": round_,
        },
    )


@login_required
@require_POST
def round_delete(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get_for_user(user=request.user, pk=pk)
    services.round_delete(round_=round_)
    messages.success(request, f"Deleted the {round_.get_kind_display().lower()} round.")
    return redirect("interviews:loop", pk=round_.loop_id)


@login_required
@require_http_methods(["GET", "POST"])
def round_pin(request: HttpRequest, pk: int) -> HttpResponse:
    """Pin a story of the user's choice into a slot of the round.

    The loop page links here rather than carrying a menu of the whole bank in every round: a
    bank of 2,000 stories made each view of the loop 600 KB. htmx opens the form in place.
    """
    round_ = selectors.round_get_for_user(user=request.user, pk=pk)
    form = PinForm(
        request.POST or None, user=request.user, round_=round_, auto_id=f"id_pin{round_.pk}_%s"
    )
    if request.method == "POST" and form.is_valid():
        moved_from = selectors.assignment_elsewhere_in_loop(round_=round_, **form.cleaned_data)
        try:
            services.assignment_pin(round_=round_, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _pinned_notice(request, form.cleaned_data, moved_from))
            return redirect(f"{round_.loop.get_absolute_url()}#round-{round_.pk}")
    mapped, others = story_selectors.story_title_groups_for_principles(
        user=request.user, principle_ids=[p.pk for p in form.fields["principle"].queryset]
    )
    form.group_story_menu(mapped=mapped, others=others)
    context = {"form": form, "round": round_, "loop": round_.loop}
    if request.htmx:
        return render(request, "interviews/partials/pin_form.html", context)
    return render(
        request,
        "interviews/round_pin.html",
        {**context, "application": round_.loop.application},
        status=400 if form.errors else 200,
    )


def _pinned_notice(request: HttpRequest, chosen: dict, moved_from: StoryAssignment | None) -> str:
    notice = f"Pinned “{chosen['story'].title}”."
    if moved_from is not None:
        left = moved_from.round
        starts = timezone.localtime(left.starts_at, request.user.tzinfo)
        what = "backup" if moved_from.backup else "story"
        notice += (
            f" {moved_from.principle.name} in the {left.label.lower()} round at "
            f"{starts:%H:%M} has no {what} now: “Plan stories” re-plans the unpinned "
            "slots around your pin."
        )
    return notice


@login_required
@require_POST
def assignment_unpin(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        StoryAssignment.objects.filter(loop__application__owner=request.user).select_related(
            "loop__application"
        ),
        pk=pk,
    )
    services.assignment_unpin(assignment=assignment)
    return redirect(f"{assignment.loop.get_absolute_url()}#round-{assignment.round_id}")


@login_required
def round_debrief(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get_for_user(user=request.user, pk=pk)
    debrief = selectors.debrief_for_round(round_)
    initial = {"stories": [told.story for told in debrief.told.all()]} if debrief else {}
    if not debrief:
        initial["stories"] = [a.story for a in round_.assignments.filter(backup=False)]
    form = DebriefForm(request.POST or None, instance=debrief, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.debrief_save(
                round_=round_,
                asked=data["asked"],
                self_score=data["self_score"],
                notes=data["notes"],
                stories=list(data["stories"]),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Debrief saved; the stories you told are in their log.")
            return redirect(f"{round_.loop.get_absolute_url()}#round-{round_.pk}")
    return render(
        request,
        "interviews/debrief_form.html",
        {
            "form": form,
            "round": round_,
            "loop": round_.loop,
            "application": round_.loop.application,
        },
    )
