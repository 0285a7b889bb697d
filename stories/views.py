from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from stories import content, diff, export, selectors, services
from stories.forms import (
    MetricFormSet,
    QuestionLinkForm,
    RehearsalForm,
    StoryCreateForm,
    StoryFilterForm,
    StoryForm,
    StoryUsageForm,
    metric_rows,
)
from stories.models import Story

STORIES_PER_PAGE = 25
MATRIX_COLUMNS_PER_PAGE = 30


def _story(request: HttpRequest, pk: int) -> Story:
    return selectors.story_get_for_user(user=request.user, pk=pk)


@login_required
def story_list(request: HttpRequest) -> HttpResponse:
    filter_form = StoryFilterForm(request.GET or None)
    filters = filter_form.filters()
    stories = selectors.story_bank_for_user(user=request.user, **filters)
    page = Paginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.bank_page_tallies(
        user=request.user, stories=list(page.object_list)
    )
    if request.htmx and "page" in request.GET:
        # "Show more": only the next stories (and the next button), appended by htmx.
        return render(request, "stories/partials/story_list_page.html", {"page": page})
    context = {
        "filter_form": filter_form,
        "page": page,
        "stories": page.object_list,
        # Unfiltered, the paginator has already counted the whole bank.
        "bank_size": page.paginator.count
        if not selectors.narrows_the_bank(filters)
        else selectors.story_queryset_for_user(user=request.user).count(),
        "goal": selectors.BANK_GOAL,
        "undo_story": selectors.deleted_story_for_undo(
            user=request.user, raw_pk=request.GET.get("deleted", "")
        ),
    }
    return render(request, "stories/story_list.html", context)


@login_required
def story_create(request: HttpRequest) -> HttpResponse:
    form = StoryCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        story = services.story_create(owner=request.user, data=form.cleaned_data)
        return redirect("stories:edit", pk=story.pk)
    return render(request, "stories/story_create.html", {"form": form})


def _conflict_rows(form: StoryForm, saved: Story) -> list[dict[str, Any]]:
    """The fields where this tab's text differs from the version another tab saved."""
    mine = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    theirs = content.story_snapshot(saved)
    rows = []
    for name, value in mine.items():
        if name in ("version", "secondary_principles", "primary_principle"):
            continue
        saved_value = theirs.get(name)
        if (value or "") != (saved_value or ""):
            label = form.fields[name].label or name
            rows.append({"label": label, "mine": value, "saved": saved_value})
    return rows


def _editor_context(story: Story, form: StoryForm, formset, **extra: Any) -> dict[str, Any]:
    return {
        "story": story,
        "form": form,
        "formset": formset,
        "quality": selectors.story_quality(story),
        **extra,
    }


