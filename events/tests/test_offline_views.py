"""'Download this record': the event record as a zip a member opens without a connection."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from events.models import Event, Outcome
from events.tests.factories import DocumentFactory, EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _offline(event):
    return reverse("events:event-offline", args=[event.slug])


def _file_document(event, name, content, **kwargs):
    document = DocumentFactory.build(event=event, link="", file_name=name, **kwargs)
    document.file.save(name, ContentFile(content), save=False)
    document.file_size = len(content)
    document.save()
    return document


def _zip(response):
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_offline_copy_holds_the_record_and_its_files(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    event = EventFactory(title_en="Claims workshop", slug="claims")
    SessionFactory(event=event, title_en="Open source business models")
    Outcome.objects.create(event=event, objective_en="Meet", outcome_en="Exchanges began")
    _file_document(event, "notes.txt", b"Notes of the call", title="Call notes")
    DocumentFactory(event=event, title="Slides online", link="https://example.org/s.pdf")
    response = client.get(_offline(event))
    assert 'filename="claims.zip"' in response["Content-Disposition"]
    archive = _zip(response)
    assert sorted(archive.namelist()) == ["documents/notes.txt", "index.html"]
    assert archive.read("documents/notes.txt") == b"Notes of the call"
    page = archive.read("index.html").decode()
    assert "Claims workshop" in page
    assert "Open source business models" in page
    assert "Exchanges began" in page
    assert 'href="documents/notes.txt"' in page
    assert "https://example.org/s.pdf" in page


def test_offline_copy_follows_the_events_read_rule(client, member):
    event = EventFactory(visibility=Event.Visibility.MEMBERS)
    assert client.get(_offline(event)).status_code == 302
    client.force_login(member)
    assert _zip(client.get(_offline(event))).namelist() == ["index.html"]


def test_offline_copy_over_the_budget_is_a_413_in_the_readers_language(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.EVENTS_OFFLINE_MAX_BYTES = 5000
    event = EventFactory()
    _file_document(event, "big.txt", b"x" * 6000)
    response = client.get(_offline(event))
    assert response.status_code == 413
    assert "too large to download as one file" in response.content.decode()
    with translation.override("fr"):
        response = client.get(_offline(event).replace("/en/", "/fr/"))
    assert response.status_code == 413
    assert "trop volumineux" in response.content.decode()


def test_event_page_links_to_the_offline_copy(client):
    event = EventFactory()
    html = client.get(reverse("events:event-detail", args=[event.slug])).content.decode()
    assert _offline(event) in html
    assert "Download this record" in html


def test_offline_copy_holds_each_session_written_summary(client):
    event = EventFactory(slug="summarised-offline")
    SessionFactory(event=event, title_en="Claims", summary_en="Claims are paid in 30 days.")
    page = _zip(client.get(_offline(event))).read("index.html").decode()
    assert "Claims are paid in 30 days." in page
