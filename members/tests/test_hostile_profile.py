"""A handle claimed by two members at once: the second is told it is taken, never a 500."""

import pytest
from django.test import override_settings

from members import services
from members.tests.factories import MemberFactory
from members.tests.test_handles import _profile_data

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_a_handle_taken_between_the_check_and_the_save_is_a_form_error(client, member, monkeypatch):
    """The form checks the handle is free; another member saves it a moment later."""
    save = services.profile_update

    def taken_meanwhile(**fields):
        MemberFactory(handle="grace-n")
        return save(**fields)

    monkeypatch.setattr(services, "profile_update", taken_meanwhile)
    client.force_login(member)
    client.raise_request_exception = False
    response = client.post(
        "/en/members/me/edit/", _profile_data(member, handle="grace-n", bio="Kept text")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This handle is taken: please choose another." in page
    assert "Kept text" in page
    member.refresh_from_db()
    assert member.handle == "amina-diallo"
