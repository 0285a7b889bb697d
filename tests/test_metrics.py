import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prepsite.limits import METRIC_VALUE_ABS_MAX
from prepsite.metrics import (
    change_text,
    convert,
    higher_is_better,
    metric_change,
    percent_change,
    unit_parse,
    value_text,
)


def _change(before, before_unit, after, after_unit, name=""):
    return metric_change(
        before=before, before_unit=before_unit, after=after, after_unit=after_unit, name=name
    )


@pytest.mark.parametrize(
    ("before", "before_unit", "after", "after_unit", "expected"),
    [
        ("3", "s", "180", "ms", "\u221294 %"),
        ("45", "min", "3", "min", "\u221293 %"),
        ("8", "", "16", "", "+100 %"),
        ("72", "h", "0.25", "h", "\u221299.7 %"),
        ("2", "days", "4", "h", "\u221292 %"),
        ("1", "GB", "250", "MB", "\u221275 %"),
        ("23", "%", "5", "%", "\u221218 points"),
        ("99.5", "%", "99.95", "%", "+0.45 points"),
        ("5", "%", "6", "%", "+1 point"),
        ("100", "$k/month", "2.4", "$M/year", "+100 %"),
        ("0", "", "5", "", "n/a"),
        ("2", "h", "1", "GB", "n/a"),
        ("1", "$", "1", "€", "n/a"),
        ("4", "%", "4", "%", "0 points"),
    ],
)
def test_change_converts_units_within_a_dimension(before, before_unit, after, after_unit, expected):
    change = _change(Decimal(before), before_unit, Decimal(after), after_unit)
    assert change_text(change) == expected


def test_relative_change_is_rounded_half_up_for_the_stories_api():
    assert round(percent_change(Decimal(3), "s", Decimal(180), "ms")) == -94
    assert percent_change(Decimal(0), "", Decimal(5), "") is None


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (2.8, "$M/year", "$2.8M a year"),
        (450, "$k/month", "$450k a month"),
        (1250000, "$", "$1.25M"),
        (3.5, "€M", "€3.5M"),
        (23, "%", "23 %"),
        (450, "ms", "450 ms"),
        (0.25, "h", "0.25 h"),
        (12000, "requests", "12,000 requests"),
        (-3, "$k", "\u2212$3k"),
    ],
)
def test_values_read_as_a_person_writes_them(value, unit, expected):
    assert value_text(value, unit) == expected


@pytest.mark.parametrize(
    ("name", "unit", "before", "after", "verdict"),
    [
        ("p99 latency", "ms", 450, 120, "better"),
        ("Annual revenue", "$M", 1.2, 2.8, "better"),
        ("Cloud cost", "$k/month", 90, 120, "worse"),
        ("Cost savings", "$k", 10, 50, "better"),
        ("Checkout error rate", "%", 2, 4, "worse"),
        ("Availability", "%", 99.5, 99.9, "better"),
        ("Deployment frequency", "deploys/week", 1, 10, "better"),
        ("Headcount", "people", 10, 20, ""),
        ("Customer complaints", "", 120, 40, "better"),
        ("Customer cancellations", "a month", 30, 45, "worse"),
        ("Fraud losses", "$k", 200, 120, "better"),
        ("Active customers", "", 100, 140, "better"),
    ],
)
def test_better_or_worse_depends_on_which_way_is_good(name, unit, before, after, verdict):
    assert _change(before, unit, after, unit, name).verdict == verdict


def test_unknown_names_use_the_dimension_or_say_nothing():
    assert higher_is_better("Build", "min") is False
    assert higher_is_better("Widgets", "") is None


def test_non_finite_and_huge_inputs_give_no_change():
    assert _change(float("nan"), "", 1, "") is None
    assert _change(float("inf"), "", 1, "") is None
    assert _change(1e308, "TB", 1e-308, "B") is None or math.isfinite(
        _change(1e308, "TB", 1e-308, "B").amount
    )
    assert value_text(float("inf"), "ms") == ""


UNITS = {
    "time": ["ns", "µs", "ms", "s", "min", "h", "days", "weeks"],
    "data": ["B", "KB", "MB", "GB", "TB", "KiB", "GiB"],
    "money": ["$", "$k", "$M", "$B"],
    "count": ["", "count"],
    "percent": ["%"],
}
values = st.floats(min_value=-METRIC_VALUE_ABS_MAX, max_value=METRIC_VALUE_ABS_MAX, allow_nan=False)
any_unit = st.sampled_from([unit for units in UNITS.values() for unit in units] + ["apples"])


@given(before=values, after=values, before_unit=any_unit, after_unit=any_unit, name=st.text())
def test_change_is_finite_and_its_sign_matches_the_direction(
    before, after, before_unit, after_unit, name
):
    change = _change(before, before_unit, after, after_unit, name)
    if change is None:
        return
    assert math.isfinite(change.amount)
    assert {"up": 1, "down": -1, "same": 0}[change.direction] == (change.amount > 0) - (
        change.amount < 0
    ) or change.amount == 0
    text = change_text(change)
    assert "nan" not in text and "inf" not in text
    if change.better is not None:
        assert change.direction != "same"


@given(
    dimension=st.sampled_from(["time", "data", "money"]),
    data=st.data(),
    value=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
)
def test_conversion_round_trips(dimension, data, value):
    first = data.draw(st.sampled_from(UNITS[dimension]))
    second = data.draw(st.sampled_from(UNITS[dimension]))
    there = convert(value, first, second)
    assert there is not None and math.isfinite(there)
    assert math.isclose(convert(there, second, first), value, rel_tol=1e-9, abs_tol=1e-9)


@given(value=values, unit=any_unit)
def test_every_value_prints(value, unit):
    text = value_text(value, unit)
    assert text and "e+" not in text and "nan" not in text


def test_units_of_different_dimensions_do_not_convert():
    assert convert(1, "h", "GB") is None
    assert unit_parse("$M/year").per == "year"
    assert unit_parse("deploys per week").per == "week"
