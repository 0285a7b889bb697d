from django.contrib import admin

from interviews.models import Application, Debrief, Loop, Round, StatusChange, StoryAssignment


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["company", "role", "level", "status", "status_changed_on", "owner"]
    list_filter = ["status", "level"]
    search_fields = ["company", "role", "owner__email"]
    inlines = [StatusChangeInline]
    raw_id_fields = ["owner"]
    filter_horizontal = ["portfolio_case_studies", "portfolio_decision_records"]
    exclude = ["portfolio_stories"]


@admin.register(Loop)
class LoopAdmin(admin.ModelAdmin):
    list_display = ["application", "kind", "starts_on", "ends_on"]
    raw_id_fields = ["application"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["loop", "kind", "starts_at", "length_minutes", "interviewer_name"]
    raw_id_fields = ["loop"]


@admin.register(StoryAssignment)
class StoryAssignmentAdmin(admin.ModelAdmin):
    list_display = ["round", "principle", "story", "backup", "pinned", "score"]
    raw_id_fields = ["loop", "round", "story"]


@admin.register(Debrief)
class DebriefAdmin(admin.ModelAdmin):
    list_display = ["round", "self_score", "recorded_at"]
    raw_id_fields = ["round"]
