"""Admin pieces shared by the apps."""

from django.contrib import admin

from prepsite.user_cache import user_cache_invalidate


class DropsOwnersCacheAdmin(admin.ModelAdmin):
    """An edit in the admin bypasses the app's services, so it drops the owners' cached values
    of `cache_scope` as those services do: the owners before the edit (it may move a row to
    another account) and after it. The cache is dropped when the admin's transaction commits."""

    cache_scope: str
    owner_path = "owner"

    def _drop_owners_cache(self, rows) -> None:
        for owner_id in set(rows.values_list(self.owner_path, flat=True)) - {None}:
            user_cache_invalidate(owner_id, self.cache_scope)

    def _row(self, pk):
        # The base manager also sees the rows a default manager hides (deleted stories).
        return self.model._base_manager.filter(pk=pk)

    def save_model(self, request, obj, form, change):
        self._drop_owners_cache(self._row(obj.pk))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._drop_owners_cache(self._row(form.instance.pk))

    def delete_model(self, request, obj):
        self._drop_owners_cache(self._row(obj.pk))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._drop_owners_cache(queryset)
        super().delete_queryset(request, queryset)
