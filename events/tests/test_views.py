"""The events pages as members use them: browse, register, vote, evaluate; each bad input
answered with a clear message and a 4xx, nothing saved."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from discussions.tests.factories import RoomFactory, make_topic
from events.models import Ballot, Evaluation, Event, OrganisationRole, Outcome, Participation
from events.tests.factories import DocumentFactory, EventFactory, PollFactory, SessionFactory
from evidence.tests.factories import EvidenceItemFactory
from members.tests.factories import MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _detail(event):
    return reverse("events:event-detail", args=[event.slug])


def _held(**kwargs):
    start = timezone.now() - timedelta(days=3)
    return EventFactory(
        status=Event.Status.HELD, starts_at=start, ends_at=start + timedelta(hours=3), **kwargs
    )


def test_events_page_lists_upcoming_and_past_events(client):
    EventFactory(title_en="Webinar on claims")
    _held(title_en="Kick-off workshop")
    EventFactory(title_en="Secret draft", status=Event.Status.DRAFT)
    html = client.get(reverse("events")).content.decode()
    assert "Webinar on claims" in html
    assert "Kick-off workshop" in html
    assert "Secret draft" not in html


def test_event_page_shows_times_in_the_events_zone_labelled_and_in_utc(client):
    start = datetime(2030, 6, 23, 9, 0, tzinfo=UTC)
    event = EventFactory(
        starts_at=start, ends_at=start + timedelta(hours=3), time_zone="Africa/Nairobi"
    )
    html = client.get(_detail(event)).content.decode()
    assert '<time datetime="2030-06-23T12:00:00+03:00">' in html
    assert "(Africa/Nairobi, UTC+03:00)" in html
    assert '<time datetime="2030-06-23T09:00:00+00:00">' in html


def test_event_page_shows_times_in_the_zone_the_reader_picks(client):
    start = datetime(2030, 6, 23, 9, 0, tzinfo=UTC)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=3))
    html = client.get(_detail(event), {"tz": "Asia/Kathmandu"}).content.decode()
    assert '<time datetime="2030-06-23T14:45:00+05:45">' in html
    assert "(Asia/Kathmandu, UTC+05:45)" in html


def test_french_event_page_shows_the_french_title_and_french_dates(client):
    start = datetime(2030, 6, 23, 9, 0, tzinfo=UTC)
    event = EventFactory(title_en="Workshop", title_fr="Atelier sur les paiements", starts_at=start,
                         ends_at=start + timedelta(hours=3), time_zone="Africa/Douala")  # fmt: skip
    html = client.get(f"/fr/events/{event.slug}/").content.decode()
    assert "Atelier sur les paiements" in html
    assert "23 juin 2030 à 10:00" in html


def test_english_title_missing_shows_the_french_one_with_a_note(client):
    event = EventFactory(title_en="", title_fr="Rencontre à Yaoundé")
    html = client.get(_detail(event)).content.decode()
    assert "Rencontre à Yaoundé" in html
    assert "(in French)" in html


def test_member_registers_and_sees_the_meeting_link(client, member):
    event = EventFactory(meeting_link="https://meet.example.org/payments")
    client.force_login(member)
    assert "https://meet.example.org/payments" not in client.get(_detail(event)).content.decode()
    response = client.post(reverse("events:event-register", args=[event.slug]), {"listed": "1"})
    assert response.status_code == 302
    assert Participation.objects.get(event=event, member=member).listed is True
    html = client.get(_detail(event)).content.decode()
    assert "https://meet.example.org/payments" in html
    assert "You are registered." in html


def test_member_cancels_a_registration(client, member):
    event = EventFactory()
    Participation.objects.create(event=event, member=member)
    client.force_login(member)
    client.post(reverse("events:event-cancel", args=[event.slug]))
    assert Participation.objects.get(event=event, member=member).status == "cancelled"


def test_unlisted_participant_is_hidden_from_others_but_counted(client, member):
    event = EventFactory()
    Participation.objects.create(
        event=event, member=MemberFactory(display_name="Shy Person"), listed=False
    )
    Participation.objects.create(event=event, member=MemberFactory(display_name="Open Person"))
    client.force_login(member)
    html = client.get(_detail(event)).content.decode()
    assert "Open Person" in html
    assert "Shy Person" not in html
    assert "2 people registered in all." in html


def test_registering_for_a_cancelled_event_is_refused(client, member):
    event = EventFactory(status=Event.Status.CANCELLED)
    client.force_login(member)
    response = client.post(reverse("events:event-register", args=[event.slug]))
    assert response.status_code == 409
    assert "This event has been cancelled: registration is closed." in response.content.decode()
    assert not Participation.objects.exists()


def test_registering_for_a_full_event_is_refused(client, member):
    event = EventFactory(capacity=1)
    Participation.objects.create(event=event, member=MemberFactory())
    client.force_login(member)
    response = client.post(reverse("events:event-register", args=[event.slug]))
    assert response.status_code == 409
    assert "This event is full: every place has been taken." in response.content.decode()
    assert Participation.objects.filter(event=event).count() == 1


def test_registering_in_french_gets_the_french_message(client, member):
    event = EventFactory(status=Event.Status.CANCELLED)
    client.force_login(member)
    response = client.post(f"/fr/events/{event.slug}/register/")
    assert response.status_code == 409
    assert (
        "Cet événement est annulé\u00a0: les inscriptions sont closes." in response.content.decode()
    )


def test_pending_member_cannot_register(client, pending):
    event = EventFactory()
    client.force_login(pending)
    response = client.post(reverse("events:event-register", args=[event.slug]))
    assert response.status_code == 409
    assert not Participation.objects.exists()


def test_participant_votes_up_to_n_options(client, member):
    event = EventFactory()
    poll = PollFactory(event=event, max_choices=2)
    Participation.objects.create(event=event, member=member)
    client.force_login(member)
    options = list(poll.options.values_list("pk", flat=True))
    url = reverse("events:poll-vote", args=[event.slug, poll.pk])
    assert client.post(url, {"option": options[:2]}).status_code == 302
    assert set(
        Ballot.objects.get(poll=poll, member=member).options.values_list("pk", flat=True)
    ) == set(options[:2])
    again = client.post(url, {"option": options[:1]})
    assert again.status_code == 409
    assert "You have already voted in this poll." in again.content.decode()
    assert Ballot.objects.count() == 1


def test_voting_for_too_many_options_saves_nothing(client, member):
    event = EventFactory()
    poll = PollFactory(event=event, max_choices=1)
    Participation.objects.create(event=event, member=member)
    client.force_login(member)
    options = list(poll.options.values_list("pk", flat=True))
    response = client.post(
        reverse("events:poll-vote", args=[event.slug, poll.pk]), {"option": options}
    )
    assert response.status_code == 400
    assert "Choose at most 1 options." in response.content.decode()
    assert not Ballot.objects.exists()


def test_voting_on_a_closed_poll_is_refused(client, member):
    event = EventFactory()
    poll = PollFactory(event=event, closes_at=timezone.now() - timedelta(minutes=1))
    Participation.objects.create(event=event, member=member)
    client.force_login(member)
    option = poll.options.first().pk
    response = client.post(
        reverse("events:poll-vote", args=[event.slug, poll.pk]), {"option": [option]}
    )
    assert response.status_code == 409
    assert "This poll has closed: votes are no longer taken." in response.content.decode()
    assert not Ballot.objects.exists()


def test_voting_without_taking_part_is_refused(client, member):
    event = EventFactory()
    poll = PollFactory(event=event, participants_only=True)
    client.force_login(member)
    option = poll.options.first().pk
    response = client.post(
        reverse("events:poll-vote", args=[event.slug, poll.pk]), {"option": [option]}
    )
    assert response.status_code == 400
    assert "Only the event’s participants can vote in this poll." in response.content.decode()
    assert not Ballot.objects.exists()


def test_poll_results_show_after_close_or_to_organisers(client, member):
    event = EventFactory()
    poll = PollFactory(event=event, labels=["Business models", "FHIR"])
    voter = MemberFactory()
    Participation.objects.create(event=event, member=voter)
    ballot = Ballot.objects.create(poll=poll, member=voter)
    ballot.options.set(poll.options.filter(label_en="FHIR"))
    client.force_login(member)
    assert "1 vote (100%)" not in client.get(_detail(event)).content.decode()
    event.organisers.add(member)
    assert "1 vote (100%)" in client.get(_detail(event)).content.decode()
    event.organisers.remove(member)
    poll.closes_at = timezone.now() - timedelta(minutes=1)
    poll.save()
    assert "1 vote (100%)" in client.get(_detail(event)).content.decode()


def test_participant_evaluates_a_held_event_and_the_page_shows_average_and_count(client, member):
    event = _held()
    Participation.objects.create(event=event, member=member)
    Evaluation.objects.create(event=event, member=MemberFactory(), rating=4)
    client.force_login(member)
    url = reverse("events:event-evaluate", args=[event.slug])
    assert client.post(url, {"rating": "5", "comment": "Very useful"}).status_code == 302
    html = client.get(_detail(event)).content.decode()
    assert "Rated 4.5 out of 5 by 2 participants." in html
    assert "Very useful" not in html  # comments are for the organisers


def test_organisers_see_the_distribution_and_comments(client, member):
    event = _held()
    event.organisers.add(member)
    Evaluation.objects.create(
        event=event, member=MemberFactory(), rating=4, comment="More time for Q&A"
    )
    client.force_login(member)
    html = client.get(_detail(event)).content.decode()
    assert "4: 1 evaluation" in html
    assert "More time for Q&amp;A" in html


def test_evaluating_twice_keeps_the_comment_typed_and_saves_nothing(client, member):
    event = _held()
    Participation.objects.create(event=event, member=member)
    Evaluation.objects.create(event=event, member=member, rating=3)
    client.force_login(member)
    response = client.post(
        reverse("events:event-evaluate", args=[event.slug]),
        {"rating": "5", "comment": "Second try"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "You have already evaluated this event." in html
    assert "Second try" in html
    assert Evaluation.objects.get().rating == 3


def test_evaluating_without_a_rating_says_so(client, member):
    event = _held()
    Participation.objects.create(event=event, member=member)
    client.force_login(member)
    response = client.post(reverse("events:event-evaluate", args=[event.slug]), {"comment": "kept"})
    assert response.status_code == 400
    assert "Choose a rating from 1 to 5." in response.content.decode()
    assert not Evaluation.objects.exists()


def test_organiser_marks_attendance(client, member):
    event = _held()
    event.organisers.add(member)
    came, missed = MemberFactory(), MemberFactory()
    for person in (came, missed):
        Participation.objects.create(event=event, member=person)
    client.force_login(member)
    client.post(reverse("events:event-attendance", args=[event.slug]), {"attended": [came.pk]})
    assert Participation.objects.get(member=came).attended is True
    assert Participation.objects.get(member=missed).attended is False


def test_member_who_is_not_an_organiser_cannot_mark_attendance(client, member):
    event = _held()
    client.force_login(member)
    assert client.get(reverse("events:event-attendance", args=[event.slug])).status_code == 403


def test_event_page_shows_the_organisations_table_sessions_and_outcomes(client):
    event = EventFactory()
    org = OrganisationFactory(name="BlueSquare", based_in="BE", active_in=["CM", "TZ"],
                              website="https://bluesquare.org")  # fmt: skip
    OrganisationRole.objects.create(event=event, organisation=org, role="solution_provider")
    SessionFactory(
        event=event, title_en="Open source business models", speaker="A speaker", talk_minutes=15
    )
    Outcome.objects.create(
        event=event, objective_en="Get to know each other", outcome_en="Bilateral exchanges began"
    )
    html = client.get(_detail(event)).content.decode()
    assert "BlueSquare" in html and "Belgium" in html and "Cameroon, Tanzania" in html
    assert "https://bluesquare.org" in html
    assert "Talk by A speaker (15 min)" in html
    assert "Bilateral exchanges began" in html


@pytest.mark.parametrize("count", (3, 40))
def test_event_page_query_budget_is_the_same_for_3_and_40_sessions(
    client, member, count, django_assert_num_queries
):
    event = EventFactory()
    room = RoomFactory()
    for _ in range(count):
        session = SessionFactory(event=event)
        DocumentFactory(event=event, session=session)
        OrganisationRole.objects.create(
            event=event, organisation=OrganisationFactory(), role="participant"
        )
        # Each outcome cites a library item and a discussion topic, shown as cards.
        cited = (EvidenceItemFactory(), make_topic(room=room))
        Outcome.objects.create(
            event=event, objective_en="o", outcome_en="r",
            citations="\n".join(page.get_absolute_url() for page in cited),
        )  # fmt: skip
        Participation.objects.create(event=event, member=MemberFactory())
    PollFactory(event=event)
    PollFactory(event=event)
    client.force_login(member)
    client.get(_detail(event))  # caches the header count
    # The meeting notes included, and one query per citing app for the outcomes' cards.
    with django_assert_num_queries(22):
        response = client.get(_detail(event))
    assert response.status_code == 200
    assert response.content.decode().count('class="evidence-link-card') == 2 * count


@pytest.mark.parametrize("count", (2, 30))
def test_events_list_query_budget_is_the_same_at_two_sizes(
    client, member, count, django_assert_num_queries
):
    series = EventFactory(kind=Event.Kind.WORKSHOP_SERIES)
    for n in range(count):
        EventFactory(parent=series).tags.add(f"tag{n}")
        _held(parent=series)
    client.force_login(member)
    client.get(reverse("events"))  # caches the header count
    # The member's calendar address generation included (their personal feed link).
    with django_assert_num_queries(9):
        response = client.get(reverse("events"))
    assert response.status_code == 200


def test_document_download_follows_the_events_rule(client, member, tmp_path, settings):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    event = EventFactory(visibility=Event.Visibility.MEMBERS)
    document = DocumentFactory.build(event=event, link="", file_name="notes.txt")
    document.file.save("notes.txt", ContentFile(b"Notes of the call"), save=False)
    document.save()
    url = reverse("events:document-download", args=[document.pk])
    assert client.get(url).status_code == 302  # a visitor is asked to sign in
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Notes of the call"
    assert 'filename="notes.txt"' in response["Content-Disposition"]


def test_home_page_lists_the_next_readable_events(client):
    EventFactory(title_en="Webinar on claims")
    EventFactory(title_en="Members' call", visibility=Event.Visibility.MEMBERS)
    html = client.get("/en/").content.decode()
    assert "Next events" in html
    assert "Webinar on claims" in html
    assert "Members&#x27; call" not in html


def test_document_shows_its_type_and_size_before_download(client, tmp_path, settings):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    event = EventFactory()
    document = DocumentFactory.build(
        event=event, link="", title="Call notes", file_name="notes.txt"
    )
    document.file.save("notes.txt", ContentFile(b"x" * 2048), save=False)
    document.file_size = 2048
    document.save()
    html = client.get(_detail(event)).content.decode()
    assert "Call notes" in html
    assert "TXT" in html or "Text" in html
    assert "2.0\u00a0KB" in html


def test_multi_day_event_shows_both_dates_in_utc(client):
    start = datetime(2030, 6, 6, 8, 0, tzinfo=UTC)
    event = EventFactory(
        starts_at=start, ends_at=start + timedelta(days=2), time_zone="Africa/Douala"
    )
    html = client.get(_detail(event)).content.decode()
    assert '<time datetime="2030-06-08T08:00:00+00:00">June 8, 2030, 8 a.m.</time>' in html


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "What we decided"), ("fr", "Ce que nous avons décidé")]
)
def test_a_session_written_summary_shows_under_it_in_the_reader_language(
    client, language, expected
):
    event = EventFactory(slug="summarised")
    SessionFactory(
        event=event,
        title_en="Claims",
        summary_en="What we decided\non claims.",
        summary_fr="Ce que nous avons décidé\nsur les demandes.",
    )
    html = client.get(f"/{language}/events/summarised/").content.decode()
    assert expected in html
    assert "<h4>" in html and ("Summary" if language == "en" else "Résumé") in html
