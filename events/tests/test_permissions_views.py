"""Every events page answers each role as the read rule says: the page for those who may
read the event, a sign-in redirect for visitors and a 403 for members who may not."""

import pytest
from django.urls import reverse

from events.models import Event
from events.permissions import can_read_event
from events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

CASES = [(v, s) for v in Event.Visibility.values for s in Event.Status.values]


@pytest.mark.parametrize(("visibility", "status"), CASES)
def test_event_page_answers_every_role_as_the_rule_says(role, visibility, status):
    name, client, person = role
    event = EventFactory(visibility=visibility, status=status, title_en="The record")
    response = client.get(reverse("events:event-detail", args=[event.slug]))
    if can_read_event(person, event):
        assert response.status_code == 200
        assert "The record" in response.content.decode()
    elif person is None:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


def test_events_list_shows_each_role_what_it_may_read(role):
    name, client, person = role
    for visibility, status in CASES:
        EventFactory(visibility=visibility, status=status, title_en=f"E-{visibility}-{status}")
    html = client.get(reverse("events")).content.decode()
    for event in Event.objects.all():
        assert (event.title in html) == can_read_event(person, event), (name, event.title)
