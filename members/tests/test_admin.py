import pytest
from django.urls import reverse

from members.tests.factories import MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_organisation_admin_shows_description_in_both_languages(admin_client):
    organisation = OrganisationFactory(description_en="A hub", description_fr="Un pôle")
    html = admin_client.get(
        reverse("admin:members_organisation_change", args=[organisation.pk])
    ).content.decode()
    assert 'name="description_en"' in html and 'name="description_fr"' in html
    assert "vendor/jquery-ui/jquery-ui.min" in html
    assert "googleapis" not in html


def test_member_admin_filters_by_approval_role_country_and_last_login(admin_client):
    MemberFactory(display_name="Pat Pending", approval="pending", country="ML")
    MemberFactory(display_name="Ada Approved")
    html = admin_client.get(
        reverse("admin:members_member_changelist") + "?approval__exact=pending"
    ).content.decode()
    assert "Pat Pending" in html and "Ada Approved" not in html
    for heading in ("By membership", "By role", "By country", "By last login"):
        assert heading in html


def test_member_admin_searches_by_name_email_and_organisation(admin_client):
    MemberFactory(display_name="Kwame Asante", organisation=OrganisationFactory(name="MTN MoMo"))
    url = reverse("admin:members_member_changelist")
    assert "Kwame Asante" in admin_client.get(url + "?q=momo").content.decode()
