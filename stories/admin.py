from django.contrib import admin

from prepsite.admin import DropsOwnersCacheAdmin
from stories.models import (
    LeadershipPrinciple,
    PracticeQuestion,
    Rehearsal,
    Story,
    StoryMetric,
    StoryRevision,
    StoryUsage,
)
from stories.services import STORY_CACHE_SCOPE


@admin.register(LeadershipPrinciple)
class LeadershipPrincipleAdmin(admin.ModelAdmin):
    list_display = ["display_order", "name", "slug", "description"]
    list_display_links = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PracticeQuestion)
class PracticeQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "principle", "position"]
    list_filter = ["principle"]


class StoryMetricInline(admin.TabularInline):
    model = StoryMetric
    extra = 0


@admin.register(Story)
class StoryAdmin(DropsOwnersCacheAdmin):
    """Support view of stories, including deleted ones; users edit them in the app."""

    cache_scope = STORY_CACHE_SCOPE
    list_display = ["title", "owner", "status", "primary_principle", "version", "deleted_at"]
    list_filter = ["status", "framework", "target_level"]
    search_fields = ["title", "owner__email"]
    raw_id_fields = ["owner"]
    filter_horizontal = ["secondary_principles", "practice_questions"]
    readonly_fields = ["version", "documented_at", "rehearsal_card", "next_rehearsal_at"]
    inlines = [StoryMetricInline]

    def get_queryset(self, request):
        return Story.all_objects.select_related("owner", "primary_principle")


@admin.register(StoryRevision)
class StoryRevisionAdmin(admin.ModelAdmin):
    list_display = ["story", "number", "source", "created_at"]
    raw_id_fields = ["story"]


admin.site.register(Rehearsal)
admin.site.register(StoryUsage)
