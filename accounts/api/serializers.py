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
