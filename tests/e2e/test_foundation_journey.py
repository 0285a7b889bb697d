import pytest
from playwright.sync_api import expect

from tests.e2e.fixtures import confirm_email, log_in, serious_accessibility_violations
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_up_see_dashboard_log_out_and_log_in_again(page):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill("journey@example.com")
    page.locator("#id_password1").fill(TEST_PASSWORD)
    page.locator("#id_password2").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    confirm_email(page, "journey@example.com")

    page.goto("/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("button", name="journey@example.com").click()
    page.get_by_role("button", name="Log out").click()
    main_navigation = page.get_by_role("navigation", name="Main navigation")
    expect(main_navigation.get_by_role("link", name="Log in")).to_be_visible()

    log_in(page, "journey@example.com", TEST_PASSWORD)
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text("Dashboard")


@pytest.mark.same_on_every_database
def test_navigation_collapses_into_a_menu_on_a_phone(phone_page):
    user = UserFactory()
    log_in(phone_page, user.email, TEST_PASSWORD)

    main_navigation = phone_page.get_by_role("navigation", name="Main navigation")
    menu_link = main_navigation.get_by_role("link", name="Portfolio", exact=True)
    expect(menu_link).to_be_hidden()
    phone_page.get_by_role("button", name="Toggle navigation").click()
    expect(menu_link).to_be_visible()


@pytest.mark.same_on_every_database
def test_landing_login_and_dashboard_have_no_serious_accessibility_violations(page):
    user = UserFactory()
    page.goto("/")
    assert serious_accessibility_violations(page) == []
    page.goto("/accounts/login/")
    assert serious_accessibility_violations(page) == []
    log_in(page, user.email, TEST_PASSWORD)
    assert serious_accessibility_violations(page) == []
    page.goto("/account/tokens/")
    assert serious_accessibility_violations(page) == []
