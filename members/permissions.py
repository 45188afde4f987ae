"""Who may do what, in one place. Views and templates ask here; links are never the only guard."""

from django.contrib.auth.models import AnonymousUser

MODERATORS = "Moderators"
STEERING_COMMITTEE = "Steering committee"


def _group_names(member) -> set[str]:
    # Cached on the instance: a page asks several questions about the same member.
    if not hasattr(member, "_cop_group_names"):
        member._cop_group_names = set(member.groups.values_list("name", flat=True))
    return member._cop_group_names


def is_member(member) -> bool:
    return bool(member and member.is_authenticated and member.is_active)


def is_moderator(member) -> bool:
    return is_member(member) and (member.is_superuser or MODERATORS in _group_names(member))


def is_steering(member) -> bool:
    return is_member(member) and (member.is_superuser or STEERING_COMMITTEE in _group_names(member))


def is_visitor(member) -> bool:
    return member is None or isinstance(member, AnonymousUser) or not member.is_authenticated


def is_pending(member) -> bool:
    return is_member(member) and member.approval != member.Approval.APPROVED


def can_participate(member) -> bool:
    """Post, reply, react, vote: verified members whose membership is approved."""
    return is_member(member) and member.approval == member.Approval.APPROVED


def can_view_profile(viewer, member) -> bool:
    if not member.is_active:
        return False
    if member.profile_visibility == member.Visibility.PUBLIC:
        return True
    return is_member(viewer)


def can_edit_profile(viewer, member) -> bool:
    return is_member(viewer) and viewer.pk == member.pk
