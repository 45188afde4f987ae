"""Every member has a unique handle: derived at sign-up, editable, shown on the profile."""

import pytest
from django.db import IntegrityError

from members.models import Member
from members.services import member_complete_signup
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _signup(email: str, name: str) -> Member:
    member = Member.objects.create_user(email, "a-long-test-password-2026")
    return member_complete_signup(
        member=member, display_name=name, role="other", organisation_name="", country="",
        preferred_language="fr",
    )  # fmt: skip


def test_two_members_with_the_same_display_name_get_different_handles():
    first = _signup("a1@example.org", "Aïssata Traoré")
    second = _signup("a2@example.org", "Aïssata Traoré")
    assert first.handle == "aissata-traore"
    assert second.handle == "aissata-traore-2"
    assert Member.objects.get(pk=second.pk).handle == "aissata-traore-2"


def test_a_name_without_latin_letters_gets_a_plain_handle():
    assert _signup("b@example.org", "أمينة").handle == "member"


def test_handles_are_unique_whatever_their_case():
    MemberFactory(handle="Kofi")
    with pytest.raises(IntegrityError):
        MemberFactory(handle="kofi")


def _profile_data(member, **changes):
    data = {
        "display_name": member.display_name, "handle": member.handle, "role": member.role,
        "organisation_name": "", "country": "KE", "languages": ["en"], "bio": "",
        "interests": "", "preferred_language": "en", "digest_frequency": "weekly",
        "email_on_replies": "on", "profile_visibility": "members",
    }  # fmt: skip
    return {**data, **changes}


def test_member_changes_their_handle_on_the_profile(client, member):
    client.force_login(member)
    response = client.post("/en/members/me/edit/", _profile_data(member, handle="@amina_d"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.handle == "amina_d"
    assert "@amina_d" in client.get(member.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("handle", "message"),
    [
        ("Amina Diallo", "A handle has 1 to 30 letters"),
        ("-amina", "A handle has 1 to 30 letters"),
        ("former-member-3", "This handle is reserved."),
        ("KWAME", "This handle is taken: please choose another."),
    ],
)
def test_profile_refuses_a_bad_or_taken_handle_and_keeps_the_text(client, member, handle, message):
    MemberFactory(handle="kwame")
    client.force_login(member)
    response = client.post("/en/members/me/edit/", _profile_data(member, handle=handle, bio="Kept"))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Kept" in page
    member.refresh_from_db()
    assert member.handle == "amina-diallo"


def test_profile_update_saves_only_the_profile_fields(member):
    """A stale copy of the member saved by the profile form must not undo a decision the
    steering committee took meanwhile (it saved every column before)."""
    from members.services import profile_update

    Member.objects.filter(pk=member.pk).update(approval=Member.Approval.DECLINED, is_staff=True)
    profile_update(
        member=member, display_name="Amina D.", handle="amina-d", role="other",
        organisation_name="", country="SN", languages=["fr"], bio="Hello", interests=[],
        preferred_language="fr", digest_frequency="never", email_on_replies=False,
        profile_visibility="public",
    )  # fmt: skip
    stored = Member.objects.get(pk=member.pk)
    assert (stored.display_name, stored.handle, stored.bio_html) == (
        "Amina D.", "amina-d", "<p>Hello</p>",
    )  # fmt: skip
    assert (stored.approval, stored.is_staff) == (Member.Approval.DECLINED, True)
