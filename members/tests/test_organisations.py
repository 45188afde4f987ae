"""Organisations members type wait for the steering committee; the admin confirms and
merges them; names have a French version."""

import pytest
from django.urls import reverse
from django.utils import translation

from members import services
from members.models import Member, Organisation
from members.tests.factories import MemberFactory, OrganisationFactory, SteeringMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def steering_admin(client):
    from django.contrib.auth.models import Permission

    steering = SteeringMemberFactory(is_staff=True)
    steering.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="members",
            codename__in=["view_organisation", "change_organisation", "delete_organisation"],
        )
    )
    client.force_login(steering)
    return steering


def test_organisation_a_member_types_is_not_listed_until_confirmed(client):
    typed = services.organisation_for_name(name="Spam Holdings Ltd")
    MemberFactory(organisation=typed, profile_visibility="public")
    directory = reverse("organisations:directory")
    assert not typed.confirmed
    assert (typed.name_en, typed.name_fr) == ("Spam Holdings Ltd", "Spam Holdings Ltd")
    assert "Spam Holdings" not in client.get(directory).content.decode()
    assert "Spam Holdings" not in client.get(directory + "?q=spam").content.decode()
    assert client.get(typed.get_absolute_url()).status_code == 404

    services.organisations_confirm(organisations=[typed])
    assert "Spam Holdings" in client.get(directory).content.decode()
    assert client.get(typed.get_absolute_url()).status_code == 200


def test_profile_names_an_unconfirmed_organisation_without_linking_it(client, member):
    typed = services.organisation_for_name(name="Clinique du Lac")
    member.organisation = typed
    member.profile_visibility = "public"
    member.save()
    html = client.get(reverse("members:profile", args=[member.pk])).content.decode()
    assert "Clinique du Lac" in html
    assert typed.get_absolute_url() not in html


def test_a_typed_name_matches_an_organisation_by_its_french_name():
    ministry = OrganisationFactory(
        name_en="Ministry of Public Health, Cameroon",
        name_fr="Ministère de la Santé publique du Cameroun",
    )
    found = services.organisation_for_name(name="ministère de la santé publique du cameroun")
    assert found == ministry
    assert Organisation.objects.count() == 1


def test_french_page_shows_the_french_name(client):
    bank = OrganisationFactory(name_en="World Bank", name_fr="Banque mondiale", slug="world-bank")
    assert "Banque mondiale" in client.get("/fr/organisations/").content.decode()
    assert (
        "<h1>Banque mondiale</h1>" in client.get(f"/fr/organisations/{bank.slug}/").content.decode()
    )
    assert "<h1>World Bank</h1>" in client.get(f"/en/organisations/{bank.slug}/").content.decode()


def test_admin_confirms_the_selected_organisations(client, steering_admin):
    waiting = services.organisation_for_name(name="Santé Plus Bamako")
    changelist = reverse("admin:members_organisation_changelist")
    html = client.get(changelist + "?confirmed__exact=0").content.decode()
    assert "Santé Plus Bamako" in html and "By confirmed" in html
    response = client.post(
        changelist,
        {"action": "confirm_organisations", "_selected_action": [waiting.pk]},
        follow=True,
    )
    waiting.refresh_from_db()
    assert waiting.confirmed
    assert "1 organisation confirmed: it is listed in the directory." in response.content.decode()


def test_admin_index_counts_organisations_waiting(client, steering_admin):
    services.organisation_for_name(name="First Typed")
    services.organisation_for_name(name="Second Typed")
    OrganisationFactory()
    html = client.get(reverse("admin:index")).content.decode()
    assert "2 organisations typed by members wait for confirmation." in html
    assert "?confirmed__exact=0" in html


def test_organisation_added_in_the_admin_is_confirmed(client, steering_admin):
    client.post(
        reverse("admin:members_organisation_add"),
        {
            "name_en": "Gavi",
            "name_fr": "Gavi",
            "slug": "gavi",
            "kind": "funder",
            "based_in": "CH",
            "description_en": "",
            "description_fr": "",
            "website": "",
        },
    )
    assert Organisation.objects.get(slug="gavi").confirmed


def test_admin_merges_two_organisations_keeping_the_chosen_one(client, steering_admin):
    english = OrganisationFactory(
        name_en="Ministry of Public Health, Cameroon",
        name_fr=None,
        active_in=["CM"],
        website="https://minsante.cm",
    )
    french = OrganisationFactory(
        name_en="Ministère de la Santé publique du Cameroun",
        name_fr="Ministère de la Santé publique du Cameroun",
        active_in=["TD"],
        description_fr="Gère plusieurs régimes.",
        confirmed=False,
    )
    kept_members = MemberFactory.create_batch(2, organisation=english)
    moved_members = MemberFactory.create_batch(3, organisation=french)
    changelist = reverse("admin:members_organisation_changelist")
    selected = {"action": "merge_organisations", "_selected_action": [english.pk, french.pk]}

    page = client.post(changelist, selected).content.decode()
    assert "Choose the organisation to keep." in page
    pair = Organisation.objects.filter(pk__in=[english.pk, french.pk])
    assert pair.count() == 2

    response = client.post(changelist, {**selected, "post": "yes", "keep": english.pk})
    assert response.status_code == 302
    assert list(pair.values_list("pk", flat=True)) == [english.pk]
    english.refresh_from_db()
    assert sorted(
        Member.objects.filter(organisation=english).values_list("pk", flat=True)
    ) == sorted(m.pk for m in kept_members + moved_members)
    assert english.website == "https://minsante.cm"
    assert english.description_fr == "Gère plusieurs régimes."
    assert [c.code for c in english.active_in] == ["CM", "TD"]
    assert english.confirmed


def test_merge_moves_every_relation_to_the_organisation_kept():
    """Whatever model points to an organisation (today only members), its rows move."""
    keep, other = OrganisationFactory(), OrganisationFactory()
    member = MemberFactory(organisation=other)
    services.organisation_merge(keep=keep, other=other)
    for relation in Organisation._meta.related_objects:
        assert not relation.related_model._base_manager.filter(
            **{relation.field.name: other.pk}
        ).exists()
    member.refresh_from_db()
    assert member.organisation == keep


def test_merging_needs_exactly_two_organisations(client, steering_admin):
    three = OrganisationFactory.create_batch(3)
    response = client.post(
        reverse("admin:members_organisation_changelist"),
        {"action": "merge_organisations", "_selected_action": [o.pk for o in three]},
        follow=True,
    )
    assert "Select exactly two organisations to merge." in response.content.decode()
    assert Organisation.objects.filter(pk__in=[o.pk for o in three]).count() == 3


def test_demo_has_one_cameroon_ministry_with_both_names(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo")
    ministries = Organisation.objects.filter(slug="minsante-cameroon")
    assert list(ministries.values_list("name_en", "name_fr")) == [
        ("Ministry of Public Health, Cameroon", "Ministère de la Santé publique du Cameroun")
    ]
    assert (
        not Organisation.objects.exclude(slug="minsante-cameroon")
        .filter(name_fr__icontains="Santé publique du Cameroun")
        .exists()
    )
    assert Member.objects.get(email="jean.mbarga@example.org").organisation.slug == (
        "minsante-cameroon"
    )
    with translation.override("fr"):
        assert Organisation.objects.get(slug="world-bank").name == "Banque mondiale"
