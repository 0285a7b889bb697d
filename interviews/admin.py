from django.contrib import admin

from interviews.models import Application, Debrief, Loop, Round, StatusChange, StoryAssignment
from interviews.selectors import INTERVIEWS_CACHE_SCOPE
from prepsite.admin import DropsOwnersCacheAdmin


class InterviewsAdmin(DropsOwnersCacheAdmin):
    cache_scope = INTERVIEWS_CACHE_SCOPE
    owner_path = "application__owner"


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0


@admin.register(Application)
class ApplicationAdmin(InterviewsAdmin):
    owner_path = "owner"
    list_display = ["company", "role", "level", "status", "status_changed_on", "owner"]
    list_filter = ["status", "level"]
    search_fields = ["company", "role", "owner__email"]
    inlines = [StatusChangeInline]
    raw_id_fields = ["owner"]
    filter_horizontal = ["portfolio_case_studies", "portfolio_decision_records"]
    exclude = ["portfolio_stories"]


@admin.register(Loop)
class LoopAdmin(InterviewsAdmin):
    list_display = ["application", "kind", "starts_on", "ends_on"]
    raw_id_fields = ["application"]


@admin.register(Round)
class RoundAdmin(InterviewsAdmin):
    owner_path = "loop__application__owner"
    list_display = ["loop", "kind", "starts_at", "length_minutes", "interviewer_name"]
    raw_id_fields = ["loop"]


@admin.register(StoryAssignment)
class StoryAssignmentAdmin(InterviewsAdmin):
    owner_path = "loop__application__owner"
    list_display = ["round", "principle", "story", "backup", "pinned", "score"]
    raw_id_fields = ["loop", "round", "story"]


@admin.register(Debrief)
class DebriefAdmin(InterviewsAdmin):
    owner_path = "round__loop__application__owner"
    list_display = ["round", "self_score", "recorded_at"]
    raw_id_fields = ["round"]
