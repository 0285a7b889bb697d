from django.contrib import admin

from stories.models import LeadershipPrinciple


@admin.register(LeadershipPrinciple)
class LeadershipPrincipleAdmin(admin.ModelAdmin):
    list_display = ["display_order", "name", "slug", "description"]
    list_display_links = ["name"]
    prepopulated_fields = {"slug": ["name"]}
