"""The demo holds the community's records: the PartnerHack series with its three workshops,
the implementers' call, the Yaoundé meeting and upcoming events, in both languages, once."""

import pytest
from django.core.management import call_command

from events.models import Event, MeetingNote

pytestmark = pytest.mark.django_db


def test_demo_seeds_the_event_records_in_both_languages_once(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    count = Event.objects.count()
    series = Event.objects.get(slug="partnerhack-2020")
    assert series.children.count() == 3
    assert series.organisation_roles.filter(role="solution_provider").count() == 5
    assert series.evaluations.count() >= 5
    assert (
        Event.objects.filter(slug="implementers-call-2020-09-16").get().participations.count() == 5
    )
    assert Event.objects.exclude(title_fr="").count() == count
    call_command("seed_demo")
    assert Event.objects.count() == count
    html = client.get("/fr/events/partnerhack-2020/").content.decode()
    assert "PartnerHack 2020 des services de financement et d’assurance" in html
    assert "Fournisseur de solution" in html and "Madagascar" in html
    # The third outcome cites the library's report on the series and the privacy thread.
    assert "Prestataires de solutions de financement et d’assurance" in html
    assert "Sharing beneficiary lists with payment providers" in html
    html = client.get("/en/events/partnerhack-2020-3/").content.decode()
    assert "Data confidentiality and protection" in html
    assert "Remote meetings every six months" in html  # the closed poll's results
    upcoming = client.get("/en/events/").content.decode()
    assert "Webinar: paying campaign workers by mobile money" in upcoming


def test_demo_call_notes_hold_questions_answered_by_organisation_in_three_versions(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    note = MeetingNote.objects.get(event__slug="implementers-call-2020-09-16")
    versions = list(note.versions.order_by("number"))
    assert len(versions) == 3
    assert len({v.editor_id for v in versions}) == 2
    assert "Q1. What would a stronger community look like?" in note.body
    assert "<strong>AeHIN (regional hub)</strong>" in note.body_html
    assert "Q4. Whom should the community approach" not in versions[1].body


def test_demo_sessions_carry_a_written_summary_in_both_languages(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    html = client.get("/fr/events/partnerhack-2020-3/").content.decode()
    assert "Deux partenaires ont proposé de partager leurs analyses" in html
    html = client.get("/en/events/partnerhack-2020-3/").content.decode()
    assert "Two partners offered to share their data protection impact" in html
