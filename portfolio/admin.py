from django.contrib import admin

from portfolio.models import (
    CaseStudy,
    CaseStudyMetric,
    DecisionOption,
    DecisionRecord,
    Portfolio,
    ShareLink,
)


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["owner", "current_role", "level", "updated_at"]
    search_fields = ["owner__email", "current_role"]
    raw_id_fields = ["owner"]


class CaseStudyMetricInline(admin.TabularInline):
    model = CaseStudyMetric
    extra = 0


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "portfolio", "position"]
    list_filter = ["kind"]
    search_fields = ["title", "portfolio__owner__email"]
    raw_id_fields = ["portfolio", "stories"]
    inlines = [CaseStudyMetricInline]


class DecisionOptionInline(admin.TabularInline):
    model = DecisionOption
    extra = 0


@admin.register(DecisionRecord)
class DecisionRecordAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "decided_on", "portfolio"]
    list_filter = ["status"]
    raw_id_fields = ["portfolio", "superseded_by"]
    inlines = [DecisionOptionInline]


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["portfolio", "created_at", "revoked_at"]
    raw_id_fields = ["portfolio"]
