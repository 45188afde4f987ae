from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from members.models import Member


@admin.register(Member)
class MemberAdmin(UserAdmin):
    ordering = ["display_name"]
    list_display = ["display_name", "email", "role", "country", "is_active", "last_login"]
    list_filter = ["role", "country", "is_active", "is_staff", "groups", "last_login"]
    search_fields = ["display_name", "email", "organisation__name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    "role",
                    "organisation",
                    "country",
                    "preferred_language",
                )
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "display_name", "password1", "password2")},
        ),
    )
