import pytest
from django.urls import reverse

from interviews import selectors, services
from interviews.models import Application, Debrief, Round, StoryAssignment
from stories.models import LeadershipPrinciple, StoryUsage
from tests.factories import (
    ApplicationFactory,
    LoopFactory,
    RoundFactory,
    StoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in(client, five_round_loop):
    for url in [
        reverse("interviews:board"),
        reverse("interviews:loop", args=[five_round_loop.pk]),
        reverse("interviews:loop_brief", args=[five_round_loop.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_another_users_application_loop_and_round_are_404(client, five_round_loop):
    client.force_login(UserFactory())
    round_ = five_round_loop.rounds.first()
    for url in [
        reverse("interviews:application", args=[five_round_loop.application_id]),
        reverse("interviews:loop", args=[five_round_loop.pk]),
        reverse("interviews:loop_brief", args=[five_round_loop.pk]),
        reverse("interviews:round_edit", args=[round_.pk]),
        reverse("interviews:round_debrief", args=[round_.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("interviews:loop_plan", args=[five_round_loop.pk]))
    assert response.status_code == 404
    assert not StoryAssignment.objects.exists()


def test_create_an_application_from_the_form(client, user):
    client.force_login(user)
    response = client.post(
        reverse("interviews:application_create"),
        {"company": "Amazon", "role": "SDM", "level": "L7", "status": "applied", "link": ""},
    )
    application = Application.objects.get(owner=user)
    assert response.status_code == 302 and response.url == application.get_absolute_url()
    assert application.status_changes.get().to_status == "applied"
    assert "Application to Amazon saved" in client.get(response.url).content.decode()


def test_bad_application_input_shows_field_errors_and_saves_nothing(client, user):
    client.force_login(user)
    response = client.post(
        reverse("interviews:application_create"),
        {"company": "", "role": "x" * 300, "level": "L9", "status": "interested"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"company", "role", "level"} <= set(errors)
    assert not Application.objects.exists()


def test_board_move_button_answers_htmx_with_the_columns(client, user):
    application = ApplicationFactory(owner=user, status="applied")
    client.force_login(user)
    response = client.post(
        reverse("interviews:application_move", args=[application.pk]),
        {"status": "recruiter_screen"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b'id="col-recruiter_screen"' in response.content
    assert b"<html" not in response.content
    application.refresh_from_db()
    assert application.status == "recruiter_screen"


def test_round_form_outside_loop_dates_shows_a_field_error(client, loop):
    client.force_login(loop.application.owner)
    response = client.post(
        reverse("interviews:round_create", args=[loop.pk]),
        {"starts_at": "2030-03-09T10:00", "length_minutes": 60, "kind": "coding"},
    )
    assert response.status_code == 200
    assert "This loop runs" in response.context["form"].errors["starts_at"][0]
    assert not Round.objects.exists()


def test_round_form_overlap_shows_a_field_error(client, loop):
    client.force_login(loop.application.owner)
    url = reverse("interviews:round_create", args=[loop.pk])
    ok = {"starts_at": "2030-03-04T10:00", "length_minutes": 60, "kind": "coding"}
    assert client.post(url, ok).status_code == 302
    response = client.post(url, {**ok, "starts_at": "2030-03-04T10:15"})
    assert "Overlaps" in response.context["form"].errors["starts_at"][0]
    assert Round.objects.count() == 1


def test_plan_then_swap_a_story_by_hand(client, five_round_loop, bank, principles):
    user = five_round_loop.application.owner
    client.force_login(user)
    client.post(reverse("interviews:loop_plan", args=[five_round_loop.pk]))
    first = five_round_loop.rounds.order_by("starts_at").first()
    draft = next(s for s in bank if s.title == "Ownership story (draft)")
    response = client.post(
        reverse("interviews:round_pin", args=[first.pk]),
        {"principle": principles["ownership"].pk, "story": draft.pk},
    )
    assert response.status_code == 302
    page = client.get(reverse("interviews:loop", args=[five_round_loop.pk]))
    assert "Ownership story (draft)" in page.content.decode()
    assert "pinned" in page.content.decode()


def test_pin_form_refuses_another_users_story(client, five_round_loop, principles):
    client.force_login(five_round_loop.application.owner)
    first = five_round_loop.rounds.first()
    response = client.post(
        reverse("interviews:round_pin", args=[first.pk]),
        {"principle": principles["ownership"].pk, "story": StoryFactory(owner=UserFactory()).pk},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.context["form"].errors["story"][0]
    assert not StoryAssignment.objects.exists()


def test_pin_page_offers_the_rounds_principles_and_its_matching_stories_first(
    client, five_round_loop, bank, principles
):
    client.force_login(five_round_loop.application.owner)
    first = five_round_loop.rounds.order_by("starts_at").first()
    unrelated = StoryFactory(owner=five_round_loop.application.owner, title="Unmapped story")

    response = client.get(reverse("interviews:round_pin", args=[first.pk]))

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields["principle"].queryset) == set(first.principles.all())
    (_, _), (mapped_label, mapped), (others_label, others) = form.fields["story"].widget.choices
    assert mapped_label == "Mapped to this round's principles"
    assert others_label == "Your other stories"
    assert "Ownership story (draft)" in [title for _, title in mapped]
    assert (unrelated.pk, "Unmapped story") in others
    assert "<h1" in response.content.decode()


def test_pin_form_opens_in_place_for_htmx(client, five_round_loop, bank):
    client.force_login(five_round_loop.application.owner)
    first = five_round_loop.rounds.first()

    response = client.get(reverse("interviews:round_pin", args=[first.pk]), HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1" not in body
    assert f'id="id_pin{first.pk}_story"' in body


def test_pin_refuses_a_principle_the_round_does_not_cover(client, five_round_loop, bank):
    client.force_login(five_round_loop.application.owner)
    first = five_round_loop.rounds.first()
    outside = LeadershipPrinciple.objects.exclude(pk__in=first.principles.all()).first()

    response = client.post(
        reverse("interviews:round_pin", args=[first.pk]),
        {"principle": outside.pk, "story": bank[0].pk},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["principle"]
    assert not StoryAssignment.objects.exists()


def test_the_loop_page_links_to_the_swap_form_instead_of_listing_the_bank(
    client, five_round_loop, bank
):
    client.force_login(five_round_loop.application.owner)
    first = five_round_loop.rounds.first()

    body = client.get(reverse("interviews:loop", args=[five_round_loop.pk])).content.decode()

    assert reverse("interviews:round_pin", args=[first.pk]) in body
    assert f'<option value="{bank[0].pk}">' not in body


def test_debrief_form_records_stories_told(after_the_loop, client, five_round_loop, bank):
    user = five_round_loop.application.owner
    client.force_login(user)
    round_ = five_round_loop.rounds.first()
    response = client.post(
        reverse("interviews:round_debrief", args=[round_.pk]),
        {"asked": "A time you disagreed", "self_score": 4, "notes": "", "stories": [bank[0].pk]},
    )
    assert response.status_code == 302
    assert Debrief.objects.get(round=round_).self_score == 4
    assert StoryUsage.objects.filter(story=bank[0]).count() == 1


def test_debrief_with_a_bad_score_saves_nothing(client, five_round_loop):
    client.force_login(five_round_loop.application.owner)
    round_ = five_round_loop.rounds.first()
    response = client.post(
        reverse("interviews:round_debrief", args=[round_.pk]), {"asked": "x", "self_score": 9}
    )
    assert "self_score" in response.context["form"].errors
    assert not Debrief.objects.exists()


def _many_applications(user, count: int) -> None:
    for index in range(count):
        application = ApplicationFactory(owner=user, status=["applied", "onsite"][index % 2])
        loop = LoopFactory(application=application)
        RoundFactory(loop=loop)


@pytest.mark.parametrize("count", [1, 50])
def test_board_query_count_is_flat(client, user, count, django_assert_max_num_queries):
    _many_applications(user, count)
    client.force_login(user)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("interviews:board"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_list_query_count_is_flat(client, user, count, django_assert_max_num_queries):
    _many_applications(user, count)
    client.force_login(user)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("interviews:list")).status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_loop_page_and_brief_query_counts_are_flat(
    after_the_loop, client, five_round_loop, bank, count, django_assert_max_num_queries
):
    user = five_round_loop.application.owner
    _many_applications(user, count)
    services.loop_plan(loop=five_round_loop)
    services.debrief_save(
        round_=five_round_loop.rounds.first(), asked="", self_score=3, stories=bank[:2]
    )
    client.force_login(user)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("interviews:loop", args=[five_round_loop.pk])).status_code == 200
    with django_assert_max_num_queries(13):
        assert (
            client.get(reverse("interviews:loop_brief", args=[five_round_loop.pk])).status_code
            == 200
        )


def test_portfolio_selection_page_saves_the_choice(client, user):
    from portfolio.models import Portfolio
    from tests.factories import CaseStudyFactory

    case = CaseStudyFactory(portfolio=Portfolio.objects.create(owner=user, level="L6"))
    application = ApplicationFactory(owner=user)
    client.force_login(user)
    response = client.post(
        reverse("interviews:application_portfolio", args=[application.pk]),
        {"case_studies": [case.pk]},
    )
    assert response.status_code == 302
    assert list(application.portfolio_case_studies.all()) == [case]


def test_a_round_still_ahead_offers_no_debrief_and_refuses_one(client, five_round_loop):
    client.force_login(five_round_loop.application.owner)
    round_ = five_round_loop.rounds.order_by("starts_at").first()
    page = client.get(reverse("interviews:loop", args=[five_round_loop.pk])).content.decode()
    assert "The debrief opens when the round starts." in page
    assert reverse("interviews:round_debrief", args=[round_.pk]) not in page

    response = client.post(
        reverse("interviews:round_debrief", args=[round_.pk]),
        {"asked": "Too early", "self_score": 4, "notes": "", "stories": []},
    )
    assert response.status_code == 200
    assert "record its debrief once it has taken place" in response.content.decode()
    assert not Debrief.objects.exists()


def test_a_swap_says_which_slot_it_left_empty(client, five_round_loop, bank, principles):
    client.force_login(five_round_loop.application.owner)
    client.post(reverse("interviews:loop_plan", args=[five_round_loop.pk]))
    first = five_round_loop.rounds.order_by("starts_at").first()
    backup = StoryAssignment.objects.get(
        round=first, principle=principles["ownership"], backup=True
    )
    response = client.post(
        reverse("interviews:round_pin", args=[first.pk]),
        {"principle": principles["ownership"].pk, "story": backup.story_id},
        follow=True,
    )
    page = response.content.decode()
    assert f"Pinned “{backup.story.title}”." in page
    assert "Ownership in the behavioural round at 09:00 has no backup now" in page
    assert "Ownership: no backup planned yet; 1 unused story of yours maps to it" in page


def test_before_planning_the_gaps_say_plan_stories_not_write_one(client, five_round_loop, bank):
    client.force_login(five_round_loop.application.owner)
    page = client.get(reverse("interviews:loop", args=[five_round_loop.pk])).content.decode()
    assert "no unused story left" not in page
    assert "Customer Obsession: no story planned yet; 2 unused stories of yours map to it" in page


def test_the_board_offers_withdrawing_and_it_moves_the_application(client, user):
    application = ApplicationFactory(owner=user, company="Initech", status="phone_screen")
    client.force_login(user)
    board = client.get(reverse("interviews:board")).content.decode()
    assert 'aria-label="Withdraw from Initech"' in board
    response = client.post(
        reverse("interviews:application_move", args=[application.pk]),
        {"status": "withdrawn"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert 'aria-label="Withdraw from Initech"' not in response.content.decode()


def test_a_long_column_shows_its_latest_cards_and_links_to_the_rest(client, user):
    for index in range(15):
        ApplicationFactory(owner=user, company=f"Closed {index:02d}", status="rejected")
    ApplicationFactory(owner=user, company="Still open", status="applied")
    client.force_login(user)
    board = client.get(reverse("interviews:board")).content.decode()
    shown = selectors.BOARD_CARDS_PER_COLUMN
    assert board.count("Closed ") == shown
    assert '<span class="badge text-bg-secondary">15</span>' in board
    rest = f'href="{reverse("interviews:list")}?status=rejected">{15 - shown} more in the list</a>'
    assert rest in board
    assert "Still open" in board


def test_the_application_list_is_paged_and_keeps_its_filters(client, user):
    for index in range(30):
        ApplicationFactory(owner=user, company=f"Firm {index:02d}", status="applied")
    client.force_login(user)
    first = client.get(reverse("interviews:list"), {"status": "applied"}).content.decode()
    assert first.count("Firm ") == 25
    assert "Page 1 of 2 (30 applications)" in first
    assert "?status=applied&amp;page=2" in first
    second = client.get(reverse("interviews:list"), {"status": "applied", "page": 2})
    assert second.content.decode().count("Firm ") == 5


def test_the_swap_menu_shows_titles_escaped(client, five_round_loop, principles):
    user = five_round_loop.application.owner
    StoryFactory(owner=user, title="<b>Bold</b> & brave", primary_principle=principles["ownership"])
    client.force_login(user)
    first = five_round_loop.rounds.first()
    page = client.get(reverse("interviews:round_pin", args=[first.pk])).content.decode()
    assert page.count("&lt;b&gt;Bold&lt;/b&gt; &amp; brave</option>") == 1
    assert "<b>Bold</b>" not in page


@pytest.mark.parametrize(
    ("edit_page", "delete_url", "remaining"),
    [
        (
            lambda loop: reverse("interviews:application", args=[loop.application_id]),
            lambda loop: reverse("interviews:application_delete", args=[loop.application_id]),
            lambda loop: Application.objects.filter(pk=loop.application_id).exists(),
        ),
        (
            lambda loop: reverse("interviews:loop_edit", args=[loop.pk]),
            lambda loop: reverse("interviews:loop_delete", args=[loop.pk]),
            lambda loop: type(loop).objects.filter(pk=loop.pk).exists(),
        ),
        (
            lambda loop: reverse("interviews:round_edit", args=[loop.rounds.first().pk]),
            lambda loop: reverse("interviews:round_delete", args=[loop.rounds.first().pk]),
            lambda loop: Round.objects.filter(loop=loop).count() == 5,
        ),
    ],
    ids=["application", "loop", "round"],
)
def test_deleting_asks_first_then_deletes_and_says_so(
    client, user, five_round_loop, edit_page, delete_url, remaining
):
    client.force_login(user)
    url = delete_url(five_round_loop)
    body = client.get(edit_page(five_round_loop)).content.decode()
    form = body[body.index(f'action="{url}"') :].split(">", 1)[0]
    assert "data-confirm=" in form and "cannot be undone" in form

    response = client.post(url, follow=True)

    assert not remaining(five_round_loop)
    assert "Deleted the" in response.content.decode()


def test_another_users_round_cannot_be_deleted(client, five_round_loop):
    client.force_login(UserFactory())
    round_ = five_round_loop.rounds.first()

    assert client.post(reverse("interviews:round_delete", args=[round_.pk])).status_code == 404
    assert Round.objects.filter(pk=round_.pk).exists()
