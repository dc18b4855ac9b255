"""django-axes' login records in the admin, with its one action declaring its permission.

axes registers AccessAttempt with a "Clean up expired attempts" action that declares no
permission, so anyone who may view the list could run it; here it needs delete permission,
like every action in this admin (tests/editing/test_admin_permissions.py checks them all).
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin


class LockoutAdmin(AccessAttemptAdmin):
    actions = ["cleanup_expired_attempts"]

    @admin.action(description="Clean up expired attempts", permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        return super().cleanup_expired_attempts(request, queryset)


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LockoutAdmin)
