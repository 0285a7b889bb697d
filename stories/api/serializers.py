from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from prepsite.api import StrictSlugRelatedField, require_lists
from stories import frameworks, selectors, services
from stories.models import (
    TAG_MAX_CHARS,
    TAGS_MAX,
    LeadershipPrinciple,
    PracticeQuestion,
    Rehearsal,
    Story,
    StoryMetric,
    StoryRevision,
    StoryUsage,
)


class LeadershipPrincipleSerializer(serializers.ModelSerializer):
    class Meta:
        model = LeadershipPrinciple
        fields = ["id", "slug", "name", "description", "display_order"]


def _as_drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


class StoryMetricSerializer(serializers.ModelSerializer):
    change_percent = serializers.DecimalField(
        max_digits=12, decimal_places=0, read_only=True, allow_null=True
    )

    class Meta:
        model = StoryMetric
        fields = [
            "id",
            "label",
            "before_value",
            "before_unit",
            "after_value",
            "unit",
            "period",
            "change_percent",
        ]
        extra_kwargs = {
            "before_value": {"normalize_output": True},
            "after_value": {"normalize_output": True},
        }


class StorySerializer(serializers.ModelSerializer):
    """A whole story with nested metrics and principles by slug; round-trips its own .data.

    On update, `version` is the version the client read: an older one is a stale save (409).
    """

    primary_principle = StrictSlugRelatedField(
        slug_field="slug",
        queryset=LeadershipPrinciple.objects.all(),
        allow_null=True,
        required=False,
    )
    secondary_principles = serializers.SlugRelatedField(
        slug_field="slug", queryset=LeadershipPrinciple.objects.all(), many=True, required=False
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=TAG_MAX_CHARS),
        max_length=TAGS_MAX,
        required=False,
    )
    metrics = StoryMetricSerializer(many=True, required=False)
    version = serializers.IntegerField(required=False, min_value=1)
    word_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Story
        fields = [
            "id",
            "title",
            "framework",
            *frameworks.ALL_SECTION_NAMES,
            "role",
            "team_size",
            "duration",
            "technologies",
            "company",
            "period",
            "target_level",
            "category",
            "primary_principle",
            "secondary_principles",
            "tags",
            "status",
            "confidence",
            "metrics",
            "version",
            "word_count",
            "created_at",
            "updated_at",
            "documented_at",
            "next_rehearsal_at",
        ]
        read_only_fields = ["created_at", "updated_at", "documented_at", "next_rehearsal_at"]

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        require_lists(data, ("secondary_principles", "tags", "metrics"))
        return super().to_internal_value(data)

    def _owner(self):
        if "owner" in self.context:
            return self.context["owner"]
        return self.context["request"].user

    def create(self, validated_data: dict[str, Any]) -> Story:
        validated_data.pop("version", None)
        try:
            return services.story_create(owner=self._owner(), data=validated_data)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from error

    def update(self, instance: Story, validated_data: dict[str, Any]) -> Story:
        expected = validated_data.pop("version", None)
        try:
            return services.story_update(
                story=instance,
                data=validated_data,
                expected_version=expected,
                source=StoryRevision.Source.API,
            )
        except DjangoValidationError as error:
            raise _as_drf_error(error) from error


class StoryListSerializer(StorySerializer):
    """StorySerializer's output for a list page, reading the relations that
    selectors.api_page_relations set on each story; list answers only, never writes."""

    secondary_principles = serializers.ListField(
        source="listed_secondary_slugs", child=serializers.CharField(), read_only=True
    )
    metrics = StoryMetricSerializer(source="listed_metrics", many=True, read_only=True)


class StaleStorySerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField()
    current = StorySerializer()


class RevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = StoryRevision
        fields = ["number", "created_at", "source", "restored_from", "snapshot"]


class RevisionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = StoryRevision
        fields = ["number", "created_at", "source", "restored_from"]


class QualityCheckSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    status = serializers.ChoiceField(choices=["pass", "warn"])
    detail = serializers.CharField()
    tip = serializers.CharField()


class QualityReportSerializer(serializers.Serializer):
    checks = QualityCheckSerializer(many=True)
    passed_count = serializers.IntegerField()
    all_passed = serializers.BooleanField()
    word_count = serializers.IntegerField()
    spoken_word_count = serializers.IntegerField()
    speaking_seconds = serializers.IntegerField()
    section_words = serializers.DictField(child=serializers.IntegerField())
    usage_warnings = serializers.ListField(child=serializers.CharField())
    times_told = serializers.IntegerField()
    last_told = serializers.DateField(allow_null=True)


# Stories per page of the coverage endpoint: counts cover the whole bank, `stories` one page.
COVERAGE_PAGE_SIZE = 100
COVERAGE_PAGE_SIZE_MAX = 200


class CoverageStorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    mark = serializers.ChoiceField(choices=["primary", "secondary"])


class CoverageRowSerializer(serializers.Serializer):
    slug = serializers.CharField(source="principle.slug")
    name = serializers.CharField(source="principle.name")
    story_count = serializers.IntegerField()
    is_gap = serializers.BooleanField()
    stories = serializers.SerializerMethodField()

    @extend_schema_field(CoverageStorySerializer(many=True))
    def get_stories(self, row: selectors.PrincipleCoverage) -> list[dict[str, Any]]:
        return [{"id": s.pk, "title": s.title, "mark": mark} for s, mark in row.marked]


class CoverageQuerySerializer(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, default=1)
    page_size = serializers.IntegerField(
        min_value=1, max_value=COVERAGE_PAGE_SIZE_MAX, default=COVERAGE_PAGE_SIZE
    )


class CoverageMatrixSerializer(serializers.Serializer):
    story_count = serializers.IntegerField()
    goal_min = serializers.IntegerField()
    goal_max = serializers.IntegerField()
    progress_percent = serializers.IntegerField()
    gaps = serializers.SerializerMethodField()
    page = serializers.IntegerField(source="page_number")
    page_count = serializers.IntegerField()
    principles = CoverageRowSerializer(source="rows", many=True)

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_gaps(self, matrix: selectors.CoverageMatrix) -> list[str]:
        return [principle.slug for principle in matrix.gaps]


class PracticeQuestionSerializer(serializers.ModelSerializer):
    principle = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    stories = serializers.SerializerMethodField()

    class Meta:
        model = PracticeQuestion
        fields = ["id", "principle", "text", "stories"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_stories(self, question: PracticeQuestion) -> list[int]:
        return [story.pk for story in question.user_stories]


class QuestionLinkSerializer(serializers.Serializer):
    story = serializers.IntegerField()


class RehearsalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rehearsal
        fields = ["id", "rehearsed_at", "duration_seconds", "self_rating", "next_due_at"]
        read_only_fields = ["next_due_at"]
        extra_kwargs = {"rehearsed_at": {"required": False}}


class StoryUsageSerializer(serializers.ModelSerializer):
    class Meta:
        model = StoryUsage
        fields = ["id", "mock_interview", "interview", "told_on", "notes"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["mock_interview"].queryset = selectors.mock_interview_list_for_user(
                user=request.user
            )
