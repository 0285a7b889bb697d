from rest_framework import serializers

from stories.models import LeadershipPrinciple


class LeadershipPrincipleSerializer(serializers.ModelSerializer):
    class Meta:
        model = LeadershipPrinciple
        fields = ["id", "slug", "name", "description", "display_order"]
