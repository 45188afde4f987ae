from django.utils.functional import SimpleLazyObject

from discussions.selectors import unread_notification_count
from members.permissions import is_member


def notifications(request) -> dict:
    """The header's badge: the unread lines of the notifications page (same readable filter,
    same grouping). One query, only for members, only if a page shows it."""
    user = getattr(request, "user", None)
    if not is_member(user):
        return {}
    return {
        "unread_notification_count": SimpleLazyObject(
            lambda: unread_notification_count(member=user)
        )
    }
