"""An organiser builds an event record in admin: one page with its inlines, translations in tabs."""

import pytest
from django.urls import reverse

from events.models import Event
from events.tests.factories import EventFactory, PollFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_event_admin_page_has_every_inline_and_both_languages(client, staff):
    event = EventFactory()
    SessionFactory(event=event, title_en="Introductions")
    client.force_login(staff)
    html = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    for prefix in (
        "sessions",
        "organisation_roles",
        "outcomes",
        "action_items",
        "documents",
        "polls",
    ):
        assert f'id="{prefix}-group"' in html, prefix
    assert 'name="title_fr"' in html and 'name="title_en"' in html
    assert "tabbed_translation_fields" in html


def test_event_admin_refuses_an_end_before_the_start(client, staff):
    client.force_login(staff)
    data = {
        "kind": "workshop", "status": "planned", "visibility": "public", "slug": "backwards",
        "title_en": "Backwards", "starts_at_0": "2030-06-23", "starts_at_1": "10:00",
        "ends_at_0": "2030-06-22", "ends_at_1": "10:00", "time_zone": "Africa/Nairobi",
        "area": "general",
    }  # fmt: skip
    for prefix in (
        "sessions",
        "organisation_roles",
        "outcomes",
        "action_items",
        "documents",
        "polls",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 200
    assert "The event cannot end before it starts." in response.content.decode()
    assert not Event.objects.exists()


def test_poll_admin_edits_options(client, staff):
    poll = PollFactory()
    client.force_login(staff)
    html = client.get(reverse("admin:events_poll_change", args=[poll.pk])).content.decode()
    assert "Business models" in html


def test_session_inline_edits_the_written_summary_in_both_languages(client, staff):
    event = EventFactory()
    SessionFactory(event=event, title_en="Introductions")
    client.force_login(staff)
    html = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert 'name="sessions-0-summary_en"' in html and 'name="sessions-0-summary_fr"' in html
