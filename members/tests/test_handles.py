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
        "interests": "", "preferred_language": "en", "email_notifications": "immediate",
        "email_digest": "on", "profile_visibility": "members",
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
        preferred_language="fr", email_notifications="none", email_digest=False,
        profile_visibility="public",
    )  # fmt: skip
    stored = Member.objects.get(pk=member.pk)
    assert (stored.display_name, stored.handle, stored.bio_html) == (
        "Amina D.", "amina-d", "<p>Hello</p>",
    )  # fmt: skip
    assert (stored.approval, stored.is_staff) == (Member.Approval.DECLINED, True)


def _suggest(client, q):
    return client.get("/en/members/handles/", {"q": q})


def test_handle_suggestions_are_refused_to_visitors(client, member):
    response = _suggest(client, "ami")
    assert response.status_code == 403
    assert "amina" not in response.content.decode()


def test_handle_suggestions_list_only_members_whose_profile_is_readable(client, member):
    MemberFactory(display_name="Amadou Ba")
    MemberFactory(display_name="Amara Pending", approval=Member.Approval.PENDING)
    MemberFactory(display_name="Amaru Unverified", verified=False)
    MemberFactory(display_name="Amani Gone", is_active=False)
    MemberFactory(display_name="Kofi Boateng")
    client.force_login(member)
    response = _suggest(client, "@AMA")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response.json() == {"results": [{"handle": "amadou-ba", "name": "Amadou Ba"}]}


def test_handle_suggestions_are_limited_and_ignore_odd_input(client, member):
    for n in range(12):
        MemberFactory(display_name=f"Kofi {n:02d}")
    client.force_login(member)
    assert len(_suggest(client, "kofi").json()["results"]) == 8
    for odd in ("", "-", "a b", "<script>", "x" * 200):
        response = _suggest(client, odd)
        assert (response.status_code, response.json()) == (200, {"results": []})


def test_the_composer_works_without_javascript_and_loads_suggestions_from_a_static_file(
    client, member
):
    from discussions.tests.factories import make_topic

    topic = make_topic(author=member)
    client.force_login(member)
    page = client.get(
        f"/en/rooms/{topic.room.slug}/{topic.pk}-{topic.slug}/reply/"
    ).content.decode()
    assert 'data-mention-search="/en/members/handles/"' in page
    assert "js/mentions" in page and "<script>" not in page
    assert "Mention a member with @ and their handle, for example @amina-diallo." in page


def test_a_profile_saved_without_a_handle_keeps_the_one_it_had(client, member):
    client.force_login(member)
    data = _profile_data(member)
    del data["handle"]
    assert client.post("/en/members/me/edit/", data).status_code == 302
    member.refresh_from_db()
    assert member.handle == "amina-diallo"
