from rest_framework import permissions, viewsets

from stories import selectors
from stories.api.serializers import LeadershipPrincipleSerializer


class LeadershipPrincipleViewSet(viewsets.ReadOnlyModelViewSet):
    """The 16 Leadership Principles; public reference data, read-only."""

    serializer_class = LeadershipPrincipleSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None
    lookup_field = "slug"
    filterset_fields = ["slug"]

    def get_queryset(self):
        return selectors.leadership_principle_list()
