"""Property: whatever valid input the API accepts, every list, detail and export answers 200."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from prepsite import limits
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

UNITS = ["", "ms", "s", "ns", "kb", "tb", "b", "$", "$m", "%", "h"]
text = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=60)
story_value = st.decimals(
    min_value=Decimal("-99999999999999"),
    max_value=Decimal("99999999999999"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)
float_value = st.floats(
    min_value=-limits.METRIC_VALUE_ABS_MAX,
    max_value=limits.METRIC_VALUE_ABS_MAX,
    allow_nan=False,
    allow_infinity=False,
)
story_metric = st.fixed_dictionaries(
    {
        "label": text.filter(str.strip),
        "before_value": story_value.map(str),
        "before_unit": st.sampled_from(UNITS),
        "after_value": story_value.map(str),
        "unit": st.sampled_from(UNITS),
    }
)
case_metric = st.fixed_dictionaries(
    {
        "group": st.sampled_from(["technical", "business", "team"]),
        "name": text.filter(str.strip),
        "before": st.none() | float_value,
        "after": float_value,
        "unit": st.sampled_from(UNITS),
    }
)


@settings(
    max_examples=8,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=text.filter(str.strip),
    story_metrics=st.lists(story_metric, max_size=3),
    case_metrics=st.lists(case_metric, max_size=3),
)
def test_every_accepted_value_keeps_every_page_answering(title, story_metrics, case_metrics):
    client = APIClient()
    client.force_authenticate(UserFactory())
    story = client.post(
        reverse("api:story-list"), {"title": title, "metrics": story_metrics}, format="json"
    )
    assert story.status_code == 201, story.json()
    case = client.post(
        reverse("api:portfolio-case-study-list"),
        {
            "title": title,
            "kind": "migration",
            "metrics": case_metrics,
            "stories": [story.json()["id"]],
        },
        format="json",
    )
    assert case.status_code == 201, case.json()
    story_id, case_id = story.json()["id"], case.json()["id"]
    for url in [
        reverse("api:story-list"),
        reverse("api:story-detail", args=[story_id]),
        reverse("api:story-metric-list", args=[story_id]),
        reverse("api:story-markdown", args=[story_id]),
        reverse("api:story-bank-markdown"),
        reverse("api:portfolio-case-study-list"),
        reverse("api:portfolio-case-study-detail", args=[case_id]),
        reverse("api:portfolio-completeness"),
    ]:
        assert client.get(url).status_code == 200, url
    for export_format in ["json", "md", "html", "jsonresume"]:
        exported = client.get(reverse("api:portfolio-export"), {"format": export_format})
        assert exported.status_code == 200, export_format
    document = json.loads(client.get(reverse("api:portfolio-export")).content)
    imported = client.post(reverse("api:portfolio-import"), document, format="json")
    assert imported.status_code == 200, imported.json()
