from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_promotion(sender, **kwargs):
    """The Steering committee sees events' documents in admin, to promote slides to the
    evidence library (members' post_migrate creates the group first: INSTALLED_APPS order)."""
    from django.contrib.auth.models import Group, Permission

    from members.permissions import STEERING_COMMITTEE

    steering, _created = Group.objects.get_or_create(name=STEERING_COMMITTEE)
    steering.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events", codename__in=["view_event", "view_document"]
        )
    )


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        post_migrate.connect(grant_promotion, sender=self)
        from events.services import export_member_data, member_event_data_erase
        from members import registry

        registry.register_exporter(
            "events",
            export_member_data,
            relations=[
                "events.Participation.member", "events.Ballot.member",
                "events.Evaluation.member", "events.ActionItem.owner", "events.Event.organisers",
                "events.NoteVersion.editor",
            ],
        )  # fmt: skip
        registry.register_eraser(
            member_event_data_erase,
            relations={
                "events.Participation.member": "deleted",
                "events.Ballot.member": "deleted (the poll's counts lose the vote)",
                "events.Evaluation.member": "deleted (the event's average loses it)",
                "events.ActionItem.owner": "kept for the event, without an owner",
                "events.Event.organisers": "removed from every event",
                "events.NoteVersion.editor": "kept in the notes' history, without an editor",
                "events.CalendarFeedKey.member": "deleted",
            },
        )
        registry.exclude(
            "events.CalendarFeedKey.member", purpose=registry.Purpose.EXPORT,
            reason="a counter that retires old personal calendar addresses: nothing the "
            "member wrote or chose",
        )  # fmt: skip
