"""A member's own discussion data, for the members app's "download my data"."""

from discussions.models import Flag, Notification, Post, Reaction, Subscription, Topic


def _time(value):
    return value.isoformat() if value else None


def export_member_data(member) -> dict:
    return {
        "topics": [
            {"id": t.pk, "room": t.room.slug, "title": t.title, "created_at": _time(t.created_at),
             "tags": [tag.name for tag in t.tags.all()]}
            for t in Topic.objects.filter(author=member).select_related("room")
            .prefetch_related("tags").order_by("pk")
        ],
        "posts": [
            {"id": p.pk, "topic": p.topic_id, "topic_title": p.topic.title,
             "in_reply_to": p.reply_to_id, "body": p.body, "created_at": _time(p.created_at),
             "edited_at": _time(p.edited_at), "deleted_at": _time(p.deleted_at),
             "previous_versions": [
                 {"body": v.body, "written_at": _time(v.created_at)} for v in p.versions.all()
             ]}
            for p in Post.objects.filter(author=member).select_related("topic")
            .prefetch_related("versions").order_by("pk")
        ],
        "reactions": [
            {"post": r.post_id, "kind": r.kind, "created_at": _time(r.created_at)}
            for r in Reaction.objects.filter(member=member).order_by("pk")
        ],
        "subscriptions": [
            {"room": s.room.slug if s.room else None, "topic": s.topic_id,
             "created_at": _time(s.created_at)}
            for s in Subscription.objects.filter(member=member).select_related("room")
            .order_by("pk")
        ],
        "flags": [
            {"post": f.post_id, "reason": f.reason, "created_at": _time(f.created_at),
             "resolved_at": _time(f.resolved_at)}
            for f in Flag.objects.filter(reporter=member).order_by("pk")
        ],
        "notifications": [
            {"kind": n.kind, "topic": n.topic_id, "post": n.post_id,
             "created_at": _time(n.created_at), "read_at": _time(n.read_at)}
            for n in Notification.objects.filter(recipient=member).order_by("pk")
        ],
        "moderates_rooms": sorted(member.moderated_rooms.values_list("slug", flat=True)),
    }  # fmt: skip
