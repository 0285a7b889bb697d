from rest_framework import serializers

from accounts.models import User


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "display_name",
            "timezone",
            "reminder_weekday",
            "reminder_time",
            "date_joined",
        ]
        read_only_fields = ["id", "email", "date_joined"]


class AccountImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    counts = serializers.DictField(child=serializers.IntegerField())


class AccountDeleteSerializer(serializers.Serializer):
    confirm = serializers.CharField(
        max_length=254, help_text="Your account's e-mail address, typed out to confirm."
    )

    def validate_confirm(self, value: str) -> str:
        if value.strip().lower() != self.context["user"].email.lower():
            raise serializers.ValidationError("Type your account's e-mail address to confirm.")
        return value
