from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from interviews import services
from interviews.models import (
    Application,
    ApplicationStatus,
    Debrief,
    Loop,
    Round,
    StatusChange,
    StoryAssignment,
)
from prepsite import limits
from stories.models import LeadershipPrinciple, Story


def as_drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


@extend_schema_field(OpenApiTypes.INT)
class OwnedStoryField(serializers.PrimaryKeyRelatedField):
    """A story id that must name one of the requesting user's live stories."""

    default_error_messages = {"does_not_exist": "Choose one of your own stories."}

    def get_queryset(self):
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return Story.objects.none()
        return Story.objects.filter(owner=request.user)


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusChange
        fields = ["from_status", "to_status", "changed_on"]


class ApplicationSerializer(serializers.ModelSerializer):
    history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "company",
            "role",
            "level",
            "link",
            "source",
            "status",
            "status_changed_on",
            "notes",
            "history",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status_changed_on", "created_at", "updated_at"]

    def create(self, validated_data: dict[str, Any]) -> Application:
        try:
            return services.application_create(
                owner=self.context["request"].user, data=validated_data
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def update(self, instance: Application, validated_data: dict[str, Any]) -> Application:
        try:
            return services.application_update(application=instance, data=validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error


class MoveSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    changed_on = serializers.DateField(required=False)

    def validate_changed_on(self, value):
        if not limits.DATE_MIN <= value <= limits.DATE_MAX:
            raise serializers.ValidationError("Choose a date between 1970 and 2100.")
        return value


class LoopSerializer(serializers.ModelSerializer):
    application = serializers.PrimaryKeyRelatedField(queryset=Application.objects.none())

    class Meta:
        model = Loop
        fields = ["id", "application", "kind", "starts_on", "ends_on", "questions_to_ask", "notes"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            fields["application"].queryset = Application.objects.filter(owner=request.user)
        if self.instance is not None:
            fields["application"].read_only = True
        return fields

    def create(self, validated_data: dict[str, Any]) -> Loop:
        application = validated_data.pop("application")
        try:
            return services.loop_create(application=application, data=validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def update(self, instance: Loop, validated_data: dict[str, Any]) -> Loop:
        validated_data.pop("application", None)
        try:
            return services.loop_update(loop=instance, data=validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error


class AssignmentSerializer(serializers.ModelSerializer):
    principle = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    story_title = serializers.CharField(source="story.title", read_only=True)

    class Meta:
        model = StoryAssignment
        fields = ["id", "round", "principle", "story", "story_title", "backup", "pinned", "score"]


class RoundSerializer(serializers.ModelSerializer):
    loop = serializers.PrimaryKeyRelatedField(queryset=Loop.objects.none())
    principles = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=LeadershipPrinciple.objects.all(),
        many=True,
        required=False,
    )
    assignments = AssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "loop",
            "starts_at",
            "length_minutes",
            "kind",
            "interviewer_name",
            "interviewer_role",
            "principles",
            "questions_to_ask",
            "assignments",
        ]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            fields["loop"].queryset = Loop.objects.filter(application__owner=request.user)
        if self.instance is not None:
            fields["loop"].read_only = True
        return fields

    def validate_principles(self, value: list) -> list:
        if len(value) > limits.PRINCIPLES_PER_ROUND_MAX:
            raise serializers.ValidationError(
                f"Choose at most {limits.PRINCIPLES_PER_ROUND_MAX} principles."
            )
        return value

    def create(self, validated_data: dict[str, Any]) -> Round:
        loop = validated_data.pop("loop")
        principles = validated_data.pop("principles", [])
        try:
            return services.round_create(loop=loop, data=validated_data, principles=principles)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def update(self, instance: Round, validated_data: dict[str, Any]) -> Round:
        validated_data.pop("loop", None)
        principles = validated_data.pop("principles", None)
        try:
            return services.round_update(
                round_=instance, data=validated_data, principles=principles
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error


class PinSerializer(serializers.Serializer):
    principle = serializers.SlugRelatedField(
        slug_field="slug", queryset=LeadershipPrinciple.objects.all()
    )
    story = OwnedStoryField()
    backup = serializers.BooleanField(default=False)


class DebriefSerializer(serializers.ModelSerializer):
    stories = OwnedStoryField(many=True, required=False)

    class Meta:
        model = Debrief
        fields = ["asked", "self_score", "notes", "stories", "recorded_at"]
        read_only_fields = ["recorded_at"]

    def to_representation(self, instance: Debrief) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["stories"] = [told.story_id for told in instance.told.all()]
        return data


class PlanGapSerializer(serializers.Serializer):
    round_id = serializers.IntegerField()
    principle = serializers.CharField()
    backup = serializers.BooleanField()
    message = serializers.CharField()


class PlanResultSerializer(serializers.Serializer):
    assignments = AssignmentSerializer(many=True)
    gaps = PlanGapSerializer(many=True)
