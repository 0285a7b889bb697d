from django.contrib import admin

from interviews.models import Application, Debrief, Loop, Round, StatusChange, StoryAssignment
from interviews.selectors import INTERVIEWS_CACHE_SCOPE
from prepsite.user_cache import user_cache_invalidate


class DropsOwnersCacheAdmin(admin.ModelAdmin):
    """An edit here bypasses the interviews services: drop its owners' cached loop pages too."""

    owner_path = "application__owner"

    def _owner_ids(self, queryset) -> set[int]:
        return set(queryset.values_list(self.owner_path, flat=True))

    def save_model(self, request, obj, form, change):
        # The owners before the edit: an edit may move the row to another account.
        for owner_id in self._owner_ids(self.model.objects.filter(pk=obj.pk)):
            user_cache_invalidate(owner_id, INTERVIEWS_CACHE_SCOPE)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for owner_id in self._owner_ids(self.model.objects.filter(pk=form.instance.pk)):
            user_cache_invalidate(owner_id, INTERVIEWS_CACHE_SCOPE)

    def delete_model(self, request, obj):
        owner_ids = self._owner_ids(self.model.objects.filter(pk=obj.pk))
        super().delete_model(request, obj)
        for owner_id in owner_ids:
            user_cache_invalidate(owner_id, INTERVIEWS_CACHE_SCOPE)

    def delete_queryset(self, request, queryset):
        owner_ids = self._owner_ids(queryset)
        super().delete_queryset(request, queryset)
        for owner_id in owner_ids:
            user_cache_invalidate(owner_id, INTERVIEWS_CACHE_SCOPE)


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0


@admin.register(Application)
class ApplicationAdmin(DropsOwnersCacheAdmin):
    owner_path = "owner"
    list_display = ["company", "role", "level", "status", "status_changed_on", "owner"]
    list_filter = ["status", "level"]
    search_fields = ["company", "role", "owner__email"]
    inlines = [StatusChangeInline]
    raw_id_fields = ["owner"]
    filter_horizontal = ["portfolio_case_studies", "portfolio_decision_records"]
    exclude = ["portfolio_stories"]


@admin.register(Loop)
class LoopAdmin(DropsOwnersCacheAdmin):
    list_display = ["application", "kind", "starts_on", "ends_on"]
    raw_id_fields = ["application"]


@admin.register(Round)
class RoundAdmin(DropsOwnersCacheAdmin):
    owner_path = "loop__application__owner"
    list_display = ["loop", "kind", "starts_at", "length_minutes", "interviewer_name"]
    raw_id_fields = ["loop"]


@admin.register(StoryAssignment)
class StoryAssignmentAdmin(DropsOwnersCacheAdmin):
    owner_path = "loop__application__owner"
    list_display = ["round", "principle", "story", "backup", "pinned", "score"]
    raw_id_fields = ["loop", "round", "story"]


@admin.register(Debrief)
class DebriefAdmin(DropsOwnersCacheAdmin):
    owner_path = "round__loop__application__owner"
    list_display = ["round", "self_score", "recorded_at"]
    raw_id_fields = ["round"]
