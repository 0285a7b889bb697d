import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from practice import charts, rubrics, selectors, services
from practice.forms import (
    DraftForm,
    FinishForm,
    LibraryFilterForm,
    MockLoopForm,
    PrivateItemForm,
    RoundFormSet,
    RoundScoreForm,
    StartForm,
)
from practice.models import Area
from practice.rendering import markdown_to_safe_html
from prepsite.views import local_url_or

LIBRARY_PAGE_SIZE = 25


def user_level(user) -> str:
    from studyplan.selectors import plan_for_user

    plan = plan_for_user(user=user)
    return plan.level if plan else "L6"


def _add_errors(form, error: ValidationError) -> None:
    """A service's errors on the form's fields where it has them, the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages_ in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)


def _back(request: HttpRequest, default: str) -> str:
    return local_url_or(request, request.POST.get("next", ""), default)


@login_required
def library(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    # The list shows no item's details (problem text, rubric, follow-ups): left unread.
    items = selectors.library_for_user(user=request.user, filters=filters).defer("details")
    page = Paginator(items, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "level": user_level(request.user),
    }
    return render(request, "practice/library.html", context)


@login_required
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.item_for_user(user=request.user, item_id=item_id)
    context = {
        "item": item,
        "level": user_level(request.user),
        "hidden": selectors.is_hidden(user=request.user, item=item),
        "review": selectors.item_review(user=request.user, item=item),
        "sessions": selectors.sessions_for_user(user=request.user).filter(item=item)[:10],
    }
    return render(request, "practice/item_detail.html", context)


@login_required
def item_new(request: HttpRequest) -> HttpResponse:
    form = PrivateItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create_private(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Added to your library.")
            return redirect("practice:item", item.pk)
    return render(request, "practice/item_form.html", {"form": form})


@login_required
@require_POST
def item_hide(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.item_for_user(user=request.user, item_id=item_id)
    if request.POST.get("hide") == "0":
        services.item_unhide(user=request.user, item=item)
        messages.success(request, "Shown in your library again.")
    else:
        services.item_hide(user=request.user, item=item)
        messages.success(request, f"Hidden: {item.title}.")
    return redirect(_back(request, item_detail_url(item.pk)))


def item_detail_url(item_id: int) -> str:
    from django.urls import reverse

    return reverse("practice:item", args=[item_id])


@login_required
@require_POST
def session_start(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.item_for_user(user=request.user, item_id=item_id)
    form = StartForm(request.POST)
    level = form.cleaned_data["level"] if form.is_valid() else user_level(request.user)
    try:
        session = services.session_start(user=request.user, item=item, level=level)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("practice:item", item.pk)
    return redirect("practice:session", session.pk)


@login_required
@require_POST
def item_done(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.item_for_user(user=request.user, item_id=item_id)
    services.item_mark_done(user=request.user, item=item, level=user_level(request.user))
    messages.success(request, f"Logged as done: {item.title}.")
    return redirect(_back(request, item_detail_url(item.pk)))


def _finish_form(session, data=None) -> FinishForm:
    return FinishForm(
        data,
        rubric=rubrics.rubric_for(session.area, session.level),
        with_diagram=session.area == Area.DESIGN,
        started_at=session.started_at,
        # A running session's saved draft: a reload shows what was typed.
        initial={"notes": session.notes, "diagram": session.diagram},
    )


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_for_user(user=request.user, session_id=session_id)
    return _render_session(request, session, _finish_form(session))


def _render_session(request: HttpRequest, session, form: FinishForm, status: int = 200):
    context = {
        "session": session,
        "item": session.item,
        "form": form,
        "notes_html": markdown_to_safe_html(session.notes)
        if session.is_finished and session.notes
        else "",
        "rubric": rubrics.rubric_for(session.area, session.level),
        # The timer resumes from the server's start time, not from the page load.
        "elapsed_seconds": selectors.session_elapsed_seconds(started_at=session.started_at),
    }
    return render(request, "practice/session.html", context, status=status)


@login_required
@require_POST
def session_draft(request: HttpRequest, session_id: int) -> HttpResponse:
    """htmx (and the page's last beacon): save the notes and diagram as typed."""
    session = selectors.session_for_user(user=request.user, session_id=session_id)
    form = DraftForm(request.POST, with_diagram=session.area == Area.DESIGN)
    context: dict = {"saved": False}
    if form.is_valid():
        try:
            services.session_save_draft(
                session=session,
                notes=form.cleaned_data["notes"],
                diagram=form.cleaned_data.get("diagram", ""),
            )
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
        else:
            context.update(saved=True, saved_at=timezone.now())
    else:
        context["error"] = " ".join(
            str(message) for messages_ in form.errors.values() for message in messages_
        )
    return render(request, "practice/partials/draft_status.html", context)


@login_required
@require_POST
def session_finish(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_for_user(user=request.user, session_id=session_id)
    form = _finish_form(session, request.POST)
    if form.is_valid():
        try:
            services.session_finish(
                session=session,
                duration_seconds=form.cleaned_data["duration_seconds"],
                rubric_scores=form.rubric_scores(),
                notes=form.cleaned_data["notes"],
                diagram=form.cleaned_data.get("diagram", ""),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Session saved and counted on your plan.")
            return redirect("practice:session", session.pk)
    _keep_draft(session, form)
    return _render_session(request, session, form, status=400)


def _keep_draft(session, form: FinishForm) -> None:
    """A refused submit keeps the notes and diagram typed, so a reload still shows them."""
    if session.is_finished or "notes" not in form.cleaned_data:
        return
    # Finished meanwhile in another tab: the finished session keeps its own text.
    with contextlib.suppress(ValidationError):
        services.session_save_draft(
            session=session,
            notes=form.cleaned_data["notes"],
            diagram=form.cleaned_data.get("diagram", session.diagram),
        )


@login_required
def mock_loops(request: HttpRequest) -> HttpResponse:
    principles = _principles()
    form = MockLoopForm(request.POST or None)
    rounds = RoundFormSet(
        request.POST or None, prefix="rounds", form_kwargs={"principles": principles}
    )
    # Both validated, so every error shows at once.
    if request.method == "POST" and all([form.is_valid(), rounds.is_valid()]):
        planned = [row for row in rounds.cleaned_data if row.get("interview_type")]
        try:
            loop = services.mock_loop_create(
                user=request.user,
                title=form.cleaned_data["title"],
                held_on=form.cleaned_data["held_on"],
                rounds=[
                    {"interview_type": r["interview_type"], "principles": r["principles"]}
                    for r in planned
                ],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Mock loop planned.")
            return redirect("practice:loop", loop.pk)
    trends = selectors.mock_trends(user=request.user)
    context = {
        "form": form,
        "rounds": rounds,
        "loops": selectors.mock_loops_for_user(user=request.user)[:20],
        "trends": trends,
        "type_chart": charts.trend_chart(trends.by_round_type),
        "principle_chart": charts.trend_chart(trends.by_principle),
        "type_choices": rounds.empty_form.fields["interview_type"].choices,
        "principle_choices": [(str(p.pk), p.name) for p in principles],
    }
    # A POST that gets here was refused: a planned loop redirects.
    refused = request.method == "POST"
    return render(request, "practice/mock_loops.html", context, status=400 if refused else 200)


def _principles():
    from stories.selectors import leadership_principle_list

    return leadership_principle_list()


@login_required
def mock_loop_detail(request: HttpRequest, loop_id: int) -> HttpResponse:
    loop = selectors.mock_loop_for_user(user=request.user, loop_id=loop_id)
    return render(request, "practice/mock_loop.html", {"loop": loop, "form": RoundScoreForm()})


@login_required
@require_POST
def mock_round_score(request: HttpRequest, loop_id: int, round_id: int) -> HttpResponse:
    loop_round = selectors.mock_round_for_user(
        user=request.user, loop_id=loop_id, round_id=round_id
    )
    form = RoundScoreForm(request.POST)
    if form.is_valid():
        try:
            services.mock_round_score(loop_round=loop_round, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Round scored.")
    else:
        messages.error(request, "Give a score from 1 to 5.")
    return redirect("practice:loop", loop_id)
