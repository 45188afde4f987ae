from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
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
            },
        )
