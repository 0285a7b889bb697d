from django.contrib import admin

from practice.models import LibraryItem, MockLoop, PracticeSession


@admin.register(LibraryItem)
class LibraryItemAdmin(admin.ModelAdmin):
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
