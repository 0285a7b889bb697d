"""Time-zone menus and validation read the zone database once; only used vendor files ship."""

import zoneinfo

import pytest
from django import forms
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError

from accounts.models import validate_timezone
from prepsite.staticfiles import VendorFilesFinder
from prepsite.timezones import TimeZoneSelect, time_zone_choices, time_zone_names
from reminders.forms import ReminderPreferencesForm
from studyplan.forms import OnboardingForm


def test_time_zone_names_are_the_zone_database_read_once(monkeypatch):
    assert time_zone_names() == frozenset(zoneinfo.available_timezones())

    def walking_again():
        raise AssertionError("the zone database was read again")

    monkeypatch.setattr(zoneinfo, "available_timezones", walking_again)
    validate_timezone("Europe/Berlin")
    with pytest.raises(ValidationError):
        validate_timezone("Mars/Olympus_Mons")
    assert ("America/New_York", "America/New York") in time_zone_choices()


def test_time_zone_menu_marks_only_the_chosen_zone():
    html = TimeZoneSelect(choices=time_zone_choices()).render(
        "timezone", "Asia/Tokyo", attrs={"id": "id_timezone", "class": "form-select"}
    )
    assert html.startswith('<select name="timezone" id="id_timezone" class="form-select">')
    assert html.count(" selected") == 1
    assert '<option value="Asia/Tokyo" selected>Asia/Tokyo</option>' in html
    assert html.count("<option ") == len(time_zone_choices())


@pytest.mark.parametrize(
    ("form_class", "field"),
    [(ReminderPreferencesForm, "timezone"), (OnboardingForm, "timezone")],
    ids=["reminder settings", "onboarding"],
)
def test_time_zone_menus_are_built_once_not_option_by_option(monkeypatch, form_class, field):
    def option_by_option(*args, **kwargs):
        raise AssertionError("the menu's options were rendered one by one")

    monkeypatch.setattr(forms.Select, "optgroups", option_by_option)
    html = str(form_class(initial={field: "Asia/Tokyo"})[field])

    assert '<option value="Asia/Tokyo" selected>Asia/Tokyo</option>' in html
    assert html.count(" selected") == 1


def test_reminder_form_refuses_an_unknown_zone():
    form = ReminderPreferencesForm(data={"timezone": "Nowhere/Atlantis"})
    assert not form.is_valid()
    assert "timezone" in form.errors


def test_only_the_vendor_files_the_pages_load_are_collected():
    collected = {path for path, _ in VendorFilesFinder().list([])}
    assert "mermaid.min.js" in collected
    assert not any(path.endswith((".mjs", ".d.ts")) for path in collected)
    assert len(collected) < 20
    for url_path in (
        "vendor/mermaid/mermaid.min.js",
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/bootstrap-icons/bootstrap-icons.min.css",
    ):
        assert finders.find(url_path), url_path
    assert finders.find("vendor/mermaid/mermaid.esm.min.mjs") is None
