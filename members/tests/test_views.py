import json

import pytest
from django.urls import reverse

from members.models import Member
from members.tests.factories import MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

SIGNED_IN = {"pending", "member", "moderator", "steering", "staff"}


# Permission matrix: every page of the members app, for every role.


def test_directory_is_open_to_every_role(role):
    name, client, _person = role
    MemberFactory(display_name="Public Person", profile_visibility="public")
    MemberFactory(display_name="Private Person", profile_visibility="members")
    html = client.get(reverse("members:directory")).content.decode()
    assert "Public Person" in html
    assert ("Private Person" in html) == (name in SIGNED_IN)


def test_members_only_profile_asks_visitors_to_log_in(role):
    name, client, _person = role
    other = MemberFactory(display_name="Private Person", profile_visibility="members")
    response = client.get(other.get_absolute_url())
    if name == "visitor":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 200
        assert "Private Person" in response.content.decode()


def test_public_profile_is_readable_by_every_role(role):
    _name, client, _person = role
    other = MemberFactory(display_name="Public Person", profile_visibility="public")
    response = client.get(other.get_absolute_url())
    assert response.status_code == 200
    assert "Public Person" in response.content.decode()


def test_deleted_member_profile_is_not_found(role):
    _name, client, _person = role
    gone = MemberFactory(is_active=False, profile_visibility="public")
    assert client.get(gone.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("url_name", ["dashboard", "profile-edit", "export", "delete"])
def test_own_pages_need_an_account(role, url_name):
    name, client, _person = role
    response = client.get(reverse(f"members:{url_name}"))
    if name == "visitor":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 200


def test_editing_someone_elses_profile_is_forbidden(role):
    name, client, person = role
    other = MemberFactory()
    response = client.get(reverse("members:profile-edit-for", args=[other.pk]))
    assert response.status_code == 403
    if person is not None:
        own = client.get(reverse("members:profile-edit-for", args=[person.pk]))
        assert own["Location"] == reverse("members:profile-edit")


def test_organisation_pages_are_open_to_every_role(role):
    _name, client, _person = role
    organisation = OrganisationFactory(name="Healthix", slug="healthix", based_in="KE")
    assert "Healthix" in client.get(reverse("organisations:directory")).content.decode()
    assert client.get(organisation.get_absolute_url()).status_code == 200


# Directory


def _names(response) -> list[str]:
    return [m.display_name for m in response.context["page"].object_list]


def test_directory_combines_filters_and_counts_each_value(client, member):
    client.force_login(member)
    ministry = OrganisationFactory(kind="ministry")
    MemberFactory(display_name="Awa", role="programme_manager", country="ML", organisation=ministry)
    MemberFactory(display_name="Binta", role="programme_manager", country="SN")
    MemberFactory(display_name="Chidi", role="payment_provider", country="ML")
    response = client.get("/en/members/?role=programme_manager&country=ML")
    assert _names(response) == ["Awa"]
    groups = {name: options for name, _label, options in response.context["facet_groups"]}
    roles = {value: count for value, _t, count, _s in groups["role"]}
    # Role counts apply every filter but the role: two members in Mali.
    assert roles["programme_manager"] == 1 and roles["payment_provider"] == 1
    countries = {value: count for value, _t, count, _s in groups["country"]}
    # Country counts apply the role filter: Awa, Binta and the reader, a manager in Kenya.
    assert countries == {"KE": 1, "ML": 1, "SN": 1}
    html = response.content.decode()
    assert '<option value="programme_manager" selected>Programme manager (1)</option>' in html


def test_directory_filters_by_language_interest_kind_and_name(client, member):
    client.force_login(member)
    funder = OrganisationFactory(name="Big Fund", kind="funder")
    awa = MemberFactory(display_name="Awa", languages=",fr,en,", organisation=funder)
    awa.interests.set(["mobile money"])
    MemberFactory(display_name="Binta", languages=",en,")
    assert _names(client.get("/en/members/?language=fr")) == ["Awa"]
    assert _names(client.get("/en/members/?interest=Mobile+Money")) == ["Awa"]
    assert _names(client.get("/en/members/?kind=funder")) == ["Awa"]
    assert _names(client.get("/en/members/?q=big+fund")) == ["Awa"]
    assert _names(client.get("/en/members/?q=binta")) == ["Binta"]


def test_directory_ignores_unknown_filter_values(client, member):
    client.force_login(member)
    MemberFactory(display_name="Awa", role="funder")
    response = client.get("/en/members/?role=wizard&country=XX&kind=%00&language=klingon&page=999")
    assert response.status_code == 200
    assert "Awa" in _names(response)


def test_directory_hides_pending_inactive_and_unverified_members(client, member):
    client.force_login(member)
    MemberFactory(display_name="Pat Pending", approval="pending")
    MemberFactory(display_name="Ina Inactive", is_active=False)
    MemberFactory(display_name="Una Unverified", verified=False)
    names = _names(client.get("/en/members/"))
    assert names == [member.display_name]


def test_directory_paginates_and_keeps_filters_in_page_links(client, member):
    client.force_login(member)
    MemberFactory.create_batch(30, role="funder")
    response = client.get("/en/members/?role=funder")
    assert len(response.context["page"].object_list) == 24
    assert 'href="?role=funder&amp;page=2"' in response.content.decode()
    assert len(client.get("/en/members/?role=funder&page=2").context["page"].object_list) == 6


def test_directory_is_translated(client, member):
    client.force_login(member)
    html = client.get("/fr/members/").content.decode()
    assert "Gestionnaire de programme" in html
    assert "1 membre trouvé" in html


# Profile editing


def test_member_edits_profile_with_interests_and_markdown_bio(client, member):
    client.force_login(member)
    response = client.post(
        "/en/members/me/edit/",
        {
            "display_name": "Amina D.",
            "handle": "amina-d",
            "role": "health_worker",
            "organisation_name": "District Health Office",
            "country": "SN",
            "languages": ["fr", "pt"],
            "bio": "I pay **vaccinators**. <script>alert(1)</script>",
            "interests": "mobile money, immunisation campaigns",
            "preferred_language": "fr",
            "email_notifications": "none",
            "profile_visibility": "public",
        },
    )
    assert response.status_code == 302
    # The new preferred language takes effect at once.
    assert response["Location"] == f"/fr/members/{member.pk}/"
    assert response.cookies["django_language"].value == "fr"
    member.refresh_from_db()
    assert member.display_name == "Amina D."
    assert member.organisation.name == "District Health Office"
    assert member.language_list == ["fr", "pt"]
    assert sorted(member.interests.names()) == ["immunisation campaigns", "mobile money"]
    assert (
        member.bio_html
        == "<p>I pay <strong>vaccinators</strong>. &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert (member.email_notifications, member.email_digest, member.profile_visibility) == (
        "none",
        False,
        "public",
    )
    html = client.get(response["Location"]).content.decode()
    assert "Votre profil a été enregistré." in html
    assert "<strong>vaccinators</strong>" in html and "<script>" not in html


def test_profile_form_with_errors_keeps_what_was_typed(client, member):
    client.force_login(member)
    response = client.post(
        "/fr/members/me/edit/",
        {
            "display_name": "  ",
            "role": "funder",
            "organisation_name": "Fonds Santé",
            "bio": "Ma biographie",
            "interests": "paiements",
            "preferred_language": "fr",
            "email_notifications": "immediate",
            "email_digest": "on",
            "profile_visibility": "members",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce champ est obligatoire." in html
    assert 'value="Fonds Santé"' in html
    assert "Ma biographie" in html
    assert 'value="paiements"' in html
    member.refresh_from_db()
    assert member.role != "funder"


def test_interest_field_suggests_existing_tags_without_javascript(client, member):
    MemberFactory().interests.set(["mobile money"])
    client.force_login(member)
    html = client.get("/en/members/me/edit/").content.decode()
    assert 'list="interest-suggestions"' in html
    assert '<option value="mobile money">' in html


# Data export


def test_download_my_data_contains_the_profile(client, member):
    member.interests.set(["mobile money"])
    client.force_login(member)
    response = client.get("/en/members/me/export/")
    assert response["Content-Disposition"] == 'attachment; filename="cop-portal-my-data.json"'
    data = json.loads(response.content)
    profile = data["members"]["profile"]
    assert profile["email"] == "amina@example.org"
    assert profile["display_name"] == "Amina Diallo"
    assert profile["interests"] == ["mobile money"]
    assert data["members"]["email_addresses"] == [
        {"email": "amina@example.org", "verified": True, "primary": True}
    ]


def test_download_my_data_is_never_cached(client, member):
    client.force_login(member)
    response = client.get("/en/members/me/export/")
    assert response["Cache-Control"] == "no-store"


# Deletion


def test_delete_account_needs_the_password(client, member):
    client.force_login(member)
    response = client.post("/en/members/me/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 400
    assert "This is not your current password." in response.content.decode()
    member.refresh_from_db()
    assert member.is_active


def test_delete_account_logs_out_and_erases(client, member):
    from members.tests.factories import PASSWORD

    client.force_login(member)
    response = client.post("/en/members/me/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    member = Member.objects.get(pk=member.pk)
    assert not member.is_active
    assert member.display_name == ""
    assert str(member) == "Former member"


def test_a_bio_longer_than_its_limit_is_refused_and_kept(client, member):
    client.force_login(member)
    bio = "I pay vaccinators. " * 106
    data = {
        "display_name": member.display_name,
        "role": "health_worker",
        "bio": bio,
        "preferred_language": "en",
        "email_notifications": "immediate",
        "profile_visibility": "members",
    }
    response = client.post("/en/members/me/edit/", data)
    html = response.content.decode()
    assert "Ensure this value has at most 2000 characters (it has 2013)." in html
    assert "I pay vaccinators. I pay vaccinators." in html
    member.refresh_from_db()
    assert member.bio == ""


@pytest.mark.parametrize(
    ("interests", "shown"),
    [
        (
            ["mobile money", "immunisation campaigns", "FHIR"],
            "FHIR, immunisation campaigns, mobile money",
        ),
        (["mobile money"], "mobile money,"),
        (["openIMIS"], "openIMIS"),
    ],
)
def test_profile_form_shows_interests_without_straight_quotes_and_saves_them_unchanged(
    client, member, interests, shown
):
    member.interests.set(interests)
    client.force_login(member)
    html = client.get("/en/members/me/edit/").content.decode()
    assert f'name="interests" value="{shown}"' in html
    response = client.post(
        "/en/members/me/edit/",
        {
            "display_name": member.display_name,
            "role": "health_worker",
            "interests": shown,
            "preferred_language": "en",
            "email_notifications": "immediate",
            "profile_visibility": "members",
        },
    )
    assert response.status_code == 302
    assert sorted(member.interests.names()) == sorted(interests)
