from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = _("Discussions")

    def ready(self):
        # Registers the tasks the services queue by name (the web process runs no autodiscovery).
        import discussions.tasks  # noqa: F401
        from cop_portal import links
        from discussions.links import topic_cards

        links.register(topic_cards)
        from discussions.export import export_member_data
        from discussions.profile import recent_posts_section
        from discussions.services import member_discussion_data_erase
        from members import registry

        kept = "kept; shown as by a former member (the member row is anonymised)"
        registry.register_exporter(
            "discussions",
            export_member_data,
            relations=[
                "discussions.Topic.author", "discussions.Post.author",
                "discussions.Reaction.member", "discussions.Subscription.member",
                "discussions.Flag.reporter", "discussions.Notification.recipient",
                "discussions.Room.moderators",
            ],
        )  # fmt: skip
        registry.register_profile_section(recent_posts_section)
        registry.register_eraser(
            member_discussion_data_erase,
            relations={
                "discussions.Topic.author": kept,
                "discussions.Post.author": kept + "; mentions and quotes of them in others' "
                "posts read 'a former member'",
                "discussions.Reaction.member": "kept as counts; " + kept,
                "discussions.Subscription.member": "deleted",
                "discussions.TopicReadState.member": "deleted",
                "discussions.Notification.recipient": "deleted",
                "discussions.Notification.actor": "kept for its recipient; " + kept,
                "discussions.Flag.reporter": "kept for moderators; " + kept,
                "discussions.Flag.resolved_by": "kept in the moderation record; " + kept,
                "discussions.ModerationAction.moderator": "kept in the log; " + kept,
                "discussions.Room.moderators": "removed from every room",
            },
        )
        export = registry.Purpose.EXPORT
        registry.exclude(
            "discussions.TopicReadState.member", purpose=export,
            reason="when the member last opened each topic: a marker that shows what is new, "
            "holding nothing they wrote",
        )  # fmt: skip
        for relation in ("discussions.Flag.resolved_by", "discussions.ModerationAction.moderator"):
            registry.exclude(
                relation, purpose=export,
                reason="a moderator's decision about other members' posts: the community's "
                "moderation record, not the moderator's own data",
            )  # fmt: skip
        registry.exclude(
            "discussions.Notification.actor", purpose=export,
            reason="another member's notification about this member's post: it belongs to "
            "its recipient, whose export holds it",
        )  # fmt: skip
        self._invalidate_badges()

    def _invalidate_badges(self):
        """The header's badge is cached per member; what decides which notifications a
        member may read (posts, topics, rooms, groups, room moderators) bumps its version."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from discussions.models import Post, Room, Topic
        from discussions.selectors import bump_readability_version
        from members.models import Member

        for model in (Post, Topic, Room):
            for signal in (post_save, post_delete):
                signal.connect(bump_readability_version, sender=model, weak=False)
        for through in (Member.groups.through, Room.moderators.through):
            m2m_changed.connect(bump_readability_version, sender=through, weak=False)
