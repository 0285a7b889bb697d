from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portfolio import services
from portfolio.checklist import ITEM_KEYS
from portfolio.models import (
    CASE_STUDY_CONTENT_FIELDS,
    METRIC_FIELDS,
    CaseStudy,
    CaseStudyMetric,
    DashboardMetric,
    DecisionOption,
    DecisionRecord,
    Portfolio,
    ShareLink,
)
from prepsite.api import require_lists
from stories.models import LeadershipPrinciple, Story


def call_service(function, **kwargs: Any) -> Any:
    """Run a service and report its model validation errors the way DRF reports its own."""
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        raise serializers.ValidationError(serializers.as_serializer_error(error)) from error


class SummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Portfolio
        fields = [*services.SUMMARY_FIELDS, "updated_at"]
        read_only_fields = ["updated_at"]

    def update(self, instance: Portfolio, validated_data: dict) -> Portfolio:
        return call_service(services.portfolio_update_summary, portfolio=instance, **validated_data)


class CaseStudyMetricSerializer(serializers.ModelSerializer):
    change_percent = serializers.SerializerMethodField(
        help_text=(
            "(after - before) / |before| x 100 with units converted; null without a before "
            "value or when the units measure different things."
        )
    )

    class Meta:
        model = CaseStudyMetric
        fields = [*METRIC_FIELDS, "change_percent"]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_change_percent(self, metric: CaseStudyMetric) -> float | None:
        change = metric.change_percent
        return None if change is None else round(change, 1)


class OwnedStoriesField(serializers.PrimaryKeyRelatedField):
    """Only the requesting user's live stories can be linked; any other id is 'does not exist'."""

    def get_queryset(self):
        return Story.objects.filter(owner=self.context["request"].user)


class CaseStudySerializer(serializers.ModelSerializer):
    metrics = CaseStudyMetricSerializer(many=True, required=False)
    principles = serializers.SlugRelatedField(
        many=True,
        slug_field="slug",
        queryset=LeadershipPrinciple.objects.all(),
        required=False,
        help_text="Leadership Principle slugs, e.g. ownership.",
    )
    stories = OwnedStoriesField(many=True, required=False, help_text="Ids of your STAR stories.")

    class Meta:
        model = CaseStudy
        fields = ["id", "position", *CASE_STUDY_CONTENT_FIELDS, "metrics", "principles", "stories"]
        read_only_fields = ["id", "position"]

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        require_lists(data, ("metrics", "principles", "stories"))
        return super().to_internal_value(data)

    def _split(self, validated_data: dict) -> dict[str, Any]:
        links = {
            name: validated_data.pop(name)
            for name in ("metrics", "principles", "stories")
            if name in validated_data
        }
        if "metrics" in links:
            links["metrics"] = [dict(row) for row in links["metrics"]]
        return {"fields": validated_data, **links}

    def create(self, validated_data: dict) -> CaseStudy:
        return call_service(
            services.case_study_create,
            portfolio=self.context["portfolio"],
            **self._split(validated_data),
        )

    def update(self, instance: CaseStudy, validated_data: dict) -> CaseStudy:
        return call_service(
            services.case_study_update, case_study=instance, **self._split(validated_data)
        )


class DecisionOptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DecisionOption
        fields = ["title", "pros", "cons"]


class OwnedRecordField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return DecisionRecord.objects.filter(portfolio__owner=self.context["request"].user)


class DecisionRecordSerializer(serializers.ModelSerializer):
    options = DecisionOptionSerializer(many=True, required=False)
    superseded_by = OwnedRecordField(
        required=False, allow_null=True, help_text="Id of the record that replaced this one."
    )

    class Meta:
        model = DecisionRecord
        fields = [
            "id",
            "position",
            "title",
            "decided_on",
            "decision_makers",
            "stakeholders",
            "context",
            "options",
            "decision",
            "rationale",
            "implementation_plan",
            "results",
            "results_after_months",
            "status",
            "superseded_by",
            "diagram",
        ]
        read_only_fields = ["id", "position"]

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        require_lists(data, ("options",))
        return super().to_internal_value(data)

    def create(self, validated_data: dict) -> DecisionRecord:
        options = [dict(row) for row in validated_data.pop("options", [])]
        return call_service(
            services.decision_record_create,
            portfolio=self.context["portfolio"],
            fields=validated_data,
            options=options,
        )

    def update(self, instance: DecisionRecord, validated_data: dict) -> DecisionRecord:
        options = validated_data.pop("options", None)
        return call_service(
            services.decision_record_update,
            record=instance,
            fields=validated_data,
            options=None if options is None else [dict(row) for row in options],
        )


class DashboardMetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = DashboardMetric
        fields = ["id", "position", "group", "name", "value", "trend", "target"]
        read_only_fields = ["id", "position"]

    def create(self, validated_data: dict) -> DashboardMetric:
        return call_service(
            services.dashboard_metric_create,
            portfolio=self.context["portfolio"],
            fields=validated_data,
        )

    def update(self, instance: DashboardMetric, validated_data: dict) -> DashboardMetric:
        return call_service(
            services.dashboard_metric_update, metric=instance, fields=validated_data
        )


class ReorderSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(), help_text="Every id of the list, in the new order."
    )


class ChecklistItemSerializer(serializers.Serializer):
    section = serializers.CharField(read_only=True)
    item = serializers.ChoiceField(choices=ITEM_KEYS, read_only=True)
    text = serializers.CharField(read_only=True)
    checked = serializers.BooleanField()
    notes = serializers.CharField(allow_blank=True, max_length=2000, required=False)


class CriterionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    met = serializers.BooleanField()
    hint = serializers.CharField()


class CompletenessSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=0, max_value=100)
    criteria = CriterionSerializer(many=True)


class ShareLinkSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ShareLink
        fields = ["id", "token", "url", "created_at", "revoked_at", "is_active"]
        read_only_fields = fields

    def get_url(self, link: ShareLink) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("portfolio:shared", args=[link.token])
        )


class ImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    changes = serializers.DictField(
        help_text="Per part: current and imported counts, titles added, removed and replaced; "
        "summary: the fields that change; stories: created and reused."
    )
