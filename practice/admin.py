from django.contrib import admin

from practice.models import LibraryItem, MockLoop, PracticeSession
from practice.selectors import PRACTICE_DUE_SCOPE
from prepsite.admin import DropsOwnersCacheAdmin


@admin.register(LibraryItem)
class LibraryItemAdmin(DropsOwnersCacheAdmin):
    # A private item's title and area show in its owner's cached list of reviews due. A shared
    # item's edit reaches each list when that list is next computed (within a day).
    cache_scope = PRACTICE_DUE_SCOPE
    list_display = ["title", "area", "kind", "level", "week", "difficulty", "owner"]
    list_filter = ["area", "kind", "level", "difficulty"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["owner"]


@admin.register(PracticeSession)
class PracticeSessionAdmin(admin.ModelAdmin):
    list_display = ["item", "owner", "level", "started_at", "score"]
    raw_id_fields = ["owner", "item"]


@admin.register(MockLoop)
class MockLoopAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "held_on"]
    raw_id_fields = ["owner"]