@login_required
def story_edit(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    form = StoryForm(request.POST or None, instance=story)
    formset = MetricFormSet(request.POST or None, instance=story, prefix="metrics")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        expected = int(request.POST.get("overwrite_version") or form.cleaned_data["version"])
        try:
            story = services.story_update(
                story=story,
                data={**form.story_data(), "metrics": metric_rows(formset)},
                expected_version=expected,
            )
        except services.StaleStoryError as stale:
            context = _editor_context(
                stale.story, form, formset, conflict=_conflict_rows(form, stale.story)
            )
            return render(request, "stories/story_form.html", context, status=409)
        messages.success(request, f"Saved “{story.title}” (version {story.version}).")
        return redirect("stories:edit", pk=story.pk)
    return render(request, "stories/story_form.html", _editor_context(story, form, formset))


@login_required
@require_POST
def story_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: save the draft as typed; metrics only when their rows are valid."""
    story = _story(request, pk)
    form = StoryForm(request.POST, instance=story)
    formset = MetricFormSet(request.POST, instance=story, prefix="metrics")
    context: dict[str, Any] = {"story": story, "saved": False}
    if not form.is_valid():
        context["errors"] = form.errors
        return render(request, "stories/partials/autosave_result.html", context)
    data = form.story_data()
    metrics_valid = formset.is_valid()
    if metrics_valid:
        data["metrics"] = metric_rows(formset)
    try:
        story = services.story_autosave(
            story=story, data=data, expected_version=form.cleaned_data["version"]
        )
    except services.StaleStoryError as stale:
        context.update(story=stale.story, conflict=_conflict_rows(form, stale.story))
        return render(request, "stories/partials/autosave_result.html", context)
    story = selectors.story_get_for_user(user=request.user, pk=story.pk)
    context.update(
        story=story,
        saved=True,
        saved_at=timezone.now(),
        metrics_valid=metrics_valid,
        quality=selectors.story_quality(story),
    )
    return render(request, "stories/partials/autosave_result.html", context)


@login_required
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    usage_form = StoryUsageForm(
        mock_interviews=selectors.mock_interview_list_for_user(user=request.user)
    )
    context = {
        "story": story,
        "quality": selectors.story_quality(story),
        "usage": selectors.story_usage_summary(story),
        "rehearsals": selectors.rehearsal_list_for_story(story)[:10],
        "rehearsal_form": RehearsalForm(),
        "usage_form": usage_form,
        "questions": story.practice_questions.select_related("principle"),
        "suggested_questions": selectors.question_suggestions_for_story(story),
    }
    return render(request, "stories/story_detail.html", context)


@login_required
@require_POST
def story_rehearse(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    form = RehearsalForm(request.POST)
    if form.is_valid():
        try:
            rehearsal = services.story_rehearse(story=story, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "Not logged: " + " ".join(error.messages))
            return redirect("stories:detail", pk=story.pk)
        due = timezone.localtime(rehearsal.next_due_at, request.user.tzinfo)
        messages.success(request, f"Rehearsal logged. Next rehearsal: {due:%a %d %b, %H:%M}.")
    else:
        messages.error(request, "Not logged: give a duration in seconds and pick a rating.")
    return redirect("stories:detail", pk=story.pk)


@login_required
@require_POST
def story_usage_add(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    form = StoryUsageForm(
        request.POST, mock_interviews=selectors.mock_interview_list_for_user(user=request.user)
    )
    if form.is_valid():
        try:
            services.story_usage_add(story=story, **form.cleaned_data)
            messages.success(request, "Telling logged.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(reverse("stories:detail", args=[story.pk]) + "#usage")


@login_required
@require_POST
def story_usage_delete(request: HttpRequest, pk: int, usage_pk: int) -> HttpResponse:
    story = _story(request, pk)
    services.story_usage_delete(usage=get_object_or_404(story.usages.all(), pk=usage_pk))
    messages.success(request, "Telling removed.")
    return redirect(reverse("stories:detail", args=[story.pk]) + "#usage")


@login_required
def story_history(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    revisions = list(selectors.revision_list_for_story(story))
    by_number = {revision.number: revision for revision in revisions}
    newer = by_number.get(_int(request.GET.get("b")), revisions[0] if revisions else None)
    older = by_number.get(_int(request.GET.get("a")), revisions[1] if len(revisions) > 1 else newer)
    changes = diff.snapshot_diff(older.snapshot, newer.snapshot) if older and newer else []
    context = {
        "story": story,
        "revisions": revisions,
        "older": older,
        "newer": newer,
        "changes": changes,
    }
    return render(request, "stories/story_history.html", context)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_POST
def story_restore_revision(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    story = _story(request, pk)
    revision = selectors.revision_get(story=story, number=number)
    story = services.story_restore_revision(story=story, revision=revision)
    messages.success(request, f"Revision {number} restored as version {story.version}.")
    return redirect("stories:edit", pk=story.pk)


@login_required
def story_delete(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    if request.method == "POST":
        services.story_soft_delete(story=story)
        return redirect(reverse("stories:list") + f"?deleted={story.pk}")
    return render(request, "stories/story_confirm_delete.html", {"story": story})


@login_required
@require_POST
def story_undo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(selectors.deleted_story_list_for_user(user=request.user), pk=pk)
    try:
        services.story_undo_delete(story=story)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("stories:trash")
    messages.success(request, f"“{story.title}” is back in your bank.")
    return redirect("stories:detail", pk=story.pk)


@login_required
def story_trash(request: HttpRequest) -> HttpResponse:
    stories = selectors.deleted_story_list_for_user(user=request.user)
    return render(request, "stories/story_trash.html", {"stories": stories})


def _markdown_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def story_export(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    return _markdown_response(export.story_to_markdown(story), f"story-{story.pk}.md")


@login_required
def bank_export(request: HttpRequest) -> HttpResponse:
    stories = selectors.story_list_for_user(user=request.user, sort="title")
    text = export.bank_to_markdown(stories, owner_name=str(request.user))
    return _markdown_response(text, "story-bank.md")


@login_required
def story_matrix(request: HttpRequest) -> HttpResponse:
    # Counts and gaps cover the whole bank; the grid shows one page of story columns.
    matrix, page = selectors.coverage_matrix_page(
        user=request.user, number=request.GET.get("page"), per_page=MATRIX_COLUMNS_PER_PAGE
    )
    return render(request, "stories/story_matrix.html", {"matrix": matrix, "page": page})


@login_required
def practice_questions(request: HttpRequest) -> HttpResponse:
    questions = selectors.practice_question_list_for_user(user=request.user)
    context = {
        "questions": questions,
        "stories": list(selectors.story_titles_for_user(user=request.user)),
        "unanswered_only": request.GET.get("unanswered") == "1",
    }
    return render(request, "stories/practice_questions.html", context)


@login_required
@require_POST
def question_link(request: HttpRequest) -> HttpResponse:
    form = QuestionLinkForm(
        request.POST, stories=selectors.story_titles_for_user(user=request.user)
    )
    if not form.is_valid():
        raise Http404("No such question or story.")
    question, story = form.cleaned_data["question"], form.cleaned_data["story"]
    if request.POST.get("unlink"):
        services.story_unlink_question(story=story, question=question)
        messages.success(request, f"Unlinked “{story.title}”.")
    else:
        services.story_link_question(story=story, question=question)
        messages.success(request, f"“{story.title}” now answers: {question.text}")
    if request.POST.get("next_page") == "story":
        return redirect("stories:detail", pk=story.pk)
    return redirect(reverse("stories:questions") + f"#question-{question.pk}")
