from rest_framework import serializers

from practice.models import Area, LibraryItem, MockLoop, PracticeSession
from prepsite.limits import (
    LONG_TEXT_MAX,
    NAME_MAX,
    PRACTICE_LOOP_ROUNDS_MAX,
    PRACTICE_SESSION_SECONDS_MAX,
    PRACTICE_WEEK_MAX,
    TEXT_MAX,
)

ROUND_TYPES = ["coding", "system_design", "behavioural", "bar_raiser"]


class LibraryItemSerializer(serializers.ModelSerializer):
    # Library items have a slug and maybe a principle; the user's own items have neither.
    slug = serializers.CharField(read_only=True)
    principle = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    is_own = serializers.SerializerMethodField()
    done = serializers.BooleanField(read_only=True, default=False)
    due = serializers.BooleanField(read_only=True, default=False)
    week = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=PRACTICE_WEEK_MAX
    )

    class Meta:
        model = LibraryItem
        fields = [
            "id", "slug", "area", "kind", "title", "prompt", "details", "level", "topic", "week",
            "difficulty", "pattern", "link", "source", "principle", "is_own", "done", "due",
            "target_minutes",
        ]  # fmt: skip
        read_only_fields = ["slug", "kind", "details", "source", "principle", "target_minutes"]

    def get_is_own(self, item: LibraryItem) -> bool:
        return item.owner_id is not None


class SessionStartSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1)
    level = serializers.ChoiceField(choices=["L6", "L7"], required=False)


class SessionSerializer(serializers.ModelSerializer):
    item_title = serializers.CharField(source="item.title", read_only=True)

    class Meta:
        model = PracticeSession
        fields = [
            "id", "item", "item_title", "area", "level", "started_at", "target_minutes",
            "finished_at", "duration_seconds", "notes", "diagram", "rubric_scores", "score",
        ]  # fmt: skip
        read_only_fields = fields


class SessionDraftSerializer(serializers.Serializer):
    notes = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX)
    diagram = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX)


class SessionFinishSerializer(SessionDraftSerializer):
    duration_seconds = serializers.IntegerField(
        min_value=0,
        max_value=PRACTICE_SESSION_SECONDS_MAX,
        help_text=(
            "At most the time since the session started, plus a minute for the request; "
            "a longer time is a field error naming the maximum."
        ),
        error_messages={
            "min_value": "The time spent cannot be negative.",
            "max_value": "More than six hours is not one practice session.",
        },
    )
    rubric_scores = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=4), required=False, default=dict
    )


class RoundInputSerializer(serializers.Serializer):
    interview_type = serializers.ChoiceField(choices=ROUND_TYPES)
    principles = serializers.ListField(
        child=serializers.SlugField(max_length=80), required=False, default=list, max_length=16
    )


class MockRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    interview_type = serializers.CharField(source="mock.interview_type")
    score = serializers.IntegerField(source="mock.score", allow_null=True)
    feedback = serializers.CharField(source="mock.feedback")
    principles = serializers.SerializerMethodField()

    def get_principles(self, loop_round) -> list[str]:
        return [principle.slug for principle in loop_round.mock.principles.all()]


class MockLoopSerializer(serializers.ModelSerializer):
    rounds = MockRoundSerializer(many=True, read_only=True)

    class Meta:
        model = MockLoop
        fields = ["id", "title", "held_on", "created_at", "rounds"]
        read_only_fields = ["created_at"]


class MockLoopCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=NAME_MAX)
    held_on = serializers.DateField()
    # A ListField, not many=True: the schema then carries minItems/maxItems too.
    rounds = serializers.ListField(
        child=RoundInputSerializer(), min_length=1, max_length=PRACTICE_LOOP_ROUNDS_MAX
    )


class RoundScoreSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    feedback = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX)


class AreaScoreSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=Area.choices)
    sessions = serializers.IntegerField()
    average = serializers.IntegerField(allow_null=True)
