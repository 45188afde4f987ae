import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from members import permissions
from members.models import Member
from members.selectors import colleagues_for
from members.services import member_erase
from members.tests.factories import MemberFactory, SteeringMemberFactory

pytestmark = pytest.mark.django_db


def test_colleagues_are_ranked_by_shared_interests_then_country_then_role():
    me = MemberFactory(role="programme_manager", country="SN")
    me.interests.set(["mobile money", "openIMIS", "payment delays"])
    three = MemberFactory(display_name="Three Shared", country="KE", role="researcher")
    three.interests.set(["mobile money", "openIMIS", "payment delays"])
    one_here = MemberFactory(display_name="One Shared Here", country="SN", role="researcher")
    one_here.interests.set(["openIMIS"])
    one_away = MemberFactory(display_name="One Shared Away", country="KE", role="researcher")
    one_away.interests.set(["mobile money"])
    MemberFactory(display_name="Same Country", country="SN", role="researcher")
    MemberFactory(display_name="Provider", country="KE", role="payment_provider")
    MemberFactory(display_name="Unrelated", country="KE", role="researcher")
    colleagues = colleagues_for(member=me)
    assert [c.display_name for c in colleagues] == [
        "Three Shared",
        "One Shared Here",
        "One Shared Away",
        "Same Country",
        "Provider",
    ]
    assert colleagues[0].reasons == ["3 shared interests: mobile money, openIMIS, payment delays"]
    assert colleagues[1].reasons == ["1 shared interest: openIMIS", "Also works in Senegal"]
    assert colleagues[4].reasons == ["Payment provider: a role that complements yours"]


def test_colleagues_never_include_oneself_pending_or_inactive_members_and_stop_at_six():
    me = MemberFactory(country="KE")
    MemberFactory(country="KE", approval="pending")
    MemberFactory(country="KE", is_active=False)
    MemberFactory.create_batch(8, country="KE")
    colleagues = colleagues_for(member=me)
    assert len(colleagues) == 6
    assert all(c.pk != me.pk and c.approval == "approved" and c.is_active for c in colleagues)


def _text_columns():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                yield model, field.name


def test_erasing_a_member_leaves_no_personal_data_in_any_text_column(admin_user):
    member = MemberFactory(
        email="zainab.unique@example.org",
        display_name="Zainab Quixotic",
        bio="I am Zainab Quixotic from Accra",
        country="GH",
        languages=",en,",
    )
    member.interests.set(["mobile money"])
    LogEntry.objects.log_actions(
        user_id=admin_user.pk,
        queryset=[member],
        action_flag=CHANGE,
        change_message="Changed Zainab Quixotic",
    )
    member_erase(member=member)
    hits = []
    for model, column in _text_columns():
        for needle in ("zainab.unique@example.org", "Zainab Quixotic", "Zainab"):
            if model._default_manager.filter(**{f"{column}__icontains": needle}).exists():
                hits.append(f"{model._meta.label}.{column} contains {needle!r}")
    assert hits == []
    member.refresh_from_db()
    assert not member.is_active and not member.has_usable_password()
    assert not EmailAddress.objects.filter(user=member).exists()
    assert list(member.interests.all()) == []
    assert (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Member), object_id=str(member.pk)
        )
        .get()
        .object_repr
        == ""
    )
    assert str(member) == "Former member"


def test_erased_member_cannot_log_in(client):
    member = MemberFactory(email="gone@example.org")
    member_erase(member=member)
    from members.tests.factories import PASSWORD

    client.post("/en/accounts/login/", {"login": "gone@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_membership_approval_flow_end_to_end(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.COP_MEMBERSHIP_APPROVAL = True
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/fr/accounts/signup/",
            {
                "email": "awa@example.org",
                "display_name": "Awa Traoré",
                "role": "programme_manager",
                "organisation_name": "Ministère de la Santé",
                "country": "ML",
                "preferred_language": "fr",
                "password1": "payments-for-vaccinators-2026",
                "password2": "payments-for-vaccinators-2026",
            },
        )
    link = re.search(r"/fr/accounts/confirm-email/\S+", mailoutbox[0].body).group(0)
    client.post(link)
    awa = Member.objects.get(email="awa@example.org")
    assert awa.approval == "pending"
    assert not permissions.can_participate(awa)

    client.post(
        "/fr/accounts/login/",
        {"login": "awa@example.org", "password": "payments-for-vaccinators-2026"},
    )
    html = client.get("/fr/members/me/").content.decode()
    assert "Votre adhésion attend l’approbation du comité de pilotage." in html

    steering = SteeringMemberFactory(is_staff=True)
    client.force_login(steering)
    changelist = reverse("admin:members_member_changelist")
    assert "awa@example.org" in client.get(changelist + "?approval__exact=pending").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changelist,
            {"action": "approve_members", "_selected_action": [awa.pk]},
        )
    assert response.status_code == 302
    awa.refresh_from_db()
    assert awa.approval == "approved" and permissions.can_participate(awa)
    assert mailoutbox[-1].to == ["awa@example.org"]
    assert mailoutbox[-1].subject == "[CdP] Votre adhésion a été approuvée"


def test_declined_member_is_closed_and_told(mailoutbox, django_capture_on_commit_callbacks):
    from members.services import members_decline

    member = MemberFactory(approval="pending", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        members_decline(members=[member])
    member.refresh_from_db()
    assert (member.approval, member.is_active) == ("declined", False)
    assert mailoutbox[0].subject == "[CoP] About your membership request"


def test_only_the_steering_committee_may_approve_members(client, mailoutbox):
    moderator_staff = MemberFactory(is_staff=True)
    from django.contrib.auth.models import Permission

    moderator_staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_member", "change_member"])
    )
    waiting = MemberFactory(approval="pending")
    client.force_login(moderator_staff)
    client.post(
        reverse("admin:members_member_changelist"),
        {"action": "approve_members", "_selected_action": [waiting.pk]},
    )
    waiting.refresh_from_db()
    assert waiting.approval == "pending"
