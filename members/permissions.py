"""Who may do what, in one place. Views and templates ask here; links are never the only guard.

The tests on a member are `access.MemberTest`s: callable on one member like a function, and
the same condition as a filter on the member table (`is_steering.q()`), so a read rule can
also say who its readers are (notification recipients).
"""

import functools

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from cop_portal import access

MODERATORS = "Moderators"
STEERING_COMMITTEE = "Steering committee"


def _group_names(member) -> set[str]:
    # Cached on the instance: a page asks several questions about the same member.
    if not hasattr(member, "_cop_group_names"):
        member._cop_group_names = set(member.groups.values_list("name", flat=True))
    return member._cop_group_names


def _in_group(name: str) -> Q:
    through = apps.get_model("members", "Member").groups.through
    return Q(pk__in=through.objects.filter(group__name=name).values("member_id"))


def _is_member(member) -> bool:
    return bool(member and member.is_authenticated and member.is_active)


def _approved() -> Q:
    return Q(is_active=True, approval=apps.get_model("members", "Member").Approval.APPROVED)


anyone = access.MemberTest("anyone", lambda member: True, lambda: access.ALL)
is_member = access.MemberTest("is_member", _is_member, lambda: Q(is_active=True))
is_moderator = access.MemberTest(
    "is_moderator",
    lambda m: _is_member(m) and (m.is_superuser or MODERATORS in _group_names(m)),
    lambda: Q(is_active=True) & (Q(is_superuser=True) | _in_group(MODERATORS)),
)
is_steering = access.MemberTest(
    "is_steering",
    lambda m: _is_member(m) and (m.is_superuser or STEERING_COMMITTEE in _group_names(m)),
    lambda: Q(is_active=True) & (Q(is_superuser=True) | _in_group(STEERING_COMMITTEE)),
)
# Staff (Django's flag): the admin's users, who curate evidence and events.
is_staff = access.MemberTest(
    "is_staff",
    lambda m: is_member(m) and m.is_staff,
    lambda: Q(is_active=True, is_staff=True),
)
# Post, reply, react, vote: verified members whose membership is approved.
can_participate = access.MemberTest(
    "can_participate",
    lambda m: _is_member(m) and m.approval == m.Approval.APPROVED,
    _approved,
)


def is_visitor(member) -> bool:
    return member is None or isinstance(member, AnonymousUser) or not member.is_authenticated


def is_pending(member) -> bool:
    return is_member(member) and member.approval != member.Approval.APPROVED


def _verified_member_ids():
    return EmailAddress.objects.filter(verified=True).values("user_id")


@functools.cache
def _profile_rule() -> access.Rule:
    Member = apps.get_model("members", "Member")
    return access.Rule(
        Member,
        access.Where(is_active=True)
        & (
            access.Itself()
            | access.Where(approval=Member.Approval.APPROVED)
            & access.InQuery(_verified_member_ids)
            & access.Table(
                "profile_visibility",
                {Member.Visibility.PUBLIC: anyone, Member.Visibility.MEMBERS: is_member},
            )
        ),
    )


def mentionable() -> Q:
    """Members a `@handle` reaches: those whose profile every member may read (active,
    approved, verified address), the same ones the composer's suggestions offer. A mention
    of anyone else stays plain text: no link, no notification, no email to an address
    nobody confirmed."""
    return _approved() & Q(pk__in=_verified_member_ids())


def can_view_profile(viewer, member) -> bool:
    """Active, approved members with a verified address; visitors see public profiles only.
    A member always sees their own."""
    return _profile_rule().check(viewer, member)


def readable_profile(viewer, prefix: str = "") -> Q:
    return _profile_rule().q(viewer, prefix)


def can_edit_profile(viewer, member) -> bool:
    return is_member(viewer) and viewer.pk == member.pk
