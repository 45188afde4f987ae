"""Meeting notes with their full history: saved, compared, restored, made final."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events import services
from events.models import MeetingNote, NoteVersion
from events.permissions import can_edit_notes
from events.tests.factories import EventFactory, SessionFactory
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(db):
    return MemberFactory(display_name="Olu Organiser")


@pytest.fixture
def event(organiser):
    event = EventFactory(slug="claims")
    event.organisers.add(organiser)
    return event


@pytest.fixture
def note(event, organiser):
    return services.note_create(
        event=event, editor=organiser, title="Call notes", body="First line\nSecond line\n"
    )


def _url(name, note, *args):
    return reverse(f"events:{name}", args=[note.event.slug, note.pk, *args])


def test_every_save_is_a_numbered_version_with_its_editor(note, organiser, moderator):
    services.note_save(note=note, editor=moderator, body="First line\nSecond line, edited\n")
    numbers = list(note.versions.order_by("number").values_list("number", "editor__display_name"))
    assert numbers == [(1, "Olu Organiser"), (2, "Joseph Mwangi")]
    note.refresh_from_db()
    assert "Second line, edited" in note.body_html


def test_saving_the_same_text_adds_no_version(note, organiser):
    assert services.note_save(note=note, editor=organiser, body=note.body) is None
    assert note.versions.count() == 1


@pytest.mark.parametrize(
    "role_name, allowed",
    [
        ("visitor", False),
        ("pending", False),
        ("member", False),
        ("organiser", True),
        ("moderator", True),
        ("steering", True),
        ("staff", True),
    ],
)
def test_who_edits_notes(request, event, role_name, allowed):
    from django.contrib.auth.models import AnonymousUser

    person = AnonymousUser() if role_name == "visitor" else request.getfixturevalue(role_name)
    assert can_edit_notes(person, event) is allowed


def test_a_member_who_does_not_run_the_event_cannot_save_notes(client, note, member):
    client.force_login(member)
    response = client.post(_url("note-edit", note), {"body": "vandalised"})
    assert response.status_code == 403
    assert note.versions.count() == 1
    with pytest.raises(ValidationError):
        services.note_save(note=note, editor=member, body="vandalised")


def test_organiser_edits_through_the_page(client, note, organiser):
    client.force_login(organiser)
    response = client.post(_url("note-edit", note), {"body": "Rewritten"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.body == "Rewritten" and note.versions.count() == 2


def test_organiser_creates_notes_for_a_session(client, event, organiser):
    session = SessionFactory(event=event)
    client.force_login(organiser)
    response = client.post(
        reverse("events:note-create", args=[event.slug]),
        {"title": "Session notes", "session": session.pk, "body": "- point"},
    )
    note = MeetingNote.objects.get(title="Session notes")
    assert response.status_code == 302 and note.session == session
    html = client.get(reverse("events:event-detail", args=[event.slug])).content.decode()
    assert "Session notes" in html


def test_notes_over_the_length_limit_are_refused_and_kept_in_the_form(client, note, organiser):
    client.force_login(organiser)
    response = client.post(_url("note-edit", note), {"body": "word " * 40_001})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This text is 200005 characters long; the limit is 200000." in html
    assert "word word word" in html
    assert note.versions.count() == 1


def test_notes_of_twenty_thousand_words_are_saved_and_keep_their_structure(client, note, organiser):
    """Longer than a post may be (COP_MARKDOWN_MAX_LENGTH), rendered block by block."""
    from bench.notes_compare_bench import join, notes

    body = join(notes(20_000))
    assert len(body) > 100_000
    client.force_login(organiser)
    response = client.post(_url("note-edit", note), {"body": body})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.body == body and note.versions.count() == 2
    assert note.body_html.count("<h3>") == body.count("## Session ")
    assert "<strong>A (" in note.body_html and "<li>" in note.body_html


def test_history_page_lists_versions_with_author(client, note, organiser):
    services.note_save(note=note, editor=organiser, body="Changed")
    html = client.get(_url("note-detail", note)).content.decode()
    assert "Version 1, Olu Organiser" in html and "Version 2, Olu Organiser" in html


def test_versions_compared_marks_the_changed_words(client, note, organiser):
    services.note_save(note=note, editor=organiser, body="First line\nSecond line, edited\n")
    first, second = note.versions.order_by("number")
    response = client.get(_url("note-compare", note), {"old": first.pk, "new": second.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<table class="diff">' in html
    assert "<ins>" in html
    assert "Version 1, Olu Organiser" in html and "Version 2, Olu Organiser" in html


def test_comparing_with_a_version_of_other_notes_is_404(client, note, event, organiser):
    other = services.note_create(event=event, editor=organiser, title="Other", body="Secret")
    mine = note.versions.get()
    theirs = other.versions.get()
    response = client.get(_url("note-compare", note), {"old": mine.pk, "new": theirs.pk})
    assert response.status_code == 404
    assert client.get(_url("note-compare", note), {"old": "x"}).status_code == 404


def test_restoring_an_old_version_makes_it_the_newest(client, note, organiser):
    services.note_save(note=note, editor=organiser, body="Wrong turn")
    first = note.versions.get(number=1)
    client.force_login(organiser)
    response = client.post(_url("note-restore", note, first.pk))
    assert response.status_code == 302
    note.refresh_from_db()
    newest = note.versions.order_by("-number").first()
    assert newest.number == 3 and newest.restored_from == 1
    assert note.body == first.body
    assert NoteVersion.objects.filter(note=note).count() == 3


def test_final_notes_are_locked_and_still_comparable(client, note, organiser):
    services.note_save(note=note, editor=organiser, body="Agreed text")
    client.force_login(organiser)
    assert client.post(_url("note-final", note)).status_code == 302
    response = client.post(_url("note-edit", note), {"body": "Late change"})
    assert response.status_code == 409
    assert "final" in response.content.decode()
    note.refresh_from_db()
    assert note.final and note.body == "Agreed text"
    first, second = note.versions.order_by("number")
    response = client.get(_url("note-compare", note), {"old": first.pk, "new": second.pk})
    assert response.status_code == 200


def test_notes_of_a_members_only_event_are_hidden_from_visitors(client, moderator):
    event = EventFactory(visibility="members")
    note = services.note_create(event=event, editor=moderator, title="Members' notes")
    assert client.get(_url("note-detail", note)).status_code == 302


def test_note_read_and_edit_rules_agree_with_their_querysets(role, organiser):
    from events.models import Event
    from events.permissions import can_read_note, note_editable_events, readable_notes

    _name, _client, person = role
    if person is None:
        from django.contrib.auth.models import AnonymousUser

        person = AnonymousUser()
    events = [
        EventFactory(),
        EventFactory(visibility="members"),
        EventFactory(status="draft"),
    ]
    for event in events:
        event.organisers.add(organiser)
        services.note_create(event=event, editor=organiser, title=f"Notes {event.pk}")
    notes = list(MeetingNote.objects.all())
    assert {n.pk for n in MeetingNote.objects.filter(readable_notes(person))} == {
        n.pk for n in notes if can_read_note(person, n)
    }
    assert {e.pk for e in Event.objects.filter(note_editable_events(person))} == {
        e.pk for e in Event.objects.all() if can_edit_notes(person, e)
    }


def test_a_members_note_versions_are_exported_and_kept_without_them_on_erasure(note, organiser):
    exported = services.export_member_data(organiser)["note_versions"]
    assert [(v["notes"], v["version"]) for v in exported] == [("Call notes", 1)]
    services.member_event_data_erase(organiser)
    version = note.versions.get()
    assert version.editor is None and version.body == "First line\nSecond line\n"
