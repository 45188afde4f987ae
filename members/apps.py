from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_role_groups(sender, **kwargs):
    """The "Moderators" and "Steering committee" groups exist on every database. In the
    admin the committee sees members (and approves them: MemberAdmin's action) and edits
    organisations; it may not change accounts, so it can grant itself nothing."""
    from django.contrib.auth.models import Group, Permission

    from members.permissions import MODERATORS, STEERING_COMMITTEE

    Group.objects.get_or_create(name=MODERATORS)
    steering, _created = Group.objects.get_or_create(name=STEERING_COMMITTEE)
    steering.permissions.set(
        Permission.objects.filter(
            content_type__app_label="members",
            codename__in=[
                "view_member",
                "view_organisation",
                "add_organisation",
                "change_organisation",
            ],
        )
    )


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        post_migrate.connect(ensure_role_groups, sender=self)
        self._invalidate_directory_counts()
        from members import registry

        # members.services.member_export / member_erase handle these directly.
        email, log = "account.EmailAddress.user", "admin.LogEntry.user"
        registry.cover(email, purpose=registry.Purpose.EXPORT, note="'email_addresses'")
        registry.cover(email, purpose=registry.Purpose.ERASURE, note="deleted")
        registry.exclude(
            log, purpose=registry.Purpose.EXPORT,
            reason="what a staff member changed in admin: the site's audit trail",
        )  # fmt: skip
        registry.cover(
            log, purpose=registry.Purpose.ERASURE,
            note="kept as the audit trail; entries about the member are blanked",
        )  # fmt: skip

    def _invalidate_directory_counts(self):
        """The directory caches its counts per data version: any write to what it counts
        (members, their addresses, organisations, interests and tag names) bumps it."""
        from allauth.account.models import EmailAddress
        from django.db.models.signals import post_delete, post_save
        from taggit.models import Tag, TaggedItem

        from members.models import Member, Organisation
        from members.selectors import bump_directory_version

        for model in (Member, Organisation, EmailAddress, TaggedItem, Tag):
            for signal in (post_save, post_delete):
                signal.connect(bump_directory_version, sender=model, weak=False)
