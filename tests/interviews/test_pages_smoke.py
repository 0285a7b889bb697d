import pytest

from interviews import services

pytestmark = pytest.mark.django_db


def test_every_page_renders_for_a_planned_loop(client, user, five_round_loop, bank):
    services.loop_plan(loop=five_round_loop)
    client.force_login(user)
    application = five_round_loop.application
    round_ = five_round_loop.rounds.first()
    for url in [
        "/interviews/",
        "/interviews/applications/",
        "/interviews/applications/new/",
        f"/interviews/applications/{application.pk}/",
        f"/interviews/applications/{application.pk}/edit/",
        f"/interviews/applications/{application.pk}/portfolio/",
        f"/interviews/applications/{application.pk}/loops/new/",
        f"/interviews/loops/{five_round_loop.pk}/",
        f"/interviews/loops/{five_round_loop.pk}/edit/",
        f"/interviews/loops/{five_round_loop.pk}/brief/",
        f"/interviews/loops/{five_round_loop.pk}/rounds/new/",
        f"/interviews/rounds/{round_.pk}/edit/",
        f"/interviews/rounds/{round_.pk}/debrief/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
