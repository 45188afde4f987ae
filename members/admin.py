from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedDjangoJqueryTranslationAdmin

from cop_portal.rendered import render_into
from cop_portal.uploads import clean_image
from members import permissions, services
from members.models import Member, Organisation


class MemberAdminForm(UserChangeForm):
    def clean_avatar(self):
        """The admin's avatar passes the same validator as the profile form."""
        avatar = self.cleaned_data.get("avatar")
        if avatar and avatar != self.initial.get("avatar"):
            return clean_image(avatar)
        return avatar


@admin.register(Member)
class MemberAdmin(UserAdmin):
    form = MemberAdminForm
    # Only a superuser hands out powers; other staff may edit profiles, not accounts.
    superuser_fields = ["is_superuser", "is_staff", "groups", "user_permissions"]
    ordering = ["display_name"]
    list_display = [
        "display_name",
        "email",
        "role",
        "organisation",
        "country",
        "approval",
        "is_active",
        "last_login",
    ]
    list_filter = ["approval", "role", "country", "is_active", "groups", "is_staff", "last_login"]
    list_select_related = ["organisation"]
    search_fields = ["display_name", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    actions = ["approve_members", "decline_members"]
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
                    "languages",
                    "bio",
                    "avatar",
                )
            },
        ),
        (
            _("Settings"),
            {
                "fields": (
                    "preferred_language",
                    "email_notifications",
                    "email_digest",
                    "profile_visibility",
                )
            },
        ),
        (
            _("Permissions"),
            {
                "fields": (
                    "approval",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "display_name", "password1", "password2")},
        ),
    )

    def has_approve_permission(self, request) -> bool:
        return permissions.is_steering(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += self.superuser_fields
        return readonly

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        render_into(obj, "bio", obj.bio)
        super().save_model(request, obj, form, change)

    def _report_skipped(self, request, selected: int, decided: int) -> None:
        skipped = selected - decided
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected member was skipped: only pending applications "
                    "can be approved or declined.",
                    "%(count)d selected members were skipped: only pending applications "
                    "can be approved or declined.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Approve the selected members"), permissions=["approve"])
    def approve_members(self, request, queryset):
        selected = list(queryset)
        approved = services.members_approve(members=selected)
        self.message_user(
            request,
            ngettext(
                "%(count)d member approved and told by email.",
                "%(count)d members approved and told by email.",
                len(approved),
            )
            % {"count": len(approved)},
            messages.SUCCESS,
        )
        self._report_skipped(request, len(selected), len(approved))

    @admin.action(description=_("Decline the selected members"), permissions=["approve"])
    def decline_members(self, request, queryset):
        selected = list(queryset)
        declined = services.members_decline(members=selected)
        self.message_user(
            request,
            ngettext(
                "%(count)d member declined and told by email.",
                "%(count)d members declined and told by email.",
                len(declined),
            )
            % {"count": len(declined)},
            messages.SUCCESS,
        )
        self._report_skipped(request, len(selected), len(declined))


@admin.register(Organisation)
class OrganisationAdmin(TabbedDjangoJqueryTranslationAdmin):
    list_display = ["name", "kind", "based_in", "website", "confirmed"]
    list_filter = ["confirmed", "kind", "based_in"]
    search_fields = ["name_en", "name_fr"]
    prepopulated_fields = {"slug": ["name_en"]}
    actions = ["confirm_organisations", "merge_organisations"]
    # A website typed without a scheme is taken as https (Django 6's default, today).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_exclude(self, request, obj=None):
        # One the admin adds is confirmed: the box only matters for names members typed.
        return ["confirmed"] if obj is None else super().get_exclude(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.confirmed = True
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Confirm the selected organisations"), permissions=["change"])
    def confirm_organisations(self, request, queryset):
        confirmed = services.organisations_confirm(organisations=list(queryset))
        self.message_user(
            request,
            ngettext(
                "%(count)d organisation confirmed: it is listed in the directory.",
                "%(count)d organisations confirmed: they are listed in the directory.",
                len(confirmed),
            )
            % {"count": len(confirmed)},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Merge the two selected organisations"), permissions=["change", "delete"]
    )
    def merge_organisations(self, request, queryset):
        """Asks which of the two is kept, then folds the other into it."""
        pair = list(queryset.order_by("pk"))
        if len(pair) != 2:
            self.message_user(
                request, _("Select exactly two organisations to merge."), messages.ERROR
            )
            return None
        keep_pk = request.POST.get("keep")
        if request.POST.get("post") == "yes" and keep_pk in {str(o.pk) for o in pair}:
            keep, other = pair if str(pair[0].pk) == keep_pk else pair[::-1]
            other_name, other_pk = str(other), other.pk
            try:
                services.organisation_merge(keep=keep, other=other)
            except Organisation.DoesNotExist:  # merged away by a request at the same time
                self.message_user(
                    request, _("Select exactly two organisations to merge."), messages.ERROR
                )
                return None
            self.log_change(request, keep, _("Merged “%(name)s” into it.") % {"name": other_name})
            self.message_user(
                request,
                _("“%(other)s” (#%(pk)s) is merged into “%(keep)s”: its members now belong to it.")
                % {"other": other_name, "pk": other_pk, "keep": keep},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/members/organisation/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Merge two organisations"),
                "opts": self.model._meta,
                "pair": [(o, o.members.count()) for o in pair],
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


# The tag vocabulary (issue 15.14); imported here so this block stays self-contained.
from members.models import TagLabel  # noqa: E402


@admin.register(TagLabel)
class TagLabelAdmin(admin.ModelAdmin):
    list_display = ["slug", "label_en", "label_fr"]
    list_editable = ["label_en", "label_fr"]
    search_fields = ["slug", "label_en", "label_fr"]
